"""The canned query catalogue: one SPARQL query per .rq file, parameters declared in its header.

Header format (comment lines at the top of the file)::

    # Methods that use a given value of a facet.
    # param: facet  facet    the facet, e.g. search_algorithm
    # param: value  term     the value: a label, a synonym or an IRI
    # param: k      integer  number of rows to keep (default 5; applied by the runner)

The first line is the purpose. Each ``param`` line gives the variable name (``?facet`` in the query),
its kind, and a description; ``(default X)`` in the description makes the parameter optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nas_kg import resources
from nas_kg.errors import InputError, QueryError

KINDS = {
    "facet": "a facet name (cost, search_space, ...)",
    "term": "an ontology term: label, synonym, local name or IRI",
    "method": "a method: label, reference number, title fragment or IRI",
    "category": "a class of methods, by label or local name",
    "source": "a classification source, by label, local name or IRI",
    "table": "manual (Table I) or automatic (Table II)",
    "integer": "a whole number",
    "number": "a non-negative decimal number",
    "string": "a string literal",
    "iri": "an absolute IRI",
}
_PARAM = re.compile(r"^#\s*param:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>\w+)\s+(?P<doc>.*)$")
_DEFAULT = re.compile(r"\(default\s+(?P<value>[^);]+)")
# Parameters applied by the runner to the rows, not bound into the SPARQL text.
RUNNER_PARAMS = {"k"}


@dataclass(frozen=True)
class Param:
    """One declared query parameter."""

    name: str
    kind: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class CannedQuery:
    """A SPARQL query with its purpose and declared parameters."""

    name: str
    path: Path
    purpose: str
    params: tuple[Param, ...]
    text: str

    def param(self, name: str) -> Param:
        """Return a declared parameter; raise QueryError listing the declared ones."""
        for param in self.params:
            if param.name == name:
                return param
        declared = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {name!r} (declared: {declared})")


def parse_query_file(path: Path) -> CannedQuery:
    """Read a .rq file and its header; raise InputError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read query: {exc}") from exc
    lines = text.splitlines()
    purpose = lines[0].lstrip("#").strip() if lines and lines[0].startswith("#") else ""
    params = []
    for line in lines:
        if not line.startswith("#"):
            break
        match = _PARAM.match(line)
        if match:
            kind = match["kind"]
            if kind not in KINDS:
                raise InputError(f"{path}: parameter {match['name']!r} has unknown kind {kind!r}")
            default = _DEFAULT.search(match["doc"])
            params.append(
                Param(match["name"], kind, match["doc"].strip(), default["value"].strip() if default else None)
            )
    return CannedQuery(path.stem, path, purpose, tuple(params), text)


@cache
def catalogue() -> dict[str, CannedQuery]:
    """Return the bundled canned queries by name."""
    return {q.name: q for q in map(parse_query_file, resources.query_files())}


def get_query(name_or_path: str | Path) -> CannedQuery:
    """Return a canned query by name, or read a user's .rq file."""
    name = str(name_or_path)
    if name in catalogue():
        return catalogue()[name]
    path = Path(name)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        return parse_query_file(path)
    import difflib

    close = difflib.get_close_matches(name, list(catalogue()), n=3)
    hint = f" (did you mean: {', '.join(close)})" if close else ""
    raise QueryError(f"unknown query {name!r}{hint}; 'nas-kg queries' lists them")
