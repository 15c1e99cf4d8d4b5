"""Binding values only in the groups that use them (issue 17) gives every canned query the rows that
binding them in every group gave, on an evidence-bearing graph beside the bundled works."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.generate import generate
from benchmarks.workload import QUERY_PARAMS, query_names
from nas_kg.graph import KnowledgeGraph
from nas_kg.queries import catalogue
from nas_kg.sparql import group_starts, values_block


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    path = tmp_path_factory.mktemp("bound") / "evidence.nt"
    return KnowledgeGraph.load([generate(60, path, seed=11, shape="evidence", second_share=0.3)])


def _every_group(query: str, bindings: dict) -> str:
    """The former way: the whole VALUES block at the start of every group."""
    block, out, last = values_block(bindings), [], 0
    for start in group_starts(query):
        out += [query[last:start], block]
        last = start
    return "".join([*out, query[last:]])


@pytest.mark.parametrize("name", [n for n in query_names() if any(p != "k" for p in QUERY_PARAMS[n])])
def test_same_rows_as_binding_in_every_group(kg: KnowledgeGraph, name: str) -> None:
    query = catalogue()[name]
    bindings = kg.bind(query, QUERY_PARAMS[name])
    new = kg.store.select(query.text, bindings)
    old = kg.store.select(_every_group(query.text, bindings))
    assert new.rows == old.rows or Counter(new.rows) == Counter(old.rows)
    assert new.columns == old.columns


def test_the_workload_names_methods_of_this_graph(kg: KnowledgeGraph) -> None:
    assert len(kg.query("method-claims", method="https://w3id.org/nas-kg/work/synthetic-0")) > 5
