"""Build the bundled works files from their YAML records, and keep RDF files in canonical form.

python -m nas_kg.build            # rebuild ontology/works/*.ttl from ontology/works/src/*.yaml
python -m nas_kg.build --check    # exit 1 if a file is not what the build would write
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from nas_kg import resources
from nas_kg.errors import NasKgError, RecordError
from nas_kg.evidence import EvidenceVocabulary, build_evidence, read_document
from nas_kg.rdfio import canonical_turtle, tbox_graph
from nas_kg.reasoning import compute_hierarchy
from nas_kg.records import DEFAULT_SOURCE, build_graph, parse_records
from nas_kg.terms import Vocabulary
from nas_kg.yamlio import load_yaml

COMMAND = "python -m nas_kg.build"


def header(source: str) -> str:
    """Return the comment that opens a generated file: what it was built from, by which command."""
    return f"# Generated from {source} by `{COMMAND}`; do not edit: edit the source and rebuild.\n"


def build_works_file(yaml_path: Path, vocab: Vocabulary) -> str:
    """Build the canonical Turtle of one YAML records file; raise RecordError listing every problem."""
    source, records = parse_records(yaml_path.read_text(encoding="utf-8"), str(yaml_path))
    built = build_graph(records, source or DEFAULT_SOURCE, vocab)
    if built.problems:
        raise RecordError(built.problems)
    return canonical_turtle(built.graph)


def build_evidence_file(yaml_path: Path, terms: EvidenceVocabulary, methods: set[str]) -> str:
    """Build the canonical Turtle of one evidence file (results, edges or repositories)."""
    kind, items = read_document(yaml_path.read_text(encoding="utf-8"), str(yaml_path))
    graph, problems = build_evidence(kind, items, terms, methods)
    if problems:
        raise RecordError([f"{yaml_path.name}: {p}" for p in problems])
    return canonical_turtle(graph)


def _is_methods_file(path: Path) -> bool:
    data = load_yaml(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "methods" in data


def expected_files(include_hierarchy: bool = True) -> dict[Path, str]:
    """Return every generated file with the text the build writes into it."""
    tbox = tbox_graph()
    vocab = Vocabulary.from_graph(tbox)
    out = {}
    sources = sorted(resources.works_sources_dir().glob("*.yaml"))
    methods_files = [p for p in sources if _is_methods_file(p)]
    methods: set[str] = set()
    for src in methods_files:
        methods |= {r.id for r in parse_records(src.read_text(encoding="utf-8"), str(src))[1]}
    terms = EvidenceVocabulary.from_graph(tbox, vocab)
    for src in sources:
        target = resources.ontology_dir() / "works" / f"{src.stem}.ttl"
        body = build_works_file(src, vocab) if src in methods_files else build_evidence_file(src, terms, methods)
        out[target] = header(f"ontology/works/src/{src.name}") + body
    for path in resources.ontology_files():
        out[path] = canonical_turtle(Graph().parse(path, format="turtle"))
    if include_hierarchy:
        hierarchy = canonical_turtle(compute_hierarchy(tbox))
        out[resources.hierarchy_file()] = header("the bundled ontology, classified by HermiT,") + hierarchy
    return out


def main(argv: list[str] | None = None) -> int:
    """Rebuild (or with --check, compare) the generated and canonical files."""
    parser = argparse.ArgumentParser(prog="python -m nas_kg.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--no-hierarchy", action="store_true", help="skip the HermiT class hierarchy (no Java)")
    args = parser.parse_args(argv)
    try:
        expected = expected_files(include_hierarchy=not args.no_hierarchy)
    except NasKgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    stale = []
    for path, text in expected.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(("stale: " if args.check else "wrote: ") + str(path))
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
