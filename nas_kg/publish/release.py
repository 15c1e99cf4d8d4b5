"""Build the release artefacts: the graph in Turtle, RDF/XML, JSON-LD and N-Triples, the inferred graph, the core
ontology, the ontology modules with their XML catalog, and a manifest with checksums, triple and axiom counts.

Every file is written in the canonical form of nas_kg.serialize, so two releases of the same graph are
byte-identical. The merged artefacts hold every ontology they would import and so import nothing
(nas_kg.imports); ``modules/`` keeps the core and the extension as separate ontologies, the extension
importing the core, with ``modules/catalog-v001.xml`` mapping the import IRIs to those files for Protégé
and ROBOT.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from nas_kg import collector, progress, resources, serialize
from nas_kg.axioms import count_axioms
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph, write_atomic
from nas_kg.imports import CATALOG, catalog_xml, drop_contained_imports
from nas_kg.namespaces import EVIDENCE_IRI, EXTENSION_IRI, NAS, ONTOLOGY_IRI, PREFIXES
from nas_kg.rdfio import tbox_graph
from nas_kg.version import __version__

MANIFEST = "manifest.json"
MODULES = "modules"
#: The JSON-LD @context of nas-kg.jsonld: the namespace prefixes, so that IRIs compact to CURIEs.
JSONLD_CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))


@dataclass(frozen=True)
class Artefact:
    """One released file: its name, RDF format, media type, size, SHA-256 checksum, triple and OWL axiom counts.

    ``axioms`` is what the OWL API's ``getAxiomCount()`` gives for the file alone (nas_kg.axioms).
    """

    file: str
    format: str
    media_type: str
    description: str
    bytes: int
    sha256: str
    triples: int
    axioms: int


@dataclass(frozen=True)
class Release:
    """A release: the version, the ontology's version IRI, and the artefacts written."""

    version: str
    version_iri: str
    folder: Path
    artefacts: tuple[Artefact, ...]
    modules: tuple[Artefact, ...] = ()

    def manifest(self) -> dict[str, object]:
        """Return the manifest as JSON-ready data."""
        return {
            "name": "nas-kg",
            "version": self.version,
            "ontology": str(ONTOLOGY_IRI),
            "versionIRI": self.version_iri,
            "artefacts": [asdict(a) for a in self.artefacts],
            "modules": [asdict(a) for a in self.modules],
            "catalog": f"{MODULES}/{CATALOG}",
        }


def version_iri(graph: Graph) -> str:
    """Return the core ontology's owl:versionIRI; raise InputError when it has none."""
    found = graph.value(ONTOLOGY_IRI, OWL.versionIRI)
    if found is None:
        raise InputError(f"the ontology <{ONTOLOGY_IRI}> has no owl:versionIRI; a release needs one")
    return str(found)


def inferred_graph(kg: KnowledgeGraph, asserted: Graph) -> Graph:
    """Return asserted plus OWL 2 RL inferred categories, each inferred one also marked with nas:inferredCategory."""
    out = Graph()
    for triple in asserted:
        out.add(triple)
    for triple in _inferred_triples(kg):
        out.add(triple)
    return out


def _inferred_triples(kg: KnowledgeGraph) -> list[tuple[Node, Node, Node]]:
    """Return the OWL 2 RL inferred categories as rdf:type and nas:inferredCategory triples."""
    from nas_kg.reasoning import reason

    result = reason(kg, reasoner="owlrl")
    found: list[tuple[Node, Node, Node]] = []
    for method, _, category in result.graph():
        found += [(method, RDF.type, category), (method, NAS.inferredCategory, category)]
    return found


