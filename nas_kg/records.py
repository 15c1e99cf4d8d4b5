"""Method records in YAML: parse them, resolve their labels to terms, and build their triples.

The same code builds the bundled works files from ``ontology/works/src/*.yaml`` and the user's
works file in ``nas-kg add``, so a curated method and a user's method look the same in RDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from nas_kg.errors import AmbiguousTermError, InputError, RecordError, UnknownTermError
from nas_kg.model import FACETS, facet
from nas_kg.namespaces import NAS, NASX, SOURCE, WORK
from nas_kg.rdfio import Triples
from nas_kg.terms import Vocabulary
from nas_kg.yamlio import parse_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
RECORD_KEYS = {
    "id",
    "label",
    "title",
    "authors",
    "year",
    "venue",
    "arxiv",
    "doi",
    "facets",
    "not_stated",
    "ambiguity",
    "classification",
    "seed",
    "identifier_evidence",
    "notes",
}
VALUE_KEYS = {"value", "where", "why", "verbatim", "role"}
# What a cost is for (issue 15): the role a cost value plays in the method's search.
COST_ROLES = {
    "objective": NASX.ObjectiveRole,
    "constraint": NASX.ConstraintRole,
    "reported": NASX.ReportedRole,
    "search": NASX.SearchCostRole,
}
GUIDING_ROLES = {"objective", "constraint"}
TABLE_NAMES = {"I": NAS.TableI, "II": NAS.TableII}


@dataclass(frozen=True)
class FacetValue:
    """One value a record gives for a facet, with its evidence."""

    facet: str
    value: str
    where: str | None = None
    why: str | None = None
    verbatim: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class SeedRow:
    """Where a work stands in the seed paper: reference number, table and row."""

    ref: int
    table: str
    row: int


@dataclass
class MethodRecord:
    """One method as described by one source."""

    id: str
    label: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    not_stated: dict[str, str] = field(default_factory=dict)
    ambiguity: str | None = None
    notes: list[str] = field(default_factory=list)
    secondary: bool = False
    seed: SeedRow | None = None
    line: int | None = None

    @property
    def iri(self) -> URIRef:
        """Return the method's IRI."""
        return WORK[self.id]

    @property
    def where(self) -> str:
        """Name the record in messages: its id and the line it starts on."""
        return f"record {self.id!r}" + (f" (line {self.line})" if self.line else "")


@dataclass(frozen=True)
class SourceInfo:
    """The source a records file comes from; it becomes a named graph and the claims' source."""

    id: str
    label: str
    description: str | None = None
    citation: str | None = None

    @property
    def iri(self) -> URIRef:
        """Return the source's IRI."""
        return SOURCE[self.id]


DEFAULT_SOURCE = SourceInfo("user", "Records added with nas-kg add", "Methods added by a nas-kg user.")


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip()


def parse_records(text: str, origin: str) -> tuple[SourceInfo | None, list[MethodRecord]]:
    """Parse a YAML records document; raise InputError for bad YAML, RecordError for bad records."""
    source, records, problems = read_records(text, origin)
    if problems:
        raise RecordError(problems)
    return source, records


def read_records(text: str, origin: str) -> tuple[SourceInfo | None, list[MethodRecord], list[str]]:
    """Parse a YAML records document and return the problems found instead of raising them."""
    try:
        root, data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(f"{where}: malformed YAML: {problem}") from exc
    if isinstance(data, list):
        data = {"methods": data}
    if not isinstance(data, dict) or not isinstance(data.get("methods"), list):
        raise InputError(f"{origin}: expected a mapping with a 'methods' list")
    lines = _record_lines(root)
    problems: list[str] = []
    source = None
    if "source" in data:
        src = data["source"]
        if not isinstance(src, dict) or not SLUG.match(str(src.get("id", ""))) or not src.get("label"):
            problems.append("source: needs an 'id' (lowercase slug) and a 'label'")
        else:
            source = SourceInfo(
                str(src["id"]), str(src["label"]), _text(src.get("description")), _text(src.get("citation"))
            )
    records = []
    for index, item in enumerate(data["methods"]):
        line = lines[index] if index < len(lines) else None
        records.append(_parse_record(item, index, line, problems))
    return source, records, problems


