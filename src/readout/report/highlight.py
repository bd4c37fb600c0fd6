"""An article's text cut into pieces, each marked with the statement parts it lies in.

Spans of statements overlap and nest (a content holds another statement's cue), so the
text is cut at every span boundary and each piece carries the set of roles (cue, source,
content) it lies in: the template draws one element per piece, never nested marks.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("cue", "source", "content", "evidence")
WIKIDATA = "https://www.wikidata.org/wiki/"


@dataclass
class Note:
    """A statement of the article, listed under it (a footnote) and linked from its cue."""

    number: int
    anchor: str                 # id of the statement's cue in the text
    note_id: str                # id of the footnote
    speaker: str
    qid: str
    cue: str
    speech_act: str
    content: str
    addressee: str
    according_to: str

    @property
    def wikidata(self) -> str:
        return WIKIDATA + self.qid if self.qid else ""

    @property
    def hover(self) -> str:
        linked = f" (Wikidata {self.qid}: {self.wikidata})" if self.qid else " (no Wikidata link)"
        return f"[{self.number}] {self.speaker}{linked}, {self.speech_act}"


@dataclass
class Piece:
    text: str
    roles: list[str] = field(default_factory=list)
    hover: str = ""
    anchors: list[str] = field(default_factory=list)    # ids that land here
    notes: list[Note] = field(default_factory=list)     # footnote marks after the piece

    @property
    def css(self) -> str:
        return " ".join(f"hl-{role}" for role in self.roles)


@dataclass
class Span:
    start: int
    end: int
    role: str
    note: Note | None = None
    anchor: str = ""            # id that lands on the span's first piece (cue, evidence)


def anchor_id(article: str, start: int, number: int) -> str:
    return f"st-{article}-{start}-{number}"


def notes_and_spans(article: str, statements: list[dict]) -> tuple[list[Note], list[Span]]:
    """A note per statement row (ordered by cue) and the spans of its cue, source, content."""
    notes, spans = [], []
    ordered = sorted(statements, key=lambda r: (int(r["cue_start"]), r.get("statement", "")))
    for number, row in enumerate(ordered, 1):
        start = int(row["cue_start"])
        note = Note(number, anchor_id(article, start, number), f"fn-{article}-{number}",
                    row.get("speaker", ""), row.get("speaker_qid", ""), row.get("cue", ""),
                    row.get("speech_act", ""), row.get("content", ""), row.get("addressee", ""),
                    row.get("according_to", ""))
        notes.append(note)
        spans.append(Span(start, int(row["cue_end"]), "cue", note, note.anchor))
        if row.get("source_start") and row.get("source_end"):
            spans.append(Span(int(row["source_start"]), int(row["source_end"]), "source", note))
        for piece in (row.get("content_spans") or "").split(";"):
            if "-" in piece:
                begin, end = piece.split("-", 1)
                spans.append(Span(int(begin), int(end), "content", note))
    return notes, spans


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """The text cut at every boundary of `spans`; each piece knows the spans it lies in."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    ending_cues: dict[int, list[Note]] = {}
    for span in spans:
        if span.role == "cue" and span.note:
            ending_cues.setdefault(span.end, []).append(span.note)
    out, active = [], []
    for begin, end in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > begin] + starting.get(begin, [])
        piece = Piece(text[begin:end])
        if active:
            piece.roles = [r for r in ROLES if any(s.role == r for s in active)]
            hovers = []
            for span in active:
                if span.note and span.note.hover not in hovers:
                    hovers.append(span.note.hover)
            piece.hover = "; ".join(hovers)
            piece.anchors = [s.anchor for s in starting.get(begin, []) if s.anchor]
        piece.notes = ending_cues.get(end, [])
        out.append(piece)
    return out
