"""Trigger occurrences -> `Found`: one event mention before grouping, with its type,
participants, initiator, place, modality and whether it refers back ("the call").

Rules, each recorded on the mention (`Found.rule`):
- a noun trigger takes the people of `participants.of_noun`; a verb trigger ("X called
  Y", "X met with Y", "X and Y met", "X spoke to Y") its subject and its object;
- a sense of `event-senses.tsv` ("a call for", "called X a Y") is no event;
- a medium word on a contact ("phone", "video") gives its class ("talks by phone");
- the initiator: "X called Y", "the call, initiated by X", "X's call to Y", "X made the
  call", "at the initiative of X" / "at X's request", "the call was initiated by X",
  "X ... asking to organise this meeting"; a side ("the Russian side", "Moscow") is the
  participant of that state;
- modality from `event-modality.tsv` (see there);
- a noun trigger with a determiner or possessive ("the call", "Thursday's conversation",
  "their meeting") or named by "the two leaders" refers back (`anaphor`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from readout import entitytypes
from readout.extract import timex
from readout.extract.events import lexicon, participants as parts
from readout.extract.mentions import MentionIndex
from readout.facts import Article, Entity, Span

PLACE_TYPES = entitytypes.event_types("place")     # data/lexicons/entity-types.tsv
PLACE_PREPS = {"in", "at"}
CONTACT_KINDS = {"Contact", "PhoneCall", "VideoCall", "Meeting", "Negotiation"}
VOTE_KINDS = {"LegislativeDecision"}


@dataclass
class Found:
    """One trigger occurrence before grouping."""
    token: object
    type: str
    participants: list[Entity]
    initiator: Entity | None = None
    place: Entity | None = None
    time: timex.Timex | None = None
    time_span: Span | None = None
    duration: timex.Duration | None = None
    duration_span: Span | None = None
    since: tuple[timex.Timex, Span] | None = None
    modality: str = lexicon.ACTUAL
    anaphor: bool = False
    perfect: bool = False           # "has adopted", "has had a call": a same-day report
    past_plan: bool = False         # "we planned a 90-minute meeting": a plan told in the past tense
    rule: str = "trigger"
    joined: list[Entity] = field(default_factory=list)   # "X also participated in the meeting"
    partners: list[Entity] = field(default_factory=list)  # people and places "with/to/between"


def find(article: Article, token, index: MentionIndex) -> Found | None:
    pos = "VERB" if token.pos_ == "VERB" else "NOUN"
    trigger = lexicon.triggers().get((token.lemma_.lower(), pos))
    if trigger is None or token.pos_ not in ("NOUN", "PROPN", "VERB") or article.in_comments(token.idx):
        return None
    children = list(token.children)
    if trigger.needs and not any(c.lower_ in trigger.needs for c in children):
        return None
    if _other_sense(token, pos):
        return None
    if trigger.type in VOTE_KINDS and pos == "VERB":
        found = Found(token, trigger.type, parts.body_of(token, index), rule="vote")
    elif trigger.type in VOTE_KINDS:
        found = Found(token, trigger.type, parts.people(parts.phrase(token), index, parts.BODY_TYPES),
                      rule="vote-noun")
    elif pos == "VERB":
        found = _verb_trigger(token, trigger, index)
    else:
        found = _noun_trigger(token, trigger, index)
    if found is None:
        return None
    found.partners = parts.partners(token, index)
    _visit_host(found, token, index)
    if found.type in CONTACT_KINDS:
        found.type = _medium(token, found.type)
        found.initiator = found.initiator or _initiator(token, index, found.participants)
    found.place = _place(token, index)
    found.modality = modality(token)
    found.past_plan = found.modality == "planned" and _planned_in_the_past(token)
    found.perfect = _perfect(token)
    return found


def _visit_host(found: Found, token, index: MentionIndex) -> None:
    """"X's visit to Russia", "X travelled to Ukraine": the person of that state named
    in the sentence or the next one is the other participant."""
    if found.type != "Meeting" or len(found.participants) != 1:
        return
    place = next((p for p in found.partners if p.type in parts.PLACE_TYPES), None)
    if place is not None and (who := parts.host(token, place, index, found.participants)) is not None:
        found.participants.append(who)
        found.rule += "+visit-host"


def _other_sense(token, pos: str) -> bool:
    for dep, word, _sense in lexicon.senses().get((token.lemma_.lower(), pos), []):
        if any(c.dep_ == dep and (word == "*" or c.lower_ == word) and not _time_phrase(c)
               for c in token.children):
            return True
    return False


def _time_phrase(token) -> bool:
    """"on Friday", "for 90 minutes": a preposition of time, not of a sense ("call on Y")."""
    sub = list(token.subtree)[1:]
    return token.dep_ == "prep" and bool(sub) and all(
        t.ent_type_ in ("DATE", "TIME") or timex.date_word(t.text) or not t.is_alpha for t in sub)


def _noun_trigger(token, trigger, index: MentionIndex) -> Found | None:
    children = list(token.children)
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        return None        # "summit realities": no event
    lexicon_ = lexicon.triggers()
    if any(c.dep_ == "compound" and c.pos_ != "PROPN"
           and lexicon_.get((c.lemma_.lower(), "NOUN"), trigger).type != trigger.type for c in children):
        return None        # "ceasefire talks", "a ceasefire call": the event is the other noun
    if parts.unresolved_partner(token):
        return None        # "a follow-up conversation with him": whom is not clear enough
    people = parts.of_noun(token, index)
    if not people and _names_other_actor(token, index):
        return None        # "the NATO summit", "talks with Kyiv": not the leaders' event
    found = Found(token, trigger.type, people, rule="trigger-phrase")
    found.anaphor = _anaphoric(token)
    return found


def _anaphoric(token) -> bool:
    words = lexicon.roles()
    for child in token.children:
        if child.dep_ in ("det", "poss") and (child.lower_ in words["anaphor"] or child.tag_ == "POS"
                                             or child.ent_type_ == "DATE"):
            return True
        if child.dep_ in ("nummod", "amod", "det") and child.lower_ in words["plural"]:
            return True
        if child.dep_ == "poss" and any(g.tag_ == "POS" for g in child.children):
            return True    # "Thursday's conversation", "Johnson's call"
    return False


def _verb_trigger(token, trigger, index: MentionIndex) -> Found | None:
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None and token.dep_ == "xcomp":      # "X refused to meet Y", "X plans to visit"
        subject = parts.subject(token)
    deps = [c.dep_ for c in token.children]
    # the parser may take "called Y" for a predicate ("oprd"); "called Y a partner" has both
    obj = next((c for c in token.children if c.dep_ == "dobj"), None) if "oprd" not in deps \
        else (next(c for c in token.children if c.dep_ == "oprd") if "dobj" not in deps else None)
    if obj is None and "oprd" in deps:
        return None
    if obj is None:      # "X met with Y", "X spoke to Y"
        obj = next((g for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "to")
                    for g in c.children if g.dep_ == "pobj"), None)
    if obj is None and subject is not None:      # "X and Y met"
        obj = next((c for c in subject.children if c.dep_ == "conj"), None)
    if subject is None or obj is None or {"xcomp", "ccomp"} & set(deps):
        return None
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.left_edge.nbor(-1).text != ","
           for c in obj.children):
        return None        # "X called Y a reliable partner" names Y
    caller = parts.entity_of(subject if obj.dep_ != "conj" else parts.without(subject, obj), index)
    if caller is None and subject.lower_ in parts.PRONOUNS:
        caller = parts.antecedent(subject, index)
    callee = parts.entity_of(obj, index)
    if callee is None and caller is not None and trigger.type == "Meeting":
        place = parts.entity_of(obj, index, parts.PLACE_TYPES)     # "X travelled to Ukraine"
        callee = parts.host(token, place, index, [caller]) if place is not None else None
    if caller is None or callee is None or caller == callee:
        return None
    return Found(token, trigger.type, [caller, callee], rule="verb-subject-object",
                 initiator=caller if trigger.subject_initiates else None)


def _names_other_actor(token, index: MentionIndex) -> bool:
    offsets = {t.idx for t in token.subtree}
    return any(m.span.start in offsets and m.entity.type in entitytypes.event_types("party")
               for m in index.mentions.starting(min(offsets), max(offsets)))


def _medium(token, type_: str) -> str:
    """"talks by phone", "a telephone conversation", "spoke via telephone": the medium's class."""
    near = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "via", "on", "over")):
        near.extend(g for g in prep.children if g.dep_ == "pobj")
    for word in near:
        found = lexicon.medium(word.lemma_.lower()) or lexicon.medium(word.lower_)
        if found and (type_ in ("Contact", "Negotiation", "PhoneCall") or found == type_):
            return found
    return type_


