"""Query answers shaped into what the report's template shows; nothing is computed from
the graph here, only grouped, ordered and linked.

Each claim links to its statement's cue in its article's section: the statement whose cue
lies in the claim's evidence sentence and whose content matches the claim (the queries
give the sentence; the statements query gives the offsets). Claims are listed under the
contact each article mainly reports (of the contacts it reports, the one most articles
report; the newest on a tie), so a claim made in one call is not repeated under every
earlier contact an article recalls.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from readout.report.answers import Answers, Row
from readout.report.highlight import Note, Span, notes_and_spans, pieces


@dataclass
class Claim:
    who: str                      # speaker, or attributor
    act: str                      # speech act, or 'attributes to HOLDER'
    content: str
    article: str
    evidence: str
    href: str
    detail: dict[str, list[str]] = field(default_factory=dict)    # label -> values, shown small
    articles: int = 1             # how many articles carry the claim (when the query says)


@dataclass
class Column:
    side: str
    other: str
    said: list[Claim] = field(default_factory=list)
    attributed: list[Claim] = field(default_factory=list)
    omitted: list[Claim] = field(default_factory=list)
    said_by: list[tuple[str, list[Claim]]] = field(default_factory=list)   # said, by speaker


@dataclass
class ArticleView:
    id: str
    anchor: str
    title: str
    publisher: str
    published: str
    url: str
    language: str
    text: str
    notes: list[Note]
    spans: list[Span]
    pieces: list = field(default_factory=list)


class Linker:
    """Finds the statement a claim row stands for and returns a link to its cue."""

    def __init__(self, articles: dict[str, ArticleView], statements: dict[str, list[Row]]):
        self.articles = articles
        self.statements = statements

    def href(self, article: str, sentence: str, content: str) -> str:
        view = self.articles.get(article)
        if view is None:
            return ""
        start = view.text.find(sentence) if sentence else -1
        if start < 0:
            return f"#{view.anchor}"
        end = start + len(sentence.rstrip())
        inside = [n for n, r in zip(view.notes, self.statements.get(article, []))
                  if start <= int(r["cue_start"]) < end]
        said = _words(content)
        best = next((n for n in inside if _words(n.content) == said), None) \
            or next((n for n in inside if said and (said in _words(n.content) or _words(n.content) in said)), None) \
            or (inside[0] if inside else None)
        if best:
            return f"#{best.anchor}"
        anchor = f"ev-{article}-{start}"
        if not any(s.anchor == anchor for s in view.spans):
            view.spans.append(Span(start, end, "evidence", None, anchor))
        return f"#{anchor}"


def articles(answers: Answers) -> tuple[dict[str, ArticleView], Linker]:
    by_article: dict[str, list[Row]] = {}
    for row in answers.statements:
        by_article.setdefault(row["article"], []).append(row)
    views, ordered = {}, {}
    for row in answers.articles:
        aid = row["article"]
        rows = sorted(by_article.get(aid, []), key=lambda r: (int(r["cue_start"]), r.get("statement", "")))
        ordered[aid] = rows
        notes, spans = notes_and_spans(aid, rows)
        title = row.get("title") or aid
        views[aid] = ArticleView(aid, f"article-{aid}", title if title != aid else f"Article {aid}",
                                 row.get("publisher", ""), row.get("published", ""), row.get("url", ""),
                                 row.get("language") or "en", row.get("text", ""), notes, spans)
    return views, Linker(views, ordered)


def finish(views: dict[str, ArticleView]) -> list[ArticleView]:
    """Cut each article's text into highlighted pieces, once every link has been made."""
    for view in views.values():
        view.pieces = pieces(view.text, view.spans)
    return sorted(views.values(), key=lambda v: v.id)


def main_contact(events: dict[str, dict]) -> dict[str, str]:
    """article id -> the contact it mainly reports (most articles; newest on a tie)."""
    chosen: dict[str, str] = {}
    rank = sorted(events.values(), key=lambda e: (len(e["article_ids"]), e["date"], e["iri"]), reverse=True)
    for event in rank:
        for aid in event["article_ids"]:
            chosen.setdefault(aid, event["iri"])
    return chosen


def _about(row: Row, event: dict, own: set[str]) -> bool:
    """A row is about the event when the query names it ('PhoneCall 2025-07-01'), or, when
    it names no event, when its article mainly reports the event."""
    named = (row.get("event") or "").strip()
    if named:
        kind, _, date = named.partition(" ")
        return kind == event["type"] and date == event["date"]
    return row["article"] in own


