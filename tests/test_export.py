"""Exports: every format parses back to the store's content, bytes are stable, and an
independent parser (Debian's raptor, `rapper`) reads the Turtle and counts the same triples."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from readout.store import embedded as stores
from readout.cli import main
from readout.errors import StoreError
from readout.kg.graph import PREFIXES

RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "trig": "trig",
                  "nquads": "nquads"}


@pytest.fixture(scope="module")
def exports(bundled_store):
    db = stores.open_store(bundled_store)
    try:
        data = {fmt: stores.export(db, fmt) for fmt in stores.FORMATS}
        quads = list(db)
    finally:
        del db
    return data, quads


def _merged(quads) -> Graph:
    graph = Graph()
    for q in quads:
        graph.add(tuple(_rdflib(t) for t in (q.subject, q.predicate, q.object)))
    return graph


def _rdflib(term):
    from rdflib import BNode, Literal

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # how rdflib's parsers read a plain string
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_merged_formats_round_trip_to_the_union_of_the_graphs(exports, fmt):
    data, quads = exports
    parsed = Graph().parse(data=data[fmt].decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    expected = _merged(quads)
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dataset_formats_round_trip_graph_by_graph(exports, fmt):
    data, quads = exports
    parsed = Dataset()
    parsed.parse(data=data[fmt].decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    names = sorted({q.graph_name.value for q in quads})
    got = sorted(str(g.identifier) for g in parsed.graphs() if len(g))
    assert got == names
    for name in names:
        expected = _merged(q for q in quads if q.graph_name.value == name)
        assert isomorphic(parsed.graph(URIRef(name)), expected), name


def test_turtle_declares_the_prefixes_and_uses_them(exports):
    text = exports[0]["turtle"].decode("utf-8")
    for prefix in ("ro", "rid", "nif", "rdfs"):
        assert re.search(rf"^@prefix {prefix}: <{re.escape(str(PREFIXES[prefix]))}> \.$", text, re.M)
    assert "ro:Statement" in text and "nif:anchorOf" in text


def test_jsonld_embeds_the_published_context(exports):
    document = json.loads(exports[0]["jsonld"])
    published = json.loads(stores.context_file().read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    assert published["@context"] == {k: str(v) for k, v in PREFIXES.items()}, \
        "ontology/context.jsonld has drifted from readout.graph.PREFIXES"
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))


def test_exports_are_byte_identical_across_processes(bundled_store, tmp_path, exports):
    """A new process with another hash seed writes the same bytes, for every format."""
    copy = tmp_path / "store"
    shutil.copytree(bundled_store, copy)
    script = ("import sys; from readout.store import embedded as s; db = s.open_store(sys.argv[1]);"
              "sys.stdout.buffer.write(s.export(db, sys.argv[2]))")
    for fmt in stores.FORMATS:
        env = dict(os.environ, PYTHONHASHSEED=str(len(fmt) * 7919))
        out = subprocess.run([sys.executable, "-c", script, str(copy), fmt], env=env,
                             capture_output=True, check=True, timeout=120).stdout
        assert out == exports[0][fmt], fmt


def test_rapper_parses_the_turtle_export_and_counts_the_same_triples(exports, tmp_path):
    if shutil.which("rapper") is None:
        pytest.skip("rapper (Debian package raptor2-utils) is not installed; .ci/run installs it")
    data, quads = exports
    path = tmp_path / "export.ttl"
    path.write_bytes(data["turtle"])
    done = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    count = int(re.search(r"returned (\d+) triples", done.stderr).group(1))
    assert count == len({(q.subject, q.predicate, q.object) for q in quads})


def test_cli_export_to_stdout_and_to_a_file_are_the_same_bytes(bundled_store, tmp_path, exports):
    runner = CliRunner()
    out = tmp_path / "export.trig"
    to_file = runner.invoke(main, ["export", "--store", str(bundled_store), "--format", "trig",
                                   "--out", str(out)])
    to_stdout = runner.invoke(main, ["export", "--store", str(bundled_store), "--format", "trig"])
    assert to_file.exit_code == 0 and to_stdout.exit_code == 0
    assert out.read_bytes() == to_stdout.stdout_bytes == exports[0]["trig"]


def test_export_of_a_missing_store_is_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "absent")])
    assert result.exit_code == 2 and "readout build" in result.stderr


def test_unknown_format_is_a_clear_error(tmp_path):
    db = ox.Store()
    with pytest.raises(StoreError, match="choose one of"):
        stores.export(db, "rdfxml")


def test_jsonld_keeps_datatypes_languages_and_blank_nodes():
    ex = "http://example.org/"
    triples = [ox.Triple(ox.NamedNode(ex + "s"), ox.NamedNode(ex + "p"), o) for o in (
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.Literal("bonjour", language="fr"), ox.Literal("plain"), ox.BlankNode("b1"),
        ox.NamedNode("https://w3id.org/readout/id/entity/x"))]
    triples.append(ox.Triple(ox.BlankNode("b1"), ox.NamedNode(ex + "q"), ox.Literal("in a blank node")))
    parsed = Graph().parse(data=stores.jsonld(triples).decode("utf-8"), format="json-ld")
    expected = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),
                             format="nt")
    assert isomorphic(parsed, expected)
