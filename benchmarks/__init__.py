"""Benchmarks of nas-kg at 1,000 to 100,000 methods against a naive rdflib/pyshacl/owlrl baseline (issue 7)."""
