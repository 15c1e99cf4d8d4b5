"""Add method records to a user's works file: resolve, check duplicates, validate, then write atomically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from nas_kg import progress, resources
from nas_kg.errors import InputError, RdfSyntaxError, RecordError
from nas_kg.graph import KnowledgeGraph, check_target, graph_iri_for, write_atomic
from nas_kg.namespaces import NAS
from nas_kg.rdfio import canonical_turtle
from nas_kg.records import DEFAULT_SOURCE, MethodRecord, Triples, build_graph, read_records
from nas_kg.stores.embedded import EmbeddedStore
from nas_kg.terms import normalise
from nas_kg.validation import ValidationReport, validate

DEFAULT_INTO = Path("nas-kg-works.ttl")


@dataclass(frozen=True)
class AddResult:
    """What `add_methods` wrote: the methods added or replaced, and where."""

    added: list[str]
    replaced: list[str]
    into: Path


def add_methods(
    kg: KnowledgeGraph, records_file: Path, into: Path = DEFAULT_INTO, *, replace: bool = False
) -> AddResult:
    """Validate YAML method records against the graph and append them to a works file; raise RecordError."""
    check_target(Path(into))  # bad input (exit 2), before any record is read: a folder, a bundled file
    try:
        text = Path(records_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{records_file}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    source, records, problems = read_records(text, str(records_file))
    with progress.task(f"adding {len(records)} record(s)", total=3, unit="step") as advance:
        existing = _read_into(into)
        built = build_graph(records, source or DEFAULT_SOURCE, kg.vocabulary)
        problems += built.problems
        replaced = _duplicates(kg, existing, records, replace, problems)
        if problems:
            raise RecordError(problems)
        advance(1)
        new = [r.iri for r in records if not r.secondary]
        report = _validate_new(kg, built.triples, new)
        problems = [
            f"{_name(records, r.focus)}: {r.facet or 'method'}: {r.message}"
            + (f" (value {r.value})" if r.value else "")
            + (f" (did you mean: {', '.join(r.suggestions)})" if r.suggestions else "")
            for r in report.violations
        ]
        if problems:
            raise RecordError(problems)
        advance(1)
        for iri in replaced:
            _drop_method(existing, iri)
        # an I/O error is an InputError (exit 2)
        write_atomic(into, canonical_turtle(existing, built.triples).encode("utf-8"))
        advance(1)
    added = [str(r.iri) for r in records if not r.secondary and str(r.iri) not in replaced]
    return AddResult(added, sorted(replaced), into)


def _validate_new(kg: KnowledgeGraph, records: Triples, new: list[URIRef]) -> ValidationReport:
    """Validate only the new records: in a store of the ontology, the graph's terms and those records.

    The shapes read a method's own triples and the types of its values, so these are all a new method's
    results depend on; the rest of the works file and the bundled works need not be validated again.
    """
    store = EmbeddedStore()
    for path in resources.ontology_files():
        store.load_file(path, graph_iri_for(path))
    store.load(kg.tbox.serialize(format="nt", encoding="utf-8"), "urn:nas-kg:add:terms")
    store.load_bytes(records.turtle(), "urn:nas-kg:add:records", ox.RdfFormat.TURTLE)
    return validate(KnowledgeGraph(store=store), focus=new)


def _read_into(into: Path) -> Graph:
    """Read the works file to add to; a malformed one is reported with its line, column and reason."""
    graph = Graph()
    if not Path(into).exists():
        return graph
    try:
        data = Path(into).read_bytes()
    except OSError as exc:
        raise InputError(f"{into}: cannot read: {exc.strerror or exc}") from exc
    try:  # Oxigraph's parser says where and why; rdflib's message often loses the reason
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(into).resolve().as_uri()):
            pass
    except SyntaxError as exc:
        reason = re.sub(
            r"^Parser error (?:at|between) [^:]*:\s*", "", (exc.msg or "syntax error").strip().splitlines()[0]
        )
        raise RdfSyntaxError(str(into), reason, exc.lineno, exc.offset) from exc
    try:
        graph.parse(data=data, format="turtle", publicID=Path(into).resolve().as_uri())
    except Exception as exc:  # rdflib's parser raises many types
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise RdfSyntaxError(str(into), reason) from exc
    return graph


def _duplicates(
    kg: KnowledgeGraph, existing: Graph, records: list[MethodRecord], replace: bool, problems: list[str]
) -> set[str]:
    """Find records that duplicate a known method by id, title or identifier; return those to replace.

    Known methods are those of the graph (bundled and --data files, never replaced) and those already
    in the target works file (replaced with --replace).
    """
    in_graph = {m.iri for m in kg.method_index}
    in_file = set(existing.subjects(RDF.type, NAS.NASMethod))
    titles = {normalise(m.title): m.iri for m in kg.method_index if m.title}
    titles.update(
        {
            normalise(str(t)): m
            for m, t in existing.subject_objects(DCTERMS.title)
            if isinstance(m, URIRef) and m in in_file
        }
    )
    ids = _identifiers(kg)
    ids.update(
        {
            str(i): m
            for p in (NAS.arxivId, NAS.doi)
            for m, i in existing.subject_objects(p)
            if isinstance(m, URIRef) and m in in_file
        }
    )
    replaced: set[str] = set()
    for record in records:
        if record.secondary:
            if record.iri not in in_graph | in_file:
                problems.append(f"{record.where}: a secondary classification needs an existing method {record.id!r}")
            continue
        clash, owner = None, None
        if record.iri in in_graph | in_file:
            clash, owner = f"a method with id {record.id!r} already exists", record.iri
        elif record.title and normalise(record.title) in titles:
            owner = titles[normalise(record.title)]
            clash = f"a method with this title already exists ({owner})"
        else:
            for key in (record.arxiv, record.doi):
                if key and key in ids:
                    owner = ids[key]
                    clash = f"a method with identifier {key} already exists ({owner})"
                    break
        if clash is None:
            continue
        if not replace:
            problems.append(f"{record.where}: duplicate: {clash}; use --replace to replace it")
        elif owner in in_file and owner not in in_graph:
            replaced.add(str(owner))
        else:
            problems.append(
                f"{record.where}: duplicate: {clash} in the bundled graph or a --data file, which add never "
                "changes; add it with 'classification: secondary' to record another reading"
            )
    return replaced


def _identifiers(kg: KnowledgeGraph) -> dict[str, URIRef]:
    rows = kg.query("method-identifiers").records()
    return {r["identifier"]: URIRef(r["method"]) for r in rows}


def _drop_method(graph: Graph, iri: str) -> None:
    """Remove a method and its claims from a works graph."""
    method = URIRef(iri)
    for claim in list(graph.subjects(NAS.claimAbout, method)):
        graph.remove((claim, None, None))
    graph.remove((method, None, None))


def _name(records: list[MethodRecord], focus: str) -> str:
    for record in records:
        if str(record.iri) == focus:
            return record.where
    return focus
