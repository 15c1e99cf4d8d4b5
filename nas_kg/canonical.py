"""Canonical RDF writers (Turtle, N-Triples, N-Quads, TriG) and the canonical graph they share.

See nas_kg.serialize for the rules every writer follows."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Mapping

import pyoxigraph as ox

from nas_kg import collector
from nas_kg.namespaces import ONTOLOGY_IRI, PREFIXES
from nas_kg.triples import Source, Subject, Term, triples_of

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDF_FIRST, RDF_REST, RDF_NIL = RDF + "first", RDF + "rest", RDF + "nil"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"

#: Format name -> (writer, the file suffix --data reads it by, media type).

_PN_LOCAL = re.compile(r"^(?:[A-Za-z_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?$")
_NCNAME_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$")
_SHORT_NUMBERS = {XSD + "integer": _INTEGER, XSD + "decimal": _DECIMAL, XSD + "double": _DOUBLE}
_ECHAR = {"\t": "\\t", "\b": "\\b", "\n": "\\n", "\r": "\\r", "\f": "\\f", '"': '\\"', "\\": "\\\\"}
#: What an IRI cannot hold in N-Triples or Turtle: these characters, spaces and control characters.
_IRI_UNSAFE = re.compile("[" + re.escape('<>"{}|^`\\') + "\x00-\x20]")


# ---------------------------------------------------------------------- the canonical graph
class Canonical:
    """A graph prepared for writing: subjects grouped and ordered, every blank node given a content label.

    Build one per graph and hand it to every writer: the orders it computes are kept for the next writer,
    so change none of its attributes.
    """

    def __init__(self, source: Source, scope: str = "") -> None:
        triples = triples_of(source)
        properties: dict[Subject, list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
        references: dict[ox.BlankNode, int] = defaultdict(int)
        incoming: dict[ox.BlankNode, list[tuple[Subject, ox.NamedNode]]] = defaultdict(list)
        with collector.paused():  # a (predicate, object) pair per triple, all acyclic
            for s, p, o in triples:
                properties[s].append((p, o))
                if isinstance(o, ox.BlankNode):
                    references[o] += 1
                    incoming[o].append((s, p))
        self.triples = triples
        self.properties = properties
        self.references = references
        # a dataset's graphs share one blank-node scope in TriG and N-Quads: prefix each graph's labels
        self.labels = {b: scope + label for b, label in _label_blank_nodes(properties, incoming).items()}
        self.inline = self._inline_nodes(incoming)
        self._subjects: list[Subject] | None = None
        self._ordered: dict[Subject, list[tuple[ox.NamedNode, Term]]] = {}

    def _inline_nodes(self, incoming: Mapping[ox.BlankNode, list[tuple[Subject, ox.NamedNode]]]) -> set[ox.BlankNode]:
        """Return the blank nodes referenced exactly once and not on a cycle: they are written in place."""
        once = {b for b, n in self.references.items() if n == 1}
        inline = set()
        for node in once:
            seen = {node}
            owner: Subject = incoming[node][0][0]
            while isinstance(owner, ox.BlankNode) and owner in once and owner not in seen:
                seen.add(owner)
                owner = incoming[owner][0][0]
            if owner not in seen:
                inline.add(node)
        return inline

    def subjects(self) -> list[Subject]:
        """Return the subjects to write at the top level: ontology headers, IRIs sorted, then blank nodes."""
        if self._subjects is None:
            named = [(s.value, s) for s in self.properties if isinstance(s, ox.NamedNode)]
            headers = sorted(
                ((iri, s) for iri, s in named if _is_ontology(self.properties[s])),
                key=lambda item: (item[0] != str(ONTOLOGY_IRI), item[0]),
            )
            first = {s for _, s in headers}
            rest = sorted((iri, s) for iri, s in named if s not in first)  # IRIs differ: terms never compared
            blanks = sorted((s for s in self.properties if isinstance(s, ox.BlankNode)), key=self.key)
            self._subjects = [*(s for _, s in headers), *(s for _, s in rest), *blanks]
        return list(self._subjects)

    def key(self, term: Term) -> str:
        """Return a sort key that depends only on content."""
        if isinstance(term, ox.NamedNode):
            return "0" + term.value
        if isinstance(term, ox.Literal):
            return "1" + term.value + "\x00" + (term.language or "") + "\x00" + term.datatype.value
        return "2" + self.labels[term]

    def ordered(self, subject: Subject) -> list[tuple[ox.NamedNode, Term]]:
        """Return a subject's properties: rdf:type first, then rdfs:label, then by predicate IRI and object."""
        found = self._ordered.get(subject)
        if found is None:
            found = self._ordered[subject] = sorted(self.properties.get(subject, ()), key=self._property_key)
        return list(found)

    def _property_key(self, pair: tuple[ox.NamedNode, Term]) -> tuple[int, str, str]:
        iri = pair[0].value
        return _PREDICATE_RANK.get(iri, 2), iri, self.key(pair[1])

    def as_list(self, node: Term) -> list[Term] | None:
        """Return the members of a well-formed RDF list of inline nodes, or None."""
        if not isinstance(node, ox.BlankNode):  # an IRI (rdf:nil: the empty list, written as an IRI) or a literal
            return None
        members: list[Term] = []
        seen: set[ox.BlankNode] = set()
        while not (isinstance(node, ox.NamedNode) and node.value == RDF_NIL):
            if not isinstance(node, ox.BlankNode) or node in seen or node not in self.inline:
                return None
            props = self.properties.get(node, [])
            firsts = [o for p, o in props if p.value == RDF_FIRST]
            rests = [o for p, o in props if p.value == RDF_REST]
            if len(props) != 2 or len(firsts) != 1 or len(rests) != 1:
                return None
            seen.add(node)
            members.append(firsts[0])
            node = rests[0]
        return members if members else None


