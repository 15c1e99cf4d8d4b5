"""Bind values into SPARQL with VALUES blocks built from RDF terms, never by string formatting.

A value is serialised with ``term.n3()`` (which escapes quotes, angle brackets and newlines) and placed
in a ``VALUES`` block at the start of the WHERE clause and of every group graph pattern ``{ ... }`` that
mentions its variable: sub-queries, OPTIONAL, UNION branches, MINUS and (NOT) EXISTS groups. SPARQL
evaluates groups bottom-up, so a binding made only in the outer group would not reach a sub-query or a
UNION branch; repeating the block in each group that uses the variable gives pre-binding semantics (like
rdflib's initBindings) on every SPARQL 1.1 engine, embedded or remote, with the same query text.
Braces that open a VALUES data block, a CONSTRUCT, INSERT or DELETE template or a sub-query's wrapper
(``{ SELECT ...``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rdflib.term import Identifier

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<brace>[{}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(query: str) -> Iterator[tuple[str, str, int]]:
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind == "other" and match.group().isspace():
            continue
        yield kind, match.group(), match.start()


def variables(query: str) -> set[str]:
    """Return the names of the variables a query mentions (comments and strings skipped)."""
    return {text[1:] for kind, text, _ in _tokens(query) if kind == "var"}


def first_keyword(query: str) -> str | None:
    """Return the first keyword after the prologue (BASE and PREFIX lines), lower-cased: the query's form.

    'select', 'ask', 'construct' or 'describe' for a query; 'insert', 'delete', 'drop', ... for an update.
    """
    tokens = [t for t in _tokens(query) if t[0] != "comment"]
    index = 0
    while index < len(tokens):
        kind, text, _ = tokens[index]
        word = text.casefold() if kind == "word" else ""
        if word in ("prefix", "base"):
            # skip the declaration up to and including its IRI
            index += 1
            while index < len(tokens) and tokens[index][0] != "iri":
                index += 1
            index += 1
            continue
        return word or None
    return None


def group_starts(query: str) -> list[int]:
    """Return the offsets just after each '{' that opens a group graph pattern."""
    tokens = list(_tokens(query))
    starts = []
    skip_next_brace = False  # the data block of VALUES
    in_template = False  # CONSTRUCT / INSERT / DELETE templates, up to their WHERE
    for index, (kind, text, offset) in enumerate(tokens):
        word = text.casefold() if kind == "word" else ""
        if word == "values":
            skip_next_brace = True
        elif word in ("construct", "insert", "delete"):
            in_template = True
        elif word == "where":
            in_template = False
        if kind != "brace" or text != "{":
            continue
        if skip_next_brace:
            skip_next_brace = False
            continue
        if in_template:
            continue
        following = next((t for t in tokens[index + 1 :] if t[0] != "comment"), None)
        if following is not None and following[0] == "word" and following[1].casefold() == "select":
            continue
        starts.append(offset + 1)
    return starts


def values_block(bindings: Mapping[str, Identifier]) -> str:
    """Build a one-row VALUES block from RDF terms."""
    names = sorted(bindings)
    head = " ".join(f"?{name}" for name in names)
    row = " ".join(bindings[name].n3() for name in names)
    return f" VALUES ({head}) {{ ({row}) }} "


def _group_variables(query: str, starts: list[int]) -> list[set[str]]:
    """Return, for each group start, the variables mentioned anywhere inside that group (nested included)."""
    closing: dict[int, int] = {}
    stack: list[int] = []
    mentions: list[tuple[int, str]] = []
    for kind, text, offset in _tokens(query):
        if kind == "brace" and text == "{":
            stack.append(offset)
        elif kind == "brace" and stack:
            closing[stack.pop() + 1] = offset
        elif kind == "var":
            mentions.append((offset, text[1:]))
    return [{name for at, name in mentions if start <= at < closing.get(start, len(query))} for start in starts]


def inject_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """Return the query with the bindings placed at the start of every group that mentions their variables.

    The outermost group always gets every binding. A nested group (OPTIONAL, UNION branch, MINUS,
    EXISTS, sub-query) gets those of the variables it mentions, itself or in a group inside it: a
    block in a group that does not mention its variable changes nothing the outer block does not
    already do, except in MINUS, where it would add a shared variable. And it costs: Oxigraph then
    evaluates that group on its own, over every claim for ``method-claims`` (1 s at 10,000 methods).
    """
    if not bindings:
        return query
    starts = group_starts(query)
    if not starts:
        raise ValueError("the query has no WHERE { } group to bind values in")
    mentioned = _group_variables(query, starts)
    out, last = [], 0
    for index, start in enumerate(starts):
        wanted = dict(bindings) if index == 0 else {k: v for k, v in bindings.items() if k in mentioned[index]}
        out.append(query[last:start])
        if wanted:
            out.append(values_block(wanted))
        last = start
    out.append(query[last:])
    return "".join(out)


def bind_rows(query: str, name: str, terms: Sequence[Identifier]) -> str:
    """Return the query with one variable bound to each of several terms (a VALUES block of one row per
    term, placed like ``inject_values``): the query runs once over all of them."""
    starts = group_starts(query)
    if not starts:
        raise ValueError("the query has no WHERE { } group to bind values in")
    block = f" VALUES ?{name} {{ {' '.join(term.n3() for term in terms)} }} "
    out, last = [], 0
    for start in starts:
        out.append(query[last:start])
        out.append(block)
        last = start
    out.append(query[last:])
    return "".join(out)


def sets_block(sets: Mapping[str, Iterable[Identifier]]) -> str:
    """Build one one-column VALUES block per variable, each row a term of its set."""
    blocks = []
    for name in sorted(sets):
        rows = " ".join(term.n3() for term in sets[name])
        blocks.append(f" VALUES ?{name} {{ {rows} }} ")
    return "".join(blocks)


def inject_sets(query: str, sets: Mapping[str, Iterable[Identifier]] | None) -> str:
    """Return the query with each variable bound to a set of terms, in the outermost group only.

    Unlike ``inject_values`` (one row, repeated in every group for pre-binding semantics), a set is
    joined once where the query starts: a set of thousands of focus nodes repeated inside a
    ``FILTER NOT EXISTS`` would be scanned once per solution. A query that takes sets therefore uses
    those variables in its outer group (``queries/shacl/*.rq`` say which).
    """
    if not sets:
        return query
    starts = group_starts(query)
    if not starts:
        raise ValueError("the query has no WHERE { } group to bind values in")
    return query[: starts[0]] + sets_block(sets) + query[starts[0] :]
