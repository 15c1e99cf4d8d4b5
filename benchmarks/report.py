"""Render benchmark results as Markdown."""

from __future__ import annotations

from typing import Any


def _s(step: dict[str, Any] | None) -> str:
    if not step:
        return "-"
    status = step.get("status")
    if status == "ok":
        v = step["seconds"]
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    if status == "timeout":
        return f"timeout (> {step.get('limit', 0):.0f})"
    if status == "skipped":
        return "skipped"
    return str(status)


def _base(step: dict[str, Any]) -> str:
    b = step.get("baseline")
    if b is None:
        return "-"
    if isinstance(b, float):
        return f"{b:.3f}" if b < 10 else f"{b:.1f}"
    return str(b)


def _ratio(step: dict[str, Any]) -> str:
    r = step.get("speedup")
    if r is None:
        return "-"
    if isinstance(r, str):
        return f"{r}x"
    return f"{r:.1f}x" if r < 100 else f"{r:.0f}x"


def _extra(step: dict[str, Any]) -> str:
    for key in ("rows", "memberships", "violations", "bytes"):
        if key in step:
            return f"{key} {step[key]:,}" if isinstance(step[key], int) else f"{key} {step[key]}"
    return step.get("reason", "") if step.get("status") == "skipped" else ""


def size_table(n: str, entry: dict[str, Any]) -> list[str]:
    """Return the Markdown table of one size."""
    steps = entry["engine"]
    base = entry.get("baseline", {}).get("steps", {})
    lines = [
        f"### {int(n):,} methods ({entry.get('triples') or 0:,} triples with the ontology; data file "
        f"{entry['bytes'] / 1e6:.1f} MB)",
        "",
        "| step | nas-kg (s, median) | naive baseline (s) | speed-up | result | nas-kg peak RSS so far (MB) |",
        "|---|---:|---:|---:|---|---:|",
    ]
    gaps = {k: v for k, v in steps.items() if k.startswith("gaps:")}
    for name, step in steps.items():
        if name.startswith("gaps:"):
            continue
        lines.append(
            f"| {name} | {_s(step)} | {_base(step)} | {_ratio(step)} | {_extra(step)} | {step.get('rss_mb', '-')} |"
        )
    if gaps:
        ok = [v["seconds"] for v in gaps.values() if v.get("status") == "ok"]
        bok = [v["seconds"] for k, v in base.items() if k.startswith("gaps:") and v.get("status") == "ok"]
        worst = max(gaps.items(), key=lambda kv: kv[1].get("seconds", float("inf")))
        b_all = len(bok) == len(gaps)
        lines.append(
            f"| gaps, {len(gaps)} core facet pairs: slowest ({worst[0][5:]}) | {_s(worst[1])} | {_base(worst[1])} | "
            f"{_ratio(worst[1])} | rows {worst[1].get('rows', '-')} | |"
        )
        total, btotal = sum(ok), sum(bok)
        ratio = f"{btotal / total:.1f}x" if total and b_all else "-"
        base_txt = f"{btotal:.2f}" if b_all else "incomplete"
        lines.append(f"| gaps, {len(gaps)} pairs: total | {total:.3f} | {base_txt} | {ratio} | | |")
    rep = entry.get("report", {})
    exit_txt, rss_txt = rep.get("exit", "-"), rep.get("rss_mb", "-")
    lines.append(f"| **nas-kg report** (whole process) | {_s(rep)} | | | exit {exit_txt} | {rss_txt} |")
    pipe = entry.get("pipeline")
    if pipe:
        sp = pipe["speedup"]
        sp_txt = f"{sp}x" if isinstance(sp, str) else f"{sp:.1f}x"
        cells = f"{pipe['nas_kg_s']:.2f} | {pipe['baseline_s']:.1f} | **{sp_txt}** | {pipe['note']}"
        lines.append(f"| **whole pipeline** | {cells} | |")
    lines.append("")
    lines.append(
        f"Peak memory (whole process): nas-kg pipeline {entry.get('engine_peak_rss_mb')} MB, HermiT pipeline "
        f"{entry.get('hermit_peak_rss_mb', '-')} MB (Python side), "
        f"naive baseline {entry.get('baseline_peak_rss_mb')} MB, "
        f"`nas-kg report` {rep.get('rss_mb', '-')} MB."
    )
    skipped = {k: v["reason"] for k, v in base.items() if v.get("status") == "skipped"}
    if skipped:
        lines.append("")
        lines.append(
            "Baseline steps skipped (would obviously exceed the limit): "
            + "; ".join(f"{k} ({v})" for k, v in skipped.items())
        )
    lines.append("")
    return lines


def markdown(results: dict[str, Any]) -> str:
    """Return the whole results document."""
    m = results["machine"]
    st = results["settings"]
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    lines = [
        f"# nas-kg benchmark, {results['date']}",
        "",
        f"Machine: {m['nproc']} CPUs ({m.get('cpu')}), {m['ram_gb']} GB RAM, Python {m['python']}, {m['platform']}; "
        f"Java: {m.get('java')}.",
        f"Packages: {pk}. Commit: {m.get('commit') or '?'}{' (with uncommitted changes)' if m.get('dirty') else ''}.",
        "",
        f"Graphs: synthetic, seed {st['seed']}, {'with' if st['claims'] else 'without'} nas:Claim provenance nodes. "
        f"Short steps: median of up to {st['repeats']} runs. Time limit per step: {st['timeout_s']:.0f} s. "
        f"Speed-up = naive baseline time / nas-kg time. Whole pipeline = {st['pipeline']}.",
        "",
    ]
    cli = results.get("cli", {})
    if cli:
        lines += [
            "| command (whole process, bundled graph) | median (s) | peak RSS (MB) |",
            "|---|---:|---:|",
        ]
        for name, r in cli.items():
            lines.append(f"| `nas-kg {name}` | {_s(r)} | {r.get('rss_mb', '-')} |")
        lines.append("")
    for n, entry in results["sizes"].items():
        lines += size_table(n, entry)
    if results.get("targets"):
        lines += ["## Issue 7 targets", "", "| target | measured | limit | met |", "|---|---|---|---|"]
        for t in results["targets"]:
            met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
            note = f" ({t['note']})" if t.get("note") else ""
            lines.append(f"| {t['target']} | {t['measured']}{note} | {t['limit']} | {met} |")
        lines.append("")
    lines += ["## Query parameters", "", "| query | parameters |", "|---|---|"]
    for name, params in st["query_params"].items():
        lines.append(f"| {name} | {', '.join(f'{k}={v}' for k, v in params.items()) or '(none)'} |")
    lines.append("")
    return "\n".join(lines)
