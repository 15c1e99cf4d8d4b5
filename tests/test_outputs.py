"""Every RDF file nas-kg writes can be read back with --data; a suffix --data cannot read is refused (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nas_kg.cli import main
from nas_kg.publish.owlapi import find_owlapi
from nas_kg.publish.release import Release
from nas_kg.serialize import DATASET_SUFFIXES, SUFFIXES
from nas_kg.stores.embedded import READABLE
from tests.conftest import RELEASE

REASON_SUFFIXES = sorted({*SUFFIXES, *DATASET_SUFFIXES})


def test_writers_and_readers_agree_on_suffixes() -> None:
    assert set(REASON_SUFFIXES) == set(READABLE)


@pytest.mark.slow  # a full report per format
@pytest.mark.parametrize("suffix", REASON_SUFFIXES)
def test_reason_output_reads_back_with_data(runner, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"inferred{suffix}"
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl", "--seed-only", "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["report", "--seed-only", "--data", str(out)])
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("name", ["inferred.txt", "inferred.trix", "inferred"])
def test_reason_refuses_a_suffix_data_cannot_read(runner, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl", "--seed-only", "-o", str(out)])
    assert result.exit_code == 2
    assert "--data" in result.stderr
    assert not out.exists()


@pytest.mark.slow  # a full report per format
@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
def test_export_format_follows_the_suffix(runner, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"graph{suffix}"
    result = runner.invoke(main, ["export", "--seed-only", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["report", "--seed-only", "--data", str(out)]).exit_code == 0


@pytest.mark.parametrize(("args", "name"), [([], "graph.csv"), (["--format", "xml"], "graph.ttl")])
def test_export_refuses_a_suffix_data_cannot_read(runner, tmp_path: Path, args: list[str], name: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = runner.invoke(main, ["export", "--seed-only", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


@RELEASE  # on the worker that built conftest's `release`
def test_exported_rdf_xml_is_the_release_file_owlready2_loads(
    runner, tmp_path: Path, release: Release, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """`export --format xml` writes the release's nas-kg.owl byte for byte, which tests/test_compat.py loads in
    owlready2 with the network disabled (the manifest's triple count) and in the OWL API; where that module is
    skipped (no OWL API), owlready2 loads it here."""
    out = tmp_path / "graph.owl"
    assert runner.invoke(main, ["export", "--format", "xml", "-o", str(out)]).exit_code == 0
    assert out.read_bytes() == (release.folder / "nas-kg.owl").read_bytes()
    if find_owlapi() is not None:
        return
    import urllib.request

    import owlready2

    def offline(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"owlready2 tried the network: {args}")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    world = owlready2.World()
    onto = world.get_ontology(out.as_uri()).load()
    assert world.graph.execute("SELECT COUNT(*) FROM quads WHERE c = ?", (onto.graph.c,)).fetchone()[0] > 10000
