"""Release artefacts: every file re-parses with rdflib, pyoxigraph and owlready2 to the manifest's triple count."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import Result
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from nas_kg import build, resources
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.imports import CATALOG, drop_contained_imports
from nas_kg.namespaces import NAS, ONTOLOGY_IRI
from nas_kg.publish.release import ARTEFACTS, MANIFEST, MODULE_FILES, MODULES, Release
from tests.conftest import RELEASE

pytestmark = [
    pytest.mark.slow,  # builds releases of the bundled graph
    RELEASE,  # on the worker that builds the release the tests read (conftest's `release`, shared with test_compat)
]
OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


@pytest.fixture(scope="module")
def manifest(release: Release) -> dict[str, dict[str, object]]:
    body = json.loads((release.folder / MANIFEST).read_text(encoding="utf-8"))
    return {a["file"]: a for a in body["artefacts"]}


@pytest.fixture(scope="module")
def expected_files() -> dict[Path, str]:
    """What `python -m nas_kg.build` writes: every generated file, with the HermiT hierarchy where Java is."""
    return build.expected_files(include_hierarchy=shutil.which("java") is not None)


@pytest.mark.skipif(
    shutil.which("java") is None, reason="the class hierarchy is computed with HermiT, which needs Java"
)
def test_generated_files_are_up_to_date(expected_files: dict[Path, str]) -> None:
    stale = [p for p, text in expected_files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert stale == [], f"stale generated files {stale}: run `python -m nas_kg.build`"


def test_sources_are_canonical_without_java(expected_files: dict[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # expected_files(include_hierarchy=False) is expected_files() without the hierarchy file (the last one it
    # adds, the only one HermiT computes): reuse the fixture's instead of building every file again
    def without_hierarchy(include_hierarchy: bool = True) -> dict[Path, str]:
        assert include_hierarchy is False
        return {p: text for p, text in expected_files.items() if p != resources.hierarchy_file()}

    monkeypatch.setattr(build, "expected_files", without_hierarchy)
    assert build.main(["--check", "--no-hierarchy"]) == 0, (
        "ontology or works files are not in canonical form: run `python -m nas_kg.build`"
    )


def test_generated_files_say_what_they_are_built_from() -> None:
    for path in [*resources.works_files(), resources.hierarchy_file()]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# Generated from ") and "python -m nas_kg.build" in first, path


def test_manifest_lists_every_artefact(release: Release, manifest: dict[str, dict[str, object]]) -> None:
    assert sorted(manifest) == sorted(ARTEFACTS)
    body = json.loads((release.folder / MANIFEST).read_text(encoding="utf-8"))
    assert body["versionIRI"] == release.version_iri


@pytest.mark.parametrize("name", ARTEFACTS)
def test_checksum_matches(name: str, release: Release, manifest: dict[str, dict[str, object]]) -> None:
    payload = (release.folder / name).read_bytes()
    assert hashlib.sha256(payload).hexdigest() == manifest[name]["sha256"]
    assert len(payload) == manifest[name]["bytes"]


@pytest.mark.parametrize("name", ARTEFACTS)
def test_reparses_with_rdflib(
    name: str, release: Release, manifest: dict[str, dict[str, object]], release_graphs: dict[str, Graph]
) -> None:
    graph = release_graphs[name]  # rdflib's parse of the file, shared with test_merged_artefact_imports_nothing
    assert len(graph) == manifest[name]["triples"]
    assert (ONTOLOGY_IRI, OWL.versionIRI, URIRef(release.version_iri)) in graph


@pytest.mark.parametrize("name", ARTEFACTS)
def test_reparses_with_pyoxigraph(name: str, release: Release, manifest: dict[str, dict[str, object]]) -> None:
    path = release.folder / name
    triples = set(ox.parse(path=str(path), format=OX_FORMATS[path.suffix]))
    assert len(triples) == manifest[name]["triples"]


def test_rdf_xml_reparses_with_owlready2(release: Release, manifest: dict[str, dict[str, object]]) -> None:
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((release.folder / "nas-kg.owl").as_uri()).load()
    count = world.graph.execute("SELECT COUNT(*) FROM quads WHERE c = ?", (onto.graph.c,)).fetchone()[0]
    assert count == manifest["nas-kg.owl"]["triples"]


def test_jsonld_has_context(release: Release) -> None:
    body = json.loads((release.folder / "nas-kg.jsonld").read_text(encoding="utf-8"))
    assert body["@context"]["nas"] == "https://w3id.org/nas-kg/"


def test_inferred_has_more_triples_than_asserted(manifest: dict[str, dict[str, object]]) -> None:
    assert manifest["nas-kg-inferred.ttl"]["triples"] > manifest["nas-kg.ttl"]["triples"]  # type: ignore[operator]


def test_core_is_the_ontology_only(manifest: dict[str, dict[str, object]]) -> None:
    # the extension's owl:imports of the core is left out: the merged file holds the core
    assert len(drop_contained_imports(build.tbox_graph())) == manifest["nas-kg-core.ttl"]["triples"]


def test_turtle_is_canonical(release: Release, release_graphs: dict[str, Graph]) -> None:
    path = release.folder / "nas-kg-core.ttl"
    assert path.read_text(encoding="utf-8") == build.canonical_turtle(release_graphs["nas-kg-core.ttl"])


def test_cli_release_writes_every_file(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out"
    result = runner.invoke(main, ["release", "-o", str(target), "--seed-only"])
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert written == sorted([*ARTEFACTS, *MODULE_FILES, f"{MODULES}/{CATALOG}", MANIFEST])


# ---------------------------------------------------------------------- mappings (SSSOM TSV, checked by hand:
# sssom-py pulls in linkml, pandas and Sphinx and an rdflib-jsonld plugin that clashes with rdflib 7)
MAPPINGS = sorted(resources.ontology_dir().joinpath("mappings").glob("*.sssom.tsv"))
SSSOM_PREDICATES = {
    "skos:exactMatch",
    "skos:closeMatch",
    "skos:broadMatch",
    "skos:narrowMatch",
    "skos:relatedMatch",
    "owl:equivalentClass",
    "owl:equivalentProperty",
    "owl:sameAs",
    "rdfs:subClassOf",
    "rdfs:subPropertyOf",
    "oboInOwl:hasDbXref",
    "rdfs:seeAlso",
}
SEMAPV_JUSTIFICATIONS = {
    "semapv:ManualMappingCuration",
    "semapv:LexicalMatching",
    "semapv:LogicalReasoning",
    "semapv:CompositeMatching",
    "semapv:UnspecifiedMatching",
    "semapv:SemanticSimilarityThresholdMatching",
    "semapv:LexicalSimilarityThresholdMatching",
    "semapv:MappingChaining",
    "semapv:MappingReview",
    "semapv:MappingInversion",
    "semapv:StructuralMatching",
    "semapv:InstanceBasedMatching",
    "semapv:BackgroundKnowledgeBasedMatching",
}
REQUIRED_COLUMNS = {"subject_id", "predicate_id", "object_id", "mapping_justification"}


def read_sssom(path: Path) -> tuple[dict[str, object], list[dict[str, str]]]:
    """Split an SSSOM TSV file into its YAML metadata header and its rows."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [line[2:] if line.startswith("# ") else line[1:] for line in lines if line.startswith("#")]
    metadata = yaml.safe_load("\n".join(header))
    body = [line for line in lines if not line.startswith("#")]
    return metadata, list(csv.DictReader(body, delimiter="\t"))


