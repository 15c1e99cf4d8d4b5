"""Locate the bundled ontology, shapes and queries: the only module that knows where they live.

In a source checkout or an editable install the folders sit at the repository root, next to the
package; in a wheel they are installed inside the package as ``nas_kg/_data/`` (see pyproject).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("ontology", "shapes", "queries")


@cache
def data_root() -> Path:
    """Return the folder that holds ontology/, shapes/ and queries/."""
    for root in (_PACKAGE / "_data", _PACKAGE.parent):
        if all((root / name).is_dir() for name in _FOLDERS):
            return root
    raise FileNotFoundError(f"nas-kg resources not found next to {_PACKAGE}")


def ontology_dir() -> Path:
    """Return the bundled ontology folder."""
    return data_root() / "ontology"


def core_ontology() -> Path:
    """Return the core TBox file."""
    return ontology_dir() / "nas.ttl"


def extension_ontology() -> Path:
    """Return the extension module file."""
    return ontology_dir() / "nas-ext.ttl"


def evidence_ontology() -> Path:
    """Return the evidence module file (reported results, lineage, code repositories)."""
    return ontology_dir() / "nas-evidence.ttl"


def ontology_files() -> list[Path]:
    """Return the TBox files: the core ontology, then the extension and evidence modules."""
    return [p for p in (core_ontology(), extension_ontology(), evidence_ontology()) if p.exists()]


def works_files() -> list[Path]:
    """Return the bundled works files (the ABox), one per source, sorted by name."""
    return sorted((ontology_dir() / "works").glob("*.ttl"))


def works_sources_dir() -> Path:
    """Return the folder of the curated YAML records the works files are built from."""
    return ontology_dir() / "works" / "src"


def hierarchy_file() -> Path:
    """Return the precomputed class hierarchy used by the fast OWL 2 RL path."""
    return ontology_dir() / "inferred" / "hierarchy.ttl"


def shapes_files() -> list[Path]:
    """Return the SHACL shapes files, sorted by name."""
    return sorted((data_root() / "shapes").glob("*.ttl"))


def queries_dir() -> Path:
    """Return the canned query folder."""
    return data_root() / "queries"


def query_files() -> list[Path]:
    """Return the canned queries (not the checks), sorted by name."""
    return sorted(queries_dir().glob("*.rq"))


def check_files() -> list[Path]:
    """Return the quality-check queries, sorted by name."""
    return sorted((queries_dir() / "checks").glob("*-violation.rq"))


def is_bundled(path: Path) -> bool:
    """Tell whether a path lies inside the bundled resources (never written at run time)."""
    resolved = path.resolve()
    return any(resolved.is_relative_to(data_root() / name) for name in _FOLDERS) or resolved.is_relative_to(_PACKAGE)
