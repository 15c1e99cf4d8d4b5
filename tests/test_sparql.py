"""Values reach SPARQL only as VALUES blocks built from RDF terms, in every group of the query."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from nas_kg.sparql import group_starts, inject_values, values_block, variables

CASES = {
    "where": ("SELECT ?x WHERE { ?x ?p ?o }", 1),
    "optional-and-union": ("SELECT * WHERE { { ?a ?b ?c } UNION { ?d ?e ?f } OPTIONAL { ?g ?h ?i } }", 4),
    "subquery-wrapper-skipped": ("SELECT * WHERE { { SELECT ?x WHERE { ?x ?p ?o } } }", 2),
    "minus-subquery": ("SELECT * WHERE { ?x ?p ?o MINUS { SELECT ?x WHERE { ?x ?q ?r } } }", 2),
    "values-block-skipped": ("SELECT * WHERE { VALUES ?x { 1 2 } ?x ?p ?o }", 1),
    "braces-in-strings": ("SELECT * WHERE { ?x ?p \"{ not a group }\" . ?x ?q '''{ nor } this''' }", 1),
    "braces-in-comments": ("SELECT * WHERE { # { comment }\n ?x ?p ?o }", 1),
    "filter-not-exists": ("SELECT * WHERE { ?x ?p ?o FILTER NOT EXISTS { ?x ?q ?r } }", 2),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_group_starts(case):
    query, expected = CASES[case]
    assert len(group_starts(query)) == expected


def test_values_block_escapes_terms():
    block = values_block({"b": Literal('a "quoted" } value'), "a": URIRef("http://e/x")})
    assert block == ' VALUES (?a ?b) { (<http://e/x> "a \\"quoted\\" } value") } '


def test_inject_values_into_every_group_that_mentions_the_variable():
    out = inject_values("SELECT * WHERE { ?x ?p ?o OPTIONAL { ?x ?q ?r } }", {"p": URIRef("http://e/p")})
    assert out.count("VALUES (?p) { (<http://e/p>) }") == 1  # the OPTIONAL does not use ?p
    out = inject_values("SELECT * WHERE { ?x ?p ?o OPTIONAL { ?x ?p ?r } }", {"p": URIRef("http://e/p")})
    assert out.count("VALUES (?p) { (<http://e/p>) }") == 2


def test_inject_values_reaches_nested_groups_through_their_parents():
    query = "SELECT * WHERE { ?a ?b ?c OPTIONAL { ?a ?q ?r OPTIONAL { ?r ?p ?s } } MINUS { ?a ?z ?y } }"
    out = inject_values(query, {"p": URIRef("http://e/p")})
    assert out.count("VALUES (?p)") == 3  # WHERE, the outer OPTIONAL (its inner one uses ?p), the inner one
    assert "MINUS {  VALUES" not in out  # MINUS never gains ?p as a shared variable


def test_no_bindings_leaves_the_query_alone():
    assert inject_values("SELECT * WHERE { ?x ?p ?o }", {}) == "SELECT * WHERE { ?x ?p ?o }"


def test_variables_ignore_strings_and_comments():
    assert variables('SELECT ?x WHERE { ?x ?p "?notavar" } # ?comment') == {"x", "p"}
