"""``python -m benchmarks --sizes 1000 10000 [--out benchmarks/results]``: see benchmarks/README.md."""

from benchmarks.harness import main

main()
