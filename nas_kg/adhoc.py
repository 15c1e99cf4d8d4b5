"""Ad-hoc SPARQL: run any SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the graph's store.

The query goes to the store as the user wrote it (no values are bound into it). Answers are
serialised in the W3C result formats (SPARQL 1.1 Query Results JSON, CSV and TSV) so that other tools
read them, and graphs as Turtle, N-Triples or JSON-LD. Updates are refused: nas-kg never changes a
graph through this path.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from nas_kg.errors import InputError, QueryError
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import PREFIXES
from nas_kg.registries import SPARQL_GRAPH_FORMATS, SPARQL_ROW_FORMATS
from nas_kg.render import render, term_value
from nas_kg.sparql import first_keyword
from nas_kg.stores import QueryResult

#: The query forms nas-kg runs, and the update operations it refuses.
QUERY_FORMS: tuple[str, ...] = ("select", "ask", "construct", "describe")
UPDATE_OPERATIONS = frozenset({"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"})
#: Output formats: of a SELECT (rows), and of a CONSTRUCT or DESCRIBE (a graph).
SELECT_FORMATS: tuple[str, ...] = SPARQL_ROW_FORMATS
GRAPH_FORMATS: dict[str, ox.RdfFormat] = dict(
    zip(SPARQL_GRAPH_FORMATS, (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD), strict=True)
)
_AT = re.compile(r"error at (?P<line>\d+):(?P<column>\d+):\s*(?P<reason>.*)")


@dataclass(frozen=True)
class SparqlQuery:
    """A query's text, where it came from (a file name, 'stdin' or 'query') and its form."""

    text: str
    origin: str
    form: str

    def output_format(self, fmt: str | None = None) -> str:
        """Return the output format for this query (its default when fmt is None); refuse one that does not fit."""
        return output_format(self.form, fmt)


@dataclass(frozen=True)
class SparqlAnswer:
    """The answer to a query: rows (SELECT), a boolean (ASK) or N-Triples (CONSTRUCT, DESCRIBE)."""

    form: str
    rows: QueryResult | None = None
    boolean: bool | None = None
    ntriples: bytes = b""


def read_query(source: str, stdin: TextIO | None = None) -> SparqlQuery:
    """Read a query given as text, as '-' (standard input) or as a path to a .rq file; check its form."""
    if source == "-":
        if stdin is None:
            raise InputError("'-' reads the query from standard input, which is not available here")
        text, origin = stdin.read(), "stdin"
    elif "{" not in source and (source.endswith((".rq", ".sparql")) or _is_file(source)):  # a query has a {
        path = Path(source)
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read query: {exc}") from exc
        origin = str(path)
    else:
        text, origin = source, "query"
    return SparqlQuery(text, origin, query_form(text, origin))


def _is_file(source: str) -> bool:
    try:
        return Path(source).is_file()
    except OSError:
        return False


def query_form(text: str, origin: str = "query") -> str:
    """Return a query's form (select, ask, construct, describe); refuse updates and empty text."""
    word = first_keyword(text)
    if word in QUERY_FORMS:
        return word
    if word in UPDATE_OPERATIONS:
        raise QueryError(
            f"{origin}: {word.upper()} is a SPARQL update; nas-kg runs queries only "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE) and never changes the graph"
        )
    if not _without_comments(text).strip():
        raise QueryError(f"{origin}: the query is empty")
    raise QueryError(f"{origin}: not a SPARQL query: it must start with SELECT, ASK, CONSTRUCT or DESCRIBE")


def _without_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def with_prefixes(text: str) -> tuple[str, int]:
    """Declare the nas-kg prefixes (nas:, work:, rdfs:, ...) a query uses without declaring; return the lines added.

    They go on one line before the query, so a syntax error's line number is off by exactly that line.
    """
    declared = {m.group(1).casefold() for m in _DECLARED.finditer(text)}
    missing = [(p, ns) for p, ns in PREFIXES.items() if p.casefold() not in declared and f"{p}:" in text]
    if not missing:
        return text, 0
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in missing) + "\n" + text, 1


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*|)\s*:", re.IGNORECASE)


