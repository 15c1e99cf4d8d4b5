"""owl:imports that never hit the network: merged files drop what they contain, modules ship a catalog.

A merged artefact (the whole graph, the core ontology) holds every ontology it would import, so its
``owl:imports`` of those are dropped: with them, the OWL API and owlready2 try to download
``https://w3id.org/nas-kg/`` and fail offline. A modular artefact (the core and the extension module
as separate files) keeps its imports and comes with an OASIS XML catalog, ``catalog-v001.xml``, which
Protégé, ROBOT and the OWL API use to map each import IRI to a local file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from nas_kg import resources
from nas_kg.namespaces import EVIDENCE_IRI, EXTENSION_IRI, ONTOLOGY_IRI
from nas_kg.serialize import RDF_TYPE, Source, Triple, triples_of

OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
CATALOG = "catalog-v001.xml"


_TYPE, _IMPORTS, _VERSION_IRI = ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL_IMPORTS), ox.NamedNode(OWL_VERSION_IRI)
_ONTOLOGY = ox.NamedNode(OWL_ONTOLOGY)


def _links(triples: Iterable[Triple], predicate: str) -> list[tuple[str, str]]:
    """Return the (subject, object) IRI pairs of one predicate."""
    node = ox.NamedNode(predicate)
    return [
        (s.value, o.value)
        for s, p, o in triples
        if p == node and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
    ]


def _survey(triples: Iterable[Triple]) -> tuple[set[str], list[Triple]]:
    """Return, in one pass, the ontologies a graph holds (contained_ontologies) and its owl:imports of IRIs."""
    ontologies: set[str] = set()
    versions: list[tuple[str, str]] = []
    imports: list[Triple] = []
    for triple in triples:
        s, p, o = triple
        if not isinstance(o, ox.NamedNode):  # every link below is to an IRI
            continue
        if p == _IMPORTS:
            imports.append(triple)
        elif not isinstance(s, ox.NamedNode):
            continue
        elif p == _TYPE and o == _ONTOLOGY:
            ontologies.add(s.value)
        elif p == _VERSION_IRI:
            versions.append((s.value, o.value))
    return ontologies | {o for s, o in versions if s in ontologies}, imports


def contained_ontologies(triples: Iterable[Triple]) -> set[str]:
    """Return the IRIs (ontology and version IRIs) of the ontologies a graph holds."""
    return _survey(triples)[0]


def drop_contained_imports(source: Source) -> list[Triple]:
    """Return the graph's triples without the owl:imports of ontologies the graph itself holds."""
    triples = triples_of(source)
    inside, imports = _survey(triples)
    dropped = {triple for triple in imports if triple[2].value in inside}
    if not dropped:
        return triples
    return [triple for triple in triples if triple not in dropped]


def unresolved_imports(source: Source) -> list[str]:
    """Return the import IRIs a graph declares but does not hold, sorted."""
    inside, imports = _survey(triples_of(source))
    return sorted({o.value for _, _, o in imports} - inside)


def catalog_xml(mapping: Mapping[str, str]) -> bytes:
    """Return an OASIS XML catalog (Protégé's catalog-v001.xml) mapping IRIs to relative file names."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">',
    ]
    for iri, file in sorted(mapping.items()):
        lines.append(f'    <uri id="nas-kg" name={quoteattr(iri)} uri={quoteattr(file)}/>')
    lines.append("</catalog>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def bundled_modules() -> dict[str, Path]:
    """Map the bundled ontologies' IRIs and version IRIs to their files (for imports resolved offline)."""
    mapping: dict[str, Path] = {}
    bundled = (
        (str(ONTOLOGY_IRI), resources.core_ontology()),
        (str(EXTENSION_IRI), resources.extension_ontology()),
        (str(EVIDENCE_IRI), resources.evidence_ontology()),
    )
    for iri, path in bundled:
        if not path.exists():
            continue
        mapping[iri] = path
        triples = triples_of(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        mapping.update({o: path for s, o in _links(triples, OWL_VERSION_IRI) if s == iri})
    return mapping
