"""Pause Python's cyclic garbage collector while a graph's worth of acyclic objects is built.

pyoxigraph terms are tracked by the collector, and a graph of 50k triples becomes some 200k terms and
tuples, then the dicts and lists of the canonical writers. Built with the collector running, they trigger
hundreds of young collections and full collections of the whole heap, which on the bundled graph cost
a fifth of a release. None of these objects forms a cycle, so reference counting frees them all; the
collector is paused around the work and resumed after it (a best effort when threads pause it too).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (or the decorated function), if it is running."""
    if not gc.isenabled():  # paused already, by an outer block or by the application: leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
