"""Every bad input ends in its exit code with one line on stderr, no traceback, and files untouched.

Also: Ctrl-C (exit 130, nothing half-written), a --data file that makes the graph inconsistent, an
ambiguous label, --debug after the command name, and the bundled files of a wheel install.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import nas_kg
from nas_kg import resources
from nas_kg.cli import main
from nas_kg.records import TEMPLATE
from tests.conftest import interruptible
from tests.endpoint_servers import free_port

ROOT = Path(__file__).resolve().parent.parent
ILL_TYPED = "@prefix nas: <https://w3id.org/nas-kg/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
ILL_TYPED += '<https://w3id.org/nas-kg/work/darts> nas:year "20x0"^^xsd:integer .\n'
REDEFINES = "@prefix nas: <https://w3id.org/nas-kg/> .\nnas:Differentiable a nas:ManualSearchStrategy .\n"


def one_line(result, code: int = 2) -> str:
    """Assert the contract for bad input and return the message."""
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["query", "similar-methods", "--param", "method=DARTS", "--param", "k=abc"], "'k' must be a whole number"),
        (["query", "similar-methods", "--param", "method=DARTS", "--param", "k=3 } DROP ALL"], "'k' must be"),
        (["query", "similar-methods", "--param", "method=DARTS", "--param", "k=-1"], "of at least 1, got '-1'"),
        (["report", "--endpoint", "notaurl"], "'notaurl' is not an http(s) URL"),
        (["report", "--endpoint", "http://[::1"], "'http://[::1' is not a valid URL"),
        (["pull", "--endpoint", "ftp://host/x", "-o", "x.ttl"], "is not an http(s) URL"),
        (["push", "--endpoint", "http://h/q", "--update-endpoint", "http//h/u"], "'http//h/u' is not an http(s) URL"),
        (["similar", "DARTS", "--weight", "search_algorithm=-5"], "finite number of at least 0"),
        (["similar", "DARTS", "--weight", "search_algorithm=nan"], "finite number of at least 0"),
        (["similar", "DARTS", "--weight", "search_algorithm=inf"], "finite number of at least 0"),
        (["similar", "DARTS", "--weight", "search_algoritm=2"], "did you mean: search_algorithm"),
        (["similar", "DARTS", "--ref", "18"], "give a METHOD or --ref, not both"),
        (["explain", "DARTS", "--ref", "18"], "give a METHOD or --ref, not both"),
        (["gaps", "search_space", "search_space"], "give different facets"),
        (["gaps", "search_space", "search_space", "dataset"], "give different facets"),
        (["gaps", "search_spac", "search_algorithm"], "(did you mean: search_space, search_paradigm,"),
        (["coverage", "--facet", "datset"], "(did you mean: dataset"),
        (["query", "methods-with-value", "--param", "facet=datset", "--param", "value=x"], "did you mean: dataset"),
        (["report", "--no-such-option"], "No such option '--no-such-option'"),
        (["table", "diagonal"], "'diagonal' is not one of 'manual', 'automatic'"),
    ],
    ids=[
        "k-not-a-number",
        "k-injection",
        "k-negative",
        "endpoint-not-a-url",
        "endpoint-broken-ipv6",
        "pull-endpoint-not-http",
        "push-update-endpoint-not-a-url",
        "weight-negative",
        "weight-nan",
        "weight-inf",
        "weight-unknown-facet",
        "method-and-ref",
        "explain-method-and-ref",
        "gaps-same-facet",
        "gaps-same-facet-of-three",
        "gaps-unknown-facet",
        "coverage-unknown-facet",
        "query-unknown-facet",
        "unknown-option",
        "bad-choice",
    ],
)
def test_bad_input_is_one_line(runner, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    message = one_line(runner.invoke(main, args))
    assert needle in message
    assert list(tmp_path.iterdir()) == []


def test_unknown_facet_lists_three_not_fifteen(runner):
    message = one_line(runner.invoke(main, ["gaps", "colour", "search_algorithm"]))
    assert message == "error: unknown facet 'colour' (did you mean: cost_source)"


def test_service_on_a_closed_port_is_one_line(runner, tmp_path):
    query = tmp_path / "service.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/> {{ ?s ?p ?o }} }}\n")
    message = one_line(runner.invoke(main, ["query", str(query), "--seed-only"]))
    assert message.startswith(f"error: {query}: query failed")


@pytest.mark.parametrize(
    "plot", ["x.pdf", "no-such-folder/x.png", "x"], ids=["wrong-suffix", "missing-folder", "no-suffix"]
)
@pytest.mark.parametrize("command", [["gaps", "search_space", "search_algorithm"], ["coverage"]], ids=["gaps", "cov"])
def test_plot_target_is_checked_before_anything_is_computed(runner, tmp_path, monkeypatch, command, plot):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(nas_kg, "load", lambda *a, **k: pytest.fail("the graph was loaded before the check"))
    one_line(runner.invoke(main, [*command, "--plot", plot]))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- --data files
@pytest.mark.parametrize(
    "command",
    [
        ["report"],
        ["validate"],
        pytest.param(
            ["qc", "--seed-only"], marks=pytest.mark.slow
        ),  # the OWL API reads the literal: seed only, 3 s less
        ["export", "--format", "json-ld"],
        ["similar", "DARTS"],
    ],
    ids=["report", "validate", "qc", "export", "similar"],
)
def test_ill_typed_literal_gives_no_traceback(runner, tmp_path, command):
    data = tmp_path / "ill-typed.ttl"
    data.write_text(ILL_TYPED)
    result = runner.invoke(main, [*command, "--data", str(data)])
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert all(line.startswith("warning: ") for line in result.stderr.splitlines())
    assert len(result.stderr.splitlines()) <= 1


def test_ill_typed_literal_in_a_dl_reasoner_is_one_line(runner, tmp_path):
    pytest.importorskip("owlready2")
    if __import__("shutil").which("java") is None:
        pytest.skip("no Java for HermiT")
    data = tmp_path / "ill-typed.ttl"
    data.write_text(ILL_TYPED)
    result = runner.invoke(main, ["reason", "--reasoner", "hermit", "--data", str(data)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        'error: hermit cannot read the graph: ill-typed literal "20x0"^^xsd:integer (of <https://w3id.org/nas-kg/work/darts>)'
    ]
    assert "Traceback" not in result.output


def test_malformed_into_file_gives_the_parsers_reason(runner, tmp_path):
    into = tmp_path / "works.ttl"
    into.write_text('@prefix nas: <https://w3id.org/nas-kg/> .\n\n\n\n\n<a> <b> "unterminated .\n')
    before = into.read_bytes()
    src = tmp_path / "in.yaml"
    src.write_text(TEMPLATE)
    message = one_line(runner.invoke(main, ["add", str(src), "--into", str(into)]))
    assert message == f"error: {into}:6:9: malformed RDF: Unexpected end of file"
    assert into.read_bytes() == before


@pytest.mark.parametrize(
    "case", ["missing-records", "into-missing-folder", "into-a-folder"], ids=["records", "folder", "is-folder"]
)
def test_io_errors_in_add_are_exit_2(runner, tmp_path, case):
    src = tmp_path / "in.yaml"
    src.write_text(TEMPLATE)
    args = {
        "missing-records": [str(tmp_path / "nope.yaml"), "--into", str(tmp_path / "w.ttl")],
        "into-missing-folder": [str(src), "--into", str(tmp_path / "no" / "w.ttl")],
        "into-a-folder": [str(src), "--into", str(tmp_path)],
    }[case]
    before = snapshot(tmp_path)
    one_line(runner.invoke(main, ["add", *args]))
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------------- Ctrl-C
def test_ctrl_c_prints_interrupted_and_exits_130(runner, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(nas_kg, "report", interrupted)
    result = runner.invoke(main, ["report", "--seed-only"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "interrupted"


def test_ctrl_c_while_writing_leaves_no_file(runner, tmp_path, monkeypatch):
    out = tmp_path / "graph.ttl"
    out.write_text("the old file\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    result = runner.invoke(main, ["export", "--seed-only", "-o", str(out)])
    assert result.exit_code == 130
    assert out.read_text() == "the old file\n"  # the old file, whole
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # and no temporary file


def test_ctrl_c_during_release_removes_the_new_folder(runner, tmp_path, monkeypatch):
    from nas_kg.publish import release

    calls = []

    def interrupted_after_two(path, payload):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        path.write_bytes(payload)

    monkeypatch.setattr(release, "write_atomic", interrupted_after_two)
    result = runner.invoke(main, ["release", "--seed-only", "-o", str(tmp_path / "dist" / "v1")])
    assert result.exit_code == 130
    assert not (tmp_path / "dist").exists()


def wait_until_reading_a_pipe(pid: int, seconds: float = 120.0) -> None:
    """Wait until a process is blocked reading a pipe (its standard input), past its imports."""
    import time

    wchan = Path(f"/proc/{pid}/wchan")
    if not wchan.exists():
        pytest.skip("needs Linux's /proc to see when the process waits for its input")
    deadline = time.monotonic() + seconds
    while not wchan.read_text().strip().endswith("pipe_read"):  # pipe_read, anon_pipe_read (newer kernels)
        assert time.monotonic() < deadline, "the process never waited for its input"
        time.sleep(0.05)


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to know when the process waits for input")
def test_real_sigint_exits_130(tmp_path):
    """A real Ctrl-C: the process waits for its query on stdin and gets SIGINT."""
    process = subprocess.Popen(
        [sys.executable, "-m", "nas_kg.cli", "sparql", "-", "--seed-only"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    try:
        wait_until_reading_a_pipe(process.pid)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)  # before stdin is closed: an end of input would race the signal
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert err.strip() == "interrupted"


# ---------------------------------------------------------------------- conflicts and ambiguity
@pytest.fixture
def redefines(tmp_path) -> Path:
    path = tmp_path / "redefines.ttl"
    path.write_text(REDEFINES)
    return path


def test_inconsistent_data_file_names_file_and_axioms(runner, redefines):
    message = one_line(runner.invoke(main, ["reason", "--reasoner", "owlrl", "--data", str(redefines)]), code=1)
    assert "nas:Differentiable is a nas:ManualSearchStrategy (redefines.ttl)" in message
    assert "and a nas:AutomaticSearchStrategy (nas.ttl)" in message
    assert "nas:ManualSearchStrategy owl:disjointWith nas:AutomaticSearchStrategy" in message
    assert re.search(r"hence \d+ methods break nas:ManualNASMethod ", message)
    assert len(message) < 1000  # was a 6 KB line blaming 42 bundled methods


def test_inconsistent_data_file_still_gives_a_report(runner, redefines):
    result = runner.invoke(main, ["report", "--data", str(redefines)])
    assert result.exit_code == 0, result.output
    assert "Inferred categories: none, the graph is inconsistent (owlrl): nas:Differentiable" in result.stdout
    assert "Table II (automatic NAS)" in result.stdout


@pytest.mark.parametrize("command", ["release", "docs"])
def test_inconsistent_data_file_leaves_no_empty_folder(runner, redefines, tmp_path, command):
    target = tmp_path / "out"
    result = runner.invoke(main, [command, "-o", str(target), "--data", str(redefines)])
    one_line(result, code=1)
    assert not target.exists()


def test_release_into_an_existing_folder_keeps_it(runner, redefines, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    before = snapshot(tmp_path)
    one_line(runner.invoke(main, ["release", "-o", str(tmp_path), "--data", str(redefines)]), code=1)
    assert snapshot(tmp_path) == before


def test_ambiguous_label_lists_each_iri_once(runner, tmp_path):
    data = tmp_path / "second-label.ttl"
    data.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/nas-kg/work/darts> rdfs:label "DARTS v2" .\n'
    )
    message = one_line(runner.invoke(main, ["explain", "DART", "--data", str(data)]))
    assert message.startswith("error: ambiguous method 'DART'")
    assert message.count("/work/darts>") == 1
    resolved = runner.invoke(main, ["explain", "DARTS v2", "--data", str(data)])
    assert resolved.exit_code == 0, resolved.output
    assert resolved.stdout.startswith("DARTS <https://w3id.org/nas-kg/work/darts>")


# ---------------------------------------------------------------------- --debug
@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command(runner, where):
    args = ["similar", "Zorro", "--seed-only"]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().endswith("error: unknown method 'Zorro'")


def test_no_command_prints_the_help(runner):
    result = runner.invoke(main, [])
    assert result.exit_code in (0, 2)  # as click does: 2 from click 8.2 on
    assert "Usage: " in result.output and "Commands:" in result.output
    assert "error:" not in result.output


def test_no_debug_no_traceback(runner):
    one_line(runner.invoke(main, ["similar", "Zorro", "--seed-only"]))


# ---------------------------------------------------------------------- bundled files
def test_bundled_file_is_refused_from_a_source_checkout(runner, tmp_path):
    target = resources.works_files()[-1]
    before = target.read_bytes()
    src = tmp_path / "in.yaml"
    src.write_text(TEMPLATE)
    message = one_line(runner.invoke(main, ["add", str(src), "--into", str(target)]))
    assert "refusing to write into the bundled nas-kg files" in message
    assert target.read_bytes() == before


# test_bundled_file_is_refused_from_a_wheel_install is in test_resources.py, which builds and installs the wheel once.
