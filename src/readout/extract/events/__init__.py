"""Event mentions, their participants, roles, time and modality, and briefings about them.

The stages, one module each: `lexicon` (the word lists of `data/lexicons/`), `find`
(a trigger -> one mention: type, people, initiator, modality), `participants` (who takes
part), `event_time` (date and duration), `group` (in-article coreference: mentions ->
events), `briefings`. `extract` runs them and returns `EventMention` facts; every mention
of one event carries the event's participants, date, duration, initiator and modality.

Beyond what each mention says: "X also participated in the meeting" adds X to it; an
event with no date phrase is dated by a date line next to it (a readout's "December 29,
2019 18:55"), or, when its verb is a present perfect ("has adopted a resolution", "has
had a call") in an article with a publication date, by that date.
"""
from __future__ import annotations

from readout.extract.events import event_time, lexicon, participants as parts
from readout.extract.events.briefings import briefings
from readout.extract.events.find import Found, find
from readout.extract.events.group import Event, group, resolve_initiator
from readout.extract import timex
from readout.extract.mentions import MentionIndex
from readout.facts import Article, EventMention, Span

GENERIC = "Contact"

__all__ = ["extract"]


def extract(article: Article, doc, index: MentionIndex) -> list[EventMention]:
    """Event mentions of one article (reader comments excluded), briefings included."""
    lines = event_time.date_lines(article.text)
    reference = article.published or (lines[0][2].value if lines else "")
    found = []
    for token in doc:
        item = find(article, token, index)
        if item is not None:
            event_time.attach(item, token, article.text, reference)
            found.append(item)
    _participation(doc, index, found)
    events = group(found)
    out: list[EventMention] = []
    by_token: dict[int, EventMention] = {}
    for event in events:
        mentions = _mentions(article, event, lines)
        out.extend(mentions)
        for f, m in zip(event.found, mentions):
            by_token[f.token.i] = m
        if mentions and mentions[0].previous is not None:
            out.append(mentions[0].previous)
    out.extend(briefings(article, doc, index, by_token))
    return out


def _participation(doc, index: MentionIndex, found: list[Found]) -> None:
    """"X also participated in the meeting", "X joined the talks": X takes part."""
    by_token = {f.token.i: f for f in found}
    for token in doc:
        if token.lemma_.lower() not in lexicon.roles()["participate"] or token.pos_ != "VERB":
            continue
        targets = [c for c in token.children if c.dep_ == "dobj"]
        targets += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "in"
                    for g in c.children if g.dep_ == "pobj"]
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        who = parts.entity_of(subject, index) if subject is not None else None
        for target in targets:
            if who is not None and target.i in by_token and who not in by_token[target.i].joined:
                by_token[target.i].joined.append(who)
                by_token[target.i].anaphor = True


def _mentions(article: Article, event: Event, lines) -> list[EventMention]:
    text = article.text
    participants = sorted(event.people.values(), key=lambda e: e.key)
    stated = event.date()
    unresolved = next((f for f in event.found if f.time and not f.time.resolved), None)
    date, precision, date_span, rule = "", "", None, ""
    if stated is not None:
        source = next(f for f in event.found if f.time is stated)
        date, precision, date_span = stated.value, stated.precision, source.time_span
    elif unresolved is None and not any(f.time for f in event.found):
        date, precision, date_span, rule = _undated(article, event, lines)
    duration_from = next((f for f in event.found if f.duration), None)
    since_from = next((f for f in event.found if f.since), None)
    initiator = resolve_initiator(event)
    mentions = []
    for f in event.found:
        token = f.token
        sent = token.sent
        mentions.append(EventMention(
            type=event.type, trigger=Span.of(text, token.idx, token.idx + len(token)),
            sentence=Span.of(text, sent.start_char, sent.end_char),
            participants=participants, initiator=initiator, place=event.first("place"),
            date=date, precision=precision, date_span=date_span,
            duration=duration_from.duration.value if duration_from else "",
            duration_hedge=duration_from.duration.hedge if duration_from else "",
            duration_span=duration_from.duration_span if duration_from else None,
            time_text=unresolved.time.text if unresolved and not date else "",
            time_span=unresolved.time_span if unresolved and not date else None,
            weekday=unresolved.time.weekday if unresolved else None,
            modality=event.modality, first_trigger=event.found[0].token.idx,
            rule=f.rule + (f"+{rule}" if rule else "")))
    if since_from is not None and mentions:
        value, span = since_from.since
        token = since_from.token
        previous = EventMention(
            type=GENERIC, trigger=span,
            sentence=Span.of(text, token.sent.start_char, token.sent.end_char),
            participants=participants, date=value.value, precision=value.precision,
            date_span=span, rule="first-since-date")
        for mention in mentions:
            mention.previous = previous
    return mentions


def _undated(article: Article, event: Event, lines) -> tuple[str, str, Span | None, str]:
    """A date for an event no phrase dates: a date line next to it, or a same-day report."""
    text = article.text
    for f in event.found:
        sent = f.token.sent
        for start, end, value in lines:
            if (sent.end_char <= start and not text[sent.end_char:start].strip()) or \
                    (end <= sent.start_char and not text[end:sent.start_char].strip()):
                return value.value, value.precision, Span.of(text, start, end), "date-line"
    if article.published and any(f.perfect for f in event.found) and event.modality == lexicon.ACTUAL:
        value = timex.normalise("today", article.published)
        if value.resolved:
            return value.value, value.precision, None, "present-perfect-publication-date"
    return "", "", None, ""
