"""The word lists event extraction reads, each from one file of `data/lexicons/`.

- `event-triggers.tsv`: trigger lemmas, their event class, the words they need;
- `event-roles.tsv`: words of roles and relations (initiator, briefing, participate, the
  medium of a contact, anaphoric determiners);
- `event-senses.tsv`: senses of a trigger that are no event ("call for", "called X a Y");
- `event-modality.tsv`: words that make a mention planned, proposed, possible, refused or
  cancelled rather than a fact.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from readout.config import LEXICON_DIR

# strongest first: the modality a mention gets when several words apply
MODALITY_ORDER = ("cancelled", "refused", "negated", "proposed", "planned", "possible")
ACTUAL = "actual"


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    needs: tuple[str, ...]
    subject_initiates: bool = False


def rows(name: str) -> list[dict]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], Trigger]:
    return {(r["lemma"], r["pos"]): Trigger(r["lemma"], r["pos"], r["type"],
                                             tuple(w for w in (r["with"] or "").split("|") if w),
                                             (r.get("initiator") or "") == "subject")
            for r in rows("event-triggers.tsv")}


@functools.lru_cache(maxsize=1)
def roles() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows("event-roles.tsv"):
        found.setdefault(row["role"], set()).add(row["lemma"])
    return found


def medium(lemma: str) -> str:
    """The event class a medium word gives ("phone" -> PhoneCall), or ""."""
    for role, words in roles().items():
        if role.startswith("medium-") and lemma in words:
            return role.split("-", 1)[1]
    return ""


@functools.lru_cache(maxsize=1)
def senses() -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in rows("event-senses.tsv"):
        found.setdefault((r["lemma"], r["pos"]), []).append((r["dep"], r["word"], r["sense"]))
    return found


@functools.lru_cache(maxsize=1)
def modality_words() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for r in rows("event-modality.tsv"):
        found.setdefault(r["where"], {})[r["word"]] = r["modality"]
    return found


def strongest(modalities) -> str:
    given = set(modalities)
    found = [m for m in MODALITY_ORDER if m in given]
    return found[0] if found else ACTUAL
