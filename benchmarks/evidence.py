"""Evidence-bearing methods, shaped like the curated works: every facet value with its claim (issue 17).

A method here is written as ``nas_kg.records.build_graph`` writes a curated record (``ontology/works``):
bibliographic triples with a venue, authors, identifiers and ``rdfs:seeAlso``, an ambiguity and an
editorial note of the curated lengths, and for every facet value a ``nas:Claim`` with its source,
locator, position and rationale (some with the paper's verbatim wording); a facet the paper does not
give is declared ``nas:notStated`` with its own claim. About 170 triples per method.

- **Two sources**: ``second_share`` of the methods also get a second source's reading (claims only, as a
  ``classification: secondary`` record gives) of two or three facets; half of those readings disagree.
- **Broken records**: ``broken_share`` of the methods (about 1 %) carry one curation error each, in turn:
  a misspelt facet value, a required facet missing, a year out of range, a malformed arXiv id, claims
  without locator or rationale, no identifier, or a claim without a source. None makes the graph
  inconsistent (no method mixes manual and automatic strategies or has two baselines), so every command
  runs to its end and validation has violations and warnings to report.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from benchmarks.generate import (
    DCT_TITLE,
    NAS,
    OWL_NI,
    RDF_TYPE,
    RDFS_LABEL,
    SOURCE,
    WORK,
    XSD_INT,
    GraphModel,
    _lit,
    method_facets,
)

SKOS_NOTE = "http://www.w3.org/2004/02/skos/core#editorialNote"
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
PRIMARY = SOURCE + "synthetic-curated"
SECOND = SOURCE + "synthetic-second-reading"
SOURCES = ((PRIMARY, "Synthetic curated reading"), (SECOND, "Synthetic second reading"))

#: The kinds of broken record, used in turn.
BROKEN_KINDS = (
    "misspelt-value",
    "missing-facet",
    "year-out-of-range",
    "bad-arxiv",
    "claims-without-evidence",
    "no-identifier",
    "claim-without-source",
)

_WORDS = (
    "the search space is built from cells stacked into a fixed macro-architecture while the controller "
    "samples operations for every edge of the cell and the sampled architectures share the weights of a "
    "super-network trained on the proxy dataset before the final network is retrained from scratch on the "
    "target dataset with the reported protocol of the paper and its appendix tables"
).split()
_LOCATORS = ("Sec. 3", "Sec. 3.1", "Sec. 4 (experiments)", "Abstract; Sec. 2", "Table 1", "Fig. 2", "Sec. 5.2")
_VENUES = ("ICLR", "NeurIPS", "ICML", "CVPR", "ECCV", "AAAI", "arXiv preprint", "IEEE TPAMI")


def _text(rng: random.Random, length: int) -> str:
    """Return deterministic prose of about `length` characters."""
    out: list[str] = []
    size = 0
    start = rng.randrange(len(_WORDS))
    while size < length:
        word = _WORDS[(start + len(out)) % len(_WORDS)]
        out.append(word)
        size += len(word) + 1
    return (" ".join(out)).capitalize() + "."


def sources(add: Callable[[str], None]) -> None:
    """Write the two synthetic sources."""
    for iri, label in SOURCES:
        add(f"<{iri}> <{RDF_TYPE}> <{OWL_NI}> .")
        add(f"<{iri}> <{RDF_TYPE}> <{NAS}Source> .")
        add(f"<{iri}> <{RDFS_LABEL}> {_lit(label)} .")


def method(
    add: Callable[[str], None],
    rng: random.Random,
    i: int,
    year: int,
    model: GraphModel,
    broken: str | None,
    second: bool,
) -> None:
    """Write one evidence-bearing method (and, with `second`, a second source's reading of it)."""
    slug = f"synthetic-{i}"
    m = f"<{WORK}{slug}>"
    props = {name: fm.prop for name, fm in model.facets.items()}
    facets = method_facets(rng, model)
    if broken == "year-out-of-range":
        year = 3000 + year % 100
    add(f"{m} <{RDF_TYPE}> <{OWL_NI}> .")
    add(f"{m} <{RDF_TYPE}> <{NAS}NASMethod> .")
    add(f"{m} <{NAS}preferredSource> <{PRIMARY}> .")
    add(f"{m} <{RDFS_LABEL}> {_lit(f'SynthNAS-{i:06d}')} .")
    add(f"{m} <{DCT_TITLE}> {_lit(f'Synthetic neural architecture search method number {i}')} .")
    add(f"{m} <{NAS}venue> {_lit(f'{_VENUES[i % len(_VENUES)]} {year}')} .")
    add(f'{m} <{NAS}year> "{year}"^^<{XSD_INT}> .')
    add(f"{m} <{NAS}authors> {_lit(f'A. Author{i % 997}; B. Author{i % 991}; C. Author{i % 983}')} .")
    if rng.random() < 0.83:
        add(f"{m} <{NAS}ambiguity> {_lit(_text(rng, 350))} .")
    add(f"{m} <{SKOS_NOTE}> {_lit(_text(rng, 210))} .")
    if broken != "no-identifier":
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{i % 100000:05d}"
        if broken == "bad-arxiv":
            arxiv = f"arXiv:{arxiv}v2"
        add(f"{m} <{NAS}arxivId> {_lit(arxiv)} .")
        add(f"{m} <{SEE_ALSO}> <https://arxiv.org/abs/{arxiv.replace(':', '-')}> .")
        if rng.random() < 0.22:
            doi = f"10.1109/SYNTH.{year}.{i:06d}"
            add(f"{m} <{NAS}doi> {_lit(doi)} .")
            add(f"{m} <{SEE_ALSO}> <https://doi.org/{doi}> .")
    if broken == "missing-facet":
        facets.pop("modification_location", None)
    if broken == "misspelt-value":
        values = facets["search_space"]
        values[0] = values[0] + "Spce"  # an IRI no term has: 'did you mean' has work to do
    bare = broken == "claims-without-evidence"
    for name, values in facets.items():
        for pos, value in enumerate(values, start=1):
            add(f"{m} <{props[name]}> <{value}> .")
            claim = f"<{WORK}{slug}/claim/synthetic-curated/{name}/{pos}>"
            source = None if broken == "claim-without-source" and pos == 1 and name == "dataset" else PRIMARY
            _claim(add, rng, claim, m, props[name], source, value, pos, bare=bare)
    if "training_strategy" not in facets:  # as in the curated works, where most papers do not say
        add(f"{m} <{NAS}notStated> <{props['training_strategy']}> .")
        claim = f"<{WORK}{slug}/claim/synthetic-curated/training_strategy/not-stated>"
        _claim_head(add, claim, m, props["training_strategy"], PRIMARY)
        add(f"{claim} <{NAS}rationale> {_lit(_text(rng, 70))} .")
    if second:
        _second_reading(add, rng, slug, m, facets, props, model)


def _claim_head(add: Callable[[str], None], claim: str, m: str, prop: str, source: str | None) -> None:
    add(f"{claim} <{RDF_TYPE}> <{OWL_NI}> .")
    add(f"{claim} <{RDF_TYPE}> <{NAS}Claim> .")
    add(f"{claim} <{NAS}claimAbout> {m} .")
    add(f"{claim} <{NAS}claimFacet> <{prop}> .")
    if source is not None:
        add(f"{claim} <{NAS}claimSource> <{source}> .")


def _claim(
    add: Callable[[str], None],
    rng: random.Random,
    claim: str,
    m: str,
    prop: str,
    source: str | None,
    value: str,
    pos: int,
    *,
    bare: bool = False,
) -> None:
    _claim_head(add, claim, m, prop, source)
    add(f"{claim} <{NAS}claimValue> <{value}> .")
    add(f'{claim} <{NAS}position> "{pos}"^^<{XSD_INT}> .')
    if bare:
        return
    add(f"{claim} <{NAS}locator> {_lit(_LOCATORS[rng.randrange(len(_LOCATORS))])} .")
    add(f"{claim} <{NAS}rationale> {_lit(_text(rng, 70))} .")
    if rng.random() < 0.12:
        add(f"{claim} <{NAS}verbatim> {_lit(_text(rng, 10))} .")


def _second_reading(
    add: Callable[[str], None],
    rng: random.Random,
    slug: str,
    m: str,
    facets: dict[str, list[str]],
    props: dict[str, str],
    model: GraphModel,
) -> None:
    """A second source's claims on two or three facets; half of the readings disagree on one value."""
    names = [n for n in ("search_algorithm", "search_space", "cost", "dataset") if n in facets]
    chosen = rng.sample(names, min(len(names), rng.choice((2, 3))))
    disagree = rng.random() < 0.5
    for k, name in enumerate(chosen):
        values = list(facets[name])
        if disagree and k == 0:
            fm = model.facets[name]
            pool = fm.values
            if name == "search_algorithm":  # stay on the same side of the manual/automatic partition
                pool = [v for v in fm.values if (v in model.manual) == (values[0] in model.manual)]
            values[0] = rng.choice(pool)
        for pos, value in enumerate(dict.fromkeys(values), start=1):
            claim = f"<{WORK}{slug}/claim/synthetic-second-reading/{name}/{pos}>"
            _claim(add, rng, claim, m, props[name], SECOND, value, pos)
