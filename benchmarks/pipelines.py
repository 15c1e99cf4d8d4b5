"""The pipelines the harness times, each run in its own process so that peak memory is its own.

``python -m benchmarks.pipelines engine   --data FILE --out OUT.json``  nas-kg: pyoxigraph store, reasonable, ...
``python -m benchmarks.pipelines hermit   --data FILE --out OUT.json``  nas-kg with HermiT (Java)
``python -m benchmarks.pipelines oxload   --data FILE --out OUT.json``  pyoxigraph alone loading what
    ``nas-kg report --data FILE`` loads (the reference of issue 17's whole-process ratio)
``python -m benchmarks.pipelines baseline --data FILE --out OUT.json --queries BOUND.json``
    the naive stack: rdflib Graph + pyshacl + owlrl + the same SPARQL text on rdflib

Every step is timed with ``time.perf_counter``; short steps (first run under ``--quick`` seconds) are
repeated ``--repeats`` times and the median kept. A step that runs longer than ``--timeout`` seconds is
interrupted by SIGALRM and recorded as "timeout" (rdflib, pyshacl and owlrl are pure Python, so the
alarm interrupts them). ``rss_mb`` after each step is the process's peak resident memory so far.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import signal
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class StepTimeoutError(Exception):
    """A step ran past its time limit."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise StepTimeoutError


def peak_mb() -> float:
    """Return this process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Recorder:
    """Time steps and collect their results as JSON-ready dicts."""

    def __init__(self, repeats: int, timeout: float, quick: float, skip: dict[str, str] | None = None) -> None:
        self.repeats = repeats
        self.timeout = timeout
        self.quick = quick
        self.skip = skip or {}
        self.steps: dict[str, dict[str, Any]] = {}

    def run(
        self, name: str, fn: Callable[[], Any], *, repeats: int | None = None, info: Callable[[Any], Any] | None = None
    ) -> Any:
        """Time fn; repeat it while it is quick; record the median, the first run and the peak memory."""
        if name in self.skip:
            self.steps[name] = {"status": "skipped", "reason": self.skip[name]}
            _progress(name, "skipped")
            return None
        times: list[float] = []
        cpu: list[float] = []
        result: Any = None
        signal.signal(signal.SIGALRM, _alarm)
        try:
            for i in range(repeats or self.repeats):
                gc.collect()
                signal.setitimer(signal.ITIMER_REAL, self.timeout)
                start, start_cpu = time.perf_counter(), time.process_time()
                try:
                    result = fn()
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                if i == 0 and times[0] >= self.quick:
                    break
        except StepTimeoutError:
            self.steps[name] = {"status": "timeout", "limit": self.timeout, "rss_mb": round(peak_mb(), 1)}
            _progress(name, f"timeout (> {self.timeout:.0f} s)")
            return None
        except Exception as exc:  # a failing step is a result too, not the end of the run
            self.steps[name] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:500]}
            traceback.print_exc()
            _progress(name, f"error {type(exc).__name__}")
            return None
        entry: dict[str, Any] = {
            "status": "ok",
            "seconds": statistics.median(times),
            "cpu_seconds": statistics.median(cpu),
            "first": times[0],
            "runs": len(times),
            "rss_mb": round(peak_mb(), 1),
        }
        if info is not None:
            entry.update(info(result))
        self.steps[name] = entry
        _progress(name, f"{entry['seconds']:.3f} s (x{len(times)})")
        return result


def _progress(name: str, text: str) -> None:
    print(f"    {name:<40} {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- nas-kg
def engine(args: argparse.Namespace) -> dict[str, Any]:
    """Time the nas-kg pipeline: load, index, validate, reason, every canned query, similar, gaps, export."""
    from benchmarks.workload import FACET_PAIRS, METHOD, QUERY_PARAMS, bound_text, query_names
    from nas_kg.analysis import gaps, similar
    from nas_kg.graph import KnowledgeGraph
    from nas_kg.reasoning import reason
    from nas_kg.validation import validate

    rec = Recorder(args.repeats, args.timeout, args.quick)
    data = [args.data]
    # The reference of issue 17's ratios: pyoxigraph alone loading the same files as `load` below.
    rec.run("oxload", lambda: oxigraph_load(_engine_files(args.data)))
    rec.run("load", lambda: KnowledgeGraph.load(data, bundled_works=False))
    kg = KnowledgeGraph.load(data, bundled_works=False)
    out: dict[str, Any] = {"triples": len(kg.store)}  # type: ignore[arg-type]
    # The name index and vocabulary every command builds once (cached on the graph afterwards).
    rec.run("index", lambda: KnowledgeGraph.load(data, bundled_works=False).method_index, repeats=1)
    out["methods"] = len(kg.method_index)
    _ = kg.vocabulary
    rec.run(
        "validate", lambda: validate(kg), info=lambda r: {"violations": len(r.violations), "warnings": len(r.warnings)}
    )
    rec.run(
        "reason:owlrl",
        lambda: reason(kg, "owlrl"),
        info=lambda r: {"memberships": sum(len(c) for c in r.categories.values())},
    )
    bound: dict[str, str] = {}
    for name in query_names():
        bound[name] = bound_text(kg, name)
        params = QUERY_PARAMS[name]
        rec.run(f"query:{name}", lambda n=name, p=params: kg.query(n, **p), info=lambda r: {"rows": len(r.rows)})
    rec.run("similar", lambda: similar(kg, METHOD, k=5), info=lambda r: {"rows": len(r)})
    for f1, f2 in FACET_PAIRS:
        rec.run(f"gaps:{f1}x{f2}", lambda a=f1, b=f2: gaps(kg, a, b), info=lambda r: {"rows": len(r)})
    rec.run("export:turtle", lambda: kg.serialize("turtle"), info=lambda r: {"bytes": len(r)})
    out["bound_queries"] = bound
    out["steps"] = rec.steps
    return out


def _engine_files(data: str) -> list[Path]:
    from nas_kg import resources

    return [*resources.ontology_files(), Path(data)]


def oxigraph_load(files: list[Path]) -> Any:
    """Load files into a pyoxigraph store, one named graph each, as nas-kg's embedded store does."""
    import pyoxigraph as ox

    from nas_kg.stores.embedded import FORMATS

    store = ox.Store()
    for path in files:
        store.bulk_load(path=str(path), format=FORMATS[path.suffix], to_graph=ox.NamedNode(path.resolve().as_uri()))
    return store


