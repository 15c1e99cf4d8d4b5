"""Written files: atomic, with the umask's permissions, through symlinks; RDF outputs readable by --data."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from nas_kg import resources
from nas_kg.errors import InputError
from nas_kg.fileio import current_umask, write_atomic


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reads_the_umask_without_changing_it(umask_027: None) -> None:
    assert current_umask() == 0o027
    assert current_umask() == 0o027


def test_new_file_gets_the_umask_permissions(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "out.ttl"
    write_atomic(target, b"x")
    assert mode(target) == 0o640
    assert target.read_bytes() == b"x"


def test_overwritten_file_keeps_its_permissions(tmp_path: Path, umask_027: None) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_atomic(target, b"new")
    assert mode(target) == 0o664
    assert target.read_bytes() == b"new"


def test_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_no_temporary_file_is_left(tmp_path: Path) -> None:
    write_atomic(tmp_path / "out.ttl", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_refuses_the_bundled_files() -> None:
    with pytest.raises(InputError, match="bundled"):
        write_atomic(resources.core_ontology(), b"x")


def test_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.ttl", b"x")


def test_graph_still_exports_write_atomic() -> None:
    from nas_kg import graph

    assert graph.write_atomic is write_atomic
