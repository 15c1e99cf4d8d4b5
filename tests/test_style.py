"""The code stays lint-, format- and type-clean: ruff and mypy run with the test suite (and so in CI)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(
    shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0, reason="ruff not installed"
)
@pytest.mark.parametrize("command", [("check",), ("format", "--check")], ids=["check", "format"])
def test_ruff(command):
    result = _run("ruff", *command, "nas_kg", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy():
    result = _run("mypy", "nas_kg")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycles_and_no_long_modules():
    from tests.layers import import_graph, long_modules, strongly_connected

    graph = import_graph(ROOT / "nas_kg")
    assert strongly_connected(graph) == []
    assert long_modules(ROOT / "nas_kg", 450) == []


def test_imports_point_down_the_layers():
    from tests.layers import import_graph, layer_of, upward_edges

    graph = import_graph(ROOT / "nas_kg")
    assert all(layer_of(m) is not None for m in graph), [m for m in graph if layer_of(m) is None]
    assert upward_edges(graph) == []
