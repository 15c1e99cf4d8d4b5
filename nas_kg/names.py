"""Did-you-mean suggestions and small English helpers for messages (no RDF here)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _fold(name: str) -> str:
    return " ".join(name.strip().casefold().split())


def closest(name: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Return up to n candidates closest to a name: those it is a prefix of first, then by similarity."""
    pool = list(dict.fromkeys(candidates))
    key = _fold(name)
    if not key:
        return []
    prefixed = sorted((c for c in pool if _fold(c).startswith(key)), key=lambda c: (len(c), _fold(c)))
    folded: dict[str, str] = {}
    for c in pool:
        folded.setdefault(_fold(c), c)
    similar = [folded[k] for k in difflib.get_close_matches(key, list(folded), n=n * 2, cutoff=cutoff)]
    out: list[str] = []
    for c in [*prefixed, *similar]:
        if c not in out:
            out.append(c)
    return out[:n]


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return '1 method' or '2 methods'."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def article(word: str) -> str:
    """Return 'a' or 'an' for a word, by its first letter (enough for the ontology's labels)."""
    return "an" if word[:1].casefold() in ("a", "e", "i", "o", "u") else "a"
