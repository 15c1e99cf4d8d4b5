"""Issue 17's measurements: data shaped like real use, timed against pyoxigraph loading the same files.

- ``paired``: a whole command and its reference run in turn (A, B, A, B, ...), so both see the same
  load on a shared machine; medians of each.
- ``report_vs_load``: ``nas-kg report --data FILE`` against pyoxigraph alone loading the files it loads.
- ``user_file``: a records file written from the README template (``benchmarks.userfile``): ``nas-kg add``
  and ``nas-kg validate --data`` against the bundled graph's own ``nas-kg validate``.
- ``targets``: issue 17's targets against the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.harness import run_process

#: Issue 17's targets: ratios to the load (wall time), memory, and the 100,000-method limits.
RATIO_LIMITS = {"report": 3.0, "validate": 1.5, "reason:owlrl": 1.0}
REPORT_RSS_MB_10K = 2048
REPORT_S_100K, REPORT_RSS_MB_100K = 600.0, 12 * 1024
USER_LIMITS = {"add": 4.0, "validate --data": 2.5}


def load_average() -> list[float] | None:
    """Return the 1, 5 and 15 minute load averages of the machine (others' work included)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def paired(commands: dict[str, list[str]], repeats: int, limit: float) -> dict[str, dict[str, Any]]:
    """Run commands in turn, ``repeats`` rounds; return each one's median wall and CPU time and peak RSS."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            runs[name].append(run_process(cmd, limit))
    out = {}
    for name, results in runs.items():
        if any(r["timeout"] for r in results):
            out[name] = {"status": "timeout", "limit": limit}
            continue
        out[name] = {
            "status": "ok" if all(r["exit"] in (0, 1) for r in results) else "error",
            "exit": results[0]["exit"],
            "seconds": statistics.median(r["seconds"] for r in results),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results),
            "runs": len(results),
            "command": " ".join(commands[name][1:]),
        }
    return out


def report_vs_load(exe: str, data: Path, repeats: int, limit: float, work: Path) -> dict[str, Any]:
    """Time ``nas-kg report --data FILE`` and pyoxigraph loading the same files, in turn."""
    oxload = [sys.executable, "-m", "benchmarks.pipelines", "oxload", "--data", str(data)]
    oxload += ["--out", str(work / "oxload.json")]
    timed = paired({"report": [exe, "report", "--data", str(data)], "oxload": oxload}, repeats, limit)
    try:  # what pyoxigraph loaded: ontology, bundled works and the data file
        timed["oxload"]["quads"] = json.loads((work / "oxload.json").read_text(encoding="utf-8"))["quads"]
    except (OSError, ValueError, KeyError):
        pass
    return {**timed, "ratio": _ratio(timed["report"], timed["oxload"]), "cpu_ratio": _cpu(timed, "report")}


def _ratio(step: dict[str, Any] | None, reference: dict[str, Any] | None) -> float | None:
    if not step or not reference or step.get("status") != "ok" or reference.get("status") != "ok":
        return None
    return step["seconds"] / reference["seconds"] if reference["seconds"] else None


def _cpu(timed: dict[str, Any], name: str) -> float | None:
    step, ref = timed.get(name), timed.get("oxload")
    if not step or not ref or step.get("status") != "ok" or ref.get("status") != "ok":
        return None
    return step["cpu_seconds"] / ref["cpu_seconds"] if ref["cpu_seconds"] else None


def step_ratios(steps: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Return validate and reason (wall and CPU) as multiples of the in-process pyoxigraph load."""
    ref = steps.get("oxload", {})
    out = {}
    for name in ("load", "validate", "reason:owlrl"):
        step = steps.get(name, {})
        if step.get("status") == "ok" and ref.get("status") == "ok":
            out[name] = {
                "wall": step["seconds"] / ref["seconds"],
                "cpu": step["cpu_seconds"] / ref["cpu_seconds"] if ref.get("cpu_seconds") else None,
            }
    return out


def user_file(exe: str, methods: int, repeats: int, limit: float, seed: int) -> dict[str, Any]:
    """Time add and validate --data of a records file against the bundled graph's validate."""
    from benchmarks.userfile import write

    folder = Path(tempfile.mkdtemp(prefix="nas-kg-userfile-"))
    records = write(methods, folder / "records.yaml", seed)
    works = folder / "works.ttl"
    add = [exe, "add", str(records), "--into", str(works)]
    runs: dict[str, list[dict[str, Any]]] = {"validate": [], "add": [], "validate --data": []}
    for _ in range(repeats):  # in turn: add needs a fresh works file each time
        works.unlink(missing_ok=True)
        runs["validate"].append(run_process([exe, "validate"], limit))
        runs["add"].append(run_process(add, limit))
        runs["validate --data"].append(run_process([exe, "validate", "--data", str(works)], limit))
    out: dict[str, Any] = {"methods": methods, "records_bytes": records.stat().st_size}
    out["works_bytes"] = works.stat().st_size if works.exists() else None
    for name, results in runs.items():
        out[name] = {
            "status": "ok" if all(r["exit"] == 0 for r in results) else "error",
            "seconds": statistics.median(r["seconds"] for r in results),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results),
            "runs": len(results),
        }
    proc = run_process([exe, "validate", "--data", str(works), "--format", "json", "--quiet"], limit)
    out["validate_exit"] = proc["exit"]
    base = out["validate"]
    for name in USER_LIMITS:
        out[name]["ratio"] = out[name]["seconds"] / base["seconds"] if base["seconds"] else None
        out[name]["cpu_ratio"] = out[name]["cpu_seconds"] / base["cpu_seconds"] if base["cpu_seconds"] else None
    return out


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Check issue 17's targets against the measured figures."""
    out: list[dict[str, Any]] = []

    def add(target: str, value: Any, limit: str, met: bool | None, note: str = "") -> None:
        out.append({"target": target, "measured": value, "limit": limit, "met": met, "note": note})

    evidence = results.get("runs", {}).get("evidence", {})
    r10 = evidence.get("10000")
    if r10:
        rep = r10.get("report", {})
        ratio, cpu = rep.get("ratio"), rep.get("cpu_ratio")
        add(
            "10,000 evidence-bearing: nas-kg report / pyoxigraph load (whole processes)",
            _x(ratio),
            f"<= {RATIO_LIMITS['report']:.0f}x",
            None if ratio is None else ratio <= RATIO_LIMITS["report"],
            f"CPU time ratio {_x(cpu)}; report {_s(rep)}, load {_s(r10.get('oxload_process'))}",
        )
        rss = rep.get("rss_mb")
        met = None if rss is None else rss <= REPORT_RSS_MB_10K
        add("10,000 evidence-bearing: nas-kg report peak RSS", f"{rss} MB", "<= 2 GB", met)
        ratios = r10.get("ratios", {})
        for step in ("validate", "reason:owlrl"):
            r = ratios.get(step, {})
            add(
                f"10,000 evidence-bearing: {step} step / pyoxigraph load",
                _x(r.get("wall")),
                f"<= {RATIO_LIMITS[step]:g}x",
                None if r.get("wall") is None else r["wall"] <= RATIO_LIMITS[step],
                f"CPU time ratio {_x(r.get('cpu'))}",
            )
    r100 = evidence.get("100000")
    if r100:
        rep = r100.get("report", {})
        secs, rss = rep.get("seconds"), rep.get("rss_mb")
        add("100,000 evidence-bearing: nas-kg report time", _s(rep), "<= 10 min", None if secs is None else secs <= 600)
        met = None if rss is None else rss <= REPORT_RSS_MB_100K
        add("100,000 evidence-bearing: nas-kg report memory", f"{rss} MB", "<= 12 GB", met)
    user = results.get("user_file")
    if user:
        for name, limit in USER_LIMITS.items():
            ratio = user[name].get("ratio")
            add(
                f"{user['methods']}-method user file: nas-kg {name} / bundled nas-kg validate",
                _x(ratio),
                f"<= {limit:g}x",
                None if ratio is None else ratio <= limit,
                f"CPU time ratio {_x(user[name].get('cpu_ratio'))}; {_s(user[name])} vs {_s(user['validate'])}",
            )
    return out


def _x(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _s(step: dict[str, Any] | None) -> str:
    if not step or step.get("status") not in ("ok", "error") or step.get("seconds") is None:
        return str((step or {}).get("status", "n/a"))
    return f"{step['seconds']:.2f} s"
