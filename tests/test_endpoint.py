"""The same graph and queries on a real SPARQL endpoint (a local Oxigraph server), and every failure mode."""

from __future__ import annotations

import base64
import functools
import json
import time
from pathlib import Path

import pytest

import nas_kg
from nas_kg.analysis import coverage, gaps, methods_of_category, seed_table, similar
from nas_kg.cli import main
from nas_kg.errors import EndpointError
from nas_kg.graph import KnowledgeGraph
from nas_kg.queries import catalogue
from nas_kg.stores.remote import EndpointConfig, EndpointStore
from nas_kg.validation import validate
from tests.endpoint_servers import cut, forward, free_port, http_server, oxigraph_binary, reply
from tests.test_queries import SAMPLE_PARAMS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed"),
    pytest.mark.xdist_group("endpoint"),  # one worker starts the server and pushes the graph
]
GRAPH = "https://w3id.org/nas-kg/graph/published"


def push_args(base: str, graph: str = GRAPH, *extra: str) -> list[str]:
    return ["push", "--endpoint", f"{base}/query", "--update-endpoint", f"{base}/update", "--graph", graph, *extra]


@pytest.fixture(scope="module")
def remote(oxigraph) -> KnowledgeGraph:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, push_args(oxigraph, GRAPH, "--store-endpoint", f"{oxigraph}/store"))
    assert result.exit_code == 0, result.output
    return KnowledgeGraph.load(endpoint=f"{oxigraph}/query", graph=GRAPH)


@functools.cache
def bundled() -> KnowledgeGraph:
    """The bundled graph, embedded, loaded once per worker (test_serve compares with it too)."""
    return nas_kg.load()


@pytest.fixture(scope="module")
def local() -> KnowledgeGraph:
    return bundled()


def _rows(result):
    """Rows as comparable strings; blank nodes differ between stores, so they compare as '_:b'."""
    from rdflib import BNode

    out = []
    for row in result.rows:
        cells = ["_:b" if isinstance(t, BNode) else (t.n3() if t is not None else "") for t in row]
        out.append(json.dumps(dict(zip(result.columns, cells, strict=True)), sort_keys=True))
    return sorted(out)


def sample_params(name: str) -> dict[str, str]:
    return {p.name: SAMPLE_PARAMS[p.name] for p in catalogue()[name].params}


@functools.cache
def embedded_rows(name: str) -> list[str]:
    """The embedded store's answer to a canned query with its sample parameters, once per worker: each
    endpoint is compared with it (here and in test_serve, which runs on the same worker)."""
    return _rows(bundled().query(name, **sample_params(name)))


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_canned_query_answers_the_same(remote, name):
    assert _rows(remote.query(name, **sample_params(name))) == embedded_rows(name)


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_tables_are_the_same(local, remote, which):
    assert seed_table(remote, which).rows == seed_table(local, which).rows


@pytest.mark.parametrize("method", ["NASNet", "DARTS", "HD-CNN"])
def test_similar_is_the_same(local, remote, method):
    assert similar(remote, method, k=5) == similar(local, method, k=5)


@pytest.mark.parametrize(
    "facets",
    [
        ("search_space", "search_algorithm"),
        ("cost", "baseline_architecture"),
        ("search_space", "baseline_architecture", "search_algorithm"),
    ],
)
def test_gaps_are_the_same(local, remote, facets):
    assert gaps(remote, *facets) == gaps(local, *facets)


def test_coverage_is_the_same(local, remote):
    assert coverage(remote) == coverage(local)


@pytest.mark.parametrize("category", ["Differentiable NAS method", "One-shot NAS method", "Manual NAS method"])
def test_methods_of_category_are_the_same(local, remote, category):
    assert methods_of_category(remote, category) == methods_of_category(local, category)


def test_validate_is_the_same(local, remote):
    a, b = validate(remote), validate(local)
    assert (a.conforms, a.results) == (b.conforms, b.results)


def test_cli_reads_the_endpoint(runner, oxigraph, remote):
    result = runner.invoke(
        main, ["table", "automatic", "--format", "csv", "--endpoint", f"{oxigraph}/query", "--graph", GRAPH]
    )
    assert result.exit_code == 0
    assert "NASNet" in result.stdout


