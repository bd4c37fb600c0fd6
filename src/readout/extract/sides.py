"""Sides: which state or bloc an actor stands with, from affiliation and membership.

An actor's side is its state (itself for a state, `Entity.country` for a leader or a
body) or, for a bloc or concept with no state ("NATO", "the West"), the bloc itself.
Two actors are on the same side when their sides are equal or one side's state is a
member of the other side's bloc (`Entity.memberships`, from data/gazetteer/memberships.tsv).
"""
from __future__ import annotations

import functools

from readout.facts import Entity
from readout.link.gazetteer import Gazetteer


def side_of(entity: Entity, gazetteer: Gazetteer) -> Entity:
    """The state an actor acts for, or the actor itself when it has none."""
    return gazetteer.state_of(entity) or entity


def same_side(a: Entity, b: Entity, gazetteer: Gazetteer) -> bool:
    side_a, side_b = side_of(a, gazetteer), side_of(b, gazetteer)
    if side_a.key == side_b.key:
        return True
    return side_b.key in _blocs(side_a, gazetteer) or side_a.key in _blocs(side_b, gazetteer)


def _blocs(side: Entity, gazetteer: Gazetteer) -> set[str]:
    known = gazetteer.get(side.key) or side
    return set(known.memberships)


def is_bloc(entity: Entity, gazetteer: Gazetteer) -> bool:
    """Whether some actor in the gazetteer is a member of this one."""
    return entity.key in _bloc_keys(gazetteer)


@functools.lru_cache(maxsize=4)
def _bloc_keys(gazetteer: Gazetteer) -> frozenset[str]:
    return frozenset(b for e in gazetteer.by_key.values() for b in e.memberships)
