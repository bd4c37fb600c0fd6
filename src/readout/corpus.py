"""Cross-article identity, computed from the article graphs (not from in-memory facts).

Builds are incremental, so this step reads the RDF of every article graph in the store
and says which nodes are the same across articles; `readout.graph.corpus_graph` writes
the answer into the cross-article named graph `iris.CORPUS_GRAPH`.

- Events. Articles that date an event already share its IRI (type, participants, date).
  An undated event (an article that says only "on Tuesday" and has no publication date)
  joins a dated one when the type and participants are the same, no detail conflicts
  (duration, the weekday named) and at least one detail positively agrees; when more
  than one dated event fits, it joins none.
- Statements. Statements by the same speaker in different articles make the same claim
  when their contents share a distinctive word trigram (two or more content words) or
  most of their content words. Each keeps its own article, span and source; all point
  to one representative (the smallest IRI) with `ro:sameClaimAs`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from readout.iris import BASE

PREFIXES = """PREFIX ro: <https://w3id.org/readout/ontology#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
"""
EVENTS = PREFIXES + """
SELECT ?event ?type ?date ?duration ?participant WHERE {
  ?event a ?type ; ro:participant ?participant .
  FILTER(STRSTARTS(STR(?event), "%sevent/") && STRSTARTS(STR(?type), STR(ro:)))
  OPTIONAL { ?event ro:date ?date }
  OPTIONAL { ?event ro:duration ?duration }
}""" % BASE
EVENT_MENTIONS = PREFIXES + """
SELECT ?event ?mention ?weekday WHERE {
  ?event gaf:denotedBy ?mention . OPTIONAL { ?mention ro:weekday ?weekday }
}"""
STATEMENTS = PREFIXES + """
SELECT ?statement ?speaker ?article ?content WHERE {
  ?statement a ro:Statement ; ro:speaker ?speaker ; ro:reportedIn ?article ; ro:contentText ?content .
  FILTER NOT EXISTS { ?statement ro:isReaderComment true }
}"""
JACCARD = 0.5


@dataclass
class EventJoin:
    undated: str                 # IRI of the event as the undated articles identify it
    dated: str                   # IRI of the dated event it is the same as
    mentions: list[str] = field(default_factory=list)   # mentions of the undated event


@dataclass
class CorpusLinks:
    events: list[EventJoin] = field(default_factory=list)
    same_claims: list[tuple[str, str]] = field(default_factory=list)   # (statement, representative)


@dataclass
class _Event:
    iri: str
    types: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    date: str = ""
    duration: str = ""
    mentions: set[str] = field(default_factory=set)
    weekdays: set[int] = field(default_factory=set)


def corpus_graph(articles):
    """The cross-article named graph for the union of the article graphs (see `api.build`)."""
    from readout.graph import corpus_graph as write

    return write(links(articles))


def links(graph) -> CorpusLinks:
    """Cross-article links among the article graphs in `graph` (an rdflib Graph or Dataset)."""
    return CorpusLinks(events=_event_joins(graph), same_claims=_same_claims(graph))


def _event_joins(graph) -> list[EventJoin]:
    events: dict[str, _Event] = {}
    for row in graph.query(EVENTS):
        event = events.setdefault(str(row.event), _Event(str(row.event)))
        event.types.add(str(row.type))
        event.participants.add(str(row.participant))
        event.date = str(row.date) if row.date is not None else event.date
        event.duration = str(row.duration) if row.duration is not None else event.duration
    for row in graph.query(EVENT_MENTIONS):
        if (event := events.get(str(row.event))) is not None:
            event.mentions.add(str(row.mention))
            if row.weekday is not None:
                event.weekdays.add(int(row.weekday))
    dated = [e for e in events.values() if e.date]
    joins = []
    for event in sorted(events.values(), key=lambda e: e.iri):
        if event.date:
            continue
        fits = [d for d in dated if _agrees(event, d)]
        if len(fits) == 1:
            joins.append(EventJoin(event.iri, fits[0].iri, sorted(event.mentions)))
    return joins


def _agrees(undated: _Event, dated: _Event) -> bool:
    if undated.types != dated.types or undated.participants != dated.participants:
        return False
    agreeing = 0
    if undated.duration and dated.duration:
        if undated.duration != dated.duration:
            return False
        agreeing += 1
    if undated.weekdays and len(dated.date) == 10:
        if {dt.date.fromisoformat(dated.date).weekday()} != undated.weekdays:
            return False
        agreeing += 1
    return agreeing > 0


def _same_claims(graph) -> list[tuple[str, str]]:
    from spacy.lang.en.stop_words import STOP_WORDS

    rows = sorted((str(r.speaker), str(r.statement), str(r.article), str(r.content))
                  for r in graph.query(STATEMENTS))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    features = {st: _features(content, STOP_WORDS) for _, st, _, content in rows}
    for i, (speaker, st, article, _) in enumerate(rows):
        for other_speaker, other, other_article, _ in rows[i + 1:]:
            if other_speaker != speaker:
                break
            if other_article == article or not _same(features[st], features[other]):
                continue
            a, b = find(st), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return sorted((st, find(st)) for st in parent if find(st) != st)


def _features(content: str, stop_words) -> tuple[set[str], set[tuple[str, ...]]]:
    words = [re.sub(r"[’']s$", "", w)
             for w in re.findall(r"[a-z0-9]+(?:[-’'][a-z0-9]+)*", content.lower())]
    content_words = {w for w in words if w not in stop_words and len(w) > 2}
    trigrams = {tuple(words[i:i + 3]) for i in range(len(words) - 2)
                if sum(w not in stop_words for w in words[i:i + 3]) >= 2}
    return content_words, trigrams


def _same(a, b) -> bool:
    (words_a, grams_a), (words_b, grams_b) = a, b
    if grams_a & grams_b:
        return True
    union = words_a | words_b
    return bool(union) and len(words_a & words_b) / len(union) >= JACCARD
