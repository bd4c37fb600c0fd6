"""Speakers named by a description: "the Chinese president", "a US official", "the
president's assistant, Jane Doe".

A source phrase whose head word is covered by a mention is that mention's actor, and a
head with a person in apposition is that person: a possessor or a modifier ("the
president's", "US", "state") is not the speaker. A head listed in `data/lexicons/description-heads.tsv`
as an office resolves to the person introduced earlier in the article with that office
(and nationality, when the description gives one); otherwise, and for the heads of unnamed
sources ("officials", "media"), the speaker is an unnamed source labelled by the
description and affiliated with the state it names: never the state itself.
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass

from readout.config import LEXICON_DIR
from readout.extract import intervals, nlp
from readout.extract.intervals import within
from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import Gazetteer, unknown

DETERMINERS = re.compile(r"^(?:the|a|an|another|one|some|several|many|other)\s+", re.I)
TITLE_DEPS = ("compound", "amod", "nmod", "poss", "det")   # "Chinese President Li", "Peru's Roe"


@dataclass(frozen=True)
class Head:
    words: str
    kind: str        # office | leader | source
    leader: bool


@functools.lru_cache(maxsize=1)
def former() -> frozenset[str]:
    """Words that say an office is no longer held ("former", "late")."""
    lines = (LEXICON_DIR / "former-office.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#"))


@functools.lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    with (LEXICON_DIR / "description-heads.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["head"]: Head(r["head"], r["kind"], r["leader"] == "yes") for r in rows}


def head_of(words: list[str]) -> Head | None:
    """The longest listed head the lower-case words end with."""
    for n in (3, 2, 1):
        if len(words) >= n:
            found = heads().get(" ".join(words[-n:]))
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class Described:
    """What a source phrase's head names: an actor, or (entity None) an unnamed source
    with its description as label and the key of the state it is affiliated with."""
    entity: Entity | None
    rule: str
    label: str = ""
    state: str = ""


def resolve(source, span: Span, mentions: list[Mention], gazetteer: Gazetteer, text: str,
            speaker_types: set[str], prior: tuple[tuple[int, Entity], ...] | list = ()) -> Described | None:
    """The actor a source phrase's head token, its apposition or its description names;
    None when the phrase is none of these (a name the head does not cover, a pronoun)."""
    if source.pos_ == "NUM":    # "one of Russia's top diplomats": the diplomats describe the speaker
        of = next((c for c in source.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if group is not None:
            return resolve(group, span, mentions, gazetteer, text, speaker_types, prior)
    inside = within(mentions, span.start, span.end)
    covering = next((m for m in inside if m.span.start <= source.idx < m.span.end), None)
    if covering is not None and _described_person(covering, gazetteer):
        covering = None     # "Ministry spokesman" tagged as a name: a description
    if covering is not None and covering.entity.type in speaker_types:
        if covering.entity.type != "person":
            titled = _titled(covering, inside, span, source, mentions, gazetteer)
            if titled is not None:
                return titled
        return Described(covering.entity, f"head-{covering.rule}")
    for child in source.children:
        if child.dep_ == "appos":
            person = next((m for m in inside if m.span.start <= child.idx < m.span.end
                           and m.entity.type == "person"), None)
            if person is not None:
                return Described(person.entity, "apposition")
    if source.pos_ == "PROPN" and covering is None:
        return _body(source, span, inside, text)
    if source.pos_ != "NOUN" or covering is not None:
        return None
    words = [t for t in source.subtree if span.start <= t.idx < span.end and t.i <= source.i]
    owner = [t for t in words if t.dep_ == "poss" or t.dep_ == "case"]
    if owner:      # "the president's assistant": the description starts after the possessor
        words = [t for t in words if t.i > max(o.i for o in owner)]
    head = head_of([t.lower_ for t in words])
    if head is None or not words:
        return None
    if head.kind == "document":     # "the ministry's press release", "a White House statement"
        owner = _owner(source, inside, mentions, speaker_types, gazetteer)
        return Described(owner, "description-document-owner") if owner is not None else None
    label = DETERMINERS.sub("", text[words[0].idx:source.idx + len(source)]).lower()
    state = _nationality(words, inside, gazetteer)
    if head.kind in ("office", "leader"):
        person = _office_holder(head, words, state, span.start, mentions, source.doc, gazetteer, prior)
        if person is not None:
            return Described(person, "description-office")
    return Described(None, f"description-{head.kind}", label, state)


def _titled(covering: Mention, inside: list[Mention], span: Span, source, mentions: list[Mention],
            gazetteer: Gazetteer) -> Described | None:
    """A mention of an office or a body that is a person's title: the name after it ("High
    Representative for Foreign Affairs Jane Roe"), or the person the article introduced
    with that office ("The President of the United States" after "U.S. President John
    Doe"); None when neither."""
    named = next((m for m in inside if m.entity.type == "person" and m.span.start >= covering.span.end
                  and m.span.end >= span.end - 1), None)
    if named is not None:
        return Described(named.entity, "title-name")
    head = head_of([source.lower_])
    if head is None or head.kind not in ("office", "leader"):
        return None
    state = gazetteer.state_of(covering.entity)
    person = _office_holder(head, [source], state.key if state is not None else "", span.start, mentions,
                            source.doc, gazetteer)
    return Described(person, "office-holder") if person is not None else None


def _owner(source, inside: list[Mention], mentions: list[Mention], speaker_types: set[str],
           gazetteer: Gazetteer) -> Entity | None:
    """The actor that issued a document named as a source: a possessor or a modifier before
    it ("the ministry's press release", "a White House statement") or the object of "by",
    "of" or "from" after it ("the report by the IAEA"), or the body such a noun refers back
    to ("the report by the agency": `readout.extract.objects.named_by_head`)."""
    words = set()
    for child in source.children:
        if child.i < source.i and child.dep_ in ("poss", "compound", "amod", "nmod"):
            words |= {t.i for t in child.subtree}
        elif child.i > source.i and child.dep_ == "prep" and child.lower_ in ("by", "of", "from"):
            words |= {t.i for t in child.subtree}
    doc = source.doc
    for mention in inside:
        if any(mention.span.start <= doc[i].idx < mention.span.end for i in words):
            from readout.extract.mentions import speaking
            entity = speaking(mention.entity, gazetteer)
            if entity.type in speaker_types:
                return entity
    from readout.extract import objects        # "the report by the agency": the body named before
    from readout.extract.mentions import MentionIndex
    for i in sorted(words):
        if doc[i].dep_ in ("pobj", "poss") and doc[i].pos_ == "NOUN":
            body = objects.named_by_head(doc[i], MentionIndex(mentions), gazetteer)
            if body is not None:
                return body
    return None


def _body(source, span: Span, inside: list[Mention], text: str) -> Described | None:
    """A name the tagger did not find whose only mention is a nationality or a state before
    its head ("the Iranian Foreign Ministry"): that body, affiliated with the state, never the
    state itself."""
    before = [t for t in source.subtree if span.start <= t.idx and t.i < source.i and t.dep_ != "det"]
    after = [t for t in source.subtree if t.i > source.i and t.idx < span.end and not t.is_punct]
    if not before or after or any(not t.text[:1].isupper() for t in before):
        return None
    states = [m for m in inside if m.entity.type == "country" and m.span.end <= source.idx]
    if not states or any(m.entity.type != "country" for m in inside):
        return None
    body = unknown(text[before[0].idx:source.idx + len(source)], "organization")
    return Described(Entity(body.key, body.label, body.type, country=states[0].entity.key), "named-body")


def _nationality(words, inside: list[Mention], gazetteer: Gazetteer) -> str:
    """The state a description names: a demonym ("Chinese") or a state's name ("US official")."""
    for token in words:
        key = gazetteer.demonyms.get(token.text)
        if key:
            return key
    for mention in inside:
        if mention.entity.type == "country" and mention.span.end <= words[-1].idx:
            return mention.entity.key
    return ""


def _office_holder(head: Head, words, state: str, before: int, mentions: list[Mention],
                   doc, gazetteer: Gazetteer, prior=()) -> Entity | None:
    """The person named last before `before` whom the article introduced with this office
    (a title before the name, or an apposition after it), of the description's state; for
    a description in the headline (the first line), the first such person after it. With no
    state given, the speaker of the attribution right before (`prior`: (cue offset, speaker)
    of the attributions before) when that one holds the office: "Mr Doe said ... The
    war-time president said ..." is Doe, even if another president was named since; and,
    for a bare leader's office ("the prime minister", not "the next president") no one in
    the article was introduced with, the last person who spoke before when the gazetteer
    does not know them and the article gave them no title ("Johnson expressed concern ...
    the prime minister stressed")."""
    nationality = {t.text for t in words if t.text[:1].isupper()}
    headline = "\n" not in nlp.text_of(doc)[:before]
    holders: set[Entity] = set()
    best = None
    introduced = _Introduced.of(doc, mentions, gazetteer)
    # (in the body, the people introduced with the office before the first mention that
    # ends after `before`; in the headline, every mention walked until one is found)
    upto = introduced.upto(before) if not headline else len(mentions)
    for n in introduced.with_office(head) if not headline else range(len(mentions)):
        if n >= upto:
            break
        mention = mentions[n]
        if mention.span.end > before and (best is not None or not headline):
            break
        if not introduced.holds(n, head):
            continue
        zone = title_zone(doc, mention.span)
        if state and mention.entity.country != state and not any(w in zone for w in nationality):
            continue
        best = mention.entity
        holders.add(mention.entity)
        if mention.span.end > before:
            break
    last = prior[-1][1] if prior else None
    if not state and last is not None and last in holders:
        return last
    person = next((speaker for _, speaker in reversed(prior) if speaker.type == "person"), None)
    bare = [t.lower_ for t in words if t.dep_ != "det"] == head.words.split()    # no "next", "former"
    if best is None and head.leader and bare and not state and person is not None \
            and _untitled(person, mentions, doc, before):
        return person   # "Johnson expressed concern ... the prime minister stressed": no one else holds it
    return best


def _untitled(person: Entity, mentions: list[Mention], doc, before: int) -> bool:
    """Whether a person the gazetteer does not know was named before `before` with no title
    or office at all (so the article may describe them by the office it never wrote out)."""
    named = [m for m in mentions if m.entity == person and m.span.end <= before]
    return person.type == "person" and not person.qid and bool(named) and not any(
        any(_holds(h, title_zone(doc, m.span)) for h in heads().values() if h.kind in ("office", "leader"))
        for m in named)


class _Introduced:
    """Which of an article's mentions introduce a person with an office: a person's mention
    (not a description the tagger took for a name, `_described_person`) whose title words
    (`title_zone`) hold the office and no word that says it is no longer held. Made once per
    doc, mention list and gazetteer (`of`), each office's mentions listed when first asked:
    walking every mention for each description made resolution quadratic in article length."""

    def __init__(self, doc, mentions: list[Mention], gazetteer: Gazetteer):
        self.doc, self.mentions, self.gazetteer = doc, mentions, gazetteer
        self.reach = intervals.reach(m.span.end for m in mentions)   # the greatest end up to each one
        self.people = [n for n, m in enumerate(mentions)
                       if m.entity.type == "person" and not _described_person(m, gazetteer)]
        self.offices: dict[Head, tuple[list[int], set[int]]] = {}

    @classmethod
    def of(cls, doc, mentions: list[Mention], gazetteer: Gazetteer) -> "_Introduced":
        memo = nlp.memo(doc, "introduced")
        found = memo.get((id(mentions), id(gazetteer)))
        if found is None or found.mentions is not mentions or found.gazetteer is not gazetteer:
            found = memo[(id(mentions), id(gazetteer))] = cls(doc, mentions, gazetteer)
        return found

    def upto(self, before: int) -> int:
        """The index of the first mention that ends after `before` (len when none does)."""
        return bisect.bisect_right(self.reach, before)

    def holds(self, n: int, head: Head) -> bool:
        """Whether mention n introduces a person with this office."""
        self.with_office(head)
        return n in self.offices[head][1]

    def with_office(self, head: Head) -> list[int]:
        """The indexes of the mentions that introduce a person with this office, in order."""
        if head not in self.offices:
            found = [n for n in self.people if self._introduces(n, head)]
            self.offices[head] = (found, set(found))
        return self.offices[head][0]

    def _introduces(self, n: int, head: Head) -> bool:
        zone = title_zone(self.doc, self.mentions[n].span)
        return _holds(head, zone) and not any(f" {w} " in zone for w in former())


def title_zone(doc, span: Span) -> str:
    """The words that give a person's office: the mention's own words (a linked alias may
    hold the title), the modifiers before the name ("Chinese President Li"), the noun the
    name is in apposition to ("the prime minister, John Doe") and an apposition after
    it ("Jane Roe, the ministry's spokeswoman,"). Worked out once per span and doc: each
    pronoun and description asks it of every person named before it."""
    zones = nlp.memo(doc, "title_zones")
    key = (span.start, span.end)
    if key not in zones:
        zones[key] = _title_zone(doc, span)
    return zones[key]


def _title_zone(doc, span: Span) -> str:
    named = doc.char_span(span.start, span.end, alignment_mode="expand")
    if named is None or not len(named):
        return ""
    head = named.root
    words = {t.i for t in named}
    for child in head.children:
        if child.i < named.start and child.dep_ in TITLE_DEPS:
            words |= {t.i for t in child.subtree}
        elif child.dep_ == "appos":
            words |= {t.i for t in child.subtree}
    if head.dep_ == "appos":
        words |= {t.i for t in head.head.subtree if t.i < named.start}
    return " " + " ".join(doc[i].lower_ for i in sorted(words)).replace("-", " ") + " "


def _described_person(mention: Mention, gazetteer: Gazetteer) -> bool:
    """A "person" the tagger found that is a description: no name in it ("the British prime
    minister") or ending in an office ("Ministry spokesman"); never a gazetteer person."""
    words = mention.span.text
    return mention.entity.type == "person" and not mention.entity.qid and (
        not _named(words, gazetteer) or (head_of(words.lower().split()) or Head("", "document", False)).kind != "document")


def _named(words: str, gazetteer: Gazetteer) -> bool:
    """Whether a mention's words hold a name: a capitalised word that is no nationality
    and no office."""
    offices = _office_words()
    return any(w[:1].isupper() and w not in gazetteer.demonyms and w.lower() not in offices
               for w in words.replace("-", " ").split())


@functools.lru_cache(maxsize=1)
def _office_words() -> frozenset[str]:
    """Every word of a description head that is no document ("prime", "minister")."""
    return frozenset(w for h, head in heads().items() if head.kind != "document" for w in h.split())


def _holds(head: Head, zone: str) -> bool:
    if re.search(rf"\b{re.escape(head.words.replace('-', ' '))}s?\b", zone):
        return True
    if head.kind == "leader":
        return any(h.leader and re.search(rf"\b{re.escape(h.words)}\b", zone) for h in heads().values())
    return False
