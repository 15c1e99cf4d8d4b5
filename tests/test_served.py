"""nas_kg.served: the OWL API's JVM is started once per process and answers every batch as a JVM of its own would.

The protocol is tested with a small Python stand-in for the Java program; the OWL API cases need Java and
the OWL API jars (skipped, with the reason, where they lack).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nas_kg.errors import InputError
from nas_kg.publish import owlapi
from nas_kg.publish.owlapi import Document, find_owlapi, load, load_many, unavailable_reason
from nas_kg.served import Served, servable, served
from tests.probe_files import PROBES

FIXTURES = Path(__file__).parent / "fixtures"
#: A document whose profile violations print the OWL API's blank node names (_:genid...).
BLANK_NODES = PROBES / "stores" / "user-data.ttl"
OTHER = FIXTURES / "dl" / "annotation-property-in-restriction.ttl"

#: A stand-in for NasKgOwlApi: with --serve it answers each request line with its fields as records; a
#: request "stop" makes it exit, "hang" makes it wait; without --serve it prints its arguments once.
STAND_IN = textwrap.dedent(
    """
    import sys, time
    if sys.argv[1:] == ["--serve"]:
        for line in sys.stdin:
            fields = line.rstrip("\\n").split("\\t")
            if fields == ["stop"]:
                print("the stand-in stopped", file=sys.stderr)
                sys.exit(3)
            if fields == ["hang"]:
                time.sleep(60)
            if fields == ["refuse"]:
                print("done\\tunservable", flush=True)
                continue
            for n, field in enumerate(fields):
                print(f"field\\t{n}\\t{field}")
            print("done\\tok", flush=True)
    else:
        print("document\\t0\\t" + sys.argv[-1])
        print("once\\t" + "|".join(sys.argv[1:]))
    """
)
NEEDS_OWLAPI = pytest.mark.skipif(find_owlapi() is None, reason=f"the OWL API cannot run: {unavailable_reason()}")


@pytest.fixture
def stand_in(tmp_path: Path) -> list[str]:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN)
    return [sys.executable, str(script)]


@pytest.fixture
def program(stand_in: list[str]) -> Iterator[Served]:
    """The stand-in, served, after one request."""
    served_stand_in = Served([*stand_in, "--serve"])
    try:
        assert served_stand_in.request(["a", "b"], timeout=30) == (["field\t0\ta", "field\t1\tb"], "ok")
        yield served_stand_in
    finally:
        served_stand_in.close()
    assert served_stand_in.pid is None


def test_one_program_answers_every_request(program: Served) -> None:
    first = program.pid
    assert program.request(["c"], timeout=30) == (["field\t0\tc"], "ok")
    assert program.pid == first is not None


def test_a_program_that_ends_names_why_and_the_next_request_starts_another(program: Served) -> None:
    first = program.pid
    # it ends before it answers, so the request is tried once more on a fresh start, which ends alike
    with pytest.raises(ChildProcessError, match="the stand-in stopped"):
        program.request(["stop"], timeout=30)
    assert program.pid is None
    assert program.request(["b"], timeout=30) == (["field\t0\tb"], "ok")
    assert program.pid not in (None, first)


def test_a_program_killed_while_it_waited_is_started_again_for_the_next_request(program: Served) -> None:
    pid = program.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert program.request(["b"], timeout=30) == (["field\t0\tb"], "ok")
    assert program.pid not in (None, pid)


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="waiting for a child without reaping it needs os.waitid")
def test_a_program_that_died_before_a_request_was_written_is_started_again(program: Served) -> None:
    # the race the test above can lose: the program was alive when the request began and dead when it was
    # written, so the request stays in stdin's buffer and letting the program go flushed it again (a
    # BrokenPipeError out of request() once in a full run). Made certain here: the program dies first.
    pid = program.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped: Served still sees its Popen
    alive, first_check = program._alive, iter([True, True])  # the request's two checks, before it writes
    program._alive = lambda: next(first_check, False) or alive()  # type: ignore[method-assign]
    try:
        assert program.request(["b"], timeout=30) == (["field\t0\tb"], "ok")
    finally:
        program._alive = alive  # type: ignore[method-assign]
    assert program.pid not in (None, pid)


def test_a_request_that_times_out_stops_the_program(program: Served) -> None:
    pid = program.pid
    assert pid is not None
    with pytest.raises(TimeoutError):
        program.request(["hang"], timeout=0.2)
    assert program.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped, not left sleeping
    assert program.request(["b"], timeout=30) == (["field\t0\tb"], "ok")


def _child_request(command: list[str], answers: Any) -> None:
    program = served(command)
    answers.put((program.request(["child"], timeout=30), program.pid))
    program.close()


def test_a_forked_child_starts_a_program_of_its_own(stand_in: list[str]) -> None:
    import multiprocessing

    command = [*stand_in, "--serve"]
    parent = served(command)
    try:
        parent.request(["parent"], timeout=30)
        pid = parent.pid
        context = multiprocessing.get_context("fork")
        answers = context.Queue()
        child = context.Process(target=_child_request, args=(command, answers))
        child.start()
        answer, child_pid = answers.get(timeout=60)
        child.join(timeout=60)
        assert answer == (["field\t0\tchild"], "ok") and child_pid not in (None, pid)
        assert parent.request(["again"], timeout=30) == (["field\t0\tagain"], "ok") and parent.pid == pid
    finally:
        parent.close()


def test_a_program_that_cannot_start_is_a_child_process_error(tmp_path: Path) -> None:
    with pytest.raises(ChildProcessError, match="cannot start"):
        Served([str(tmp_path / "no-such-program")]).request(["a"], timeout=5)


@pytest.mark.parametrize("field", ["a\tb", "a\nb", "a\rb", "Straße"])
def test_what_a_request_line_cannot_carry_is_refused(stand_in: list[str], field: str) -> None:
    assert not servable([field])
    with pytest.raises(ValueError, match="tab, a line end or a non-ASCII"):
        Served([*stand_in, "--serve"]).request([field], timeout=5)


def test_an_unservable_answer_runs_the_batch_on_its_own(stand_in: list[str]) -> None:
    owlapi._UNSERVABLE.clear()
    try:
        text, ok, _ = owlapi._served(stand_in, ["refuse"], timeout=30)
        assert text.splitlines() == ["document\t0\trefuse", "once\trefuse"] and ok
        assert (*stand_in, "--serve") in owlapi._UNSERVABLE  # the next batch goes straight to its own run
        text, _, _ = owlapi._served(stand_in, ["x"], timeout=30)
        assert text.splitlines()[-1] == "once\tx"
    finally:
        owlapi._UNSERVABLE.clear()
        served([*stand_in, "--serve"]).close()


# ---------------------------------------------------------------------- the OWL API's program
def _records(path: Path) -> list[str]:
    """What a JVM of its own prints for a document (the program's one-shot mode)."""
    api = find_owlapi()
    assert api is not None
    text, _, _ = owlapi._run_once(owlapi._command(api), ["--offline", str(path)], timeout=300)
    return text.splitlines()


def _served_records(path: Path) -> list[str]:
    api = find_owlapi()
    assert api is not None
    text, _, _ = owlapi._served(owlapi._command(api), ["--offline", str(path)], timeout=300)
    return text.splitlines()


def _program() -> Served:
    api = find_owlapi()
    assert api is not None
    return served([*owlapi._command(api), "--serve"])


@NEEDS_OWLAPI
def test_every_batch_reads_as_in_a_jvm_of_its_own() -> None:
    alone = _records(BLANK_NODES)
    assert any("_:genid" in line for line in alone)  # the blank node names that a shared JVM would shift
    _served_records(OTHER)
    pid = _program().pid
    assert _served_records(BLANK_NODES) == alone
    assert _served_records(BLANK_NODES) == alone
    assert _program().pid == pid is not None  # one JVM served them all


@NEEDS_OWLAPI
def test_a_killed_jvm_is_started_again() -> None:
    load(OTHER, offline=True)
    pid = _program().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    report = load(BLANK_NODES, offline=True)
    assert report.violations and _program().pid not in (None, pid)


@NEEDS_OWLAPI
def test_a_timeout_is_one_line_and_the_next_batch_runs(tmp_path: Path) -> None:
    big = tmp_path / "big.ttl"
    big.write_text("".join(f"<https://example.org/i{n}> a <https://example.org/C{n % 7}> .\n" for n in range(200_000)))
    with pytest.raises(InputError, match=r"the OWL API took more than 0 s"):
        load(big, offline=True, timeout=0.01)
    assert _program().pid is None
    assert not load(OTHER, offline=True).in_profile


@NEEDS_OWLAPI
def test_a_path_a_request_cannot_carry_is_loaded_by_a_jvm_of_its_own(tmp_path: Path) -> None:
    odd = tmp_path / "tab\there.ttl"
    odd.write_bytes(OTHER.read_bytes())
    assert load_many([Document(odd, offline=True)])[0].violations == load(OTHER, offline=True).violations


def _served_jvms(pid: int) -> set[int]:
    """The process's children that run the OWL API's program as a server (not javac compiling it)."""
    found = Path(f"/proc/{pid}/task/{pid}/children")
    children = {int(p) for p in found.read_text().split()} if found.exists() else set()
    out = set()
    for child in children:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--serve" in command and any(part.endswith((b"NasKgOwlApi", b"NasKgOwlApi.java")) for part in command):
            out.add(child)
    return out


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@NEEDS_OWLAPI
@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc to see the command's JVM")
def test_ctrl_c_while_the_jvm_checks_leaves_no_jvm() -> None:
    """Ctrl-C reaches the Python process alone (as a notebook's interrupt does) while the kept JVM checks the
    bundled graph: the command exits 130 and takes the JVM with it."""
    from tests.conftest import interruptible

    process = subprocess.Popen(
        [sys.executable, "-m", "nas_kg.cli", "qc", "--check", "owl2-dl-profile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    try:
        deadline = time.monotonic() + 60
        # interrupt once the JVM works on the graph (half a second of CPU, of the 3 s it takes): the command
        # then waits for its answer, not somewhere in starting it
        while not (jvms := _served_jvms(process.pid)) or sum(map(_cpu_seconds, jvms)) < 0.5:
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130 and err.strip() == "interrupted", err
    for jvm in jvms:
        with pytest.raises(ProcessLookupError):
            os.kill(jvm, 0)


@NEEDS_OWLAPI
def test_the_jvm_ends_with_the_process() -> None:
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from nas_kg.publish import owlapi
        owlapi.load(Path({str(OTHER)!r}), offline=True)
        print(owlapi.served([*owlapi._command(owlapi.find_owlapi()), "--serve"]).pid)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    pid = int(done.stdout.strip())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
