"""Run the benchmark: generate graphs, time nas-kg and the naive baseline per size, write JSON and Markdown."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.generate import SHAPES, empirical_model, generate
from benchmarks.workload import FACET_PAIRS, QUERY_PARAMS, query_names

HERE = Path(__file__).resolve().parent
PACKAGES = ("nas-kg", "pyoxigraph", "rdflib", "pyshacl", "owlrl", "reasonable", "owlready2", "click", "numpy")

#: Issue 7's targets at 10,000 methods (seconds): step prefix -> limit; "max" over steps sharing the prefix.
TARGETS_10K = {
    "report": 10.0,
    "query:": 0.2,
    "similar": 0.1,
    "gaps:": 0.5,
    "reason:owlrl": 3.0,
    "validate": 4.0,
}
#: The steps of "the whole pipeline" compared with the baseline.
PIPELINE = ("load", "validate", "reason:owlrl", "query:", "similar", "gaps:", "export:turtle")


# ---------------------------------------------------------------------------------------------- processes
def run_process(cmd: list[str], limit: float, log: Path | None = None) -> dict[str, Any]:
    """Run a command; return its wall time, CPU time, exit code and peak memory (of that command alone).

    The command runs under ``benchmarks.rss``, a small process that times it, so that its peak memory
    is not inflated by this harness's own (see that module).
    """
    import tempfile

    fd, report = tempfile.mkstemp(prefix="nas-kg-bench-", suffix=".json")
    os.close(fd)
    wrapped = [sys.executable, "-m", "benchmarks.rss", report, *cmd]
    start = time.perf_counter()
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(  # noqa: S603
        wrapped, stdout=subprocess.DEVNULL if log is None else out, stderr=out, start_new_session=True
    )
    killer = threading.Timer(limit, lambda: os.killpg(proc.pid, signal.SIGKILL))
    killer.start()
    try:
        status = proc.wait()
    finally:
        killer.cancel()
        if log:
            out.close()  # type: ignore[union-attr]
    seconds = time.perf_counter() - start
    try:
        measured = json.loads(Path(report).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        measured = {}
    Path(report).unlink(missing_ok=True)
    timed_out = seconds >= limit and status < 0
    return {
        "seconds": measured.get("seconds", seconds),
        "cpu_seconds": measured.get("cpu_seconds", 0.0),
        "exit": measured.get("exit", status),
        "rss_mb": measured.get("rss_mb", 0.0),
        "timeout": timed_out,
    }


def whole_process(cmd: list[str], repeats: int, limit: float) -> dict[str, Any]:
    """Time a whole command repeatedly; keep the median time and the largest peak memory."""
    runs = [run_process(cmd, limit) for _ in range(repeats)]
    if any(r["timeout"] for r in runs):
        return {"status": "timeout", "limit": limit, "command": " ".join(cmd[1:])}
    failed = [r for r in runs if r["exit"] != 0]
    return {
        "status": "ok" if not failed else "error",
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "runs": len(runs),
        "rss_mb": max(r["rss_mb"] for r in runs),
        "exit": runs[0]["exit"],
        "command": " ".join(["nas-kg", *cmd[1:]]),
    }


def pipeline(which: str, data: Path, out: Path, args: argparse.Namespace, extra: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """Run one pipeline in its own process and read its JSON."""
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.pipelines",
        which,
        "--data",
        str(data),
        "--out",
        str(out),
        "--repeats",
        str(args.repeats),
        "--timeout",
        str(args.timeout),
        *extra,
    ]
    print(f"  [{which}]", file=sys.stderr, flush=True)
    proc = run_process(cmd, limit=args.timeout * 12 + 600, log=out.with_suffix(".log"))
    if not out.exists() or proc["exit"] != 0:
        return {"status": "error", "exit": proc["exit"], "log": str(out.with_suffix(".log")), "steps": {}}
    result = json.loads(out.read_text(encoding="utf-8"))
    result["process"] = proc
    return result


def nas_kg_exe() -> str:
    """Return the nas-kg console script of this interpreter's environment."""
    exe = Path(sys.executable).with_name("nas-kg")
    return str(exe) if exe.exists() else (shutil.which("nas-kg") or "nas-kg")


