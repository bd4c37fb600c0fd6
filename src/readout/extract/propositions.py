"""What a position says: its proposition span, its stance and its issue.

The lexicons the position rules read (`data/lexicons/stances.tsv`, `issues.tsv`,
`conduct-nouns.txt`) and the trimming of a proposition span to its claim.
"""
from __future__ import annotations

import csv
import functools
import re

from readout.config import LEXICON_DIR
from readout.facts import Span

QUOTES = "\"'“”‘’«»"
LEADING = re.compile(r"^(?:that|whether|to|as)\s+", re.I)


def _rows(name: str) -> list[dict]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def stances() -> dict[tuple[str, str], tuple[str, bool]]:
    return {(r["lemma"], r["pos"]): (r["stance"], r["voice"] == "article") for r in _rows("stances.tsv")}


@functools.lru_cache(maxsize=1)
def issues() -> list[tuple[re.Pattern, str]]:
    rows = sorted(_rows("issues.tsv"), key=lambda r: -len(r["keyword"]))
    return [(re.compile(rf"(?<![\w-]){re.escape(r['keyword'])}(?![\w-])", re.I), r["issue"]) for r in rows]


@functools.lru_cache(maxsize=1)
def conduct_nouns() -> frozenset[str]:
    with (LEXICON_DIR / "conduct-nouns.txt").open(encoding="utf-8") as handle:
        return frozenset(l.strip() for l in handle if l.strip() and not l.startswith("#"))


@functools.lru_cache(maxsize=1)
def hypothetical_modals() -> frozenset[str]:
    with (LEXICON_DIR / "hypothetical-modals.txt").open(encoding="utf-8") as handle:
        return frozenset(l.strip() for l in handle if l.strip() and not l.startswith("#"))


@functools.lru_cache(maxsize=1)
def _any_keyword() -> re.Pattern:
    """Any keyword of `issues` (an alternation finds one wherever one of them matches)."""
    words = "|".join(re.escape(r["keyword"]) for r in _rows("issues.tsv"))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I)


def issue_of(text: str) -> str:
    """The issue a proposition is on: the longest keyword found in it ('' when none)."""
    text = text.replace("’", "'")
    if not _any_keyword().search(text):      # (most propositions name none: one search, not one a keyword)
        return ""
    return next((issue for pattern, issue in issues() if pattern.search(text)), "")


def trim(text: str | None, span: Span) -> Span | None:
    """The span without a leading 'that', quotes, brackets or trailing punctuation."""
    if text is None:
        return span
    start, end = span.start, span.end
    while True:
        piece = text[start:end]
        stripped = piece.strip().strip(QUOTES + ".,;:—–-…() ").rstrip()
        offset = piece.find(stripped) if stripped else 0
        if stripped and (m := LEADING.match(stripped)):
            offset, stripped = offset + m.end(), stripped[m.end():]
        if not stripped:
            return None
        new_start, new_end = start + offset, start + offset + len(stripped)
        if (new_start, new_end) == (start, end):
            return Span.of(text, start, end) if end - start > 2 else None
        start, end = new_start, new_end
