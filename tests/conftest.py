"""Shared fixtures: the bundled graph, the seed-only graph, one tiny user works file, and reasoning results.

Expensive results several test files assert on (each reasoner's run over the bundled and the seed graph)
are session fixtures, computed at most once per pytest-xdist worker; the tests that use them carry an
``xdist_group`` mark (run with ``--dist loadgroup``, set in pyproject.toml) so that one worker computes them.
"""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

import nas_kg
from nas_kg.graph import KnowledgeGraph
from nas_kg.publish.release import Release, build_release
from nas_kg.rdfio import tbox_graph
from nas_kg.reasoning import ReasoningResult, reason
from nas_kg.records import build_graph, parse_records
from nas_kg.terms import Vocabulary
from tests import tiers

# A test process holds the bundled graph several times over (stores, rdflib graphs, reasoner results):
# with CPython's default thresholds (700, 10, 10) its full collections, each a walk over every object,
# took 12 s of the 64 s of CPU of the everyday tier. Fewer, larger collections: 4 s.
gc.set_threshold(50_000, 20, 100)

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


#: The xdist groups, longest first as a full run measured them (a group missing here fails the run: add it
#: where it belongs). Seconds on the project's 2-core machine: release 42, differential-stores 41, endpoint 18,
#: fast-paths 14, differential-shacl 10, bundled-reasoning 7, docs 7, bundled-qc 6, report 4, probes-hermit 3.
GROUP_ORDER = [
    "release",
    "differential-stores",
    "endpoint",
    "fast-paths",
    "differential-shacl",
    "bundled-reasoning",
    "docs",
    "bundled-qc",
    "report",
    "probes-hermit",
    "seed-reasoning",
]


_MEASURED_SLOW = tiers.listed()


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests a measured full run found slow (tests/slow-tests.txt, see tests/tiers.py)."""
    if item.nodeid in _MEASURED_SLOW:
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each test marked xdist_group its group as nodeid suffix, as pytest-xdist's --dist loadgroup expects.

    pytest-xdist 3.8 appends the suffix by setting ``item._nodeid``, which pytest 9 no longer reads (the
    id lives in ``item._id``): without this, loadgroup spreads a group over both workers.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    group: dict[str, str] = {}
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark is None:
            continue
        group[item.nodeid] = str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
    # the scheduler hands out work in collection order (--no-loadscope-reorder: by default it orders groups by
    # their number of tests): the long groups first, then the ungrouped tests one by one, those of modules
    # with tests listed slow first, so that the run ends on quick tests on both workers (it ended on
    # test_validation's three slowest, 4 s after the other worker). A module's tests stay together: its
    # module fixtures are set up once per worker.
    slow_in_module = Counter(nodeid.split("::", 1)[0] for nodeid in _MEASURED_SLOW)

    def order(item: pytest.Item) -> tuple[int, int]:
        if item.nodeid in group:
            return GROUP_ORDER.index(group[item.nodeid]), 0
        return len(GROUP_ORDER), -slow_in_module[item.nodeid.split("::", 1)[0]]

    items.sort(key=order)
    for item in items:
        if item.nodeid not in group or "@" in item.nodeid.rpartition("]")[2]:
            continue  # ungrouped, or pytest-xdist already added the suffix
        grouped = f"{item.nodeid}@{group[item.nodeid]}"
        if hasattr(item, "_id"):
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(grouped)
        else:
            setattr(item, "_nodeid", grouped)  # noqa: B010 - the attribute older pytest reads


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End a pytest-xdist worker whose reports are all sent without tearing its interpreter down.

    xdist sends ``workerfinished`` (the worker's last report) at session finish. What a worker does after
    it, pytest's closing garbage collection and the interpreter's teardown, walks and frees the heap its
    session fixtures built (millions of objects): 2-4 s at the end of every run with nothing to show,
    since the controller reads nothing from a worker after ``workerfinished``. The exit functions still
    run (a kept JVM is ended as in any process). Not in the controller, not in a run without xdist, and
    not where coverage is measured (its data is written at exit). The other plugins' unconfigure hooks do
    nothing in a worker that anyone reads: the terminal's summary goes nowhere, junitxml and pastebin
    are the controller's.
    """
    output = getattr(config, "workeroutput", None)
    if output is None or "exitstatus" not in output or "coverage" in sys.modules:
        return
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def java_available() -> bool:
    """Tell whether a Java runtime is on PATH."""
    return shutil.which("java") is not None


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary.from_graph(tbox_graph())