# ---------------------------------------------------------------------------------------------- machine
def machine() -> dict[str, Any]:
    """Describe the machine and the package versions."""
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for pkg in PACKAGES:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    java = shutil.which("java")
    java_version = None
    if java:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)  # noqa: S603
        java_version = (proc.stderr or proc.stdout).splitlines()[0] if (proc.stderr or proc.stdout) else None
    return {
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": ram,
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "java": java_version,
        "packages": versions,
        "commit": _git("rev-parse", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def _git(*args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    proc = subprocess.run([git, "-C", str(HERE.parent), *args], capture_output=True, text=True, check=False)  # noqa: S603
    return proc.stdout.strip() if proc.returncode == 0 else None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------------------------- analysis
def _seconds(step: dict[str, Any] | None) -> float | None:
    return step.get("seconds") if step and step.get("status") == "ok" else None


def ratios(engine: dict[str, Any], base: dict[str, Any]) -> None:
    """Add to every engine step the baseline's time and the speed-up (baseline / nas-kg)."""
    for name, step in engine.items():
        other = base.get(name)
        mine = _seconds(step)
        if other is None:
            continue
        theirs = _seconds(other)
        step["baseline"] = theirs if theirs is not None else other.get("status")
        if theirs is not None and mine:
            step["speedup"] = theirs / mine
        elif other.get("status") == "timeout" and mine:
            step["speedup"] = f">{other['limit'] / mine:.0f}"


def pipeline_total(steps: dict[str, Any], timeout: float) -> tuple[float, bool]:
    """Sum the pipeline's steps; a timed-out step counts as its limit (so the total is a lower bound)."""
    total, lower_bound = 0.0, False
    for name, step in steps.items():
        if not name.startswith(PIPELINE) or name.startswith("query:similar"):
            continue
        if step.get("status") == "ok":
            total += step["seconds"]
        elif step.get("status") in ("timeout", "skipped"):
            total += timeout
            lower_bound = True
    return total, lower_bound


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Check issue 7's targets against the measured figures."""
    out: list[dict[str, Any]] = []
    by_n = {int(n): r for n, r in results["sizes"].items()}

    def add(target: str, value: Any, limit: str, met: bool | None, note: str = "") -> None:
        out.append({"target": target, "measured": value, "limit": limit, "met": met, "note": note})

    r10 = by_n.get(10000)
    if r10:
        steps = r10["engine"]
        rep = r10.get("report", {})
        add("10,000: nas-kg report (whole process)", _fmt_s(rep), "< 10 s", _lt(rep, 10.0))
        for prefix, limit in (("query:", 0.2), ("gaps:", 0.5)):
            worst = max(
                ((n, s) for n, s in steps.items() if n.startswith(prefix)),
                key=lambda p: _seconds(p[1]) if _seconds(p[1]) is not None else float("inf"),
            )
            slow = [n for n, s in steps.items() if n.startswith(prefix) and not _lt(s, limit)]
            label = "every canned query" if prefix == "query:" else "gaps on any core facet pair"
            add(
                f"10,000: {label}",
                f"max {_fmt_s(worst[1])} ({worst[0]})",
                f"< {limit} s",
                not slow,
                f"{len(slow)} over: {', '.join(slow)}" if slow else "",
            )
        for name, label, limit in (
            ("similar", "similar", 0.1),
            ("reason:owlrl", "reasoning (owlrl)", 3.0),
            ("validate", "validation", 4.0),
        ):
            add(f"10,000: {label}", _fmt_s(steps.get(name)), f"< {limit} s", _lt(steps.get(name), limit))
        ratio = r10.get("pipeline", {}).get("speedup")
        add(
            "10,000: whole pipeline vs naive baseline",
            ratio,
            ">= 10x",
            None if ratio is None else float(str(ratio).lstrip(">")) >= 10,
            r10.get("pipeline", {}).get("note", ""),
        )
    r100 = by_n.get(100000)
    if r100:
        rep = r100.get("report", {})
        add("100,000: nas-kg report time", _fmt_s(rep), "< 120 s", _lt(rep, 120.0))
        rss = rep.get("rss_mb")
        add(
            "100,000: nas-kg report memory",
            f"{rss} MB" if rss else rep.get("status"),
            "< 3 GB",
            None if rss is None else rss < 3072,
        )
    cli = results["cli"]
    add("nas-kg --help", _fmt_s(cli["help"]), "< 0.3 s", _lt(cli["help"], 0.3))
    add(
        "nas-kg table automatic (bundled graph)",
        _fmt_s(cli["table automatic"]),
        "< 1.5 s",
        _lt(cli["table automatic"], 1.5),
    )
    return out


def _lt(step: dict[str, Any] | None, limit: float) -> bool | None:
    value = _seconds(step)
    if value is None:
        return False if step and step.get("status") == "timeout" else None
    return value < limit


def _fmt_s(step: dict[str, Any] | None) -> str:
    if not step:
        return "n/a"
    value = _seconds(step)
    return f"{value:.3f} s" if value is not None else str(step.get("status"))


# ---------------------------------------------------------------------------------------------- run
def baseline_skips(n: int, previous: dict[int, dict[str, Any]], timeout: float) -> dict[str, str]:
    """Skip baseline steps that the previous, 10x smaller size shows would obviously exceed the limit."""
    smaller = [m for m in previous if m < n]
    if not smaller:
        return {}
    m = max(smaller)
    factor = n / m
    skips = {}
    for name, step in previous[m]["baseline"].get("steps", {}).items():
        if name == "load":
            continue
        if step.get("status") in ("timeout", "skipped"):
            skips[name] = f"{step['status']} at {m:,} methods"
        elif step.get("status") == "ok" and step["seconds"] * factor > timeout:
            skips[name] = (
                f"{step['seconds']:.1f} s at {m:,} methods, ~{step['seconds'] * factor:.0f} s extrapolated (linear)"
            )
    return skips


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run every shape and size (and the user-file benchmark) and return the results."""
    from benchmarks import realuse

    out = Path(args.out)
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    work = out / "raw"
    work.mkdir(parents=True, exist_ok=True)
    exe = nas_kg_exe()
    results: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": {"start": realuse.load_average()},
        "settings": {
            "seed": args.seed,
            "shapes": args.shapes,
            "claims": args.claims,
            "repeats": args.repeats,
            "timeout_s": args.timeout,
            "query_params": QUERY_PARAMS,
            "facet_pairs": len(FACET_PAIRS),
            "pipeline": "load + validate + reason:owlrl + every canned query once + similar + gaps on all "
            "core facet pairs + export:turtle",
        },
        "runs": {},
    }
    query_names()  # every canned query has parameters listed
    print("CLI start-up", file=sys.stderr, flush=True)
    results["cli"] = {
        "help": whole_process([exe, "--help"], max(args.repeats, 5), 60),
        "table automatic": whole_process([exe, "table", "automatic"], max(args.repeats, 5), 120),
    }
    model = empirical_model(args.smoothing)
    for shape in args.shapes:
        previous: dict[int, dict[str, Any]] = {}
        results["runs"][shape] = {}
        for n in args.sizes:
            print(f"{shape}, N = {n:,}", file=sys.stderr, flush=True)
            entry = _size(args, exe, shape, n, model, data_dir, work, previous)
            results["runs"][shape][str(n)] = entry
            previous[n] = entry
            _save(results, out, args)  # keep what is measured even if a later size fails
    if args.user_file:
        print(f"user file of {args.user_file} methods", file=sys.stderr, flush=True)
        results["user_file"] = realuse.user_file(exe, args.user_file, max(args.repeats, 3), args.timeout, args.seed)
    results["load_average"]["end"] = realuse.load_average()
    if "lean" in results["runs"]:
        results["targets"] = targets({"sizes": results["runs"]["lean"], "cli": results["cli"]})
    results["targets_17"] = realuse.targets(results)
    _save(results, out, args)
    return results


def _size(
    args: argparse.Namespace,
    exe: str,
    shape: str,
    n: int,
    model: Any,
    data_dir: Path,
    work: Path,
    previous: dict[int, dict[str, Any]],
) -> dict[str, Any]:
    """Measure one shape at one size: the engine pipeline, HermiT and the baseline (lean), the report."""
    from benchmarks import realuse

    suffix = "-claims" if args.claims and shape == "lean" else "" if shape == "lean" else f"-{shape}"
    data = data_dir / f"synthetic-{n}-seed{args.seed}{suffix}.nt"
    start = time.perf_counter()
    if not data.exists():
        generate(n, data, seed=args.seed, claims=args.claims and shape == "lean", model=model, shape=shape)
    entry: dict[str, Any] = {"data": str(data), "bytes": data.stat().st_size, "generate_s": time.perf_counter() - start}
    tag = f"{n}{suffix}"
    if args.report_only:  # 100,000 methods: the whole report against the load, nothing else
        timed = realuse.report_vs_load(exe, data, 1, args.timeout * 4, work)
        entry["report"] = {**timed["report"], "ratio": timed["ratio"], "cpu_ratio": timed["cpu_ratio"]}
        entry["oxload_process"] = timed["oxload"]
        entry.update(engine={}, ratios={}, baseline={"steps": {}, "status": "not run"})
        entry["triples"] = timed["oxload"].get("quads")  # with the bundled works here
        return entry
    eng = pipeline("engine", data, work / f"engine-{tag}.json", args)
    entry["triples"] = eng.get("triples")
    lean = shape == "lean"
    if lean and args.hermit and shutil.which("java") and n <= 10000:
        her = pipeline("hermit", data, work / f"hermit-{tag}.json", args)
        eng["steps"].update(her.get("steps", {}))
        entry["hermit_peak_rss_mb"] = her.get("peak_rss_mb")
    else:
        reason = "no Java" if not shutil.which("java") else "--no-hermit" if not args.hermit else "not run"
        eng["steps"]["reason:hermit"] = {"status": "skipped", "reason": reason if lean else "lean shape only"}
    bound = work / f"bound-{tag}.json"
    bound.write_text(json.dumps(eng.get("bound_queries", {}), indent=1), encoding="utf-8")
    run_baseline = args.baseline and lean
    skips = baseline_skips(n, previous, args.timeout) if run_baseline else {}
    if run_baseline:
        base = pipeline(
            "baseline",
            data,
            work / f"baseline-{tag}.json",
            args,
            ["--queries", str(bound), "--skip", json.dumps(skips)],
        )
    else:
        base = {"steps": {}, "status": "not run"}
    print("  [report, and pyoxigraph loading the same files, in turn]", file=sys.stderr, flush=True)
    timed = realuse.report_vs_load(exe, data, 1 if n > 10000 else args.repeats, args.timeout * 4, work)
    entry["report"] = {**timed["report"], "ratio": timed["ratio"], "cpu_ratio": timed["cpu_ratio"]}
    entry["oxload_process"] = timed["oxload"]
    entry["engine"] = eng.get("steps", {})
    entry["ratios"] = realuse.step_ratios(entry["engine"])
    entry["engine_peak_rss_mb"] = eng.get("peak_rss_mb")
    entry["baseline"] = base
    entry["baseline_peak_rss_mb"] = base.get("peak_rss_mb")
    ratios(entry["engine"], base.get("steps", {}))
    mine, _ = pipeline_total(entry["engine"], args.timeout)
    theirs, lower = pipeline_total(base.get("steps", {}), args.timeout)
    if base.get("steps"):
        entry["pipeline"] = {
            "nas_kg_s": mine,
            "baseline_s": theirs,
            "speedup": (f">{theirs / mine:.1f}" if lower else theirs / mine) if mine else None,
            "note": "baseline total is a lower bound (timed-out/skipped steps counted at the limit)" if lower else "",
        }
    return entry


def _save(results: dict[str, Any], out: Path, args: argparse.Namespace) -> None:
    from benchmarks.report import markdown

    stem = args.name or f"results-{dt.date.today().isoformat()}{'-claims' if args.claims else ''}"
    slim = json.loads(json.dumps(results))
    for sizes in slim["runs"].values():
        for entry in sizes.values():
            entry.get("baseline", {}).pop("bound_queries", None)
    (out / f"{stem}.json").write_text(json.dumps(slim, indent=1, default=str), encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown(slim), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="nas-kg benchmarks (issue 7)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--shapes",
        nargs="+",
        choices=SHAPES,
        default=list(SHAPES),
        help="lean (facet values only) and/or evidence (shaped like the curated works)",
    )
    parser.add_argument("--claims", action="store_true", help="lean shape: add a bare nas:Claim per facet value")
    parser.add_argument(
        "--user-file", type=int, default=300, metavar="N", help="methods in the user-file benchmark (0: skip it)"
    )
    parser.add_argument("--smoothing", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each short step (median kept)")
    parser.add_argument("--timeout", type=float, default=300.0, help="time limit per step, seconds")
    parser.add_argument("--no-hermit", dest="hermit", action="store_false", help="skip HermiT")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the naive baseline")
    parser.add_argument("--name", help="file stem of the results (default results-<date>)")
    parser.add_argument(
        "--report-only", action="store_true", help="time only nas-kg report against the load (for 100,000 methods)"
    )
    args = parser.parse_args(argv)
    args.sizes = sorted(args.sizes)
    results = run(args)
    print(Path(args.out) / "(results written)", file=sys.stderr)
    for t in [*results.get("targets", []), *results.get("targets_17", [])]:
        mark = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
        print(f"{mark:>7}  {t['target']}: {t['measured']} (target {t['limit']}) {t['note']}")
