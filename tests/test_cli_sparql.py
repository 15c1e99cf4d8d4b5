"""`nas-kg sparql`: any SPARQL 1.1 query as text, stdin or a file, in every output format, and its errors."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from nas_kg.cli import main
from nas_kg.namespaces import NAS, WORK
from tests.endpoint_servers import free_port

SELECT = "SELECT ?m ?label WHERE { ?m a nas:NASMethod ; rdfs:label ?label } ORDER BY ?label LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { ?m nas:hasSearchStrategy nas:Differentiable }"


def run(runner, *args, stdin=None):
    return runner.invoke(main, ["sparql", *args], input=stdin)


def one_line_error(result, code=2):
    """The contract for bad input: the exit code, one line on stderr, no traceback, nothing on stdout."""
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr


def test_select_text_shows_curies_and_labels(runner):
    result = run(runner, SELECT, "--seed-only")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["m", "label"]
    assert lines[2].split() == ["work:amoebanet", "AmoebaNet"]
    assert "https://" not in result.stdout


def test_select_csv_is_the_w3c_format(runner):
    result = run(runner, SELECT, "--seed-only", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["m", "label"]
    assert rows[1] == [str(WORK.amoebanet), "AmoebaNet"]


def test_select_tsv_is_the_w3c_format(runner):
    result = run(runner, SELECT, "--seed-only", "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "?m\t?label"
    assert lines[1].split("\t")[0] == f"<{WORK.amoebanet}>"


def test_select_json_is_the_w3c_format(runner):
    result = run(runner, SELECT, "--seed-only", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["head"]["vars"] == ["m", "label"]
    first = body["results"]["bindings"][0]
    assert first["m"] == {"type": "uri", "value": str(WORK.amoebanet)}
    assert first["label"]["value"] == "AmoebaNet"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ASK { work:darts nas:hasSearchStrategy nas:Differentiable }", "true"),
        ("ASK { work:darts nas:hasSearchStrategy nas:Evolutionary }", "false"),
    ],
    ids=["true", "false"],
)
def test_ask_prints_true_or_false_and_exits_0(runner, query, expected):
    result = run(runner, query)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"


def test_ask_as_json(runner):
    result = run(runner, "ASK { work:darts a nas:NASMethod }", "--format", "json")
    assert json.loads(result.stdout)["boolean"] is True


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_construct_prints_rdf(runner, fmt):
    result = run(runner, CONSTRUCT, "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format={"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}[fmt])
    assert (WORK.darts, NAS.hasSearchStrategy, NAS.Differentiable) in graph
    assert len(graph) > 10


def test_construct_turtle_declares_only_the_prefixes_it_uses(runner):
    result = run(runner, CONSTRUCT)
    assert "@prefix work: <https://w3id.org/nas-kg/work/> ." in result.stdout
    assert "@prefix sh:" not in result.stdout


def test_describe_prints_the_method(runner):
    result = run(runner, "DESCRIBE work:darts", "--format", "nt")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="nt")
    assert set(graph.subjects()) == {WORK.darts}
    assert (WORK.darts, NAS.hasSearchStrategy, NAS.Differentiable) in graph


def test_construct_writes_turtle_for_another_tool(runner, tmp_path):
    out = tmp_path / "differentiable.ttl"
    result = run(runner, CONSTRUCT, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stderr
    graph = Graph().parse(out, format="turtle")  # another tool (rdflib) reads it
    assert (WORK.darts, NAS.hasSearchStrategy, NAS.Differentiable) in graph
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))) == len(graph)


def test_query_from_stdin(runner):
    result = run(runner, "-", stdin="SELECT ?x WHERE { BIND(41 + 1 AS ?x) }")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == "42"


def test_query_text_that_ends_like_a_file_name_is_a_query(runner):
    result = run(runner, "SELECT ?x WHERE { BIND(1 AS ?x) } # saved as q.rq")
    assert result.exit_code == 0, result.output


def test_query_from_a_file_with_its_own_prefixes(runner, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("PREFIX n: <https://w3id.org/nas-kg/>\nSELECT (COUNT(?m) AS ?n) WHERE { ?m a n:NASMethod }\n")
    result = run(runner, str(query), "--seed-only", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "15"]


def test_data_files_are_queried(runner, tiny_ttl):
    query = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a nas:NASMethod }"
    plain = run(runner, query, "--seed-only", "--format", "csv")
    more = run(runner, query, "--seed-only", "--data", str(tiny_ttl), "--format", "csv")
    assert int(more.stdout.split()[1]) > int(plain.stdout.split()[1]) == 15


def test_numbers_in_text_have_three_decimals_and_booleans_are_lowercase(runner):
    result = run(runner, "SELECT (0.8055555 AS ?score) (true AS ?b) WHERE {}")
    assert result.stdout.splitlines()[2].split() == ["0.806", "true"]


def test_csv_keeps_the_exact_value(runner):
    result = run(runner, "SELECT (0.8055555 AS ?score) (true AS ?b) WHERE {}", "--format", "csv")
    assert result.stdout.splitlines()[1] == "0.8055555,true"


# ---------------------------------------------------------------------- errors: exit 2, one line
def test_syntax_error_names_line_and_column(runner):
    error = one_line_error(run(runner, "SELECT * WHERE {\n  ?s ?p\n}"))
    assert error.startswith("error: query:3:2: SPARQL syntax error:"), error


def test_syntax_error_in_a_file_names_the_file(runner, tmp_path):
    query = tmp_path / "bad.rq"
    query.write_text("# comment\nSELECT ?x WHERE {\n  ?x nas:year ?y .\n  FILTER(?y >)\n  ?x ?p ?o .\n}\n")
    error = one_line_error(run(runner, str(query)))
    assert error.startswith(f"error: {query}:5:13: SPARQL syntax error:"), error  # where Oxigraph stops


def test_syntax_error_line_is_the_users_when_prefixes_are_added(runner):
    """nas: and rdfs: are declared for the user on a line of their own: the position is still the user's."""
    declared = "PREFIX nas: <https://w3id.org/nas-kg/>\nSELECT ?m WHERE {\n  ?m a nas:NASMethod .\n  ?m ?p\n}"
    implicit = declared.split("\n", 1)[1]
    with_declaration = one_line_error(run(runner, declared))
    without = one_line_error(run(runner, implicit))
    assert with_declaration.startswith("error: query:5:2:"), with_declaration
    assert without.startswith("error: query:4:2:"), without