def modality(token) -> str:
    words = lexicon.modality_words()
    found = []
    verb = token if token.pos_ == "VERB" else None
    head = token.head
    if token.pos_ != "VERB":
        found += [words["amod"].get(c.lower_) for c in token.children if c.dep_ == "amod"]
        found += [words["amod"].get(g.lower_) for c in token.children if c.dep_ == "amod"
                  for g in c.children if g.dep_ == "advmod"]
        if token.dep_ in ("dobj", "nsubjpass", "xcomp") and head.pos_ in ("VERB", "AUX"):
            verb = head
        elif token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "for", "on", "to"):
            found.append(words["noun"].get(head.head.lower_))
            if head.head.pos_ == "VERB":
                verb = head.head
    if verb is not None:
        found += [words["aux"].get(c.lower_) for c in verb.children if c.dep_ in ("aux", "auxpass")]
        found += [words["neg"].get(c.lower_) for c in verb.children if c.dep_ == "neg"]
        if verb.i != token.i:
            found.append(words["head"].get(verb.lemma_.lower()))
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB" and \
                (verb.dep_ == "xcomp" or any(c.lower_ == "to" for c in verb.children)):
            found.append(words["head"].get(verb.head.lemma_.lower()))
            found += [words["neg"].get(c.lower_) for c in verb.head.children if c.dep_ == "neg"]
    return lexicon.strongest(m for m in found if m)


