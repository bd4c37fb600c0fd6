"""Sides: which state or bloc an actor stands with, from affiliation and membership.

An actor's side is the bloc a person speaks for by office (`Gazetteer.acts_for`: the
European Commission's president for the EU), else its state (itself for a state,
`Entity.country` for a leader or a body) or, for a bloc or body with no state ("NATO", "the West", the IAEA), the bloc itself;
how each type finds its side is the `side` column of `data/lexicons/entity-types.tsv`.
`side_key` is the side the graph records (`ro:side`); an unknown name with no state, a
place or a thing has none.
Two actors are on the same side when their sides are equal or one side's state is a
member of the other side's bloc (`Entity.memberships`, from data/gazetteer/memberships.tsv).
"""
from __future__ import annotations

import functools

from readout import entitytypes
from readout.extract import descriptions
from readout.facts import Entity
from readout.link.gazetteer import Gazetteer


def side_of(entity: Entity, gazetteer: Gazetteer) -> Entity:
    """The bloc an actor acts for by office, else its state, else the actor itself."""
    return _office(entity, gazetteer) or gazetteer.state_of(entity) or entity


def side_key(entity: Entity, gazetteer: Gazetteer) -> str:
    """The key of the side an entity is on, or '' when it has none."""
    rule = entitytypes.side_rule(entity.type)
    if rule == "self":
        return entity.key
    office = _office(entity, gazetteer) if rule in ("state", "state-or-self") else None
    if office is not None:
        return office.key                  # "EU Commission chief": the EU, not her state
    state = entity.country if rule in ("state", "state-or-self") else ""
    if state:
        return state
    if rule == "state-or-self" and gazetteer.get(entity.key) is not None:
        return entity.key                  # a body the gazetteer knows, with no state: NATO
    return ""


def _office(entity: Entity, gazetteer: Gazetteer) -> Entity | None:
    acts_for = getattr(gazetteer, "acts_for", None)
    return acts_for(entity) if acts_for is not None else None


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


def actor(entity: Entity, gazetteer: Gazetteer) -> Entity | None:
    """The actor a mention stands for as a holder (a capital for its state), if an actor
    (`data/lexicons/entity-types.tsv`), or a bloc the gazetteer lists as a concept."""
    stands_for = gazetteer.speaks_as(entity) if hasattr(gazetteer, "speaks_as") else None
    entity = stands_for or entity
    if entity.type == "concept":
        return entity if is_bloc(entity, gazetteer) else None
    return entity if entity.type in entitytypes.actor_types() else None


def attributor(entity: Entity, gazetteer: Gazetteer) -> Entity | None:
    """The actor a speaker attributes as: an actor (`actor`), or an unnamed source the text
    describes with a state ("US intelligence", "one of Russia's top diplomats"), which
    speaks for that state's side but never holds a position of its own."""
    found = actor(entity, gazetteer)
    if found is None and entitytypes.table().get(entity.type) is not None \
            and entitytypes.table()[entity.type].role == "source" and side_key(entity, gazetteer) \
            and descriptions.head_of(entity.label.lower().split()) is not None:
        return entity         # a description's head ("officials", "media"), not "the conflict in Ukraine"
    return found


def other_side(attributor: Entity, target: Entity, gazetteer: Gazetteer) -> bool:
    """Whether the target is an actor with a side other than the attributor's."""
    return target != attributor and bool(side_key(target, gazetteer)) \
        and not same_side(attributor, target, gazetteer)
