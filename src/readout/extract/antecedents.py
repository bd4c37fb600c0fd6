"""What a pronoun naming a speaker refers to, by salience rather than by recency.

"Doe praised Roe's leadership. 'You will be great,' he said": the latest person
named is Roe, but the salient one is the subject, Doe. Candidates, in order:
1. the subjects of clauses earlier in the pronoun's own sentence, nearest first;
2. the speaker of the latest attribution in that sentence or the two before it;
3. the subjects of the two sentences before, the nearer sentence first;
each kept only when it agrees with the pronoun (a person for he/she, an actor that is not
a person for they/it). A subject counts through its head word: "Roe's leadership" is
no person, "the Chinese president" is the president named earlier
(`readout.extract.descriptions`). When none agrees, the caller falls back to recency.
"""
from __future__ import annotations

from readout.extract import descriptions, nlp
from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import Gazetteer

SUBJECT_DEPS = ("nsubj", "nsubjpass")
WINDOW = 2        # sentences before the pronoun's own that are searched


def resolve(pronoun, kind: str, mentions: list[Mention], gazetteer: Gazetteer, speaker_types: set[str],
            prior: list[tuple[int, Entity]]) -> tuple[Entity, str] | None:
    """The salient antecedent of a pronoun token of this kind (person or group), with the
    rule that found it; `prior` holds (cue offset, speaker) of the attributions before."""
    sentences = _window(pronoun)
    agrees = (lambda e: e.type == "person") if kind == "person" else \
        (lambda e: e.type != "person" and (e.type in speaker_types or e.type == "unnamed"))
    own = sentences[-1]
    for subject in sorted(_subjects(own, before=pronoun.i), key=lambda t: -t.i):
        entity = _entity(subject, mentions, gazetteer, speaker_types)
        if entity is not None and agrees(entity):
            return entity, "pronoun-subject-same-sentence"
    start = sentences[0].start_char
    for offset, speaker in reversed(prior):
        if start <= offset < pronoun.idx and agrees(speaker) and not speaker.label.startswith("unresolved"):
            return speaker, "pronoun-previous-speaker"
    for sentence in reversed(sentences[:-1]):
        ranked = sorted(_subjects(sentence), key=lambda t: (t.head.dep_ != "ROOT", t.i))
        for subject in ranked:
            entity = _entity(subject, mentions, gazetteer, speaker_types)
            if entity is not None and agrees(entity):
                return entity, "pronoun-subject-previous-sentence"
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
