"""The fast longturtle writer gives rdflib's text byte for byte, and leaves to rdflib what it cannot write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from benchmarks.userfile import records as user_records
from nas_kg import longturtle, resources
from nas_kg.namespaces import NAS, PREFIXES, WORK
from nas_kg.rdfio import canonical_turtle
from nas_kg.records import build_graph, parse_records
from nas_kg.terms import Vocabulary


def _rdflib(*graphs: Graph) -> str:
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for graph in graphs:
        for triple in graph:
            out.add(triple)
    return out.serialize(format="longturtle")


def _fast(graph: Graph) -> str | None:
    names = Graph()
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns, override=True)
    return longturtle.serialize(names, graph)


@pytest.mark.parametrize("path", resources.works_files(), ids=lambda p: p.name)
def test_bundled_works_written_as_rdflib_writes_them(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    assert _fast(graph) == _rdflib(graph)


def test_user_records_written_as_rdflib_writes_them(vocab: Vocabulary) -> None:
    source, records = parse_records(yaml.safe_dump(user_records(40, seed=5)), "records.yaml")
    built = build_graph(records, source, vocab)
    assert built.problems == []
    assert canonical_turtle(built.triples) == _rdflib(built.graph)


def test_union_of_graphs_is_written_once() -> None:
    first, second = (Graph().parse(p, format="turtle") for p in resources.works_files())
    assert canonical_turtle(first, second, first) == _rdflib(first, second)


def test_literals_of_every_kind() -> None:
    graph = Graph()
    s = WORK["literal-probe"]
    values = [
        Literal("plain"),
        Literal('quote " and \\ backslash'),
        Literal("two\nlines"),
        Literal("English", lang="en"),
        Literal(7),
        Literal("007", datatype=XSD.integer),
        Literal(2.5),
        Literal(True),
        Literal("1.50", datatype=XSD.decimal),
        Literal("custom", datatype=URIRef("https://example.org/dt")),
    ]
    for i, value in enumerate(values):
        graph.add((s, NAS[f"p{i}"], value))
    graph.add((s, RDF.type, RDFS.Class))
    graph.add((URIRef("https://example.org/other/x"), URIRef("https://example.org/vocab#p"), s))
    assert _fast(graph) == _rdflib(graph)


@pytest.mark.parametrize("case", ["blank-node", "list", "tie"])
def test_what_only_rdflib_writes_falls_back(case: str) -> None:
    graph = Graph()
    s = WORK["fallback-probe"]
    if case == "blank-node":
        graph.add((s, NAS.p, BNode()))
    elif case == "list":
        graph.add((s, NAS.p, RDF.nil))
    else:  # equal values, distinct terms: rdflib's order for them comes from its store
        graph.add((s, NAS.p, Literal("1", datatype=XSD.decimal)))
        graph.add((s, NAS.p, Literal(1)))
    assert _fast(graph) is None
    assert canonical_turtle(graph) == _rdflib(graph)
