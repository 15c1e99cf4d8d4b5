"""The Python API mirrors the CLI and returns plain data."""

from __future__ import annotations

import pytest

import nas_kg
from nas_kg.namespaces import NAS


def test_top_level_functions(seed_kg):
    result = nas_kg.reason(seed_kg, "owlrl")
    assert len(result.members(NAS.DifferentiableNASMethod)) == 5
    assert nas_kg.validate(seed_kg).conforms


def test_methods_by_category_and_facet(kg):
    found = nas_kg.methods(
        kg, category="Differentiable NAS method", dataset="ImageNet", baseline_architecture="Super-network"
    )
    labels = {m.label for m in found}
    assert {"DARTS", "FBNet"} <= labels
    assert all(m.year for m in found)


def test_query_records_are_plain_values(seed_kg):
    rows = seed_kg.query("methods-per-year").records()
    assert rows[0] == {"year": 2013, "methods": 1}


def test_to_dataframe_needs_pandas_or_works(seed_kg):
    result = seed_kg.query("methods-per-year")
    try:
        import pandas  # noqa: F401
    except ImportError:
        from nas_kg.errors import EnvironmentMissingError

        with pytest.raises(EnvironmentMissingError):
            result.to_dataframe()
    else:
        assert list(result.to_dataframe().columns) == ["year", "methods"]


def test_add_methods_api(tmp_path, seed_kg):
    from tests.conftest import FIXTURES

    out = tmp_path / "mine.ttl"
    added = nas_kg.add_methods(seed_kg, FIXTURES / "tiny.yaml", out)
    assert len(added.added) == 3 and out.exists()
