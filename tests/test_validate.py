"""`readout validate`: the report for people and machines, the cross-article checks, store
validation graph by graph, exit codes, and no change to rdflib's global state.

Small graphs are made from the well-formed graph of test_shapes, broken one way each.
"""
from __future__ import annotations

import importlib
import json
import logging
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from readout.kg import iris
from readout.cli import main
from readout.config import CHECKS_DIR, ONTOLOGY_FILE
from readout.errors import InputError

sys.path.insert(0, str(Path(__file__).parent))
from test_shapes import ANNA, CAPITAL, CARL, E, RO, S, TEXT, add_article, base  # noqa: E402

validation = importlib.import_module("readout.kg.validate")


def speaker_is_a_place() -> Graph:
    g = base()
    g.remove((S, RO.speaker, None))
    g.add((S, RO.speaker, CAPITAL))
    return g


# ---- the report -----------------------------------------------------------------------

def test_the_text_report_names_the_node_by_label_and_quotes_its_sentence():
    text = validation.validate(speaker_is_a_place()).text()
    assert text.startswith("The graph does not conform: 1 violation(s), 0 warning(s)")
    assert "A statement's speaker must be an actor" in text and "[rs:StatementShape, 1 node(s)]" in text
    assert "statement: Capital City \u201csaid\u201d in t1" in text
    assert f'"{TEXT[:38]}"' in text   # the source sentence, quoted from the article


def test_results_are_grouped_by_shape_and_message():
    g = base()
    for node in (ANNA, CARL):
        g.remove((node, RDFS.label, None))
    report = validation.validate(g)
    groups = report.groups()
    assert list(groups) == [("Violation", "rs:EntityShape", "An entity needs exactly one non-empty label.")]
    assert sorted(r.focus for r in groups[next(iter(groups))]) == sorted([str(ANNA), str(CARL)])
    assert "[rs:EntityShape, 2 node(s)]" in report.text()


def test_a_conforming_graph_says_so_and_counts_what_ran():
    report = validation.validate(base())
    assert report.conforms and report.results == []
    assert report.graphs == 1 and report.checks == len(list(CHECKS_DIR.glob("*-violation.rq"))) >= 5
    assert report.text().startswith("The graph conforms: 0 violation(s), 0 warning(s); shapes on 1 graph(s)")


def test_warnings_alone_conform():
    g = base()
    g.add((S, RO.addressee, ANNA))   # speaker = addressee: a warning
    report = validation.validate(g)
    assert report.conforms and [r.severity for r in report.results] == ["Warning"]


def test_the_json_report_has_every_field_of_every_result():
    data = validation.validate(speaker_is_a_place()).json()
    assert json.loads(json.dumps(data)) == data
    assert (data["conforms"], data["violations"], data["warnings"]) == (False, 1, 0)
    (result,) = data["results"]
    assert result["focus"] == str(S) and result["path"] == "ro:speaker"
    assert result["constraint"] == "ClassConstraintComponent" and result["value"] == str(CAPITAL)
    assert result["article"] == "t1" and result["sentence"] == TEXT[:38]


