"""The offline gazetteer: entities, aliases, QIDs, affiliations and bloc memberships.

Read from `data/gazetteer/` (copied from the shared, verified reference; see its
README), plus an optional local file of rows that `readout link --online` added. A QID
is kept only for rows whose status is `verified`. Also read from there: the ambiguous
bare aliases, the metonyms that speak as an institution, and the titles.
"""
from __future__ import annotations

import csv
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from readout import entitytypes
from readout.config import GAZETTEER_DIR
from readout.errors import InputError
from readout.facts import Entity
from readout.kg.iris import slug

COLUMNS = ("qid", "label_en", "type", "aliases", "country_qid", "source", "status", "guess")
LOCAL_ENV = "READOUT_GAZETTEER"


@dataclass(frozen=True)
class Entry:
    entity: Entity
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Ambiguous:
    """A bare alias that links to `key` only with supporting context."""
    alias: str
    key: str
    context: tuple[str, ...]     # lower-case words that support the link in a sentence


class Gazetteer:
    def __init__(self, entries: list[Entry], ambiguous: dict[str, Ambiguous] | None = None,
                 metonyms: dict[str, str] | None = None, titles: frozenset[str] = frozenset()):
        self.entries = entries
        self.by_key = {e.entity.key: e.entity for e in entries}
        self.by_qid = {e.entity.qid: e.entity for e in entries if e.entity.qid}
        self.aliases: dict[str, list[Entity]] = {}
        for entry in entries:
            for alias in entry.aliases:
                bucket = self.aliases.setdefault(alias.lower(), [])
                if entry.entity not in bucket:
                    bucket.append(entry.entity)
        # person key -> the words that name them: their label's and their one-word aliases'
        self.names = {e.entity.key: frozenset(re.findall(r"\w+", " ".join(
            [e.entity.label] + [a for a in e.aliases if " " not in a]).lower()))
            for e in entries if e.entity.type == "person"}
        self.ambiguous = ambiguous or {}      # lower-case alias -> Ambiguous
        self.metonyms = metonyms or {}        # entity key -> key of the institution it speaks as
        self.titles = titles                  # lower-case titles
        self.office_words: frozenset[str] = frozenset()   # "Foreign Ministry" after a name
        self.demonyms: dict[str, str] = {}    # "Russian" -> key of the entity it names
        self.offices: dict[str, str] = {}     # person key -> key of the stateless body they act for

    def acts_for(self, entity: Entity) -> Entity | None:
        """The bloc or body with no state a person speaks for by office ("European Commission
        President von der Leyen" for the EU, "UN chief Guterres" for the UN), if any."""
        key = self.offices.get(entity.key)
        return self.by_key.get(key) if key else None

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

    def is_ambiguous(self, surface: str) -> Ambiguous | None:
        """The ambiguity record of a bare alias ("Xi", "the Security Council"), if any."""
        text = surface.strip().lower()
        return self.ambiguous.get(text) or (self.ambiguous.get(text[4:]) if text.startswith("the ") else None)

    def housed_in(self, entity: Entity) -> Entity | None:
        """The building an institution works in ("at the White House" -> the building, not the presidency)."""
        for place, institution in self.metonyms.items():
            building = self.by_key.get(place)
            if institution == entity.key and building is not None and building.type == "region":
                return building
        return None

    def speaks_as(self, entity: Entity) -> Entity | None:
        """The institution a place or building stands for when it is the speaker: a
        metonym's institution, or a capital's state (`states.tsv`: "Beijing said")."""
        key = self.metonyms.get(entity.key) or (self.metonyms.get(slug(entity.label)) if entity.type == "city" else None)
        if key:
            return self.by_key.get(key)
        if entity.type != "city":
            return None
        from readout import entitytypes

        state = entitytypes.capitals().get(entity.label.lower())
        if state is None:
            return None
        return self.by_key.get(slug(state)) or unknown(state, "country")


