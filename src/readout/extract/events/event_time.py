"""When an event mention happened and how long it lasted.

- the date is a date phrase attached to the trigger or to the verb that takes it (DATE
  entities, and TIME entities that name a day: "Wednesday night", "the evening of June
  5"), normalised by `readout.extract.timex` against the publication date; a phrase after
  "since", "before", "until" ... dates another event;
- a date phrase with a "when" clause dates the clause's event ("since April 2024, when X
  and Y held talks");
- "first ... since DATE" yields an earlier Contact between the same participants at DATE;
- a date on a line of its own (a readout's "December 29, 2019 18:55") dates the contacts
  told in the paragraph right before or after it, and is the article's reference date
  when it has no publication date;
- a duration is in the trigger's phrase ("a two-hour call", "hour-long"), on the verb the
  trigger is the subject of ("the call lasted 90 minutes", "took place and lasted over two
  hours") or on a verb trigger ("spoke for 90 minutes"); a hedge is kept.
"""
from __future__ import annotations

import functools
import re

from readout.extract import nlp, timex
from readout.extract.events import lexicon
from readout.extract.events.find import Found
from readout.facts import Span

NOT_EVENT_DATE = {"since", "until", "till", "before", "after", "by", "from", "prior", "ahead"}
DAY_WORDS = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
                       r"tonight|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
DATE_LINE = re.compile(r"^\s*(?:[A-Z][a-z]+,?\s+)?(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|"
                       r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})(?:,?\s+\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)?\s*$")


def attach(found: Found, token, text: str, reference: str) -> None:
    """Date and duration phrases attached to the trigger (or to the verb that takes it)."""
    governors = {token.i}
    if token.dep_ in {"dobj", "attr", "nsubjpass", "oprd", "nsubj", "pobj"} and token.head.pos_ in ("VERB", "AUX"):
        governors.add(token.head.i)
    if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("VERB", "AUX"):
        governors.add(token.head.head.i)
    verb = token if token.pos_ == "VERB" else token.head
    when_date = _when_date(verb)
    if when_date is not None:       # "since April 2024, when X and Y held talks"
        value = timex.normalise(when_date.text, reference)
        if value.resolved:
            found.time, found.time_span = value, Span.of(text, when_date.start_char, when_date.end_char)
    for ent in nlp.ents_in(token.sent):
        if ent.label_ not in ("DATE", "TIME") or (ent.label_ == "TIME" and not DAY_WORDS.search(ent.text)):
            continue
        root = ent.root
        while root.dep_ in ("compound", "nummod", "amod") and root.head.i != root.i:
            root = root.head                       # "Friday night", "Tuesday evening"
        prep = root.head if root.head.dep_ == "prep" else None
        if prep is not None and prep.lower_ == "of" and prep.head.head.dep_ == "prep":
            prep = prep.head.head                   # "on the evening of June 5"
        governor = prep.head if prep is not None else root.head
        if root.dep_ == "poss" and root.head.i == token.i:
            governor = token                       # "Wednesday's phone call"
        if governor.i not in governors or root.i == token.i:
            continue
        span = Span.of(text, ent.start_char, ent.end_char)
        value = timex.normalise(ent.text, reference)
        if prep is not None and prep.lower_ == "since":
            if value.resolved and any(c.lemma_.lower() in lexicon.roles()["first"] for c in token.children):
                found.since = (value, Span.of(text, prep.idx, ent.end_char))
            continue
        if prep is not None and prep.lower_ in NOT_EVENT_DATE:
            continue
        if found.time is None or (value.resolved and not found.time.resolved):
            found.time, found.time_span = value, span
    _attach_duration(found, token, text)


def _attach_duration(found: Found, token, text: str) -> None:
    places = [[t for t in token.subtree if t.i < token.i],
              [t for c in token.children if c.dep_ == "acl" for t in c.subtree]]
    if token.pos_ == "VERB":
        places.append([t for c in token.children if c.dep_ in ("prep", "npadvmod", "dobj") and c.lower_ != "with"
                       for t in c.subtree])
    if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX"):
        verb = token.head
        for clause in [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]:
            places.append([t for c in clause.children if c.dep_ in ("dobj", "npadvmod", "prep", "advmod")
                           for t in c.subtree])
    for tokens in places:
        if not tokens:
            continue
        tokens = sorted(tokens, key=lambda t: t.i)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        value = timex.duration_of(text[start:end])
        if value is not None and not value.value.startswith(("P1Y", "PT0")) and "Y" not in value.value:
            found.duration = value
            found.duration_span = Span.of(text, start + value.start, start + value.end)
            return


def _when_date(verb):
    """The date a "when" clause hangs on: the clause's verb is attached to a date phrase."""
    if verb.dep_ not in ("relcl", "advcl") or not any(c.lower_ == "when" for c in verb.children):
        return None
    return next((ent for ent in nlp.ents_in(verb.sent) if ent.label_ == "DATE"
                 and ent.start <= verb.head.i < ent.end), None)


def date_lines(text: str) -> list[tuple[int, int, timex.Timex]]:
    """Lines that are only a date (and a time): (start, end, value), resolved ones only."""
    found, offset = [], 0
    for line in text.splitlines(keepends=True):
        if DATE_LINE.match(line):
            value = _absolute(line.strip())
            if value.resolved and value.precision == "day":
                start = offset + len(line) - len(line.lstrip())
                found.append((start, start + len(line.strip()), value))
        offset += len(line)
    return found


@functools.lru_cache(maxsize=256)
def _absolute(line: str) -> timex.Timex:
    return timex.normalise(re.sub(r",?\s+\d{1,2}:\d{2}.*$", "", line))


def paragraph_of(text: str, offset: int) -> tuple[int, int]:
    """The paragraph (between blank lines) around an offset."""
    start = text.rfind("\n\n", 0, offset)
    end = text.find("\n\n", offset)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)
