"""A remote SPARQL 1.1 endpoint through SPARQLWrapper: queries, and publishing a graph as one unit.

Credentials come from the environment (NAS_KG_ENDPOINT_USER, NAS_KG_ENDPOINT_PASSWORD) or from a
netrc file entry for the endpoint's host, never from the command line. Transient failures (connection
refused or reset, timeouts, HTTP 502/503/504) are retried a bounded number of times; every failure
ends as one EndpointError naming the endpoint and what happened.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from nas_kg import resources
from nas_kg.errors import EndpointError, InputError, QueryError
from nas_kg.sparql import inject_values
from nas_kg.stores import QueryResult, raw_value
from nas_kg.stores.upload import Payload, insert_request, read_before

T = TypeVar("T")
TRANSIENT_HTTP = {502, 503, 504}
#: What a query-only URL answers to an update request (Oxigraph's /query: 400; others 404, 405, 415).
NO_UPDATE_HTTP = {"HTTP 400", "HTTP 404", "HTTP 405", "HTTP 415"}
#: What a server answers to an update request too large for it, having written nothing.
TOO_LARGE_HTTP = {"HTTP 400", "HTTP 413", "HTTP 500"}
#: The largest update nas-kg sends as one request (Oxigraph's server takes up to 128 MB).
ONE_REQUEST_BYTES = 64 << 20
#: Triples per INSERT DATA request: Virtuoso 7.2 fails above about 1,000.
CHUNK = 500


@dataclass(frozen=True)
class EndpointConfig:
    """Where and how to reach an endpoint."""

    query_url: str
    update_url: str | None = None
    graph: str | None = None
    store_url: str | None = None
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    #: True: ``timeout`` bounds everything the store does from its creation, retries included (the CLI's
    #: --timeout bounds the whole command). False: it bounds each operation (a request and its retries),
    #: so a long-lived store of a library user does not expire.
    whole: bool = False


def credentials(url: str) -> tuple[str, str] | None:
    """Return (user, password) from the environment or from netrc for the URL's host."""
    user, password = os.environ.get("NAS_KG_ENDPOINT_USER"), os.environ.get("NAS_KG_ENDPOINT_PASSWORD")
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if entry and entry[0] is not None and entry[2] is not None:
        return entry[0], entry[2]
    return None