def test_the_turtle_report_is_a_shacl_validation_report():
    g = base()
    g.remove((E, iris.RO.participant, None))
    g.remove((E, iris.RO.initiator, None))
    g.remove((E, URIRef("http://groundedannotationframework.org/gaf#denotedBy"), None))
    text = validation.validate(g).graph().serialize(format="turtle")
    report = Graph().parse(data=text, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    results = list(report.objects(node, SH.result))
    assert len(results) == 3
    focus = {report.value(r, SH.focusNode) for r in results}
    assert E in focus
    paths = {report.value(r, SH.resultPath) for r in results}
    inverse = [p for p in paths if (p, SH.inversePath, None) in report]
    assert len(inverse) == 1   # the mention that mentions no event: ^gaf:denotedBy
    assert {report.value(r, SH.sourceConstraintComponent) for r in results} == {SH.MinCountConstraintComponent}


# ---- the cross-article checks ---------------------------------------------------------

def _second_article(label=None, kind=None, qid=None) -> Graph:
    """Another well-formed article graph that says something about Anna Berg."""
    g = Graph()
    add_article(g, "t2", "Anna Berg agreed.")
    g.add((ANNA, RDF.type, kind or RO.Person))
    g.add((ANNA, RDFS.label, Literal(label or "Anna Berg")))
    if qid:
        g.add((CARL, RDF.type, RO.Person))
        g.add((CARL, RDFS.label, Literal("Carl Dahl")))
        g.add((CARL, SKOS.exactMatch, iris.wikidata(qid)))
    return g


CHECK_CASES = {
    "entity-labels": (_second_article(label="A. Berg"), str(ANNA)),
    "entity-disjoint-types": (_second_article(kind=RO.State), str(ANNA)),
    "entity-wikidata": (_second_article(qid="Q42"), str(ANNA)),
}


@pytest.mark.parametrize("name", sorted(CHECK_CASES))
def test_each_cross_article_check_catches_what_no_single_graph_shows(name):
    other, focus = CHECK_CASES[name]
    assert validation.shape_results(other) == [] and validation.shape_results(base()) == []
    report = validation.validate_graphs([base(), other])
    assert {(r.shape, r.focus) for r in report.results} >= {(f"check:{name}", focus)}
    assert all(r.shape.startswith("check:") for r in report.results)


def test_the_same_text_read_twice_under_two_ids_is_caught():
    twin = Graph()
    add_article(twin, "t1-copy", TEXT)
    report = validation.validate_graphs([base(), twin])
    assert {(r.shape, r.focus, r.value) for r in report.results} == {
        ("check:article-text", str(iris.article("t1")), str(iris.article("t1-copy"))),
        ("check:article-text", str(iris.article("t1-copy")), str(iris.article("t1")))}


def test_a_corpus_link_between_unlike_things_is_caught():
    g = base()
    g.add((E, OWL.sameAs, S))
    g.add((S, RO.sameClaimAs, E))
    found = {(r.shape, r.focus, r.path) for r in validation.validate(g).results}
    assert found == {("check:corpus-links", str(E), "owl:sameAs"),
                     ("check:corpus-links", str(S), "ro:sameClaimAs")}


def test_every_check_is_a_select_of_entity_property_value_with_a_summary():
    for check in validation.checks():
        assert check.message and not check.message.startswith(check.name), check.name
        assert "SELECT DISTINCT ?entity ?property ?value" in check.text, check.name


# ---- a store, graph by graph ----------------------------------------------------------

def _store(graphs: dict[str, Graph]) -> ox.Store:
    db = ox.Store()
    for name, g in {**graphs, str(iris.ONTOLOGY_GRAPH): Graph().parse(ONTOLOGY_FILE)}.items():
        for quad in ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES):
            db.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(name)))
    return db


def test_a_store_is_validated_article_graph_by_article_graph_and_checked_as_a_whole():
    corpus = Graph()
    corpus.add((S, RO.sameClaimAs, E))   # only links nodes of article graphs
    db = _store({str(iris.article_graph("t1")): speaker_is_a_place(),
                 str(iris.article_graph("t2")): _second_article(label="A. Berg"),
                 str(iris.CORPUS_GRAPH): corpus})
    report = validation.validate_store(db)
    assert report.graphs == 2   # not the ontology, not the corpus graph
    assert {(r.shape, r.focus) for r in report.results} == {
        ("rs:StatementShape", str(S)), ("check:entity-labels", str(ANNA)), ("check:corpus-links", str(S))}
    labelled = [r for r in report.results if r.shape == "check:entity-labels"]
    assert {r.focus_label for r in labelled} <= {"Anna Berg", "A. Berg"}


def test_offsets_stored_by_oxigraph_as_xsd_integer_still_conform():
    db = _store({str(iris.article_graph("t1")): base()})
    begin = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex")
    stored = next(iter(db.quads_for_pattern(None, begin, None, None)))
    assert stored.object.datatype == ox.NamedNode(str(XSD.integer))
    assert validation.validate_store(db).conforms


def test_empty_inputs_are_errors_not_conformance():
    with pytest.raises(InputError, match="nothing to validate"):
        validation.validate(Graph())
    with pytest.raises(InputError, match="run 'readout build' first"):
        validation.validate_store(_store({}))


# ---- the command ----------------------------------------------------------------------

@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    paths = {"good": tmp_path / "good.ttl", "bad": tmp_path / "bad.ttl",
             "broken": tmp_path / "broken.ttl", "empty": tmp_path / "empty.ttl"}
    base().serialize(paths["good"], format="turtle")
    speaker_is_a_place().serialize(paths["bad"], format="turtle")
    paths["broken"].write_text("this is not turtle <", encoding="utf-8")
    paths["empty"].write_text("", encoding="utf-8")
    return paths


@pytest.mark.parametrize("name, args, code, expect", [
    ("good", [], 0, "The graph conforms: 0 violation(s)"),
    ("bad", [], 1, "statement: Capital City"),
    ("bad", ["--format", "json"], 1, '"violations": 1'),
    ("bad", ["--format", "turtle"], 1, "sh:ValidationReport"),
    ("broken", [], 2, "cannot parse it as RDF"),
    ("empty", [], 2, "nothing to validate"),
    ("missing", [], 2, "no such store or file"),
])
def test_validate_command_output_and_exit_codes(files, tmp_path, name, args, code, expect):
    path = files.get(name, tmp_path / "missing.ttl")
    result = CliRunner().invoke(main, ["validate", str(path), *args])
    assert result.exit_code == code, result.output
    assert expect in result.output


