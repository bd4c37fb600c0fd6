"""What a pronoun naming a speaker refers to, by salience rather than by recency.

"Doe praised Roe's leadership. 'You will be great,' he said": the latest person
named is Roe, but the salient one is the subject, Doe. Candidates, in order:
1. the subjects of clauses earlier in the pronoun's own sentence, nearest first;
2. then sentence by sentence back (own, then up to two before): the speakers of the
   attributions in it, latest first, then its subjects (the main clause's first);
4. for he/she, the latest person named whose gender is not the other one;
each kept only when it agrees with the pronoun (a person for he/she, an actor that is not
a person for they/it; not a person whose title gives the other gender: "Ms Hall" is no
"he", `data/lexicons/gendered-words.tsv`). A subject counts through its head word: "Roe's leadership" is
no person, "the Chinese president" is the president named earlier
(`readout.extract.descriptions`). When none agrees, the caller falls back to recency.
"""
from __future__ import annotations

import bisect
import csv
import functools
import itertools

from readout.config import LEXICON_DIR
from readout.extract import descriptions, intervals, nlp
from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import Gazetteer

SUBJECT_DEPS = ("nsubj", "nsubjpass")
WINDOW = 2        # sentences before the pronoun's own that are searched


def resolve(pronoun, kind: str, mentions: list[Mention], gazetteer: Gazetteer, speaker_types: set[str],
            prior: list[tuple[int, Entity]]) -> tuple[Entity | None, str] | None:
    """The salient antecedent of a pronoun token of this kind (person or group), with the
    rule that found it; `prior` holds (cue offset, speaker) of the attributions before.
    (None, rule) when every person named is of the other gender: no guess."""
    sentences = _window(pronoun)
    gender = pronoun_genders().get(pronoun.lower_, "")
    given = _Genders.of(pronoun.doc, mentions) if gender else None
    agrees = (lambda e: e.type == "person" and (given is None or given.at(e.key, pronoun.idx) in ("", gender))) \
        if kind == "person" else (lambda e: e.type != "person" and (e.type in speaker_types or e.type == "unnamed"))
    earlier = bisect.bisect_left(_starts(mentions), pronoun.idx)      # (the mentions that end before it are before this one)
    own = sentences[-1]
    for subject in sorted(_subjects(own, before=pronoun.i), key=lambda t: -t.i):
        entity = _entity(subject, mentions, gazetteer, speaker_types)
        if entity is not None and agrees(entity):
            return entity, "pronoun-subject-same-sentence"
    for n, sentence in enumerate(reversed(sentences)):   # the nearest sentence first
        end = pronoun.idx if n == 0 else sentence.end_char
        for offset, speaker in reversed(prior):
            if sentence.start_char <= offset < end and agrees(speaker) \
                    and not speaker.label.startswith("unresolved"):
                return speaker, "pronoun-previous-speaker"
        if n == 0:
            continue
        ranked = sorted(_subjects(sentence), key=lambda t: (t.head.dep_ != "ROOT", t.i))
        for subject in ranked:
            entity = _entity(subject, mentions, gazetteer, speaker_types)
            if entity is not None and agrees(entity):
                return entity, "pronoun-subject-previous-sentence"
    if gender:      # the latest person of the pronoun's gender (or of no known gender)
        latest = next((m.entity for m in map(mentions.__getitem__, range(earlier - 1, -1, -1)) if m.span.end <= pronoun.idx
                       and agrees(m.entity)), None)
        if latest is not None:
            return latest, "pronoun-latest-agreeing"
        if any(m.entity.type == "person" and m.span.end <= pronoun.idx for m in itertools.islice(mentions, earlier)):
            return None, "pronoun-unresolved-gender"     # every person named is of the other gender
    return None


def _window(token) -> list:
    """The sentences searched: up to WINDOW before the token's own, then its own."""
    doc, sent = token.doc, token.sent
    found = [sent]
    while len(found) <= WINDOW and found[0].start > 0:
        found.insert(0, doc[found[0].start - 1].sent)
    return found


def _subjects(sentence, before: int | None = None) -> list:
    return [t for t in sentence if t.dep_ in SUBJECT_DEPS and (before is None or t.i < before)
            and t.pos_ != "PRON"]


def _entity(subject, mentions: list[Mention], gazetteer: Gazetteer, speaker_types: set[str]) -> Entity | None:
    words = list(subject.subtree)
    text = nlp.text_of(subject.doc)
    span = Span.of(text, words[0].idx, words[-1].idx + len(words[-1]))
    described = descriptions.resolve(subject, span, mentions, gazetteer, text, speaker_types)
    if described is None:
        return None
    return described.entity


@functools.lru_cache(maxsize=1)
def _pronoun_rows() -> tuple[dict, ...]:
    with (LEXICON_DIR / "pronouns.tsv").open(encoding="utf-8") as handle:
        return tuple(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def pronoun_genders() -> dict[str, str]:
    return {r["pronoun"]: r.get("gender") or "" for r in _pronoun_rows()}


def plural(pronoun: str) -> bool:
    """Whether a pronoun names a group ("we", "they")."""
    return any(r["pronoun"] == pronoun and r.get("number") == "plural" for r in _pronoun_rows())


@functools.lru_cache(maxsize=1)
def gendered_words() -> dict[str, str]:
    with (LEXICON_DIR / "gendered-words.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["word"]: r["gender"] for r in rows}


def _starts(mentions: list[Mention]) -> list[int]:
    """The mentions' start offsets (sorted, as the mentions are)."""
    starts = getattr(mentions, "starts", None)
    return starts if starts is not None else [m.span.start for m in mentions]


class _Genders:
    """The gender the words around a person's mentions give (`gendered-words.tsv`: "Mr",
    "his wife"), as of an offset: of the mentions up to the first that ends after it, those
    of the person; a person given both genders by then has none. Built once per doc and
    mention list (`of`), and asked per pronoun and person, where working it out again for
    every pronoun made resolution quadratic in article length."""

    def __init__(self, doc, mentions: list[Mention]):
        self.mentions = mentions
        self.reach = intervals.reach(m.span.end for m in mentions)   # the greatest end up to each one
        self.first: dict[str, dict[str, int]] = {}    # person key -> gender -> the first mention giving it
        words = gendered_words()
        for n, mention in enumerate(mentions):
            if mention.entity.type == "person":
                zone = descriptions.title_zone(doc, mention.span)
                for gender in sorted({g for w, g in words.items() if f" {w} " in zone}):
                    self.first.setdefault(mention.entity.key, {}).setdefault(gender, n)

    @classmethod
    def of(cls, doc, mentions: list[Mention]) -> "_Genders":
        memo = nlp.memo(doc, "genders")
        found = memo.get(id(mentions))
        if found is None or found.mentions is not mentions:
            found = memo[id(mentions)] = cls(doc, mentions)
        return found

    def at(self, key: str, before: int) -> str:
        """The one gender given to this person by the mentions before `before` ('' when
        none or both)."""
        upto = bisect.bisect_right(self.reach, before)      # (the first mention ending after it)
        given = [g for g, n in self.first.get(key, {}).items() if n < upto]
        return given[0] if len(given) == 1 else ""


