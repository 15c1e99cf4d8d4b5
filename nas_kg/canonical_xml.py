"""Canonical RDF/XML and JSON-LD writers (see nas_kg.serialize for the rules every writer follows)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Any

import pyoxigraph as ox

from nas_kg import collector
from nas_kg.canonical import (
    _NCNAME_TAIL,
    RDF,
    RDF_TYPE,
    XSD_STRING,
    Canonical,
    _Names,
)
from nas_kg.namespaces import PREFIXES
from nas_kg.triples import Source, Subject


@collector.paused()
def rdf_xml(source: Source | Canonical, prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Serialise as canonical RDF/XML: one rdf:Description per subject, in the Turtle order."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    known = {ns: p for p, ns in sorted(prefixes.items())}
    generated: dict[str, str] = {}
    # each predicate split once, in the order of the triples (the first unnameable one is the one reported)
    split = {iri: _split_qname(iri) for iri in dict.fromkeys(p.value for _, p, _ in graph.triples)}
    namespaces = sorted({ns for ns, _ in split.values()} | {RDF})
    for ns in namespaces:
        if ns not in known:
            generated[ns] = f"ns{len(generated) + 1}"
    qnames = {**known, **generated}
    used = {ns: qnames[ns] for ns in namespaces}
    tags = {iri: f"{used[ns]}:{local}" for iri, (ns, local) in split.items()}
    resources: dict[str, str] = {}  # IRIs repeat heavily: escape each once
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    out += [f'   xmlns:{p}="{_xml_attr(ns)}"' for ns, p in sorted(used.items(), key=lambda item: item[1])]
    out[-1] += ">"
    for subject in graph.subjects():
        about = (
            f'rdf:about="{_xml_attr(subject.value)}"'
            if isinstance(subject, ox.NamedNode)
            else f'rdf:nodeID="{graph.labels[subject]}"'
        )
        out.append(f"  <rdf:Description {about}>")
        for p, o in graph.ordered(subject):
            tag = tags[p.value]
            if isinstance(o, ox.NamedNode):
                iri = o.value
                resource = resources.get(iri)
                if resource is None:
                    resource = resources[iri] = _xml_attr(iri)
                out.append(f'    <{tag} rdf:resource="{resource}"/>')
            elif isinstance(o, ox.BlankNode):
                out.append(f'    <{tag} rdf:nodeID="{graph.labels[o]}"/>')
            else:
                attr = (
                    f' xml:lang="{o.language.lower()}"'
                    if o.language
                    else ("" if o.datatype.value == XSD_STRING else f' rdf:datatype="{_xml_attr(o.datatype.value)}"')
                )
                out.append(f"    <{tag}{attr}>{_xml_text(o.value)}</{tag}>")
        out.append("  </rdf:Description>")
    out.append("</rdf:RDF>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _split_qname(iri: str) -> tuple[str, str]:
    match = _NCNAME_TAIL.search(iri)
    if match is None or match.start() == 0:
        raise ValueError(f"RDF/XML cannot write the predicate <{iri}>: it does not end in an XML name")
    return iri[: match.start()], iri[match.start() :]


#: The characters XML 1.0 cannot hold, even escaped: control characters but tab, LF and CR; U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_check(text: str) -> str:
    bad = _NOT_XML.search(text)
    if bad:
        raise ValueError(f"RDF/XML cannot hold the character U+{ord(bad.group()):04X} in {text[:40]!r}")
    return text


def _xml_text(text: str) -> str:
    return _xml_check(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_attr(text: str) -> str:
    return (
        _xml_check(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


# ---------------------------------------------------------------------- JSON-LD
@collector.paused()
def json_ld(source: Source | Canonical, prefixes: Mapping[str, str] = PREFIXES) -> bytes:
    """Serialise as canonical JSON-LD: a prefix @context and a flat @graph of nodes sorted by @id."""
    graph = source if isinstance(source, Canonical) else Canonical(source)
    names = _Names(prefixes)
    compacted: dict[str, str] = {}  # IRIs repeat heavily: compact each once

    def compact(value: str) -> str:
        found = compacted.get(value)
        if found is None:
            name = names.iri(value)
            found = compacted[value] = value if name.startswith("<") else name
        return found

    def ref(term: Subject) -> str:
        return compact(term.value) if type(term) is ox.NamedNode else "_:" + graph.labels[term]  # type: ignore[index]

    nodes = []
    for subject in graph.subjects():
        node: dict[str, Any] = {"@id": ref(subject)}
        for p, o in graph.ordered(subject):
            if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
                node.setdefault("@type", []).append(compact(o.value))
                continue
            if isinstance(o, ox.NamedNode):
                value: object = {"@id": compact(o.value)}
            elif isinstance(o, ox.BlankNode):
                value = {"@id": ref(o)}
            elif o.language:
                value = {"@value": o.value, "@language": o.language.lower()}
            elif o.datatype.value == XSD_STRING:
                value = {"@value": o.value}
            else:
                value = {"@value": o.value, "@type": compact(o.datatype.value)}
            node.setdefault(compact(p.value), []).append(value)
        nodes.append(node)
    document = {"@context": dict(sorted(prefixes.items())), "@graph": nodes}
    return (_json_text(document) + "\n").encode("utf-8")


_json_string = encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str, in C


def _json_text(value: object, indent: str = "\n") -> str:
    """Return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) for strings, lists and dicts.

    json.dumps cannot use its C encoder when it indents; for what json_ld builds (strings, lists, and dicts
    with string keys) this gives the same text three times faster. Strings inside a container are encoded
    in place rather than by a recursive call: they are most of the values.
    """
    if type(value) is str:
        return _json_string(value)
    inner = indent + " "
    if type(value) is dict:
        items = [
            f"{_json_string(k)}: {_json_string(v) if type(v) is str else _json_text(v, inner)}"
            for k, v in sorted(value.items())
        ]
    elif type(value) is list:
        items = [_json_string(v) if type(v) is str else _json_text(v, inner) for v in value]
    else:  # never built by json_ld
        return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)
    if not items:
        return "{}" if type(value) is dict else "[]"
    opening, closing = ("{", "}") if type(value) is dict else ("[", "]")
    return opening + inner + ("," + inner).join(items) + indent + closing
