"""The SHACL-SPARQL constraints checked in Python (`readout.kg.constraints`) give what their
queries give when Oxigraph runs them, on random graphs over the terms they read; they stand
in only for the shipped queries, and leave to the queries what an engine decides otherwise."""
from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from readout.kg import constraints, fastshapes, grounding, iris
from readout.kg.validate import shapes_graph

from test_shapes import NIF, RO  # noqa: E402

TEXT = "ab cd"
A, B = iris.article("g1"), iris.article("g2")
SPANS = [URIRef(f"https://w3id.org/readout/id/span/g1/{k}") for k in range(3)]
FACTS = [URIRef(f"https://w3id.org/readout/id/fact/g1/{k}") for k in range(3)]
offset = st.builds(lambda n, t: Literal(n, datatype=t), st.integers(0, 6),
                   st.sampled_from([XSD.nonNegativeInteger, XSD.integer]))
words = st.builds(lambda b, e: Literal(TEXT[b:e]), st.integers(0, 5), st.integers(0, 5))
listed = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 6)), min_size=1, max_size=2).map(
    lambda pieces: Literal(";".join(f"{b}-{e}" for b, e in pieces)))
date = st.sampled_from([Literal("2024-05-01", datatype=XSD.date), Literal("2024-05", datatype=XSD.gYearMonth),
                        Literal("2024", datatype=XSD.gYear), Literal("May 2024")])
# what a fact may say, by predicate
SAYS = {RO.reportedIn: st.sampled_from([A, B]), RO.cue: st.sampled_from(SPANS), RO.trigger: st.sampled_from(SPANS),
        RO.sentence: st.sampled_from(SPANS), RO.speakerSpan: st.sampled_from(SPANS), RO.content: st.sampled_from(SPANS),
        RO.cueText: words, RO.cueBeginIndex: offset, RO.cueEndIndex: offset, RO.speakerBeginIndex: offset,
        RO.speakerEndIndex: offset, RO.contentBeginIndex: offset, RO.contentEndIndex: offset,
        RO.contentOffsets: listed, RO.previousContact: st.sampled_from(FACTS), RO.evidence: st.sampled_from(FACTS),
        RO.date: date, RO.datePrecision: st.sampled_from([Literal(w) for w in ("day", "month", "year")])}
says = st.sampled_from(sorted(SAYS)).flatmap(lambda p: SAYS[p].map(lambda o: (p, o)))
fact = st.tuples(st.sampled_from([RO.Statement, RO.EventMention, RO.Position, RO.AttributedPosition, RO.PhoneCall, RO.Event,
                                  RO.Actor]), st.sampled_from([A, A, B]), st.sampled_from(SPANS + [None]), st.lists(says, max_size=12))
span = st.tuples(offset, offset, words, st.sampled_from([A, A, A, B]))
article = st.tuples(st.sampled_from([hashlib.sha256(TEXT.encode()).hexdigest(), "0" * 64, None]),
                    st.one_of(st.none(), offset))
# now and then a term whose comparison the query engine decides: the queries answer for it
ODD = [Literal("2", datatype=XSD.decimal), Literal("day", lang="en"), Literal("02", datatype=XSD.integer),
       Literal("3", datatype=XSD.int), Literal("ab", datatype=XSD.string), A]
odd = st.tuples(st.sampled_from(FACTS + SPANS), st.sampled_from(sorted(SAYS) + [NIF.beginIndex, NIF.endIndex]),
                st.sampled_from(ODD))


def _graph(hashed, comments, spans, facts) -> list[tuple]:
    found = [(A, RDF.type, RO.Article), (A, NIF.isString, Literal(TEXT)), (B, RDF.type, RO.Article)]
    if hashed:
        found.append((A, RO.textSha256, Literal(hashed)))
    if comments is not None:
        found.append((A, RO.commentsBeginAt, comments))
    for node, (begin, end, anchor, context) in zip(SPANS, spans):
        found += [(node, RDF.type, RO.Span), (node, NIF.beginIndex, begin), (node, NIF.endIndex, end),
                  (node, NIF.anchorOf, anchor), (node, NIF.referenceContext, context)]
    for node, (kind, article, sentence, said) in zip(FACTS, facts):    # (most facts are reported and placed)
        found += [(node, RDF.type, kind), (node, RO.reportedIn, article)] + [(node, p, o) for p, o in said]
        found += [(node, RO.sentence, sentence)] if sentence is not None else []
    return found


