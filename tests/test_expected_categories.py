"""The categories the ontology commits to for well-known methods, checked with every reasoner that runs on the
bundled graph (issue 15; tests/test_reasoning.py's BUNDLED_GRAPH_REASONERS says why owlrl-python is not one).

tests/golden/expected-categories.csv is the reading a NAS researcher would sign: method, category,
whether the method is or is not in it, and the paper's words (with section) that justify it.
"""

from __future__ import annotations

import csv

import pytest

from tests.conftest import BUNDLED_REASONING, GOLDEN
from tests.test_reasoning import BUNDLED_GRAPH_REASONERS

pytestmark = BUNDLED_REASONING  # each reasoner runs once on the bundled graph (conftest's bundled_results)
ROWS = list(csv.DictReader((GOLDEN / "expected-categories.csv").open(encoding="utf-8")))


def test_table_covers_at_least_25_methods_with_both_answers():
    assert len({row["method"] for row in ROWS}) >= 25
    assert {row["expected"] for row in ROWS} == {"is", "is not"}
    assert all(row["evidence"].strip() for row in ROWS)


@pytest.mark.parametrize("reasoner", BUNDLED_GRAPH_REASONERS)
@pytest.mark.parametrize("row", ROWS, ids=[f"{r['method']} {r['expected']} {r['category']}" for r in ROWS])
def test_expected_category(kg, bundled_results, reasoner, row):
    method = kg.resolve_method(row["method"]).iri
    category = kg.resolve_category(row["category"])
    assert kg.label(category) == row["category"], "name the category by its exact label"
    member = category in bundled_results[reasoner].categories.get(method, set())
    assert member == (row["expected"] == "is"), row["evidence"]
