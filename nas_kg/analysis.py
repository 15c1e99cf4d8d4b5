"""Tables, coverage, gaps and similarity, built on the canned queries."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from nas_kg.errors import InputError, UnknownTermError
from nas_kg.graph import KnowledgeGraph, MethodRef
from nas_kg.model import FACET_BY_PROPERTY, FACETS, TABLE_COLUMNS, TABLES
from nas_kg.model import facet as _facet
from nas_kg.terms import local_name

EMPTY = "-"
JOIN = "; "


@dataclass
class Table:
    """A table of strings: column names and rows."""

    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    title: str = ""


def seed_table(kg: KnowledgeGraph, which: str) -> Table:
    """Rebuild Table I ('manual') or Table II ('automatic') of the seed paper from the graph's claims."""
    if which not in TABLES:
        raise UnknownTermError("table", which, sorted(TABLES))
    result = kg.query("table-rows", table=which)
    rows: dict[int, dict[str, list[str]]] = {}
    meta: dict[int, tuple[int, str]] = {}
    for rec in result.records():
        row = int(rec["row"])
        meta[row] = (int(rec["ref"]), rec["work"])
        facet = FACET_BY_PROPERTY.get(URIRef(rec["facet"]))
        if facet is not None:
            rows.setdefault(row, defaultdict(list))[facet.name].append(rec["text"])
    columns = ["ref", "work"] + [name for name, _ in TABLE_COLUMNS]
    title = "Table I (manual NAS)" if which == "manual" else "Table II (automatic NAS)"
    table = Table(columns, title=title)
    for row in sorted(meta):
        ref, work = meta[row]
        cells = {"ref": str(ref), "work": work}
        for column, facets in TABLE_COLUMNS:
            values = [v for f in facets for v in rows.get(row, {}).get(f, [])]
            cells[column] = JOIN.join(values) if values else EMPTY
        table.rows.append(cells)
    return table


@dataclass(frozen=True)
class CoverageRow:
    """How many methods use one value of a facet."""

    facet: str
    value: str
    label: str
    methods: int


def coverage(kg: KnowledgeGraph, facets: Sequence[str] | None = None) -> list[CoverageRow]:
    """Count the methods that use each value of each facet, zeros included."""
    out = []
    for name in facets or [f.name for f in FACETS.values() if f.core]:
        _check_facet(name)
        rows = [
            CoverageRow(name, r["value"], r["label"], int(r["methods"]))
            for r in kg.query("facet-coverage", facet=name).records()
        ]
        out += sorted(rows, key=lambda r: (-r.methods, r.label.casefold(), r.value))
    return out


@dataclass(frozen=True)
class GapCell:
    """One combination of facet values and how many methods use it (0: a gap)."""

    values: tuple[str, ...]
    labels: tuple[str, ...]
    methods: int


def gaps(kg: KnowledgeGraph, *facets: str) -> list[GapCell]:
    """Return the gap matrix of two facets, or the unexplored triples of three whose pairs are explored."""
    for name in facets:
        _check_facet(name)
    if len(facets) == 2:
        rows = kg.query("gap-matrix", facet1=facets[0], facet2=facets[1]).records()
        cells = [GapCell((r["value1"], r["value2"]), (r["label1"], r["label2"]), int(r["methods"])) for r in rows]
        return sorted(cells, key=_cell_order)
    if len(facets) == 3:
        rows = kg.query("unexplored-triples", facet1=facets[0], facet2=facets[1], facet3=facets[2]).records()
        cells = [
            GapCell((r["value1"], r["value2"], r["value3"]), (r["label1"], r["label2"], r["label3"]), 0) for r in rows
        ]
        return sorted(cells, key=_cell_order)
    raise UnknownTermError("number of facets", str(len(facets)), ["2", "3"])