@pytest.fixture(scope="session")
def tiny_ttl(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    """The tiny fixture as a Turtle works file (built with the same code as the bundled works)."""
    return _works_file((FIXTURES / "tiny.yaml").read_text(), tmp_path_factory.mktemp("tiny") / "tiny.ttl", vocab)


def _works_file(yaml_text: str, path: Path, vocab: Vocabulary) -> Path:
    """Build a works file from YAML records, as the bundled works are built; fail on any problem."""
    source, records = parse_records(yaml_text, path.name)
    assert source is not None
    built = build_graph(records, source, vocab)
    assert built.problems == []
    built.graph.serialize(path, format="turtle")
    return path


@pytest.fixture(scope="session")
def kg() -> KnowledgeGraph:
    """The whole bundled graph."""
    return nas_kg.load()


@pytest.fixture(scope="session")
def seed_kg() -> KnowledgeGraph:
    """The seed paper's 15 works only."""
    return nas_kg.load(seed_only=True)


@pytest.fixture(scope="session")
def tiny_kg(tiny_ttl: Path) -> KnowledgeGraph:
    """The seed works plus the tiny fixture."""
    return nas_kg.load([tiny_ttl], seed_only=True)


class Lazy(dict):
    """Compute a value once per key, on first use (a skipped reasoner is never run)."""

    def __init__(self, make):
        super().__init__()
        self._make = make

    def __missing__(self, key):
        self[key] = self._make(key)
        return self[key]


#: The xdist group of tests that read `bundled_results`, of those that read `seed_results`, and of those
#: that read `nas-kg qc` of the bundled graph from `bundled_cli`.
BUNDLED_REASONING = pytest.mark.xdist_group("bundled-reasoning")
SEED_REASONING = pytest.mark.xdist_group("seed-reasoning")
BUNDLED_QC = pytest.mark.xdist_group("bundled-qc")


@pytest.fixture(scope="session")
def bundled_results(kg: KnowledgeGraph) -> dict[str, ReasoningResult]:
    """Each reasoner's result on the bundled graph, reasoned once per session on first use."""
    return Lazy(lambda name: reason(kg, name))


@pytest.fixture(scope="session")
def seed_results(seed_kg: KnowledgeGraph) -> dict[str, ReasoningResult]:
    """Each reasoner's result on the seed graph, reasoned once per session on first use."""
    return Lazy(lambda name: reason(seed_kg, name))


#: The xdist group of the tests that read `release` (tests/test_release.py and tests/test_compat.py).
RELEASE = pytest.mark.xdist_group("release")


@pytest.fixture(scope="session")
def release(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Release:
    """A release of the bundled graph, built once per session; the tests that read it never write into it."""
    return build_release(kg, tmp_path_factory.mktemp("release"))


#: The README's release and docs commands (its quickstart lines), which tests/test_cli_output.py runs: what they
#: write is what tests/test_release.py compares with `release` and tests/test_docs.py reads.
RELEASE_COMMAND = ("release", "-o", "dist/")
DOCS_COMMAND = ("docs", "-o", "site/")
#: The xdist group of the tests that read the docs site (tests/test_docs.py and the quickstart line).
DOCS = pytest.mark.xdist_group("docs")


def _run_in_own_folder(folder: Path, args: tuple[str, ...], umask: int | None = None) -> tuple[Result, Path]:
    """Run a CLI command in a folder of its own (its output path is relative); return its result and that path."""
    from nas_kg.cli import main

    old_umask, old_cwd = os.umask(umask) if umask is not None else None, Path.cwd()
    try:
        os.chdir(folder)
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old_cwd)
        if old_umask is not None:
            os.umask(old_umask)
    return result, folder / args[-1]


@pytest.fixture(scope="session")
def cli_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """`nas-kg release -o dist/` run once per session under umask 002 (`release` is built through the API under
    the default umask): the CLI's result and the folder it wrote."""
    return _run_in_own_folder(tmp_path_factory.mktemp("cli-release"), RELEASE_COMMAND, umask=0o002)


@pytest.fixture(scope="session")
def cli_docs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """`nas-kg docs -o site/` run once per session: the CLI's result and the folder it wrote."""
    return _run_in_own_folder(tmp_path_factory.mktemp("cli-docs"), DOCS_COMMAND)


#: rdflib's parser for each release file suffix.
RDFLIB_FORMATS = {".ttl": "turtle", ".owl": "xml", ".jsonld": "json-ld", ".nt": "nt"}


@pytest.fixture(scope="session")
def release_graphs(release: Release) -> dict[str, Graph]:
    """Each file of `release` (by its path in the release) as rdflib parses it, once per session on first use."""
    return Lazy(lambda name: Graph().parse(release.folder / name, format=RDFLIB_FORMATS[Path(name).suffix]))


@pytest.fixture(scope="session")
def bundled_cli() -> dict[tuple[str, ...], Result]:
    """The CLI's result for a command that reads only the bundled graph and writes nothing, run once per session.

    For a command two test files run alike (e.g. `nas-kg qc`); those tests share an xdist group.
    """
    from nas_kg.cli import main

    return Lazy(lambda args: CliRunner().invoke(main, list(args)))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def synthetic_records(n: int, seed: int = 7) -> dict:
    """Generate n valid method records (half manual, half automatic) from the vocabulary, reproducibly."""
    import random

    rng = random.Random(seed)
    manual = ["Cascade", "Skip-connecting", "Compact", "Bifurcate", "Ensemble"]
    automatic = ["Differentiable", "Reinforcement learning", "Evolutionary", "Random search"]
    pick = {
        "cost": ["Task error", "Inference latency", "Computation", "Parameters", "Energy", "Memory consumption"],
        "baseline_architecture": [
            "Super-network",
            "Directed acyclic graph",
            "Random architecture in search space",
            "Given architecture",
            "Module",
        ],
        "search_space": [
            "Hierarchical",
            "Repeating blocks",
            "Global search space",
            "Variable search space",
            "Hierarchical, fixed macro-architecture",
        ],
        "modification_level": ["Operator", "Cell", "Building block", "Sub-network", "Connection"],
        "modification_location": ["Global location", "Layer-wise", "Group-wise"],
        "dataset": ["CIFAR-10", "ImageNet", "CIFAR-100", "MNIST"],
    }
    methods = []
    for i in range(n):
        is_manual = i % 2 == 0
        facets = {k: rng.sample(v, rng.randint(1, 2) if k != "baseline_architecture" else 1) for k, v in pick.items()}
        facets["search_algorithm"] = rng.sample(manual if is_manual else automatic, rng.randint(1, 2))
        if not is_manual:
            facets["sampling_method"] = [rng.choice(["Path finding", "Softmax", "Thresholding", "No sampling"])]
        methods.append(
            {
                "id": f"syn-{i}",
                "label": f"Syn{i}",
                "title": f"Synthetic method {i}",
                "year": 2015 + i % 10,
                "arxiv": f"2{i // 10000:03d}.{i % 10000:05d}",
                "facets": facets,
            }
        )
    return {"source": {"id": "synthetic", "label": "Synthetic test methods"}, "methods": methods}


#: The size of the generated works file (synthetic_ttl).
SYNTHETIC_METHODS = 100
#: The categories of the ontology's defined classes that the generator reaches, every one of them.
SYNTHETIC_CATEGORIES = 13


@pytest.fixture(scope="session")
def synthetic_ttl(tmp_path_factory: pytest.TempPathFactory, vocab: Vocabulary) -> Path:
    """A generated works file of SYNTHETIC_METHODS methods, built like the bundled works.

    100 methods reach every category and facet value the generator can (49 category combinations; 300
    reached the same categories with more combinations, at twice the cost for pyshacl and owlrl-python).
    """
    import yaml

    text = yaml.safe_dump(synthetic_records(SYNTHETIC_METHODS))
    return _works_file(text, tmp_path_factory.mktemp("synthetic") / "synthetic.ttl", vocab)


@pytest.fixture(scope="session")
def oxigraph() -> Iterator[str]:
    """A private in-memory Oxigraph server on loopback, one per worker (skipped where it is not installed).

    Tests that write to it use a named graph of their own, so one server serves every module.
    """
    from tests.endpoint_servers import oxigraph_binary, oxigraph_server

    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed")
    with oxigraph_server() as base:
        yield base


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private Virtuoso on loopback, one per worker (skipped where it is not installed): it takes seconds
    to create its database, and tests that write to it use a named graph of their own."""
    from tests.virtuoso_server import available, virtuoso_server

    if not available():
        pytest.skip("virtuoso-opensource is not installed")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base


def interruptible() -> None:
    """In a child process before exec: take SIGINT by default and unblocked, whatever the test worker's
    threads inherited, so a test's Ctrl-C reaches the command it started."""
    import signal

    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)
