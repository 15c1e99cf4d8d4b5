"""Evidence records in YAML: reported results, lineage edges and code repositories, built into RDF.

Three document kinds sit beside the method records in ``ontology/works/src``: ``results:`` (the
numbers papers print), ``edges:`` (typed, sourced relations between methods) and ``repositories:``
(official implementations). Every item names its source and where in it; values are kept exactly as
printed. The build (``python -m nas_kg.build``) turns each into ``ontology/works/<name>.ttl``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from nas_kg.errors import AmbiguousTermError, InputError, UnknownTermError
from nas_kg.namespaces import LINEAGE, NAS, NASE, PREFIXES, RESULT, SCHEMA, WORK
from nas_kg.terms import Vocabulary, normalise
from nas_kg.yamlio import load_yaml

KINDS = ("results", "edges", "repositories")
#: relation name -> (the property between methods, the relation individual a claim states)
RELATIONS: dict[str, tuple[URIRef, URIRef]] = {
    "extends": (NASE.extends, NASE.ExtendsRelation),
    "improves_on": (NASE.improvesOn, NASE.ImprovesOnRelation),
    "compares_against": (NASE.comparesAgainst, NASE.ComparesAgainstRelation),
    "reuses_search_space_of": (NASE.reusesSearchSpaceOf, NASE.ReusesSearchSpaceOfRelation),
}
ORIGINS = {"own": NASE.OwnPaper, "other": NASE.OtherPaper}
RESULT_KEYS = {
    "method", "dataset", "metric", "value", "spread", "unit", "setting", "source", "locator",
    "reported_by", "device", "hardware", "counted_as", "verified", "ambiguity",
}  # fmt: skip
EDGE_KEYS = {"from", "relation", "to", "problem", "source", "locator", "why", "verified", "ambiguity"}
REPO_KEYS = {"method", "url", "where", "checked", "ambiguity"}
SOURCE = re.compile(r"^(arXiv:(?P<arxiv>\d{4}\.\d{4,5})(?P<version>v\d+)?|doi:(?P<doi>10\.\S+)|(?P<url>https://\S+))$")
#: A number as papers print it: digits, an optional fraction, optionally thousands separated by commas.
NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
REPOSITORY = re.compile(r"^https://(github\.com|gitlab\.com|bitbucket\.org)/[\w.-]+/[\w.-]+(/\S*)?$")


@dataclass
class EvidenceVocabulary:
    """The terms evidence records name: metrics and units by notation, problems by label, datasets."""

    metrics: dict[str, URIRef]
    units: dict[str, URIRef]
    allowed: dict[URIRef, set[URIRef]]
    problems: dict[str, URIRef]
    vocab: Vocabulary

    @classmethod
    def from_graph(cls, tbox: Graph, vocab: Vocabulary) -> EvidenceVocabulary:
        """Read the evidence module's individuals from the ontology."""

        def notations(kind: URIRef) -> dict[str, URIRef]:
            return {str(tbox.value(s, SKOS.notation)): s for s in tbox.subjects(RDF.type, kind)}  # type: ignore[misc]

        allowed: dict[URIRef, set[URIRef]] = {}
        for metric, unit in tbox.subject_objects(NASE.allowedUnit):
            allowed.setdefault(metric, set()).add(unit)  # type: ignore[arg-type]
        problems = {
            normalise(str(label)): s
            for s in tbox.subjects(RDF.type, NASE.Problem)
            for label in (*tbox.objects(s, RDFS.label), *tbox.objects(s, SKOS.altLabel))
        }
        return cls(notations(NASE.Metric), notations(NASE.Unit), allowed, problems, vocab)  # type: ignore[arg-type]


def source_iri(text: str) -> URIRef | None:
    """Return the document IRI of a source: arXiv abstract page (with version), DOI, or the URL itself."""
    match = SOURCE.match(text.strip())
    if match is None:
        return None
    if match["arxiv"]:
        return URIRef(f"https://arxiv.org/abs/{match['arxiv']}{match['version'] or ''}")
    if match["doi"]:
        return URIRef(f"https://doi.org/{match['doi']}")
    return URIRef(match["url"])


