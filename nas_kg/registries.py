"""The choices the library offers, in one place: the CLI's option choices are built from these."""

from __future__ import annotations

#: Reasoners: the fast OWL 2 RL path, the general RL engines, and the DL reasoners (Java).
REASONERS: tuple[str, ...] = ("auto", "hermit", "pellet", "owlrl", "reasonable", "owlrl-python")
#: SHACL engines: the native fast path, the pyshacl reference, or the native one where it can.
SHACL_ENGINES: tuple[str, ...] = ("auto", "native", "pyshacl")
#: Whole-graph export formats and the suffix each writes.
EXPORT_SUFFIXES: dict[str, str] = {"turtle": ".ttl", "nt": ".nt", "xml": ".owl", "json-ld": ".jsonld"}
#: Formats of tabular results.
TABLE_FORMATS: tuple[str, ...] = ("text", "csv", "markdown", "latex", "json")
ROW_FORMATS: tuple[str, ...] = ("text", "csv", "json")
QUERY_FORMATS: tuple[str, ...] = ("table", "csv", "json", "tsv")
#: Formats of a validation report.
REPORT_FORMATS: tuple[str, ...] = ("text", "json", "turtle")
#: The seed paper's two tables.
SEED_TABLES: tuple[str, ...] = ("manual", "automatic")
#: Metrics of reported results (skos:notation of the evidence module's metrics).
RESULT_METRICS: tuple[str, ...] = (
    "top1_error", "top1_accuracy", "top5_error", "top5_accuracy", "params", "flops", "latency",
    "search_cost", "perplexity", "map", "miou", "bleu", "energy",
)  # fmt: skip
#: What a Pareto front plots error against.
PARETO_AXES: tuple[str, ...] = ("search_cost", "params")
#: Relations between methods, in the order `lineage` reports counts.
LINEAGE_RELATIONS: tuple[str, ...] = ("extends", "improves_on", "compares_against", "reuses_search_space_of")
LINEAGE_FORMATS: tuple[str, ...] = ("text", "csv", "json", "dot")
#: Formats of an ad-hoc SPARQL answer: rows (SELECT, ASK) and graphs (CONSTRUCT, DESCRIBE).
SPARQL_ROW_FORMATS: tuple[str, ...] = ("text", "csv", "tsv", "json")
SPARQL_GRAPH_FORMATS: tuple[str, ...] = ("turtle", "nt", "json-ld")
#: File suffixes that name a SPARQL output format when --format is not given.
SPARQL_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".json": "json",
    ".srj": "json",
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
}
#: The pictures `nas-kg diagram` draws.
DIAGRAM_VIEWS: tuple[str, ...] = ("taxonomy", "flow")
