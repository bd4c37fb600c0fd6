"""Mentions of actors in one article and their resolution to entities.

A mention is resolved by rules, each recorded: a gazetteer alias (from the entity
ruler), a surname or short form of a person named in full earlier in the article, or
a new entity for a named entity the gazetteer does not know.
"""
from __future__ import annotations

from readout.facts import Entity, Mention, Span
from readout.gazetteer import Gazetteer, unknown

ACTOR_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
PERSON_TYPES = {"person"}


class MentionIndex:
    """The mentions of one article in text order, with lookups by offset."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted(mentions, key=lambda m: (m.span.start, m.span.end))

    def covering(self, start: int, end: int) -> Mention | None:
        """The longest mention inside [start, end)."""
        inside = [m for m in self.mentions if m.span.start >= start and m.span.end <= end]
        return max(inside, key=lambda m: m.span.end - m.span.start, default=None)

    def latest_before(self, offset: int, types: set[str] | None = None) -> Mention | None:
        best = None
        for mention in self.mentions:
            if mention.span.end > offset:
                break
            if types is None or mention.entity.type in types:
                best = mention
        return best


def find(doc, text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the named entities in a parsed article."""
    mentions: list[Mention] = []
    people: dict[str, Entity] = {}   # surname -> person named in full earlier
    for ent in doc.ents:
        span = Span.of(text, ent.start_char, ent.end_char)
        if ent.ent_id_ and gazetteer.get(ent.ent_id_):
            entity = gazetteer.get(ent.ent_id_)
            mentions.append(Mention(span, entity, "gazetteer-alias"))
            if entity.type == "person":
                people.setdefault(entity.label.split()[-1].lower(), entity)
            continue
        type_ = ACTOR_LABELS.get(ent.label_)
        if type_ is None:
            continue
        name = ent.text.strip()
        if name.lower().startswith("the "):
            name = name[4:]
        if type_ == "person":
            words = name.split()
            known = people.get(words[-1].lower()) if words else None
            if known is not None and len(words) == 1:
                mentions.append(Mention(span, known, "surname"))
                continue
            entity = unknown(name, type_)
            if len(words) > 1:
                people.setdefault(words[-1].lower(), entity)
            mentions.append(Mention(span, entity, "ner"))
        else:
            mentions.append(Mention(span, unknown(name, type_), "ner"))
    return mentions