#: How ordered() ranks predicates before their IRIs: rdf:type first, then rdfs:label, then the rest.
_PREDICATE_RANK = {RDF_TYPE: 0, RDFS_LABEL: 1}
_TYPE_NODE, _ONTOLOGY_NODE = ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL_ONTOLOGY)


def _is_ontology(props: list[tuple[ox.NamedNode, Term]]) -> bool:
    return (_TYPE_NODE, _ONTOLOGY_NODE) in props  # compared in C; pyoxigraph terms of two kinds are never equal


def _label_blank_nodes(
    properties: Mapping[Subject, list[tuple[ox.NamedNode, Term]]],
    incoming: Mapping[ox.BlankNode, list[tuple[Subject, ox.NamedNode]]],
) -> dict[ox.BlankNode, str]:
    """Label every blank node from the triples around it, refined until the partition is stable.

    Nodes still alike after refinement are interchangeable (their surroundings are the same), so
    numbering them in any order gives the same output.
    """
    nodes = sorted({s for s in properties if isinstance(s, ox.BlankNode)} | set(incoming), key=lambda b: b.value)
    if not nodes:
        return {}

    def plain(term: Term) -> str | None:
        return None if isinstance(term, ox.BlankNode) else _nt(term)

    colour = dict.fromkeys(nodes, "")
    classes = 0
    for _ in range(len(nodes) + 1):
        new = {}
        for b in nodes:
            parts = sorted(
                [f"o {p.value} {plain(o) or colour[o]}" for p, o in properties.get(b, [])]  # type: ignore[index]
                + [f"i {p.value} {plain(s) or colour[s]}" for s, p in incoming.get(b, [])]  # type: ignore[index]
            )
            new[b] = hashlib.blake2b("\n".join([colour[b], *parts]).encode("utf-8"), digest_size=12).hexdigest()
        count = len(set(new.values()))
        colour = new
        if count == classes or count == len(nodes):
            break
        classes = count
    groups: dict[str, list[ox.BlankNode]] = defaultdict(list)
    for b in nodes:
        groups[colour[b]].append(b)
    labels = {}
    for value, members in groups.items():
        for n, b in enumerate(members):
            labels[b] = f"b{value[:16]}" + (f"x{n}" if len(members) > 1 else "")
    return labels


