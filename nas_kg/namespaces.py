"""IRIs as constants: code names NAS.Differentiable, never a bare string."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

NAS = Namespace("https://w3id.org/nas-kg/")
NASX = Namespace("https://w3id.org/nas-kg/ext/")
WORK = Namespace("https://w3id.org/nas-kg/work/")
SOURCE = Namespace("https://w3id.org/nas-kg/source/")
GRAPH = Namespace("https://w3id.org/nas-kg/graph/")
#: The evidence module: reported results, lineage between methods, code repositories.
NASE = Namespace("https://w3id.org/nas-kg/evidence/")
RESULT = Namespace("https://w3id.org/nas-kg/result/")
LINEAGE = Namespace("https://w3id.org/nas-kg/lineage/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OBO = Namespace("http://purl.obolibrary.org/obo/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ONTOLOGY_IRI = URIRef("https://w3id.org/nas-kg/")
EXTENSION_IRI = URIRef("https://w3id.org/nas-kg/ext/")
EVIDENCE_IRI = URIRef("https://w3id.org/nas-kg/evidence/")
IAO_DEFINITION = OBO.IAO_0000115

PREFIXES: dict[str, str] = {
    "nas": str(NAS),
    "nasx": str(NASX),
    "nase": str(NASE),
    "result": str(RESULT),
    "lineage": str(LINEAGE),
    "schema": str(SCHEMA),
    "work": str(WORK),
    "source": str(SOURCE),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "xsd": str(XSD),
    "vann": str(VANN),
    "prov": str(PROV),
    "obo": str(OBO),
    "bibo": str(BIBO),
    "sh": str(SH),
}

__all__ = [
    "BIBO",
    "DCTERMS",
    "EVIDENCE_IRI",
    "EXTENSION_IRI",
    "GRAPH",
    "IAO_DEFINITION",
    "LINEAGE",
    "NAS",
    "NASE",
    "NASX",
    "OBO",
    "ONTOLOGY_IRI",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "RESULT",
    "SCHEMA",
    "SH",
    "SKOS",
    "SOURCE",
    "VANN",
    "WORK",
    "XSD",
]
