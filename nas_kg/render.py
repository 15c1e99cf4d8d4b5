"""Render tables and records as text, CSV, TSV, Markdown, LaTeX or JSON strings (no printing here).

Text is for people: IRIs of the nas-kg namespaces are shown as CURIEs (``work:darts``), numbers with
at most three decimals, and with a ``width`` the table is fitted to it by wrapping its widest cells.
CSV and TSV keep full IRIs; numbers there have at most three decimals too and booleans are
``true``/``false``. JSON keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rdflib import Literal
from rdflib.term import Identifier

from nas_kg.namespaces import PREFIXES

TABLE_FORMATS = ("text", "csv", "tsv", "markdown", "latex", "json")
#: Decimals kept for scores and other fractions in text and CSV.
DECIMALS = 3
#: Namespaces shortened to CURIEs in text, longest first so that nas: does not take nasx: or work: IRIs.
_CURIES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda item: -len(item[0]))
_MIN_WIDTH = 8


def render(
    columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str, title: str = "", width: int | None = None
) -> str:
    """Render rows of plain values in one of TABLE_FORMATS (text fitted to `width` columns when given)."""
    if fmt == "json":
        return json.dumps([{c: row.get(c) for c in columns} for row in rows], indent=2, ensure_ascii=False) + "\n"
    text = fmt not in ("csv", "tsv")
    cells = [[_cell(row.get(c), curies=fmt == "text") for c in columns] for row in rows]
    if not text:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buf.getvalue()
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
    return _text_table(list(columns), cells, title, width)


def _text_table(columns: list[str], cells: list[list[str]], title: str, width: int | None) -> str:
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    if width is not None:
        widths = _fit(columns, cells, widths, width)
    lines = [title] if title else []
    lines += _lines([_wrap_header(c, w) for c, w in zip(columns, widths, strict=True)], widths)
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines += _lines([_wrap(value, w) for value, w in zip(row, widths, strict=True)], widths)
    return "\n".join(lines) + "\n"


def _lines(wrapped: list[list[str]], widths: list[int]) -> list[str]:
    """Lay out one row whose cells are wrapped onto several lines."""
    height = max((len(parts) for parts in wrapped), default=1)
    return [
        "  ".join(
            (parts[i] if i < len(parts) else "").ljust(w) for parts, w in zip(wrapped, widths, strict=True)
        ).rstrip()
        for i in range(height)
    ]


def _fit(columns: list[str], cells: list[list[str]], widths: list[int], width: int) -> list[int]:
    """Narrow the widest columns until the table fits the width. No column gets narrower than its longest
    word or header part (headers wrap after '_'), so words are never split: a table that cannot fit so
    runs over rather than becoming unreadable."""
    floor = []
    for i, name in enumerate(columns):
        words = [len(w) for row in cells for w in row[i].split()] + [len(p) for p in _header_parts(name)]
        floor.append(min(widths[i], max([_MIN_WIDTH, *words])))
    out = list(widths)
    budget = width - 2 * (len(columns) - 1)
    while sum(out) > budget:
        widest = max(range(len(out)), key=lambda i: (out[i] - floor[i], out[i]))
        if out[widest] <= floor[widest]:
            break
        out[widest] -= 1
    return out


def _header_parts(name: str) -> list[str]:
    parts = name.split("_")
    return [p + "_" for p in parts[:-1]] + parts[-1:]


def _wrap_header(name: str, width: int) -> list[str]:
    if len(name) <= width:
        return [name]
    lines: list[str] = []
    for part in _header_parts(name):
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return lines


def _wrap(value: str, width: int) -> list[str]:
    if len(value) <= width:
        return [value]
    return textwrap.wrap(value, width, break_on_hyphens=False, break_long_words=False) or [""]


def _cell(value: Any, curies: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal):
        return number(value)
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v, curies) for v in value)
    text = str(value)
    return curie(text) if curies else text


def number(value: float | Decimal) -> str:
    """Format a fraction with at most DECIMALS decimals ('0.806', '0.75', '3')."""
    if value != value or value in (float("inf"), float("-inf")):  # NaN and infinities as Python spells them
        return str(value)
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def curie(text: str) -> str:
    """Shorten an IRI of a known namespace to a CURIE (work:darts); return anything else unchanged."""
    for ns, prefix in _CURIES:
        if text.startswith(ns) and len(text) > len(ns):
            local = text[len(ns) :]
            if all(ch.isalnum() or ch in "-_." for ch in local):
                return f"{prefix}:{local}"
    return text


def term_value(term: Identifier | None) -> Any:
    """Turn an RDF term into the value render() shows: numbers and booleans typed, IRIs and text as str."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | Decimal):
            return value
        return str(term)
    return str(term)


_LATEX = {"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}", "~": "\\~{}"}


def _latex(text: str) -> str:
    out = text.replace("\\", "\\textbackslash{}")
    for char, escaped in _LATEX.items():
        out = out.replace(char, escaped)
    return out
