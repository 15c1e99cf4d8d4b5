"""Other tools open what nas-kg releases, offline: the OWL API (Protégé, ROBOT), owlready2, HermiT and Jena.

For every release artefact: the OWL API loads it with its default settings, finds it in OWL 2 DL and
reads the manifest's axiom and triple counts; owlready2 loads it without the network; HermiT's
classification of what the OWL API loaded equals ``nas-kg reason`` (but for the inferred artefact, which
adds exactly the entailed categories to the full one: see HERMIT_ARTEFACTS); Apache Jena's riot reads the
manifest's triple count. The modules load in the OWL API through their catalog, as in Protégé.

Skipped, with the reason, where Java, the OWL API jars (Debian's libowlapi-java, installed by .ci/run)
or Jena (Debian's libapache-jena-java) are missing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from nas_kg.imports import CATALOG
from nas_kg.jvm import JVM_OPTIONS
from nas_kg.publish.owlapi import Document, OwlApiReport, find_owlapi, load_many, unavailable_reason
from nas_kg.publish.qc import load_files
from nas_kg.publish.release import ARTEFACTS, MANIFEST, MODULE_FILES, MODULES, Release
from nas_kg.reasoning import compute_hierarchy, reason
from tests.conftest import RELEASE, Lazy

OWLAPI = find_owlapi()
pytestmark = [
    pytest.mark.java,
    pytest.mark.slow,
    pytest.mark.skipif(OWLAPI is None, reason=f"the OWL API cannot run: {unavailable_reason()}"),
    RELEASE,  # on the worker that builds the release (conftest's `release`) and runs the OWL API on it, once
]
#: owlready2 reads RDF/XML, OWL/XML and N-Triples, not Turtle or JSON-LD.
OWLREADY2 = {".owl": "rdfxml", ".nt": "ntriples"}
DEBIAN = Path("/usr/share/java")
#: Debian's libapache-jena-java and the jars riot needs (Debian's jars carry no Class-Path).
JENA_JARS = (
    "jena-cmds", "jena-arq", "jena-core", "jena-base", "jena-iri", "jena-shacl", "jena-shex", "jena-rdfconnection",
    "jena-tdb", "jena-tdb2", "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage", "jena-dboe-trans-data",
    "jena-dboe-transaction", "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
    "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpclient-cache", "httpcore",
    "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "protobuf", "thrift", "slf4j-api",
    "slf4j-nop", "titanium-json-ld", "jakarta.json-api",
)  # fmt: skip


@pytest.fixture(scope="module")
def manifest(release: Release) -> dict[str, dict[str, int]]:
    body = json.loads((release.folder / MANIFEST).read_text(encoding="utf-8"))
    return {a["file"]: a for a in [*body["artefacts"], *body["modules"]]}


#: The artefacts HermiT classifies here. nas-kg-inferred.ttl is the full graph plus, for each inferred
#: category, an rdf:type assertion and a nas:inferredCategory annotation (tests/test_release.py,
#: test_inferred_artefact_adds_exactly_the_entailed_categories, which needs no Java): assertions the full
#: graph entails and annotations, which have no logical consequence in OWL 2 DL. So it entails what the full
#: graph entails, and HermiT classifies it as it classifies the full graph. Its own HermiT run (3.5 s) could
#: only catch a category added that is not entailed; the content test catches that and one left out too.
HERMIT_ARTEFACTS = [name for name in ARTEFACTS if name != "nas-kg-inferred.ttl"]


@pytest.fixture(scope="module")
def loaded(release: Release, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[OwlApiReport, Path | None]]:
    """Load each artefact with the OWL API's default settings, and each module through the release's catalog,
    as Protégé does; keep what the OWL API loaded as RDF/XML for the artefacts HermiT classifies (None for the
    others: saving nas-kg-inferred.ttl, which nothing reads back, took 0.8 s of JVM).

    One OWL API run (one JVM) loads them all, each document with an ontology manager of its own.
    """
    out = tmp_path_factory.mktemp("owlapi")
    catalog = release.folder / MODULES / CATALOG
    saved = {name: out / f"{name}.owl" for name in HERMIT_ARTEFACTS}
    documents = [Document(release.folder / name, save=saved.get(name)) for name in ARTEFACTS]
    documents += [Document(release.folder / module, catalogs=(catalog,)) for module in MODULE_FILES]
    reports = load_many(documents)
    names = [*ARTEFACTS, *MODULE_FILES]
    return {name: (report, saved.get(name)) for name, report in zip(names, reports, strict=True)}


def list_nodes(graph: Graph) -> int:
    return len(set(graph.subjects(RDF.first, None)))


@pytest.mark.parametrize("name", ARTEFACTS)
def test_owlapi_loads_it_in_owl2_dl(name: str, loaded: dict[str, tuple[OwlApiReport, Path | None]]) -> None:
    report, _ = loaded[name]
    assert report.violations == []
    assert report.in_profile
    assert report.unparsed == 0
    assert report.ontology == "https://w3id.org/nas-kg/"


@pytest.mark.parametrize("name", ARTEFACTS)
def test_owlapi_reads_the_manifest_counts(
    name: str,
    release: Release,
    manifest: dict[str, dict[str, int]],
    loaded: dict[str, tuple[OwlApiReport, Path | None]],
    release_graphs: dict[str, Graph],
) -> None:
    report, _ = loaded[name]
    assert report.axioms == manifest[name]["axioms"]
    path = release.folder / name
    # the OWL API's Turtle collection reader and its Rio (JSON-LD) adapter count each RDF list node once
    # more than there are triples; N-Triples and RDF/XML of the same graph give the exact count
    extra = list_nodes(release_graphs[name]) if path.suffix in (".ttl", ".jsonld") else 0
    assert report.triples == manifest[name]["triples"] + extra


@pytest.mark.parametrize("module", MODULE_FILES)
def test_owlapi_loads_a_module_through_the_catalog(
    module: str, manifest: dict[str, dict[str, int]], loaded: dict[str, tuple[OwlApiReport, Path | None]]
) -> None:
    report, _ = loaded[module]  # loaded with --catalog modules/catalog-v001.xml
    assert report.in_profile, [v.message for v in report.violations]
    assert report.axioms == manifest[module]["axioms"]


@pytest.mark.parametrize("name", ARTEFACTS)
def test_owlready2_loads_it_offline(
    name: str, release: Release, manifest: dict[str, dict[str, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = release.folder / name
    if path.suffix not in OWLREADY2:
        pytest.skip(f"owlready2 reads RDF/XML, OWL/XML and N-Triples only, not {path.suffix}")
    import urllib.request

    import owlready2

    def offline(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"owlready2 tried the network: {args}")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format=OWLREADY2[path.suffix])
    count = world.graph.execute("SELECT COUNT(*) FROM quads WHERE c = ?", (onto.graph.c,)).fetchone()[0]
    assert count == manifest[name]["triples"]


@pytest.fixture(scope="module")
def hermit_on(tmp_path_factory: pytest.TempPathFactory) -> Lazy:
    """HermiT's categories for an ontology the OWL API saved, keyed by the saved file's bytes.

    The OWL API saves the same RDF/XML, byte for byte, for the artefacts that hold the same axioms in
    different syntaxes (Turtle, RDF/XML, N-Triples, JSON-LD): HermiT runs once per distinct document.
    """
    folder = tmp_path_factory.mktemp("hermit-input")

    def classify(payload: bytes) -> dict:
        path = folder / f"{hashlib.sha256(payload).hexdigest()}.owl"
        path.write_bytes(payload)
        return reason(load_files([path]), "hermit").categories

    return Lazy(classify)


@pytest.mark.parametrize("name", HERMIT_ARTEFACTS)
def test_hermit_classifies_it_as_nas_kg_reason_does(
    name: str, bundled_results: dict, loaded: dict[str, tuple[OwlApiReport, Path | None]], hermit_on: Lazy
) -> None:
    _, saved = loaded[name]
    assert saved is not None  # loaded keeps the RDF/XML of every artefact HermiT classifies
    if name == "nas-kg-core.ttl":  # the ontology alone: compare the class hierarchies
        from nas_kg import resources

        # the shipped hierarchy is HermiT's of the bundled ontology files (test_release's build check)
        shipped = Graph().parse(resources.hierarchy_file(), format="turtle")
        assert {(s, o) for s, _, o in compute_hierarchy(Graph().parse(saved, format="xml"))} == {
            (s, o) for s, _, o in shipped
        }
        return
    # the fast path's answer on the bundled graph, which test_reasoning proves equal to HermiT's there (a second
    # HermiT run on the bundled graph here would only repeat that, on another worker)
    assert hermit_on[saved.read_bytes()] == bundled_results["owlrl"].categories


# ---------------------------------------------------------------------- Apache Jena
@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Return the command that runs Jena's riot from Debian's jars, or skip."""
    java = shutil.which("java")
    jars = [DEBIAN / f"{name}.jar" for name in JENA_JARS]
    if java is None or not jars[0].is_file():
        pytest.skip("Apache Jena not found: apt-get install libapache-jena-java")
    # Debian's jena-core looks up its shaded Xerces messages under xerces/, but ships them under
    # org/apache/jena/ext/xerces/: put a copy where it looks
    fix = tmp_path_factory.mktemp("jena-xerces")
    prefix = "org/apache/jena/ext/xerces/"
    with zipfile.ZipFile(DEBIAN / "jena-core.jar") as jar:
        for entry in jar.namelist():
            if entry.startswith(prefix) and not entry.endswith((".class", "/")):
                target = fix / "xerces" / entry[len(prefix) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(entry))
    classpath = ":".join([*(str(j) for j in jars if j.is_file()), str(fix)])
    return [java, *JVM_OPTIONS, "-cp", classpath, "riotcmd.riot"]


