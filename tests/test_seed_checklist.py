"""Every element of the seed paper's model has a term, and only terms the seed names say they come from it.

The checklist (tests/golden/seed-checklist.csv) is a reading of the paper: one row per element of the
model with the section that names it, the term that encodes it, its kind (class, individual or
property) and its parent (superclass or genus, type, or super-property; empty for a root). A term can
encode two elements (e.g. Operator is an abstraction level in Section II-A and a modification level in
Section IV-A), so it appears once per element.
"""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nas_kg.build import tbox_graph
from nas_kg.namespaces import NAS, NASX
from tests.conftest import GOLDEN

ROWS = list(csv.DictReader((GOLDEN / "seed-checklist.csv").open(encoding="utf-8")))
KINDS = {
    "class": {OWL.Class},
    "individual": {OWL.NamedIndividual},
    "property": {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty},
}


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return tbox_graph()


def _iri(curie: str) -> URIRef:
    assert curie.startswith("nas:"), curie
    return NAS[curie.removeprefix("nas:")]


def _sections(text: str) -> set[str]:
    return {part.strip() for part in text.split(";") if part.strip()}


def _parents(tbox: Graph, term: URIRef, kind: str) -> set[URIRef]:
    if kind == "individual":
        return {t for t in tbox.objects(term, RDF.type) if isinstance(t, URIRef) and t != OWL.NamedIndividual}
    if kind == "property":
        return {p for p in tbox.objects(term, RDFS.subPropertyOf) if isinstance(p, URIRef)}
    out = {c for c in tbox.objects(term, RDFS.subClassOf) if isinstance(c, URIRef)}
    for definition in tbox.objects(term, OWL.equivalentClass):  # the genus of a defined class
        head = tbox.value(definition, OWL.intersectionOf)
        if head is not None:
            out |= {c for c in Collection(tbox, head) if isinstance(c, URIRef)}
    return out


def test_checklist_rows_are_well_formed():
    assert len(ROWS) >= 99
    assert all(row["kind"] in KINDS and row["element"] and row["section"] for row in ROWS)
    assert len({row["element"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["element"] for row in ROWS])
def test_element_has_a_term_of_its_kind_parent_and_section(tbox, row):
    term = _iri(row["term"])
    assert set(tbox.objects(term, RDF.type)) & KINDS[row["kind"]], f"{row['term']} is no {row['kind']}"
    assert tbox.value(term, RDFS.label) is not None and tbox.value(term, SKOS.definition) is not None
    parents = _parents(tbox, term, row["kind"])
    if row["parent"]:
        assert _iri(row["parent"]) in parents, f"{row['term']} is not under {row['parent']}: {parents}"
    else:
        assert parents == set(), f"{row['term']} is listed as a root but is under {parents}"
    stated = tbox.value(term, NAS.paperSection)
    assert stated is not None, f"{row['term']} does not say where the paper names it"
    assert _sections(row["section"]) <= _sections(str(stated)), (row["section"], str(stated))


def test_every_term_with_a_paper_section_is_on_the_checklist(tbox):
    listed = {_iri(row["term"]) for row in ROWS}
    claimed = {t for t in tbox.subjects(NAS.paperSection, None) if isinstance(t, URIRef)}
    assert sorted(claimed - listed) == []


def test_extension_terms_claim_no_paper_section(tbox):
    extension = set(tbox.subjects(RDFS.isDefinedBy, NASX[""])) | set(tbox.subjects(NAS.extensionOf, None))
    assert sorted(t for t in extension if tbox.value(t, NAS.paperSection) is not None) == []


def test_core_terms_off_the_checklist_say_what_they_are(tbox):
    """A class, property or value of nas.ttl the seed does not name is project machinery and says so."""
    core = {t for t in tbox.subjects(RDFS.isDefinedBy, NAS[""]) if isinstance(t, URIRef)}
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.NamedIndividual}
    unnamed = [t for t in core if set(tbox.objects(t, RDF.type)) & kinds and tbox.value(t, NAS.paperSection) is None]
    assert sorted(t for t in unnamed if tbox.value(t, RDFS.comment) is None) == []
