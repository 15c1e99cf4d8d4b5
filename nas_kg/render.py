"""Render tables and records as text, CSV, TSV, Markdown, LaTeX or JSON strings (no printing here)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

TABLE_FORMATS = ("text", "csv", "tsv", "markdown", "latex", "json")


def render(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str, title: str = "") -> str:
    """Render rows of plain values in one of TABLE_FORMATS."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        lines = [f"**{title}**", ""] if title else []
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "|".join("---" for _ in columns) + "|")
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    if fmt == "latex":
        lines = ["\\begin{table}", "\\centering"]
        if title:
            lines.append(f"\\caption{{{_latex(title)}}}")
        lines.append("\\begin{tabular}{" + "l" * len(columns) + "}")
        lines.append("\\hline")
        lines.append(" & ".join(_latex(c) for c in columns) + " \\\\")
        lines.append("\\hline")
        lines += [" & ".join(_latex(c) for c in row) + " \\\\" for row in cells]
        lines += ["\\hline", "\\end{tabular}", "\\end{table}"]
        return "\n".join(lines) + "\n"
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = [title] if title else []
    lines.append("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


_LATEX = {"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\~{}"}


def _latex(text: str) -> str:
    out = text.replace("\\", "\\textbackslash{}")
    for char, escaped in _LATEX.items():
        out = out.replace(char, escaped)
    return out
