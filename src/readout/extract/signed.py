"""Lines that name their speaker without a verb: a short "Name: words" line (a headline or a
transcript) and a quotation signed with a dash ("“…”" then a line "— Name, a voter", or a
post ending "— Name (@handle) July 5, 2016"). The name is the source, the colon or the dash
the cue (PolNeAR marks them so), the words or the quotation the content.
"""
from __future__ import annotations

import functools
import re

from readout.config import LEXICON_DIR
from readout.extract import nlp
from readout.extract.mentions import MentionIndex, resolve_phrase
from readout.extract.spans import Text
from readout.facts import Article, Span, Statement
from readout.link.gazetteer import Gazetteer

HEADLINE = re.compile(r"^(?:[A-Z]+ [–—-] )?(?P<name>[A-Z][^\n:.!?“”\"]{1,60}?):[ \t]+(?P<content>[^\n]{3,200})$",
                      re.MULTILINE)
DASH = "(?P<dash>[-‐‑‒–—―]{1,2})"
NAME = r"(?P<name>[A-Z][^\n,.;:!?()“”\"]{1,60}?)"
ENDS = r"[ \t]*(?:\((?P<handle>@\w+)\))?[ \t]*(?=[,.;]|$)"    # an optional (@handle), then , . ; or the line's end
# a line of its own after a quotation: "- Bernie Sanders.", "―Maria, 25, Phoenix"
SIGNATURE_LINE = re.compile(rf"^[ \t]*{DASH}[ \t]*{NAME}{ENDS}", re.MULTILINE)
# on the line of the quotation it signs: "“It changed my life.” ― Maria, 25"
SIGNATURE_INLINE = re.compile(rf"(?<=[”\"»])[ \t]*{DASH}[ \t]*{NAME}{ENDS}", re.MULTILINE)
# the end of a post quoted in the text: "… pic.twitter.com/x — Paul Ryan (@SpeakerRyan) July 5, 2016"
SIGNATURE_POST = re.compile(rf"[ \t]{DASH}[ \t]+{NAME}[ \t]+\((?P<handle>@\w+)\)[ \t]+[A-Z][a-z]+ \d{{1,2}}, \d{{4}}")
CLOSING_QUOTES = ("”", "\"", "’’", "''", "»")
MAX_NAME_WORDS = 6


@functools.lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    """Lower-case words inside a person's name (data/lexicons/name-particles.txt)."""
    lines = (LEXICON_DIR / "name-particles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def headlines(article: Article, doc, text: Text, index: MentionIndex, gazetteer: Gazetteer) -> list[Statement]:
    """A short line "Obama: Americans Will Say No" attributes its words to the name."""
    found = []
    for match_ in HEADLINE.finditer(text.text):
        name_start, colon = match_.start("name"), match_.end("name")
        content = text.trim(match_.start("content"), match_.end("content"))
        mention = index.first_inside(name_start, colon)
        before = text.text[name_start:mention.span.start].split() if mention is not None else []
        if mention is not None and (text.text[mention.span.end:colon].strip() or len(before) > 2
                                    or any(w.islower() for w in before)):
            continue   # "Leaders' Call: ...", "The View from X: ..." name a topic, not a speaker
        if any(t.pos_ in ("VERB", "AUX") for t in doc[nlp.first_from(doc, name_start):nlp.first_from(doc, colon)]):
            continue   # "He said: ..." is a cue of its own
        title_line = not text.text[:name_start].strip() and len(match_["name"].split()) <= 6
        if (mention is None and not title_line) or content.end <= content.start \
                or content.text.endswith("?") \
                or article.in_comments(colon):
            continue
        if nlp.first_from(doc, colon) == len(doc):
            continue
        token = doc[nlp.first_from(doc, colon)]
        source = text.trim(name_start, colon)
        speaker, how = resolve_phrase(source, index, gazetteer, article.id)
        found.append(Statement(
            speaker=speaker, speaker_span=source, cue=Span.of(text.text, colon, colon + 1), cue_lemma=":",
            speech_act="assert", content=[content], rule=f"headline-colon+{how}",
            sentence=Span.of(text.text, match_.start(), match_.end()),
            is_quote=True, confidence=0.5))
    return found


def signatures(article: Article, text: Text, index: MentionIndex, gazetteer: Gazetteer) -> list[Statement]:
    """Quotations signed with a dash and a name: on a line of their own right after a
    paragraph that is one quotation, right after a quotation that opens its line, or at the
    end of a quoted post before its handle and date. The name must read as one: at most six
    capitalised words (name particles such as "de" and "van" aside)."""
    found = []
    for match_ in SIGNATURE_LINE.finditer(text.text):
        content = _quotation_above(text, match_.start())
        if content is not None:
            found += _signed(article, text, index, gazetteer, match_, content, "signature-line")
    for match_ in SIGNATURE_INLINE.finditer(text.text):
        quote = next((q for q in text.quotations if q.end == match_.start()), None)
        if quote is not None and not text.text[text.paragraph(match_.start())[0]:quote.start].strip():
            content = text.trim(quote.start, quote.end)
            found += _signed(article, text, index, gazetteer, match_, content, "signature-inline")
    for match_ in SIGNATURE_POST.finditer(text.text):
        line_start, _ = text.paragraph(match_.start())
        opening = text.text.rfind(">", line_start, match_.start()) + 1 or line_start
        content = text.trim(opening, match_.start())
        if content.end - content.start >= 3:
            found += _signed(article, text, index, gazetteer, match_, content, "signature-post")
    return found


def _quotation_above(text: Text, line_start: int) -> Span | None:
    """The paragraph before a signature line, when it is one quotation (it opens with the
    quotation and ends where the quotation closes)."""
    end = len(text.text[:line_start].rstrip())
    if end == 0 or not text.text[:end].endswith(CLOSING_QUOTES):
        return None
    start = text.text.rfind("\n", 0, end) + 1
    content = text.trim(start, end)
    if not any(q.start == content.start and q.end == content.end for q in text.quotations):
        return None     # "… he said, “no.”" then "— Associated Press": the outlet's line, no signature
    return content if content.end - content.start >= 3 else None


def _signed(article: Article, text: Text, index: MentionIndex, gazetteer: Gazetteer, match_, content: Span,
            rule: str) -> list[Statement]:
    name = match_.group("name").strip()
    words = name.split()
    name_start = match_.start("name")
    name_end = name_start + len(match_.group("name").rstrip())
    if len(words) > MAX_NAME_WORDS or article.in_comments(match_.start()) or \
            not all(w[:1].isupper() or w in name_particles() for w in words):
        return []       # "— Reuters reported that ...": a clause, not a name
    source_end = match_.end("handle") + 1 if match_.group("handle") and rule == "signature-post" else name_end
    source = Span.of(text.text, name_start, source_end)
    speaker, how = resolve_phrase(Span.of(text.text, name_start, name_end), index, gazetteer, article.id)
    dash = Span.of(text.text, match_.start("dash"), match_.end("dash"))
    return [Statement(
        speaker=speaker, speaker_span=source, cue=dash, cue_lemma=dash.text,
        speech_act="assert", content=[content], rule=f"{rule}+{how}",
        sentence=Span.of(text.text, content.start, match_.end()),
        is_quote=True, confidence=0.5)]
