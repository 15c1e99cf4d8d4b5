"""Generate synthetic works graphs of N NAS methods, shaped like the bundled graph and valid under its shapes.

Facet-value frequencies and per-method cardinalities come from the bundled graph (the ``facet-values``
canned query over ``nas_kg.load()``); values the bundled graph never uses get a small pseudo-count
(``smoothing``), so that at 100,000 methods every term of a facet appears, as it would in a literature-wide
graph. The output is N-Triples written as plain strings (fast: ~1 s per 100,000 methods), IRIs under
``https://w3id.org/nas-kg/work/synthetic-<i>``, and every method satisfies the SHACL shapes: a title, a
year, an arXiv-like id, a label, exactly one baseline architecture, at least one value of every required
core facet, only manual or only automatic search strategies, a sampling method if and only if automatic.

With ``claims=True`` every facet value also gets a ``nas:Claim`` provenance node (as in the bundled graph,
~9 triples each), from a synthetic source; 5% of methods get a second source's claim on the search
algorithm, half of them disagreeing, so that ``source-disagreements`` has work to do.

``shape="evidence"`` writes methods shaped like the curated works instead (``benchmarks/evidence.py``):
about 170 triples per method, two sources for some, about 1 % broken records.

Usage: ``python -m benchmarks.generate 10000 out.nt [--seed 0] [--claims | --shape evidence]``.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

WORK = "https://w3id.org/nas-kg/work/"
NAS = "https://w3id.org/nas-kg/"
SOURCE = "https://w3id.org/nas-kg/source/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_NI = "http://www.w3.org/2002/07/owl#NamedIndividual"
DCT_TITLE = "http://purl.org/dc/terms/title"
XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
SYNTHETIC_SOURCES = (SOURCE + "synthetic", SOURCE + "synthetic-second-reading")


@dataclass
class FacetModel:
    """One facet's empirical model: value weights and the distribution of values per method."""

    name: str
    prop: str
    values: list[str]
    weights: list[float]
    cardinality: Counter[int]
    min_count: int
    max_count: int | None


@dataclass
class GraphModel:
    """Everything the generator draws from: facets, manual/automatic strategies, years, manual share."""

    facets: dict[str, FacetModel]
    manual: set[str]
    automatic: set[str]
    manual_share: float
    years: list[int] = field(default_factory=list)
    year_weights: list[float] = field(default_factory=list)


