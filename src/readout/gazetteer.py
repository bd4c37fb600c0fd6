"""The offline gazetteer: entities, aliases, QIDs, affiliations and bloc memberships.

Read from `data/gazetteer/` (copied from the shared, verified reference; see its
README). A QID is kept only for rows whose status is `verified`.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from readout.config import GAZETTEER_DIR
from readout.facts import Entity
from readout.iris import slug


@dataclass(frozen=True)
class Entry:
    entity: Entity
    aliases: tuple[str, ...]


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_key = {e.entity.key: e.entity for e in entries}
        self.by_qid = {e.entity.qid: e.entity for e in entries if e.entity.qid}
        self.aliases: dict[str, list[Entity]] = {}
        for entry in entries:
            for alias in entry.aliases:
                bucket = self.aliases.setdefault(alias.lower(), [])
                if entry.entity not in bucket:
                    bucket.append(entry.entity)

    def lookup(self, surface: str) -> list[Entity]:
        """Entities whose alias is this surface form (case-insensitive), best first."""
        text = surface.strip()
        found = self.aliases.get(text.lower())
        if found is None and text.lower().startswith("the "):
            found = self.aliases.get(text[4:].lower())
        return list(found or [])

    def get(self, key: str) -> Entity | None:
        return self.by_key.get(key)

    def state_of(self, entity: Entity) -> Entity | None:
        """The state an entity is affiliated with (itself for a country)."""
        if entity.type == "country":
            return entity
        return self.by_key.get(entity.country) if entity.country else None


def read(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    rows = _rows(directory / "wikidata-entities.tsv")
    qid_key: dict[str, str] = {}
    for row in rows:
        if row["qid"]:
            qid_key[row["qid"]] = slug(row["label_en"])
    memberships: dict[str, list[str]] = {}
    for row in _rows(directory / "memberships.tsv"):
        memberships.setdefault(row["member_qid"], []).append(row["group_qid"])
    entries = []
    for row in rows:
        verified = row.get("status") == "verified"
        qid = row["qid"] if verified else ""
        entity = Entity(
            key=slug(row["label_en"]),
            label=row["label_en"],
            type=row["type"],
            qid=qid,
            country=qid_key.get(row.get("country_qid") or "", ""),
            memberships=tuple(sorted(qid_key[g] for g in memberships.get(row["qid"], []) if g in qid_key)),
        )
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        entries.append(Entry(entity, tuple(dict.fromkeys((row["label_en"],) + aliases))))
    return Gazetteer(entries)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t")
                if row.get("qid") != "qid" and row.get("label_en") not in (None, "", "label_en")]


@functools.lru_cache(maxsize=1)
def default() -> Gazetteer:
    return read()


def unknown(label: str, type_: str) -> Entity:
    """An actor not in the gazetteer: kept, never linked."""
    return Entity(key=slug(label), label=label, type=type_)


