"""The everyday tier: tests a measured full run found slow are marked ``slow`` from a list.

``tests/slow-tests.txt`` lists the node ids of the tests whose setup, call and teardown took 0.25 s or
more in a full run on the project's 2-core machine, so that ``pytest -m "not slow"`` stays an everyday
tier of well under a minute. Regenerate it after a full run with durations::

    python -m pytest -n 2 --durations=0 -p no:cacheprovider > run.txt
    python -m tests.tiers run.txt > tests/slow-tests.txt

A listed test that no longer exists is harmless; a new slow test runs in the everyday tier until the
list is regenerated. The full suite runs every test either way.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

LIST = Path(__file__).parent / "slow-tests.txt"
THRESHOLD = 0.25  # seconds per test, setup and teardown included
_DURATION = re.compile(r"^([0-9.]+)s (?:setup|call|teardown)\s+(\S.*)$")
#: The xdist group conftest appends to a grouped test's node id (``...[x]@release``): the list holds the
#: node id the test is collected under, before the suffix.
_GROUP = re.compile(r"@[\w.-]+$")


def listed() -> set[str]:
    """Return the node ids the list marks slow."""
    if not LIST.is_file():
        return set()
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def slow_from_durations(text: str, threshold: float = THRESHOLD) -> list[str]:
    """Return, sorted, the node ids whose phases in a ``--durations=0`` report add up to the threshold."""
    total: Counter[str] = Counter()
    for line in text.splitlines():
        match = _DURATION.match(line.rstrip())
        if match:
            total[_GROUP.sub("", match.group(2).strip())] += float(match.group(1))
    return sorted(node for node, seconds in total.items() if seconds >= threshold)


def main(argv: list[str]) -> int:
    """Print the list for a durations report (the tests already marked slow are listed too: harmless)."""
    if len(argv) != 1:
        print("usage: python -m tests.tiers DURATIONS-REPORT", file=sys.stderr)
        return 2
    print(f"# tests that took {THRESHOLD} s or more in a full run (python -m tests.tiers); see tests/tiers.py")
    print("\n".join(slow_from_durations(Path(argv[0]).read_text(encoding="utf-8"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
