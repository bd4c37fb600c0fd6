"""The last stage of statement extraction: statements of one article linked to each other.

`finish` takes the statements found (in the order found), the relaying phrases ("as
reported by X") and the article's `Text`, and returns the statements in text order without
duplicates, with quotations that continue a quoted statement added to it, relaying
outlets set, and statements reported inside another's content nested under it.
"""
from __future__ import annotations

import bisect
import csv
import functools
from dataclasses import dataclass

from readout.config import LEXICON_DIR
from readout.extract.antecedents import plural
from readout.extract import quotes
from readout.extract.intervals import Containing
from readout.extract.spans import Text
from readout.facts import Entity, Span, Statement


@dataclass(frozen=True)
class Relay:
    """"as X reported": the head token of the relayed statement's cue, X, and X's words."""
    head: object
    entity: Entity
    span: Span


def finish(found: list[Statement], relays: list[Relay], text: Text) -> list[Statement]:
    ordered = sorted(found, key=lambda s: (s.cue.start, s.cue.end))
    unique, seen = [], set()
    for st in ordered:
        key = (st.cue.start, st.cue.end, st.speaker.key if st.joint else "")
        if key not in seen:
            seen.add(key)
            unique.append(st)
    # "has sought to show": the verb and the cue completing it start one cue; the longer wins
    longest: dict[int, int] = {}
    for st in unique:
        longest[st.cue.start] = max(longest.get(st.cue.start, 0), st.cue.end)
    unique = [st for st in unique if st.cue.end == longest[st.cue.start]]
    continue_quotes(unique, text)
    apply_relays(unique, relays)
    contents = contents_of(unique)
    unique = [st for st in unique if not ((intention(st) or wondering(st) or topic(st))
                                          and inside_another(st, contents, relays=False))
              and not (intention(st) and text.quoted(st.cue.start, st.cue.end))
              and not own_report(st, contents, text) and not crossing(st, contents, text)]
    nest(unique)
    return unique


