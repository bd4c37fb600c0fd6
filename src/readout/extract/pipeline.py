"""Article -> facts: parse, find mentions, statements, events and positions.

Data moves one way: article -> parsed doc -> facts. Articles are parsed in batches with
the one pipeline per process (`readout.nlp`).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from readout.extract import events
from readout.extract import mentions
from readout.extract import nlp
from readout.extract import positions
from readout.extract import readouts
from readout.extract import statements
from readout.facts import Article, ArticleFacts
from readout.link.gazetteer import Gazetteer, default


def extract(articles: Iterable[Article], gazetteer: Gazetteer | None = None) -> Iterator[ArticleFacts]:
    """Facts for each article, in input order."""
    gazetteer = gazetteer or default()
    articles = list(articles)
    docs = nlp.parse(a.text for a in articles)
    for article, doc in zip(articles, docs):
        yield extract_doc(article, doc, gazetteer)


def extract_doc(article: Article, doc, gazetteer: Gazetteer) -> ArticleFacts:
    found = mentions.find(doc, article.text, gazetteer)
    index = mentions.MentionIndex(found)
    said = statements.extract(article, doc, index, gazetteer)
    happened = events.extract(article, doc, index)
    return ArticleFacts(
        article=article,
        mentions=index.mentions,
        statements=said,
        events=happened,
        positions=positions.derive(said, index, gazetteer, doc, article),
        readouts=readouts.find(article, said, index.mentions, happened),
    )
