"""Write output files as a user expects: atomically, with the umask's permissions, through symlinks.

Every file nas-kg writes (``export``, ``release``, ``table -o``, ``add``, ``pull``, ``reason -o``, the
plots and the docs) goes through :func:`write_atomic`:

* the bytes go to a temporary file in the target's folder, then replace the target in one rename,
  so a reader never sees half a file;
* a new file gets the permissions ``open()`` would give it (``0o666`` less the umask), and an existing
  file keeps its own: ``mkstemp`` alone would leave every file ``0600``;
* when the target is a symlink, the file it points to is written and the link is kept.

:func:`check_rdf_output` refuses an RDF output path that ``--data`` could not read back.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from nas_kg import resources
from nas_kg.errors import InputError
from nas_kg.serialize import SUFFIXES


def current_umask() -> int:
    """Return the process umask without changing it (read from /proc where it can be)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # no /proc: the only portable way is to set it and put it back
    os.umask(mask)
    return mask


def check_target(path: Path | str) -> Path:
    """Check that a file can be written (not bundled, not a folder, in an existing folder); return its folder.

    A symlink is checked (and later written) through to its target.
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if resources.is_bundled(target):
        raise InputError(f"{path}: refusing to write into the bundled nas-kg files")
    if target.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    return folder


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write a file atomically (temporary file, then rename), with the umask's permissions, through symlinks."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = check_target(path)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_rdf_output(path: Path, readable: Iterable[str], what: str = "this output") -> None:
    """Raise InputError (exit 2) unless the path's suffix is one that ``--data`` reads back."""
    suffixes = sorted(readable)
    if path.suffix.lower() not in suffixes:
        raise InputError(
            f"{path}: {what} cannot be written as {path.suffix or 'a file without a suffix'}; "
            f"use one of {', '.join(suffixes)} (the suffixes --data reads)"
        )


def rdf_output_format(path: Path, fmt: str | None, what: str = "this output") -> str:
    """Return the format to write an RDF file in: the one its suffix names, which must agree with ``fmt``.

    Raise InputError (exit 2) for a suffix ``--data`` could not read back, or one of another format.
    """
    check_rdf_output(path, SUFFIXES, what)
    implied = SUFFIXES[path.suffix.lower()]
    if fmt is not None and fmt != implied:
        readable = ", ".join(sorted(s for s, f in SUFFIXES.items() if f == fmt))
        raise InputError(f"{path}: --data reads {fmt} from {readable}, not from {path.suffix}")
    return implied
