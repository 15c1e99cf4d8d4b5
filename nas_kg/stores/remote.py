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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from nas_kg import resources
from nas_kg.errors import EndpointError, QueryError
from nas_kg.sparql import inject_values
from nas_kg.stores import QueryResult, raw_value

T = TypeVar("T")
TRANSIENT_HTTP = {502, 503, 504}
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

    def select_raw(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> list[tuple[object, ...]]:
        """Run a SELECT query; rows of raw values (IRIs as str, blank nodes as '_:id', rdflib literals)."""
        return [tuple(raw_value(term) for term in row) for row in self.select(query, bindings).rows]

    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        """Run an ASK query on the endpoint."""
        text = inject_values(query, bindings)
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json"))
        try:
            return bool(json.loads(body)["boolean"])
        except (ValueError, KeyError, TypeError) as exc:
            raise EndpointError(f"{self.description}: returned malformed results ({type(exc).__name__})") from exc

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

    def count(self, graph: str) -> int:
        """Count the triples of a named graph of the endpoint."""
        text = inject_values(_store_query("count-graph.rq"), {"graph": URIRef(graph)})
        body = self._retry(lambda: self._sparql_query(text, "application/sparql-results+json", restrict=False))
        try:
            return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise EndpointError(f"{self.description}: returned malformed results ({type(exc).__name__})") from exc

    # ------------------------------------------------------------------ writing
    def load(self, data: bytes, graph: str) -> None:
        """Add N-Triples to a named graph of the endpoint (Graph Store POST, or INSERT DATA chunks)."""
        parsed = Graph().parse(data=data, format="nt")
        if self.config.store_url:
            self._post_graph(graph, parsed.serialize(format="nt", encoding="utf-8"))
        else:
            self._insert_chunks(graph, parsed.skolemize())

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph of the endpoint."""
        self.update("drop-graph.ru", {"graph": URIRef(graph)})

    def replace_graph(self, target: str | None, ntriples: bytes) -> int:
        """Replace a graph as one unit: upload to a temporary graph, check it, then MOVE it over the target."""
        temp = f"urn:nas-kg:upload:{uuid.uuid4()}"
        graph = Graph().parse(data=ntriples, format="nt")
        expected = len(graph)
        try:
            if self.config.store_url:
                self._put_graph(temp, graph.serialize(format="nt", encoding="utf-8"))
            else:
                self._insert_chunks(temp, graph.skolemize())
            uploaded = self.count(temp)
            if uploaded != expected:
                raise EndpointError(f"{self.description}: upload incomplete ({uploaded} of {expected} triples)")
            if target:
                self.update("move-to-named-graph.ru", {"temp": URIRef(temp), "target": URIRef(target)})
            else:
                self.update("move-to-default-graph.ru", {"temp": URIRef(temp)})
        except BaseException:
            try:
                self.update("drop-graph.ru", {"graph": URIRef(temp)}, retries=1)
            except EndpointError:
                pass  # the temporary graph stays; the target graph is untouched either way
            raise
        return expected

    def update(self, name: str, bindings: Mapping[str, Identifier], retries: int | None = None) -> None:
        """Run one of the bundled SPARQL 1.1 Update requests (queries/store/*.ru) with bound values."""
        self._send_update(inject_values(_store_query(name), bindings), retries)

    def _send_update(self, text: str, retries: int | None = None) -> None:
        url = self.config.update_url or self.config.query_url
        data = urllib.parse.urlencode({"update": text}).encode()
        self._retry(lambda: self._http("POST", url, data, "application/x-www-form-urlencoded", "*/*"), retries)

    def _insert_chunks(self, graph: str, data: Graph) -> None:
        triples = list(data)
        for start in range(0, len(triples), CHUNK):
            body = " .\n".join(" ".join(t.n3() for t in triple) for triple in triples[start : start + CHUNK])
            # data, not query structure: N-Triples terms serialised by rdflib, skolemised (no blank nodes)
            self._send_update("INSERT DATA { GRAPH " + URIRef(graph).n3() + " { " + body + " . } }")

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

    def _http(self, method: str, url: str, data: bytes, content_type: str, accept: str) -> bytes:
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http(s) URL of the user's endpoint
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", accept)
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> bytes:
        if not request.full_url.startswith(("http://", "https://")):
            raise EndpointError(f"{self.description}: not an http(s) URL")
        if self._auth:
            token = base64.b64encode(f"{self._auth[0]}:{self._auth[1]}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=self.config.timeout) as response:  # noqa: S310
            return bytes(response.read())

    def _retry(self, action: Callable[[], T], retries: int | None = None) -> T:
        attempts = max(1, retries if retries is not None else self.config.retries)
        for attempt in range(1, attempts + 1):
            try:
                return action()
            except urllib.error.HTTPError as exc:
                if exc.code in TRANSIENT_HTTP and attempt < attempts:
                    time.sleep(self.config.backoff * attempt)
                    continue
                raise self._http_error(exc) from exc
            except TimeoutError as exc:
                if attempt < attempts:
                    continue
                raise EndpointError(f"{self.description}: timed out after {self.config.timeout:g} s") from exc
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, socket.gaierror):
                    raise EndpointError(f"{self.description}: cannot resolve host ({reason.strerror})") from exc
                if isinstance(reason, TimeoutError | socket.timeout):
                    if attempt < attempts:
                        continue
                    raise EndpointError(f"{self.description}: timed out after {self.config.timeout:g} s") from exc
                if attempt < attempts:
                    time.sleep(self.config.backoff * attempt)
                    continue
                raise EndpointError(f"{self.description}: cannot connect ({_reason(reason)})") from exc
            except (ConnectionError, OSError) as exc:
                if attempt < attempts:
                    time.sleep(self.config.backoff * attempt)
                    continue
                raise EndpointError(f"{self.description}: connection failed ({_reason(exc)})") from exc
        raise EndpointError(f"{self.description}: gave up after {attempts} attempts")

    def _http_error(self, exc: urllib.error.HTTPError) -> EndpointError | QueryError:
        try:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        except OSError:
            detail = []
        first = detail[0][:200] if detail else exc.reason
        if exc.code in (401, 403):
            return EndpointError(f"{self.description}: authentication refused (HTTP {exc.code})")
        if exc.code == 400:
            return QueryError(f"{self.description}: rejected the request (HTTP 400): {first}")
        return EndpointError(f"{self.description}: HTTP {exc.code}: {first}")


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
    """Check an endpoint's N-Triples answer and return it normalised by rdflib."""
    try:
        graph = Graph().parse(data=body, format="nt")
    except Exception as exc:  # rdflib parsers raise many types
        raise EndpointError(f"{where}: returned malformed RDF ({type(exc).__name__})") from exc
    return graph.serialize(format="nt", encoding="utf-8")


def _store_query(name: str) -> str:
    return (resources.queries_dir() / "store" / name).read_text(encoding="utf-8")
