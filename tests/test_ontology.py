"""The ontology encodes every element of the seed paper's model, with labels and definitions."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from nas_kg import resources
from nas_kg.model import FACETS
from nas_kg.namespaces import NAS
from nas_kg.rdfio import tbox_graph
from tests.conftest import BUNDLED_REASONING, java_available

# (class the paper's text puts it in, the paper's own words) -- read off Sections I-V and Figs. 1-7.
PAPER_TERMS = [
    # Fig. 1 / Section I: stages and their steps
    (OWL.Class, "setup stage"),
    (OWL.Class, "configuration stage"),
    (OWL.Class, "modification stage"),
    (OWL.Class, "evaluation stage"),
    (OWL.Class, "search space determination"),
    (OWL.Class, "baseline architecture determination"),
    (OWL.Class, "architecture-dependent cost determination"),
    (OWL.Class, "search strategy determination"),
    (OWL.Class, "level and location of the modification"),
    (OWL.Class, "modification and sampling"),
    (OWL.Class, "training strategy determination"),
    (OWL.Class, "performance evaluation"),
    (OWL.Class, "stop or loop decision"),
    # Section II-A: abstraction levels and search spaces
    (NAS.AbstractionLevel, "Operator level"),
    (NAS.AbstractionLevel, "Connection level"),
    (NAS.AbstractionLevel, "Cell level"),
    (NAS.AbstractionLevel, "Building block level"),
    (NAS.AbstractionLevel, "Sub-network level"),
    (NAS.SearchSpace, "Hierarchical"),
    (NAS.SearchSpace, "Hierarchical fixed micro"),
    (NAS.SearchSpace, "Hierarchical fixed macro"),
    (NAS.SearchSpace, "Repeating blocks"),
    (NAS.SearchSpace, "Global"),
    (NAS.SearchSpace, "Variable"),
    # Section II-B: baselines
    (NAS.BaselineArchitecture, "Super-network"),
    (NAS.BaselineArchitecture, "Direct acyclic graph"),
    (NAS.BaselineArchitecture, "Randomly chosen architecture in the search space"),
    (NAS.BaselineArchitecture, "Given architecture"),
    (NAS.BaselineArchitecture, "Module"),
    # Section III-A and the tables: costs
    (NAS.ArchitectureCost, "inference latency"),
    (NAS.ArchitectureCost, "training time"),
    (NAS.ArchitectureCost, "complexity"),
    (NAS.ArchitectureCost, "computation"),
    (NAS.ArchitectureCost, "memory consumption"),
    (NAS.ArchitectureCost, "energy"),
    (NAS.ArchitectureCost, "search cost"),
    (NAS.ArchitectureCost, "Parameters"),
    (NAS.ArchitectureCost, "Task error"),
    (NAS.ArchitectureCost, "Inference efficiency"),
    (NAS.ArchitectureCost, "Size"),
    (NAS.ArchitectureCost, "Arbitrary"),
    # Section III-B: strategies
    (NAS.ManualSearchStrategy, "cascade"),
    (NAS.ManualSearchStrategy, "sequential"),
    (NAS.ManualSearchStrategy, "skip connecting"),
    (NAS.ManualSearchStrategy, "dense"),
    (NAS.ManualSearchStrategy, "compact"),
    (NAS.ManualSearchStrategy, "bifurcated"),
    (NAS.ManualSearchStrategy, "ensemble"),
    (NAS.AutomaticSearchStrategy, "differentiable architecture search"),
    (NAS.AutomaticSearchStrategy, "Differential"),
    (NAS.AutomaticSearchStrategy, "reinforcement learning"),
    (NAS.AutomaticSearchStrategy, "evolutionary"),
    (NAS.AutomaticSearchStrategy, "random search"),
    # Section IV-A: levels and locations
    (NAS.ModificationLevel, "operator level"),
    (NAS.ModificationLevel, "connection"),
    (NAS.ModificationLevel, "cell level"),
    (NAS.ModificationLevel, "building block level"),
    (NAS.ModificationLevel, "sub-network level"),
    (NAS.ModificationLevel, "hybrid"),
    (NAS.ModificationLocation, "global"),
    (NAS.ModificationLocation, "layer-wise"),
    (NAS.ModificationLocation, "group-based"),
    (NAS.ModificationLocation, "group-wise"),
    # Section IV-B: sampling
    (NAS.SamplingMethod, "distribution based sampling"),
    (NAS.SamplingMethod, "thresholding a super-network"),
    (NAS.SamplingMethod, "path finding through a DAG"),
    (NAS.SamplingMethod, "Softmax component prediction"),
    (NAS.SamplingMethod, "-"),
    # Section V: training strategies
    (NAS.TrainingStrategy, "progressive training"),
    (NAS.TrainingStrategy, "bifurcated training"),
    (NAS.TrainingStrategy, "combination of training strategies"),
    # Tables: datasets
    (NAS.Dataset, "Image-Net"),
    (NAS.Dataset, "CIFAR-10"),
    (NAS.Dataset, "CIFAR-100"),
    (NAS.Dataset, "BioID"),
    (NAS.Dataset, "LFPW"),
    (NAS.Dataset, "MNIST"),
    (NAS.Dataset, "Cityscapes"),
    (NAS.Dataset, "SVHN"),
    (NAS.Dataset, "VGG-Flowers"),
]


@pytest.fixture(scope="module")
def tbox():
    return tbox_graph()


def _find(tbox, kind, words):
    folded = " ".join(words.casefold().split())
    hits = set()
    for prop in (RDFS.label, SKOS.altLabel):
        for term, label in tbox.subject_objects(prop):
            if " ".join(str(label).casefold().split()) == folded:
                hits.add(term)
    return [t for t in hits if (t, RDF.type, kind) in tbox]


@pytest.mark.parametrize(("kind", "words"), PAPER_TERMS, ids=[w for _, w in PAPER_TERMS])
def test_paper_term_is_in_the_ontology(tbox, kind, words):
    hits = _find(tbox, kind, words)
    assert len(hits) == 1, f"{words!r} should name exactly one {kind}"
    term = hits[0]
    assert tbox.value(term, SKOS.definition) is not None
    assert tbox.value(term, NAS.paperSection) is not None


def test_every_term_has_label_and_definition(tbox):
    ontologies = set(tbox.subjects(RDF.type, OWL.Ontology))
    terms = {s for s in tbox.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(NAS))}
    terms -= ontologies
    missing = sorted(
        str(t) for t in terms if tbox.value(t, RDFS.label) is None or tbox.value(t, SKOS.definition) is None
    )
    assert missing == []


@pytest.mark.parametrize("facet", sorted(FACETS), ids=sorted(FACETS))
def test_facet_property_has_domain_and_range(tbox, facet):
    prop = FACETS[facet].prop
    assert (prop, RDF.type, OWL.ObjectProperty) in tbox
    assert (prop, RDFS.domain, NAS.NASMethod) in tbox
    assert (prop, RDFS.range, FACETS[facet].value_class) in tbox


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        (OWL.versionIRI, None),
        (OWL.versionInfo, None),
        ("http://purl.org/dc/terms/title", None),
        ("http://purl.org/dc/terms/description", None),
        ("http://purl.org/dc/terms/license", "https://creativecommons.org/licenses/by/4.0/"),
        ("http://purl.org/dc/terms/source", None),
        ("http://purl.org/vocab/vann/preferredNamespacePrefix", "nas"),
        ("http://purl.org/vocab/vann/preferredNamespaceUri", "https://w3id.org/nas-kg/"),
    ],
)
def test_ontology_metadata(tbox, prop, value):
    found = tbox.value(URIRef("https://w3id.org/nas-kg/"), URIRef(prop))
    assert found is not None
    if value is not None:
        assert str(found) == value


def test_owlready2_loads_the_ontology_as_owl():
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology(resources.core_ontology().resolve().as_uri()).load(format="ntriples", fileobj=_nt())
    assert onto.search_one(iri="https://w3id.org/nas-kg/DifferentiableNASMethod") is not None
    assert len(list(onto.individuals())) > 60


def _nt():
    import io

    return io.BytesIO(tbox_graph().serialize(format="nt", encoding="utf-8"))


@pytest.mark.java
@pytest.mark.slow
@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
@BUNDLED_REASONING
def test_ontology_and_works_are_consistent_under_hermit(bundled_results):
    result = bundled_results["hermit"]  # reason(kg, "hermit"), shared: it raises if HermiT finds no model
    assert result.consistent
