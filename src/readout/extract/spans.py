"""Character spans of an article's words: trimmed, cut to a paragraph, widened to the
quotation they begin or end in. One `Text` per article holds the text and its quotations
(`readout.extract.quotes`); it never changes after it is made."""
from __future__ import annotations

from readout.extract import quotes
from readout.extract.cues import match
from readout.facts import Span

TRIM = " \t\n\r\xa0\u2009\u202f,;:.—–-•·▪"


class Text:
    """An article's text and quotations, and the spans of parse subtrees in it."""

    def __init__(self, text: str):
        self.text = text
        self.quotations = quotes.find(text)

    def trim(self, start: int, end: int) -> Span:
        """The span without surrounding spaces and punctuation (quotation marks stay)."""
        text = self.text
        while start < end and text[start] in TRIM:
            start += 1
        while end > start and text[end - 1] in TRIM:
            end -= 1
        return Span.of(text, start, end)

    def quoted(self, start: int, end: int) -> bool:
        return quotes.enclosing(self.quotations, start, end) is not None

    def paragraph(self, anchor: int) -> tuple[int, int]:
        """Start and end of the paragraph (line) holding this offset."""
        return self.text.rfind("\n", 0, anchor) + 1, self.text.find("\n", anchor) % (len(self.text) + 1)

    def subtree(self, head) -> Span:
        tokens = list(head.subtree)
        return self.tokens(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def span_of(self, tokens) -> Span:
        return self.tokens(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def tokens(self, start: int, end: int) -> Span:
        """Words from start to end; a content that begins or ends at a quotation mark takes
        the whole quotation, and one in which a quotation opens runs to its end (`said that
        he will “need help. So we'll see.”`: the parse ends the clause at the first full stop)."""
        quote = quotes.enclosing(self.quotations, start, end)
        if quote is None:
            first = self.quotations.near(start, end).start     # (the ones before end before `start`)
            for q in self.quotations[first:]:
                if q.start >= end:
                    break       # (and so do all after it: `end` only grows at one that starts before it)
                if q.start < end and start < q.end and (q.start <= start + 1 and q.end >= end - 1):
                    start, end = min(start, q.start), max(end, q.end)
                    return self.trim(start, end)
                if q.start >= start and q.start < end < q.end:
                    end = q.end     # a quotation opened in the content runs on past the parse's sentence
        return self.trim(start, end)

    def in_paragraph(self, content: list[Span], anchor: int) -> list[Span]:
        """Content pieces cut to the paragraph of the cue: the parser sometimes runs a
        sentence over a line break (a heading, a bullet), the attribution never does."""
        start, end = self.paragraph(anchor)
        kept = []
        for piece in content:
            if "\n" in piece.text and not quotes.enclosing(self.quotations, piece.start, piece.end):
                piece = self.trim(max(piece.start, start), min(piece.end, end))
            if piece.end > piece.start:
                kept.append(piece)
        return kept

    def plain(self, head, leave_out: set[int] = frozenset(), anchor: int | None = None,
              participles: bool = False) -> Span:
        """The words of a source phrase, within the paragraph of its head word, without
        participle modifiers ("a letter obtained by AP"; with `participles`, past participles
        stay: "a poll released Monday", the phrase PolNeAR marks) or a dateline ("RENO (AP) —")."""
        for child in head.children:
            if child.dep_ in ("ccomp", "parataxis", "advcl") or (child.dep_ == "acl" and not (
                    participles and child.tag_ == "VBN")) or \
                    (child.dep_ == "relcl" and any(match(t) for t in child.subtree)):
                leave_out = leave_out | {t.i for t in child.subtree}
        kept = {t.i for t in head.subtree if t.i not in leave_out}
        first, last = head.i, head.i
        while first - 1 in kept:
            first -= 1
        while last + 1 in kept:
            last += 1
        while first < head.i and (head.doc[first].is_punct or head.doc[first].is_quote):
            first += 1
        while last > head.i and head.doc[last].is_quote:
            last -= 1
        tokens = list(head.doc[first:last + 1])
        if not tokens:
            tokens = [head]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        anchor = head.idx if anchor is None else anchor     # the paragraph of the cue, when given
        para_start = self.text.rfind("\n", 0, anchor) + 1
        para_end = self.text.find("\n", anchor)
        start = max(start, para_start)
        end = min(end, para_end) if para_end != -1 else end
        dateline = max(self.text.rfind(" — ", start, head.idx), self.text.rfind(" – ", start, head.idx))
        if dateline != -1:
            start = dateline + 3
        span = self.trim(start, end)
        if ", " in span.text and self.text[span.end:span.end + 1] == ",":
            span = Span.of(self.text, span.start, span.end + 1)   # "Jane Doe, a spokeswoman," said
        return span
