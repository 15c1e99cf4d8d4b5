"""The bundled files are parsed once per process: later stores start as copies (EmbeddedStore.of_files)."""

from __future__ import annotations

import os
from pathlib import Path

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


def test_a_changed_file_is_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "changing.ttl"
    path.write_text(LITERALS)
    graph = graph_iri_for(path)
    assert b"ex:b" not in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)
    path.write_text(LITERALS + "ex:b ex:n 1 .\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert b"https://example.org/b" in EmbeddedStore.of_files([(path, graph)]).dump_graph(graph)
