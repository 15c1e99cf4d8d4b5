"""The probe graphs of the differential suites (tests/probes/<kind>/*.ttl) and what their headers expect.

Header lines of a probe file:
    # fast: compiled | falls back      whether the fast classifier handles the probe itself
    # profile: rl | dl                 whether OWL 2 RL entails the expected categories (dl: only HermiT)
    # expect: NAME ITEM ...            NAME (ex:local, a local name in the probe's ex: namespace, or an IRI) and
                                       what it must have: categories (reasoning) or the constraint
                                       components of its violations (SHACL), all of them for SHACL
Add a probe whenever a divergence between a fast path and its reference engine is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PROBES = Path(__file__).parent / "probes"
_PREFIX = re.compile(r"^@prefix ex: <([^>]+)> \.$", re.MULTILINE)


@dataclass(frozen=True)
class Probe:
    """One probe file and its header."""

    path: Path
    namespace: str
    fast: str = "compiled"
    profile: str = "rl"
    expect: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    def iri(self, name: str) -> str:
        """The IRI a header names: a full IRI, or a local name in the probe's namespace."""
        if name.startswith(("http://", "https://")):
            return name
        return self.namespace + name.removeprefix("ex:")


def probes(kind: str) -> list[Probe]:
    """Return the probes of one kind ('reasoning', 'shacl'), sorted by name."""
    out = []
    for path in sorted((PROBES / kind).glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        match = _PREFIX.search(text)
        header = {"fast": "compiled", "profile": "rl"}
        expect: dict[str, tuple[str, ...]] = {}
        for line in text.splitlines():
            if not line.startswith("# "):
                continue
            key, _, value = line[2:].partition(":")
            if key == "expect":
                name, *items = value.split()
                expect[name] = tuple(items)
            elif key in header:
                header[key] = value.strip()
        out.append(Probe(path, match.group(1) if match else "", header["fast"], header["profile"], expect))
    return out