def test_there_is_a_mapping_set() -> None:
    assert MAPPINGS


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: p.name)
def test_mapping_metadata(path: Path) -> None:
    metadata, _ = read_sssom(path)
    assert {"curie_map", "mapping_set_id", "license"} <= set(metadata)
    assert str(metadata["mapping_set_id"]).startswith("https://")
    assert str(metadata["license"]).startswith("https://")


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: p.name)
def test_mapping_rows_are_well_formed(path: Path) -> None:
    metadata, rows = read_sssom(path)
    prefixes = set(metadata["curie_map"])  # type: ignore[arg-type]
    assert rows and REQUIRED_COLUMNS <= set(rows[0])
    problems = []
    for n, row in enumerate(rows, start=2):
        for column in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            prefix, sep, local = row[column].partition(":")
            if not sep or not local or prefix not in prefixes:
                problems.append(f"row {n}: {column} {row[column]!r} is not a CURIE with a declared prefix")
        if row["predicate_id"] not in SSSOM_PREDICATES:
            problems.append(f"row {n}: predicate {row['predicate_id']!r} is not an SSSOM mapping predicate")
        if row["mapping_justification"] not in SEMAPV_JUSTIFICATIONS:
            problems.append(f"row {n}: justification {row['mapping_justification']!r} is not a semapv term")
        if row.get("confidence") and not 0 <= float(row["confidence"]) <= 1:
            problems.append(f"row {n}: confidence out of [0, 1]")
    assert problems == []


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: p.name)
def test_mapping_subjects_are_our_terms(path: Path, kg: KnowledgeGraph) -> None:
    metadata, rows = read_sssom(path)
    curie_map: dict[str, str] = metadata["curie_map"]  # type: ignore[assignment]
    labels = {row[0]: row[1] for row in kg.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"p": RDFS.label}).rows}
    problems = []
    for row in rows:
        prefix, _, local = row["subject_id"].partition(":")
        iri = URIRef(curie_map[prefix] + local)
        label = labels.get(iri)
        if label is None or str(label) != row["subject_label"]:
            problems.append(f"{row['subject_id']}: label {label!r} is not {row['subject_label']!r}")
    assert problems == []