#: file name -> (format name, media type, description, graph selector, serialiser)
_FILES: dict[str, tuple[str, str, str, str, Callable[[serialize.Canonical], bytes]]] = {
    "nas-kg.ttl": ("turtle", "text/turtle", "ontology and works", "full", serialize.turtle),
    "nas-kg.owl": ("rdf-xml", "application/rdf+xml", "ontology and works", "full", serialize.rdf_xml),
    "nas-kg.jsonld": (
        "json-ld",
        "application/ld+json",
        "ontology and works, with a JSON-LD @context",
        "full",
        serialize.json_ld,
    ),
    "nas-kg.nt": ("n-triples", "application/n-triples", "ontology and works", "full", serialize.ntriples),
    "nas-kg-inferred.ttl": (
        "turtle",
        "text/turtle",
        "ontology and works plus OWL 2 RL inferred categories",
        "inferred",
        serialize.turtle,
    ),
    "nas-kg-core.ttl": (
        "turtle",
        "text/turtle",
        "the ontology only (nas.ttl, nas-ext.ttl and nas-evidence.ttl)",
        "core",
        serialize.turtle,
    ),
}
ARTEFACTS = tuple(_FILES)
#: module file (under modules/) -> (ontology IRI, description, bundled file)
_MODULES: dict[str, tuple[str, str, Callable[[], Path]]] = {
    "nas.ttl": (str(ONTOLOGY_IRI), "the core ontology", resources.core_ontology),
    "nas-ext.ttl": (str(EXTENSION_IRI), "the extension module (imports the core)", resources.extension_ontology),
    "nas-evidence.ttl": (
        str(EVIDENCE_IRI),
        "the evidence module: results, lineage, code (imports the core)",
        resources.evidence_ontology,
    ),
}
MODULE_FILES = tuple(f"{MODULES}/{name}" for name in _MODULES)


@collector.paused()  # its graphs, canonical forms and axiom sets: no cycles, a fifth of the time in collections
def build_release(kg: KnowledgeGraph, folder: Path) -> Release:
    """Write every release artefact, the modules with their catalog, and manifest.json into an existing folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (create it first)")
    # the store's N-Triples, parsed by Oxigraph: the triples kg.rdflib_graph() holds, without building it
    full = serialize.triples_of(kg.ntriples())
    core = tbox_graph()
    iri = version_iri(core)
    graphs = {"full": full, "core": serialize.triples_of(core)}
    graphs["inferred"] = serialize.triples_of([*full, *_inferred_triples(kg)])
    stamp = (ox.NamedNode(str(ONTOLOGY_IRI)), ox.NamedNode(str(OWL.versionIRI)), ox.NamedNode(iri))
    for name, triples in graphs.items():
        if stamp not in triples:
            raise InputError(f"the {name} graph lacks the version IRI <{iri}>")
    merged = {name: serialize.Canonical(drop_contained_imports(triples)) for name, triples in graphs.items()}
    axioms = {name: count_axioms(graph) for name, graph in merged.items()}  # the same for every format of a graph
    artefacts = []
    with progress.task("writing the release", total=len(_FILES), unit="file") as advance:
        for file, (fmt, media, description, which, serialise) in _FILES.items():
            artefacts.append(_publish(folder, file, (fmt, media, description), merged[which], axioms[which], serialise))
            advance(1)
    modules = _write_modules(folder)
    release = Release(__version__, iri, folder, tuple(artefacts), modules)
    text = json.dumps(release.manifest(), indent=2, ensure_ascii=False) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"))
    return release


def _write_modules(folder: Path) -> tuple[Artefact, ...]:
    """Write the core and extension as separate ontologies, and the catalog that resolves their imports."""
    target = folder / MODULES
    try:
        target.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"{target}: cannot create folder: {exc.strerror or exc}") from exc
    written = []
    mapping: dict[str, str] = {}
    for name, (ontology, description, bundled) in _MODULES.items():
        path = bundled()
        if not path.exists():
            continue
        graph = serialize.Canonical(Graph().parse(path, format="turtle"))
        about = ("turtle", "text/turtle", description)
        written.append(_publish(folder, f"{MODULES}/{name}", about, graph, count_axioms(graph), serialize.turtle))
        mapping[ontology] = name
        for s, p, o in graph.triples:
            if p.value == str(OWL.versionIRI) and s.value == ontology:
                mapping[o.value] = name
    write_atomic(target / CATALOG, catalog_xml(mapping))
    return tuple(written)


def _publish(
    folder: Path,
    file: str,
    about: tuple[str, str, str],
    graph: serialize.Canonical,
    axioms: int,
    serialise: Callable[[serialize.Canonical], bytes],
) -> Artefact:
    """Write one artefact (with the umask's permissions, like every file nas-kg writes) and describe it.

    ``about`` is its format name, media type and description; ``axioms`` is count_axioms(graph).
    """
    payload = serialise(graph)
    write_atomic(folder / file, payload)
    fmt, media, description = about
    sha = hashlib.sha256(payload).hexdigest()
    return Artefact(file, fmt, media, description, len(payload), sha, len(graph.triples), axioms)
