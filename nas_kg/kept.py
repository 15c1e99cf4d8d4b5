"""What a process keeps: results by a key of their whole input, the most recently kept few.

nas-kg keeps, for the life of a process, what is costly to compute again and depends only on its key: the
parsed bundled files, the axiom graph, HermiT's and the OWL API's answers for a document, the ontology's
terms of an unchanged store. Each cache is a ``Kept`` of a fixed size.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Kept(dict[K, V], Generic[K, V]):
    """A dict that keeps at most ``size`` entries: keeping one more lets go of the least recently kept."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def keep(self, key: K, value: V) -> V:
        """Keep a value (as the most recent, if its key was kept already) and return it."""
        self.pop(key, None)
        while len(self) >= self.size:
            del self[next(iter(self))]
        self[key] = value
        return value
