"""The offset indexes extraction asks instead of walking every span: each gives what the walk
gave, in the same order, on spans that nest, overlap, repeat and touch."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from readout.extract import intervals, quotes
from readout.extract.intervals import Containing, Spanned, within
from readout.facts import Span

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda p: (p[0], p[0] + p[1])),
                 max_size=40)
ranges = st.tuples(st.integers(0, 90), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1]))


@dataclass(frozen=True)
class Named:
    span: Span
    n: int


def _named(pairs):
    return [Named(Span(s, e, "x" * (e - s)), n) for n, (s, e) in enumerate(pairs)]


@settings(max_examples=300, deadline=None)
@given(spans, ranges)
def test_containing_gives_the_spans_around_a_range_in_sorted_order(pairs, query):
    start, end = query
    index = Containing((s, e, n) for n, (s, e) in enumerate(pairs))
    walked = [(s, e, n) for s, e, n in sorted(((s, e, n) for n, (s, e) in enumerate(pairs)),
                                               key=lambda x: (x[0], x[1]))
              if s <= start and end <= e]
    assert list(index.around(start, end)) == walked


@settings(max_examples=300, deadline=None)
@given(spans, ranges)
def test_spanned_gives_the_items_inside_a_range_and_those_starting_in_one(pairs, query):
    start, end = query
    items = _named(pairs)
    ordered = sorted(items, key=lambda x: (x.span.start, x.span.end))
    index = Spanned(items)
    assert index == ordered
    assert index.within(start, end) == [x for x in ordered if x.span.start >= start and x.span.end <= end]
    assert within(index, start, end) == within(ordered, start, end) == index.within(start, end)
    assert index.starting(start, end) == [x for x in ordered if start <= x.span.start <= end]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(2, 30), st.booleans()), max_size=30), ranges)
def test_quotations_give_the_first_enclosing_one_as_a_walk_does(triples, query):
    start, end = query
    found = quotes.Quotations(quotes.Quotation(s, s + n, closed) for s, n, closed in triples)
    walked = next((q for q in sorted(found) if q.start <= start and end <= q.end), None)
    assert found.enclosing(start, end) == walked
    assert quotes.enclosing(found, start, end) == quotes.enclosing(list(found), start, end) == walked
    near = set(found.near(start, end))
    assert {n for n, q in enumerate(found) if q.end >= start and q.start <= end} <= near
    at = found.starting_at(start)
    assert at == next((n for n, q in enumerate(found) if q.start == start), None)


def test_a_text_finds_its_quotations_with_the_index():
    text = 'He said "we will \u2018not\u2019 go" and \u201cthat is all\u201d today.'
    found = quotes.find(text)
    assert isinstance(found, quotes.Quotations)
    inner = text.index("not")
    assert found.enclosing(inner, inner + 3).start == text.index('"')


@settings(max_examples=200, deadline=None)
@given(spans, st.integers(-1, 100))
def test_the_reach_of_sorted_spans_bisects_to_the_first_that_ends_after_an_offset(pairs, offset):
    ordered = sorted(pairs)
    ends = [e for _, e in ordered]
    found = intervals.reach(ends)
    assert found == [max(ends[:n + 1]) for n in range(len(ends))]
    assert bisect.bisect_right(found, offset) == next((n for n, e in enumerate(ends) if e > offset), len(ends))
