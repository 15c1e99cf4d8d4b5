"""Progress of long steps: the library says what it is doing, a front end decides whether to show it.

Library code wraps a step that can take seconds in ``with task("validating", total=n) as advance:`` and
calls ``advance(k)`` as it goes. Nothing is shown unless a front end installed a reporter with
``reporting(...)``: the CLI does so, with tqdm bars on stderr, only when stderr is a terminal, and a bar
appears only once its step has run for about two seconds. Without a reporter a task costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any, Protocol


class Reporter(Protocol):
    """Shows tasks: ``open`` returns an object with ``update(n)`` and ``close()``."""

    def open(self, label: str, total: float | None, unit: str) -> Any:
        """Start showing a task."""
        ...


_current: ContextVar[Reporter | None] = ContextVar("nas_kg_progress", default=None)


def _nothing(_amount: float = 1) -> None:
    return None


@contextmanager
def task(label: str, total: float | None = None, unit: str = "it") -> Iterator[Callable[[float], None]]:
    """Report a step; yield the function that advances it (by 1 unless told)."""
    reporter = _current.get()
    if reporter is None:
        yield _nothing
        return
    bar = reporter.open(label, total, unit)

    def advance(amount: float = 1) -> None:
        bar.update(amount)

    try:
        yield advance
    finally:
        bar.close()


def active() -> bool:
    """Tell whether a reporter is installed (a caller may then pick a way of working that can report)."""
    return _current.get() is not None


@contextmanager
def reporting(reporter: Reporter | None) -> Iterator[None]:
    """Install a reporter for the duration of a block (None: report nothing)."""
    token = _current.set(reporter)
    try:
        yield
    finally:
        _current.reset(token)


class TqdmReporter:
    """tqdm bars on a stream, each shown only after ``delay`` seconds (so quick steps never flicker).

    A step that reports no amounts (a spinner: its total is unknown) is redrawn twice a second from a
    thread, so its elapsed time shows while the library is busy in one long call.
    """

    def __init__(self, stream: IO[str], delay: float = 2.0) -> None:
        self.stream = stream
        self.delay = delay

    def open(self, label: str, total: float | None, unit: str) -> Any:
        """Start a bar (a spinner with the elapsed time where the total is unknown)."""
        from tqdm import tqdm

        scale = unit == "B"
        bar = tqdm(
            total=total,
            desc=label,
            unit=unit,
            unit_scale=scale,
            unit_divisor=1024 if scale else 1000,
            delay=self.delay,
            file=self.stream,
            leave=False,
            dynamic_ncols=True,
        )
        return _Ticking(bar, self.delay)


class _Ticking:
    """A tqdm bar redrawn from a thread, once its delay has passed, until closed."""

    def __init__(self, bar: Any, delay: float) -> None:
        import threading

        self.bar = bar
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._tick, args=(delay,), daemon=True)
        self.thread.start()

    def _tick(self, delay: float) -> None:
        if self.stop.wait(delay):
            return
        while not self.stop.is_set():
            self.bar.refresh()
            self.stop.wait(0.5)

    def update(self, amount: float) -> None:
        """Advance the bar."""
        self.bar.update(amount)

    def close(self) -> None:
        """Stop redrawing and remove the bar."""
        self.stop.set()
        self.thread.join()
        self.bar.close()


class CountingReader:
    """A binary file that reports how many bytes were read (for a bar while a parser reads a file)."""

    def __init__(self, handle: IO[bytes], advance: Callable[[float], None]) -> None:
        self.handle = handle
        self.advance = advance

    def read(self, size: int = -1) -> bytes:
        """Read and report."""
        data = self.handle.read(size)
        self.advance(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        """Read into a buffer and report."""
        count = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.advance(count or 0)
        return count or 0
