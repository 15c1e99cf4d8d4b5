"""The design flow of the seed model (Fig. 1), read from the ontology and drawn as Graphviz DOT.

The flow is data in ``nas.ttl``: ``nas:precedes`` orders the stages and the steps, ``nas:dependsOn``
records the dependencies the paper states between steps (and on the application requirements), and
the stop or loop decision has two ``nas:EvaluationOutcome`` values, one of which ``nas:leadsTo`` the
modification stage again. Nothing here is hard-coded: a changed ontology draws a changed flow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from nas_kg.errors import InputError
from nas_kg.namespaces import NAS

#: The pictures ``nas-kg diagram`` draws; the first is the default.
DIAGRAM_VIEWS = ("taxonomy", "flow")


@dataclass(frozen=True)
class Flow:
    """The stages and steps of the model in order, their dependencies and the loop's outcomes."""

    stages: tuple[URIRef, ...]
    steps: dict[URIRef, tuple[URIRef, ...]]
    precedes: tuple[tuple[URIRef, URIRef], ...]
    depends_on: tuple[tuple[URIRef, URIRef], ...]
    decision: URIRef | None
    outcomes: tuple[tuple[URIRef, URIRef | None], ...]
    labels: dict[URIRef, str] = field(default_factory=dict)

    def label(self, term: URIRef) -> str:
        """Return a term's label, or its local name."""
        return self.labels.get(term) or str(term).rsplit("/", 1)[-1]


def read_flow(tbox: Graph) -> Flow:
    """Read the design flow from the ontology; raise InputError when its order has a cycle."""
    stages = _subclasses(tbox, NAS.Stage)
    steps_all = _subclasses(tbox, NAS.Step)
    precedes = _pairs(tbox, NAS.precedes)
    depends = _pairs(tbox, NAS.dependsOn)
    stage_of = {step: _stage_of(tbox, step) for step in steps_all}
    steps = {stage: tuple(_ordered([s for s in steps_all if stage_of[s] == stage], precedes, tbox)) for stage in stages}
    decisions = sorted(
        {s for s in tbox.subjects(RDFS.subClassOf, None) if isinstance(s, URIRef) and _has_outcome(tbox, s)}
    )
    outcome_terms = sorted(
        (o for o in tbox.subjects(RDF.type, NAS.EvaluationOutcome) if isinstance(o, URIRef)),
        key=lambda t: _label(tbox, t),
    )
    outcomes = tuple(
        (o, next((t for t in tbox.objects(o, NAS.leadsTo) if isinstance(t, URIRef)), None)) for o in outcome_terms
    )
    terms = {*stages, *steps_all, *(x for pair in depends for x in pair), *(o for o, _ in outcomes)}
    return Flow(
        stages=tuple(_ordered(stages, precedes, tbox)),
        steps=steps,
        precedes=tuple(precedes),
        depends_on=tuple(depends),
        decision=decisions[0] if decisions else None,
        outcomes=outcomes,
        labels={t: _label(tbox, t) for t in terms},
    )


def flow_dot(tbox: Graph) -> str:
    """Return the design flow as Graphviz DOT: a box per stage, its steps in order, dependencies, the loop."""
    flow = read_flow(tbox)
    lines = [
        "digraph nas_flow {",
        "  rankdir=TB;",
        "  compound=true;",
        "  newrank=true;",
        '  graph [fontname="Helvetica", fontsize=11];',
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    stepped = {s for ss in flow.steps.values() for s in ss}
    for number, stage in enumerate(flow.stages, start=1):
        lines.append(f"  subgraph {_q(f'cluster_{number}')} {{")
        lines.append(f'    label="{number}. {_esc(flow.label(stage))}"; style=rounded; color="#3b6ea5";')
        for step in flow.steps.get(stage, ()):
            shape = "diamond" if step == flow.decision else "box"
            lines.append(f'    {_q(step)} [label="{_esc(flow.label(step))}", shape={shape}, style=rounded];')
        lines.append("  }")
    order = {a for pair in flow.precedes for a in pair}
    position = {s: i for i, s in enumerate(s for stage in flow.stages for s in flow.steps.get(stage, ()))}
    for a, b in sorted(flow.precedes, key=lambda pair: position.get(pair[0], -1)):
        if a in stepped and b in stepped:
            lines.append(f"  {_q(a)} -> {_q(b)} [penwidth=1.6];")
    others = sorted({b for _, b in flow.depends_on if b not in stepped and b not in order}, key=flow.label)
    for term in others:
        lines.append(f'  {_q(term)} [label="{_esc(flow.label(term))}", shape=note];')
    for a, b in flow.depends_on:
        lines.append(f'  {_q(a)} -> {_q(b)} [style=dashed, color="#888888", constraint=false];')
    for outcome, target in flow.outcomes:
        lines.append(f'  {_q(outcome)} [label="{_esc(flow.label(outcome))}", shape=ellipse];')
        if flow.decision is not None:
            lines.append(f"  {_q(flow.decision)} -> {_q(outcome)};")
        if target is None:
            continue
        first = flow.steps.get(target, ())
        if first:  # the outcome leads to a stage: point at its box
            cluster = _q(f"cluster_{flow.stages.index(target) + 1}")
            lines.append(f"  {_q(outcome)} -> {_q(first[0])} [lhead={cluster}, constraint=false];")
        else:
            lines.append(f"  {_q(outcome)} -> {_q(target)} [constraint=false];")
    lines.append(
        '  legend [shape=plaintext, label="solid: precedes (Fig. 1)\\ldashed: depends on (Sections II-V)\\l"];'
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _pairs(tbox: Graph, prop: URIRef) -> list[tuple[URIRef, URIRef]]:
    return sorted((s, o) for s, o in tbox.subject_objects(prop) if isinstance(s, URIRef) and isinstance(o, URIRef))


def _subclasses(tbox: Graph, parent: URIRef) -> list[URIRef]:
    return sorted(c for c in tbox.subjects(RDFS.subClassOf, parent) if isinstance(c, URIRef))


def _stage_of(tbox: Graph, step: URIRef) -> URIRef | None:
    for restriction in tbox.objects(step, RDFS.subClassOf):
        if tbox.value(restriction, OWL.onProperty) == NAS.partOfStage:
            stage = tbox.value(restriction, OWL.someValuesFrom)
            if isinstance(stage, URIRef):
                return stage
    return None


def _has_outcome(tbox: Graph, cls: URIRef) -> bool:
    return any(tbox.value(r, OWL.onProperty) == NAS.hasOutcome for r in tbox.objects(cls, RDFS.subClassOf))


def _ordered(terms: list[URIRef], precedes: list[tuple[URIRef, URIRef]], tbox: Graph) -> list[URIRef]:
    """Order terms by the precedes relation among them (ties by label); a cycle is an error."""
    wanted = set(terms)
    before = {t: {a for a, b in precedes if b == t and a in wanted} for t in terms}
    out: list[URIRef] = []
    while len(out) < len(terms):
        ready = sorted((t for t in terms if t not in out and before[t] <= set(out)), key=lambda t: _label(tbox, t))
        if not ready:
            cycle = ", ".join(sorted(_label(tbox, t) for t in terms if t not in out))
            raise InputError(f"the design flow's nas:precedes order has a cycle among: {cycle}")
        out.append(ready[0])
    return out


def _label(tbox: Graph, term: URIRef) -> str:
    value = tbox.value(term, RDFS.label)
    return str(value) if value is not None else str(term).rsplit("/", 1)[-1]


def _q(term: object) -> str:
    return '"' + str(term).replace('"', "") + '"'


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