def read(directory: Path = GAZETTEER_DIR, extra: tuple[Path, ...] = ()) -> Gazetteer:
    """The gazetteer in `directory`, then the rows of each `extra` file (same columns)."""
    rows = _rows(directory / "wikidata-entities.tsv")
    for path in extra:
        rows += _rows(Path(path))
    qid_key: dict[str, str] = {}
    for row in rows:
        if row["qid"]:
            qid_key.setdefault(row["qid"], slug(row["label_en"]))
    memberships: dict[str, list[str]] = {}
    for row in _table(directory / "memberships.tsv"):
        memberships.setdefault(row["member_qid"], []).append(row["group_qid"])
    _include_blocs(memberships, _table(directory / "bloc-includes.tsv"), rows)
    retyped = {_known_label(row["label_en"], rows): row["type"]
               for row in _table(directory / "retyped.tsv")}
    entries: dict[str, Entry] = {}
    for row in rows:
        verified = row.get("status") == "verified"
        qid = row["qid"] if verified else ""
        entity = Entity(
            key=slug(row["label_en"]),
            label=row["label_en"],
            type=retyped.get(row["label_en"], row["type"]),
            qid=qid,
            country=qid_key.get(row.get("country_qid") or "", ""),
            memberships=tuple(sorted(qid_key[g] for g in memberships.get(row["qid"], []) if g in qid_key)),
        )
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        earlier = entries.get(entity.key)
        if earlier is None or (entity.qid and not earlier.entity.qid):   # a local row links an unlinked one
            aliases = (earlier.aliases if earlier else ()) + (row["label_en"],) + aliases
            entries[entity.key] = Entry(entity, tuple(dict.fromkeys(aliases)))
    nouns = _titles(directory / "conflict-nouns.txt")
    for key, entry in entries.items():
        if entry.entity.type == "conflict":
            entries[key] = Entry(entry.entity, tuple(dict.fromkeys(entry.aliases + _pair_forms(entry.aliases, nouns))))
    keys = set(entries)
    ambiguous = _ambiguous(directory / "ambiguous.tsv", keys)
    for record in ambiguous.values():      # a bare alias the reference leaves out ("Lee")
        entry = entries[record.key]
        entries[record.key] = Entry(entry.entity, tuple(dict.fromkeys(entry.aliases + (record.alias,))))
    found = Gazetteer(list(entries.values()), ambiguous, _metonyms(directory / "metonyms.tsv", keys),
                      _titles(directory / "titles.txt"))
    found.office_words = _titles(directory / "office-words.txt")
    found.offices = _offices(entries, _table(directory / "part-of.tsv"), keys, set(ambiguous))
    found.demonyms = {row["adjective"]: _known(directory / "demonyms.tsv", keys, row["entity"])
                      for row in _table(directory / "demonyms.tsv")}
    return found


def _pair_forms(aliases: tuple[str, ...], nouns: frozenset[str]) -> tuple[str, ...]:
    """A war named by its two states ("Russia-Ukraine war") is also named the other way round
    and with the other conflict nouns ("Ukraine-Russia war", "Russia-Ukraine conflict")."""
    found = []
    for alias in aliases:
        match = re.fullmatch(r"(\w+)-(\w+) (\w+)", alias)
        if match is None or match.group(3).lower() not in nouns \
                or not all(match.group(i).lower() in entitytypes.states() for i in (1, 2)):
            continue
        for a, b in ((match.group(1), match.group(2)), (match.group(2), match.group(1))):
            found += [f"{a}-{b} {noun}" for noun in sorted(nouns)]
    return tuple(f for f in found if f not in aliases)


def _rows(path: Path) -> list[dict]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = (line for line in handle if not line.startswith("#"))
            return [row for row in csv.DictReader(lines, delimiter="\t")
                    if row.get("qid") != "qid" and row.get("label_en") not in (None, "", "label_en")]
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read this gazetteer file ({err.__class__.__name__}); "
                         f"check the path or remove ${LOCAL_ENV}") from None


