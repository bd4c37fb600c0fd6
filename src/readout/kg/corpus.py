"""Cross-article identity, computed from the article graphs (not from in-memory facts).

Builds are incremental, so this step reads RDF from the store, not the facts of this build:
an index of the article graphs (`readout.batches`: each statement's claim, every triple of
each event and event mention), read by one query. A rule that reads more must add it to
that query. When the store already holds a cross-article graph, only the new articles'
claims are compared, with each other and with the stored claims of the same speakers (read
by speaker from the store's indexes, not by loading every graph), on top of the groups that
graph records (`same_claims`); events are few and are joined anew from the whole index. It
says which nodes are the same across articles; `readout.graph.corpus_graph` writes the
answer into the cross-article named graph `iris.CORPUS_GRAPH`.

- Events. Articles that date an event already share its IRI (type, participants, date,
  modality). An event without a date is its article's own (`iris.event`): two undated
  calls between the same people are two events unless something joins them. An undated
  event (an article that says only "on Tuesday" or "on March 18" and has no publication
  date) joins a dated one when the type and participants are the same, no detail
  conflicts (duration, the weekday named, the month and day named) and at least one
  detail positively agrees; when more than one dated event fits, it joins none.
- Statements. Statements by the same speaker in different articles make the same claim
  when their contents share two pairs of adjacent content words (stop words and
  capitalised names left out: names say who, not what is claimed) or most of their
  content words. Each keeps its own article, span and source; all point
  to one representative (the smallest IRI) with `ro:sameClaimAs`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef

from readout.kg.iris import BASE
from readout.kg.vocabulary import GAF, RO

EVENT_PREFIX = BASE + "event/"
JACCARD = 0.6
MIN_WORDS = 5
MIN_SHARED_PAIRS = 2


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
    month_days: set[tuple[int, int]] = field(default_factory=set)


def corpus_graph(articles):
    """The cross-article named graph for the union of the article graphs (see `readout.batches`)."""
    from readout.kg.graph import corpus_graph as write   # graph.py writes the triples

    return write(links(articles))


def links(graph) -> CorpusLinks:
    """Cross-article links among the article graphs in `graph` (an rdflib Graph or Dataset)."""
    return CorpusLinks(events=event_joins(graph), same_claims=same_claims(claim_rows(graph)))


def event_joins(graph) -> list[EventJoin]:
    # Triple patterns rather than SPARQL: rdflib's query parser keeps tracebacks alive,
    # which would keep the caller's open store (and its lock) from being released.
    events: dict[str, _Event] = {}
    for node, type_ in graph.subject_objects(RDF.type):
        if str(node).startswith(EVENT_PREFIX) and str(type_).startswith(str(RO)):
            events.setdefault(str(node), _Event(str(node))).types.add(str(type_))
    for iri, event in events.items():
        node = URIRef(iri)
        event.participants = {str(p) for p in graph.objects(node, RO.participant)}
        event.date = str(graph.value(node, RO.date) or "")
        event.duration = str(graph.value(node, RO.duration) or "")
        for mention in graph.objects(node, GAF.denotedBy):
            event.mentions.add(str(mention))
            event.weekdays.update(int(w) for w in graph.objects(mention, RO.weekday))
            event.month_days.update(md for t in graph.objects(mention, RO.timeText)
                                    if (md := _month_day(str(t))) is not None)
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
    if undated.month_days and len(dated.date) == 10:
        day = dt.date.fromisoformat(dated.date)
        if undated.month_days != {(day.month, day.day)}:
            return False
        agreeing += 1
    return agreeing > 0


def _month_day(text: str) -> tuple[int, int] | None:
    """(month, day) a time text names without a year ("March 18", "Jan. 17")."""
    from readout.extract import timex

    found = timex.normalise(text, "2000-07-01")     # any reference: only month and day are read
    if found.precision != "day" or found.kind != "date":
        return None
    return int(found.value[5:7]), int(found.value[8:10])


Row = tuple[str, str, str, str]     # (speaker, statement, article, content text)


def claim_rows(graph) -> list[Row]:
    """The claims the same-claim rule compares: each statement (not a reader comment)."""
    rows = []
    for statement in graph.subjects(RDF.type, RO.Statement):
        if graph.value(statement, RO.isReaderComment) == Literal(True):
            continue
        values = [graph.value(statement, p) for p in (RO.speaker, RO.reportedIn, RO.contentText)]
        if None not in values:
            rows.append((str(values[0]), str(statement), str(values[1]), str(values[2])))
    return sorted(rows)


def same_claims(new: list[Row], stored: list[Row] = (),
                before: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(statement, representative) for every statement whose claim another article makes too.

    `new` claims are compared with each other and with the `stored` ones (those of the same
    speakers already in the store), and `before` (statement -> representative, what the
    store's cross-article graph says of the stored claims) carries the groups the stored
    claims already form. Claims by different speakers are never the same, stored claims
    were compared with each other when they were new, and a group's representative is its
    smallest IRI: the answer is the one all claims compared at once give (tests/test_corpus.py).
    """
    from readout import stopwords

    parent: dict[str, str] = dict(before or {})

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    rows = sorted(set(new))
    by_speaker: dict[str, list[Row]] = {}
    for row in sorted(set(stored) - set(rows)):
        by_speaker.setdefault(row[0], []).append(row)
    stop_words = stopwords.english()
    features = {st: _features(content, stop_words) for _, st, _, content in rows + list(stored)}
    ends, end = [0] * len(rows), len(rows)     # ends[i]: after the last row of row i's speaker
    for i in range(len(rows) - 1, -1, -1):
        if i + 1 < len(rows) and rows[i + 1][0] != rows[i][0]:
            end = i + 1
        ends[i] = end
    for i, (speaker, st, article, _) in enumerate(rows):
        for _, other, other_article, _ in rows[i + 1:ends[i]] + by_speaker.get(speaker, []):
            if other_article == article or not _same(features[st], features[other]):
                continue
            a, b = find(st), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return sorted((st, find(st)) for st in parent if find(st) != st)


_WORD = re.compile(r"[A-Za-z0-9]+(?:[-’'][A-Za-z0-9]+)*")
_POSSESSIVE = ("'s", "’s")


def _features(content: str, stop_words) -> tuple[set[str], set[tuple[str, str]]]:
    """Content words (not stop words, not capitalised names) and their adjacent pairs."""
    words = []
    for raw in _WORD.findall(content):
        word = raw.lower()
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        if raw[:1].isupper() or word in stop_words or len(word) < 3:
            continue      # names say who, not what is claimed; "the policy of Western states"
        words.append(_singular(word))
    return set(words), {(a, b) for a, b in zip(words, words[1:])}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _same(a, b) -> bool:
    """Two shared word pairs ("direct consequence", "consequence policy"), or most words."""
    (words_a, pairs_a), (words_b, pairs_b) = a, b
    if len(pairs_a & pairs_b) >= MIN_SHARED_PAIRS:
        return True
    union = words_a | words_b
    return min(len(words_a), len(words_b)) >= MIN_WORDS and len(words_a & words_b) / len(union) >= JACCARD