def read_document(text: str, origin: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse an evidence YAML document; return its kind and items (InputError for bad YAML or shape)."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # PyYAML puts the position on some errors only
        where = f"{origin}:{mark.line + 1}:{mark.column + 1}" if mark else origin
        raise InputError(f"{where}: malformed YAML: {getattr(exc, 'problem', None) or exc}") from exc
    kinds = [k for k in KINDS if isinstance(data, dict) and k in data]
    if len(kinds) != 1 or not isinstance(data[kinds[0]], list):
        raise InputError(f"{origin}: expected a mapping with one list: {', '.join(KINDS)}")
    return kinds[0], [dict(item) if isinstance(item, dict) else {"_invalid": item} for item in data[kinds[0]]]


def build_evidence(
    kind: str, items: Iterable[dict[str, Any]], terms: EvidenceVocabulary, methods: set[str]
) -> tuple[Graph, list[str]]:
    """Build the triples of an evidence document; return them and every problem found."""
    builders: dict[str, Callable[[Graph, dict[str, Any], str, EvidenceVocabulary, set[str], list[str]], None]] = {
        "results": _result,
        "edges": _edge,
        "repositories": _repository,
    }
    keys = {"results": RESULT_KEYS, "edges": EDGE_KEYS, "repositories": REPO_KEYS}[kind]
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    problems: list[str] = []
    for index, item in enumerate(items, start=1):
        at = f"{kind} item {index}"
        unknown = sorted(set(item) - keys)
        if unknown:
            problems.append(f"{at}: unknown field(s) {', '.join(map(repr, unknown))}")
            continue
        before = len(problems)
        sub = Graph()
        builders[kind](sub, item, at, terms, methods, problems)
        if len(problems) == before:
            graph += sub
    return graph, problems


def _text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    return None if value is None or str(value).strip() == "" else str(value).strip()


def _method(item: dict[str, Any], key: str, at: str, methods: set[str], problems: list[str]) -> URIRef | None:
    name = _text(item, key)
    if name is None or name not in methods:
        problems.append(f"{at}: {key} {name!r} is not the id of a method in the corpus")
        return None
    return WORK[name]


def _required(item: dict[str, Any], keys: Iterable[str], at: str, problems: list[str]) -> bool:
    missing = [k for k in keys if _text(item, k) is None]
    if missing:
        problems.append(f"{at}: needs {', '.join(missing)}")
    return not missing


def _source(graph: Graph, node: URIRef, item: dict[str, Any], at: str, problems: list[str]) -> None:
    text = _text(item, "source") or ""
    iri = source_iri(text)
    if iri is None:
        problems.append(f"{at}: source must be arXiv:ID[vN], doi:10.x/y or an https URL, got {text!r}")
        return
    graph.add((node, NASE.sourceLabel, Literal(text)))
    graph.add((node, NASE.reportedIn, iri))


def _notes(graph: Graph, node: URIRef, item: dict[str, Any]) -> None:
    for key, prop in (("locator", NAS.locator), ("why", NAS.rationale), ("ambiguity", NAS.ambiguity)):
        if _text(item, key):
            graph.add((node, prop, Literal(_text(item, key))))
    for key in ("verified", "checked"):
        if _text(item, key):
            graph.add((node, NASE.verification, Literal(_text(item, key))))


def _result(
    graph: Graph, item: dict[str, Any], at: str, terms: EvidenceVocabulary, methods: set[str], problems: list[str]
) -> None:
    if not _required(item, ("method", "dataset", "metric", "value", "unit", "source", "locator"), at, problems):
        return
    method = _method(item, "method", at, methods, problems)
    metric = terms.metrics.get(str(item["metric"]))
    unit = terms.units.get(str(item["unit"]))
    if metric is None:
        problems.append(f"{at}: unknown metric {item['metric']!r} (metrics: {', '.join(sorted(terms.metrics))})")
    if unit is None:
        problems.append(f"{at}: unknown unit {item['unit']!r} (units: {', '.join(sorted(terms.units))})")
    if metric is not None and unit is not None and unit not in terms.allowed.get(metric, set()):
        problems.append(f"{at}: unit {item['unit']!r} does not fit metric {item['metric']!r}")
    try:
        dataset = terms.vocab.resolve_value("dataset", str(item["dataset"]))
    except (UnknownTermError, AmbiguousTermError) as exc:
        problems.append(f"{at}: {exc}")
        return
    printed = str(item["value"]).strip()
    if not NUMBER.match(printed):
        problems.append(f"{at}: value must be a number as printed (e.g. '2.76'), got {printed!r}")
        return
    origin = ORIGINS.get(str(item.get("reported_by", "own")))
    if origin is None:
        problems.append(f"{at}: reported_by must be 'own' or 'other'")
    if method is None or metric is None or unit is None or origin is None:
        return
    key = "|".join(
        str(item.get(k, "")) for k in ("method", "dataset", "metric", "value", "setting", "source", "locator")
    )
    node = RESULT[f"{item['method']}/{hashlib.sha1(key.encode()).hexdigest()[:12]}"]  # noqa: S324 - a name, not security
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDF.type, NASE.Result))
    graph.add((node, NASE.resultOf, method))
    graph.add((node, NASE.onDataset, dataset))
    graph.add((node, NASE.metric, metric))
    graph.add((node, NASE.unit, unit))
    graph.add((node, NASE.reportOrigin, origin))
    graph.add((node, NASE.value, Literal(printed.replace(",", ""), datatype=XSD.decimal)))
    graph.add((node, NASE.printedValue, Literal(printed)))
    for key, prop in (
        ("spread", NASE.spread),
        ("setting", NASE.setting),
        ("device", NASE.device),
        ("hardware", NASE.hardware),
        ("counted_as", NASE.countedAs),
    ):
        if _text(item, key):
            graph.add((node, prop, Literal(_text(item, key))))
    if _text(item, "spread"):
        try:
            Decimal(str(item["spread"]))
        except InvalidOperation:
            problems.append(f"{at}: spread must be a number as printed, got {item['spread']!r}")
    _source(graph, node, item, at, problems)
    _notes(graph, node, item)


