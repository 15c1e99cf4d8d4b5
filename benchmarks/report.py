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


def size_table(n: str, entry: dict[str, Any], shape: str = "lean") -> list[str]:
    """Return the Markdown table of one size."""
    steps = entry["engine"]
    base = entry.get("baseline", {}).get("steps", {})
    lines = [
        f"### {shape}, {int(n):,} methods ({entry.get('triples') or 0:,} triples with the ontology; data file "
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
    ox = entry.get("oxload_process")
    if ox:
        ratio = rep.get("ratio")
        note = f"report = {ratio:.2f}x this" if ratio else ""
        lines.append(
            f"| pyoxigraph loading the same files (whole process, in turn with report) | {_s(ox)} | | | {note} | "
            f"{ox.get('rss_mb', '-')} |"
        )
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
    ratios = entry.get("ratios", {})
    if ratios:
        parts = [
            f"{name} {r['wall']:.2f}x (CPU {r['cpu']:.2f}x)" if r.get("cpu") else f"{name} {r['wall']:.2f}x"
            for name, r in ratios.items()
        ]
        lines.append("")
        lines.append(
            "Steps as multiples of pyoxigraph loading the same files in the same process: " + "; ".join(parts) + "."
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
        f"Graphs: synthetic, seed {st['seed']}, shapes {', '.join(st.get('shapes', ['lean']))} (lean: facet values "
        f"only{', with bare claims' if st['claims'] else ''}; evidence: shaped like the curated works). "
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
    load = results.get("load_average") or {}
    if load:
        lines += [
            f"Machine load (1, 5, 15 min averages, other users included): {load.get('start')} at the start, "
            f"{load.get('end')} at the end. Ratios to the pyoxigraph load are measured in turn with it, so they "
            "hold better than absolute times on a shared machine; CPU-time ratios are given beside them.",
            "",
        ]
    for shape, sizes in results.get("runs", {"lean": results.get("sizes", {})}).items():
        for n, entry in sizes.items():
            lines += size_table(n, entry, shape)
    user = results.get("user_file")
    if user:
        lines += [
            f"### A {user['methods']}-method records file written from the README template",
            "",
            "| command (whole process) | median (s) | CPU (s) | / bundled validate | peak RSS (MB) |",
            "|---|---:|---:|---:|---:|",
        ]
        for name in ("validate", "add", "validate --data"):
            r = user[name]
            ratio = f"{r['ratio']:.2f}x" if r.get("ratio") else "1x"
            cmd = "nas-kg validate (bundled graph)" if name == "validate" else f"nas-kg {name}"
            lines.append(f"| `{cmd}` | {_s(r)} | {r['cpu_seconds']:.2f} | {ratio} | {r['rss_mb']} |")
        lines.append("")
    if results.get("targets_17"):
        lines += ["## Issue 17 targets", "", "| target | measured | limit | met |", "|---|---|---|---|"]
        for t in results["targets_17"]:
            met = {True: "yes", False: "**no**", None: "n/a"}[t["met"]]
            note = f" ({t['note']})" if t.get("note") else ""
            lines.append(f"| {t['target']} | {t['measured']}{note} | {t['limit']} | {met} |")
        lines.append("")
    if results.get("targets"):
        lines += ["## Issue 7 targets (lean shape)", "", "| target | measured | limit | met |", "|---|---|---|---|"]
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
