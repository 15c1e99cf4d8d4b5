"""Opt-in: the same answers from Virtuoso 7 (Debian's virtuoso-opensource); skipped where it is not installed."""

from __future__ import annotations

import pytest

from nas_kg.analysis import gaps, seed_table, similar
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from tests.virtuoso_server import available

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="virtuoso-opensource is not installed"),
    # the worker that runs test_differential_stores and test_store_contract: one Virtuoso start serves all three
    pytest.mark.xdist_group("differential-stores"),
]
GRAPH = "https://w3id.org/nas-kg/graph/virtuoso-test"


@pytest.fixture(scope="module")
def remote(virtuoso):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["push", "--endpoint", f"{virtuoso}/sparql", "--graph", GRAPH])
    assert result.exit_code == 0, result.output
    return KnowledgeGraph.load(endpoint=f"{virtuoso}/sparql", graph=GRAPH, timeout=120)


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_tables(remote, kg, which):
    assert seed_table(remote, which).rows == seed_table(kg, which).rows


def test_similar_and_gaps(remote, kg):
    assert [n.method.iri for n in similar(remote, "NASNet", k=5)] == [n.method.iri for n in similar(kg, "NASNet", k=5)]
    assert gaps(remote, "search_space", "search_algorithm") == gaps(kg, "search_space", "search_algorithm")
