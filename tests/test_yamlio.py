"""YAML read with libyaml where installed, and with PyYAML's own answers (nas_kg.yamlio)."""

from __future__ import annotations

import pytest
import yaml

from nas_kg import resources
from nas_kg.yamlio import load_yaml, parse_yaml

#: A methods file and an evidence file, the smallest of each (PyYAML's own parser takes a second per 100 KB).
SOURCES = [resources.works_sources_dir() / name for name in ("seed.yaml", "code.yaml")]


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_bundled_sources_read_as_pyyaml_reads_them(path):
    text = path.read_text(encoding="utf-8")
    expected = yaml.safe_load(text)
    assert load_yaml(text) == expected
    assert parse_yaml(text)[1] == expected


@pytest.mark.parametrize("text", ["methods: [a, b", "a: b: c", "- x\n y: 1\n"])
def test_malformed_yaml_raises_pyyamls_error(text):
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml(text)
    assert str(caught.value) == str(expected.value)