graphs = st.builds(lambda a, spans, facts: _graph(*a, spans, facts), article, st.lists(span, max_size=3),
                   st.lists(fact, min_size=1, max_size=3))


def _ntriples(found) -> str:
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in found)


def _results(ntriples: str, native: bool, monkeypatch) -> list[tuple]:
    if not native:
        monkeypatch.setattr(constraints, "rows", lambda *args: None)
    try:
        results = fastshapes.shape_results(None, ntriples)
    finally:
        monkeypatch.undo()
    return sorted((r.shape, r.message, r.focus, r.path, r.value, r.value_is_iri) for r in results
                  if r.constraint == "SPARQLConstraintComponent")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graphs, st.sampled_from([[]] * 9 + [[0]]), odd)
def test_python_gives_what_the_queries_give(monkeypatch, found, strange, term):
    """(one graph in ten with one term the queries decide: that check by the queries)"""
    ntriples = _ntriples(found + [term for _ in strange])
    assert _results(ntriples, True, monkeypatch) == _results(ntriples, False, monkeypatch)


def _statement_graph(copy_begin: int, offsets: str):
    s, cue, piece, a = FACTS[0], SPANS[0], SPANS[1], A
    found = [(a, RDF.type, RO.Article), (a, NIF.isString, Literal(TEXT)), (s, RDF.type, RO.Statement),
             (s, RO.reportedIn, a), (s, RO.cue, cue), (s, RO.content, piece), (s, RO.cueText, Literal("ab")),
             (s, RO.cueBeginIndex, Literal(copy_begin)), (s, RO.contentOffsets, Literal(offsets))]
    for node, begin, end in ((cue, 0, 2), (piece, 3, 5)):
        found += [(node, RDF.type, RO.Span), (node, NIF.referenceContext, a),
                  (node, NIF.beginIndex, Literal(begin, datatype=XSD.nonNegativeInteger)),
                  (node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)),
                  (node, NIF.anchorOf, Literal(TEXT[begin:end]))]
    return _ntriples(found)


def test_python_finds_a_wrong_copy_and_an_unlisted_piece_without_a_query(monkeypatch):
    import pyoxigraph

    ntriples = _statement_graph(1, "0-2")
    monkeypatch.setattr(pyoxigraph, "Store", None)     # no store is made: every check is Python's
    found = _results(ntriples, True, monkeypatch)
    assert [(path, value) for _, _, _, path, value, _ in found] == [
        ("ro:contentOffsets", "0-2"), ("ro:cueBeginIndex", "1"), ("ro:cueEndIndex", str(FACTS[0]))]
    assert found == _results(ntriples, False, monkeypatch)
    assert _results(_statement_graph(0, "3-5"), True, monkeypatch) == [
        r for r in found if r[3] == "ro:cueEndIndex"]       # (the end's copy is still missing)


def test_an_integer_written_otherwise_leaves_the_article_to_the_queries(monkeypatch):
    asked = []
    monkeypatch.setattr(constraints, "rows", lambda *args: asked.append(args[0]))
    fastshapes.shape_results(None, _statement_graph(1, "0-2"))
    assert asked
    asked.clear()
    fastshapes.shape_results(None, _statement_graph(1, "0-2").replace('"3"^^', '"03"^^'))
    assert asked == []


def test_only_the_shipped_queries_are_checked_in_python():
    checks = fastshapes.sparql_checks()
    assert {c.native for c in checks if c.native} == set(constraints.QUERIES) | set(grounding.QUERIES)
    shapes = shapes_graph()
    for name in constraints.QUERIES:
        select = str(shapes.value(URIRef(name), URIRef("http://www.w3.org/ns/shacl#select")))
        assert constraints.implements(name, select)
        assert not constraints.implements(name, select.replace("$this", "?other", 1))
        assert not constraints.implements(grounding.SHAPES + "Other", select)
