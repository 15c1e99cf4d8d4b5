"""Differential suite: the embedded store against remote stores, in both push modes, and pull.

Two graphs are pushed to an Oxigraph server with SPARQL Update only and with the Graph Store Protocol,
and to Virtuoso 7 where it is installed: the bundled graph plus a user's file with blank nodes and
triples the bundled works repeat (tests/probes/stores/user-data.ttl), and the seed works plus literals
in forms a store may keep by value (literal-forms.ttl). Then:
- what push sends is the export, exactly (blank nodes, literals' lexical forms and datatypes);
- reason, methods --category, qc, report, the seed tables, similar and gaps read from each server give
  the embedded answers (once per server: both push modes fill the one Oxigraph server, and pull proves
  both graphs hold the export);
- pull gives back the export (up to the literals a server keeps by value: Oxigraph stores
  "0"^^xsd:nonNegativeInteger as an xsd:integer and "2019"^^xsd:int as the integer 2019, which nas-kg
  cannot prevent; Virtuoso keeps them);
- the endpoint holds the RDF merge: each triple once, as the export.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import nas_kg
from nas_kg.analysis import gaps, seed_table, similar
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.publish.qc import PROFILE_CHECK, bundled_checks
from nas_kg.reasoning import ReasoningResult, reason
from tests.endpoint_servers import forward, http_server, isomorphism_key
from tests.probe_files import PROBES

pytestmark = [
    pytest.mark.slow,  # starts servers and pushes the whole graph several times
    pytest.mark.xdist_group("differential-stores"),  # one worker starts the servers and pushes
]
USER_DATA = PROBES / "stores" / "user-data.ttl"
LITERAL_FORMS = PROBES / "stores" / "literal-forms.ttl"
MODES = ["update", "gsp", pytest.param("virtuoso", marks=pytest.mark.slow)]
_NT_LINE = re.compile(rb"^(?:<[^>]*>|_:\S+) <[^>]*> .+ \.$")
#: Blank node labels differ between stores: Oxigraph's 32 hex digits, Virtuoso's nodeID://b123.
_BLANK_LABEL = re.compile(r"\b(?:[0-9a-f]{16,32}|nodeID://b[0-9]+)\b")


@pytest.fixture(scope="module")
def local() -> KnowledgeGraph:
    return nas_kg.load([USER_DATA])


@pytest.fixture(scope="module")
def forms_local() -> KnowledgeGraph:
    return nas_kg.load([LITERAL_FORMS], seed_only=True)


@pytest.fixture(scope="module")
def forms_export(forms_local: KnowledgeGraph) -> bytes:
    return forms_local.serialize("nt")


class Pushed:
    """A push through a recording proxy: what was sent, and where it went."""

    def __init__(self, request: pytest.FixtureRequest, mode: str, name: str, data: list[str]) -> None:
        self.mode = mode
        self.graph = f"https://w3id.org/nas-kg/graph/differential-{name}-{mode}"
        if mode == "virtuoso":
            base = request.getfixturevalue("virtuoso")
            self.query, update, store = f"{base}/sparql", None, None
        else:
            base = request.getfixturevalue("oxigraph")
            self.query, update = f"{base}/query", f"{base}/update"
            store = f"{base}/store" if mode == "gsp" else None
        self.sent: list[bytes] = []

        def record(handler, body):  # type: ignore[no-untyped-def]
            if handler.command in ("POST", "PUT") and body:
                self.sent.append(body)
            forward(handler, body, base)

        with http_server(record) as proxy:
            args = ["push", "--endpoint", self.query.replace(base, proxy), "--graph", self.graph, "--timeout", "300"]
            if update:
                args += ["--update-endpoint", update.replace(base, proxy)]
            if store:
                args += ["--store-endpoint", store.replace(base, proxy)]
            result = CliRunner().invoke(main, [*args, *data])
        assert result.exit_code == 0, result.output
        self.args = ["--endpoint", self.query, "--graph", self.graph, "--timeout", "300"]
        self.kg = KnowledgeGraph.load(endpoint=self.query, graph=self.graph, timeout=300)

    def sent_triples(self) -> bytes:
        """The N-Triples lines of every data request (a Graph Store PUT, or the updates' triples)."""
        lines = [line for body in self.sent for line in body.splitlines() if _NT_LINE.match(line)]
        return b"\n".join(lines) + b"\n"


@pytest.fixture(scope="module")
def pushes() -> dict[str, Pushed]:
    """The pushes of the bundled graph and the user's file made so far, by mode (each mode pushes once)."""
    return {}


def _push(request: pytest.FixtureRequest, pushes: dict[str, Pushed]) -> Pushed:
    if request.param not in pushes:
        pushes[request.param] = Pushed(request, request.param, "user-data", ["--data", str(USER_DATA)])
    return pushes[request.param]


@pytest.fixture(scope="module", params=MODES)
def pushed(request: pytest.FixtureRequest, pushes: dict[str, Pushed]) -> Pushed:
    """The bundled graph and the user's file, pushed."""
    return _push(request, pushes)


#: The reads compare answers on each server once: the Graph Store push fills the same Oxigraph server as the
#: update push, and test_pull_gives_back_the_export proves both graphs hold the export, so every read of the
#: two gives the same answer.
READ_MODES = ["update", pytest.param("virtuoso", marks=pytest.mark.slow)]


@pytest.fixture(scope="module", params=READ_MODES)
def stored(request: pytest.FixtureRequest, pushes: dict[str, Pushed]) -> Pushed:
    """The bundled graph and the user's file, pushed, on each server."""
    return _push(request, pushes)


@pytest.fixture(scope="module", params=MODES)
def forms(request) -> Pushed:
    """The seed works and the literal forms, pushed."""
    return Pushed(request, request.param, "literal-forms", ["--seed-only", "--data", str(LITERAL_FORMS)])


@pytest.fixture(scope="module")
def local_hashes(local: KnowledgeGraph) -> dict[str, object]:
    """The local graph as written and as a store that keeps literals by value holds its export, each keyed
    once (endpoint_servers.isomorphism_key: equal keys exactly when rdflib.compare finds them isomorphic)."""
    return {
        "written": isomorphism_key(local.ntriples()),
        "export by value": isomorphism_key(local.serialize("nt"), by_value=True),
    }


def test_push_sends_the_export_exactly(pushed: Pushed, local_hashes: dict[str, object]) -> None:
    # the whole graph, owl:imports included (export and pull leave out those of ontologies it holds)
    assert isomorphism_key(pushed.sent_triples()) == local_hashes["written"]


@pytest.fixture(scope="module")
def forms_graph(forms_local: KnowledgeGraph) -> bytes:
    return forms_local.ntriples()


def test_push_sends_literals_as_written(forms: Pushed, forms_graph: bytes) -> None:
    sent = forms.sent_triples().decode("utf-8")
    for written in ('"2019"^^<http://www.w3.org/2001/XMLSchema#int>', '"1"^^<', '"2.50"^^<', '"007"^^<'):
        assert written in sent
    assert isomorphism_key(sent.encode("utf-8")) == isomorphism_key(forms_graph)


def _pulled(source: Pushed, folder: Path) -> bytes:
    out = folder / "pulled.nt"
    result = CliRunner().invoke(main, ["pull", *source.args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_pull_gives_back_the_export(pushed: Pushed, local_hashes: dict[str, object], tmp_path: Path) -> None:
    assert isomorphism_key(_pulled(pushed, tmp_path), by_value=True) == local_hashes["export by value"]


def test_pull_gives_back_the_literals_by_value(forms: Pushed, forms_export: bytes, tmp_path: Path) -> None:
    assert isomorphism_key(_pulled(forms, tmp_path), by_value=True) == isomorphism_key(forms_export, by_value=True)


def test_endpoint_holds_each_triple_once(pushed: Pushed, local: KnowledgeGraph) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert pushed.kg.select(count).records() == local.select(count).records()
    assert local.select(count).records()[0]["n"] == len(local.ntriples().splitlines())


def _memberships(result) -> set[tuple[str, str]]:
    return {(str(m), str(c)) for m, cats in result.categories.items() for c in cats}


@pytest.fixture(scope="module")
def local_reasoned(local: KnowledgeGraph) -> ReasoningResult:
    """The embedded answer every store's is compared with, reasoned once."""
    return reason(local, "owlrl")


def test_reason_is_the_same(stored: Pushed, local_reasoned: ReasoningResult) -> None:
    remote, embedded = reason(stored.kg, "owlrl"), local_reasoned
    assert _memberships(remote) == _memberships(embedded)
    assert (remote.reasoner, remote.notes) == (embedded.reasoner, embedded.notes)
    assert len(_memberships(embedded)) > 300


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return _BLANK_LABEL.sub("_:b", result.stdout)


class LocalCli(dict):
    """The embedded answer of a command over the bundled graph and the user's file, run once per command
    (the same for every store it is compared with)."""

    def __missing__(self, args: tuple[str, ...]) -> str:
        self[args] = _cli(*args, "--data", str(USER_DATA))
        return self[args]


@pytest.fixture(scope="module")
def local_cli() -> LocalCli:
    return LocalCli()


@pytest.mark.parametrize("category", ["Automatic NAS method", "One-shot NAS method"])
def test_methods_of_category_is_the_same(stored: Pushed, local_cli: LocalCli, category: str) -> None:
    args = ("methods", "--category", category, "--format", "csv")
    assert _cli(*args, *stored.args) == local_cli[args]


#: Every qc check but the OWL 2 DL profile: the checks that are SPARQL queries the store answers.
STORE_CHECKS = tuple(arg for check in bundled_checks() if check.id != PROFILE_CHECK for arg in ("--check", check.id))


def test_qc_is_the_same(stored: Pushed, local_cli: LocalCli) -> None:
    # The profile check is no query: it hands the store's dump (which test_pull_gives_back_the_export holds to
    # the export, by value) to the OWL API, the same code for every store. It runs here on the Oxigraph server;
    # on Virtuoso the checks the store answers itself are compared (the OWL API on one more copy of the graph
    # took 2-3 s of JVM).
    args = ("qc", "--format", "csv", *(STORE_CHECKS if stored.mode == "virtuoso" else ()))
    assert _cli(*args, *stored.args) == local_cli[args]


def test_report_is_the_same(stored: Pushed, local_cli: LocalCli) -> None:
    assert _cli("report", *stored.args) == local_cli[("report",)]


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_seed_tables_are_the_same(stored: Pushed, local: KnowledgeGraph, which: str) -> None:
    assert seed_table(stored.kg, which).rows == seed_table(local, which).rows


def test_similar_and_gaps_are_the_same(stored: Pushed, local: KnowledgeGraph) -> None:
    assert [n.method.iri for n in similar(stored.kg, "NASNet", k=5)] == [
        n.method.iri for n in similar(local, "NASNet", k=5)
    ]
    assert gaps(stored.kg, "search_space", "search_algorithm") == gaps(local, "search_space", "search_algorithm")


def test_similar_methods_lists_each_method_once(stored: Pushed, local: KnowledgeGraph) -> None:
    for kg in (local, stored.kg):
        others = [r["other"] for r in kg.query("similar-methods", method="NASNet", k=100).records()]
        assert len(others) == len(set(others))
        assert "https://w3id.org/nas-kg/work/amoebanet" in others
