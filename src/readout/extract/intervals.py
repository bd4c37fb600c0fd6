"""Which spans of an article contain a range, or lie inside one, in logarithmic time.

Extraction asks these questions once per cue, speaker or quotation: asked by walking every
span of the article, they made it quadratic in article length (a generated 400 KB article:
extraction 25 s against 2 s at 100 KB). Each answer is the one the walk gave, in the same
order.
"""
from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Containing(Generic[T]):
    """Spans [start, end), each with what it belongs to, sorted by (start, end) (ties in the
    order given); `around(start, end)` gives those that contain a range, in that order.

    A max-tree over the spans' ends: the spans that start at or before `start` are a prefix,
    and of those only the subtrees whose greatest end reaches `end` are walked, so a query
    costs the logarithm of the number of spans times (1 + the number found)."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]):
        self.spans = sorted(spans, key=lambda s: (s[0], s[1]))
        self.starts = [s[0] for s in self.spans]
        size = 1
        while size < len(self.spans):
            size *= 2
        self.size = size
        reach = [-1] * (2 * size)
        for i, span in enumerate(self.spans):
            reach[size + i] = span[1]
        for node in range(size - 1, 0, -1):
            reach[node] = max(reach[2 * node], reach[2 * node + 1])
        self.reach = reach

    def around(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """The spans with span.start <= start and end <= span.end, in sorted order."""
        last = bisect.bisect_right(self.starts, start) - 1
        if last < 0:
            return
        reach, size, spans = self.reach, self.size, self.spans
        stack = [(1, 0, size)]      # node, the first and past-the-last span it covers
        while stack:
            node, lo, hi = stack.pop()
            if lo > last or reach[node] < end:
                continue
            if node >= size:
                yield spans[lo]
                continue
            mid = (lo + hi) // 2
            stack.append((2 * node + 1, mid, hi))   # the right half after the left one
            stack.append((2 * node, lo, mid))


class Spanned(list):
    """Things with a `span` (mentions), sorted by (span.start, span.end), ties in the order
    given; `within(start, end)` gives those inside a range, in that order. Not to be changed
    once made."""

    def __init__(self, items: Iterable = ()):
        super().__init__(sorted(items, key=lambda x: (x.span.start, x.span.end)))
        self.starts = [x.span.start for x in self]

    def within(self, start: int, end: int) -> list:
        """Those with start <= span.start and span.end <= end, in sorted order."""
        found = []
        for i in range(bisect.bisect_left(self.starts, start), len(self)):
            item = self[i]
            if item.span.start > end:
                break
            if item.span.end <= end:
                found.append(item)
        return found


    def starting(self, lo: int, hi: int) -> list:
        """Those with lo <= span.start <= hi, in sorted order."""
        return self[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]


def reach(ends: Iterable[int]) -> list[int]:
    """The greatest of the ends up to each one: of spans sorted by start, those before the
    first whose reach passes an offset all end at or before it (`bisect_right` finds it)."""
    return list(itertools.accumulate(ends, max, initial=-1))[1:]


def within(items: Iterable, start: int, end: int) -> list:
    """The items inside [start, end) (start <= span.start and span.end <= end), in the order
    given: by bisect from a `Spanned` list, else each item looked at."""
    if isinstance(items, Spanned):
        return items.within(start, end)
    return [x for x in items if x.span.start >= start and x.span.end <= end]
