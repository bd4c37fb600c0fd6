"""Cues in senses that report no statement: under a negated verb of perception ("did not
hear X say"), a state's vote on a motion ("opposed the resolution"), a contact between two
parties ("X and Y talked about Z"). Read by `readout.extract.statements`; the words come
from `data/lexicons/not-speech.tsv` and `data/lexicons/event-triggers.tsv`.
"""
from __future__ import annotations

from readout import entitytypes
from readout.extract.cues import Cue
from readout.extract.events import lexicon as event_lexicon
from readout.extract.statement_links import not_speech
from readout.facts import Entity


def _vote_objects() -> set[str]:
    """The objects that make a verb a vote ("adopted the resolution"): event-triggers.tsv's."""
    return {w for t in event_lexicon.triggers().values() if t.type == "LegislativeDecision" for w in t.needs}


def unheard(token) -> bool:
    """A cue under a negated verb of perception ("did not hear X say") is no statement of X's."""
    head = token.head
    return token.dep_ in ("ccomp", "xcomp") and not_speech().get(head.lemma_.lower()) == "perception" \
        and any(negation(c) for c in head.children)


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
