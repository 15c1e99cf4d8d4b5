"""The bundled files are parsed once per process: later stores read that state, copied on their first write
(EmbeddedStore.of_files)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from nas_kg.graph import KnowledgeGraph, graph_iri_for
from nas_kg.stores.embedded import EmbeddedStore

LITERALS = (
    "@prefix ex: <https://example.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    'ex:a ex:n "07"^^xsd:integer .\n'
)


def test_a_second_load_equals_the_first_and_is_independent(tiny_ttl: Path) -> None:
    first, second = KnowledgeGraph.load(seed_only=True), KnowledgeGraph.load(seed_only=True)
    assert list(first.store.graphs()) == list(second.store.graphs())
    assert len(first.rdflib_graph()) == len(second.rdflib_graph())
    with_data = KnowledgeGraph.load([tiny_ttl], seed_only=True)
    assert graph_iri_for(tiny_ttl) in with_data.store.graphs()
    assert graph_iri_for(tiny_ttl) not in KnowledgeGraph.load(seed_only=True).store.graphs()


def test_written_forms_of_the_kept_state_are_copied(tmp_path: Path) -> None:
    path = tmp_path / "forms.ttl"
    path.write_text(LITERALS)
    graph = graph_iri_for(path)
    first = EmbeddedStore.of_files([(path, graph)])
    second = EmbeddedStore.of_files([(path, graph)])
    assert first.dump_graph(graph) == second.dump_graph(graph)
    assert b'"07"' in second.dump_graph(graph)  # as written, not Oxigraph's 7
    first.drop_graph(graph)
    assert b'"07"' in second.dump_graph(graph)
    assert b'"07"' in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)


def test_a_write_reaches_only_the_store_written_to(tmp_path: Path, tiny_ttl: Path) -> None:
    path = tmp_path / "forms.ttl"
    path.write_text(LITERALS)
    graph, extra = graph_iri_for(path), graph_iri_for(tiny_ttl)
    first, second = EmbeddedStore.of_files([(path, graph)]), EmbeddedStore.of_files([(path, graph)])
    first.load_file(tiny_ttl, extra)
    xsd_integer = b"<http://www.w3.org/2001/XMLSchema#integer>"
    first.load_bytes(b'<https://example.org/a> <https://example.org/n> "007"^^' + xsd_integer + b" .\n", graph)
    assert extra in first.graphs() and b'"007"' in first.dump_graph(graph)
    for other in (second, EmbeddedStore.of_files([(path, graph)])):
        assert list(other.graphs()) == [graph]
        assert len(other) == 1
        assert b'"007"' not in other.dump_graph(graph) and b'"07"' in other.dump_graph(graph)
    second.replace_graph(graph, b"<https://example.org/b> <https://example.org/n> <https://example.org/c> .\n")
    assert b"example.org/b" in second.dump_graph(graph)
    assert b"example.org/b" not in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "changing.ttl"
    path.write_text(LITERALS)
    graph = graph_iri_for(path)
    assert b"ex:b" not in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)
    path.write_text(LITERALS + "ex:b ex:n 1 .\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert b"https://example.org/b" in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)


def test_a_copied_store_equals_a_parse_of_the_files() -> None:
    """The reference for the cached state: each file parsed into a new store, in the same order."""
    from nas_kg import resources

    files = [*resources.ontology_files(), *resources.works_files()]
    parsed = EmbeddedStore()
    for path in files:
        parsed.load_file(path, graph_iri_for(path))
    KnowledgeGraph.load()  # the state is kept by now (the first load of the process keeps it)
    copied = KnowledgeGraph.load().store
    assert list(copied.graphs()) == list(parsed.graphs())
    for graph in parsed.graphs():  # blank node labels differ between two parses: compare the rest exactly
        copy, parse = copied.dump_graph(graph).splitlines(), parsed.dump_graph(graph).splitlines()
        assert len(copy) == len(parse), graph
        assert {line for line in copy if b"_:" not in line} == {line for line in parse if b"_:" not in line}, graph
    assert len(copied.written_literals()) == len(parsed.written_literals()) > 0


def test_tbox_graph_copies_equal_a_parse_of_the_ontology() -> None:

    from nas_kg import resources
    from nas_kg.rdfio import tbox_graph

    parsed = Graph()
    for path in resources.ontology_files():
        parsed.parse(path, format="turtle")
    first, second = tbox_graph(), tbox_graph()
    assert isomorphic(second, parsed)
    assert dict(second.namespaces()) == dict(parsed.namespaces())
    second.remove((None, None, None))
    assert len(tbox_graph()) == len(first) == len(parsed)  # a caller's change stays in its own graph


def test_the_axiom_graph_is_kept_per_ontology_and_added_terms(tiny_ttl: Path, tmp_path: Path) -> None:
    """axiom_graph: the ontology files plus the terms a graph adds; one graph per distinct set of axioms."""
    from rdflib import BNode

    from nas_kg.namespaces import NAS
    from nas_kg.rdfio import tbox_graph
    from nas_kg.reasoning.facts import axiom_graph

    def plain(kg: KnowledgeGraph) -> Graph:  # the definition, computed afresh (the same blank nodes: one parse)
        graph = tbox_graph()
        for triple in kg.tbox:
            if not isinstance(triple[2], BNode):
                graph.add(triple)
        return graph

    seed, again = KnowledgeGraph.load(seed_only=True), KnowledgeGraph.load(seed_only=True)
    assert axiom_graph(seed) is axiom_graph(again)
    tiny = KnowledgeGraph.load([tiny_ttl], seed_only=True)  # its source is a new individual
    assert set(axiom_graph(tiny)) == set(plain(tiny))
    assert set(axiom_graph(seed)) == set(plain(seed))
    path = tmp_path / "term.ttl"
    path.write_text(f"<{NAS.MyClass}> a <http://www.w3.org/2002/07/owl#Class> ; <{RDFS.label}> 'my class' .\n")
    extended = KnowledgeGraph.load([path], seed_only=True)
    assert axiom_graph(extended) is not axiom_graph(seed)
    assert set(axiom_graph(extended)) == set(plain(extended))
    assert (NAS.MyClass, RDFS.label, Literal("my class")) in axiom_graph(extended)
    assert (NAS.MyClass, RDFS.label, Literal("my class")) not in axiom_graph(seed)


#: The hand-written ontology files, and two works files the build writes (the others come from the same writer).
RDFLIB_READS = ["nas.ttl", "nas-ext.ttl", "nas-evidence.ttl", "seed.ttl", "code.ttl"]


@pytest.mark.parametrize("name", RDFLIB_READS)
def test_rdflib_reads_a_bundled_file_as_the_store_does(name: str) -> None:
    """rdflib, the tool most users have, parses the file into the triples Oxigraph keeps (literals as written)."""
    from nas_kg import resources
    from nas_kg.stores.embedded import to_rdflib

    (path,) = [p for p in [*resources.ontology_files(), *resources.works_files()] if p.name == name]
    store = EmbeddedStore()
    store.load_file(path, graph_iri_for(path))
    oxi = Graph()
    for t in ox.parse(store.dump_graph(graph_iri_for(path)), format=ox.RdfFormat.N_TRIPLES):
        oxi.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
    theirs = Graph().parse(path, format="turtle")
    assert len(theirs) == len(oxi) > 100
    assert isomorphic(theirs, oxi)


def test_the_shapes_are_kept_per_state_of_the_shapes_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate reads the shapes parsed and compiled once: equal to a fresh parse and compile, shared while the
    files stay as they are, and read again once a file changes."""
    from nas_kg import fastshacl, resources
    from nas_kg.shapes import kept_shapes, shapes_graph

    copies = []
    for path in resources.shapes_files():
        copies.append(tmp_path / path.name)
        copies[-1].write_bytes(path.read_bytes())
    monkeypatch.setattr(resources, "shapes_files", lambda: list(copies))
    first = kept_shapes()
    assert isomorphic(first.graph, shapes_graph())
    # blank node labels differ between two parses: the kept compile is that of the kept graph
    assert first.compiled == fastshacl.compile_shapes(first.graph) and first.unsupported is None
    assert len(first.compiled) == len(fastshacl.compile_shapes(shapes_graph())) > 5
    assert kept_shapes() is first  # the same files: nothing parsed again
    assert shapes_graph() is not shapes_graph()  # callers get a graph of their own
    copies[0].write_bytes(
        copies[0].read_bytes() + b"\n<urn:x:shape> a <http://www.w3.org/ns/shacl#NodeShape> ;"
        b" <http://www.w3.org/ns/shacl#targetNode> <urn:x:n> .\n"
    )
    changed = kept_shapes()
    assert changed is not first
    assert changed.compiled is None and changed.unsupported is not None and "targetNode" in changed.unsupported


