"""Contract tests: every method of the Store protocol, run against every store.

The stores: the embedded Oxigraph store; an Oxigraph server written to with SPARQL Update only and with
the Graph Store Protocol; and Virtuoso 7 where it is installed (slow: it takes a minute to start). Each
test works in a named graph of its own. A remote store reads the named graph it is configured with; the
embedded one reads the merge of its graphs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from nas_kg.errors import UnsupportedError
from nas_kg.stores import QueryResult, Store, embedded
from nas_kg.stores.embedded import EmbeddedStore
from nas_kg.stores.remote import EndpointConfig, EndpointStore
from tests.endpoint_servers import graph_as_written, isomorphism_key

EX = "https://example.org/contract/"
#: Blank nodes in a list, in a nested class expression and as two distinct nodes with the same triples;
#: language tags, escapes and non-ASCII text; canonical typed literals.
PROBE = f"""
<{EX}s> <{EX}label> "plain" .
<{EX}s> <{EX}label> "chaîne \\"citée\\" \\\\ sur\\ndeux lignes"@fr .
<{EX}s> <{EX}count> "42"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{EX}s> <{EX}flag> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<{EX}s> <{EX}list> _:l1 .
_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <{EX}a> .
_:l1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:l2 .
_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "b" .
_:l2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
<{EX}C> <http://www.w3.org/2002/07/owl#equivalentClass> _:r .
_:r <http://www.w3.org/2002/07/owl#onProperty> <{EX}p> .
_:r <http://www.w3.org/2002/07/owl#someValuesFrom> _:u .
_:u <http://www.w3.org/2002/07/owl#unionOf> _:m1 .
_:m1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> <{EX}A> .
_:m1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
_:x <{EX}same> "twin" .
_:y <{EX}same> "twin" .
""".encode()
MORE = f'<{EX}s> <{EX}label> "added" .\n_:z <{EX}same> "added" .\n'.encode()
#: Literals a store may keep by value: the embedded store gives them back as written.
NON_CANONICAL = f"""
<{EX}t> <{EX}year> "2019"^^<http://www.w3.org/2001/XMLSchema#int> .
<{EX}t> <{EX}year> "02019"^^<http://www.w3.org/2001/XMLSchema#integer> .
<{EX}t> <{EX}flag> "1"^^<http://www.w3.org/2001/XMLSchema#boolean> .
<{EX}t> <{EX}ratio> "0.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .
""".encode()


def _relabelled(data: bytes) -> bytes:
    return data.replace(b"_:l1", b"_:other1").replace(b"_:x", b"_:q").replace(b"_:r", b"_:l1x")


@pytest.mark.parametrize(
    ("base", "other", "by_value", "same"),
    [
        (PROBE, _relabelled(PROBE), False, True),  # the same graph with other blank node labels
        (PROBE, PROBE + MORE, False, False),  # a ground and a blank triple more
        (PROBE, PROBE.replace(b"_:y <", b"_:x <"), False, False),  # two blank nodes become one
        (PROBE, PROBE.replace(b'"42"', b'"042"'), False, False),  # a literal written otherwise
        (PROBE, PROBE.replace(b'"42"', b'"042"'), True, True),  # ... with the same value
        (NON_CANONICAL, NON_CANONICAL.replace(b'"0.50"', b'"0.5"'), False, False),
        (NON_CANONICAL, NON_CANONICAL.replace(b'"0.50"', b'"0.5"'), True, True),
    ],
)
def test_isomorphism_key_is_equal_exactly_when_rdflib_compare_finds_isomorphism(
    base: bytes, other: bytes, by_value: bool, same: bool
) -> None:
    assert isomorphic(graph_as_written(base, by_value), graph_as_written(other, by_value)) is same
    assert (isomorphism_key(base, by_value) == isomorphism_key(other, by_value)) is same


#: The worker that runs test_differential_stores: one Virtuoso start (seconds) serves both.
pytestmark = pytest.mark.xdist_group("differential-stores")


@dataclass
class Subject:
    """A store under test, and how to make a fresh one that reads a given named graph."""

    kind: str
    make: Callable[[str], Store]
    remote: bool


KINDS = [
    "embedded",
    "oxigraph-update",
    "oxigraph-gsp",
    pytest.param("virtuoso", marks=pytest.mark.slow),
]


@pytest.fixture(params=KINDS)
def subject(request) -> Subject:
    kind = request.param
    if kind == "embedded":
        shared = EmbeddedStore()
        return Subject(kind, lambda graph: shared, remote=False)
    if kind == "virtuoso":
        base = request.getfixturevalue("virtuoso")
        return Subject(kind, lambda g: EndpointStore(EndpointConfig(f"{base}/sparql", graph=g, timeout=120)), True)
    base = request.getfixturevalue("oxigraph")
    store_url = f"{base}/store" if kind == "oxigraph-gsp" else None
    config = {"update_url": f"{base}/update", "store_url": store_url, "timeout": 60}
    return Subject(kind, lambda g: EndpointStore(EndpointConfig(f"{base}/query", graph=g, **config)), True)


@pytest.fixture
def graph() -> str:
    return f"{EX}graph/{uuid.uuid4()}"


def test_is_a_store(subject: Subject, graph: str) -> None:
    assert isinstance(subject.make(graph), Store)


def test_a_store_that_can_change_has_no_kept_state(subject: Subject, graph: str) -> None:
    """kept_state keys results by unchanging contents: a remote store, or a store written to, has none."""
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    assert store.kept_state is None


def test_a_load_of_unchanged_files_has_a_kept_state_until_written(tmp_path) -> None:
    from nas_kg.graph import graph_iri_for

    path = tmp_path / "probe.nt"
    path.write_bytes(PROBE)
    first, second = (EmbeddedStore.of_files([(path, graph_iri_for(path))]) for _ in range(2))
    assert first.kept_state is not None and first.kept_state == second.kept_state
    first.load(MORE, f"{EX}more")
    assert first.kept_state is None and second.kept_state is not None  # the write copied first's state
    path.write_bytes(PROBE + MORE)
    assert EmbeddedStore.of_files([(path, graph_iri_for(path))]).kept_state != second.kept_state
    # a second parse of the same files (the kept state was let go) has blank nodes of its own: another key
    path.write_bytes(PROBE)
    again = EmbeddedStore.of_files([(path, graph_iri_for(path))])
    embedded._LOADED.clear()
    assert EmbeddedStore.of_files([(path, graph_iri_for(path))]).kept_state != again.kept_state


def test_replace_graph_then_dump_graph_gives_the_same_graph(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    assert store.replace_graph(graph, PROBE) == len(graph_as_written(PROBE))
    assert isomorphic(graph_as_written(store.dump_graph(graph)), graph_as_written(PROBE))


def test_replace_graph_replaces(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    store.replace_graph(graph, MORE)
    assert isomorphic(graph_as_written(store.dump_graph(graph)), graph_as_written(MORE))


def test_load_adds_to_a_graph(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    store.load(MORE, graph)
    assert isomorphic(graph_as_written(store.dump_graph(graph)), graph_as_written(PROBE + MORE))


def test_dump_ntriples_gives_what_the_store_reads(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    assert isomorphic(graph_as_written(store.dump_ntriples()), graph_as_written(PROBE))


def test_graphs(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    assert graph in store.graphs()


def test_drop_graph(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    store.drop_graph(graph)
    assert len(graph_as_written(store.dump_graph(graph))) == 0
    if not subject.remote:
        assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(graph)})
        assert graph not in store.graphs()


def test_select_with_bound_values(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    query = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    result = store.select(query, {"s": URIRef(f"{EX}s"), "p": URIRef(f"{EX}label")})
    assert isinstance(result, QueryResult) and result.columns == ["o"]
    assert {str(row[0]) for row in result.rows} == {"plain", 'chaîne "citée" \\ sur\ndeux lignes'}
    assert {row[0].language for row in result.rows} == {None, "fr"}  # type: ignore[union-attr]


def test_select_raw_names_blank_nodes(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    rows = store.select_raw("SELECT ?s ?o WHERE { ?s ?p ?o }", {"p": URIRef(f"{EX}same")})
    assert len(rows) == 2
    assert all(isinstance(s, str) and s.startswith("_:") for s, _ in rows)
    assert len({s for s, _ in rows}) == 2
    assert {o for _, o in rows} == {Literal("twin")}


def test_ask(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    assert store.ask("ASK { ?s ?p ?o }", {"s": URIRef(f"{EX}s")}) is True
    assert store.ask("ASK { ?s ?p ?o }", {"s": URIRef(f"{EX}nothing")}) is False


def test_construct_returns_ntriples(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, PROBE)
    out = store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(f"{EX}C")})
    assert len(graph_as_written(out)) == 1


def test_literals_kept_by_value_at_least(subject: Subject, graph: str) -> None:
    store = subject.make(graph)
    store.replace_graph(graph, NON_CANONICAL)
    dumped = graph_as_written(store.dump_graph(graph))
    if subject.remote:
        # a server may keep these by value (Oxigraph does): nas-kg sent them as written (test_differential_stores)
        assert isomorphic(
            graph_as_written(store.dump_graph(graph), by_value=True),
            graph_as_written(NON_CANONICAL, by_value=True),
        )
        assert store.written_literals() == {}
    else:
        assert isomorphic(dumped, graph_as_written(NON_CANONICAL))  # exactly as written
        written = store.written_literals()
        assert written[(f"{EX}t", f"{EX}flag", Literal("true", datatype=URIRef(str(Literal(True).datatype))))] == [
            Literal("1", datatype=Literal(True).datatype, normalize=False)
        ]


def test_replace_the_default_graph(subject: Subject) -> None:
    if not subject.remote:
        with pytest.raises(UnsupportedError):
            subject.make("").replace_graph(None, PROBE)
        return
    if subject.kind == "virtuoso":
        pytest.skip("Virtuoso has no default graph of its own (it is the union of all graphs)")
    store = subject.make("")
    store = EndpointStore(EndpointConfig(**{**store.config.__dict__, "graph": None}))  # type: ignore[attr-defined]
    store.replace_graph(None, PROBE)
    assert isomorphic(graph_as_written(store.dump_ntriples()), graph_as_written(PROBE))


# ---------------------------------------------------------------------- the embedded store is an RDF merge
def test_embedded_queries_see_each_triple_once(kg) -> None:  # type: ignore[no-untyped-def]

    count = kg.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").records()[0]["n"]
    # the RDF merge of the bundled files, as Jena counts it (a union of named graphs counted some twice)
    merge = {(t.subject, t.predicate, t.object) for path in kg.files for t in ox.parse(path=str(path))}
    assert count == len(kg.ntriples().splitlines()) == len(merge)


def test_embedded_keeps_provenance_of_restated_triples() -> None:
    from nas_kg import load
    from tests.probe_files import PROBES

    kg = load([PROBES / "reasoning" / "duplicates-across-graphs.ttl"])
    label = "SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/nas-kg/work/amoebanet> ?p ?o } FILTER(isLiteral(?o)) }"
    graphs = {str(row[0]) for row in kg.select(label).rows}
    restated = [g for g in graphs if g.startswith("urn:nas-kg:restated:")]
    assert "https://w3id.org/nas-kg/graph/works/seed" in graphs and len(restated) == 1
    assert restated[0].endswith("duplicates-across-graphs.ttl")
    others = [r["other"] for r in kg.query("similar-methods", method="NASNet", k=100).records()]
    assert others.count("https://w3id.org/nas-kg/work/amoebanet") == 1
    store = kg.store
    assert isinstance(store, EmbeddedStore)
    probe = next(g for g in store.graphs() if g.endswith("duplicates-across-graphs.ttl"))
    assert len(graph_as_written(store.dump_graph(probe))) == 3  # the file's own triples, restated ones included
