"""A local, read-only SPARQL 1.1 endpoint over the graph, with a query page people open in a browser.

The engine is the Oxigraph server from PyPI (package ``oxigraph``): the graph (an RDF merge of the
bundled files and the user's, as N-Triples) is bulk-loaded into a fresh on-disk store in a temporary
folder, which ``oxigraph serve-read-only`` then serves: the SPARQL 1.1 protocol at ``/query`` and the
YASGUI query page at ``/``. Read-only means SPARQL Update and the Graph Store Protocol's writes are
refused. The temporary folder is removed when the server stops.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nas_kg.errors import EnvironmentMissingError, InputError
from nas_kg.graph import KnowledgeGraph

#: The address the server binds unless told otherwise: only this machine can reach it.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


@dataclass
class Endpoint:
    """A running local endpoint: its URLs, the triples it serves, and its server process."""

    url: str
    query_url: str
    triples: int
    process: subprocess.Popen[bytes]

    def wait(self) -> int:
        """Block until the server exits; return its exit status."""
        return self.process.wait()


def server_binary() -> str:
    """Return the `oxigraph` server program: beside this Python (the same venv), else on PATH."""
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise EnvironmentMissingError("'nas-kg serve' needs the Oxigraph server: pip install oxigraph")
    return found


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _check_port(host: str, port: int) -> int:
    """Return the port (a free one for 0); refuse a port another program holds, before loading anything."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as the server does: a port left in TIME_WAIT by a stopped server is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "is in use" if exc.errno in (98, 48, 10048) else f"cannot be bound ({exc.strerror or exc})"
            raise InputError(f"{host}:{port} {reason}; choose another with --port (0 picks a free one)") from exc
        return int(probe.getsockname()[1])


def check_serving(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Check what serving needs before anything is loaded: the Oxigraph server program and a port that
    can be bound. Return the port (a free one for 0); raise EnvironmentMissingError or InputError."""
    return _preflight(host, port)[1]


def _preflight(host: str, port: int) -> tuple[str, int]:
    return server_binary(), _check_port(host, port)


@contextlib.contextmanager
def serving(
    kg: KnowledgeGraph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, start_timeout: float = 120.0
) -> Iterator[Endpoint]:
    """Serve the graph read-only on host:port (0: a free port) until the block ends; then stop the server."""
    binary, port = _preflight(host, port)
    with tempfile.TemporaryDirectory(prefix="nas-kg-serve-") as folder:
        data, store, log = Path(folder) / "graph.nt", Path(folder) / "store", Path(folder) / "server.log"
        payload = kg.ntriples()
        data.write_bytes(payload)
        loaded = subprocess.run(  # noqa: S603 - the server program and fixed arguments
            [binary, "load", "--location", str(store), "--file", str(data)],
            capture_output=True,
            check=False,
            timeout=None,
        )
        if loaded.returncode != 0:
            raise EnvironmentMissingError(f"the Oxigraph server could not load the graph: {_last(loaded.stderr)}")
        data.unlink()
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        with log.open("wb") as sink:
            process = subprocess.Popen(  # noqa: S603 - the server program and fixed arguments
                [binary, "serve-read-only", "--location", str(store), "--bind", bind],
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=sink,
            )
        try:
            url = _url(host, port)
            _wait_until_answering(url, process, log, start_timeout)
            triples = payload.count(b"\n")
            yield Endpoint(url, url + "query", triples, process)
        finally:
            stop(process)


def stop(process: subprocess.Popen[bytes], seconds: float = 10.0) -> None:
    """Stop the server: terminate, then kill if it does not exit in time."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    probe = url + "query?query=ASK%7B%7D"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    while True:
        if process.poll() is not None:
            raise InputError(f"the Oxigraph server stopped at once: {_last(log.read_bytes())}")
        try:
            with direct.open(probe, timeout=2) as answer:
                answer.read()
            return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                message = f"the Oxigraph server did not answer at {url} within {seconds:.0f} s"
                raise EnvironmentMissingError(message) from None
            time.sleep(0.1)


def _last(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