class EndpointStore:
    """A SPARQL 1.1 endpoint (optionally one named graph of it) behind the Store protocol."""

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        self.description = config.query_url
        self._auth = credentials(config.query_url)
        self._deadline = time.monotonic() + config.timeout

    # ------------------------------------------------------------------ reading
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SELECT query on the endpoint (restricted to --graph when given)."""
        text = inject_values(query, bindings)
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json"))
        try:
            data = json.loads(body)
            columns = list(data["head"]["vars"])
            rows = [tuple(_term(b.get(c)) for c in columns) for b in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise EndpointError(f"{self.description}: returned malformed results ({type(exc).__name__})") from exc
        return QueryResult(columns, rows)

    @property
    def kept_state(self) -> None:
        """None: an endpoint's graph can change between two requests."""
        return None

    def select_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[tuple[object, ...]]:
        """Run a SELECT query; rows of raw values (IRIs as str, blank nodes as '_:id', rdflib literals)."""
        return [tuple(raw_value(term) for term in row) for row in self.select(query, bindings).rows]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query on the endpoint."""
        text = inject_values(query, bindings)
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json"))
        return _boolean(body, self.description)

    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bytes:
        """Run a CONSTRUCT or DESCRIBE query on the endpoint and return N-Triples."""
        text = inject_values(query, bindings)
        body = self._retry(lambda: self._sparql_query(text, "application/n-triples"))
        return _ntriples(body, self.description)

    def dump_ntriples(self) -> bytes:
        """Return the endpoint's graph (--graph, or the default graph) as N-Triples."""
        return self.construct(_store_query("dump-default.rq"))

    def dump_graph(self, graph: str) -> bytes:
        """Return one named graph of the endpoint as N-Triples."""
        text = inject_values(_store_query("dump-graph.rq"), {"graph": URIRef(graph)})
        body = self._retry(lambda: self._sparql_query(text, "application/n-triples", restrict=False))
        return _ntriples(body, self.description)

    def graphs(self) -> Sequence[str]:
        """Return the named graph this store reads ([] for the default graph)."""
        return [self.config.graph] if self.config.graph else []

    def require_triples(self) -> None:
        """Refuse a --graph that holds nothing: every answer from it would be silently empty."""
        if self.config.graph and not self.has_triples(self.config.graph):
            raise InputError(f"graph <{self.config.graph}> at {self.config.query_url} holds no triples")

    def has_triples(self, graph: str) -> bool:
        """Tell whether a named graph of the endpoint holds any triple."""
        text = inject_values(_store_query("graph-has-triples.rq"), {"graph": URIRef(graph)})
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json", restrict=False))
        return _boolean(body, self.description)

    def written_literals(self) -> dict[tuple[object, object, object], list[object]]:
        """Return nothing: what a remote server does with literals (Oxigraph and Virtuoso store many by
        value) cannot be seen from outside; its answers are what it holds."""
        return {}

    def count(self, graph: str) -> int:
        """Count the triples of a named graph of the endpoint."""
        text = inject_values(_store_query("count-graph.rq"), {"graph": URIRef(graph)})
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json", restrict=False))
        return _count(body, self.description)

    # ------------------------------------------------------------------ writing
    def load(self, data: bytes, graph: str) -> None:
        """Add N-Triples to a named graph of the endpoint (Graph Store POST, or INSERT DATA requests)."""
        payload = Payload.parse(data, self.description)
        if self.config.store_url:
            self._post_graph(graph, data)
        elif not self._in_one_request(insert_request(graph, *payload.split()), payload):
            self._insert_chunks(graph, payload)

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph of the endpoint."""
        self.update("drop-graph.ru", {"graph": URIRef(graph)})

    def replace_graph(self, target: str | None, ntriples: bytes) -> int:
        """Replace a graph as one unit, the triples as written (blank nodes, literals' forms and datatypes).

        One SPARQL Update request drops the graph and inserts the new triples: one transaction on the
        servers that make a request one (Oxigraph, Fuseki, GraphDB), and as fast as a Graph Store PUT.
        Where the server refuses a request that large (Virtuoso takes a few thousand triples per INSERT
        DATA), or the payload is over ``ONE_REQUEST_BYTES``, the triples go to a temporary graph (Graph
        Store PUT with ``store_url``, else INSERT DATA requests that each carry all the triples of the
        blank nodes they mention), are counted, and are moved over the target in one request.
        """
        payload = Payload.parse(ntriples, self.description)
        self._check_updates()
        if self._in_one_request(insert_request(target, *payload.split(), replace=True), payload):
            self._check_count(target, payload)
            return payload.count
        temp = f"urn:nas-kg:upload:{uuid.uuid4()}"
        try:
            if self.config.store_url:
                self._put_graph(temp, ntriples)
            else:
                self._insert_chunks(temp, payload)
            self._check_count(temp, payload)
            if target:
                self.update("move-to-named-graph.ru", {"temp": URIRef(temp), "target": URIRef(target)})
            else:
                self.update("move-to-default-graph.ru", {"temp": URIRef(temp)})
        except BaseException:
            self._discard(temp)
            raise
        return payload.count

    def _in_one_request(self, request: bytes, payload: Payload) -> bool:
        """Send a data-carrying update as one request; False if it is too large for this server."""
        if len(request) > ONE_REQUEST_BYTES:
            return False
        try:
            self._send_update(request, direct=True)
        except (EndpointError, QueryError) as exc:
            if getattr(exc, "http_status", None) in TOO_LARGE_HTTP:
                return False  # refused before anything was written (Virtuoso: "SPARQL compiler ... memory exhausted")
            raise
        return True

    def _check_count(self, graph: str | None, payload: Payload) -> None:
        found = self.count(graph) if graph else self._count_default()
        if not payload.fewest <= found <= payload.count:
            raise EndpointError(f"{self.description}: upload incomplete ({found} of {payload.count} triples)")

    def _count_default(self) -> int:
        body = self._retry(
            lambda: self._sparql_query(_store_query("count-default.rq"), "application/sparql-results+json", False)
        )
        return _count(body, self.description)

    def _check_updates(self) -> None:
        """Without an update URL, ask the query URL to run an empty update first, so that a server that
        takes updates elsewhere (Oxigraph: /update) is named before any upload."""
        if self.config.update_url is not None:
            return
        try:
            self.update("drop-graph.ru", {"graph": URIRef(f"urn:nas-kg:probe:{uuid.uuid4()}")})
        except (EndpointError, QueryError) as exc:
            status = getattr(exc, "http_status", None)
            if status in NO_UPDATE_HTTP:
                raise EndpointError(
                    f"{self.description}: does not take SPARQL Update requests ({status}); "
                    "give its update URL with --update-endpoint"
                ) from exc
            raise

    def _discard(self, temp: str) -> None:
        """Remove a temporary upload graph after a failure, as far as the endpoint still answers."""
        try:
            if self.config.store_url:
                self._retry(lambda: self._http("DELETE", self._graph_url(temp), None, None, "*/*"), retries=1)
            else:
                self.update("drop-graph.ru", {"graph": URIRef(temp)}, retries=1)
        except (EndpointError, QueryError):
            pass  # the temporary graph stays; the target graph is untouched either way

    def update(self, name: str, bindings: Mapping[str, Identifier], retries: int | None = None) -> None:
        """Run one of the bundled SPARQL 1.1 Update requests (queries/store/*.ru) with bound values."""
        self._send_update(inject_values(_store_query(name), bindings).encode("utf-8"), retries)

    def _send_update(self, text: bytes, retries: int | None = None, direct: bool = False) -> None:
        """POST an update: URL-encoded (every server), or directly as application/sparql-update, which
        spares large requests the encoding (and falls back to the form where a server refuses it)."""
        url = self.config.update_url or self.config.query_url
        if direct:
            try:
                self._retry(lambda: self._http("POST", url, text, "application/sparql-update", "*/*"), retries)
                return
            except (EndpointError, QueryError) as exc:
                if getattr(exc, "http_status", None) != "HTTP 415":
                    raise
        form = b"update=" + urllib.parse.quote_from_bytes(text, safe="").encode("ascii")
        self._retry(lambda: self._http("POST", url, form, "application/x-www-form-urlencoded", "*/*"), retries)

    def _insert_chunks(self, graph: str, payload: Payload) -> None:
        for plain, blank in payload.chunks(CHUNK):
            self._send_update(insert_request(graph, plain, blank), direct=True)

    def _put_graph(self, graph: str, payload: bytes) -> None:
        self._retry(lambda: self._http("PUT", self._graph_url(graph), payload, "application/n-triples", "*/*"))

    def _post_graph(self, graph: str, payload: bytes) -> None:
        self._retry(lambda: self._http("POST", self._graph_url(graph), payload, "application/n-triples", "*/*"))

    def _graph_url(self, graph: str) -> str:
        base = self.config.store_url or ""
        return f"{base}{'&' if '?' in base else '?'}graph={urllib.parse.quote(graph, safe='')}"

    # ------------------------------------------------------------------ HTTP
    def _sparql_query(self, text: str, accept: str, restrict: bool = True) -> bytes:
        """POST a query with the SPARQL protocol (SPARQLWrapper builds the request)."""
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.config.query_url)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)  # no format=/output= parameters: Virtuoso answers 406 when they disagree
        wrapper.setQuery(text)
        if restrict and self.config.graph:
            wrapper.addDefaultGraph(self.config.graph)
        request = wrapper._createRequest()  # the SPARQL protocol request, sent by _open for uniform errors
        request.add_header("Accept", accept)
        return self._open(request)

    def _http(self, method: str, url: str, data: bytes | None, content_type: str | None, accept: str) -> bytes:
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http(s) URL of the user's endpoint
        if content_type:
            request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        return self._open(request)

    def _remaining(self) -> float:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        return remaining

    def _open(self, request: urllib.request.Request) -> bytes:
        if not request.full_url.startswith(("http://", "https://")):
            raise EndpointError(f"{self.description}: not an http(s) URL")
        if self._auth:
            token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=self._remaining()) as response:  # noqa: S310
            return read_before(response, self._remaining)

    def _timed_out(self) -> EndpointError:
        return EndpointError(f"{self.description}: timed out after {self.config.timeout:g} s")

    def _retry(self, action: Callable[[], T], retries: int | None = None) -> T:
        """Run a request, again after a transient failure while attempts and time are left; a failure
        that used up the time is reported as itself (connection refused, HTTP 503), not as a timeout."""
        attempts = max(1, retries if retries is not None else self.config.retries)
        if not self.config.whole:
            self._deadline = time.monotonic() + self.config.timeout
        error: EndpointError | QueryError | None = None
        for attempt in range(1, attempts + 1):
            if error is not None and self._deadline - time.monotonic() <= 0:
                raise error
            last = attempt == attempts
            try:
                return action()
            except urllib.error.HTTPError as exc:
                error = self._http_error(exc)
                if exc.code in TRANSIENT_HTTP and not last:
                    self._pause(attempt)
                    continue
                raise error from exc
            except TimeoutError as exc:
                raise self._timed_out() from exc
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, socket.gaierror):
                    raise EndpointError(f"{self.description}: cannot resolve host ({reason.strerror})") from exc
                if isinstance(reason, TimeoutError | socket.timeout):
                    raise self._timed_out() from exc
                error = EndpointError(f"{self.description}: cannot connect ({_reason(reason)})")
                if not last:
                    self._pause(attempt)
                    continue
                raise error from exc
            except (ConnectionError, OSError) as exc:
                error = EndpointError(f"{self.description}: connection failed ({_reason(exc)})")
                if not last:
                    self._pause(attempt)
                    continue
                raise error from exc
        raise error or EndpointError(f"{self.description}: gave up after {attempts} attempts")

    def _pause(self, attempt: int) -> None:
        time.sleep(max(0.0, min(self.config.backoff * attempt, self._deadline - time.monotonic())))

    def _http_error(self, exc: urllib.error.HTTPError) -> EndpointError | QueryError:
        try:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            detail = []
        first = detail[0][:200] if detail else exc.reason
        error: EndpointError | QueryError
        if exc.code in (401, 403):
            error = EndpointError(f"{self.description}: authentication refused (HTTP {exc.code})")
        elif exc.code == 400:
            error = QueryError(f"{self.description}: rejected the request (HTTP 400): {first}")
        else:
            error = EndpointError(f"{self.description}: HTTP {exc.code}: {first}")
        error.http_status = f"HTTP {exc.code}"  # type: ignore[union-attr]
        return error


def _boolean(body: bytes, where: str) -> bool:
    """Read an ASK answer; Virtuoso 7.2 sends it as rows of ``__ASK_RETVAL`` (one row of 1, or none)."""
    try:
        data = json.loads(body)
        if "boolean" in data:
            return bool(data["boolean"])
        rows = data["results"]["bindings"]  # no row: false
        return bool(rows) and bool(int(rows[0]["__ASK_RETVAL"]["value"]))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise EndpointError(f"{where}: returned malformed results ({type(exc).__name__})") from exc


def _count(body: bytes, where: str) -> int:
    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise EndpointError(f"{where}: returned malformed results ({type(exc).__name__})") from exc


def _reason(reason: Any) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _term(binding: Mapping[str, Any] | None) -> Identifier | None:
    """Turn one SPARQL JSON results binding into an rdflib term."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise KeyError(kind)


def _ntriples(body: bytes, where: str) -> bytes:
    """Check an endpoint's N-Triples answer and return it as Oxigraph writes it (literals as sent)."""
    try:
        return ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES) or b""
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"{where}: returned malformed RDF ({type(exc).__name__})") from exc


def _store_query(name: str) -> str:
    return (resources.queries_dir() / "store" / name).read_text(encoding="utf-8")
