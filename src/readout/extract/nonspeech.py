"""Cues in senses that report no statement: under a negated verb of perception ("did not
hear X say"), a state's vote on a motion ("opposed the resolution"), a contact between two
parties ("X and Y talked about Z"), an aspectual verb's infinitive ("continues to grow"), a
decision on a thing ("agreed on a package"), an act only wished for ("it's time for X to
call an election"), a time as the subject ("18:55 refers to Moscow time"). Read by
`readout.extract.statements`; the words come from `data/lexicons/not-speech.tsv` and
`data/lexicons/event-triggers.tsv`.
"""
from __future__ import annotations

import re

from readout import entitytypes
from readout.extract.cues import Cue
from readout.extract.events import lexicon as event_lexicon
from readout.extract.statement_links import not_speech, not_speech_objects
from readout.facts import Entity

CLOCK = re.compile(r"\d{1,2}:\d{2}")


def _vote_objects() -> set[str]:
    """The objects that make a verb a vote ("adopted the resolution"): event-triggers.tsv's."""
    return {w for t in event_lexicon.triggers().values() if t.type == "LegislativeDecision" for w in t.needs}


def unheard(token) -> bool:
    """A cue under a negated verb of perception ("did not hear X say") is no statement of X's."""
    head = token.head
    return token.dep_ in ("ccomp", "xcomp") and not_speech().get(head.lemma_.lower()) == "perception" \
        and any(negation(c) for c in head.children)


def decision(token) -> bool:
    """"The member states agreed on a new package": a verb of not-speech.tsv's decision
    construction whose preposition's object is a thing one adopts (its `objects`) and with
    no clause is a decision taken (an event), not something said ("agreed that X", "agreed
    on the need for X" stay statements)."""
    lemma = token.lemma_.lower()
    if not_speech().get(lemma) != "decision" or any(c.dep_ in ("ccomp", "xcomp") for c in token.children):
        return False
    objects = not_speech_objects(lemma)
    return any(c.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in objects for o in c.children)
               for c in token.children)


def wished(token) -> bool:
    """"It's time for X to call an election": a cue in a for-to infinitive clause is an act
    someone wants done, not one done."""
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in token.children) \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def aspectual(token, rule: str) -> bool:
    """"Hiring continues to buck the trend": a verb of not-speech.tsv's aspectual construction
    whose content is its infinitive says that something goes on, not that anyone says it."""
    return rule.startswith("verb-xcomp") and not_speech().get(token.lemma_.lower()) == "aspectual"


def timed(source) -> bool:
    """"18:55 refers to Moscow time", "the three-hour face-to-face did appear": a time as
    the subject names no speaker (a time entity, or a clock time the small model leaves
    untagged). None on PolNeAR train."""
    return source is not None and (source.ent_type_ == "TIME" or CLOCK.fullmatch(source.text) is not None)


def negation(token) -> bool:
    """A negation word below a verb, also when the parse calls "n’t" (curly apostrophe) an
    auxiliary."""
    return token.dep_ == "neg" or (token.dep_ == "aux" and token.norm_ in ("not", "n't"))


def contact(token) -> bool:
    """Whether the cue's verb is a verb of contact of event-triggers.tsv ("talked", "spoke")."""
    trigger = event_lexicon.triggers().get((token.lemma_.lower(), "VERB"))
    return token.pos_ == "VERB" and trigger is not None and trigger.type == "Contact"


def vote(token, cue: Cue, speaker: Entity) -> bool:
    """A state's or a body's stance on a motion ("Russia and China opposed the motion") is a
    vote, an event, not a statement."""
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    return cue.speech_act in ("agree", "deny") and obj is not None and obj.lemma_.lower() in _vote_objects() \
        and entitytypes.side_rule(speaker.type) in ("self", "state-or-self")
