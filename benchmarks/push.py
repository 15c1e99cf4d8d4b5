"""Time ``push`` against a plain Graph Store Protocol PUT of the same N-Triples, in the same run (issue 13/17).

``python -m benchmarks.push [--methods 1000] [--repeats 3] [--out benchmarks/results]``

Starts a local Oxigraph server (the ``oxigraph`` command of the test extras) on a temporary folder,
generates an evidence-bearing graph (``benchmarks.generate`` with claims) of N methods beside the
bundled works, and times, alternating so that machine load hits all three alike:

- ``put``: one HTTP PUT of the graph's N-Triples to ``/store?graph=...`` (what curl would do; no
  atomic replace, no check);
- ``push:update``: ``nas_kg.push`` with the query and update URLs (SPARQL Update only);
- ``push:gsp``: ``nas_kg.push`` with the Graph Store URL as well.

Each push replaces its target graph as one unit and checks the count; its time includes dumping the
graph from the embedded store and parsing it (not loading the files, which a PUT would not do either).
The medians, their ratios to put, and the median of each run's ratio go to stdout and to
``push-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nas_kg
from benchmarks.generate import generate
from nas_kg.stores.remote import EndpointConfig
from tests.endpoint_servers import oxigraph_server

HERE = Path(__file__).resolve().parent


def put(base: str, graph: str, payload: bytes) -> None:
    """One Graph Store Protocol PUT, as curl -X PUT -H 'Content-Type: application/n-triples' would send."""
    url = f"{base}/store?graph={urllib.parse.quote(graph, safe='')}"
    request = urllib.request.Request(url, data=payload, method="PUT")  # noqa: S310 - the local test server
    request.add_header("Content-Type", "application/n-triples")
    with urllib.request.urlopen(request, timeout=3600) as response:  # noqa: S310
        response.read()


def main(argv: list[str] | None = None) -> None:
    """Run the push benchmark and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nas-kg-push-") as folder:
        data = generate(args.methods, Path(folder) / "evidence.nt", seed=7, claims=True)
        kg = nas_kg.load([data])
        payload = kg.ntriples()
        triples = payload.count(b"\n")
        times: dict[str, list[float]] = {"put": [], "push:update": [], "push:gsp": []}
        with oxigraph_server(Path(folder) / "store") as base:
            configs = {
                "push:update": EndpointConfig(f"{base}/query", f"{base}/update", timeout=3600),
                "push:gsp": EndpointConfig(f"{base}/query", f"{base}/update", store_url=f"{base}/store", timeout=3600),
            }
            for i in range(args.repeats):
                order = list(times)[i % 3 :] + list(times)[: i % 3]  # each step first in turn
                for name in order:
                    graph = f"urn:bench:{name}:{i}"
                    start = time.perf_counter()
                    if name == "put":
                        put(base, graph, payload)
                    else:
                        nas_kg.push(kg, EndpointConfig(**{**configs[name].__dict__, "graph": graph}))
                    times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    paired = {name: statistics.median(t / p for t, p in zip(times[name], times["put"], strict=True)) for name in times}
    result = {
        "date": dt.date.today().isoformat(),
        "methods": args.methods,
        "triples": triples,
        "payload_mb": round(len(payload) / 1e6, 1),
        "seconds": times,
        "median": medians,
        "ratio_to_put": {name: round(medians[name] / medians["put"], 2) for name in medians},
        "median_paired_ratio": {name: round(value, 2) for name, value in paired.items()},
    }
    for name, value in medians.items():
        ratio, pair = result["ratio_to_put"][name], result["median_paired_ratio"][name]
        print(f"{name:12} {value:7.2f} s  ({ratio:.2f}x put; per run {pair:.2f}x)")
    print(f"{args.methods} methods, {triples} triples, {result['payload_mb']} MB of N-Triples")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"push-{result['date']}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
