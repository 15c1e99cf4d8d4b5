"""Differential suite: the fast OWL 2 RL classifier against reasonable and HermiT, over probe graphs.

Each probe (tests/probes/reasoning/*.ttl) is loaded beside the seed works. The fast classifier either
handles it (its header says ``fast: compiled``) and must give the reference engines' categories, or it
must say, before answering, that it does not, and give the complete engine's categories instead.
Without Java the complete engine is reasonable; with Java it is HermiT, which the slow cases compare
on all probes at once. Every category a probe's header expects must be found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import nas_kg
from nas_kg.cli import main
from nas_kg.graph import KnowledgeGraph
from nas_kg.namespaces import NAS
from nas_kg.reasoning import reason
from tests.conftest import java_available
from tests.probe_files import Probe, probes

PROBES = probes("reasoning")
IDS = [p.name for p in PROBES]


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))


def _load(*paths: Path) -> KnowledgeGraph:
    return nas_kg.load(list(paths), seed_only=True)


def _memberships(result) -> set[tuple[str, str]]:
    return {(str(m), str(c)) for m, cats in result.categories.items() for c in cats}


def _missing(probe: Probe, result) -> list[str]:
    """The expected categories a result lacks, as 'method category' strings."""
    out = []
    for name, categories in probe.expect.items():
        found = {str(c) for c in result.categories.get(URIRef(probe.iri(name)), set())}
        out += [f"{name} {c}" for c in categories if str(NAS[c]) not in found]
    return out


@pytest.mark.parametrize("probe", PROBES, ids=IDS)
def test_fast_path_knows_whether_it_handles_the_probe(probe: Probe) -> None:
    from nas_kg.reasoning.facts import MethodFacts, axiom_graph
    from nas_kg.reasoning.scope import gaps

    kg = _load(probe.path)
    outside = gaps(kg, axiom_graph(kg), MethodFacts.load(kg))
    assert (outside == []) == (probe.fast == "compiled"), outside


@pytest.mark.parametrize("probe", PROBES, ids=IDS)
def test_fast_path_equals_reasonable(probe: Probe, no_java: None) -> None:
    kg = _load(probe.path)
    fast = reason(kg, "owlrl")
    assert _memberships(fast) == _memberships(reason(kg, "reasonable"))
    if probe.fast == "compiled":
        assert (fast.reasoner, fast.notes) == ("owlrl", [])
    else:
        assert fast.reasoner == "reasonable"
        assert len(fast.notes) == 1
        assert fast.notes[0].startswith("the fast OWL 2 RL classifier does not handle")
        assert fast.notes[0].endswith(": ran reasonable instead")
    if probe.profile == "rl":
        assert _missing(probe, fast) == []


@pytest.mark.skipif(not java_available(), reason="HermiT needs a Java runtime")
def test_compiled_probes_equal_hermit() -> None:
    kg = _load(*[p.path for p in PROBES if p.fast == "compiled"])
    fast = reason(kg, "owlrl")
    assert (fast.reasoner, fast.notes) == ("owlrl", [])
    assert _memberships(fast) == _memberships(reason(kg, "hermit"))


#: The tests that read all_probes_hermit run on one xdist worker, so HermiT classifies the probes once.
PROBES_HERMIT = pytest.mark.xdist_group("probes-hermit")


@pytest.fixture(scope="module")
def all_probes_hermit() -> tuple[object, object]:
    kg = _load(*[p.path for p in PROBES])
    return reason(kg, "owlrl"), reason(kg, "hermit")


@PROBES_HERMIT
@pytest.mark.slow
@pytest.mark.skipif(not java_available(), reason="HermiT needs a Java runtime")
def test_fast_path_falls_back_to_hermit_and_equals_it(all_probes_hermit) -> None:
    fast, hermit = all_probes_hermit
    assert fast.reasoner == "hermit"
    assert len(fast.notes) == 1 and fast.notes[0].endswith(": ran hermit instead")
    assert _memberships(fast) == _memberships(hermit)


@PROBES_HERMIT
@pytest.mark.slow
@pytest.mark.skipif(not java_available(), reason="HermiT needs a Java runtime")
@pytest.mark.parametrize("probe", PROBES, ids=IDS)
def test_hermit_finds_every_expected_category(probe: Probe, all_probes_hermit) -> None:
    fast, hermit = all_probes_hermit
    assert _missing(probe, hermit) == []
    assert _missing(probe, fast) == []


def test_bundled_graph_stays_on_the_fast_path(kg: KnowledgeGraph) -> None:
    result = reason(kg, "owlrl")
    assert (result.reasoner, result.notes) == ("owlrl", [])


def _probe(name: str) -> Probe:
    return next(p for p in PROBES if p.name == name)


def test_cli_says_once_that_it_fell_back(runner, no_java) -> None:
    probe = _probe("user-subproperty")
    args = ["reason", "--reasoner", "owlrl", "--seed-only", "--format", "csv"]
    result = runner.invoke(main, [*args, "--data", str(probe.path)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert "subPropertyOf" in notes[0] and notes[0].endswith("ran reasonable instead")
    assert f"{probe.namespace}m1" in result.stdout


def test_cli_no_note_on_the_bundled_graph(runner) -> None:
    result = runner.invoke(main, ["reason", "--reasoner", "owlrl", "--format", "csv"])
    assert result.exit_code == 0
    assert "note:" not in result.stderr


def test_cli_methods_lists_methods_typed_by_domain_or_defined_class(runner) -> None:
    paths = [_probe("domain-and-range-typing").path, _probe("defined-class-only").path]
    args = ["methods", "--category", "Differentiable NAS method", "--seed-only", "--format", "csv"]
    result = runner.invoke(main, [*args, "--data", str(paths[0]), "--data", str(paths[1])])
    assert result.exit_code == 0, result.output
    assert "https://example.org/probe/domain-and-range-typing/m1" in result.stdout
    assert "https://example.org/probe/defined-class-only/m1" in result.stdout


def test_cli_methods_says_when_it_fell_back(runner, no_java) -> None:
    probe = _probe("same-as")
    args = ["methods", "--category", "Differentiable NAS method", "--seed-only", "--format", "csv"]
    result = runner.invoke(main, [*args, "--data", str(probe.path)])
    assert result.exit_code == 0, result.output
    assert f"{probe.namespace}m1" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("note:")] != []
