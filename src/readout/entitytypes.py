"""Entity types: one table, `data/lexicons/entity-types.tsv`, read by every stage.

For each of readout's entity types it says the ontology class it is written as, whether it
may speak, hold or attribute a position (its role), how its side is found, which spaCy
labels give an unknown name that type, which label the gazetteer's entity ruler gives
it, and which roles it can play in an event. An unknown name is typed from its spaCy label (a GPE is a state only when
`data/gazetteer/states.tsv` lists it, else a place), never by default.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from readout.config import GAZETTEER_DIR, LEXICON_DIR


@dataclass(frozen=True)
class EntityType:
    name: str
    cls: str            # local name of the ontology class
    role: str           # actor | source | none
    side: str           # self | state | state-or-self | none
    ner: tuple[str, ...]
    ruler: str
    events: tuple[str, ...] = ()   # roles in an event: participant, partner, body, decider, place, side, party


@functools.lru_cache(maxsize=1)
def table() -> dict[str, EntityType]:
    with (LEXICON_DIR / "entity-types.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        return {r["type"]: EntityType(r["type"], r["class"], r["role"], r["side"],
                                      tuple(x for x in r["ner"].split(",") if x not in ("", "-")),
                                      r["ruler"] if r["ruler"] != "-" else "",
                                      tuple(x for x in (r.get("events") or "").split(",") if x not in ("", "-")))
                for r in rows}


def classes() -> dict[str, str]:
    """type -> local name of its ontology class."""
    return {t.name: t.cls for t in table().values()}


def actor_types() -> frozenset[str]:
    """Types that may speak, hold or attribute a position (named actors)."""
    return frozenset(t.name for t in table().values() if t.role == "actor")


def speaker_types() -> frozenset[str]:
    """Named actors and described unnamed sources."""
    return frozenset(t.name for t in table().values() if t.role in ("actor", "source"))


def event_types(role: str) -> frozenset[str]:
    """Types whose named entities can play this role in an event (the `events` column:
    participant, partner, body, decider, place, side, party)."""
    return frozenset(t.name for t in table().values() if role in t.events)


def is_actor(type_: str) -> bool:
    return type_ in actor_types()


def side_rule(type_: str) -> str:
    entry = table().get(type_)
    return entry.side if entry else "none"


def ruler_label(type_: str) -> str:
    entry = table().get(type_)
    return entry.ruler if entry and entry.ruler else "MISC"


def ner_labels() -> frozenset[str]:
    """spaCy labels that make a mention of an unknown name."""
    return frozenset(label for t in table().values() for label in t.ner)


def of_unknown(label: str, name: str) -> str | None:
    """The type of a name the gazetteer does not know, from its spaCy label: a GPE is a state
    when `states.tsv` lists it, else a place; None when the label gives no entity."""
    if label not in ner_labels():
        return None
    if name.lower() in states():          # a state's name, whatever label NER gave it
        return "country"
    if name.lower() in capitals():
        return "city"
    if label == "GPE":                    # an unknown acronym ("AI") is no place
        return "organization" if name.isupper() and len(name) <= 4 else "city"
    return next((t.name for t in table().values() if label in t.ner and t.name not in ("country", "city")),
                None)


@functools.lru_cache(maxsize=1)
def _state_rows() -> list[dict]:
    with (GAZETTEER_DIR / "states.tsv").open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def states() -> dict[str, str]:
    """Lower-case name of a sovereign state (or a common short form) -> its name."""
    found = {}
    for row in _state_rows():
        for name in [row["state"], *(a for a in row["aliases"].split("|") if a)]:
            found[name.strip().lower()] = row["state"]
    return found


@functools.lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Lower-case name of a capital -> the name of its state."""
    return {c.strip().lower(): row["state"] for row in _state_rows()
            for c in re.split(r"\|", row["capital"]) if c.strip()}