def test_results_kept_by_the_kept_state_equal_a_fresh_computation(tiny_ttl: Path) -> None:
    """KnowledgeGraph.tbox_triples (and so tbox) and the fast classifier's schema check keep their answer by the
    store's kept_state: the same as computing it again, and computed afresh for a store written to."""
    from nas_kg.graph import _read
    from nas_kg.reasoning import scope

    kg = KnowledgeGraph.load(seed_only=True)
    assert kg.store.kept_state is not None
    KnowledgeGraph.load(seed_only=True).tbox  # noqa: B018 - kept by now
    fresh = Graph()
    for row in kg.store.select(_read("tbox")).rows:
        fresh.add(row)  # type: ignore[arg-type]
    assert set(kg.tbox) == set(fresh) == set(kg.tbox_triples) and len(fresh) > 1000
    assert KnowledgeGraph.load(seed_only=True).tbox is not kg.tbox  # each graph gets its own copy
    assert scope.schema_additions(kg) == scope._schema_additions(kg) == []
    with_data = KnowledgeGraph.load([tiny_ttl], seed_only=True)
    assert with_data.store.kept_state is None
    added = tiny_ttl.parent / "adds-a-class.ttl"
    added.write_text(
        "<https://example.org/Mine> <http://www.w3.org/2000/01/rdf-schema#subClassOf> "
        "<https://w3id.org/nas-kg/NASMethod> .\n",
        encoding="utf-8",
    )
    adds = KnowledgeGraph.load([added], seed_only=True)
    assert adds.store.kept_state is None
    assert len(scope.schema_additions(adds)) == 1