def test_pull_writes_the_graph_atomically(runner, oxigraph, remote, tmp_path):
    out = tmp_path / "pulled.ttl"
    result = runner.invoke(main, ["pull", "--endpoint", f"{oxigraph}/query", "--graph", GRAPH, "-o", str(out)])
    assert result.exit_code == 0, result.output
    kg = nas_kg.load([out], bundled_works=False)
    assert len(kg.method_index) == len(bundled().method_index)


def test_push_inferred_publishes_categories(runner, oxigraph):
    graph = "https://w3id.org/nas-kg/graph/inferred-test"
    assert runner.invoke(main, push_args(oxigraph, graph, "--inferred", "--seed-only")).exit_code == 0
    kg = KnowledgeGraph.load(endpoint=f"{oxigraph}/query", graph=graph)
    refs = sorted(r["ref"] for r in kg.query("methods-of-category", category="Differentiable NAS method").records())
    assert refs == [5, 13, 14, 16, 17]


def test_push_replaces_the_graph(runner, oxigraph):
    graph = "https://w3id.org/nas-kg/graph/replace-test"
    assert runner.invoke(main, push_args(oxigraph, graph)).exit_code == 0
    assert runner.invoke(main, push_args(oxigraph, graph, "--seed-only")).exit_code == 0
    kg = KnowledgeGraph.load(endpoint=f"{oxigraph}/query", graph=graph)
    assert len(kg.method_index) == 15


def _count(base: str, graph: str) -> int:
    return EndpointStore(EndpointConfig(f"{base}/query")).count(graph)


@pytest.mark.parametrize("mode", ["one-request", "update-in-parts", "gsp-in-parts"])
def test_interrupted_push_leaves_the_old_graph_complete(runner, oxigraph, mode, monkeypatch):
    """The connection dies during the upload: in the one replacing request, or (where the server refuses
    a request that large, as Virtuoso does) in the third INSERT DATA part or in the Graph Store PUT."""
    # every retry is still made and cut; only the pauses between them (1.5 s a test) are left out, as this
    # test is about what the failed push leaves behind (test_transient_errors_are_retried covers backoff)
    monkeypatch.setattr(EndpointStore, "_pause", lambda self, attempt: None)
    graph = f"https://w3id.org/nas-kg/graph/interrupt-{mode}"
    assert runner.invoke(main, push_args(oxigraph, graph, "--seed-only")).exit_code == 0
    before = _count(oxigraph, graph)
    parts = {"n": 0}

    def flaky(handler, body):
        if handler.command == "PUT" or len(body) > 200_000:
            if mode == "one-request" or handler.command == "PUT":
                cut(handler)  # the connection dies half-way through the upload
            else:
                reply(handler, 413, b"request too large", "text/plain")
            return
        if handler.command == "POST" and b"INSERT" in body:
            parts["n"] += 1
            if parts["n"] >= 3:
                cut(handler)
                return
        forward(handler, body, oxigraph)

    with http_server(flaky) as proxy:
        args = push_args(proxy, graph) + ["--timeout", "30"]
        if mode == "gsp-in-parts":
            args += ["--store-endpoint", f"{proxy}/store"]
        result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert proxy in result.stderr
    assert _count(oxigraph, graph) == before
    kg = KnowledgeGraph.load(endpoint=f"{oxigraph}/query", graph=graph)
    assert len(kg.method_index) == 15
    assert [r["ref"] for r in seed_table(kg, "manual").rows] == ["6", "7", "8", "9", "10", "12", "11"]
    graphs = EndpointStore(EndpointConfig(f"{oxigraph}/query")).select("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")
    assert not [g for (g,) in graphs.rows if str(g).startswith("urn:nas-kg:upload:")]  # the temporary graph is gone


def _fails(runner, endpoint: str, *extra: str):
    result = runner.invoke(main, ["table", "manual", "--endpoint", endpoint, "--timeout", "1", *extra])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr


@pytest.fixture
def no_pause(monkeypatch):
    """Retry at once: these tests are about the message after the retries (test_transient_errors_are_retried
    covers the backoff), and the pauses, which --timeout 1 cuts short, were a second of waiting each."""
    monkeypatch.setattr(EndpointStore, "_pause", lambda self, attempt: None)