def oxload(args: argparse.Namespace) -> dict[str, Any]:
    """Load with pyoxigraph alone the files `nas-kg report --data FILE` loads (the whole-process reference)."""
    from nas_kg import resources

    start = time.perf_counter()
    store = oxigraph_load([*resources.ontology_files(), *resources.works_files(), Path(args.data)])
    return {"seconds": time.perf_counter() - start, "quads": len(store)}


def hermit(args: argparse.Namespace) -> dict[str, Any]:
    """Time nas-kg's HermiT path (owlready2 + Java) on its own, so its memory is counted apart."""
    from nas_kg.graph import KnowledgeGraph
    from nas_kg.reasoning import reason

    rec = Recorder(1, args.timeout, args.quick)
    kg = KnowledgeGraph.load([args.data], bundled_works=False)
    rec.run(
        "reason:hermit",
        lambda: reason(kg, "hermit"),
        repeats=1,
        info=lambda r: {"memberships": sum(len(c) for c in r.categories.values())},
    )
    return {"steps": rec.steps}


# ---------------------------------------------------------------------------------------------- naive baseline
def baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Time the naive stack on the same files and the same query text: rdflib, pyshacl, owlrl."""
    import owlrl
    import pyshacl
    from rdflib import Graph

    from benchmarks.workload import FACET_PAIRS
    from nas_kg import resources
    from nas_kg.validation import shapes_graph

    bound: dict[str, str] = json.loads(Path(args.queries).read_text(encoding="utf-8"))
    skip = json.loads(args.skip) if args.skip else {}
    rec = Recorder(args.repeats, args.timeout, args.quick, skip)
    files = [*resources.ontology_files(), Path(args.data)]

    def parse() -> Graph:
        graph = Graph()
        for path in files:
            graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
        return graph

    graph = rec.run("load", parse, repeats=1)
    if graph is None:
        return {"steps": rec.steps}
    out: dict[str, Any] = {"triples": len(graph)}
    shapes = shapes_graph()
    rec.run(
        "validate",
        lambda: pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True),
        repeats=1,
        info=lambda r: {"conforms": bool(r[0])},
    )

    def closure() -> int:
        work = Graph()
        for triple in graph:
            work.add(triple)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
        return len(work)

    rec.run("reason:owlrl", closure, repeats=1, info=lambda n: {"triples_after": n})
    for name, text in sorted(bound.items()):
        rec.run(f"query:{name}", lambda t=text: list(graph.query(t)), info=lambda r: {"rows": len(r)})
    # Naive similarity: the similar-methods.rq SPARQL itself (already timed above as a query).
    if "query:similar-methods" in rec.steps:
        rec.steps["similar"] = dict(rec.steps["query:similar-methods"], note="similar-methods.rq on rdflib")
    from nas_kg.model import FACETS
    from nas_kg.queries import catalogue
    from nas_kg.sparql import inject_values

    gap_text = catalogue()["gap-matrix"].text
    for f1, f2 in FACET_PAIRS:
        text = inject_values(gap_text, {"facet1": FACETS[f1].prop, "facet2": FACETS[f2].prop})
        rec.run(f"gaps:{f1}x{f2}", lambda t=text: list(graph.query(t)), info=lambda r: {"rows": len(r)})
    rec.run("export:turtle", lambda: graph.serialize(format="turtle"), repeats=1, info=lambda r: {"bytes": len(r)})
    out["steps"] = rec.steps
    return out


def main(argv: list[str] | None = None) -> None:
    """Run one pipeline and write its JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipelines")
    parser.add_argument("which", choices=["engine", "hermit", "baseline", "oxload"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--queries", help="JSON of bound query texts (baseline)")
    parser.add_argument("--skip", help="JSON {step: reason} of steps not to run (baseline)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--quick", type=float, default=2.0, help="repeat steps whose first run is shorter")
    args = parser.parse_args(argv)
    result = {"engine": engine, "hermit": hermit, "baseline": baseline, "oxload": oxload}[args.which](args)
    result["peak_rss_mb"] = round(peak_mb(), 1)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
