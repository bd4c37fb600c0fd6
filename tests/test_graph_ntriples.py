"""The build writes each article's N-Triples straight from its facts (`graph.article_ntriples`),
not through an rdflib Graph: every line must be what rdflib would have written for the same
triple, and the text must parse to the same triples in rdflib and in Oxigraph."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, XSD
from rdflib.plugins.serializers.nt import _nt_row

from readout.facts import Article, ArticleFacts
from readout.kg import graph as graph_module
from readout.kg.vocabulary import RO

NODE = URIRef("https://w3id.org/readout/id/article/x")
VALUES = [
    ("plain", None), ('a "quoted" word', None), ("back\\slash", None), ("two\nlines\r\n", None),
    ("line\u2028separator \u0085 next-line \x0c form feed", None), ("Zürich – “curly” ’", None), ("", None),
    (True, None), (False, None), (0, XSD.nonNegativeInteger), (4711, XSD.nonNegativeInteger), (-3, None),
    (Decimal("0.9"), XSD.decimal), (Decimal("1.0"), XSD.decimal), (Decimal("0"), XSD.decimal),
    ("PT90M", XSD.duration), ("PT2H", XSD.duration), ("2025-07-01", XSD.date), ("2025", XSD.gYear),
    ("2025-07", XSD.gYearMonth), ("https://example.org/a?b=c&d", XSD.anyURI),
]


def _written(value, datatype) -> str:
    writer = graph_module._Base(ArticleFacts(article=Article(id="x", text="t")))
    writer.lit(NODE, RO.rule, value, datatype=datatype)
    (line,) = writer.lines
    return line


@pytest.mark.parametrize("value,datatype", VALUES, ids=[repr(v)[:30] for v, _ in VALUES])
def test_a_literal_is_written_as_rdflib_writes_it(value, datatype):
    assert _written(value, datatype) == _nt_row((NODE, RO.rule, Literal(value, datatype=datatype)))


def test_a_duration_keeps_rdflibs_lexical_form():
    # rdflib writes xsd:duration in its own normal form; stores built before kept that form
    assert '"PT1H30M"^^' in _written("PT90M", XSD.duration)


def test_a_label_written_by_a_related_node_counts_as_the_entitys_label():
    writer = graph_module._Base(ArticleFacts(article=Article(id="x", text="t")))
    writer.lit(NODE, RDFS.label, "France")
    assert NODE in writer.labelled


def test_the_bundled_articles_ntriples_parse_the_same_in_rdflib_and_oxigraph(bundled_facts):
    for facts in bundled_facts.values():
        text, count = graph_module.article_ntriples(facts)
        lines = [line for line in text.split("\n") if line]
        assert len(lines) == len(set(lines)) == count
        assert len(graph_module.article_graph(facts)) == count
        store = ox.Store()
        store.load(text, format=ox.RdfFormat.N_TRIPLES)
        assert len(store) == count


def test_the_terms_handed_to_the_shapes_are_the_parse_of_the_text(bundled_facts):
    """The shapes index the writer's terms as they are, instead of parsing its text: they
    must be the parse's triples, each literal already in the parse's canonical form."""
    from readout.kg import ntriples

    for facts in bundled_facts.values():
        text, count, terms = graph_module.article_terms(facts)
        assert [tuple(t) for t in terms] == ntriples.parse(text)
        assert len(terms) == count and "".join(f"{s} {p} {o} .\n" for s, p, o in terms) == text


@pytest.mark.parametrize("value,datatype", VALUES, ids=[repr(v)[:30] for v, _ in VALUES])
def test_every_kind_of_literal_is_written_in_the_shapes_canonical_form(value, datatype):
    from readout.kg import ntriples

    writer = graph_module._Base(ArticleFacts(article=Article(id="x", text="t")))
    writer.lit(NODE, RO.rule, value, datatype=datatype)
    ((_, _, written),) = writer.lines.values()
    assert ntriples.parse(f"<{NODE}> <{RO.rule}> {written} .\n") == [(f"<{NODE}>", f"<{RO.rule}>", written)]


def test_a_literal_given_to_add_is_refused_not_written_as_an_iri():
    from rdflib import Literal as RdfLiteral

    writer = graph_module._Base(ArticleFacts(article=Article(id="x", text="t")))
    with pytest.raises(TypeError, match="lit"):
        writer.add(NODE, RO.rule, RdfLiteral("a rule"))
