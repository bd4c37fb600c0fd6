"""Briefings: "X briefed Y", "Y was notified", "keeping Y informed" about an event.

A passive without agent takes as briefer the subject of a coordinated clause who took
part in the event ("Y was notified ..., and X had a follow-up conversation with him").
"""
from __future__ import annotations

from readout.extract.events import lexicon, participants as parts
from readout.extract.mentions import MentionIndex
from readout.facts import Article, Entity, EventMention, Span


def briefings(article: Article, doc, index: MentionIndex,
              by_token: dict[int, EventMention]) -> list[EventMention]:
    words = lexicon.roles()
    out = []
    text = article.text
    for token in doc:
        lemma = token.lemma_.lower()
        if lemma not in words["briefing"] or article.in_comments(token.idx):
            continue
        briefed_token = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if briefed_token is None and token.head.lemma_.lower() in words["keep"]:
            briefed_token = next((c for c in token.head.children if c.dep_ == "dobj"), None)
        briefer = None
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None:
            briefer = next((parts.resolve(c, index, None) for c in agent.children if c.dep_ == "pobj"), None)
        elif not any(c.dep_ == "nsubjpass" for c in token.children):
            subject = parts.subject(token)
            briefer = parts.resolve(subject, index, None) if subject is not None else None
        if briefed_token is None:
            continue
        briefed = parts.resolve(briefed_token, index, briefer)
        if briefed is None or briefed == briefer:
            continue
        sent = token.sent
        about = _about(sent, token, by_token)
        if about is None:
            continue
        rule = "briefing-verb"
        if briefer is None and any(c.dep_ == "nsubjpass" for c in token.children):
            briefer = _coordinated_subject(token, index, about, briefed)
            rule = "briefing-passive-coordinated-subject" if briefer else rule
        timing = tuple(sorted({role for role in ("before", "after")
                               for t in sent if t.lemma_.lower() in words[role]
                               or t.lower_ in words[role]}))
        participants = sorted([p for p in (briefer, briefed) if p is not None], key=lambda e: e.key)
        # "before and after the call, he briefed ..." is two briefings, one at each time
        for when in [(t,) for t in timing] or [()]:
            out.append(EventMention(
                type="Briefing", trigger=Span.of(text, token.idx, token.idx + len(token)),
                sentence=Span.of(text, sent.start_char, sent.end_char), participants=participants,
                initiator=briefer, briefed=briefed, about=about, timing=when, rule=rule))
    return out


def _coordinated_subject(token, index: MentionIndex, about: EventMention, briefed: Entity):
    """For "Y was notified of the call, and X had a follow-up conversation with him": the
    subject of a clause coordinated with the passive, when X took part in the event."""
    taking_part = {p.key for p in about.participants} - {briefed.key}
    for clause in (c for c in token.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        who = parts.entity_of(subject, index) if subject is not None else None
        if who is not None and who.key in taking_part:
            return who
    return None


def _about(sent, token, by_token: dict[int, EventMention]) -> EventMention | None:
    """The event a briefing is about: one mentioned in its sentence, else the latest before."""
    in_sentence = [m for i, m in by_token.items() if sent.start <= i < sent.end and m.modality == "actual"]
    if in_sentence:
        return in_sentence[0]
    before = [(i, m) for i, m in by_token.items() if i < token.i and m.modality == "actual"]
    return max(before, key=lambda pair: pair[0])[1] if before else None
