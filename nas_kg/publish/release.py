"""Build the release artefacts: the graph in Turtle, RDF/XML and JSON-LD, the inferred graph, the core ontology,
and a manifest with checksums and triple counts. Turtle is written in the canonical sorted form."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from nas_kg import progress
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph, write_atomic
from nas_kg.namespaces import NAS, ONTOLOGY_IRI, PREFIXES
from nas_kg.rdfio import canonical_turtle, tbox_graph
from nas_kg.version import __version__

MANIFEST = "manifest.json"
#: The JSON-LD @context of nas-kg.jsonld: the namespace prefixes, so that IRIs compact to CURIEs.
JSONLD_CONTEXT: dict[str, str] = dict(sorted(PREFIXES.items()))


@dataclass(frozen=True)
class Artefact:
    """One released file: its name, RDF format, media type, size, SHA-256 checksum and triple count."""

    file: str
    format: str
    media_type: str
    description: str
    bytes: int
    sha256: str
    triples: int


@dataclass(frozen=True)
class Release:
    """A release: the version, the ontology's version IRI, and the artefacts written."""

    version: str
    version_iri: str
    folder: Path
    artefacts: tuple[Artefact, ...]

    def manifest(self) -> dict[str, object]:
        """Return the manifest as JSON-ready data."""
        return {
            "name": "nas-kg",
            "version": self.version,
            "ontology": str(ONTOLOGY_IRI),
            "versionIRI": self.version_iri,
            "artefacts": [asdict(a) for a in self.artefacts],
        }


def version_iri(graph: Graph) -> str:
    """Return the core ontology's owl:versionIRI; raise InputError when it has none."""
    found = graph.value(ONTOLOGY_IRI, OWL.versionIRI)
    if found is None:
        raise InputError(f"the ontology <{ONTOLOGY_IRI}> has no owl:versionIRI; a release needs one")
    return str(found)


def inferred_graph(kg: KnowledgeGraph, asserted: Graph) -> Graph:
    """Return asserted plus OWL 2 RL inferred categories, each inferred one also marked with nas:inferredCategory."""
    from nas_kg.reasoning import reason

    result = reason(kg, reasoner="owlrl")
    out = Graph()
    for triple in asserted:
        out.add(triple)
    for method, _, category in result.graph():
        out.add((method, RDF.type, category))
        out.add((method, NAS.inferredCategory, category))
    return out


def _xml(graph: Graph) -> bytes:
    import pyoxigraph as ox

    triples = ox.parse(_sorted_nt(graph), format=ox.RdfFormat.N_TRIPLES)
    payload = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES)
    if payload is None:  # only when serialising into a file, which this does not
        raise InputError("RDF/XML serialisation returned nothing")
    return payload


def _jsonld(graph: Graph) -> bytes:
    text = graph.serialize(format="json-ld", context=JSONLD_CONTEXT, sort_keys=True, indent=1, auto_compact=True)
    return text.encode("utf-8")


def _turtle(graph: Graph) -> bytes:
    return canonical_turtle(graph).encode("utf-8")


def _sorted_nt(graph: Graph) -> bytes:
    lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8")


#: file name -> (format name, media type, description, graph selector, serialiser)
_FILES: dict[str, tuple[str, str, str, str, Callable[[Graph], bytes]]] = {
    "nas-kg.ttl": ("turtle", "text/turtle", "ontology and works", "full", _turtle),
    "nas-kg.owl": ("rdf-xml", "application/rdf+xml", "ontology and works", "full", _xml),
    "nas-kg.jsonld": ("json-ld", "application/ld+json", "ontology and works, with a JSON-LD @context", "full", _jsonld),
    "nas-kg-inferred.ttl": (
        "turtle",
        "text/turtle",
        "ontology and works plus OWL 2 RL inferred categories",
        "inferred",
        _turtle,
    ),
    "nas-kg-core.ttl": ("turtle", "text/turtle", "the ontology only (nas.ttl and nas-ext.ttl)", "core", _turtle),
}
ARTEFACTS = tuple(_FILES)


def build_release(kg: KnowledgeGraph, folder: Path) -> Release:
    """Write every release artefact and manifest.json atomically into an existing folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (create it first)")
    full = kg.rdflib_graph()
    graphs = {"full": full, "core": tbox_graph()}
    iri = version_iri(graphs["core"])
    graphs["inferred"] = inferred_graph(kg, full)
    for name, graph in graphs.items():
        if (ONTOLOGY_IRI, OWL.versionIRI, URIRef(iri)) not in graph:
            raise InputError(f"the {name} graph lacks the version IRI <{iri}>")
    artefacts = []
    with progress.task("writing the release", total=len(_FILES), unit="file") as advance:
        for file, (fmt, media, description, which, serialise) in _FILES.items():
            graph = graphs[which]
            payload = serialise(graph)
            _publish(folder / file, payload)
            digest = hashlib.sha256(payload).hexdigest()
            artefacts.append(Artefact(file, fmt, media, description, len(payload), digest, len(graph)))
            advance(1)
    release = Release(__version__, iri, folder, tuple(artefacts))
    text = json.dumps(release.manifest(), indent=2, ensure_ascii=False) + "\n"
    _publish(folder / MANIFEST, text.encode("utf-8"))
    return release


def _publish(path: Path, payload: bytes) -> None:
    write_atomic(path, payload)
    # released files are for everyone to read; the atomic writer's temporary file is private (0600)
    os.chmod(path, 0o644)