@pytest.fixture(scope="module")
def riot_counts(jena: list[str], release: Release) -> dict[str, tuple[subprocess.CompletedProcess[str], str]]:
    """Run riot --count once over every artefact and module (once more for JSON-LD, which needs its own syntax
    option): for each file, the run that read it and the line riot wrote about it (riot counts each file apart).
    """
    files = [release.folder / name for name in [*ARTEFACTS, *MODULE_FILES]]
    # riot's JSON-LD 1.1 reader needs a Jakarta JSON implementation Debian does not package: use its 1.0 reader
    runs = {
        ("--syntax=jsonld10",): [f for f in files if f.suffix == ".jsonld"],
        (): [f for f in files if f.suffix != ".jsonld"],
    }
    found: dict[str, tuple[subprocess.CompletedProcess[str], str]] = {}
    for options, paths in runs.items():
        done = subprocess.run(
            [*jena, *options, "--count", *map(str, paths)], capture_output=True, text=True, timeout=600
        )
        lines = (done.stdout + done.stderr).splitlines()
        for path in paths:
            said = [line for line in lines if line.startswith(f"{path.as_uri()} : ")]
            found[str(path.relative_to(release.folder))] = (done, said[0] if said else "")
    return found


@pytest.mark.parametrize("name", [*ARTEFACTS, *MODULE_FILES])
def test_jena_riot_reads_the_manifest_triples(
    name: str, riot_counts: dict[str, tuple[subprocess.CompletedProcess[str], str]], manifest: dict[str, dict[str, int]]
) -> None:
    done, line = riot_counts[name]
    assert done.returncode == 0, done.stderr
    assert line.endswith(f" : Triples = {manifest[name]['triples']:,}"), done.stdout + done.stderr
