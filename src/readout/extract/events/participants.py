"""Who takes part in an event mention: people named in the trigger's phrase, on the verb
that takes it, in the clause that governs it, or referred to by a pronoun.

- the trigger's phrase ("a call between X and Y", "X's call with Y") and the subject of
  the verb that takes it ("X held a call with Y");
- a trigger inside a prepositional phrase of a clause ("X and Y discussed ... in the
  call", "X upped the ante during the call") takes the clause's subject; so does a
  contact "with Y" whose other party is not named ("X fears ... following a call with Y");
- a possessive pronoun ("his call with Y"), or the subject pronoun of a verb that holds
  the event ("he had a call with Y"; `hold` in event-roles.tsv), is the latest person
  named before it (other than those already taking part);
- adjacent person names are one name (a first and middle name, then the linked surname): the linked one is kept.
"""
from __future__ import annotations

from readout import entitytypes
from readout.facts import Entity
from readout.extract.events import lexicon
from readout.extract.mentions import MentionIndex

PARTICIPANT_TYPES = entitytypes.event_types("participant")    # data/lexicons/entity-types.tsv
BODY_TYPES = entitytypes.event_types("body")
PLACE_TYPES = entitytypes.event_types("place")
PARTNER_TYPES = entitytypes.event_types("partner")
OBJECT_DEPS = {"dobj", "attr", "nsubjpass", "oprd"}
PRONOUNS = {"him", "her", "them", "he", "she", "they"}
POSSESSIVE = {"his", "her"}
INSIDE_PREPS = {"in", "during", "on", "at", "over", "through", "via", "throughout", "by"}


def phrase(token) -> list:
    """A token's subtree without the clauses that describe it ("X, who is an ally of Z,")."""
    skip = {t.i for c in token.subtree if c.dep_ in ("relcl", "acl", "appos") and c.i != token.i
            for t in c.subtree}
    return [t for t in token.subtree if t.i not in skip]


def people(tokens, index: MentionIndex, types=PARTICIPANT_TYPES) -> list[Entity]:
    offsets = {t.idx for t in tokens}
    near = index.mentions.starting(min(offsets), max(offsets)) if offsets else []
    found = [m for m in near if m.span.start in offsets and m.entity.type in types]
    kept = []
    for mention in found:
        if kept and mention.span.start - kept[-1].span.end <= 1 and mention.entity.type == "person" \
                and kept[-1].entity.type == "person":
            if mention.entity.qid and not kept[-1].entity.qid:
                kept[-1] = mention          # a first and middle name + the surname: one name
            continue
        kept.append(mention)
    out: list[Entity] = []
    for mention in kept:
        if mention.entity not in out:
            out.append(mention.entity)
    return out


def entity_of(token, index: MentionIndex, types=PARTICIPANT_TYPES) -> Entity | None:
    """The participant a phrase names: its longest mention of these types ("his counterpart X")."""
    tokens = token if isinstance(token, list) else list(token.subtree)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    inside = [m for m in index.mentions.within(start, end) if m.entity.type in types]
    best = max(inside, key=lambda m: (bool(m.entity.qid), m.span.end - m.span.start), default=None)
    return best.entity if best is not None else None


def without(token, conj) -> list:
    """A subject's tokens without its conjunct ("X" of "X and Y")."""
    skip = {t.i for t in conj.subtree} | {c.i for c in token.children if c.dep_ == "cc"}
    return [t for t in token.subtree if t.i not in skip]


def subject(token):
    """The subject of a verb, looking up through infinitives, gerunds and conjuncts."""
    for candidate in [token, *list(token.ancestors)[:4]]:
        found = next((c for c in candidate.children if c.dep_ == "nsubj"), None)
        if found is not None:
            return found
    return None


def antecedent(token, index: MentionIndex, exclude=()) -> Entity | None:
    """The latest person named before a pronoun, not one of `exclude`."""
    for mention in reversed(index.mentions):
        if mention.span.end <= token.idx and mention.entity.type in PARTICIPANT_TYPES \
                and mention.entity not in exclude:
            return mention.entity
    return None


def resolve(token, index: MentionIndex, exclude: Entity | None) -> Entity | None:
    if token is None:
        return None
    if token.lower_ in PRONOUNS:
        return antecedent(token, index, (exclude,) if exclude else ())
    return entity_of(token, index)


def unresolved_partner(token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in ("with", "to", "between")
               and any(g.dep_ == "pobj" and g.lower_ in PRONOUNS for g in c.children)
               for c in token.children)


def of_noun(token, index: MentionIndex) -> list[Entity]:
    """People of a noun trigger: its phrase, the verb that takes it, the governing clause."""
    scope = list(token.subtree)
    head = token.head
    if token.dep_ in OBJECT_DEPS and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in ("nsubj", "agent") or (child.dep_ == "prep" and child.lower_ in ("with", "between")):
                scope.extend(phrase(child))
    found = people(scope, index)
    holds = token.dep_ in OBJECT_DEPS and head.lemma_.lower() in lexicon.roles()["hold"]
    subjects = [c for c in head.children if c.dep_ == "nsubj"] if holds else []
    has_partner = any(c.dep_ == "prep" and c.lower_ in ("with", "to", "between") for c in token.children)
    if token.dep_ == "pobj" and head.dep_ == "prep" and (head.lower_ in INSIDE_PREPS or has_partner):
        verb = head.head           # a headline's "What X and Y Discussed" may be tagged a noun
        if verb.pos_ in ("VERB", "AUX") or any(c.dep_ == "nsubj" for c in verb.children):
            governing = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            subjects += [governing] if governing is not None else []
            if governing is not None:
                for who in people(phrase(governing), index):
                    if who not in found:
                        found.append(who)
    pronouns = [c for c in token.children if c.dep_ == "poss" and c.lower_ in POSSESSIVE]
    pronouns += [s for s in subjects if s.lower_ in ("he", "she")]      # "he had a call with Y"
    for pronoun in pronouns:
        who = antecedent(pronoun, index, found)
        if who is not None and who not in found:
            found.append(who)
    return found


def body_of(token, index: MentionIndex) -> list[Entity]:
    """The body that votes or decides: its subject's organisations, else the latest one named."""
    verb = token if token.pos_ == "VERB" else token.head
    who = subject(verb)
    found = people(phrase(who), index, BODY_TYPES) if who is not None else []
    if not found:
        deciders = entitytypes.event_types("decider")
        latest = next((m for m in index.ending_by(token.idx) if m.entity.type in deciders), None)
        found = [latest.entity] if latest is not None else []
    return found[:1] if who is None else found


def partners(token, index: MentionIndex) -> list[Entity]:
    """People and places named as the other side: "with Y", "to Y", "between X and Y"."""
    tokens = [t for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "to", "between")
              for t in c.subtree]
    return people(tokens, index, PARTNER_TYPES) if tokens else []


def state_of(entity: Entity) -> str:
    return entity.key if entity.type == "country" else entity.country


def host(token, place: Entity, index: MentionIndex, exclude: list[Entity]) -> Entity | None:
    """The person of a visited state named in the visit's sentence or the next one
    ("X paid a state visit to Russia. He referred to President Y ...")."""
    state = state_of(place)
    sent = token.sent
    following = sent.doc[sent.end].sent if sent.end < len(sent.doc) else sent
    for mention in index.mentions:
        if sent.start_char <= mention.span.start < following.end_char and mention.entity.type == "person" \
                and state and mention.entity.country == state and mention.entity not in exclude:
            return mention.entity
    return None
