"""The grounding of spans checked in one pass (`readout.kg.grounding`) gives what the two
SHACL-SPARQL constraints give when Oxigraph runs them, on texts and spans of every kind; it
stands in only for the shipped queries. (Its cost against the queries': bench/long_article.py.)"""
from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from readout.kg import fastshapes, grounding, iris
from readout.kg.validate import shapes_graph

from test_shapes import NIF, RO  # noqa: E402

ARTICLE = iris.article("g1")


def _graph(text: str, spans) -> str:
    g = Graph()
    g.add((ARTICLE, RDF.type, RO.Article))
    g.add((ARTICLE, NIF.isString, Literal(text)))
    for n, (kind, begin, end, begin_type, anchors, lang, linked) in enumerate(spans):
        node = URIRef(f"https://w3id.org/readout/id/span/g1/{n}")
        g.add((node, RDF.type, kind))
        g.add((node, NIF.beginIndex, Literal(str(begin), datatype=begin_type)))
        g.add((node, NIF.endIndex, Literal(end, datatype=XSD.nonNegativeInteger)))
        for anchor in anchors:
            words = text[max(begin, 0):max(end, 0)]
            value = words if anchor is None else anchor.format(words) if "{}" in anchor else anchor
            g.add((node, NIF.anchorOf, Literal(value, lang="en" if lang else None)))
        if linked:
            g.add((node, NIF.referenceContext, ARTICLE))
    return g.serialize(format="nt")


# an anchor: the text at the offsets (None), the same with a space before or after, or other words
anchor = st.one_of(st.none(), st.sampled_from([" {}", "{} ", "{}x"]), st.text(max_size=4))
span = st.tuples(st.sampled_from([RO.Span, RO.Mention, RO.Statement]), st.integers(-2, 14), st.integers(-1, 16),
                 st.sampled_from([XSD.integer, XSD.nonNegativeInteger]), st.lists(anchor, min_size=1, max_size=2),
                 st.sampled_from([False] * 9 + [True]), st.sampled_from([True] * 9 + [False]))


def _grounding_results(ntriples: str, native: bool, monkeypatch) -> list[tuple]:
    if not native:
        monkeypatch.setattr(grounding, "violations", lambda data: None)
    try:
        results = fastshapes.shape_results(None, ntriples)
    finally:
        monkeypatch.undo()
    return sorted((r.message, r.focus, r.path, r.value, r.value_is_iri) for r in results
                  if r.shape == "rs:SpanShape" and r.constraint == "SPARQLConstraintComponent")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="ab ,\u00fc\u00a0\U0001d518\n\t\"", max_size=14),
       st.lists(span, max_size=5), st.sampled_from([None] * 6 + [XSD.decimal, XSD.string, XSD.int, XSD.double]))
def test_one_pass_gives_what_the_queries_give(monkeypatch, text, spans, odd):
    """(now and then one span's begin offset of another type: the whole article by the queries)"""
    if odd is not None and spans:
        spans[0] = spans[0][:3] + (odd,) + spans[0][4:]
    ntriples = _graph(text, spans)
    assert _grounding_results(ntriples, True, monkeypatch) == _grounding_results(ntriples, False, monkeypatch)


def test_one_pass_checks_well_typed_spans_itself_and_finds_an_ungrounded_anchor(monkeypatch):
    text = "Grüße, 𝔘nd so: talks resumed."
    ntriples = _graph(text, [(RO.Mention, 0, 5, XSD.nonNegativeInteger, [None], False, True),
                             (RO.Span, 7, 10, XSD.nonNegativeInteger, ["und"], False, True),
                             (RO.Span, 20, 99, XSD.nonNegativeInteger, [None], False, True)])
    answers = []
    real = grounding.violations
    monkeypatch.setattr(grounding, "violations", lambda d: answers.append(real(d)) or answers[-1])
    found = _grounding_results(ntriples, True, monkeypatch)
    assert len(answers) == 1 and None not in answers      # checked in one pass, not by the queries
    assert [(focus.rsplit("/", 1)[1], path, value) for _, focus, path, value, _ in found] == [
        ("2", "nif:endIndex", "99"), ("1", "nif:anchorOf", "und")]     # (by message)
    assert found == _grounding_results(ntriples, False, monkeypatch)


def test_only_the_shipped_queries_are_checked_in_one_pass():
    checks = fastshapes.sparql_checks()
    assert {c.native for c in checks if c.native} >= {grounding.END_IN_TEXT, grounding.ANCHOR_GROUNDED}
    shapes = shapes_graph()
    for name in grounding.QUERIES:
        select = str(shapes.value(URIRef(name), URIRef("http://www.w3.org/ns/shacl#select")))
        assert grounding.implements(name, select)
        assert not grounding.implements(name, select.replace("?text", "?words", 1))
        assert not grounding.implements(grounding.SHAPES + "Other", select)
    changed = [dataclasses.replace(c, native="") for c in checks]
    assert all(not c.native for c in changed)
