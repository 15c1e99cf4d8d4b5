"""One error hierarchy for nas-kg; the CLI maps each class to a documented exit code."""

from __future__ import annotations

from collections.abc import Sequence


class NasKgError(Exception):
    """Base class of every error nas-kg raises on purpose."""

    exit_code = 2


class InputError(NasKgError):
    """Input that cannot be read: a missing file, malformed RDF or YAML, an unknown option value."""

    exit_code = 2


class RdfSyntaxError(InputError):
    """An RDF file that does not parse; carries the file, line and column where known."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        where = path if line is None else f"{path}:{line}" + ("" if column is None else f":{column}")
        super().__init__(f"{where}: malformed RDF: {message}")


class UnknownTermError(InputError):
    """A name that resolves to no term of the graph; lists the closest known names."""

    def __init__(self, kind: str, name: str, suggestions: Sequence[str] = ()):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)})" if self.suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


class AmbiguousTermError(InputError):
    """A name that matches several terms; lists the candidates."""

    def __init__(self, kind: str, name: str, candidates: Sequence[str]):
        self.kind = kind
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"ambiguous {kind} {name!r}: candidates are {', '.join(self.candidates)}")


class QueryError(InputError):
    """A SPARQL query that does not parse or cannot run, or a bad query parameter."""


class RecordError(NasKgError):
    """One or more invalid method records; carries every problem at once."""

    exit_code = 1

    def __init__(self, problems: Sequence[str]):
        self.problems = list(dict.fromkeys(problems))  # each problem once
        count = len(self.problems)
        self.headline = f"{count} problem{'' if count == 1 else 's'} in the method records"
        super().__init__(self.headline + ": " + "; ".join(self.problems))


class InconsistentGraphError(NasKgError):
    """The reasoner found the graph inconsistent; names the methods and axioms in conflict."""

    exit_code = 1

    def __init__(self, message: str, methods: Sequence[str] = (), axioms: Sequence[str] = ()):
        self.methods = list(methods)
        self.axioms = list(axioms)
        super().__init__(message)


class EnvironmentMissingError(NasKgError):
    """The machine lacks something a command needs, e.g. Java for HermiT."""

    exit_code = 3


class EndpointError(NasKgError):
    """A SPARQL endpoint that is down, refuses, times out or answers garbage."""

    exit_code = 2


class UnsupportedError(InputError):
    """A store cannot do what was asked of it (e.g. add triples to a read-only endpoint)."""
