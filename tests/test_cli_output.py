"""Output people can read: labels and CURIEs, tables that fit the terminal, rounded scores, plain words;
and every README Quickstart command works after the README's install command."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

import nas_kg
from nas_kg.cli import main
from nas_kg.namespaces import NAS
from nas_kg.records import TEMPLATE
from nas_kg.render import render
from nas_kg.terms import Vocabulary
from tests.conftest import BUNDLED_QC, BUNDLED_REASONING, DOCS, DOCS_COMMAND, RELEASE, RELEASE_COMMAND

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_reason_text_shows_curies_not_iris(runner):
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl", "--seed-only"])
    assert result.exit_code == 0, result.output
    assert "work:nasnet" in result.stdout
    assert "https://" not in result.stdout


def test_reason_csv_keeps_full_iris(runner):
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl", "--seed-only", "--format", "csv"])
    assert "https://w3id.org/nas-kg/work/nasnet" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["reason", "--reasoner", "owlrl"],
        ["similar", "DARTS"],
        ["methods", "--category", "Differentiable"],
        ["query", "similar-methods", "--param", "method=DARTS"],
    ],
    ids=["reason", "similar", "methods", "query"],
)
def test_text_tables_fit_the_terminal(runner, args):
    result = runner.invoke(main, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest <= 100, max(result.stdout.splitlines(), key=len)


def test_reason_table_was_too_wide_without_a_width(runner):
    """Without a terminal (a pipe, a file) nothing is wrapped: the full lines, one row per line."""
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl"], env={"COLUMNS": None})
    assert max(len(line) for line in result.stdout.splitlines()) > 100


def test_wrapped_cells_keep_every_word(runner):
    narrow = runner.invoke(main, ["similar", "DARTS", "-k", "2"], env={"COLUMNS": "80"}).stdout
    wide = runner.invoke(main, ["similar", "DARTS", "-k", "2"], env={"COLUMNS": None}).stdout
    assert max(len(line) for line in wide.splitlines()) > 80 >= max(len(line) for line in narrow.splitlines())

    def words(text: str) -> list[str]:
        return sorted(w for w in text.split() if set(w) != {"-"})

    assert words(narrow) == words(wide)


def test_similar_scores_have_three_decimals_in_text_and_csv(runner):
    text = runner.invoke(main, ["similar", "DARTS", "-k", "3"]).stdout
    csv_out = runner.invoke(main, ["similar", "DARTS", "-k", "3", "--format", "csv"]).stdout
    scores = [row.split(",")[3] for row in csv_out.splitlines()[1:]]
    assert scores and all(re.fullmatch(r"\d(\.\d{1,3})?", s) for s in scores), scores
    assert scores[0] in text


def _json_scores(runner) -> list[str]:
    result = runner.invoke(main, ["query", "similar-methods", "--param", "method=HD-CNN", "--format", "json"])
    assert result.exit_code == 0, result.output
    return [str(row["score"]) for row in json.loads(result.stdout)]


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_query_scores_have_three_decimals(runner, fmt):
    long = [score for score in _json_scores(runner) if len(score.split(".")[-1]) > 3]
    assert long, "the probe needs a score with more than three decimals"
    result = runner.invoke(main, ["query", "similar-methods", "--param", "method=HD-CNN", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert not any(score in result.stdout for score in long)
    decimals = re.findall(r"\b0\.(\d+)\b", result.stdout)
    assert decimals and all(len(d) <= 3 for d in decimals)


def test_query_json_keeps_the_exact_score(runner):
    assert any(len(score.split(".")[-1]) > 3 for score in _json_scores(runner))


def test_csv_booleans_are_lowercase():
    assert render(["conforms", "n"], [{"conforms": True, "n": 2}, {"conforms": False, "n": 0}], "csv") == (
        "conforms,n\ntrue,2\nfalse,0\n"
    )


@pytest.mark.parametrize("name", ["methods-with-value", "methods-of-category"])
def test_seed_works_come_first(kg, name):
    params = {"facet": "search_algorithm", "value": "Differentiable", "category": "NASMethod"}
    query = nas_kg.canned_queries()[name]
    refs = [r["ref"] for r in kg.query(name, **{p.name: params[p.name] for p in query.params}).records()]
    numbered = [r for r in refs if r is not None]
    assert numbered and refs[: len(numbered)] == sorted(numbered)
    assert refs[len(numbered) :] == [None] * (len(refs) - len(numbered))


def test_explain_says_an_automatic(runner):
    result = runner.invoke(main, ["explain", "DARTS"])
    assert "(an automatic search strategy)" in result.stdout
    assert " a automatic" not in result.stdout


def test_report_says_1_method(runner, tmp_path):
    src = tmp_path / "one.yaml"
    src.write_text(TEMPLATE)
    into = tmp_path / "one.ttl"
    assert runner.invoke(main, ["add", str(src), "--into", str(into)]).exit_code == 0
    result = runner.invoke(main, ["report", "--seed-only", "--data", str(into)])
    assert result.exit_code == 0, result.output
    assert ": 1 method\n" in result.stdout
    assert "1 methods" not in result.stdout


def test_add_prints_each_problem_once(runner, tmp_path):
    src = tmp_path / "bad.yaml"
    src.write_text(
        "methods:\n  - id: bad\n    label: Bad\n    title: Bad\n    year: soon\n"
        "    facets:\n      cost: Task eror\n      search_algoritm: Differentiable\n"
    )
    result = runner.invoke(main, ["add", str(src), "--into", str(tmp_path / "w.ttl")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 3 problems in the method records:"
    assert len(lines) == 4 and all(line.startswith("  - ") for line in lines[1:])
    for needle in ("'year' must be a whole number", "Task eror", "search_algoritm"):
        assert result.stderr.count(needle) == 1


@pytest.mark.parametrize("name", ["ImageNet-1k", "ImageNet-1K", "ILSVRC-2012", "ILSVRC2012", "imagenet 1k"])
def test_imagenet_synonyms(vocab: Vocabulary, name):
    assert vocab.resolve_value("dataset", name) == NAS.ImageNet


def test_suggestions_rank_names_it_begins_first(vocab: Vocabulary):
    from nas_kg.errors import UnknownTermError

    with pytest.raises(UnknownTermError) as caught:
        vocab.resolve_value("dataset", "Image")
    assert caught.value.suggestions[0] == "ImageNet"


def test_unknown_facet_suggests_the_closest(runner):
    result = runner.invoke(main, ["gaps", "search_spac", "search_algorithm"])
    assert result.stderr.strip() == (
        "error: unknown facet 'search_spac' (did you mean: search_space, search_paradigm, search_algorithm)"
    )


# ---------------------------------------------------------------------- README
def quickstart_commands() -> list[str]:
    block = README.split("## Quickstart: the command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines() if line.strip().startswith("nas-kg ")]


#: Commands that need something outside a test: an endpoint to publish to, or a server that runs until stopped
#: (tests/test_serve.py starts it for real).
NOT_RUN_HERE = {"push", "serve"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder with the file the README's `add` line reads (the template `nas-kg add --template` prints)."""
    folder = tmp_path_factory.mktemp("quickstart")
    (folder / "my-methods.yaml").write_text(TEMPLATE)
    return folder