def columns(answers: Answers, event: dict, own: set[str], link: Linker) -> list[Column]:
    """One column per side (state) of the event's participants: the first two sides."""
    sides = event["sides"][:2]
    if len(sides) < 2:
        return []
    (a_iri, a), (b_iri, b) = sides
    cols = {a: Column(a, b), b: Column(b, a)}
    seen: dict[tuple, Claim] = {}
    for row in answers.by_readout:
        side = row.get("source_side", "")
        if side not in cols or not _about(row, event, own):
            continue
        key = ("said", side, row.get("speaker"), row.get("content"), row["article"])
        claim = seen.get(key)
        if claim is None:
            claim = seen[key] = _claim(row, link, row.get("speaker", ""), row.get("speech_act", ""),
                                       row.get("content", ""))
            cols[side].said.append(claim)
        _add(claim, "readout", row.get("readout"))
        if not (row.get("according_to") and row.get("according_to") in (row.get("readout") or "")):
            _add(claim, "according to", row.get("according_to"))
        _add(claim, "relayed by", row.get("relayed_by"))
    for row in answers.positions(a_iri, b_iri):
        # the query keeps the rows between the two sides (a bloc one of them belongs to, such as
        # the West, stands on that side): the column is the attributor's side, or else the side
        # opposite the holder's
        side, held = row.get("attributor_side", ""), row.get("holder_side", "")
        if side not in cols:
            side = cols[held].other if held in cols else ""
        if side not in cols or held == side or row["article"] not in own:
            continue
        key = ("attributed", side, row.get("attributor"), row.get("proposition"), row["article"])
        claim = seen.get(key)
        if claim is None:
            claim = seen[key] = _claim(row, link, row.get("attributor", ""), "attributes to",
                                       row.get("proposition", ""))
            cols[side].attributed.append(claim)
        _add(claim, "holder", row.get("holder"))
        if held and held != row.get("holder"):
            _add(claim, "holder's side", held)
        _add(claim, "issue", row.get("issue"))
        _add(claim, "according to", row.get("according_to"))
    for row in answers.differences:
        side = row.get("omitted_by_side", "")
        if side not in cols or row.get("reported_by_side") not in cols or row["article"] not in own:
            continue
        claim = _claim(row, link, row.get("speaker", ""), row.get("omission", ""), row.get("content", ""))
        _add(claim, "issue", row.get("issue"))
        _add(claim, "reported by", row.get("readout") or row.get("according_to"))
        cols[side].omitted.append(claim)
    for column in cols.values():   # the most carried claims first, then as the query ordered them
        for claims in (column.said, column.attributed, column.omitted):
            claims.sort(key=lambda c: -c.articles)
        column.said_by = _by_speaker(column, event["participants"])
    return [cols[a], cols[b]]


def _by_speaker(column: Column, participants: list[dict]) -> list[tuple[str, list[Claim]]]:
    """The said claims grouped by speaker: first the other side's participants (what this
    side says the other said), then its own, then every other speaker."""
    groups: dict[str, list[Claim]] = {}
    for claim in column.said:
        groups.setdefault(claim.who, []).append(claim)
    rank = {p["label"]: (0 if p["side"] == column.other else 1) for p in participants}
    return sorted(groups.items(), key=lambda g: (rank.get(g[0], 2), -len(g[1]), g[0]))


def briefings(answers: Answers, event: dict, link: Linker) -> list[dict]:
    out, seen = [], set()
    for row in answers.briefings:
        kind, _, date = (row.get("relative_to") or "").partition(" ")
        if row["article"] not in event["article_ids"] or kind != event["type"] or (date and date != event["date"]):
            continue
        key = (row.get("informer"), row.get("informed"), row.get("timing"), row["article"])
        if key in seen:
            continue
        seen.add(key)
        out.append({"informer": row.get("informer", ""), "informed": row.get("informed", ""),
                    "timing": row.get("timing", ""), "article": row["article"],
                    "evidence": row.get("evidence_sentence", "").strip(),
                    "href": link.href(row["article"], row.get("evidence_sentence", ""), "")})
    return out


def corroborated(answers: Answers, own: set[str], limit: int = 12) -> list[dict]:
    out = []
    for row in answers.corroboration:
        ids = (row.get("article_ids") or "").split()
        if row.get("kind") != "statement" or not own.intersection(ids):
            continue
        out.append({"speaker": row.get("speaker", ""), "act": row.get("speech_act", ""),
                    "content": " ".join(row.get("content", "").split()), "articles": ids,
                    "outlets": row.get("outlets", "0")})
    return out[:limit]


def _claim(row: Row, link: Linker, who: str, act: str, content: str) -> Claim:
    sentence = row.get("evidence_sentence", "")
    carried = row.get("articles") or "1"
    return Claim(who, act, " ".join(content.split()), row["article"], " ".join(sentence.split()),
                 link.href(row["article"], sentence, content),
                 articles=int(carried) if carried.isdigit() else 1)


def _add(claim: Claim, label: str, value: str | None) -> None:
    if value and value not in claim.detail.setdefault(label, []):
        claim.detail[label].append(value)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").lower()))