def test_the_installed_command_validates_a_file(files):
    exe = Path(sys.executable).with_name("readout")
    done = subprocess.run([str(exe), "validate", str(files["bad"]), "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["results"][0]["path"] == "ro:speaker"


# ---- no global state ------------------------------------------------------------------

def test_validation_changes_no_global_state_of_rdflib_or_logging(monkeypatch):
    from rdflib.term import _toPythonMapping

    def snapshot():
        loggers = {name: list(getattr(lg, "handlers", [])) for name, lg in logging.root.manager.loggerDict.items()}
        return (rdflib.NORMALIZE_LITERALS, _toPythonMapping.get(XSD.boolean), Literal.__le__, Literal.__ge__,
                list(logging.root.handlers), loggers)

    validation.validate(base())   # pyshacl imported and used once
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)   # a user's setting (pyshacl.validate resets it)
    before = snapshot()
    validation.validate(speaker_is_a_place())
    assert snapshot() == before
    assert Literal("1", datatype=XSD.boolean).value is True   # rdflib's own reading, not pyshacl's


def test_the_disjointness_check_reads_all_disjoint_classes_and_subclasses_but_not_one_class_twice():
    """ro:Mention is a subclass of ro:Span: a node typed both is fine; a span that is also a
    statement (both in one owl:AllDisjointClasses) is not."""
    g = base()
    g.add((S, RDF.type, RO.Span))   # a statement that is also a span
    db = _store({str(iris.article_graph("t1")): g})
    found = {(r.shape, r.focus) for r in validation.check_results(db)}
    assert found == {("check:entity-disjoint-types", str(S))}
    g.remove((S, RDF.type, RO.Span))
    g.add((iris.span("t1", 0, 9), RDF.type, RO.Span))   # the mention is a span too: fine
    assert validation.check_results(_store({str(iris.article_graph("t1")): g})) == []


def test_the_labels_check_gives_each_label_of_an_entity_labelled_two_ways_once():
    """Three graphs label Anna Berg, two alike: both texts once each. A label that differs only
    in its language tag is the same text, and an entity labelled alike everywhere is fine."""
    graphs = {str(iris.article_graph("t1")): base(),
              str(iris.article_graph("t2")): _second_article(label="A. Berg"),
              str(iris.article_graph("t3")): _second_article()}
    graphs[str(iris.article_graph("t3"))].add((CARL, RDFS.label, Literal("Carl Dahl")))
    graphs[str(iris.article_graph("t1"))].add((CARL, RDFS.label, Literal("Carl Dahl", lang="en")))
    rows = {(r.focus, r.path, r.value) for r in validation.check_results(_store(graphs))
            if r.shape == "check:entity-labels"}
    assert rows == {(str(ANNA), "rdfs:label", "Anna Berg"), (str(ANNA), "rdfs:label", "A. Berg")}

def test_the_turbo_and_fast_engines_give_the_same_report_and_an_unknown_engine_is_an_error():
    reference = validation.validate(speaker_is_a_place()).json()
    assert validation.validate(speaker_is_a_place(), engine="turbo").json() == reference
    assert validation.validate(speaker_is_a_place(), engine="fast").json() == reference
    with pytest.raises(InputError, match="no validation engine 'quick'"):
        validation.validate(base(), engine="quick")


def test_the_bundled_articles_conform(bundled_store):
    report = validation.validate_store(ox.Store(str(bundled_store)))
    assert report.graphs == 5
    assert report.violations == [], report.text()


def test_one_entity_linked_to_two_wikidata_items_by_two_articles_is_caught():
    other = _second_article()
    other.add((ANNA, SKOS.exactMatch, iris.wikidata("Q43")))
    assert validation.shape_results(other) == []
    found = {(r.shape, r.focus, r.value) for r in validation.validate_graphs([base(), other]).results}
    assert found == {("check:entity-wikidata", str(ANNA), str(iris.wikidata("Q42"))),
                     ("check:entity-wikidata", str(ANNA), str(iris.wikidata("Q43")))}


def test_results_are_named_from_the_shapes_index_as_from_the_rdflib_graph(bundled_facts):
    """The build names a result from the index the shapes read (`naming.Indexed`), where it
    parsed the article's text into rdflib before: every node of every bundled article is
    named, and placed, the same both ways."""
    from readout.kg import coreshapes, ntriples
    from readout.kg.graph import article_ntriples
    from readout.kg.naming import Indexed, describe, whereabouts

    named = 0
    for facts in bundled_facts.values():
        text = article_ntriples(facts)[0]
        graph = Graph().parse(data=text, format="nt")
        indexed = Indexed(coreshapes.Data(ntriples.parse(text), frozenset()))
        for node in sorted(set(graph.subjects()), key=str):
            assert describe(indexed, node) == describe(graph, node), node
            assert whereabouts(indexed, node) == whereabouts(graph, node), node
            named += bool(whereabouts(graph, node)[1])
    assert named > 100      # (nodes placed in a sentence, not only empty answers)
