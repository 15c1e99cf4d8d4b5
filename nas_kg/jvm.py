"""How nas-kg starts Java: the options of every JVM it runs, and the user cache folder it may write.

Every JVM nas-kg starts (the OWL API, HermiT and Pellet through owlready2) runs for seconds, not hours:
the client compiler alone and the serial collector do the same work in about half the CPU time of the
server JIT and the parallel collector's threads (HermiT on the bundled graph: 2.3 s of CPU instead of
4.5 s, the same wall time; on 1,658 methods 14.5 s instead of 20.7 s, again the same wall time).
"""

from __future__ import annotations

import hashlib
import os
import shlex
import tempfile
from pathlib import Path

JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def cache_dir() -> Path:
    """Return nas-kg's folder in the user cache directory."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "nas-kg"


def with_options(java: str) -> str:
    """Return an executable that runs ``java`` with JVM_OPTIONS, for tools that take only a Java path.

    owlready2 builds its own HermiT and Pellet command lines from ``owlready2.JAVA_EXE``; a two-line
    shell script in the user cache passes the options on. Where that cannot be (not POSIX, or the cache
    is not writable) the plain ``java`` is returned: slower, never wrong.
    """
    if os.name != "posix":
        return java
    script = f'#!/bin/sh\nexec {shlex.quote(java)} {" ".join(JVM_OPTIONS)} "$@"\n'
    folder = cache_dir() / "jvm" / hashlib.sha256(script.encode()).hexdigest()[:16]
    wrapper = folder / "java"
    if wrapper.is_file() and os.access(wrapper, os.X_OK):
        return str(wrapper)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, encoding="utf-8") as handle:
            handle.write(script)
        os.chmod(handle.name, 0o755)  # noqa: S103 - an executable script of our own, in our own cache folder
        os.replace(handle.name, wrapper)  # atomic: a parallel run sees the whole script or none
    except OSError:
        return java
    return str(wrapper)
