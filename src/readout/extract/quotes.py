"""Quotation marks of every style, normalised for matching with offsets kept.

`normalise` maps each quotation mark to a plain `"` (double style: “ ” „ ‟ « » ") or
`'` (single style: ‘ ’ ‚ ‛ ‹ › ') one character for one character, so an offset into the
normalised text is the same offset into the original. `find` returns the quotations of a
text as (start, end) spans including their marks; an opening mark never closed ends its
quotation at the end of the paragraph (the convention for quotes running over several
paragraphs), and a closing mark never opened is ignored. Two apostrophes ('') count as one\ndouble mark, as in some newspapers' archives.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from readout.extract import intervals

DOUBLE = "“”„‟«»\"″"
SINGLE = "‘’‚‛‹›'"
OPENING = "“„‟«‘‚‛‹"
CLOSING = "”»’›"
_TABLE = str.maketrans({**{c: '"' for c in DOUBLE}, **{c: "'" for c in SINGLE}})


@dataclass(frozen=True, order=True)
class Quotation:
    start: int         # offset of the opening mark
    end: int           # offset after the closing mark (or the end of the paragraph)
    closed: bool = True



def normalise(text: str) -> str:
    """The text with every quotation mark replaced by `"` or `'`; same length."""
    return text.translate(_TABLE)


class Quotations(tuple):
    """An article's quotations, sorted; `enclosing` finds the first that contains a range in
    logarithmic time (quotations may nest: a single-style one around a double-style one)."""

    def __new__(cls, quotations: Iterable[Quotation]):
        self = super().__new__(cls, sorted(quotations))
        self.starts = [q.start for q in self]
        self.reach = intervals.reach(q.end for q in self)     # the greatest end up to each one
        return self

    def enclosing(self, start: int, end: int) -> Quotation | None:
        """The first quotation that contains [start, end): of those that open at or before
        `start` (a prefix), the first whose end reaches `end` (where `reach` first does)."""
        n = bisect.bisect_left(self.reach, end)
        return self[n] if n < len(self) and self.starts[n] <= start else None

    def near(self, lo: int, hi: int) -> range:
        """Indexes of the quotations in sorted order, among them every one that ends at or
        after `lo` and starts at or before `hi` (the ones before end before `lo`, the ones
        after start after `hi`)."""
        return range(bisect.bisect_left(self.reach, lo), bisect.bisect_right(self.starts, hi))

    def starting_at(self, offset: int) -> int | None:
        """The index of the first quotation that opens at this offset, if any."""
        n = bisect.bisect_left(self.starts, offset)
        return n if n < len(self) and self.starts[n] == offset else None


def find(text: str) -> Quotations:
    """Double-style quotations, and single-style ones that open after a space or a dash."""
    found = []
    start = 0
    for paragraph in text.split("\n"):
        found.extend(_in_paragraph(text, start, start + len(paragraph)))
        start += len(paragraph) + 1
    return Quotations(found)


CLOSERS = {"“": "”\"", "„": "“”\"", "‟": "”\"", "«": "»", '"': '"”', "″": "″\"", "''": "''”", "”": "”\""}
MARKS = re.compile(r"''|[“”„‟«»\"″]")   # '' is a double mark in some newspapers' text


def _in_paragraph(text: str, start: int, end: int) -> list[Quotation]:
    found: list[Quotation] = []
    opened: re.Match | None = None
    for mark in MARKS.finditer(text, start, end):
        char = mark.group()
        if opened is None:
            if char in CLOSING and not _opens_straight(text, mark.start(), start):
                continue
            opened = mark
        elif char in CLOSERS.get(opened.group(), ""):
            found.append(Quotation(opened.start(), mark.end()))
            opened = None
    if opened is not None and end - opened.end() > 0:
        found.append(Quotation(opened.start(), end, closed=False))
    found.extend(_single(text, start, end, found))
    return found


def _opens_straight(text: str, i: int, start: int) -> bool:
    """A closing-style mark used to open (some sites use ” both ways): after a space."""
    return i == start or text[i - 1] in " \t(—–-"


def _single(text: str, start: int, end: int, double: list[Quotation]) -> list[Quotation]:
    """‘…’ and '…' quotations outside double ones: opened after a space, closed before one."""
    found = []
    starts = [q.start for q in double]
    i = start
    while i < end:
        char = text[i]
        if char in "‘'‹" and (i == start or text[i - 1] in " \t(—–-") \
                and text[i + 1:i + 2] != "'" \
                and i + 1 < end and text[i + 1].isalnum() \
                and not _inside(double, starts, i):
            close = "’'" if char != "‹" else "›"
            j = i + 1
            while j < end:
                if text[j] in close and (j + 1 == end or not text[j + 1].isalnum()) \
                        and not text[j - 1].isspace():
                    break
                j += 1
            if j < end and j - i > 2 and (char != "'" or " " in text[i:j]):
                found.append(Quotation(i, j + 1))
                i = j
        i += 1
    return found


def _inside(quotations: list[Quotation], starts: list[int], offset: int) -> bool:
    """Whether the offset is inside one of these sorted, non-overlapping quotations."""
    n = bisect.bisect_left(starts, offset) - 1
    return n >= 0 and quotations[n].end > offset


def enclosing(quotations: Iterable[Quotation], start: int, end: int) -> Quotation | None:
    """The first quotation that contains [start, end), if any."""
    if isinstance(quotations, Quotations):
        return quotations.enclosing(start, end)
    for quote in quotations:
        if quote.start <= start and end <= quote.end:
            return quote
    return None
