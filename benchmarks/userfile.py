"""A user's own records file: N methods written from the README template (``nas-kg add --template``).

Each method is the template's method with its own id, label, title, year and arXiv id, and facet values
drawn from the ontology's labels (manual or automatic strategies, never both; a sampling method only for
automatic ones): one cost value with ``where`` and ``why`` as the template shows, the other values bare
labels, and ``training_strategy`` under ``not_stated``. So, as in the file that prompted issue 17, most
values carry no locator or rationale and validation has thousands of warnings to group.

Usage: ``python -m benchmarks.userfile 300 records.yaml [--seed 0]``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path

import yaml

from nas_kg.namespaces import NAS

#: How many values each facet gets (at most), as the template and the curated works suggest.
COUNTS = {
    "cost": 2,
    "baseline_architecture": 1,
    "search_space": 1,
    "search_algorithm": 1,
    "modification_level": 2,
    "modification_location": 1,
    "sampling_method": 1,
    "dataset": 3,
    "performance_estimation": 1,
    "task": 1,
}


def _labels(kg: object, facet: str) -> list[str]:
    vocab = kg.vocabulary  # type: ignore[attr-defined]
    return sorted(vocab.label(t) for t in vocab.facet_values(facet))


def records(n: int, seed: int = 0) -> dict[str, object]:
    """Return a records document of n methods shaped like the README template."""
    import nas_kg

    kg = nas_kg.load(seed_only=True)
    rng = random.Random(seed)
    vocab = kg.vocabulary
    manual = sorted(vocab.label(t) for t in vocab.members(NAS.ManualSearchStrategy))
    automatic = sorted(vocab.label(t) for t in vocab.members(NAS.AutomaticSearchStrategy))
    pools = {facet: _labels(kg, facet) for facet in COUNTS}
    methods = []
    for i in range(n):
        is_manual = rng.random() < 0.2
        facets: dict[str, object] = {}
        for facet, most in COUNTS.items():
            if facet == "sampling_method" and is_manual:
                continue
            pool = (manual if is_manual else automatic) if facet == "search_algorithm" else pools[facet]
            values: list[object] = rng.sample(pool, rng.randint(1, most))
            if facet == "cost":  # the template's first cost value carries its evidence
                values[0] = {"value": values[0], "where": "Sec. 3.1", "why": "The reward is validation accuracy."}
            facets[facet] = values if len(values) > 1 or facet in ("cost", "dataset") else values[0]
        year = 2016 + i % 10
        methods.append(
            {
                "id": f"my-method-{i}",
                "label": f"MyNAS-{i}",
                "title": f"MyNAS-{i}: An Example of a Method Record",
                "authors": ["Ada Lovelace", "Alan Turing"],
                "year": year,
                "venue": "arXiv preprint",
                "arxiv": f"{year % 100:02d}01.{i:05d}",
                "facets": facets,
                "not_stated": {
                    "training_strategy": "The paper does not describe how sampled architectures are trained."
                },
            }
        )
    return {"source": {"id": "my-lab", "label": "My lab's reading of the papers"}, "methods": methods}


def write(n: int, path: Path, seed: int = 0) -> Path:
    """Write a records file of n methods; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(records(n, seed), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    """Write one records file from the command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.userfile", description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of methods")
    parser.add_argument("out", type=Path, help="output .yaml file")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