def _table(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


def _include_blocs(memberships: dict[str, list[str]], includes: list[dict], rows: list[dict]) -> None:
    """A member of an included bloc (NATO) is a member of the including one (the West)."""
    qid_of = {row["label_en"]: row["qid"] for row in rows if row["qid"]}
    for row in includes:
        bloc = qid_of.get(_known_label(row["bloc"], rows, "bloc-includes.tsv"))
        part = qid_of.get(_known_label(row["includes"], rows, "bloc-includes.tsv"))
        if not bloc or not part:
            continue
        for groups in memberships.values():
            if part in groups and bloc not in groups:
                groups.append(bloc)


def _known_label(label: str, rows: list[dict], file: str = "retyped.tsv") -> str:
    if not any(row["label_en"] == label for row in rows):
        raise InputError(f"{file}: {label!r} is not a label_en of the gazetteer; fix the row")
    return label


def _known(path: Path, keys: set[str], label: str) -> str:
    key = slug(label)
    if key not in keys:
        raise InputError(f"{path.name}: {label!r} is not a label_en of the gazetteer; fix the row")
    return key


def _ambiguous(path: Path, keys: set[str]) -> dict[str, Ambiguous]:
    found = {}
    for row in _table(path):
        context = tuple(w.strip().lower() for w in (row.get("context") or "").split("|") if w.strip())
        found[row["alias"].lower()] = Ambiguous(row["alias"], _known(path, keys, row["entity"]), context)
    return found


def _offices(entries: dict[str, Entry], part_of: list[dict], keys: set[str],
             ambiguous: set[str]) -> dict[str, str]:
    """Person key -> the stateless body one of their aliases names as their office, raised to
    the whole it is part of (`part-of.tsv`): "EU Commission chief" -> European Union. The
    longest body alias wins; aliases are matched as whole words, case-sensitively, and an
    ambiguous one ("Security Council Secretary" of a state's own council) is not an office."""
    path = Path("part-of.tsv")
    whole = {_known(path, keys, row["body"]): _known(path, keys, row["whole"]) for row in part_of}
    bodies = sorted(((alias, e.entity.key) for e in entries.values()
                     if e.entity.type in ("organization", "government_body") and not e.entity.country
                     for alias in e.aliases if len(alias) > 1 and alias.lower() not in ambiguous), key=lambda a: (-len(a[0]), a))
    offices = {}
    for entry in entries.values():
        if entry.entity.type != "person":
            continue
        found = [(len(alias), key) for name in entry.aliases for alias, key in bodies
                 if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", name)]
        if found:
            key = max(found)[1]
            while key in whole:
                key = whole[key]
            offices[entry.entity.key] = key
    return offices


def _metonyms(path: Path, keys: set[str]) -> dict[str, str]:
    """Place key -> institution key. The place may be one the gazetteer does not list (a
    seat such as Brussels, typed a place wherever it is met); the institution must be listed."""
    return {slug(row["entity"]): _known(path, keys, row["speaks_as"]) for row in _table(path)}


def _titles(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip().lower() for l in lines if l.strip() and not l.startswith("#"))


def local_file(missing_ok: bool = False) -> Path | None:
    """The local gazetteer file named by $READOUT_GAZETTEER (None when unset). A path that
    names no file is an error (a typo would silently build without the user's links),
    unless `missing_ok` (`readout link --online` creates it)."""
    value = os.environ.get(LOCAL_ENV)
    if not value:
        return None
    if not Path(value).is_file():
        if missing_ok:
            return None
        from readout.errors import InputError

        raise InputError(f"{LOCAL_ENV}={value} names no file; fix the path or unset it (a local "
                         f"gazetteer is made with 'readout link --online --gazetteer-file {value}')")
    return Path(value)


@functools.lru_cache(maxsize=2)
def default(missing_ok: bool = False) -> Gazetteer:
    local = local_file(missing_ok)
    return read(GAZETTEER_DIR, (local,) if local else ())


def unknown(label: str, type_: str) -> Entity:
    """An actor not in the gazetteer: kept, never linked. Its label is written one way
    wherever it is met (`canonical`), so that one key has one label across articles. A
    person or a state keeps its name as its key; any other unknown name gets its type in
    its key ("ferguson-place", "ferguson-organization"): the statistical NER types one name
    differently in different articles, and a place and a person of one name are two things."""
    label = canonical(label)
    key = slug(label) if type_ in ("person", "country") else slug(f"{label} {type_}")
    return Entity(key=key, label=label, type=type_)


FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la", "al", "bin", "von", "van", "der"})


def label_preference(label: str) -> tuple:
    """How readout ranks the labels one unknown name was given in different articles (the
    least first): fewer words in capitals ("LOS Angeles" after "Los Angeles"), fewer hyphens
    ("African-Americans" after "African Americans"), then the labels' order, so that the
    entity keeps one label whatever order the articles come in."""
    words = label.split()
    capitals = sum(1 for w in words if w.isupper() and sum(c.isalpha() for c in w) > 1)
    return capitals, label.count("-"), label


def canonical(name: str) -> str:
    """A name as readout labels it: no stray punctuation at its ends, hyphens without spaces
    ("Trans- Pacific" -> "Trans-Pacific"), a headline's capitals undone ("WASHINGTON",
    "LOS Angeles", "HIllary"; acronyms of four letters or fewer on their own stay), every word
    of a name of several words capitalised but its particles ("Republican party" ->
    "Republican Party", "bin Laden" -> "Bin Laden")."""
    name = " ".join(name.strip(" -–—.,;:'\"“”‘’()").split())
    name = re.sub(r"\s*-\s*", "-", name)
    words = name.split(" ")
    several = len(words) > 1
    fixed = []
    for i, word in enumerate(words):
        letters = [c for c in word if c.isalpha()]
        if word.isupper() and (len(letters) > 4 or (several and len(letters) > 2 and not all(w.isupper() for w in words))):
            word = word.capitalize()
        elif len(letters) > 2 and word[:2].isupper() and word[2:].islower():
            word = word[0] + word[1:].lower()          # "HIllary"
        if several and word[:1].islower() and (i == 0 or word.split("-")[0] not in FUNCTION_WORDS):
            word = word[:1].upper() + word[1:]
        fixed.append(word)
    name = " ".join(fixed)
    return name[:1].upper() + name[1:] if name else name