def empirical_model(smoothing: float = 0.5) -> GraphModel:
    """Read facet-value frequencies and cardinalities from the bundled graph."""
    import nas_kg
    from nas_kg.model import FACET_BY_PROPERTY, FACETS

    kg = nas_kg.load()
    methods = [m.iri for m in kg.method_index]
    per_method: dict[URIRef, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for method, facet, value in kg.query("facet-values").rows:
        spec = FACET_BY_PROPERTY.get(URIRef(str(facet)))
        if spec is None:
            continue
        per_method[URIRef(str(method))][spec.name].append(str(value))
        counts[spec.name][str(value)] += 1
    manual = {r["v"] for r in kg.select(_TYPED, {"c": URIRef(NAS + "ManualSearchStrategy")}).records()}
    automatic = {r["v"] for r in kg.select(_TYPED, {"c": URIRef(NAS + "AutomaticSearchStrategy")}).records()}
    facets = {}
    for name, spec in FACETS.items():
        all_values = [r["value"] for r in kg.query("facet-coverage", facet=name).records()]
        values = sorted(set(all_values) | set(counts[name]))
        weights = [counts[name][v] + smoothing for v in values]
        cardinality = Counter(len(per_method[m].get(name, [])) for m in methods)
        facets[name] = FacetModel(name, str(spec.prop), values, weights, cardinality, spec.min_count, spec.max_count)
    n_manual = sum(
        1 for m in methods if per_method[m].get("search_algorithm") and set(per_method[m]["search_algorithm"]) <= manual
    )
    n_with = sum(1 for m in methods if per_method[m].get("search_algorithm"))
    years = Counter(int(r["year"]) for r in kg.query("methods-per-year").records() for _ in range(int(r["methods"])))
    return GraphModel(
        facets,
        manual,
        automatic,
        n_manual / max(n_with, 1),
        sorted(years),
        [float(years[y]) for y in sorted(years)],
    )


_TYPED = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?v WHERE { ?v rdf:type ?c . }"""


def _cardinality(rng: random.Random, model: FacetModel, at_least: int, limit: int) -> int:
    items = [(k, n) for k, n in model.cardinality.items() if k >= at_least]
    if not items:
        return at_least
    k = rng.choices([k for k, _ in items], weights=[n for _, n in items])[0]
    if model.max_count is not None:
        k = min(k, model.max_count)
    return min(k, limit)


def _pick(rng: random.Random, values: Sequence[str], weights: Sequence[float], k: int) -> list[str]:
    """Draw k distinct values, weighted, without replacement."""
    chosen: list[str] = []
    pool, w = list(values), list(weights)
    for _ in range(min(k, len(pool))):
        i = rng.choices(range(len(pool)), weights=w)[0]
        chosen.append(pool.pop(i))
        w.pop(i)
    return chosen


def method_facets(rng: random.Random, model: GraphModel) -> dict[str, list[str]]:
    """Draw one method's facet values, respecting the shapes."""
    out: dict[str, list[str]] = {}
    manual = rng.random() < model.manual_share
    for name, fm in model.facets.items():
        if name == "search_algorithm":
            pool = model.manual if manual else model.automatic
            idx = [i for i, v in enumerate(fm.values) if v in pool]
            values = [fm.values[i] for i in idx]
            weights = [fm.weights[i] for i in idx]
            k = _cardinality(rng, fm, 1, len(values))
            out[name] = _pick(rng, values, weights, k)
            continue
        if name == "sampling_method":
            if manual:
                continue
            k = _cardinality(rng, fm, 1, len(fm.values))
        elif name == "baseline_architecture":
            k = 1
        else:
            k = _cardinality(rng, fm, fm.min_count, len(fm.values))
        if k:
            out[name] = _pick(rng, fm.values, fm.weights, k)
    return out


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: The shapes of generated graphs: lean (facet values only) and evidence (a claim per value, as curated).
SHAPES = ("lean", "evidence")


def generate(
    n: int,
    path: Path,
    *,
    seed: int = 0,
    claims: bool = False,
    model: GraphModel | None = None,
    shape: str = "lean",
    broken_share: float = 0.01,
    second_share: float = 0.1,
) -> Path:
    """Write a works graph of n synthetic methods to path (N-Triples); return the path.

    ``shape="evidence"`` writes methods shaped like the curated works (``benchmarks.evidence``): a claim
    with locator and rationale per value, a second source for ``second_share`` of the methods and one
    curation error in ``broken_share`` of them. ``claims=True`` adds a bare claim per value to the lean shape.
    """
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (choose from {', '.join(SHAPES)})")
    model = model or empirical_model()
    rng = random.Random(seed)
    lines: list[str] = []
    add = lines.append
    if shape == "evidence":
        from benchmarks import evidence

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        broken_every = round(1 / broken_share) if broken_share > 0 else 0
        with path.open("w", encoding="utf-8") as out:  # streamed: 100,000 methods are 2.7 GB of text
            evidence.sources(add)
            for i in range(n):
                year = rng.choices(model.years, weights=model.year_weights)[0]
                broken = None
                if broken_every and i % broken_every == broken_every // 2:
                    broken = evidence.BROKEN_KINDS[(i // broken_every) % len(evidence.BROKEN_KINDS)]
                evidence.method(add, rng, i, year, model, broken, rng.random() < second_share)
                if len(lines) > 100000:
                    out.write("\n".join(lines) + "\n")
                    lines.clear()
            out.write("".join(line + "\n" for line in lines))
        return path
    if claims:
        for i, src in enumerate(SYNTHETIC_SOURCES):
            add(f"<{src}> <{RDF_TYPE}> <{OWL_NI}> .")
            add(f"<{src}> <{RDF_TYPE}> <{NAS}Source> .")
            add(f"<{src}> <{RDFS_LABEL}> {_lit(f'Synthetic benchmark source {i + 1}')} .")
    props = {name: fm.prop for name, fm in model.facets.items()}
    for i in range(n):
        m = f"<{WORK}synthetic-{i}>"
        year = rng.choices(model.years, weights=model.year_weights)[0]
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{i % 100000:05d}"
        add(f"{m} <{RDF_TYPE}> <{OWL_NI}> .")
        add(f"{m} <{RDF_TYPE}> <{NAS}NASMethod> .")
        add(f"{m} <{RDFS_LABEL}> {_lit(f'SynthNAS-{i:06d}')} .")
        add(f"{m} <{DCT_TITLE}> {_lit(f'Synthetic neural architecture search method number {i}')} .")
        add(f'{m} <{NAS}year> "{year}"^^<{XSD_INT}> .')
        add(f"{m} <{NAS}arxivId> {_lit(arxiv)} .")
        add(f"{m} <{NAS}authors> {_lit(f'A. Author{i % 997}; B. Author{i % 991}')} .")
        facets = method_facets(rng, model)
        for name, values in facets.items():
            for v in values:
                add(f"{m} <{props[name]}> <{v}> .")
        if claims:
            _claims(add, rng, i, m, facets, props, model)
    return _write(path, lines)


def _write(path: Path, lines: list[str]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _claims(add, rng, i, m, facets, props, model):  # type: ignore[no-untyped-def]
    """Add one nas:Claim per facet value (and, for 5% of methods, a second source's reading)."""
    src = SYNTHETIC_SOURCES[0]
    for name, values in facets.items():
        for pos, v in enumerate(values, start=1):
            _claim(add, f"<{WORK}synthetic-{i}/claim/synthetic/{name}/{pos}>", m, props[name], src, v, pos)
    if rng.random() < 0.05 and "search_algorithm" in facets:
        v = facets["search_algorithm"][0]
        if rng.random() < 0.5:
            fm = model.facets["search_algorithm"]
            pool = model.manual if v in model.manual else model.automatic
            v = rng.choice(sorted(set(pool) & set(fm.values)))
        c = f"<{WORK}synthetic-{i}/claim/synthetic-second-reading/search_algorithm/1>"
        _claim(add, c, m, props["search_algorithm"], SYNTHETIC_SOURCES[1], v, 1)


def _claim(add, c, m, prop, src, value, pos):  # type: ignore[no-untyped-def]
    add(f"{c} <{RDF_TYPE}> <{OWL_NI}> .")
    add(f"{c} <{RDF_TYPE}> <{NAS}Claim> .")
    add(f"{c} <{NAS}claimAbout> {m} .")
    add(f"{c} <{NAS}claimFacet> <{prop}> .")
    add(f"{c} <{NAS}claimSource> <{src}> .")
    add(f"{c} <{NAS}claimValue> <{value}> .")
    add(f"{c} <{NAS}locator> {_lit('Synthetic, Sec. 3')} .")
    add(f'{c} <{NAS}position> "{pos}"^^<{XSD_INT}> .')
    add(f"{c} <{NAS}rationale> {_lit('Drawn from the bundled graph distribution.')} .")


def main(argv: Sequence[str] | None = None) -> None:
    """Write one synthetic graph from the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of methods")
    parser.add_argument("out", type=Path, help="output .nt file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--claims", action="store_true", help="add one bare nas:Claim per facet value (lean shape)")
    parser.add_argument(
        "--shape", choices=SHAPES, default="lean", help="lean, or evidence (shaped like the curated works)"
    )
    parser.add_argument(
        "--smoothing", type=float, default=0.5, help="pseudo-count for values the bundled graph never uses"
    )
    args = parser.parse_args(argv)
    generate(
        args.n, args.out, seed=args.seed, claims=args.claims, model=empirical_model(args.smoothing), shape=args.shape
    )


if __name__ == "__main__":
    main()
