"""Contents that lie around their cue: the clause a cue interrupts or ends ("The plan, he
said, is sound", "The plan is sound, he said"), the rest of the sentence of a cue set apart
by commas that the parse hung elsewhere, and the main clause around "as X said". Each gives
the content as pieces before and after the cue's own words. Read by
`readout.extract.content` and `readout.extract.statements`.
"""
from __future__ import annotations

from readout.extract.mentions import pronouns
from readout.extract.spans import Text
from readout.facts import Span

ASIDE_DEPS = ("nsubj", "aux", "neg", "advmod", "npadvmod", "punct")   # all a cue set apart may have


def as_clause(token, text: Text) -> list[Span]:
    """The main clause around an "as X said" phrase (the phrase and its commas left out),
    in the pieces before and after it."""
    own = {t.i for t in token.subtree}
    clause = [t for t in token.head.subtree if t.i not in own and t.sent == token.sent]
    first, last = min(own), max(own)
    pieces = [[t for t in clause if t.i < first], [t for t in clause if t.i > last]]
    found = [text.span_of(p) for p in pieces if any(not t.is_punct for t in p)]
    return [p for p in found if p.end > p.start]


def head_clause(token, text: Text) -> list[Span]:
    """"The plan is sound, he said" and "The plan, he said, is sound": the head's
    clause around the cue's own words, when commas set the cue apart."""
    doc = token.doc
    own = {t.i for t in token.subtree}
    core = [t.i for t in token.subtree if not t.is_punct]
    first, last = min(core), max(core)
    own |= set(range(first, last + 1))
    clause = [t for t in token.head.subtree if t.i not in own and not (t.is_punct and first - 1 <= t.i <= last + 1)]
    before = [t for t in clause if t.i < first]
    after = [t for t in clause if t.i > last and not t.is_punct]
    gap_before = text.text[before[-1].idx:doc[first].idx].rstrip() if before else ""
    if not before or not gap_before.endswith((",", "”", "\"", "'", "—")):
        return []
    if after and doc[last + 1].text not in (",", "—") if last + 1 < len(doc) else False:
        return []
    pieces = [text.span_of(before)] + ([text.span_of([t for t in clause if t.i > last])] if after else [])
    return [p for p in pieces if p.end > p.start]


def set_apart(token, text: Text) -> list[Span]:
    """"Trump, Sexton said, has created ..." and "..., police said." where the parse did not
    hang the cue on the clause it interrupts: a cue with nothing of its own but its subject,
    set apart by a comma before the subject and a comma or the sentence's end after it,
    reports the rest of its sentence (in two pieces around it). Not inside a quotation, and
    not with a first or second person subject ("you know", "I think": discourse markers)."""
    doc, sent = token.doc, token.sent
    subj = next((c for c in token.children if c.dep_ == "nsubj" and c.i < token.i), None)
    if subj is None or pronouns().get(subj.lower_) in ("self", "addressee") or text.quoted(token.idx, token.idx + 1) \
            or any(c.dep_ not in ASIDE_DEPS for c in token.children):
        return []
    first = subj.left_edge.i
    if any(t.dep_ not in ("aux", "neg", "advmod") for t in doc[max(t.i for t in subj.subtree) + 1:token.i]):
        return []
    after = token.i + 1
    while after < sent.end and doc[after].dep_ == "npadvmod" and doc[after].head.i == token.i:
        after += 1
    if first - 1 <= sent.start or doc[first - 1].text != "," or after >= sent.end:
        return []
    ends = doc[after].is_punct and doc[after].text in (".", "!", "?") and after + 1 >= sent.end - 1
    if doc[after].text != "," and not ends:
        return []
    before = [t for t in doc[sent.start:first - 1]]
    rest = [] if ends else [t for t in doc[after + 1:sent.end] if not (t.i == sent.end - 1 and t.is_punct)]
    found = [text.span_of(p) for p in (before, rest) if any(not t.is_punct for t in p)]
    return [p for p in found if p.end > p.start]


def around_cue(content: Span, cue_span: Span, source, text: Text) -> list[Span]:
    """A content that wraps around its cue ("The plan, she said, is sound") in pieces."""
    if not content.start < cue_span.start < content.end:
        return [content]
    lo, hi = cue_span.start, cue_span.end
    if source is not None:
        src = text.plain(source)
        if src.end <= cue_span.start + 1 and src.start > content.start:
            lo = min(lo, src.start)
        elif src.start >= cue_span.end - 1 and src.end < content.end:
            hi = max(hi, src.end)
    pieces = [text.trim(content.start, lo), text.trim(hi, content.end)]
    return [p for p in pieces if p.end > p.start]