#: Commands that read only the bundled graph and write nothing, which another test file runs alike: the
#: result is shared (conftest's bundled_cli), and the tests that share it run on one xdist worker.
SHARED = {("qc",): BUNDLED_QC}
#: Commands that run a reasoner another test file runs on the bundled graph: on the worker that runs it, the
#: CLI gets HermiT's answer for the same document from the process (nas_kg.reasoning.engines.run_owlready).
BESIDE = {("reason", "--reasoner", "auto"): BUNDLED_REASONING}
#: Commands that write a folder another test file reads, run once (conftest's cli_release and cli_docs) in a
#: folder of their own: tests/test_release.py compares the release with the API's, byte for byte, and
#: tests/test_docs.py reads the site.
WRITTEN = {RELEASE_COMMAND: ("cli_release", RELEASE), DOCS_COMMAND: ("cli_docs", DOCS)}


def _quickstart_params() -> list:
    out = []
    for line in quickstart_commands():
        args = tuple(shlex.split(line, comments=True)[1:])
        mark = SHARED.get(args) or BESIDE.get(args) or (WRITTEN[args][1] if args in WRITTEN else None)
        out.append(pytest.param(line, marks=[mark]) if mark else line)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("line", _quickstart_params())
def test_quickstart_command_works(runner, workspace, monkeypatch, bundled_cli, request, line):
    args = shlex.split(line, comments=True)[1:]
    if args[0] in NOT_RUN_HERE:
        pytest.skip(f"nas-kg {args[0]} is tested against a real server elsewhere")
    monkeypatch.chdir(workspace)
    if "my-works.ttl" in args and args[0] != "add" and not (workspace / "my-works.ttl").exists():
        assert runner.invoke(main, ["add", "my-methods.yaml", "--into", "my-works.ttl"]).exit_code == 0
    if tuple(args) in SHARED:
        result = bundled_cli[tuple(args)]
    elif tuple(args) in WRITTEN:
        result, _ = request.getfixturevalue(WRITTEN[tuple(args)][0])
    else:
        result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_quickstart_lists_sparql_and_serve():
    names = {shlex.split(line, comments=True)[1] for line in quickstart_commands()}
    assert {"sparql", "serve"} <= names


def test_what_quickstart_needs_is_installed_by_pip_install_dot():
    """`pip install .` installs the dependencies only: plots need matplotlib, serve the Oxigraph server."""
    text = (ROOT / "pyproject.toml").read_text()
    block = text.split("\ndependencies = [", 1)[1].split("]", 1)[0]
    names = {re.split(r"[<>=\[ ;]", dep, maxsplit=1)[0].lower() for dep in re.findall(r'"([^"]+)"', block)}
    assert {"matplotlib", "oxigraph"} <= names


def test_readme_install_commands_use_different_venvs():
    commands = re.findall(r"python3 -m venv (\S+) && \. (\S+)/bin/activate && pip install ([^&]+)&&", README)
    assert len(commands) >= 2
    install, tests = commands[0], commands[1]
    assert install[2].strip() == "." and "[test]" in tests[2]
    assert install[0] == install[1] and tests[0] == tests[1]
    assert install[0] != tests[0]
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"python3 -m venv {tests[0]} " in ci
