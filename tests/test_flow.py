"""The design flow of Fig. 1 is data: order, dependencies and the loop, drawn by `nas-kg diagram --view flow`."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph

from nas_kg.build import tbox_graph
from nas_kg.cli import main
from nas_kg.errors import InputError
from nas_kg.flow import flow_dot, read_flow
from nas_kg.namespaces import NAS
from tests.conftest import GOLDEN

#: Every flow assertion the paper makes, with the section that states it (kept as data).
EDGES = list(csv.DictReader((GOLDEN / "seed-flow.csv").open(encoding="utf-8")))
RELATIONS = sorted({row["relation"] for row in EDGES})


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return tbox_graph()


@pytest.fixture(scope="module")
def flow(tbox):
    return read_flow(tbox)


@pytest.mark.parametrize("relation", RELATIONS)
def test_flow_assertions_are_exactly_the_papers(tbox, relation):
    expected = {(row["subject"], row["object"]) for row in EDGES if row["relation"] == relation}
    found = {
        (str(s).removeprefix(str(NAS)), str(o).removeprefix(str(NAS))) for s, o in tbox.subject_objects(NAS[relation])
    }
    assert found == expected


def test_every_flow_assertion_has_a_section():
    assert all(row["section"].startswith(("Section", "Fig.")) for row in EDGES)


def test_stages_in_order(flow):
    assert [str(s).removeprefix(str(NAS)) for s in flow.stages] == [
        "SetupStage",
        "ConfigurationStage",
        "ModificationStage",
        "EvaluationStage",
    ]


@pytest.mark.parametrize(
    ("stage", "steps"),
    [
        ("SetupStage", ["SearchSpaceDetermination", "BaselineArchitectureDetermination"]),
        ("ConfigurationStage", ["ArchitectureCostDetermination", "SearchStrategyDetermination"]),
        ("ModificationStage", ["LevelAndLocationDetermination", "ModificationAndSampling"]),
        ("EvaluationStage", ["TrainingStrategyDetermination", "PerformanceEvaluation", "StopOrLoop"]),
    ],
)
def test_steps_of_each_stage_in_order(flow, stage, steps):
    assert [str(s).removeprefix(str(NAS)) for s in flow.steps[NAS[stage]]] == steps


def test_the_loop_has_two_outcomes_one_back_to_modification(flow):
    assert flow.decision == NAS.StopOrLoop
    assert dict(flow.outcomes) == {NAS.StopAndReturn: None, NAS.LoopBackToModification: NAS.ModificationStage}


def test_a_cycle_in_the_order_is_an_error(tbox):
    broken = Graph()
    for triple in tbox:
        broken.add(triple)
    broken.add((NAS.StopOrLoop, NAS.precedes, NAS.TrainingStrategyDetermination))
    with pytest.raises(InputError, match="cycle"):
        read_flow(broken)


def test_flow_dot_draws_stages_steps_dependencies_and_loop(tbox):
    dot = flow_dot(tbox)
    assert dot.startswith("digraph nas_flow {")
    assert 'label="1. setup stage"' in dot and 'label="4. evaluation stage"' in dot
    step = f'"{NAS.SearchStrategyDetermination}"'
    assert f'{step} -> "{NAS.ArchitectureCostDetermination}" [style=dashed' in dot
    assert f'"{NAS.ArchitectureCostDetermination}" -> {step} [penwidth=1.6];' in dot
    assert f'"{NAS.LoopBackToModification}" -> "{NAS.LevelAndLocationDetermination}" [lhead="cluster_3"' in dot
    assert "shape=diamond" in dot


def test_cli_diagram_flow_view(runner, tmp_path):
    out = tmp_path / "flow.dot"
    result = runner.invoke(main, ["diagram", "--view", "flow", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text() == flow_dot(tbox_graph())


def test_cli_diagram_default_view_is_the_taxonomy(runner, tmp_path):
    out = tmp_path / "default.dot"
    assert runner.invoke(main, ["diagram", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("digraph nas_kg {")


def test_cli_diagram_unknown_view_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["diagram", "--view", "stages", "-o", str(tmp_path / "x.dot")])
    assert result.exit_code == 2
