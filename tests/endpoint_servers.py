"""Local servers for the endpoint tests: a real Oxigraph server, and small HTTP servers that misbehave."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_isomorphic

from nas_kg.stores.embedded import to_rdflib


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def oxigraph_server() -> Iterator[str]:
    """Start `oxigraph serve` on a free loopback port; yield its base URL; stop it.

    The server keeps its data in memory (no ``--location``): the same SPARQL protocol, updates, Graph
    Store Protocol and transactions as the on-disk store, five to ten times faster on the pushes and the
    slow canned queries, and nothing for the tests to clean up.
    """
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/query?query=ASK%7B%7D", proc, "oxigraph", seconds=30)
        yield base
    finally:
        stop(proc, seconds=10)


def wait_until_answering(url: str, proc: subprocess.Popen[bytes], name: str, seconds: float) -> None:
    """Poll a started server's URL until it answers; fail if it exits or the time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - a loopback URL of the test's own server
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{name} did not start") from None
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes], seconds: float) -> None:
    """Stop a test server: terminate, then kill if it does not exit in time."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()


Behaviour = Callable[[http.server.BaseHTTPRequestHandler, bytes], None]


@contextlib.contextmanager
def http_server(behaviour: Behaviour) -> Iterator[str]:
    """Serve every request with a function of (handler, body) on a free loopback port."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            behaviour(self, body)

        do_GET = do_POST = do_PUT = _handle  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that gave up (timeout tests) is expected, not an error

    server = Server(("127.0.0.1", free_port()), Handler)
    # a short poll: shutdown() waits for the loop to notice, up to poll_interval (0.5 s by default)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def reply(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str = "application/sparql-results+json",
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def forward(handler: http.server.BaseHTTPRequestHandler, body: bytes, upstream: str) -> None:
    """Pass a request on to the real server and its answer back."""
    request = urllib.request.Request(upstream + handler.path, data=body or None, method=handler.command)  # noqa: S310
    for key in ("Content-Type", "Accept", "Authorization"):
        if handler.headers.get(key):
            request.add_header(key, handler.headers[key])
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            reply(handler, response.status, response.read(), response.headers.get("Content-Type", "text/plain"))
    except urllib.error.HTTPError as exc:
        reply(handler, exc.code, exc.read(), "text/plain")


def cut(handler: http.server.BaseHTTPRequestHandler) -> None:
    """Drop the connection without an answer, as a killed server or network would."""
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)


def _triples_as_written(data: bytes, by_value: bool) -> list[ox.Triple]:
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    if by_value:
        scratch = ox.Store()
        scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in scratch]
    return triples


def graph_as_written(data: bytes, by_value: bool = False) -> Graph:
    """Parse N-Triples with literals as written; with by_value, in the form a store that keeps literals
    by value (Oxigraph) gives them back."""
    graph = Graph()
    for t in _triples_as_written(data, by_value):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
    return graph


def isomorphism_key(data: bytes, by_value: bool = False) -> tuple[frozenset[ox.Triple], int]:
    """A key two N-Triples documents share exactly when rdflib.compare finds their graphs as written
    (graph_as_written) isomorphic: the set of their triples without blank nodes, and rdflib.compare's hash of
    the triples with blank nodes (isomorphic(a, b) compares such hashes).

    An isomorphism maps blank nodes only, so the ground triples must be equal and the rest isomorphic.
    Oxigraph's terms compare as written (lexical form and datatype), as graph_as_written's do, so the ground
    triples stay Oxigraph's, and only the few with blank nodes become an rdflib graph for rdflib.compare:
    copying and hashing 50,000 ground triples in rdflib took 3.8 s a graph. A graph compared with several can
    be keyed once.
    """
    ground, blank = set(), Graph()
    for t in _triples_as_written(data, by_value):
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            blank.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        else:
            ground.add(t)
    return frozenset(ground), int(to_isomorphic(blank).internal_hash())
