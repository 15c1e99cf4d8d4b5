"""The facets of the seed model and the extension: one registry that CLI choices and records use."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from nas_kg.errors import UnknownTermError
from nas_kg.names import closest
from nas_kg.namespaces import NAS, NASX


@dataclass(frozen=True)
class Facet:
    """One facet of a NAS method: its CLI name, property, value class and cardinality."""

    name: str
    prop: URIRef
    value_class: URIRef
    title: str
    min_count: int = 1
    max_count: int | None = None
    core: bool = True


CORE_FACETS: tuple[Facet, ...] = (
    Facet("cost", NAS.hasArchitectureCost, NAS.ArchitectureCost, "Cost"),
    Facet(
        "baseline_architecture",
        NAS.hasBaselineArchitecture,
        NAS.BaselineArchitecture,
        "Baseline Architecture",
        max_count=1,
    ),
    Facet("search_space", NAS.hasSearchSpace, NAS.SearchSpace, "Search Space"),
    Facet("search_algorithm", NAS.hasSearchStrategy, NAS.SearchStrategy, "Search Algorithm"),
    Facet("modification_level", NAS.hasModificationLevel, NAS.ModificationLevel, "Modification Level"),
    Facet("modification_location", NAS.hasModificationLocation, NAS.ModificationLocation, "Modification Location"),
    # The method of modification (Section IV-A: adding, removing or replacing entities). Not a column of the
    # tables: their "Modification Method" column is level and location (TABLE_COLUMNS below).
    Facet(
        "modification_operation",
        NAS.hasModificationOperation,
        NAS.ModificationOperation,
        "Modification Operation",
        min_count=0,
    ),
    Facet("sampling_method", NAS.hasSamplingMethod, NAS.SamplingMethod, "Sampling Method", min_count=0),
    Facet("training_strategy", NAS.hasTrainingStrategy, NAS.TrainingStrategy, "Training Strategy", min_count=0),
    Facet("dataset", NAS.usesDataset, NAS.Dataset, "Dataset"),
)

EXTENSION_FACETS: tuple[Facet, ...] = (
    Facet(
        "performance_estimation",
        NASX.hasPerformanceEstimation,
        NASX.PerformanceEstimationStrategy,
        "Performance Estimation",
        min_count=0,
        core=False,
    ),
    Facet("search_paradigm", NASX.hasSearchParadigm, NASX.SearchParadigm, "Search Paradigm", 0, 1, False),
    Facet("retraining", NASX.hasRetrainingScheme, NASX.RetrainingScheme, "Retraining", 0, 1, False),
    Facet("hardware_target", NASX.targetsHardware, NASX.HardwareTarget, "Hardware Target", 0, None, False),
    Facet("cost_source", NASX.hasCostSource, NASX.CostSource, "Cost Source", 0, None, False),
    Facet("task", NASX.addressesTask, NASX.Task, "Task", 0, None, False),
)

FACETS: dict[str, Facet] = {f.name: f for f in CORE_FACETS + EXTENSION_FACETS}
FACET_BY_PROPERTY: dict[URIRef, Facet] = {f.prop: f for f in FACETS.values()}


def facet(name: str) -> Facet:
    """Return a facet by name; raise UnknownTermError suggesting the closest names."""
    if name not in FACETS:
        raise UnknownTermError("facet", name, closest(name, FACETS) or closest(name, FACETS, cutoff=0.0))
    return FACETS[name]


# The columns of the seed paper's Tables I and II, in order, and the facets each one shows.
TABLE_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cost", ("cost",)),
    ("baseline_architecture", ("baseline_architecture",)),
    ("search_space", ("search_space",)),
    ("search_algorithm", ("search_algorithm",)),
    ("modification_method", ("modification_level", "modification_location")),
    ("sampling_method", ("sampling_method",)),
    ("dataset", ("dataset",)),
)

TABLES: dict[str, URIRef] = {"manual": NAS.TableI, "automatic": NAS.TableII}
