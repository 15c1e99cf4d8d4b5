"""Endpoint honesty: an empty --graph, a query URL that takes no updates, and a --timeout for the whole command."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nas_kg.cli import main
from nas_kg.stores.remote import EndpointConfig, EndpointStore
from tests.endpoint_servers import http_server, oxigraph_binary, reply

pytestmark = pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed")
GRAPH = "https://w3id.org/nas-kg/graph/honesty"
EMPTY = "https://w3id.org/nas-kg/graph/nothing-here"


@pytest.fixture(scope="module")
def seeded(oxigraph: str) -> str:
    from click.testing import CliRunner

    args = ["push", "--endpoint", f"{oxigraph}/query", "--update-endpoint", f"{oxigraph}/update"]
    assert CliRunner().invoke(main, [*args, "--graph", GRAPH, "--seed-only"]).exit_code == 0
    return oxigraph


def _one_line_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return str(lines[0])


@pytest.mark.parametrize("command", [["table", "manual"], ["reason", "--reasoner", "owlrl"], ["report"]])
def test_a_graph_that_holds_nothing_is_bad_input(runner, seeded: str, command: list[str]) -> None:
    url = f"{seeded}/query"
    line = _one_line_error(runner.invoke(main, [*command, "--endpoint", url, "--graph", EMPTY]))
    assert line == f"error: graph <{EMPTY}> at {url} holds no triples"


def test_pull_of_a_graph_that_holds_nothing_writes_nothing(runner, seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "pulled.ttl"
    url = f"{seeded}/query"
    line = _one_line_error(runner.invoke(main, ["pull", "--endpoint", url, "--graph", EMPTY, "-o", str(out)]))
    assert line == f"error: graph <{EMPTY}> at {url} holds no triples"
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_push_to_a_query_url_that_takes_no_updates_names_the_option(runner, seeded: str) -> None:
    before = EndpointStore(EndpointConfig(f"{seeded}/query")).count(GRAPH)
    line = _one_line_error(runner.invoke(main, ["push", "--endpoint", f"{seeded}/query", "--graph", GRAPH]))
    assert "does not take SPARQL Update requests" in line and "--update-endpoint" in line
    assert EndpointStore(EndpointConfig(f"{seeded}/query")).count(GRAPH) == before


def _hanging(handler, body):  # type: ignore[no-untyped-def]
    time.sleep(6)
    reply(handler, 200, b"{}")


def _slowly_busy(handler, body):  # type: ignore[no-untyped-def]
    # 0.5 s: the second try ends at 1.5 s of 2 and the backoff pause (1 s) uses up the rest; at 0.7 s it ended
    # 0.1 s before the deadline, and under load it timed out instead of reporting the 503 (a flaky failure)
    time.sleep(0.5)
    reply(handler, 503, b"busy", "text/plain")


@pytest.mark.parametrize(
    ("behaviour", "command", "timeout", "needle"),
    [
        # a server that never answers: only the timeout decides, so half a second will do (three tries would
        # take 1.5 s and more, past the bound below)
        (_hanging, ["table", "manual"], "0.5", "timed out after 0.5 s"),
        (_hanging, ["push", "--seed-only"], "0.5", "timed out after 0.5 s"),
        (_slowly_busy, ["table", "manual"], "2", "HTTP 503"),
    ],
    ids=["hanging-read", "hanging-push", "busy-retried"],
)
def test_timeout_bounds_the_whole_command(runner, behaviour, command: list[str], timeout: str, needle: str) -> None:
    with http_server(behaviour) as base:
        start = time.monotonic()
        result = runner.invoke(main, [*command, "--endpoint", f"{base}/query", "--timeout", timeout])
        elapsed = time.monotonic() - start
    assert needle in _one_line_error(result)
    # the timeout, plus loading the local graph for push (under a second); three tries of the timeout each
    # would take three times the timeout
    assert elapsed < 2 * float(timeout) + 0.5, elapsed
