"""Canonical serialisation: the same bytes on every run, conventional layout, and lossless in every format."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, compare
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from nas_kg import serialize
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS, ONTOLOGY_IRI
from nas_kg.rdfio import tbox_graph

FORMATS = sorted(serialize.FORMATS)
RDFLIB = {"turtle": "turtle", "nt": "nt", "xml": "xml", "json-ld": "json-ld"}
OXIGRAPH = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}
EX = "http://example.org/"


def tricky() -> Graph:
    """A graph with every kind of term the writers must escape or nest."""
    g = Graph()
    s = URIRef(EX + "s")
    p = URIRef(EX + "p")
    for text in ['a "quoted" \\ backslash', "two\nlines", "tab\tand\rreturn", "ünïcödé ✓", ""]:
        g.add((s, p, Literal(text)))
    g.add((s, p, Literal("en", lang="en-GB")))
    g.add((s, p, Literal("42", datatype=XSD.integer)))  # canonical lexical forms: rdflib normalises others
    g.add((s, p, Literal("-1.5", datatype=XSD.decimal)))
    g.add((s, p, Literal("true", datatype=XSD.boolean)))
    g.add((s, p, Literal("2026-01-01", datatype=XSD.date)))
    g.add((s, p, Literal("x", datatype=URIRef(EX + "dt"))))
    g.add((s, p, URIRef(EX + "with/slash")))
    g.add((s, p, URIRef(EX + "2starts-with-digit")))
    g.add((s, URIRef("http://other.example/ns#q"), URIRef(EX + "o")))
    shared = BNode()
    g.add((s, URIRef(EX + "r1"), shared))
    g.add((URIRef(EX + "t"), URIRef(EX + "r2"), shared))
    g.add((shared, RDFS.label, Literal("shared")))
    a, b = BNode(), BNode()  # a cycle of blank nodes
    g.add((a, URIRef(EX + "next"), b))
    g.add((b, URIRef(EX + "next"), a))
    g.add((a, RDFS.label, Literal("cycle")))
    head = BNode()
    Collection(g, head, [URIRef(EX + "x"), Literal("y"), BNode()])
    g.add((s, URIRef(EX + "list"), head))
    twin1, twin2 = BNode(), BNode()  # two blank nodes with the same content in the same place
    for twin in (twin1, twin2):
        g.add((s, URIRef(EX + "twin"), twin))
        g.add((twin, RDFS.label, Literal("twin")))
    return g


def reloaded(graph: Graph) -> Graph:
    """The same graph with fresh blank-node ids and another insertion order."""
    triples = list(graph.serialize(format="nt").splitlines())
    random.Random(len(triples)).shuffle(triples)
    return Graph().parse(data="\n".join(triples), format="nt")


GRAPHS = {"tbox": tbox_graph, "tricky": tricky}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_same_bytes_for_the_same_graph(fmt: str, name: str) -> None:
    graph = GRAPHS[name]()
    assert serialize.serialize(graph, fmt) == serialize.serialize(reloaded(graph), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_rdflib_reads_back_the_same_graph(fmt: str, name: str) -> None:
    graph = GRAPHS[name]()
    back = Graph().parse(data=serialize.serialize(graph, fmt), format=RDFLIB[fmt])
    assert len(back) == len(graph)
    # the canonical N-Triples of a graph are its content (rdflib.compare misjudges the blank-node twins here)
    assert serialize.ntriples(back) == serialize.ntriples(graph)
    if name == "tbox":
        assert compare.isomorphic(graph, back)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_oxigraph_reads_back_the_same_triples(fmt: str, name: str) -> None:
    graph = GRAPHS[name]()
    back = list(ox.parse(serialize.serialize(graph, fmt), format=OXIGRAPH[fmt]))
    assert len(set(back)) == len(graph)


@pytest.mark.parametrize("fmt", FORMATS)
def test_serialising_the_output_again_changes_nothing(fmt: str) -> None:
    first = serialize.serialize(tricky(), fmt)
    assert serialize.serialize(Graph().parse(data=first, format=RDFLIB[fmt]), fmt) == first


def test_turtle_has_prefix_lines_then_the_ontology_header() -> None:
    text = serialize.turtle(tbox_graph()).decode("utf-8")
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix ")]
    assert lines[: len(prefixes)] == prefixes
    assert not any(line.startswith("PREFIX") for line in lines)
    assert lines[len(prefixes) + 1] == "nas:"
    assert lines[len(prefixes) + 2] == "    a owl:Ontology ;"


def test_turtle_writes_lists_and_restrictions_inline() -> None:
    text = serialize.turtle(tbox_graph()).decode("utf-8")
    assert "owl:intersectionOf (" in text
    assert "_:" not in text  # every blank node of the ontology is a tree


def test_turtle_declares_only_the_prefixes_it_uses() -> None:
    g = Graph()
    g.add((NAS.x, RDF.type, OWL.Class))
    text = serialize.turtle(g).decode("utf-8")
    assert text.startswith("@prefix nas: <https://w3id.org/nas-kg/> .\n@prefix owl: ")
    assert "rdfs:" not in text


def test_subjects_are_sorted_after_the_header() -> None:
    g = Graph()
    for name in ("b", "a", "c"):
        g.add((NAS[name], RDFS.label, Literal(name)))
    g.add((ONTOLOGY_IRI, RDF.type, OWL.Ontology))
    text = serialize.turtle(g).decode("utf-8")
    order = [line for line in text.splitlines() if line and not line.startswith((" ", "@", "."))]
    assert order == ["nas:", "nas:a", "nas:b", "nas:c"]


@pytest.mark.parametrize(
    ("lexical", "datatype", "written"),
    [
        ("007", XSD.integer, "007"),
        ("-1.50", XSD.decimal, "-1.50"),
        ("1e3", XSD.double, "1e3"),
        ("1.", XSD.decimal, '"1."^^xsd:decimal'),
        ("NaN", XSD.double, '"NaN"^^xsd:double'),
        ("yes", XSD.boolean, '"yes"^^xsd:boolean'),
    ],
)
def test_turtle_keeps_lexical_forms(lexical: str, datatype: URIRef, written: str) -> None:
    triple = ox.Triple(
        ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    )
    text = serialize.turtle([triple]).decode("utf-8")
    assert f"<http://example.org/p> {written} ;" in text
    assert [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)] == [triple]


def test_ntriples_lines_are_sorted_and_labels_depend_on_content() -> None:
    text = serialize.ntriples(tricky()).decode("utf-8")
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert text == serialize.ntriples(reloaded(tricky())).decode("utf-8")


def test_rdf_xml_names_an_unknown_namespace_deterministically() -> None:
    text = serialize.rdf_xml(tricky()).decode("utf-8")
    assert 'xmlns:ns1="http://example.org/"' in text
    assert 'xmlns:ns2="http://other.example/ns#"' in text


def test_rdf_xml_refuses_a_predicate_it_cannot_name() -> None:
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "p/"), Literal("x")))
    with pytest.raises(ValueError, match="RDF/XML cannot write"):
        serialize.rdf_xml(g)


def test_rdf_xml_refuses_a_character_xml_cannot_hold() -> None:
    g = Graph()
    g.add((URIRef(EX + "s"), URIRef(EX + "p"), Literal("bell\x07")))
    with pytest.raises(ValueError, match="U\\+0007"):
        serialize.rdf_xml(g)
    assert "\\u0007" in serialize.ntriples(g).decode("utf-8")


def test_json_ld_has_a_prefix_context() -> None:
    import json

    body = json.loads(serialize.json_ld(tbox_graph()))
    assert body["@context"]["owl"] == str(OWL)
    assert body["@graph"][0]["@id"] == "nas:"


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        "",
        {"b": ["x", {"@id": 'é \n " \\ \u2028 \x07'}], "a": {}, "@c": []},
        [[], [["a"], {"k": "v"}], {"z": {"y": ["x"]}}],
        {"@graph": [{"@id": "nas:x", "@type": ["owl:Class"]}], "@context": {"nas": "https://w3id.org/nas-kg/"}},
        ["scalars json_ld never builds", 1, 1.5, True, None],
    ],
    ids=["empty-dict", "empty-list", "empty-string", "escapes", "nesting", "document", "scalars"],
)
def test_json_ld_text_is_what_json_dumps_writes(value: object) -> None:
    import json

    from nas_kg.canonical_xml import _json_text

    assert _json_text(value) == json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)


@pytest.mark.parametrize("enabled", [True, False], ids=["running", "paused-by-the-caller"])
def test_writers_leave_the_garbage_collector_as_they_found_it(enabled: bool) -> None:
    import gc

    bad = Graph()
    bad.add((URIRef(EX + "s"), URIRef(EX + "p/"), Literal("x")))  # RDF/XML cannot name the predicate
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        serialize.turtle(tricky())
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError, match="RDF/XML cannot write"):
            serialize.rdf_xml(bad)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_trig_and_nquads_keep_graphs_apart() -> None:
    from rdflib import Dataset

    graphs = {EX + "g1": tricky(), EX + "g2": tricky()}
    data = Dataset()
    data.parse(data=serialize.trig(graphs), format="trig")
    assert len(data.graph(URIRef(EX + "g1"))) == len(tricky())
    quads = set(ox.parse(serialize.nquads(graphs), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 2 * len(tricky())


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_exports_give_the_same_bytes(runner, fmt: str) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(main, ["export", "--format", fmt, "--seed-only"])
    second = runner.invoke(main, ["export", "--format", fmt, "--seed-only"])
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes


def test_whole_graph_round_trips(kg: KnowledgeGraph) -> None:
    from nas_kg.imports import drop_contained_imports

    back = set(ox.parse(kg.serialize("turtle"), format=ox.RdfFormat.TURTLE))
    assert len(back) == len(drop_contained_imports(kg.ntriples()))  # the export leaves out self-imports
