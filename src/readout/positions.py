"""Positions held and attributed, derived from statements.

Rule `content-names-other-actor`: when a statement's content names an actor other
than its speaker, on another side, the speaker attributes a position to that actor.
"""
from __future__ import annotations

from readout.facts import Position, Statement
from readout.gazetteer import Gazetteer
from readout.mentions import MentionIndex

ACTOR_TYPES = {"person", "country", "organization", "government_body", "concept", "group"}


def derive(statements: list[Statement], index: MentionIndex, gazetteer: Gazetteer) -> list[Position]:
    positions = []
    for st in statements:
        if st.reader_comment:
            continue
        speaker_side = _side(st.speaker, gazetteer)
        for piece in st.content:
            for mention in index.mentions:
                if not (piece.start <= mention.span.start and mention.span.end <= piece.end):
                    continue
                target = mention.entity
                if target.type not in ACTOR_TYPES or target == st.speaker:
                    continue
                if speaker_side is not None and _side(target, gazetteer) == speaker_side:
                    continue
                positions.append(Position(holder=target, proposition=piece, stance="asserted",
                                          evidence=st, attributor=st.speaker,
                                          rule="content-names-other-actor"))
                break
    return positions


def _side(entity, gazetteer: Gazetteer):
    state = gazetteer.state_of(entity)
    return state.key if state else None
