"""Write the HTML documentation: a reference of the ontology and a page per surveyed work, with an index of works.

pyLODE 3.x omits named individuals (our works) and its last release for Python < 3.12 fails on import,
so the pages are generated here with the standard library's ``html`` module: static files, no scripts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from nas_kg import classexpr
from nas_kg.errors import InputError
from nas_kg.graph import KnowledgeGraph, write_atomic
from nas_kg.namespaces import BIBO, IAO_DEFINITION, NAS, PREFIXES, VANN
from nas_kg.rdfio import tbox_graph

if TYPE_CHECKING:
    from nas_kg.analysis import Neighbour
    from nas_kg.graph import MethodRef

STYLE = "\n".join(
    [
        'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:70rem;margin:0 auto;',
        "padding:1rem 2rem;color:#1d1d1f;line-height:1.45}",
        "a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}",
        "h1{font-size:1.8rem;border-bottom:3px solid #0b5cad;padding-bottom:.3rem}",
        "h2{margin-top:2.2rem;border-bottom:1px solid #ccc}h3{margin:1.6rem 0 .3rem}",
        "code,.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;color:#555}",
        "table{border-collapse:collapse;width:100%;margin:.5rem 0}",
        "th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f2f5f9}",
        ".term{border-left:4px solid #0b5cad;padding:.2rem 0 .2rem 1rem;margin:1rem 0}",
        ".kind{font-size:.75rem;background:#e6eef8;color:#0b5cad;border-radius:3px;"
        "padding:.05rem .4rem;margin-left:.4rem}",
        ".inferred{background:#fff4d6;color:#8a5a00}nav ul{columns:3}nav li{break-inside:avoid}",
        "footer{margin-top:3rem;color:#777;font-size:.85rem}",
    ]
)
_KINDS = (
    (OWL.Class, "Classes", "class"),
    (OWL.ObjectProperty, "Object properties", "object property"),
    (OWL.DatatypeProperty, "Datatype properties", "datatype property"),
    (OWL.AnnotationProperty, "Annotation properties", "annotation property"),
    (OWL.NamedIndividual, "Named individuals (category values)", "individual"),
)
_METADATA = (
    (DCTERMS.title, "Title"),
    (DCTERMS.description, "Description"),
    (OWL.versionIRI, "Version IRI"),
    (OWL.versionInfo, "Version"),
    (DCTERMS.license, "Licence"),
    (DCTERMS.creator, "Creator"),
    (DCTERMS.created, "Created"),
    (DCTERMS.modified, "Modified"),
    (VANN.preferredNamespacePrefix, "Namespace prefix"),
    (VANN.preferredNamespaceUri, "Namespace URI"),
    (DCTERMS.bibliographicCitation, "Cite as"),
    (DCTERMS.source, "Source"),
    (BIBO.status, "Status"),
    (OWL.imports, "Imports"),
    (RDFS.comment, "Note"),
)


@dataclass(frozen=True)
class DocSite:
    """The documentation written: its folder and every page."""

    folder: Path
    pages: tuple[Path, ...]

    @property
    def index(self) -> Path:
        """Return the ontology reference page."""
        return self.folder / "index.html"


def anchor(iri: Node) -> str:
    """Return the HTML id of a term: its CURIE with the colon replaced, e.g. nas-Differentiable."""
    text = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(ns) and text != ns:
            return f"{prefix}-{text[len(ns) :]}"
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def work_file(iri: Node) -> str:
    """Return the file name of a work's page, from the last segment of its IRI."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", str(iri).rstrip("/").rsplit("/", 1)[-1]) + ".html"