def test_service_that_does_not_answer_is_one_line(runner):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{free_port()}/sparql> {{ ?s ?p ?o }} }}"
    error = one_line_error(run(runner, query, "--seed-only"))
    assert "query failed" in error


@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "CLEAR DEFAULT"])
def test_updates_are_refused(runner, update):
    error = one_line_error(run(runner, update))
    assert "SPARQL update" in error and "never changes the graph" in error


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["SELECT ?s WHERE { ?s ?p ?o }", "--format", "turtle"], "SELECT prints text, csv, tsv, json"),
        ([CONSTRUCT, "--format", "csv"], "CONSTRUCT prints a graph"),
        (["# only a comment"], "the query is empty"),
        (["hello world"], "not a SPARQL query"),
        (["missing.rq"], "missing.rq: no such query file"),
        (["SELECT * {}", "--endpoint", "notaurl"], "not an http(s) URL"),
    ],
    ids=["graph-format-for-select", "row-format-for-construct", "empty", "not-a-query", "no-file", "bad-endpoint"],
)
def test_bad_input_is_one_line(runner, args, needle):
    assert needle in one_line_error(run(runner, *args))


def test_output_into_a_missing_folder_fails_before_loading(runner, tmp_path):
    error = one_line_error(run(runner, CONSTRUCT, "-o", str(tmp_path / "no" / "x.ttl")))
    assert "does not exist" in error
    assert not (tmp_path / "no").exists()


def test_query_command_points_to_sparql_for_other_forms(runner, tmp_path):
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }\n")
    error = one_line_error(runner.invoke(main, ["query", str(ask)]))
    assert "nas-kg sparql" in error


def test_query_command_refuses_drop_all_plainly(runner, tmp_path):
    drop = tmp_path / "drop.rq"
    drop.write_text("DROP ALL\n")
    error = one_line_error(runner.invoke(main, ["query", str(drop)]))
    assert "SPARQL update" in error and "CONSTRUCT" not in error


def test_api_runs_any_form(seed_kg):
    import nas_kg

    assert nas_kg.run_sparql(seed_kg, "ASK { ?m a nas:NASMethod }").boolean is True
    answer = nas_kg.run_sparql(seed_kg, "SELECT ?m WHERE { ?m a nas:NASMethod }")
    assert answer.rows is not None and len(answer.rows) == 15
    graph = nas_kg.run_sparql(seed_kg, "CONSTRUCT WHERE { ?m a nas:NASMethod }")
    assert URIRef(str(WORK.amoebanet)).n3().encode() in graph.ntriples
