"""The curated methods beyond the paper: counts, identifiers, evidence, key facets and categories."""

from __future__ import annotations

import collections
import re

import pytest
import yaml
from rdflib import URIRef

import nas_kg
from nas_kg import resources
from nas_kg.analysis import facet_profiles, similar
from nas_kg.cli import main
from nas_kg.namespaces import NAS, SOURCE, WORK
from tests.conftest import GOLDEN

SAMPLE = yaml.safe_load((GOLDEN / "curated-sample.yaml").read_text())
ARXIV = re.compile(r"^\d{4}\.\d{4,5}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@pytest.fixture(scope="module")
def identifiers(kg):
    rows = kg.query("method-identifiers").records()
    return collections.defaultdict(list, {r["method"]: [] for r in rows}) | _group(rows)


def _group(rows):
    out = collections.defaultdict(list)
    for r in rows:
        out[r["method"]].append(r["identifier"])
    return out


def test_report_counts_at_least_75_methods(runner):
    result = runner.invoke(main, ["report"])
    assert result.exit_code == 0
    count = int(re.search(r"nas-kg report: (\d+) methods", result.stdout).group(1))
    assert count >= 75


def test_every_method_has_an_identifier(kg, identifiers):
    assert {str(m.iri) for m in kg.method_index} <= set(identifiers)


def test_identifiers_are_well_formed(identifiers):
    bad = [i for ids in identifiers.values() for i in ids if not (ARXIV.match(i) or DOI.match(i))]
    assert bad == []


def test_identifiers_are_unique(identifiers):
    owners = collections.Counter(i for ids in identifiers.values() for i in ids)
    assert [i for i, n in owners.items() if n > 1] == []


def test_titles_are_unique(kg):
    titles = collections.Counter(m.title.casefold() for m in kg.method_index if m.title)
    assert [t for t, n in titles.items() if n > 1] == []


def test_every_curated_value_has_evidence(kg):
    rows = kg.query("method-claims", method="DARTS").records()
    assert rows
    assert all(r["locator"] and r["rationale"] for r in rows if r["value"])


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_key_facets_of_well_known_methods(kg, name):
    spec = SAMPLE[name]
    method = kg.resolve_method(name)
    profile = facet_profiles(kg)[method.iri]
    assert spec["arxiv"] in [
        r["identifier"] for r in kg.query("method-identifiers").records() if r["method"] == str(method.iri)
    ]
    for facet, values in spec["facets"].items():
        labels = {kg.label(URIRef(v)) for v in profile.get(facet, ())}
        assert set(values) <= labels, (facet, labels)


@pytest.fixture(scope="module")
def inferred(kg):
    return nas_kg.reason(kg, "owlrl")


@pytest.mark.parametrize("name", sorted(SAMPLE))
def test_inferred_categories_of_well_known_methods(kg, inferred, name):
    method = kg.resolve_method(name)
    labels = {kg.label(c) for c in inferred.categories[method.iri]}
    assert set(SAMPLE[name]["categories"]) <= labels


def test_every_curated_method_gets_a_category(kg, inferred):
    bare = [m.label for m in kg.method_index if not (inferred.categories[m.iri] - {NAS.NASMethod})]
    assert bare == []


def test_two_sources_classify_mnasnet(kg):
    claims = kg.query("method-claims", method="MnasNet").records()
    assert {r["source"] for r in claims} == {str(SOURCE.seed), str(SOURCE.curated)}


def test_default_view_of_mnasnet_is_the_seed_table(kg):
    profile = facet_profiles(kg)[WORK.mnasnet]
    assert {kg.label(URIRef(v)) for v in profile["modification_location"]} == {"Layer-wise"}


def test_seed_only_restricts_similarity(seed_kg):
    assert all(n.method.ref is not None for n in similar(seed_kg, "NASNet", k=14))


def test_works_readme_lists_the_sources():
    text = (resources.ontology_dir() / "works" / "README.md").read_text()
    for needle in ("seed.ttl", "curated.ttl", "arXiv:1808.05377", "arXiv:2301.08727"):
        assert needle in text


def test_extension_terms_name_their_survey(kg):
    from rdflib.namespace import DCTERMS, RDF

    from nas_kg.rdfio import tbox_graph

    tbox = tbox_graph()
    ext = list(tbox.subjects(NAS.extensionOf, None))
    assert len(ext) > 30
    assert all(tbox.value(t, DCTERMS.source) is not None for t in ext)
    assert (URIRef("https://w3id.org/nas-kg/ext/"), RDF.type, None) in tbox
