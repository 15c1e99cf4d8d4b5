"""Pictures: a gap heatmap and a coverage chart (matplotlib), and the taxonomy as Graphviz DOT."""

from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from nas_kg.errors import EnvironmentMissingError, InputError
from nas_kg.namespaces import NAS

PLOT_SUFFIXES = {".png": "png", ".svg": "svg"}


def check_plot_target(path: Path) -> None:
    """Check, before anything is computed, that a plot can be written to a path and drawn at all."""
    from nas_kg.graph import check_target

    if path.suffix not in PLOT_SUFFIXES:
        raise InputError(f"{path}: a plot is written as .png or .svg, not {path.suffix or 'a file without suffix'}")
    check_target(path)
    if importlib.util.find_spec("matplotlib") is None:
        raise EnvironmentMissingError("plots need matplotlib: pip install matplotlib")


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise EnvironmentMissingError("plots need matplotlib: pip install matplotlib") from exc
    return plt


def _save(fig: Any, suffix: str) -> bytes:
    if suffix not in PLOT_SUFFIXES:
        raise InputError(f"a plot is written as .png or .svg, not {suffix or 'no suffix'}")
    buf = io.BytesIO()
    # no dates and a fixed id salt: the same data gives the same bytes on every run
    metadata = {"Date": None} if suffix == ".svg" else {"Software": None}
    with _pyplot().rc_context({"svg.hashsalt": "nas-kg"}):
        fig.savefig(buf, format=PLOT_SUFFIXES[suffix], bbox_inches="tight", dpi=150, metadata=metadata)
    _pyplot().close(fig)
    return buf.getvalue()


def gap_heatmap(cells: Sequence[Any], facets: Sequence[str], suffix: str) -> bytes:
    """Draw the gap matrix of two facets: methods per pair of values, gaps (0) left pale."""
    plt = _pyplot()
    rows = sorted({c.labels[0] for c in cells}, key=str.casefold)
    cols = sorted({c.labels[1] for c in cells}, key=str.casefold)
    grid = [[0] * len(cols) for _ in rows]
    for c in cells:
        grid[rows.index(c.labels[0])][cols.index(c.labels[1])] = c.methods
    fig, ax = plt.subplots(figsize=(max(6, 0.55 * len(cols) + 3), max(4, 0.45 * len(rows) + 2)))
    image = ax.imshow(grid, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(cols)), labels=cols, rotation=60, ha="right")
    ax.set_yticks(range(len(rows)), labels=rows)
    ax.set_xlabel(facets[1])
    ax.set_ylabel(facets[0])
    ax.set_title(f"NAS methods per {facets[0]} x {facets[1]} (0 = unexplored)")
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value else "#bbbbbb", fontsize=7)
    fig.colorbar(image, ax=ax, label="methods")
    return _save(fig, suffix)


def pareto_scatter(points: Sequence[Any], dataset: str, axis: str, suffix: str) -> bytes:
    """Draw error against search cost or parameters, every point labelled, the Pareto front joined."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 6))
    rest = [p for p in points if not p.on_front]
    front = sorted((p for p in points if p.on_front), key=lambda p: p.x)
    ax.scatter([float(p.x) for p in rest], [float(p.error) for p in rest], color="#8a9bb0", s=18, label="methods")
    ax.plot([float(p.x) for p in front], [float(p.error) for p in front], "o-", color="#b00020", label="Pareto front")
    for p in points:
        ax.annotate(p.method, (float(p.x), float(p.error)), fontsize=6, xytext=(3, 2), textcoords="offset points")
    if axis == "search_cost":
        ax.set_xscale("symlog", linthresh=0.1)
        ax.set_xlabel("search cost (GPU-days, smallest reported)")
    else:
        ax.set_xlabel("parameters (millions, smallest reported)")
    ax.set_ylabel(f"top-1 error on {dataset} (%; accuracy counts as 100 - accuracy)")
    ax.set_title(f"Reported results on {dataset}: error against {axis.replace('_', ' ')}")
    ax.legend()
    return _save(fig, suffix)


def coverage_chart(rows: Sequence[Any], suffix: str) -> bytes:
    """Draw one horizontal bar chart per facet of how many methods use each value."""
    plt = _pyplot()
    facets = list(dict.fromkeys(r.facet for r in rows))
    fig, axes = plt.subplots(len(facets), 1, figsize=(8, max(3, 0.28 * len(rows) + len(facets))), squeeze=False)
    for ax, facet in zip(axes[:, 0], facets, strict=True):
        mine = [r for r in rows if r.facet == facet]
        ax.barh([r.label for r in mine], [r.methods for r in mine], color="#3b6ea5")
        ax.invert_yaxis()
        ax.set_title(facet, fontsize=9)
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    return _save(fig, suffix)


def taxonomy_dot(tbox: Graph) -> str:
    """Return the taxonomy as Graphviz DOT: stages, steps, facet classes and their category values."""

    def label(term: Any) -> str:
        text = str(tbox.value(term, RDFS.label) or str(term).rsplit("/", 1)[-1])
        return text.replace("\\", "\\\\").replace('"', '\\"')

    def node_id(term: Any) -> str:
        return '"' + str(term).replace('"', "") + '"'

    lines = ["digraph nas_kg {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];']
    roots = {NAS.Stage, NAS.Step, NAS.Facet}
    classes = {c for c in tbox.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and str(c).startswith(str(NAS))}
    wanted = {c for c in classes if c in roots or _reaches(tbox, c, roots)}
    for cls in sorted(wanted, key=str):
        lines.append(f'  {node_id(cls)} [label="{label(cls)}", shape=box, style=rounded];')
        for sup in sorted((o for o in tbox.objects(cls, RDFS.subClassOf) if o in wanted), key=str):
            lines.append(f"  {node_id(cls)} -> {node_id(sup)} [arrowhead=empty];")
    # category values of the seed model (datasets are many and not part of the model's structure)
    for value in sorted(tbox.subjects(RDF.type, OWL.NamedIndividual), key=str):
        types = [t for t in tbox.objects(value, RDF.type) if t in wanted and t not in (NAS.Facet, NAS.Dataset)]
        if not types or not str(value).startswith(str(NAS)) or str(value).startswith(str(NAS) + "ext/"):
            continue
        most_specific = [t for t in types if not any(t != o and _reaches(tbox, o, {t}) for o in types)]
        lines.append(f'  {node_id(value)} [label="{label(value)}", shape=ellipse];')
        for t in sorted(most_specific, key=str):
            lines.append(f"  {node_id(value)} -> {node_id(t)} [style=dashed];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _reaches(tbox: Graph, cls: Any, targets: set[Any]) -> bool:
    seen, todo = set(), [cls]
    while todo:
        current = todo.pop()
        for sup in tbox.objects(current, RDFS.subClassOf):
            if sup in targets:
                return True
            if sup not in seen and isinstance(sup, URIRef):
                seen.add(sup)
                todo.append(sup)
    return False


def render_dot(dot: str, suffix: str) -> bytes:
    """Render DOT with Graphviz's dot program; raise EnvironmentMissingError where it is missing."""
    if suffix not in PLOT_SUFFIXES:
        raise InputError(f"a diagram is written as .dot, .svg or .png, not {suffix or 'no suffix'}")
    program = shutil.which("dot")
    if program is None:
        raise EnvironmentMissingError("rendering needs Graphviz's 'dot' program; write a .dot file instead")
    done = subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, f"-T{PLOT_SUFFIXES[suffix]}"], input=dot.encode(), capture_output=True, check=False, timeout=120
    )
    if done.returncode != 0:
        raise InputError(f"dot failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout
