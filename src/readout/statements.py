"""Attributed statements: who said what, to whom, according to whom.

Rules over the dependency parse, driven by the reporting-verb lexicon in
`data/lexicons/reporting-verbs.tsv`. Each statement records the rule that fired.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from readout.config import LEXICON_DIR
from readout.facts import Article, Entity, Span, Statement
from readout.gazetteer import Gazetteer
from readout.mentions import MentionIndex

PRONOUNS = {"he", "she", "him", "her"}
SUBJECTS = {"nsubj", "nsubjpass"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "advcl"}


@dataclass(frozen=True)
class Cue:
    lemma: str
    pos: str
    speech_act: str
    cameo: str


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], Cue]:
    with (LEXICON_DIR / "reporting-verbs.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {(r["lemma"], r["pos"]): Cue(r["lemma"], r["pos"], r["speech_act"], r["cameo"] or "")
                for r in rows}


def extract(article: Article, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Statement]:
    found = []
    cues = lexicon()
    text = article.text
    for token in doc:
        cue = cues.get((token.lemma_.lower(), token.pos_)) if token.pos_ in ("VERB", "NOUN") else None
        if cue is None:
            continue
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is None and token.dep_ in ("conj", "xcomp"):
            subject = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
        content_head = next((c for c in token.children if c.dep_ in CONTENT_DEPS), None)
        if subject is None or content_head is None:
            continue
        speaker, speaker_span, rule = _resolve(subject, text, index, gazetteer)
        if speaker is None:
            continue
        sub = list(content_head.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        sent = token.sent
        addressee = _addressee(token, text, index)
        according_to, according_span = _according_to(sent, text, index, exclude=speaker)
        found.append(Statement(
            speaker=speaker, speaker_span=speaker_span,
            cue=Span.of(text, token.idx, token.idx + len(token)),
            cue_lemma=cue.lemma, speech_act=cue.speech_act,
            content=[Span.of(text, start, end)], rule=f"verb-{content_head.dep_}+{rule}",
            sentence=Span.of(text, sent.start_char, sent.end_char),
            addressee=addressee[0] if addressee else None,
            addressee_span=addressee[1] if addressee else None,
            according_to=according_to, according_to_span=according_span,
            is_quote=_quoted(text, start, end),
            reader_comment=article.in_comments(token.idx),
            confidence=0.6,
        ))
    return found


def _resolve(subject, text: str, index: MentionIndex, gazetteer: Gazetteer):
    sub = list(subject.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
    span = Span.of(text, start, end)
    mention = index.covering(start, end)
    if mention is not None:
        return mention.entity, span, "mention"
    if subject.lower_ in PRONOUNS:
        prior = index.latest_before(start, {"person"})
        if prior is not None:
            return prior.entity, span, "pronoun-latest-person"
    hits = gazetteer.lookup(span.text)
    if hits:
        return hits[0], span, "title-alias"
    return None, None, ""


def _addressee(token, text: str, index: MentionIndex) -> tuple[Entity, Span] | None:
    for child in token.children:
        if child.dep_ in ("dobj", "dative", "iobj") and child.pos_ in ("PROPN", "PRON"):
            mention = index.covering(child.idx, child.idx + len(child))
            if mention is not None:
                return mention.entity, mention.span
    return None


def _according_to(sent, text: str, index: MentionIndex, exclude: Entity):
    for token in sent:
        if token.lower_ == "according" and token.nbor(1).lower_ == "to" if token.i + 1 < len(token.doc) else False:
            obj = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            sub = list(obj.subtree)
            mention = index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
            if mention is not None and mention.entity != exclude:
                return mention.entity, mention.span
    return None, None


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2):start]
    after = text[end:end + 2]
    return any(q in before for q in "\"“«‘'") and any(q in after for q in "\"”»’'")