def _record_lines(root: yaml.Node | None) -> list[int]:
    if isinstance(root, yaml.SequenceNode):
        return [node.start_mark.line + 1 for node in root.value]
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if getattr(key, "value", None) == "methods" and isinstance(value, yaml.SequenceNode):
                return [node.start_mark.line + 1 for node in value.value]
    return []


def _parse_record(item: Any, index: int, line: int | None, problems: list[str]) -> MethodRecord:
    at = f"record {index + 1}" + (f" (line {line})" if line else "")
    if not isinstance(item, dict):
        problems.append(f"{at}: expected a mapping of fields")
        return MethodRecord(id=f"invalid-{index}", line=line)
    rid = str(item.get("id", "")).strip()
    if not SLUG.match(rid):
        problems.append(f"{at}: 'id' must be a lowercase slug (letters, digits, hyphens), got {rid!r}")
        rid = f"invalid-{index}"
    else:
        at = f"record {rid!r}" + (f" (line {line})" if line else "")
    for key in sorted(set(item) - RECORD_KEYS):
        problems.append(f"{at}: unknown field {key!r}")
    record = MethodRecord(id=rid, line=line)
    record.label = _text(item.get("label"))
    record.title = _text(item.get("title"))
    record.venue = _text(item.get("venue"))
    record.ambiguity = _text(item.get("ambiguity"))
    record.notes = [n for n in (_text(item.get("notes")), _text(item.get("identifier_evidence"))) if n]
    record.secondary = str(item.get("classification", "primary")).strip() == "secondary"
    if item.get("classification", "primary") not in ("primary", "secondary"):
        problems.append(f"{at}: 'classification' must be 'primary' or 'secondary'")
    authors = item.get("authors", [])
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(";")]
    if not isinstance(authors, list):
        problems.append(f"{at}: 'authors' must be a list of names")
        authors = []
    record.authors = [str(a).strip() for a in authors if str(a).strip()]
    if item.get("year") is not None:
        try:
            record.year = int(item["year"])
        except (TypeError, ValueError):
            problems.append(f"{at}: 'year' must be a whole number, got {item['year']!r}")
    arxiv, doi = _text(item.get("arxiv")), _text(item.get("doi"))
    if arxiv and not ARXIV.match(arxiv):
        problems.append(f"{at}: 'arxiv' must look like 1806.09055 (no version, no prefix), got {arxiv!r}")
    if doi and not DOI.match(doi):
        problems.append(f"{at}: 'doi' must look like 10.1109/CVPR.2018.00907 (no https://doi.org/), got {doi!r}")
    record.arxiv, record.doi = arxiv, doi
    seed = item.get("seed")
    if seed is not None:
        try:
            record.seed = SeedRow(int(seed["ref"]), str(seed["table"]), int(seed["row"]))
            if record.seed.table not in TABLE_NAMES:
                raise ValueError(seed["table"])
        except (TypeError, KeyError, ValueError):
            problems.append(f"{at}: 'seed' needs ref (number), table (I or II) and row (number)")
    facets = item.get("facets") or {}
    if not isinstance(facets, dict):
        problems.append(f"{at}: 'facets' must map facet names to values")
        facets = {}
    for name, values in facets.items():
        if name not in FACETS:
            problems.append(f"{at}: {_unknown_facet(name)}")
            continue
        record.facets[name] = _parse_values(name, values, at, problems)
    not_stated = item.get("not_stated") or {}
    if not isinstance(not_stated, dict):
        problems.append(f"{at}: 'not_stated' must map facet names to reasons")
        not_stated = {}
    for name, reason in not_stated.items():
        if name not in FACETS:
            problems.append(f"{at}: not_stated: {_unknown_facet(name)}")
        elif not _text(reason):
            problems.append(f"{at}: not_stated {name!r} needs a reason")
        else:
            record.not_stated[name] = str(reason).strip()
    return record


