"""Build the bundled works files from their YAML records, and keep RDF files in canonical form.

python -m nas_kg.build            # rebuild ontology/works/*.ttl from ontology/works/src/*.yaml
python -m nas_kg.build --check    # exit 1 if a file is not what the build would write
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from nas_kg import resources, serialize
from nas_kg.errors import NasKgError, RecordError
from nas_kg.records import DEFAULT_SOURCE, build_graph, parse_records
from nas_kg.terms import Vocabulary


def tbox_graph() -> Graph:
    """Parse the bundled ontology files into one rdflib graph."""
    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def canonical_turtle(graph: Graph) -> str:
    """Serialise a graph in the one stable, sorted Turtle form the repository keeps (nas_kg.serialize)."""
    return serialize.turtle(graph).decode("utf-8")


def build_works_file(yaml_path: Path, vocab: Vocabulary) -> str:
    """Build the canonical Turtle of one YAML records file; raise RecordError listing every problem."""
    source, records = parse_records(yaml_path.read_text(encoding="utf-8"), str(yaml_path))
    built = build_graph(records, source or DEFAULT_SOURCE, vocab)
    if built.problems:
        raise RecordError(built.problems)
    return canonical_turtle(built.graph)


def expected_files(include_hierarchy: bool = True) -> dict[Path, str]:
    """Return every generated file with the text the build writes into it."""
    vocab = Vocabulary.from_graph(tbox_graph())
    out = {}
    for src in sorted(resources.works_sources_dir().glob("*.yaml")):
        out[resources.ontology_dir() / "works" / f"{src.stem}.ttl"] = build_works_file(src, vocab)
    for path in resources.ontology_files():
        out[path] = canonical_turtle(Graph().parse(path, format="turtle"))
    if include_hierarchy:
        from nas_kg.reasoning import compute_hierarchy

        out[resources.hierarchy_file()] = canonical_turtle(compute_hierarchy(tbox_graph()))
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
