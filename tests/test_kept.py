"""nas_kg.kept: the bounded dict every process-level cache is."""

from __future__ import annotations

from nas_kg.kept import Kept


def test_keeping_one_more_lets_go_of_the_least_recently_kept() -> None:
    kept: Kept[str, int] = Kept(2)
    assert kept.keep("a", 1) == 1
    kept.keep("b", 2)
    kept.keep("a", 10)  # kept again: now the most recent
    kept.keep("c", 3)
    assert dict(kept) == {"a": 10, "c": 3}
    assert kept.get("b") is None