def _edge(
    graph: Graph, item: dict[str, Any], at: str, terms: EvidenceVocabulary, methods: set[str], problems: list[str]
) -> None:
    if not _required(item, ("from", "relation", "to", "source", "locator"), at, problems):
        return
    source, target = _method(item, "from", at, methods, problems), _method(item, "to", at, methods, problems)
    relation, stated = RELATIONS.get(str(item["relation"]), (None, None))
    if relation is None or stated is None:
        problems.append(f"{at}: relation must be one of {', '.join(RELATIONS)}, got {item['relation']!r}")
    problem = None
    if _text(item, "problem"):
        problem = terms.problems.get(normalise(str(item["problem"])))
        if problem is None:
            problems.append(f"{at}: unknown problem {item['problem']!r}")
    elif relation == NASE.improvesOn:
        problems.append(f"{at}: an improves_on edge names the problem it fixes")
    if source is None or target is None or relation is None or stated is None:
        return
    if _text(item, "problem") and problem is None:
        return
    if source == target:
        problems.append(f"{at}: a method cannot relate to itself")
        return
    key = "|".join(str(item.get(k, "")) for k in ("source", "locator", "problem"))
    node = LINEAGE[f"{item['from']}/{item['relation']}/{item['to']}/{hashlib.sha1(key.encode()).hexdigest()[:8]}"]  # noqa: S324
    graph.add((source, relation, target))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDF.type, NASE.LineageClaim))
    graph.add((node, NASE.lineageFrom, source))
    graph.add((node, NASE.lineageTo, target))
    graph.add((node, NASE.lineageRelation, stated))
    if problem is not None:
        graph.add((node, NASE.lineageProblem, problem))
        graph.add((source, NASE.addressesProblem, problem))
    _source(graph, node, item, at, problems)
    _notes(graph, node, item)


def _repository(
    graph: Graph, item: dict[str, Any], at: str, terms: EvidenceVocabulary, methods: set[str], problems: list[str]
) -> None:
    if not _required(item, ("method", "url", "where"), at, problems):
        return
    method = _method(item, "method", at, methods, problems)
    url = str(item["url"]).strip().rstrip("/")
    if not REPOSITORY.match(url):
        problems.append(f"{at}: url must be an https URL of a GitHub, GitLab or Bitbucket repository, got {url!r}")
        return
    if method is None:
        return
    node = URIRef(f"{method}/code")
    graph.add((method, SCHEMA.codeRepository, URIRef(url)))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDF.type, NASE.CodeClaim))
    graph.add((node, NASE.codeOf, method))
    graph.add((node, NASE.reportedIn, URIRef(url)))
    graph.add((node, NAS.locator, Literal(str(item["where"]).strip())))
    _notes(graph, node, item)