@functools.lru_cache(maxsize=1)
def _not_speech_rows() -> tuple[dict[str, str], ...]:
    with (LEXICON_DIR / "not-speech.tsv").open(encoding="utf-8") as handle:
        return tuple(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def not_speech() -> dict[str, str]:
    """Verb lemma -> the construction in which it reports no statement (not-speech.tsv)."""
    return {r["lemma"]: r["construction"] for r in _not_speech_rows()}


def not_speech_objects(lemma: str) -> frozenset[str]:
    """The objects with which a lemma's construction holds ("agreed on a package"), or none."""
    return frozenset(w for r in _not_speech_rows() if r["lemma"] == lemma for w in (r["objects"] or "").split("|") if w)


def wondering(st: Statement) -> bool:
    """A belief verb with an embedded question ("we knew what we were going to discuss"):
    inside another statement's content, no statement of its own (PolNeAR train: 1 of 96 such
    nested rows had a gold cue; standing alone 30 of 78 had one, so those stay)."""
    return "-question+" in st.rule


def topic(st: Statement) -> bool:
    """A verb outside the lexicon that the cue tagger admits with its object as content
    ("also shared the details", "has made mistakes"): inside another statement's content it
    is part of what that one says (PolNeAR scores no nested statement)."""
    return "-admitted+" in st.rule


def intention(st: Statement) -> bool:
    """A cue whose content is an infinitive ("want to see", "will continue to fight", "asked
    to organize", "pledge to focus", "welcome students to study"): an intention, a request
    or a commitment. PolNeAR counts it as an attribution when it stands alone, but inside
    another statement's content it is part of what that one says, no statement of its own
    (on newsgold dev such nested rows matched no gold statement, and PolNeAR scores no
    nested statement)."""
    return st.rule.startswith("verb-xcomp")


def contents_of(statements: list[Statement]) -> Containing[Statement]:
    """Every piece of every statement's content, with its statement, by offset."""
    return Containing((c.start, c.end, o) for o in statements for c in o.content)


def inside_another(st: Statement, contents: Containing[Statement], relays: bool = True) -> bool:
    """Whether the cue lies inside another statement's content (`contents_of` the article's
    statements); with `relays` False, not counting an "according to" phrase, which relays
    the clause the cue heads ("According to the office, the minister urged her to agree":
    the minister's statement)."""
    return any(o is not st and (relays or o.cue_lemma != "according to")
               for _, _, o in contents.around(st.cue.start, st.cue.end))


def own_report(st: Statement, contents: Containing[Statement], text: Text) -> bool:
    """"Biden said he confronted MbS and made clear that ...": a cue in indirect speech
    inside its own speaker's content is part of what that speaker says, no statement of its
    own (a quoted "I told him" stays, as the quotation's speaker's own words; so does "the
    envoy said they knew that": a plural pronoun names more than the speaker)."""
    if st.speaker_span is not None and plural(st.speaker_span.text.lower()):
        return False
    return not text.quoted(st.cue.start, st.cue.end) and any(
        o is not st and o.speaker == st.speaker and o.cue_lemma != "according to"
        for _, _, o in contents.around(st.cue.start, st.cue.end))


def crossing(st: Statement, contents: Containing[Statement], text: Text) -> bool:
    """'The board "Finds that X ...," the resolution said': a cue inside a quotation that is
    all of another statement's content, with its source outside that content, claims words
    the other statement already reports; the one after the quotation keeps them ('said
    Johnson "expressed concern,"' is nested whole, source and cue, and stays)."""
    quote = quotes.enclosing(text.quotations, st.cue.start, st.cue.end)
    if quote is None or st.speaker_span is None or st.speaker_span.end > quote.start:
        return False
    return any(o is not st and o.speaker != st.speaker and start >= st.speaker_span.end
               for start, _, o in contents.around(quote.start + 1, quote.end - 1))


def apply_relays(statements: list[Statement], relays: list[Relay]) -> None:
    for relay in relays:
        for st in statements:
            if st.cue.start <= relay.head.idx < st.cue.end:
                if relay.entity.type == "media" and st.relayed_by is None:
                    st.relayed_by, st.relayed_by_span = relay.entity, relay.span
                elif relay.entity.type != "media" and st.according_to is None:
                    st.according_to, st.according_to_span = relay.entity, relay.span


def continue_quotes(statements: list[Statement], text: Text) -> None:
    """“A,” she said. “B.” -- a quotation right after a quoted statement's sentence (however
    long the rest of that sentence: "she said during a speech in ..."), in the same paragraph
    and attributed to no one else, continues it."""
    # near-linear: quotations and cues are looked up by offset (bisect), never all scanned
    quotations = sorted(text.quotations, key=lambda q: (q.start, q.end))
    starts = [q.start for q in quotations]
    cues = sorted(o.cue.start for o in statements)

    def cue_in(lo: int, hi: int) -> bool:          # some statement's cue starts in [lo, hi)
        return bisect.bisect_left(cues, lo) < bisect.bisect_left(cues, hi)

    used = set()
    for st in statements:
        for c in st.content:
            for q in quotations[bisect.bisect_left(starts, c.start - 1):bisect.bisect_right(starts, c.end)]:
                if c.start <= q.start + 1 and q.end - 1 <= c.end:
                    used.add((q.start, q.end))
    for st in statements:
        if not st.rule.startswith("quote"):
            continue
        end = max(st.cue.end, st.content[-1].end, st.speaker_span.end if st.speaker_span else 0)
        for quote in quotations[bisect.bisect_left(starts, end):]:
            if (quote.start, quote.end) in used:
                continue
            gap = text.text[end:quote.start]
            in_sentence = len(gap) < 80 or not text.text[max(end, st.sentence.end):quote.start].strip()
            closed = not gap.strip() or (gap.rstrip()[-1:] in ".!?" and in_sentence   # the rest of the cue's sentence
                                         and not cue_in(end, quote.start))
            if not closed or "\n" in gap:
                break     # (a cue inside the quotation, "“I think ...”", is the quotation's speaker's)
            st.content.append(text.trim(quote.start, quote.end))
            used.add((quote.start, quote.end))
            end = quote.end


def nest(statements: list[Statement]) -> None:
    """A statement reported inside another's content is according to that one's speaker;
    an outlet named in an "according to" phrase ("detailed by The Times") relays it."""
    # near-linear: the contents covering a cue are found by offset, not by pairs
    contents = Containing((c.start, c.end, k) for k, st in enumerate(statements) for c in st.content)
    for inner in statements:
        cue = inner.cue
        covering = sorted({k for _, _, k in contents.around(cue.start, cue.end)})
        for outer in (statements[k] for k in covering):
            if outer is inner or outer.speaker == inner.speaker:
                continue
            if inner.according_to is None:
                inner.according_to = outer.speaker
                inner.according_to_span = outer.speaker_span
                inner.relayed_by = outer.relayed_by
                inner.relayed_by_span = outer.relayed_by_span
            break
