"""The stored queries' answers the report is made of: read through `api.query` only.

The page shows what `readout query NAME` shows, so the two never disagree. Rows are read
by column name (a query that gains a column changes nothing here). Queries that take
parameters (positions-attributed, contact-timeline) run once for each pair of sides or
actors the report needs, not once per event.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Row = dict[str, str]


@dataclass
class Answers:
    """Every answer the report needs, as rows of plain strings keyed by column."""

    articles: list[Row]
    statements: list[Row]
    events: list[Row]
    participants: list[Row]           # event-participants
    briefings: list[Row]
    corroboration: list[Row]
    store: Path | None = None
    _positions: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    _timelines: dict[tuple[str, str], list[Row]] = field(default_factory=dict)
    _lazy: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def by_readout(self) -> list[Row]:
        """statements-by-readout, run only when an event has two sides to compare."""
        return self._once("statements-by-readout")

    @property
    def differences(self) -> list[Row]:
        """readout-differences, run only when an event has two sides to compare."""
        return self._once("readout-differences")

    def _once(self, name: str) -> list[Row]:
        if name not in self._lazy:
            self._lazy[name] = _rows(self.store, name)
        return self._lazy[name]

    def positions(self, side_a: str, side_b: str) -> list[Row]:
        """positions-attributed between the states side_a and side_b (IRIs), both ways."""
        key = tuple(sorted((side_a, side_b)))
        if key not in self._positions:
            self._positions[key] = _rows(self.store, "positions-attributed",
                                         {"side_a": key[0], "side_b": key[1]})
        return self._positions[key]

    def timeline(self, actor_a: str, actor_b: str) -> list[Row]:
        """contact-timeline of the actors actor_a and actor_b (IRIs)."""
        key = tuple(sorted((actor_a, actor_b)))
        if key not in self._timelines:
            self._timelines[key] = _rows(self.store, "contact-timeline",
                                         {"actor_a": key[0], "actor_b": key[1]})
        return self._timelines[key]


def load(store_dir: Path, event: str | None = None) -> Answers:
    """Run the stored queries on the store at `store_dir` (one event's, with `event`)."""
    store = Path(store_dir)
    participants = _rows(store, "event-participants", {"event": event} if event else None)
    return Answers(
        store=store,
        articles=_rows(store, "articles"),
        statements=_rows(store, "statements"),
        events=_rows(store, "events"),
        participants=participants,
        briefings=_rows(store, "briefings"),
        corroboration=_rows(store, "corroboration", {"min_articles": "2"}),
    )


def _rows(store: Path | None, name: str, params: dict[str, str] | None = None) -> list[Row]:
    from readout import api

    return api.query(store, name, params=params).records()