def test_citation_cff_has_required_fields() -> None:
    path = resources.data_root() / "CITATION.cff"
    if not path.exists():
        pytest.skip("CITATION.cff is not shipped in an installed wheel")
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors"} <= set(cff)
    assert all("name" in a or "family-names" in a for a in cff["authors"])


# ---------------------------------------------------------------------- reproducible, self-contained (issue 14)
@pytest.fixture(scope="module")
def second_release(cli_release: tuple[Result, Path]) -> Path:
    """A second release of the same graph: the README's `nas-kg release -o dist/`, run under umask 002 (the first
    is built through the API under the default umask)."""
    result, folder = cli_release
    assert result.exit_code == 0, result.output
    return folder


def test_two_releases_give_the_same_bytes(release: Release, second_release: Path) -> None:
    for name in [*ARTEFACTS, *MODULE_FILES, f"{MODULES}/{CATALOG}", MANIFEST]:
        assert (second_release / name).read_bytes() == (release.folder / name).read_bytes(), name


@pytest.mark.parametrize("name", ARTEFACTS)
def test_merged_artefact_imports_nothing(name: str, release_graphs: dict[str, Graph]) -> None:
    graph = release_graphs[name]
    assert list(graph.triples((None, OWL.imports, None))) == []


@pytest.mark.parametrize("name", ARTEFACTS)
def test_manifest_counts_axioms(name: str, manifest: dict[str, dict[str, object]]) -> None:
    assert 0 < manifest[name]["axioms"] <= manifest[name]["triples"]  # type: ignore[operator]


def test_manifest_lists_the_modules_and_the_catalog(release: Release) -> None:
    body = json.loads((release.folder / MANIFEST).read_text(encoding="utf-8"))
    assert [m["file"] for m in body["modules"]] == list(MODULE_FILES)
    assert body["catalog"] == f"{MODULES}/{CATALOG}"


def test_catalog_maps_every_import_of_the_modules_to_a_module(release: Release) -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(release.folder / MODULES / CATALOG).getroot()
    mapping = {e.get("name"): e.get("uri") for e in root}
    assert mapping[str(ONTOLOGY_IRI)] == "nas.ttl"
    for module in MODULE_FILES:
        graph = Graph().parse(release.folder / module, format="turtle")
        for _, _, imported in graph.triples((None, OWL.imports, None)):
            assert (release.folder / MODULES / mapping[str(imported)]).is_file()


def test_released_files_follow_the_umask(second_release: Path) -> None:
    import stat

    assert stat.S_IMODE((second_release / "nas-kg.ttl").stat().st_mode) == 0o664


def _ground(graph: Graph) -> set[tuple[object, object, object]]:
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def test_inferred_artefact_adds_exactly_the_entailed_categories(
    bundled_results: dict, release_graphs: dict[str, Graph]
) -> None:
    """nas-kg-inferred.ttl holds nas-kg.ttl and, for every category the fast path infers (which
    test_reasoning holds equal to HermiT's on the bundled graph), an rdf:type triple and a nas:inferredCategory
    annotation: nothing else, nothing left out."""
    full, inferred = release_graphs["nas-kg.ttl"], release_graphs["nas-kg-inferred.ttl"]
    result = bundled_results["owlrl"]
    expected = {(m, c) for m in result.categories for c in result.inferred(m)}
    added = _ground(inferred) - _ground(full)
    assert {(s, o) for s, p, o in added if p == RDF.type} == expected
    assert {(s, o) for s, p, o in added if p == NAS.inferredCategory} == expected
    assert {p for _, p, _ in added} == {RDF.type, NAS.inferredCategory}
    assert _ground(full) <= _ground(inferred)
    blank = [len(g) - len(_ground(g)) for g in (full, inferred)]  # the ontology's restrictions and lists
    assert blank[0] == blank[1] > 0
    assert len(expected) > 300