def run(kg: KnowledgeGraph, query: SparqlQuery) -> SparqlAnswer:
    """Run a query on the graph's store; a syntax error names the line and column of the user's text."""
    text, added = with_prefixes(query.text)
    try:
        if query.form == "select":
            return SparqlAnswer("select", rows=kg.store.select(text))
        if query.form == "ask":
            return SparqlAnswer("ask", boolean=kg.store.ask(text))
        return SparqlAnswer(query.form, ntriples=kg.store.construct(text))
    except QueryError as exc:
        raise _located(exc, query.origin, added) from exc


def _located(exc: QueryError, origin: str, added_lines: int) -> QueryError:
    """Restate Oxigraph's 'error at LINE:COLUMN: ...' as 'ORIGIN:LINE:COLUMN: SPARQL syntax error: ...'."""
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return QueryError(f"{origin}: {message}")
    line = max(1, int(found["line"]) - added_lines)
    return QueryError(f"{origin}:{line}:{found['column']}: SPARQL syntax error: {found['reason']}")


def output_format(form: str, fmt: str | None) -> str:
    """Return the output format for a query form (the default when fmt is None); refuse one that does not fit."""
    rows = form in ("select", "ask")
    if fmt is None:
        return "text" if rows else "turtle"
    if rows and fmt not in SELECT_FORMATS:
        raise InputError(f"--format {fmt} is for a graph; {form.upper()} prints {', '.join(SELECT_FORMATS)}")
    if not rows and fmt not in GRAPH_FORMATS:
        raise InputError(f"--format {fmt} is for rows; {form.upper()} prints a graph: {', '.join(GRAPH_FORMATS)}")
    return fmt


def serialise(answer: SparqlAnswer, fmt: str, width: int | None = None) -> bytes:
    """Serialise an answer: rows as text (fitted to width), CSV, TSV or JSON; ASK as true/false; graphs as RDF."""
    fmt = output_format(answer.form, fmt)
    if answer.boolean is not None:
        text = boolean_json(answer.boolean) if fmt == "json" else ("true" if answer.boolean else "false") + "\n"
        return text.encode("utf-8")
    if answer.rows is not None:
        rows = answer.rows
        if fmt == "json":
            return results_json(rows).encode("utf-8")
        if fmt == "csv":
            return results_csv(rows).encode("utf-8")
        if fmt == "tsv":
            return results_tsv(rows).encode("utf-8")
        records = [{c: term_value(t) for c, t in zip(rows.columns, row, strict=True)} for row in rows.rows]
        return render(rows.columns, records, "text", width=width).encode("utf-8")
    return graph_document(answer.ntriples, fmt)


# ---------------------------------------------------------------------- W3C result formats
def results_json(rows: QueryResult) -> str:
    """Serialise rows as SPARQL 1.1 Query Results JSON."""
    bindings = [
        {name: _json_term(term) for name, term in zip(rows.columns, row, strict=True) if term is not None}
        for row in rows.rows
    ]
    body = {"head": {"vars": rows.columns}, "results": {"bindings": bindings}}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def boolean_json(value: bool) -> str:
    """Serialise an ASK answer as SPARQL 1.1 Query Results JSON."""
    return json.dumps({"head": {}, "boolean": value}) + "\n"


def _json_term(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if not isinstance(term, Literal):
        return out
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def results_csv(rows: QueryResult) -> str:
    """Serialise rows as SPARQL 1.1 Query Results CSV (plain values; blank nodes as _:id)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(rows.columns)
    for row in rows.rows:
        writer.writerow(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row])
    return buf.getvalue()


def results_tsv(rows: QueryResult) -> str:
    """Serialise rows as SPARQL 1.1 Query Results TSV (terms in their SPARQL/Turtle form)."""
    lines = ["\t".join(f"?{c}" for c in rows.columns)]
    for row in rows.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Identifier) -> str:
    if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal, XSD.double, XSD.boolean):
        return str(term)  # the TSV format writes these in their short Turtle form
    return term.n3()


def graph_document(ntriples: bytes, fmt: str) -> bytes:
    """Serialise N-Triples as Turtle (with the nas-kg prefixes), N-Triples or JSON-LD."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(f"unknown graph format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")
    if fmt == "nt":
        return ntriples
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    used = ntriples.decode("utf-8", errors="replace")
    prefixes = {p: ns for p, ns in PREFIXES.items() if f"<{ns}" in used} if fmt == "turtle" else None
    payload = ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes) or b""
    return payload if not payload or payload.endswith(b"\n") else payload + b"\n"