def _cell_order(cell: GapCell) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Order cells by label in Python: endpoints collate strings differently (Virtuoso, Oxigraph)."""
    return tuple(label.casefold() for label in cell.labels), cell.values


def _check_facet(name: str) -> None:
    _facet(name)


@dataclass(frozen=True)
class Neighbour:
    """A method similar to another: its score and the facets they share and differ on."""

    rank: int
    method: MethodRef
    score: float
    shared: tuple[str, ...]
    different: tuple[str, ...]


def facet_profiles(kg: KnowledgeGraph) -> dict[URIRef, dict[str, frozenset[str]]]:
    """Return, for every method, its set of values per facet (one SPARQL pass; pass it on to reuse it)."""
    profiles: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names = {str(p): f.name for p, f in FACET_BY_PROPERTY.items()}
    for method, facet, value in kg.facet_triples:
        name = names.get(str(facet))
        if name is not None:
            profiles[URIRef(str(method))][name].add(str(value))
    return {m: {f: frozenset(v) for f, v in fs.items()} for m, fs in profiles.items()}


def similarity(a: Mapping[str, frozenset[str]], b: Mapping[str, frozenset[str]], weights: Mapping[str, float]) -> float:
    """Weighted mean of per-facet Jaccard similarities over the facets either method uses."""
    if not weights:  # equal weights (the report, `similar` by default): the same mean, without the set union
        facets = len(a) + sum(1 for f in b if f not in a)
        shared = 0.0
        for f, va in a.items():
            vb = b.get(f)
            if vb:
                inter = len(va & vb)
                if inter:
                    shared += inter / (len(va) + len(vb) - inter)
        return shared / facets if facets else 0.0
    total = weight_sum = 0.0
    for facet in sorted(set(a) | set(b)):  # one summation order, so equal profiles tie exactly
        w = weights.get(facet, 1.0)
        if w <= 0:
            continue
        va, vb = a.get(facet, frozenset()), b.get(facet, frozenset())
        union = len(va | vb)
        total += w * (len(va & vb) / union if union else 0.0)
        weight_sum += w
    return total / weight_sum if weight_sum else 0.0


def similar(
    kg: KnowledgeGraph,
    method: str | int | MethodRef,
    k: int = 5,
    weights: Mapping[str, float] | None = None,
    among: Sequence[URIRef] | None = None,
    profiles: Mapping[URIRef, Mapping[str, frozenset[str]]] | None = None,
) -> list[Neighbour]:
    """Return the k methods most similar to one, by weighted Jaccard over facet values."""
    target = method if isinstance(method, MethodRef) else kg.resolve_method(method)
    weights = dict(weights or {})
    for name, weight in weights.items():
        _check_facet(name)
        if not math.isfinite(weight) or weight < 0:
            raise InputError(f"the weight of {name} must be a finite number of at least 0, got {weight}")
    profiles = profiles if profiles is not None else facet_profiles(kg)
    mine = profiles.get(target.iri, {})
    by_iri = kg.method_by_iri
    allowed = set(among) if among is not None else None
    scored = []
    for iri, theirs in profiles.items():
        if iri == target.iri or iri not in by_iri or (allowed is not None and iri not in allowed):
            continue
        score = similarity(mine, theirs, weights)
        if score > 0:  # a method that shares no value is no neighbour
            scored.append((score, by_iri[iri]))
    scored.sort(key=lambda pair: (-pair[0], pair[1].label.casefold(), str(pair[1].iri)))
    out = []
    for rank, (score, other) in enumerate(scored[:k], start=1):
        theirs = profiles[other.iri]
        facets = sorted(set(mine) | set(theirs), key=_facet_order)
        shared = tuple(f for f in facets if mine.get(f, frozenset()) == theirs.get(f, frozenset()))
        different = tuple(f for f in facets if f not in shared)
        out.append(Neighbour(rank, other, round(score, 4), shared, different))
    return out


def _facet_order(name: str) -> int:
    return list(FACETS).index(name)


def label_of(kg: KnowledgeGraph, iri: str) -> str:
    """Return the label of an IRI, or its local name."""
    return kg.vocabulary.labels.get(URIRef(iri)) or local_name(iri)


def methods_of_category(
    kg: KnowledgeGraph, category: str, reasoner: str = "owlrl", notes: list[str] | None = None
) -> list[MethodRef]:
    """List the methods of a category (class label or local name), asserted or inferred.

    Methods the reasoner finds but the graph does not type as nas:NASMethod (typed through rdfs:domain,
    or only by a defined class) are listed too, after the others. The reasoner's notes (e.g. that the
    fast path fell back to a complete engine) are added to ``notes``.
    """
    from nas_kg.reasoning import reason

    cls = kg.resolve_category(category)
    result = reason(kg, reasoner=reasoner)
    if notes is not None:
        notes.extend(result.notes)
    members = result.members(cls)
    listed = [m for m in kg.method_index if m.iri in members]
    known = {m.iri for m in listed}
    extra = sorted((MethodRef(m, kg.label(m)) for m in members - known), key=lambda m: m.label.casefold())
    return listed + extra


def methods_with(kg: KnowledgeGraph, **facet_filters: str | Sequence[str]) -> list[MethodRef]:
    """List the methods that have every given facet value, e.g. search_algorithm="Differentiable"."""
    selected: set[URIRef] | None = None
    for facet, wanted in facet_filters.items():
        _check_facet(facet)
        for value in [wanted] if isinstance(wanted, str) else wanted:
            iri = kg.vocabulary.resolve_value(facet, value)
            hits = {URIRef(r["method"]) for r in kg.query("methods-with-value", facet=facet, value=str(iri)).records()}
            selected = hits if selected is None else selected & hits
    return [m for m in kg.method_index if selected is None or m.iri in selected]
