"""Official readouts and statements an article reports, from its statements, mentions and events.

An article reports an official statement when a statement's source is an office or a
government ("according to the presidency", "the ministry said", "the French statement said"),
or when an office or government is named next to a marker word of
`data/lexicons/readout-markers.tsv` ("the presidency's readout", "the prime minister's office's
summary"). The statement is a readout when the article has a contact event (a call, a
meeting, talks) in which the issuer's side took part: it is that side's account of it.

Which statements a readout carries:
- a statement whose source (`according_to`, else the speaker itself) is the issuer;
- a statement later in the same paragraph as a readout's marker, whose speaker is on the
  issuer's side and which the article gives no other source ("The presidency's readout of the
  call ... The president reiterated ..."), unless another official source is named in between.

Plain facts in, plain facts out: no parse, no rdflib. The same input gives the same
readouts, in text order.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import Counter

from readout.config import LEXICON_DIR
from readout.facts import Article, Entity, EventMention, Mention, Readout, Span, Statement

OFFICIAL_TYPES = frozenset({"government_body", "country"})   # who issues official statements
# Ontology event classes that are a direct exchange between participants (ro:Contact and
# its subclasses): what a readout gives an account of.
CONTACT_TYPES = frozenset({"Contact", "PhoneCall", "Meeting", "Negotiation"})
ACCORDING_TO = re.compile(r"according to\s+$", re.IGNORECASE)   # the phrase statements reads too
MARKER_GAP = 40          # at most this many characters between an office's name and a marker


@functools.lru_cache(maxsize=1)
def markers() -> re.Pattern:
    """One pattern for every marker of data/lexicons/readout-markers.tsv, longest first."""
    with (LEXICON_DIR / "readout-markers.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        words = sorted({r["marker"].strip().lower() for r in rows if r["marker"].strip()},
                       key=lambda w: (-len(w), w))
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])",
                      re.IGNORECASE)


def side(entity: Entity | None) -> str:
    """The key of the state an actor speaks for: a state itself, or its affiliation."""
    if entity is None:
        return ""
    return entity.key if entity.type == "country" else entity.country


def find(article: Article, statements: list[Statement], mentions: list[Mention],
         events: list[EventMention]) -> list[Readout]:
    """The official statements and readouts of one article, each with the statements it carries."""
    text = article.text
    found: dict[tuple[str, int], Readout] = {}
    event_of = _events_by_side(events)

    def readout(issuer: Entity, marker: Span, rule: str) -> Readout:
        event = event_of.get(side(issuer))
        key = (issuer.key, id(event))
        if key not in found:
            found[key] = Readout(issuer=issuer, markers=[], rule=rule, event=event)
        current = found[key]
        if marker not in current.markers:
            current.markers.append(marker)
        return current

    mention_spans = {(m.span.start, m.span.end) for m in mentions}
    for mention in mentions:
        if mention.entity.type in OFFICIAL_TYPES and not article.in_comments(mention.span.start):
            marker = _marker_near(text, mention.span)
            if marker is not None:
                readout(mention.entity, marker, "readout-marker")
    for st in statements:
        if st.reader_comment:
            continue
        source, source_span = _official_source(st)
        if source is None:
            continue
        marker = _marker_near(text, source_span) if source_span is not None else None
        if marker is None:
            marker = _grounding(text, st, source_span, mention_spans)
        current = readout(source, marker, "readout-source" if st.according_to is source else "readout-speaker")
        if st not in current.statements:
            current.statements.append(st)
    _carry_following(text, list(found.values()), statements)
    used: set[Span] = set()
    for key, current in sorted(found.items(), key=lambda kv: (min(kv[1].markers), kv[0][0])):
        # words report one statement: a span two readouts share stays with the first
        current.markers = sorted(m for m in current.markers if m not in used)
        used.update(current.markers)
        if not current.markers:
            del found[key]
    for current in found.values():
        current.statements.sort(key=lambda s: (s.cue.start, s.cue.end, s.speaker.key))
    return sorted(found.values(), key=lambda r: (r.markers[0].start, r.issuer.key))


def _official_source(st: Statement) -> tuple[Entity | None, Span | None]:
    if st.speaker.type == "unnamed":
        return None, None        # "a French diplomatic source": not the government speaking
    if st.according_to is not None:
        if st.according_to.type in OFFICIAL_TYPES:
            return st.according_to, st.according_to_span
        return None, None        # reported through a person, an outlet, an unnamed source
    if st.speaker.type in OFFICIAL_TYPES and st.speech_act != "believe" and st.speaker_span is not None:
        return st.speaker, st.speaker_span   # "the ministry said"; not "the capital wants" (a belief)
    return None, None


# What may stand between an office's name and a marker word: a possessive and at most one
# word ("the presidency's official readout", "the ministry press service"), a verb and "in a"
# ("the ministry said in a statement"); and between a marker and the name after it, "from",
# "by" or "of" ("the readout from the palace"). Nothing else, so that "take
# Russia's interests into account" is no readout.
NAME_THEN_MARKER = re.compile(r"^(?:['’]s?)?\s+(?:[\w-]+\s+)?$|^\s+(?:[\w-]+\s+){1,2}in\s+(?:an?|its|the)\s+(?:[\w-]+\s+)?$")
MARKER_THEN_NAME = re.compile(r"^\s+(?:[\w-]+\s+)?(?:from|by|of)\s+(?:the\s+)?$", re.IGNORECASE)


def _marker_near(text: str, span: Span) -> Span | None:
    """The office's name with a marker word next to it:
    "the presidency's readout", "the readout from the palace", "the ministry's press service"."""
    lo, hi = max(0, span.start - MARKER_GAP), min(len(text), span.end + MARKER_GAP)
    best = None
    for match in markers().finditer(text, lo, hi):
        if match.start() >= span.end:
            between, pattern = text[span.end:match.start()], NAME_THEN_MARKER
        elif match.end() <= span.start:
            between, pattern = text[match.end():span.start], MARKER_THEN_NAME
        else:
            continue
        if not pattern.match(between) or "\n" in between:
            continue
        start, end = min(match.start(), span.start), max(match.end(), span.end)
        if best is None or len(between) < best[0]:
            best = (len(between), Span.of(text, start, end))
    return best[1] if best else None


def _grounding(text: str, st: Statement, source_span: Span | None, taken: set) -> Span:
    """Words that report an office's statement with no marker word: "according to" and
    its name ("According to the palace"), or its name and the cue next to it ("The
    ministry also stated"); else the sentence. Never exactly an entity mention's span (that
    span denotes the office, not its statement)."""
    if source_span is not None:
        before = ACCORDING_TO.search(text, max(0, source_span.start - len("according to") - 4),
                                     source_span.start)
        if before is not None:
            return Span.of(text, before.start(), source_span.end)
        start, end = min(st.cue.start, source_span.start), max(st.cue.end, source_span.end)
        if (start, end) not in taken:
            return Span.of(text, start, end)
    return st.sentence


def _events_by_side(events: list[EventMention]) -> dict[str, EventMention]:
    """For each state, the contact event of the article it took part in that the article
    mentions most (the first of them on a tie): what its readout gives an account of."""
    counts: Counter = Counter()
    first: dict[tuple, EventMention] = {}
    for ev in events:
        if ev.type in CONTACT_TYPES and ev.modality == "actual":   # not a planned or refused call
            key = (ev.type, tuple(sorted(p.key for p in ev.participants)), ev.date)
            counts[key] += 1
            first.setdefault(key, ev)
    chosen: dict[str, EventMention] = {}
    for key, _ in sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]].trigger.start)):
        for participant in first[key].participants:
            chosen.setdefault(side(participant), first[key])
    chosen.pop("", None)
    return chosen


def _carry_following(text: str, readouts: list[Readout], statements: list[Statement]) -> None:
    """A statement later in a readout marker's paragraph, by a speaker of the issuer's side
    and with no source of its own, is reported from that readout."""
    carried = {id(st) for r in readouts for st in r.statements}
    for current in readouts:
        state = side(current.issuer)
        for marker in current.markers:
            end = text.find("\n", marker.end)
            end = len(text) if end < 0 else end
            for st in statements:
                if id(st) in carried or not marker.end <= st.cue.start < end or st.reader_comment:
                    continue
                if st.according_to is not None or side(st.speaker) != state or not state:
                    continue
                if _official_between(readouts, current, marker.end, st.cue.start):
                    continue
                current.statements.append(st)
                carried.add(id(st))


def _official_between(readouts: list[Readout], current: Readout, start: int, end: int) -> bool:
    return any(other is not current and any(start <= m.start < end for m in other.markers)
               for other in readouts)