def _parse_values(facet: str, values: Any, at: str, problems: list[str]) -> list[FacetValue]:
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    out = []
    for value in values:
        if isinstance(value, dict):
            for key in sorted(set(value) - VALUE_KEYS):
                problems.append(f"{at}: {facet}: unknown key {key!r} in a value")
            if not _text(value.get("value")):
                problems.append(f"{at}: {facet}: a value mapping needs 'value'")
                continue
            role = _text(value.get("role"))
            if role is not None and facet != "cost":
                problems.append(f"{at}: {facet}: 'role' is given only for cost values")
            elif role is not None and role not in COST_ROLES:
                problems.append(f"{at}: cost: role must be one of {', '.join(COST_ROLES)}, got {role!r}")
            out.append(
                FacetValue(
                    facet,
                    str(value["value"]).strip(),
                    _text(value.get("where")),
                    _text(value.get("why")),
                    _text(value.get("verbatim")),
                    role,
                )
            )
        elif isinstance(value, str | int | float):
            out.append(FacetValue(facet, str(value).strip()))
        else:
            problems.append(f"{at}: {facet}: a value must be a label or a mapping with 'value'")
    return out


@dataclass
class ResolvedRecords:
    """Records whose labels resolved to terms: the triples to add and the problems found."""

    triples: Triples
    problems: list[str]

    @cached_property
    def graph(self) -> Graph:
        """Return the triples as an rdflib graph with the nas-kg prefixes bound."""
        return self.triples.graph()


def build_graph(
    records: Iterable[MethodRecord],
    source: SourceInfo,
    vocab: Vocabulary,
) -> ResolvedRecords:
    """Resolve every record's labels and build its triples; collect every problem at once."""
    graph = Triples()
    problems: list[str] = []
    src = source.iri
    graph.add((src, RDF.type, OWL.NamedIndividual))
    graph.add((src, RDF.type, NAS.Source))
    graph.add((src, RDFS.label, Literal(source.label)))
    if source.description:
        graph.add((src, DCTERMS.description, Literal(source.description)))
    if source.citation:
        graph.add((src, DCTERMS.bibliographicCitation, Literal(source.citation)))
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            problems.append(f"{record.where}: id {record.id!r} is used twice in this file")
        seen.add(record.id)
        _build_record(graph, record, src, source.id, vocab, problems)
    return ResolvedRecords(graph, problems)


def _build_record(
    graph: Triples, record: MethodRecord, src: URIRef, source_id: str, vocab: Vocabulary, problems: list[str]
) -> None:
    m = record.iri
    if not record.secondary:
        graph.add((m, RDF.type, OWL.NamedIndividual))
        graph.add((m, RDF.type, NAS.NASMethod))
        graph.add((m, NAS.preferredSource, src))
        for prop, value in (
            (RDFS.label, record.label),
            (DCTERMS.title, record.title),
            (NAS.venue, record.venue),
            (NAS.ambiguity, record.ambiguity),
            (NAS.arxivId, record.arxiv),
            (NAS.doi, record.doi),
        ):
            if value:
                graph.add((m, prop, Literal(value)))
        for note in record.notes:
            graph.add((m, SKOS.editorialNote, Literal(note)))
        if record.authors:
            graph.add((m, NAS.authors, Literal("; ".join(record.authors))))
        if record.year is not None:
            graph.add((m, NAS.year, Literal(record.year, datatype=XSD.integer)))
        if record.arxiv:
            graph.add((m, RDFS.seeAlso, URIRef(f"https://arxiv.org/abs/{record.arxiv}")))
        if record.doi:
            graph.add((m, RDFS.seeAlso, URIRef(f"https://doi.org/{record.doi}")))
        if record.seed:
            graph.add((m, NAS.referenceNumber, Literal(record.seed.ref, datatype=XSD.integer)))
            graph.add((m, NAS.seedTable, TABLE_NAMES[record.seed.table]))
            graph.add((m, NAS.seedRow, Literal(record.seed.row, datatype=XSD.integer)))
    for name, values in record.facets.items():
        facet = FACETS[name]
        for position, fv in enumerate(values, start=1):
            try:
                term = vocab.resolve_value(name, fv.value)
            except (UnknownTermError, AmbiguousTermError) as exc:
                problems.append(f"{record.where}: {exc}")
                continue
            if not record.secondary:
                graph.add((m, facet.prop, term))
            claim = WORK[f"{record.id}/claim/{source_id}/{name}/{position}"]
            _claim(graph, claim, m, facet.prop, src, fv.where, fv.why)
            graph.add((claim, NAS.claimValue, term))
            graph.add((claim, NAS.position, Literal(position, datatype=XSD.integer)))
            if fv.verbatim:
                graph.add((claim, NAS.verbatim, Literal(fv.verbatim)))
            if fv.role in COST_ROLES:
                graph.add((claim, NASX.costRole, COST_ROLES[fv.role]))
            if fv.role in GUIDING_ROLES and not record.secondary:
                # The cost guides the search (seed §III-A): what the defined classes test.
                graph.add((m, NASX.guidedByCost, term))
    for name, reason in record.not_stated.items():
        facet = FACETS[name]
        if record.facets.get(name):
            problems.append(f"{record.where}: facet {name!r} has values and is also listed under not_stated")
        if not record.secondary:
            graph.add((m, NAS.notStated, facet.prop))
        claim = WORK[f"{record.id}/claim/{source_id}/{name}/not-stated"]
        _claim(graph, claim, m, facet.prop, src, None, reason)