def _planned_in_the_past(token) -> bool:
    """The verb that plans the event is in the past tense ("we planned a meeting"), with
    no auxiliary of the future: the plan may well have been carried out."""
    head = token.head if token.pos_ != "VERB" or token.dep_ == "xcomp" else token
    words = lexicon.modality_words()
    return head.tag_ == "VBD" and head.lemma_.lower() in words["head"] and \
        not any(c.lower_ in words["aux"] for c in head.children)


def _perfect(token) -> bool:
    verb = token if token.pos_ == "VERB" else token.head
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
                                      for c in verb.children)


def _initiator(token, index: MentionIndex, people: list[Entity]) -> Entity | None:
    words = lexicon.roles()
    verb = token if token.pos_ == "VERB" else token.head
    for holder in (token, verb):
        for child in holder.children:
            # "the call, initiated by X"; "the call was initiated by X"
            if (child.lemma_.lower() in words["initiator"] and child.dep_ in ("acl", "relcl", "amod")) or \
                    (holder is verb and token.dep_ == "nsubjpass" and child.i == token.i
                     and verb.lemma_.lower() in words["initiator"]):
                source = verb if child.i == token.i else child
                for agent in (c for c in source.children if c.dep_ == "agent"):
                    for obj in (c for c in agent.children if c.dep_ == "pobj"):
                        if (who := _side(obj, index, people)) is not None:
                            return who
            # "at the initiative of X", "at X's request"
            if child.dep_ == "prep" and child.lower_ in ("at", "on", "upon"):
                for noun in (g for g in child.children if g.dep_ == "pobj"
                             and g.lemma_.lower() in words["initiative"]):
                    owner = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
                        (p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                         for p in c.children if p.dep_ == "pobj"), None)
                    if owner is not None and (who := _side(owner, index, people)) is not None:
                        return who
    # "X ... when asking to organise this meeting"
    climb = token
    for _ in range(3):
        if climb.dep_ not in ("dobj", "xcomp", "advcl", "pcomp") or climb.head.i == climb.i:
            break
        climb = climb.head
        if climb.lemma_.lower() in words["initiator"] and climb.pos_ == "VERB" and climb.i != token.i:
            who = parts.subject(climb)
            if who is not None and (found := _side(who, index, people)) is not None:
                return found
    if any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children) and \
            lexicon.triggers().get((token.lemma_.lower(), "NOUN"), lexicon.Trigger("", "", "", ())).type == "PhoneCall":
        # "X's call to Y", "X made the call to Y" (a visit to Y says nothing of who asked)
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        if poss is not None and (who := parts.entity_of(poss, index)) is not None:
            return who
        if token.dep_ == "dobj" and token.head.lemma_.lower() in words["make"]:
            who = parts.subject(token.head)
            if who is not None:
                return parts.entity_of(who, index)
    return None


def _side(phrase_token, index: MentionIndex, people: list[Entity]) -> Entity | None:
    """A person, or the participant of the state a side names ("the Russian side", "Moscow")."""
    who = parts.entity_of(phrase_token, index)
    if who is not None:
        return who
    state = parts.entity_of(phrase_token, index, entitytypes.event_types("side"))
    if state is None:
        return None
    keys = {state.key, state.country}
    matching = [p for p in people if p.country in keys]
    return matching[0] if len(matching) == 1 else state   # resolved against the event later


def _place(token, index: MentionIndex) -> Entity | None:
    """A place in an "in/at X" phrase in the trigger's phrase or on the verb that takes it."""
    preps = list(token.subtree)
    if token.dep_ in parts.OBJECT_DEPS and token.head.pos_ in ("VERB", "AUX"):
        preps.extend(token.head.children)
    for prep in (t for t in preps if t.dep_ == "prep" and t.lower_ in PLACE_PREPS):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            sub = list(obj.subtree)
            mention = index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
            if mention is not None and mention.entity.type in PLACE_TYPES:
                return mention.entity
    return None
