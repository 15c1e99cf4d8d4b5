"""Progress bars (issue 17): shown on a terminal for steps over about two seconds, never otherwise."""

from __future__ import annotations

import io
import time

from click.testing import CliRunner

from nas_kg import progress
from nas_kg.cli import main


def test_without_a_reporter_a_task_shows_nothing() -> None:
    assert not progress.active()
    with progress.task("quiet", total=3) as advance:
        advance(3)


def test_a_reporter_draws_a_bar_with_its_label() -> None:
    stream = io.StringIO()
    with progress.reporting(progress.TqdmReporter(stream, delay=0)), progress.task("counting", total=4) as advance:
        for _ in range(4):
            advance(1)
    assert "counting" in stream.getvalue()


def test_a_spinner_shows_its_elapsed_time_while_the_step_is_busy() -> None:
    stream = io.StringIO()
    with progress.reporting(progress.TqdmReporter(stream, delay=0.1)), progress.task("busy"):
        time.sleep(0.4)  # one long call that reports nothing (the bar is drawn at 0.1 s)
    assert "busy" in stream.getvalue()


def test_a_quick_step_never_appears() -> None:
    stream = io.StringIO()
    with progress.reporting(progress.TqdmReporter(stream, delay=2.0)), progress.task("quick", total=2) as advance:
        advance(2)
    assert stream.getvalue() == ""


def test_loading_through_a_reporter_counts_every_byte(tiny_ttl) -> None:  # type: ignore[no-untyped-def]
    from nas_kg.graph import KnowledgeGraph

    seen: list[float] = []

    class Recorder:
        def open(self, label: str, total: float | None, unit: str) -> object:
            recorder = self

            class Bar:
                def update(self, amount: float) -> None:
                    seen.append(amount)

                def close(self) -> None:
                    recorder.closed = label

            return Bar()

    with progress.reporting(Recorder()):
        kg = KnowledgeGraph.load([tiny_ttl], bundled_works=False)
    assert sum(seen) >= tiny_ttl.stat().st_size
    assert len(kg.method_index) == 3


def test_the_cli_draws_no_bar_when_stderr_is_not_a_terminal(tiny_ttl) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, ["validate", "--data", str(tiny_ttl)])
    assert result.exit_code == 0
    assert result.stderr == ""
