"""The package's layers and its static import graph (imports inside functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = (
    "reasoning", "validation", "fastshacl", "analysis", "comparisons", "overview", "records",
    "evidence", "curation", "endpoints", "plots", "publish", "flow", "local_endpoint", "adhoc",
    "storeshacl", "shaclexpr", "shapes",
)  # fmt: skip
#: Layers, lowest first: a module may import only from its own layer or below.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        (
            "errors",
            "namespaces",
            "model",
            "resources",
            "registries",
            "version",
            "names",
            "quiet",
            "progress",
            "yamlio",
            "jvm",
            "served",
            "collector",
            "kept",
        ),
    ),
    (
        "rdf",
        (
            "terms",
            "sparql",
            "queries",
            "classexpr",
            "rdfio",
            "render",
            "serialize",
            "triples",
            "canonical",
            "canonical_xml",
            "fileio",
            "imports",
            "axioms",
            "shaclvalues",
        ),
    ),
    ("store", ("stores",)),
    ("graph", ("graph",)),
    ("services", SERVICES),
    ("api", ("api", "__init__")),
    ("cli", ("cli",)),
    ("tools", ("build",)),
)


def layer_of(module: str) -> int | None:
    """Return the layer index of a module name like nas_kg.reasoning.facts (None if unassigned)."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    for index, (_, names) in enumerate(LAYERS):
        if head in names:
            return index
    return None


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for path in root.rglob("*.py"):
        rel = path.relative_to(root.parent).with_suffix("")
        out[".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)] = path
    return out


def import_graph(root: Path) -> dict[str, set[str]]:
    """Return module -> the package modules it imports, anywhere in its body."""
    mods = _modules(root)
    pkg = root.name
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.split(".")[0] == pkg]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = name.split(".")
                    keep = len(parts) - node.level + (1 if path.name == "__init__.py" else 0)
                    base = ".".join(parts[:keep] + ([base] if base else []))
                if base.split(".")[0] == pkg:
                    targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
            edges[name] |= {t for t in targets if t in mods and t != name}
    return edges


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles (strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def upward_edges(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Return the imports that point to a higher layer."""
    return sorted((a, b) for a, targets in graph.items() for b in targets if (layer_of(b) or 0) > (layer_of(a) or 0))


def long_modules(root: Path, limit: int) -> list[tuple[str, int]]:
    """Return the modules longer than limit lines."""
    out = []
    for name, path in _modules(root).items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            out.append((name, lines))
    return sorted(out)
