"""A program kept running for the life of the process, answering one request after another.

The OWL API's program (nas_kg/java/NasKgOwlApi.java, ``--serve``) reads a request per line, its
fields separated by tabs, and answers with records, one per line, up to a ``done <status>`` line. A JVM's
start, class loading and JIT warm-up are most of a small document's check (0.8 of 0.9 s of CPU) and a
third of the bundled graph's, so a process that checks several documents (a notebook, ``qc`` on two
graphs, a test run) starts it once. The program is started on the first request; it exits when its
standard input ends, which ``close_all`` (at interpreter exit) or the process's own end brings about.

One request at a time per program (a lock). A request that times out, is interrupted or finds the
program gone stops the program: the next request starts a fresh one. A kept program that ended while it
waited (killed, say) is started afresh for the request that finds it so, once. A forked child starts its own.
"""

from __future__ import annotations

import atexit
import contextlib
import locale
import os
import selectors
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from typing import IO

#: What a request may hold: the program reads ASCII lines whatever the locale, and tabs and line ends
#: separate fields and requests (a caller runs the program once per request for anything else).
_FORBIDDEN = frozenset("\t\r\n")


def servable(fields: Sequence[str]) -> bool:
    """Tell whether these fields can travel as one request line."""
    return all(field.isascii() and not _FORBIDDEN.intersection(field) for field in fields)


class Served:
    """One program, started on first use and kept until the process ends (module docstring)."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._owner = 0
        self._buffer = bytearray()
        self._answered = False  # whether the current request got any output (a program that ends before: retried)

    @property
    def pid(self) -> int | None:
        """The running program's process id, or None when none runs (for tests and diagnostics)."""
        with self._lock:
            return self._proc.pid if self._alive() and self._proc is not None else None

    def request(self, fields: Sequence[str], timeout: float) -> tuple[list[str], str]:
        """Send one request; return its records and the status of its ``done`` line.

        Raise TimeoutError when no ``done`` line comes within ``timeout`` seconds, ChildProcessError
        (with the program's first line on standard error) when the program ends or cannot be started.
        """
        if not servable(fields):
            raise ValueError("a request field holds a tab, a line end or a non-ASCII character")
        line = ("\t".join(fields) + "\n").encode("ascii")
        with self._lock:
            kept = self._alive()
            for attempt in (1, 2):
                self._answered = False
                try:
                    return self._exchange(self._running(), line, timeout)
                except ChildProcessError:
                    self._stop(kill=True)
                    if attempt == 2 or not kept or self._answered:
                        raise
                    # it had ended while it waited (killed, out of memory): one fresh start for this request
                except BaseException:
                    self._stop(kill=True)
                    raise
            raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """End the program: close its standard input, wait a little, kill it if it is still there."""
        with self._lock:
            self._stop(kill=False)

    def _alive(self) -> bool:
        return self._proc is not None and self._owner == os.getpid() and self._proc.poll() is None

    def _running(self) -> subprocess.Popen[bytes]:
        if self._alive() and self._proc is not None:
            return self._proc
        self._stop(kill=True)  # it ended on its own: reap it before the next one starts
        self._stderr = tempfile.TemporaryFile()  # read only when the program ends: a pipe could fill up
        self._buffer.clear()
        self._owner = os.getpid()
        try:
            self._proc = proc = subprocess.Popen(  # noqa: S603 - our own program, no shell
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
            )
        except OSError as exc:
            raise ChildProcessError(f"cannot start {self.command[0]}: {exc.strerror or exc}") from exc
        return proc

    def _exchange(self, proc: subprocess.Popen[bytes], line: bytes, timeout: float) -> tuple[list[str], str]:
        stdin, stdout = proc.stdin, proc.stdout
        if stdin is None or stdout is None:  # never: _running opens both pipes
            raise ChildProcessError("the program has no pipes")
        try:
            stdin.write(line)
            stdin.flush()
        except OSError:
            raise ChildProcessError(self._why_ended(proc)) from None
        deadline = time.monotonic() + timeout
        records: list[str] = []
        encoding = locale.getpreferredencoding(False)
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while True:
                end = self._buffer.find(b"\n")
                if end >= 0:
                    record = bytes(self._buffer[:end]).decode(encoding, errors="replace").rstrip("\r")
                    del self._buffer[: end + 1]
                    if record.startswith("done\t"):
                        return records, record.split("\t", 1)[1]
                    records.append(record)
                    continue
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise TimeoutError(f"no answer in {timeout:.0f} s")
                chunk = os.read(stdout.fileno(), 1 << 16)
                if not chunk:
                    raise ChildProcessError(self._why_ended(proc))
                self._answered = True
                self._buffer += chunk

    def _why_ended(self, proc: subprocess.Popen[bytes]) -> str:
        try:
            code = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        said = b""
        if self._stderr is not None:
            self._stderr.seek(0)
            said = self._stderr.read(4096)
        first = said.decode(errors="replace").strip().splitlines()
        return first[0] if first else f"it ended with exit code {code}"

    def _stop(self, *, kill: bool) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and self._owner == os.getpid():  # a forked child only lets go of its copies
            try:
                if kill:
                    proc.kill()
                elif proc.stdin is not None:
                    proc.stdin.close()  # the program exits when its input ends
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.kill()
                proc.wait()
        for stream in (proc.stdin, proc.stdout) if proc is not None else ():
            if stream is not None:
                # a request written to a program that had just died is still in stdin's buffer: closing
                # flushes it into a pipe with no reader (EPIPE), and the file is closed all the same
                with contextlib.suppress(OSError):
                    stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        self._buffer.clear()


_SERVED: dict[tuple[str, ...], Served] = {}
_REGISTRY_LOCK = threading.Lock()


def served(command: Sequence[str]) -> Served:
    """Return the process's kept program for a command line (started on its first request)."""
    key = (str(os.getpid()), *command)  # a forked child starts its own: the parent's program stays the parent's
    with _REGISTRY_LOCK:
        program = _SERVED.get(key)
        if program is None:
            program = _SERVED[key] = Served(command)
        return program


def _after_fork_in_child() -> None:
    global _REGISTRY_LOCK
    _REGISTRY_LOCK = threading.Lock()  # another thread of the parent may have held it at the fork


os.register_at_fork(after_in_child=_after_fork_in_child)


@atexit.register
def close_all() -> None:
    """End every kept program (registered to run at interpreter exit)."""
    with _REGISTRY_LOCK:
        programs = list(_SERVED.values())
    for program in programs:
        program.close()
