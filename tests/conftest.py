"""Shared fixtures: the bundled graph, the seed-only graph, and one tiny user works file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import nas_kg
from nas_kg.build import tbox_graph
from nas_kg.graph import KnowledgeGraph
from nas_kg.records import build_graph, parse_records
from nas_kg.terms import Vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def java_available() -> bool:
    """Tell whether a Java runtime is on PATH."""
    return shutil.which("java") is not None


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary.from_graph(tbox_graph())


@pytest.fixture(scope="session")
def tiny_ttl(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    """The tiny fixture as a Turtle works file (built with the same code as the bundled works)."""
    source, records = parse_records((FIXTURES / "tiny.yaml").read_text(), "tiny.yaml")
    assert source is not None
    built = build_graph(records, source, vocab)
    assert built.problems == []
    path = tmp_path_factory.mktemp("tiny") / "tiny.ttl"
    built.graph.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The whole bundled graph."""
    return nas_kg.load()


@pytest.fixture(scope="session")
def seed_kg() -> KnowledgeGraph:
    """The seed paper's 15 works only."""
    return nas_kg.load(seed_only=True)


@pytest.fixture(scope="session")
def tiny_kg(tiny_ttl: Path) -> KnowledgeGraph:
    """The seed works plus the tiny fixture."""
    return nas_kg.load([tiny_ttl], seed_only=True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