def build_docs(kg: KnowledgeGraph, folder: Path) -> DocSite:
    """Write the ontology reference, the index of works and one page per work into an existing folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder (create it first)")
    (folder / "works").mkdir(exist_ok=True)
    tbox = tbox_graph()
    full = kg.rdflib_graph()
    pages: dict[Path, str] = {folder / "index.html": reference_page(tbox)}
    pages.update(work_pages(kg, full, tbox, folder / "works"))
    written = []
    for path, text in pages.items():
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    for css in (folder / "style.css", folder / "works" / "style.css"):
        write_atomic(css, STYLE.encode("utf-8"))
    return DocSite(folder, tuple(written))


# ---------------------------------------------------------------------- ontology reference
def reference_page(tbox: Graph) -> str:
    """Return the HTML reference of the ontology: metadata, then every class, property and value."""
    ontologies = sorted((o for o in tbox.subjects(RDF.type, OWL.Ontology) if isinstance(o, URIRef)), key=str)
    title = _text(tbox, ontologies[0], DCTERMS.title) if ontologies else "nas-kg ontology"
    body = [f"<h1>{escape(title)}</h1>", '<p><a href="works/index.html">Index of surveyed works</a></p>']
    for onto in ontologies:
        body.append(f'<h2 id="{anchor(onto)}">Ontology {escape(_text(tbox, onto, DCTERMS.title) or str(onto))}</h2>')
        body.append(f'<p class="iri">{escape(str(onto))}</p><table>')
        for prop, name in _METADATA:
            values = sorted(tbox.objects(onto, prop), key=str)
            if values:
                cells = "<br>".join(_value(tbox, v, "") for v in values)
                body.append(f"<tr><th>{escape(name)}</th><td>{cells}</td></tr>")
        body.append("</table>")
    sections = _terms_by_kind(tbox)
    body.append("<nav><h2>Contents</h2><ul>")
    body += [
        f'<li><a href="#{_section_id(name)}">{escape(name)}</a> ({len(terms)})</li>' for _, name, _, terms in sections
    ]
    body.append("</ul></nav>")
    for _, name, kind, terms in sections:
        body.append(f'<h2 id="{_section_id(name)}">{escape(name)}</h2>')
        body += [_term_block(tbox, term, kind) for term in terms]
    return _page(title, "\n".join(body), "")


def _section_id(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", name.casefold()).strip("-")


def _terms_by_kind(tbox: Graph) -> list[tuple[URIRef, str, str, list[URIRef]]]:
    ours = tuple(ns for p, ns in PREFIXES.items() if p in ("nas", "nasx"))
    seen: set[Node] = set()
    out = []
    for kind, name, short in _KINDS:
        terms = [
            t
            for t in tbox.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(ours) and t not in seen
        ]
        seen.update(terms)
        out.append((kind, name, short, sorted(terms, key=lambda t: (_label(tbox, t).casefold(), str(t)))))
    return out


def _term_block(tbox: Graph, term: URIRef, kind: str) -> str:
    rows = []
    definition = _text(tbox, term, SKOS.definition) or _text(tbox, term, IAO_DEFINITION)
    facts: list[tuple[str, Iterable[Node]]] = [
        ("Synonyms", tbox.objects(term, SKOS.altLabel)),
        (
            "Types",
            [t for t in tbox.objects(term, RDF.type) if t not in (OWL.NamedIndividual, OWL.Class)]
            if kind == "individual"
            else [],
        ),
        ("Superclasses", tbox.objects(term, RDFS.subClassOf)),
        ("Equivalent to", tbox.objects(term, OWL.equivalentClass)),
        ("Subclasses", tbox.subjects(RDFS.subClassOf, term)),
        ("Super-properties", tbox.objects(term, RDFS.subPropertyOf)),
        ("Domain", tbox.objects(term, RDFS.domain)),
        ("Range", tbox.objects(term, RDFS.range)),
        ("Values", tbox.subjects(RDF.type, term) if kind == "class" else []),
        ("Source", tbox.objects(term, DCTERMS.source)),
        ("Section of the seed paper", tbox.objects(term, NAS.paperSection)),
        ("Defined by", tbox.objects(term, RDFS.isDefinedBy)),
    ]
    for name, values in facts:
        listed = sorted({_value(tbox, v, "") for v in values})
        if listed:
            rows.append(f"<tr><th>{escape(name)}</th><td>{', '.join(listed)}</td></tr>")
    return (
        f'<div class="term" id="{anchor(term)}"><h3>{escape(_label(tbox, term))}'
        f'<span class="kind">{escape(kind)}</span></h3><p class="iri">{escape(str(term))}</p>'
        + (f"<p>{escape(definition)}</p>" if definition else "")
        + (f"<table>{''.join(rows)}</table>" if rows else "")
        + "</div>"
    )


def _value(graph: Graph, value: Node, base: str) -> str:
    """Render a value: a link for our terms, a Manchester-like text for class expressions, text otherwise."""
    if isinstance(value, Literal):
        return escape(str(value))
    if isinstance(value, BNode):
        return escape(_expression(graph, value))
    text = str(value)
    if _documented(graph, value):
        return f'<a href="{base}index.html#{anchor(value)}">{escape(_label(graph, value))}</a>'
    if text.startswith(PREFIXES["nas"]) and (value, RDFS.label, None) in graph:
        return escape(_label(graph, value))
    if text.startswith(("http://", "https://")):
        return f'<a href="{escape(text)}">{escape(_curie(text))}</a>'
    return escape(text)


def _documented(graph: Graph, term: Node) -> bool:
    """Tell whether the reference page has an entry for a term: a declared term of the nas or nasx ontology."""
    text = str(term)
    ours = text.startswith((PREFIXES["nas"], PREFIXES["nasx"])) and not text.startswith(
        (PREFIXES["work"], PREFIXES["source"])
    )
    return ours and any((term, RDF.type, kind) in graph for kind, _, _ in _KINDS)


def _expression(graph: Graph, node: Node) -> str:
    expr = classexpr.parse(graph, node)
    if isinstance(expr, classexpr.Unknown):
        return "(anonymous class)"
    return classexpr.manchester(expr, lambda term: _label(graph, term))


def _label(graph: Graph, term: Node) -> str:
    label = graph.value(term, RDFS.label)
    return str(label) if label is not None else _curie(str(term))


def _text(graph: Graph, term: Node, prop: URIRef) -> str:
    value = graph.value(term, prop)
    return "" if value is None else str(value)


def _curie(text: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(ns) and text != ns:
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _page(title: str, body: str, base: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="{base}style.css">\n</head>\n<body>\n{body}\n'
        f"<footer>Generated by nas-kg docs.</footer>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------------- works
def work_pages(kg: KnowledgeGraph, full: Graph, tbox: Graph, folder: Path) -> dict[Path, str]:
    """Return the index of works and one page per work: facets, categories, claims and nearest neighbours."""
    from nas_kg.analysis import facet_profiles, similar
    from nas_kg.reasoning import reason

    result = reason(kg, reasoner="owlrl")
    methods = kg.method_index
    profiles = facet_profiles(kg)  # one SPARQL pass for every page's neighbours, not one per page
    pages: dict[Path, str] = {}
    rows = []
    for method in methods:
        categories = sorted(result.categories.get(method.iri, set()) - {NAS.NASMethod}, key=lambda c: _label(tbox, c))
        inferred = result.inferred(method.iri)
        cats = ", ".join(_category(tbox, c, c in inferred, "../") for c in categories)
        rows.append(
            f'<tr><td><a href="{work_file(method.iri)}">{escape(method.label)}</a></td>'
            f"<td>{method.year or ''}</td><td>{method.ref or ''}</td><td>{cats}</td></tr>"
        )
        facets = kg.query("method-facets", method=str(method.iri)).records()
        claims = kg.query("method-claims", method=str(method.iri)).records()
        neighbours = similar(kg, method, k=5, profiles=profiles)
        pages[folder / work_file(method.iri)] = _work_page(
            full, tbox, method, categories, inferred, facets, claims, neighbours
        )
    body = [
        "<h1>Surveyed works</h1>",
        f'<p><a href="../index.html">Ontology reference</a> · {len(methods)} works; '
        'categories marked <span class="kind inferred">inferred</span> come from the OWL 2 RL reasoner.</p>',
        "<table><tr><th>Work</th><th>Year</th><th>Seed ref.</th><th>Categories</th></tr>",
        *rows,
        "</table>",
    ]
    pages[folder / "index.html"] = _page("Surveyed works", "\n".join(body), "")
    return pages


def _category(tbox: Graph, cls: Node, inferred: bool, base: str) -> str:
    link = _value(tbox, cls, base)
    return link + (' <span class="kind inferred">inferred</span>' if inferred else "")


def _work_page(
    full: Graph,
    tbox: Graph,
    method: MethodRef,
    categories: Sequence[Node],
    inferred: set[URIRef],
    facets: list[dict[str, object]],
    claims: list[dict[str, object]],
    neighbours: list[Neighbour],
) -> str:
    iri, label = method.iri, method.label
    body = [
        f"<h1>{escape(label)}</h1>",
        '<p><a href="index.html">All works</a> · <a href="../index.html">Ontology reference</a></p>',
        f'<p class="iri">{escape(str(iri))}</p><table>',
    ]
    fields = (
        (DCTERMS.title, "Title"),
        (NAS.authors, "Authors"),
        (NAS.year, "Year"),
        (NAS.venue, "Venue"),
        (NAS.referenceNumber, "Reference in the seed paper"),
        (NAS.arxivId, "arXiv"),
        (NAS.doi, "DOI"),
        (RDFS.seeAlso, "Links"),
        (NAS.preferredSource, "Preferred source"),
        (NAS.ambiguity, "Ambiguity"),
    )
    for prop, name in fields:
        values = sorted(full.objects(iri, prop), key=str)
        if values:
            cells = "<br>".join(_value(full, v, "../") for v in values)
            body.append(f"<tr><th>{escape(name)}</th><td>{cells}</td></tr>")
    body.append("</table><h2>Facets</h2><table><tr><th>Facet</th><th>Values</th></tr>")
    by_facet: dict[str, list[str]] = defaultdict(list)
    for row in facets:
        value = URIRef(str(row["value"]))
        by_facet[str(row["facet_label"])].append(_value(tbox, value, "../"))
    body += [f"<tr><td>{escape(f)}</td><td>{', '.join(sorted(v))}</td></tr>" for f, v in sorted(by_facet.items())]
    body.append("</table><h2>Categories</h2><ul>")
    body += [f"<li>{_category(tbox, c, c in inferred, '../')}</li>" for c in categories]
    body.append("</ul><h2>Sources and claims</h2>")
    body.append("<table><tr><th>Source</th><th>Facet</th><th>Value</th><th>Locator</th><th>Rationale</th></tr>")
    for row in claims:
        cell = (
            _value(tbox, URIRef(str(row["value"])), "../")
            if row.get("value")
            else escape(str(row.get("verbatim") or ""))
        )
        source = escape(str(row.get("source_label") or row["source"]))
        locator, rationale = escape(str(row.get("locator") or "")), escape(str(row.get("rationale") or ""))
        body.append(
            f"<tr><td>{source}</td><td>{escape(_label(tbox, URIRef(str(row['facet']))))}</td>"
            f"<td>{cell}</td><td>{locator}</td><td>{rationale}</td></tr>"
        )
    body.append("</table><h2>Nearest neighbours</h2>")
    body.append("<table><tr><th>Rank</th><th>Work</th><th>Similarity</th><th>Same facets</th></tr>")
    for n in neighbours:
        body.append(
            f'<tr><td>{n.rank}</td><td><a href="{work_file(n.method.iri)}">{escape(n.method.label)}</a></td>'
            f"<td>{n.score:.2f}</td><td>{escape(', '.join(n.shared))}</td></tr>"
        )
    body.append("</table>")
    return _page(label, "\n".join(body), "")
