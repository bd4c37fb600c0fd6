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

import csv
import functools

from readout.config import LEXICON_DIR
from readout.extract import descriptions, nlp
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
    other = _genders(pronoun.doc, mentions, pronoun.idx) if gender else {}
    agrees = (lambda e: e.type == "person" and other.get(e.key, gender) == gender) if kind == "person" else \
        (lambda e: e.type != "person" and (e.type in speaker_types or e.type == "unnamed"))
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
        latest = next((m.entity for m in reversed(mentions) if m.span.end <= pronoun.idx
                       and agrees(m.entity)), None)
        if latest is not None:
            return latest, "pronoun-latest-agreeing"
        if any(m.entity.type == "person" and m.span.end <= pronoun.idx for m in mentions):
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


def _genders(doc, mentions: list[Mention], before: int) -> dict[str, str]:
    """Person key -> the gender the words around its mentions before `before` give (a
    person given both is left out)."""
    found: dict[str, set[str]] = {}
    words = gendered_words()
    for mention in mentions:
        if mention.span.end > before:
            break
        if mention.entity.type != "person":
            continue
        zone = descriptions.title_zone(doc, mention.span)
        given = {g for w, g in words.items() if f" {w} " in zone}
        if given:
            found.setdefault(mention.entity.key, set()).update(given)
    return {key: next(iter(g)) for key, g in found.items() if len(g) == 1}