def test_endpoint_down(runner, no_pause):
    message = _fails(runner, f"http://127.0.0.1:{free_port()}/query")
    assert "cannot connect (Connection refused)" in message


def test_dns_failure(runner):
    assert "cannot resolve host" in _fails(runner, "http://nas-kg-test.invalid/query")


def test_timeout(runner):
    def slow(handler, body):
        time.sleep(3)
        reply(handler, 200, b"{}")

    with http_server(slow) as base:
        assert "timed out after 0.3 s" in _fails(runner, f"{base}/query", "--timeout", "0.3")


@pytest.mark.parametrize(("status", "needle"), [(500, "HTTP 500"), (404, "HTTP 404"), (503, "HTTP 503")])
def test_http_errors(runner, no_pause, status, needle):
    with http_server(lambda h, b: reply(h, status, b"boom\n", "text/plain")) as base:
        message = _fails(runner, f"{base}/query")
    assert base in message and needle in message


@pytest.mark.parametrize("body", [b"not json at all", b'{"head": {}}', b'{"head": {"vars": ["x"]}, "results": 3}'])
def test_malformed_results(runner, body):
    with http_server(lambda h, b: reply(h, 200, body)) as base:
        assert "returned malformed results" in _fails(runner, f"{base}/query")


def test_authentication_refused(runner):
    with http_server(lambda h, b: reply(h, 401, b"no", "text/plain")) as base:
        assert "authentication refused (HTTP 401)" in _fails(runner, f"{base}/query")


def test_bad_query_is_http_400(runner):
    with http_server(lambda h, b: reply(h, 400, b"Parser error at 1:2\n", "text/plain")) as base:
        assert "rejected the request (HTTP 400): Parser error" in _fails(runner, f"{base}/query")


def test_transient_errors_are_retried(oxigraph, remote):
    calls = {"n": 0}

    def flaky(handler, body):
        calls["n"] += 1
        if calls["n"] <= 2:
            reply(handler, 503, b"busy", "text/plain")
        else:
            forward(handler, body, oxigraph)

    with http_server(flaky) as base:
        store = EndpointStore(EndpointConfig(f"{base}/query", graph=GRAPH, backoff=0.01))
        assert len(KnowledgeGraph(store=store).method_index) >= 75
    assert calls["n"] == 3


def test_retries_are_bounded():
    calls = {"n": 0}

    def busy(handler, body):
        calls["n"] += 1
        reply(handler, 503, b"busy", "text/plain")

    with http_server(busy) as base, pytest.raises(EndpointError):
        EndpointStore(EndpointConfig(f"{base}/query", retries=3, backoff=0.01)).select("SELECT * WHERE { ?s ?p ?o }")
    assert calls["n"] == 3


def test_credentials_come_from_the_environment(oxigraph, remote, monkeypatch):
    token = "Basic " + base64.b64encode(b"ada:secret").decode()

    def guarded(handler, body):
        if handler.headers.get("Authorization") != token:
            reply(handler, 401, b"who are you", "text/plain")
        else:
            forward(handler, body, oxigraph)

    with http_server(guarded) as base:
        with pytest.raises(EndpointError, match="authentication refused"):
            KnowledgeGraph.load(endpoint=f"{base}/query", graph=GRAPH).method_index  # noqa: B018
        monkeypatch.setenv("NAS_KG_ENDPOINT_USER", "ada")
        monkeypatch.setenv("NAS_KG_ENDPOINT_PASSWORD", "secret")
        assert len(KnowledgeGraph.load(endpoint=f"{base}/query", graph=GRAPH).method_index) >= 75


def test_credentials_from_netrc(tmp_path, monkeypatch):
    from nas_kg.stores.remote import credentials

    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.org login bob password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.delenv("NAS_KG_ENDPOINT_USER", raising=False)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials("https://example.org/sparql") == ("bob", "hunter2")


def test_data_files_cannot_go_beside_an_endpoint(runner, tmp_path, oxigraph):
    path = Path(tmp_path / "x.ttl")
    path.write_text("")
    result = runner.invoke(main, ["report", "--endpoint", f"{oxigraph}/query", "--data", str(path)])
    assert result.exit_code == 2
    assert "cannot be read beside an --endpoint" in result.stderr


def test_report_is_the_same(local, remote):
    from nas_kg.overview import build_report

    assert build_report(remote) == build_report(local)
