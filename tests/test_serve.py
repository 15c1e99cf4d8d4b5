"""`nas-kg serve`: a real, read-only Oxigraph endpoint over the graph, with its query page.

Tested three ways: SPARQLWrapper against it, every canned query through it (same rows as the embedded
store), and a headless-Chromium screenshot of the query page, checked not to be blank.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, POST, SPARQLWrapper

import nas_kg
from nas_kg.cli import main
from nas_kg.errors import EnvironmentMissingError
from nas_kg.graph import KnowledgeGraph
from nas_kg.queries import catalogue
from tests.conftest import interruptible
from tests.endpoint_servers import free_port, oxigraph_binary
from tests.test_endpoint import _rows, bundled, embedded_rows, sample_params

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed"),
    # one worker starts nas-kg serve, the worker that has test_endpoint's embedded answers to compare with
    pytest.mark.xdist_group("endpoint"),
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@dataclass
class Served:
    """A `nas-kg serve` process and what it printed."""

    process: subprocess.Popen[str]
    page: str
    endpoint: str
    banner: list[str]
    tmp: Path


def start(tmp: Path, *args: str) -> Served:
    """Start `nas-kg serve --port 0 ARGS` with its own temporary folder; wait for its URLs."""
    env = {**os.environ, "TMPDIR": str(tmp)}
    process = subprocess.Popen(
        [sys.executable, "-m", "nas_kg.cli", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=interruptible,
    )
    assert process.stdout is not None
    banner = [process.stdout.readline() for _ in range(4)]
    if not banner[-1]:
        process.kill()
        raise AssertionError(f"nas-kg serve did not start: {process.communicate()[1]}")
    page = banner[1].split()[-1]
    endpoint = banner[2].split()[-1]
    return Served(process, page, endpoint, banner, tmp)


def interrupt(served: Served) -> tuple[int, str]:
    """Press Ctrl-C: send SIGINT and return the exit code and standard error."""
    served.process.send_signal(signal.SIGINT)
    _, err = served.process.communicate(timeout=60)
    return served.process.returncode, err


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    server = start(tmp_path_factory.mktemp("serve"))
    yield server
    if server.process.poll() is None:
        interrupt(server)


@pytest.fixture(scope="module")
def remote(served) -> KnowledgeGraph:
    return KnowledgeGraph.load(endpoint=served.endpoint)


def test_banner_gives_a_loopback_url(served):
    assert served.page.startswith("http://127.0.0.1:")
    assert served.endpoint == served.page + "query"
    assert "read-only" in served.banner[0]
    assert "Ctrl-C" in served.banner[3]


def test_sparqlwrapper_select(served):
    client = SPARQLWrapper(served.endpoint)
    client.setQuery(
        "PREFIX nas: <https://w3id.org/nas-kg/> SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a nas:NASMethod }"
    )
    client.setReturnFormat(JSON)
    body = client.queryAndConvert()
    assert int(body["results"]["bindings"][0]["n"]["value"]) == len(bundled().method_index)


def test_sparqlwrapper_ask(served):
    client = SPARQLWrapper(served.endpoint)
    client.setQuery(
        "PREFIX nas: <https://w3id.org/nas-kg/> PREFIX work: <https://w3id.org/nas-kg/work/> "
        "ASK { work:darts nas:hasSearchStrategy nas:Differentiable }"
    )
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_sparqlwrapper_construct(served):
    client = SPARQLWrapper(served.endpoint)
    client.setQuery(
        "PREFIX nas: <https://w3id.org/nas-kg/> CONSTRUCT WHERE { ?m nas:hasSearchStrategy nas:Differentiable }"
    )
    graph = client.queryAndConvert()
    assert len(graph) >= 20


def test_updates_are_refused(served):
    client = SPARQLWrapper(served.endpoint.replace("/query", "/update"))
    client.setMethod(POST)
    client.setQuery("DROP ALL")
    with pytest.raises(Exception, match=r"403|read-only|Forbidden"):  # SPARQLWrapper raises per HTTP status
        client.query()
    check = SPARQLWrapper(served.endpoint)
    check.setQuery("ASK { ?s ?p ?o }")
    check.setReturnFormat(JSON)
    assert check.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_canned_query_through_the_endpoint(remote, name):
    assert _rows(remote.query(name, **sample_params(name))) == embedded_rows(name)


def test_cli_commands_read_the_served_endpoint(runner, served):
    result = runner.invoke(main, ["sparql", "ASK { work:darts a nas:NASMethod }", "--endpoint", served.endpoint])
    assert result.exit_code == 0, result.output
    assert result.stdout == "true\n"


def test_syntax_error_through_the_endpoint_is_one_line(runner, served):
    result = runner.invoke(main, ["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", served.endpoint])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH for the headless screenshot")
def test_query_page_screenshot_is_not_blank(served, tmp_path):
    from PIL import Image

    shot = tmp_path / "query-page.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}",
        "--window-size=1280,900",
        "--virtual-time-budget=10000",
    ]
    # one browser start takes the screenshot and prints the page as its scripts left it
    dom = subprocess.run(
        [str(CHROMIUM), *flags, f"--screenshot={shot}", "--dump-dom", served.page],
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout
    image = Image.open(shot).convert("RGB")
    pixels = list(image.getdata())
    drawn = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
    assert drawn > 0.02, f"only {drawn:.1%} of the page is drawn"  # YASGUI's editor, tabs and buttons
    assert len(set(pixels)) > 50  # text and syntax colours, not a flat colour
    assert "CodeMirror" in dom  # YASGUI's query editor was built by its script


def test_ctrl_c_stops_cleanly(tmp_path):
    server = start(tmp_path, "--seed-only", "--infer")
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(
        "PREFIX nas: <https://w3id.org/nas-kg/> PREFIX work: <https://w3id.org/nas-kg/work/> "
        "ASK { work:nasnet a nas:ReinforcementLearningNASMethod }"
    )
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # --infer serves the inferred categories
    assert list(tmp_path.glob("nas-kg-serve-*"))
    code, err = interrupt(server)
    assert code == 0
    assert err.strip() == "stopped"
    assert not list(tmp_path.glob("nas-kg-serve-*"))  # the temporary store is gone
    port = int(server.page.rsplit(":", 1)[1].strip("/"))
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # and so is the server


@pytest.fixture
def nothing_loaded(monkeypatch):
    """Fail the test if the command loads a graph (or infers) before it refuses."""

    def loaded(*args, **kwargs):
        raise AssertionError("the graph was loaded before the refusal")

    monkeypatch.setattr(nas_kg, "load", loaded)
    monkeypatch.setattr(nas_kg, "materialize", loaded)


def test_port_in_use_is_one_line(runner, nothing_loaded):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--port", str(port), "--infer"])
    assert result.exit_code == 2
    assert (
        result.stderr.strip() == f"error: 127.0.0.1:{port} is in use; choose another with --port (0 picks a free one)"
    )


def test_missing_server_is_exit_3(runner, monkeypatch, tmp_path, nothing_loaded):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("nas_kg.local_endpoint.sys.executable", str(tmp_path / "python"))
    result = runner.invoke(main, ["serve", "--port", str(free_port()), "--infer"])
    assert result.exit_code == 3
    assert result.stderr.strip() == "error: 'nas-kg serve' needs the Oxigraph server: pip install oxigraph"
    with pytest.raises(EnvironmentMissingError, match="needs the Oxigraph server"):
        nas_kg.check_serve(port=0)


def test_check_serve_gives_a_free_port_for_0():
    port = nas_kg.check_serve(port=0)
    assert port > 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free: the check let go of it
