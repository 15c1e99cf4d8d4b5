"""Every JVM nas-kg starts gets the short-run options, owlready2's HermiT and Pellet through a wrapper."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nas_kg.jvm import JVM_OPTIONS, with_options


def test_wrapper_passes_the_options_and_the_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fake = tmp_path / "fake java"  # a space in the path must survive the quoting
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    wrapper = with_options(str(fake))
    assert Path(wrapper).is_relative_to(tmp_path / "cache" / "nas-kg" / "jvm")
    out = subprocess.run([wrapper, "-cp", "a b.jar", "Main"], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [*JVM_OPTIONS, "-cp", "a b.jar", "Main"]
    assert with_options(str(fake)) == wrapper  # written once


def test_unwritable_cache_gives_the_plain_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert with_options("/usr/bin/java") == "/usr/bin/java"


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime")
def test_real_java_runs_through_the_wrapper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    java = shutil.which("java")
    assert java is not None
    done = subprocess.run([with_options(java), "-version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert os.path.basename(with_options(java)) == "java"
