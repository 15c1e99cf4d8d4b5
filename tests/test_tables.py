"""Tables I and II of the seed paper, rebuilt from the graph, cell by cell."""

from __future__ import annotations

import csv

import pytest

from nas_kg.analysis import seed_table
from nas_kg.cli import main
from tests.conftest import GOLDEN


def golden(which: str) -> list[dict[str, str]]:
    with (GOLDEN / f"table-{which}.csv").open(newline="") as handle:
        return list(csv.DictReader(handle))


CELLS = [
    (which, row["ref"], column)
    for which in ("manual", "automatic")
    for row in golden(which)
    for column in row
    if column != "ref"
]


@pytest.mark.parametrize(("which", "ref", "column"), CELLS, ids=[f"{w}-[{r}]-{c}" for w, r, c in CELLS])
def test_every_cell_matches_the_paper(seed_kg, which, ref, column):
    table = {row["ref"]: row for row in seed_table(seed_kg, which).rows}
    expected = {row["ref"]: row for row in golden(which)}
    assert table[ref][column] == expected[ref][column]


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_rows_in_the_papers_order(seed_kg, which):
    assert [r["ref"] for r in seed_table(seed_kg, which).rows] == [r["ref"] for r in golden(which)]


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_tables_unchanged_by_curated_methods(kg, which):
    assert seed_table(kg, which).rows == golden(which)


@pytest.mark.parametrize("which", ["manual", "automatic"])
def test_cli_csv_is_the_golden_file(runner, which):
    result = runner.invoke(main, ["table", which, "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / f"table-{which}.csv").read_text()


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [
        ("text", "Table II (automatic NAS)"),
        ("markdown", "| ref | work | cost |"),
        ("latex", "\\begin{tabular}"),
        ("json", '"search_algorithm": "Reinforcement learning"'),
    ],
)
def test_cli_formats(runner, fmt, needle):
    result = runner.invoke(main, ["table", "automatic", "--format", fmt])
    assert result.exit_code == 0
    assert needle in result.stdout


def test_unknown_table_format_is_a_usage_error(runner):
    result = runner.invoke(main, ["table", "manual", "--format", "pdf"])
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.output
