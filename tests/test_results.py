"""Query answers in each output format: table (wrapped), csv, tsv, SPARQL JSON, markdown."""
from __future__ import annotations

import csv
import io
import json

import textwrap

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readout.store.results import FORMATS, Table, wrap

XSD = "http://www.w3.org/2001/XMLSchema#"
LONG = ("Putin framed the war as a direct consequence of the West's policy ignoring Russia's "
        "security interests and demanded peace terms based on new territorial realities.")


@pytest.fixture()
def table() -> Table:
    store = ox.Store()
    ex = "http://example.org/"
    store.add(ox.Quad(ox.NamedNode(ex + "a"), ox.NamedNode(ex + "said"), ox.Literal(LONG, language="en")))
    store.add(ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "said"), ox.Literal('a | pipe, a "quote"\nand a line')))
    store.add(ox.Quad(ox.NamedNode(ex + "b"), ox.NamedNode(ex + "count"), ox.Literal("5", datatype=ox.NamedNode(XSD + "integer"))))
    answer = store.query("SELECT ?who ?what ?n WHERE { ?who <http://example.org/said> ?what "
                         "OPTIONAL { ?who <http://example.org/count> ?n } } ORDER BY ?who")
    return Table.from_oxigraph(answer)


def test_formats_are_the_documented_ones():
    assert FORMATS == ("table", "csv", "tsv", "json", "markdown")


def test_csv_and_tsv_round_trip(table):
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        read = list(csv.reader(io.StringIO(table.render(fmt)), delimiter=delimiter))
        assert read[0] == ["who", "what", "n"]
        assert read[1] == ["http://example.org/a", LONG, ""]
        assert read[2] == ["http://example.org/b", 'a | pipe, a "quote"\nand a line', "5"]


def test_json_is_sparql_results_json(table):
    data = json.loads(table.render("json"))
    assert data["head"]["vars"] == ["who", "what", "n"]
    first, second = data["results"]["bindings"]
    assert first == {"who": {"type": "uri", "value": "http://example.org/a"},
                     "what": {"type": "literal", "value": LONG, "xml:lang": "en"}}
    assert second["n"] == {"type": "literal", "value": "5", "datatype": XSD + "integer"}
    again = Table.from_oxigraph(ox.parse_query_results(table.render("json"), format=ox.QueryResultsFormat.JSON))
    assert again.values() == table.values() and again.columns == table.columns


def test_json_for_ask():
    assert json.loads(Table(columns=["result"], boolean=True).render("json")) == {"head": {}, "boolean": True}


def test_markdown_escapes_pipes_and_newlines(table):
    lines = table.render("markdown").splitlines()
    assert lines[0] == "| who | what | n |"
    assert lines[1] == "|---|---|---|"
    assert len(lines) == 4
    assert 'a \\| pipe, a "quote" and a line' in lines[3]
    assert all(line.count("|") - line.count("\\|") == 4 for line in lines)


@pytest.mark.parametrize("width", [40, 60, 100])
def test_table_wraps_long_text_to_the_width(table, width):
    text = table.render("table", width=width)
    assert all(len(line) <= width for line in text.splitlines()), text
    words = " ".join(text.split())
    for word in ("consequence", "territorial", "realities."):
        assert word in words


@settings(derandomize=True, database=None, deadline=None, max_examples=2000)
@given(cell=st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\xa0\u2028-.")), max_size=14),
       width=st.integers(min_value=1, max_value=12))
def test_a_cell_is_wrapped_as_textwrap_wraps_it(cell, width):
    """The table's shortcut for cells that fit gives textwrap's lines for every cell."""
    assert wrap(cell, width) == (textwrap.wrap(cell, width) or [""])


def test_table_without_rows_names_the_columns():
    assert Table(columns=["a", "b"]).render("table", width=80) == "(no rows) a | b"


def test_without_drops_parameter_columns(table):
    narrower = table.without(["n"])
    assert narrower.columns == ["who", "what"]
    assert [len(r) for r in narrower.values()] == [2, 2]


def test_a_wide_table_still_fits_the_width():
    columns = [f"column_{i}" for i in range(16)]
    wide = Table(columns=columns, rows=[[ox.Literal(f"value number {i} " * 3) for i in range(16)]])
    text = wide.render("table", width=80)
    assert all(len(line) <= 80 for line in text.splitlines()), text


def test_rows_follow_the_columns_whatever_order_a_result_binds_them_in():
    """SPARQL JSON from an endpoint may bind a row's variables in any order and leave some
    unbound: each row's values are in the columns' order, None where unbound."""
    body = (b'{"head": {"vars": ["a", "b", "c"]}, "results": {"bindings": ['
            b'{"c": {"type": "literal", "value": "3"}, "a": {"type": "uri", "value": "http://x/"}},'
            b'{"b": {"type": "literal", "value": "2"}}]}}')
    table = Table.from_oxigraph(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    assert table.columns == ["a", "b", "c"]
    assert table.values() == [["http://x/", "", "3"], ["", "2", ""]]


ODD_ROWS = """SELECT ?node ?text ?triple ?unbound WHERE {
  VALUES (?node ?text) {
    (<http://example.org/a> "plain")
    (<http://example.org/b> "a \\"quote\\", a comma\\nand a line\\r\\nand CRLF"@en)
    (<http://example.org/c> 5)
    (<http://example.org/d> "tab\\tand \\u00a0no-break")
    (<http://example.org/e> "")
    (UNDEF UNDEF)
  }
  BIND(BNODE("x") AS ?blank)
  BIND(IF(?text = "plain", <<( ?node <http://example.org/p> "o" )>>, ?blank) AS ?triple)
}"""


def test_plain_rows_are_the_terms_plain_values():
    """The rows the engine writes as CSV (for every format but json) read as the same plain
    strings as the terms: quotes, commas, line breaks, CRLF, tabs, a no-break space, an empty
    string, unbound values, a blank node (_:id) and a triple term."""
    store = ox.Store()
    plain = Table.from_oxigraph(store.query(ODD_ROWS), plain=True)
    terms = Table.from_oxigraph(store.query(ODD_ROWS))
    assert plain.columns == terms.columns == ["node", "text", "triple", "unbound"]
    assert plain.values() == terms.values()
    assert plain.values()[-1] == ["", "", plain.values()[-1][2], ""]
    assert plain.values()[0][2] == "http://example.org/a http://example.org/p o"
    assert plain.values()[1][2].startswith("_:")
    for fmt in ("table", "csv", "tsv", "markdown"):
        assert plain.render(fmt, width=60) == terms.render(fmt, width=60)
    with pytest.raises(ValueError):
        plain.render("json")


def test_a_plain_row_of_one_unbound_value_keeps_its_cell():
    """CSV writes a row whose one value is unbound as an empty line, which csv reads as no
    cell: the row still has its one (empty) value."""
    answer = ox.Store().query("SELECT ?x WHERE { VALUES ?x { UNDEF 1 } }")
    assert Table.from_oxigraph(answer, plain=True).values() == [[""], ["1"]]
