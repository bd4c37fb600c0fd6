"""Cross-article identity: one event node for one event, the same claim across articles."""
from __future__ import annotations

import pytest
from rdflib import RDF

from readout import api
from readout.kg import corpus
from readout.kg import iris
from readout.extract.pipeline import extract
from readout.facts import Article
from readout.kg.graph import article_graph, new_graph

PREFIXES = """PREFIX ro: <https://w3id.org/readout/ontology#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
PUTIN, MACRON, ZELENSKYY = "wd:Q7747", "wd:Q3052772", "wd:Q3874799"


def _rows(store, sparql):
    """Rows of plain strings (IRIs and lexical forms)."""
    table = api.query(store, sparql=PREFIXES + sparql)
    return [[getattr(cell, "value", cell) for cell in row] for row in table.rows]


def test_the_call_is_one_event_mentioned_in_all_five_articles(bundled_store):
    rows = _rows(bundled_store, f"""
        SELECT ?event ?date ?duration (COUNT(DISTINCT ?article) AS ?articles) WHERE {{
          ?event a ro:PhoneCall ; ro:date ?date ; ro:duration ?duration ;
                 ro:participant/skos:exactMatch {PUTIN}, {MACRON} ;
                 gaf:denotedBy ?mention .
          ?mention ro:reportedIn/dcterms:identifier ?article ; ro:trigger/nif:anchorOf ?word .
        }} GROUP BY ?event ?date ?duration""")
    assert len(rows) == 1, rows
    event, date, duration, articles = rows[0]
    assert (date, duration, int(articles)) == ("2025-07-01", "PT2H", 5)
    assert event == str(iris.event("PhoneCall", ["emmanuel-macron", "vladimir-putin"], "2025-07-01"))


def test_the_call_has_its_initiator_earlier_contact_and_briefing(bundled_store):
    rows = _rows(bundled_store, f"""
        SELECT ?initiator ?previous_date ?timing WHERE {{
          ?event a ro:PhoneCall ; ro:date "2025-07-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
                 ro:initiator/skos:exactMatch ?initiator ;
                 ro:previousContact/ro:date ?previous_date .
          ?briefing a ro:Briefing ; ro:about ?event ; ro:target/skos:exactMatch {ZELENSKYY} ;
                    ro:timing ?timing .
        }}""")
    assert {(r[0], r[1]) for r in rows} == {("http://www.wikidata.org/entity/Q3052772", "2022-09")}
    assert {r[2] for r in rows} == {"before", "after"}


def test_every_mention_of_the_call_is_grounded_in_its_article(bundled_store):
    rows = _rows(bundled_store, """
        SELECT ?text ?start ?end ?word WHERE {
          ?event a ro:PhoneCall ; ro:date ?d ; gaf:denotedBy/ro:trigger ?span .
          ?span nif:beginIndex ?start ; nif:endIndex ?end ; nif:anchorOf ?word ;
                nif:referenceContext/nif:isString ?text .
        }""")
    assert len(rows) >= 5
    for text, start, end, word in rows:
        assert text[int(start):int(end)] == word


def _graphs(*articles):
    graph = new_graph()
    for facts in extract(list(articles)):
        graph += article_graph(facts)
    return graph


DATED = Article(id="a-dated", text=(
    "German Chancellor Friedrich Merz held a 90-minute phone call with Chinese President "
    "Xi Jinping on Tuesday, March 5, 2024."))


@pytest.mark.parametrize("undated_text, joins", [
    ("Chinese President Xi Jinping and German Chancellor Friedrich Merz held a 90-minute "
     "phone call on Tuesday.", True),
    ("Xi Jinping and Friedrich Merz held a 90-minute phone call on Monday.", False),   # weekday conflicts
    ("Xi Jinping and Friedrich Merz held a two-hour phone call on Tuesday.", False),  # duration conflicts
    ("Xi Jinping and Friedrich Merz held a phone call.", False),                      # nothing agrees
])
def test_an_undated_article_joins_the_event_only_when_details_agree(undated_text, joins):
    graph = _graphs(DATED, Article(id="b-undated", text=undated_text))
    links = corpus.links(graph)
    dated = str(iris.event("PhoneCall", ["friedrich-merz", "xi-jinping"], "2024-03-05"))
    undated = str(iris.event("PhoneCall", ["friedrich-merz", "xi-jinping"], "", "b-undated",
                             undated_text.index("phone call") + len("phone ")))
    found = [(j.undated, j.dated) for j in links.events]
    assert found == ([(undated, dated)] if joins else [])
    if joins:
        assert all("/b-undated/" in m for m in links.events[0].mentions)


def test_two_undated_calls_between_the_same_people_stay_two_events():
    # Before: the IRI hashed type, participants and date only, so every undated call between
    # the same two people, in any article, became one node.
    graph = _graphs(Article(id="c-undated", text="Xi Jinping and Friedrich Merz held a phone call."),
                    Article(id="d-undated", text="Friedrich Merz spoke with Xi Jinping on the phone."))
    nodes = {str(s) for s in graph.subjects(RDF.type, iris.RO.PhoneCall)}
    assert len(nodes) == 2
    assert corpus.links(graph).events == []


def test_an_undated_report_joins_on_a_month_and_day_it_states():
    dated = Article(id="e-dated", published="2024-03-06", text=(
        "German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping on March 5."))
    graph = _graphs(dated, Article(id="f-undated", text=(
        "Xi Jinping and Friedrich Merz held a phone call on March 5.")))
    assert [j.dated for j in corpus.links(graph).events] == [
        str(iris.event("PhoneCall", ["friedrich-merz", "xi-jinping"], "2024-03-05"))]
    graph = _graphs(dated, Article(id="g-undated", text=(
        "Xi Jinping and Friedrich Merz held a phone call on March 4.")))
    assert corpus.links(graph).events == []


def test_corpus_graph_is_deterministic_and_joins_mentions():
    graph = _graphs(DATED, Article(id="b-undated", text=(
        "Xi Jinping and Friedrich Merz held a 90-minute phone call on Tuesday.")))
    first, second = corpus.corpus_graph(graph), corpus.corpus_graph(graph)
    assert set(first) == set(second) and len(first) > 0
    union = graph + first
    dated = iris.event("PhoneCall", ["friedrich-merz", "xi-jinping"], "2024-03-05")
    articles = set(union.query(PREFIXES + f"""
        SELECT DISTINCT ?a WHERE {{ <{dated}> gaf:denotedBy/ro:reportedIn ?a }}"""))
    assert len(articles) == 2


def test_same_claim_across_articles():
    one = Article(id="c-one", text="Xi Jinping said that Western states ignored China's legitimate interests.")
    two = Article(id="c-two", text=("Chinese President Xi Jinping insisted that the Western states "
                                    "ignored China's legitimate interests for years."))
    other = Article(id="c-three", text="Xi Jinping said that trade with Germany must grow.")
    links = corpus.links(_graphs(one, two, other))
    assert len(links.same_claims) == 1
    statement, representative = links.same_claims[0]
    assert "/c-two/" in statement and "/c-one/" in representative


def test_a_briefing_before_and_one_after_are_two_nodes_with_one_timing_each(bundled_facts):
    # 001: "Before and after the call, he briefed Ukrainian President Volodymyr Zelenskyy"
    from rdflib import RDF

    from readout.kg.iris import RO

    graph = article_graph(bundled_facts["001_c21d440a9f3ac777"])
    timings = {node: {str(t) for t in graph.objects(node, RO.timing)}
               for node in graph.subjects(RDF.type, RO.Briefing)}
    assert all(len(t) <= 1 for t in timings.values())
    assert sorted(t for found in timings.values() for t in found) == ["after", "before"]


def _claim(speaker: str, article: str, n: int, content: str):
    return (f"s:{speaker}", f"st:{article}/{n}", f"a:{article}", content)


CLAIMS = [   # two groups by one speaker, then a claim from a third article that joins them
    _claim("x", "a5", 1, "grain exports collapsed under the blockade"),
    _claim("x", "a6", 1, "grain exports collapsed because of the blockade"),
    _claim("x", "a3", 1, "the blockade starved poor nations"),
    _claim("x", "a2", 1, "the blockade starved poor nations of wheat"),
    _claim("x", "a1", 9, "grain exports collapsed and the blockade starved poor nations"),
    _claim("y", "a4", 1, "grain exports collapsed under the blockade"),
    _claim("y", "a7", 1, "weather was fine on Tuesday"),
]


@pytest.mark.parametrize("split", range(1, len(CLAIMS)))
def test_new_claims_compared_with_the_stored_ones_give_what_all_at_once_give(split):
    """The corpus step of a build compares only its new claims with the stored claims of the
    same speakers, on top of the groups the store's cross-article graph records."""
    everything = corpus.same_claims(CLAIMS)
    assert everything == [(f"st:{a}/1", "st:a1/9") for a in ("a2", "a3", "a5", "a6")]
    assert corpus.same_claims(CLAIMS[:4]) == [("st:a3/1", "st:a2/1"), ("st:a6/1", "st:a5/1")]
    stored, new = CLAIMS[:split], CLAIMS[split:]
    before = dict(corpus.same_claims(stored))
    speakers = {row[0] for row in new}
    assert corpus.same_claims(new, [r for r in CLAIMS if r[0] in speakers], before) == everything