# ---------------------------------------------------------------------- terms
#: A character _escape changes: one of _ECHAR's, a control character or DEL.
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ECHAR)) + "\x00-\x1f\x7f]")


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):  # most literals: nothing to escape, no loop over characters
        return text
    out = []
    for ch in text:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _iri(value: str) -> str:
    if _IRI_UNSAFE.search(value):  # rare: one regex scan instead of a loop over the characters
        value = _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f"<{value}>"


def _nt(term: Term, labels: Mapping[ox.BlankNode, str] | None = None) -> str:
    """Return a term in canonical N-Triples form."""
    if isinstance(term, ox.NamedNode):
        return _iri(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:" + (labels[term] if labels is not None else term.value)
    text = '"' + _escape(term.value) + '"'
    if term.language:
        return f"{text}@{term.language.lower()}"
    if term.datatype.value == XSD_STRING:
        return text
    return text + "^^" + _iri(term.datatype.value)


class _Names:
    """Prefixed names for Turtle; records which prefixes are used."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.by_length = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))
        self.used: set[str] = set()
        # IRIs and literals repeat heavily: write each once (a prefix is recorded as used when first written)
        self._names: dict[str, str] = {}
        self._literals: dict[ox.Literal, str] = {}

    def iri(self, value: str) -> str:
        name = self._names.get(value)
        if name is None:
            name = self._names[value] = self._name(value)
        return name

    def _name(self, value: str) -> str:
        for prefix, ns in self.by_length:
            if value.startswith(ns) and _PN_LOCAL.match(value[len(ns) :]):
                self.used.add(prefix)
                return f"{prefix}:{value[len(ns) :]}"
        return _iri(value)

    def literal(self, term: ox.Literal) -> str:
        text = self._literals.get(term)
        if text is None:
            text = self._literals[term] = self._literal(term)
        return text

    def _literal(self, term: ox.Literal) -> str:
        value = term.value
        if "\n" in value:
            text = '"""' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r") + '"""'
        else:
            text = '"' + _escape(value) + '"'
        if term.language:
            return f"{text}@{term.language.lower()}"
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return text
        if datatype == XSD + "boolean" and value in ("true", "false"):
            return value
        pattern = _SHORT_NUMBERS.get(datatype)
        if pattern is not None and pattern.match(value):
            return value
        return f"{text}^^{self.iri(datatype)}"


# ---------------------------------------------------------------------- Turtle
@collector.paused()
def turtle(source: Source | Canonical, prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Serialise as canonical Turtle: @prefix lines, the ontology header, then sorted subjects."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    names = _Names(prefixes)
    blocks = [_turtle_subject(graph, names, s) for s in graph.subjects() if s not in graph.inline]
    head = [f"@prefix {p}: {_iri(prefixes[p])} ." for p in sorted(names.used)]
    text = "\n".join(head) + ("\n\n" if head else "") + "\n".join(blocks)
    return text.encode("utf-8")


def _turtle_subject(graph: Canonical, names: _Names, subject: Subject) -> str:
    if isinstance(subject, ox.NamedNode):
        name = names.iri(subject.value)
    elif graph.references.get(subject, 0) == 0:
        name = "[]"
    else:
        name = "_:" + graph.labels[subject]
    return f"{name}\n{_turtle_properties(graph, names, subject, 1)}.\n"


def _turtle_properties(graph: Canonical, names: _Names, subject: Subject, depth: int) -> str:
    pad = "    " * depth
    grouped: dict[str, list[Term]] = {}
    for p, o in graph.ordered(subject):
        grouped.setdefault(p.value, []).append(o)
    lines = []
    for predicate, objects in grouped.items():
        verb = "a" if predicate == RDF_TYPE else names.iri(predicate)
        if len(objects) == 1 and graph.as_list(objects[0]) is not None:  # `p (` as ROBOT and rdflib write it
            lines.append(f"{pad}{verb} {_turtle_object(graph, names, objects[0], depth)} ;\n")
            continue
        rendered = [_turtle_object(graph, names, o, depth + 1) for o in objects]
        if len(rendered) == 1 and "\n" not in rendered[0]:
            lines.append(f"{pad}{verb} {rendered[0]} ;\n")
        elif len(rendered) == 1:
            lines.append(f"{pad}{verb}\n{pad}    {rendered[0]} ;\n")
        else:
            joined = f" ,\n{pad}    ".join(rendered)
            lines.append(f"{pad}{verb}\n{pad}    {joined} ;\n")
    return "".join(lines)


def _turtle_object(graph: Canonical, names: _Names, term: Term, depth: int) -> str:
    if isinstance(term, ox.NamedNode):
        return names.iri(term.value)
    if isinstance(term, ox.Literal):
        return names.literal(term)
    if term not in graph.inline:
        return "_:" + graph.labels[term]
    pad = "    " * depth
    members = graph.as_list(term)
    if members is not None:
        items = "".join(f"{pad}    {_turtle_object(graph, names, m, depth + 1)}\n" for m in members)
        return f"(\n{items}{pad})"
    if not graph.properties.get(term):
        return "[]"
    return f"[\n{_turtle_properties(graph, names, term, depth + 1)}{pad}]"


# ---------------------------------------------------------------------- N-Triples and N-Quads
@collector.paused()
def ntriples(source: Source | Canonical) -> bytes:
    """Serialise as canonical N-Triples: sorted lines, blank nodes labelled by content."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    nt = _NTriplesForms(graph.labels)
    lines = sorted({f"{nt[s]} {nt[p]} {nt[o]} .\n" for s, p, o in graph.triples})
    return "".join(lines).encode("utf-8")


class _NTriplesForms(dict[Term, str]):
    """Terms' N-Triples forms, each written once: a term repeats on average three times in a graph."""

    def __init__(self, labels: Mapping[ox.BlankNode, str]) -> None:
        super().__init__()
        self.labels = labels

    def __missing__(self, term: Term) -> str:  # a lookup that hits costs no Python call
        text = self[term] = _nt(term, self.labels)
        return text


@collector.paused()
def nquads(graphs: Mapping[str, Source]) -> bytes:
    """Serialise named graphs as canonical N-Quads: sorted lines."""
    lines: set[str] = set()
    for n, name in enumerate(sorted(graphs)):
        for line in ntriples(Canonical(graphs[name], scope=f"g{n}")).decode("utf-8").splitlines():
            lines.add(f"{line[:-2]} {_iri(name)} .\n")
    return "".join(sorted(lines)).encode("utf-8")


@collector.paused()
def trig(graphs: Mapping[str, Source], prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Serialise named graphs as canonical TriG: @prefix lines, then each graph, sorted by name."""
    names = _Names(prefixes)
    bodies = []
    for n, name in enumerate(sorted(graphs)):
        graph = Canonical(graphs[name], scope=f"g{n}")
        blocks = [_turtle_subject(graph, names, s) for s in graph.subjects() if s not in graph.inline]
        body = "\n".join("    " + line if line else "" for b in blocks for line in b.splitlines()) + "\n"
        bodies.append(f"{_iri(name)} {{\n{body}}}\n")
    head = [f"@prefix {p}: {_iri(prefixes[p])} ." for p in sorted(names.used)]
    return ("\n".join(head) + ("\n\n" if head else "") + "\n".join(bodies)).encode("utf-8")


# ---------------------------------------------------------------------- RDF/XML