def _claim(
    graph: Triples, claim: URIRef, method: URIRef, prop: URIRef, src: URIRef, where: str | None, why: str | None
) -> None:
    graph.add((claim, RDF.type, OWL.NamedIndividual))
    graph.add((claim, RDF.type, NAS.Claim))
    graph.add((claim, NAS.claimAbout, method))
    graph.add((claim, NAS.claimFacet, prop))
    graph.add((claim, NAS.claimSource, src))
    if where:
        graph.add((claim, NAS.locator, Literal(where)))
    if why:
        graph.add((claim, NAS.rationale, Literal(why)))


TEMPLATE = """\
# nas-kg method records. Add them with:  nas-kg add THIS_FILE [--into my-works.ttl]
# Facet values are labels (or synonyms) of the ontology's terms, matched case-insensitively;
# `nas-kg add --template` prints this file, README lists every facet and its values.
source:                      # optional: the source these records come from (default: 'user')
  id: my-lab                 # lowercase slug; becomes https://w3id.org/nas-kg/source/my-lab
  label: "My lab's reading of the papers"
methods:
  - id: my-method            # lowercase slug; becomes https://w3id.org/nas-kg/work/my-method
    label: MyNAS             # short name
    title: "MyNAS: An Example of a Method Record"
    authors: ["Ada Lovelace", "Alan Turing"]
    year: 2026
    venue: "arXiv preprint"
    arxiv: "2601.00001"      # and/or doi: "10.1234/example" (a warning where neither is given)
    facets:                  # each value: a label, or a mapping with value/where/why
      cost:
        - value: Task error
          where: "Sec. 3.1"                      # where in the method's paper
          why: "The reward is validation accuracy."
        - Inference latency
      baseline_architecture: Super-network       # exactly one
      search_space: Hierarchical, fixed macro-architecture
      search_algorithm: Differentiable           # 'Differential' (the paper's word) works too
      modification_level: Operator
      modification_location: Layer-wise
      sampling_method: Path finding              # automatic methods: a method or 'No sampling'; manual: omit
      dataset: [CIFAR-10, ImageNet]
    not_stated:              # facets the paper does not give, each with the reason
      training_strategy: "The paper does not describe how sampled architectures are trained."
"""


def _unknown_facet(name: object) -> str:
    """Return the message of an unknown facet name, with the closest facet names."""
    try:
        facet(str(name))
    except UnknownTermError as exc:
        return str(exc)
    return f"unknown facet {name!r}"
