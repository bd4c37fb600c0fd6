"""Attributed statements: who said what, to whom, according to whom.

Rules over the dependency parse and the quotations of the text, driven by the
reporting-verb lexicon (`data/lexicons/reporting-verbs.tsv`); speakers are resolved by
`readout.mentions`. Spans follow PolNeAR's conventions: the cue keeps its
auxiliaries, negation and adverbs ("has also said"), the source is the whole noun phrase
("Jane Doe, a spokeswoman for the council"), the content keeps "that" and its quotation
marks but not the sentence's closing punctuation. Each statement records the rule that fired.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from readout.extract import quotes
from readout.config import LEXICON_DIR
from readout.facts import Article, Entity, Span, Statement
from readout.link.gazetteer import Gazetteer
from readout.extract.mentions import SPEAKER_TYPES, MentionIndex, resolve_phrase, speaking, unnamed

SUBJECTS = ("nsubj", "csubj")
FIRST_PERSON = {"i", "we", "you"}
GROUP_DETERMINERS = {"both", "two"}   # "both leaders", "the two leaders": the two people named last
LIGHT_VERBS = {"make", "issue", "give", "offer", "repeat", "reiterate", "renew"}   # "made a call for"
ACTOR_TYPES = SPEAKER_TYPES | {"unnamed"}
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
CUE_PREFIX_DEPS = ("aux", "auxpass", "neg", "advmod")
CONTENT_CLAUSE = ("ccomp",)
OBJECT_DEPS = ("dobj", "attr")
TRIM = " \t\n\r\xa0\u2009\u202f,;:.—–-•·▪"


@dataclass(frozen=True)
class Cue:
    lemma: str
    pos: str
    speech_act: str
    cameo: str
    particle: str = ""     # a second word that must follow ("call for")
    takes_object: bool = True   # a direct object can be the content ("announced a plan")


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Cue]]:
    """Cues by (lemma, part of speech); multi-word cues keep their second word."""
    found: dict[tuple[str, str], list[Cue]] = {}
    with (LEXICON_DIR / "reporting-verbs.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for r in rows:
            words = r["lemma"].split()
            cue = Cue(r["lemma"], r["pos"], r["speech_act"], r["cameo"] or "",
                      particle=" ".join(words[1:]), takes_object=(r.get("object") or "yes") == "yes")
            found.setdefault((words[0], r["pos"]), []).append(cue)
    for cues in found.values():
        cues.sort(key=lambda c: -len(c.particle))   # the longest match first
    return found


def extract(article: Article, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Statement]:
    """Every attributed statement of a parsed article, in text order."""
    context = _Context(article, doc, index, gazetteer)
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            context.according_to(token)
        elif token.pos_ in ("VERB", "NOUN", "AUX"):
            cue = _match(token)
            if cue is not None:
                context.cue(token, cue)
    context.headlines()
    return context.finish()


def _match(token) -> Cue | None:
    for cue in lexicon().get((token.lemma_.lower(), "NOUN" if token.pos_ == "NOUN" else "VERB"), ()):
        if not cue.particle:
            return cue
        following = token.doc[token.i + 1:token.i + 1 + len(cue.particle.split())]
        if " ".join(t.lower_ for t in following) == cue.particle:
            return cue
    return None


class _Context:
    """The state of one article's extraction: text, quotations, statements found."""

    def __init__(self, article: Article, doc, index: MentionIndex, gazetteer: Gazetteer):
        self.article, self.doc, self.index, self.gazetteer = article, doc, index, gazetteer
        self.text = article.text
        self.quotations = quotes.find(self.text)
        self.found: list[Statement] = []
        self.used_quotes: set[int] = set()
        self.relays: list = []      # (head token of the relayed statement's cue, entity, span)

    # -- verbs and nouns -----------------------------------------------------------------

    def cue(self, token, cue: Cue) -> None:
        if token.pos_ == "NOUN":
            return self.noun_cue(token, cue)
        if self.relay(token):
            return
        subject, rule = _subject(token)
        passive = False   # "X was told that": X is the addressee; the source is unsaid
        if subject is not None and subject.dep_ in PASSIVE_SUBJECTS:
            subject, passive = None, True
        source = self.agent(token) if subject is None else subject
        if source is None and not passive:
            return
        cue_span = self.cue_span(token, cue)
        content, content_rule = self.content(token, cue, cue_span, source)
        if not content:
            return
        self.add(token, cue, cue_span, source, content, f"{content_rule}+{rule}")

    def relay(self, token) -> bool:
        """"As reported by X, Y said ..." / "Y said ..., as X reported": X is no speaker of
        its own but the source Y's statement comes through (an outlet relays it)."""
        if token.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            return False
        source = self.agent(token) or next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if source is None:
            return False
        span = self.subtree_plain(source)
        entity, _ = self.speaker(source, span)
        self.relays.append((token.head, entity, span))
        return True

    def noun_cue(self, token, cue: Cue) -> None:
        """"the minister's insistence that ...", "a call for a ceasefire"."""
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "appos")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
        content = []
        if clause is not None:
            content = [self.subtree(clause)]
        elif cue.particle:
            prep = self.doc[token.i + 1]
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                content = [self.subtree(obj)]
        if not content:
            return
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        end = token.i + 1 + len(cue.particle.split())
        start, rule, negative = token.idx, "noun-cue", False
        light = token.head if token.dep_ == "dobj" and token.head.lemma_.lower() in LIGHT_VERBS else None
        if light is not None and owner is None:
            # "the summary made no mention of a ceasefire": the light verb's subject speaks
            owner, _ = _subject(light)
            start, rule = self.cue_span(light, Cue(light.lemma_, "VERB", "", "")).start, "light-verb-noun-cue"
            negative = any(c.dep_ == "det" and c.lower_ == "no" for c in token.children) or \
                any(c.dep_ == "neg" for c in light.children)
        cue_span = Span.of(self.text, start, self.doc[end - 1].idx + len(self.doc[end - 1]))
        self.add(token, cue, cue_span, owner, content, rule, negative=negative)

    def cue_span(self, token, cue: Cue) -> Span:
        first = token
        for child in sorted((c for c in token.children if c.i < token.i), key=lambda c: -c.i):
            if child.dep_ in CUE_PREFIX_DEPS and child.i == first.i - 1 and child.pos_ != "PUNCT" \
                    and child.lower_ not in ("however", "then", "now", "so"):
                first = child
            else:
                break
        last = token.i + len(cue.particle.split()) if cue.particle else token.i
        if not cue.particle:
            prt = next((c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1), None)
            last = prt.i if prt is not None else last
        last = _cue_tail(self.doc, token, last)
        end_token = self.doc[last]
        return Span.of(self.text, first.idx, end_token.idx + len(end_token))

    def agent(self, token):
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None

    def content(self, token, cue: Cue, cue_span: Span, source) -> tuple[list[Span], str]:
        quoted = self.adjacent_quotes(token, cue_span, source)
        if quoted:
            return quoted, "quote"
        clause = next((c for c in token.children if c.dep_ in CONTENT_CLAUSE), None)
        if clause is None and source is not None:   # parse slip: the clause hangs on the source
            clause = next((c for c in source.children if c.dep_ in CONTENT_CLAUSE and c.i < source.i), None)
        if clause is not None:
            return self.around_cue(self.subtree(clause), cue_span, source), "verb-ccomp"
        if token.dep_ in ("parataxis", "ccomp", "advcl") and token.head.pos_ in ("VERB", "AUX") \
                and _match(token.head) is None and any(c.dep_ in SUBJECTS for c in token.children):
            pieces = self.head_clause(token)
            if pieces:
                return pieces, "verb-parataxis"
        if cue.particle:
            last = self.doc[token.i + len(cue.particle.split())]
            obj = next((c for c in last.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return [self.subtree(obj)], "verb-particle-object"
        clause = next((c for c in token.children if c.dep_ == "xcomp"), None)
        if clause is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            return [self.subtree(clause)], "verb-xcomp"
        if cue.takes_object:
            obj = next((c for c in token.children if c.dep_ in OBJECT_DEPS and c.pos_ != "PRON"), None)
            if obj is not None and obj.i > token.i:
                span = self.subtree(obj)
                of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "as")
                           and c.i > obj.i), None)
                if of is not None:   # "accused him of lying", "praised her for", "described it as"
                    span = self.span_of([obj, *of.subtree])
                return [span], "verb-object"
        return [], ""

    def head_clause(self, token) -> list[Span]:
        """"The plan is sound, he said" and "The plan, he said, is sound": the head's
        clause around the cue's own words, when commas set the cue apart."""
        own = {t.i for t in token.subtree}
        core = [t.i for t in token.subtree if not t.is_punct]
        first, last = min(core), max(core)
        own |= set(range(first, last + 1))
        clause = [t for t in token.head.subtree if t.i not in own and not (t.is_punct and first - 1 <= t.i <= last + 1)]
        before = [t for t in clause if t.i < first]
        after = [t for t in clause if t.i > last and not t.is_punct]
        gap_before = self.text[before[-1].idx:self.doc[first].idx].rstrip() if before else ""
        if not before or not gap_before.endswith((",", "”", "\"", "'", "—")):
            return []
        if after and self.doc[last + 1].text not in (",", "—") if last + 1 < len(self.doc) else False:
            return []
        pieces = [self.span_of(before)] + ([self.span_of([t for t in clause if t.i > last])] if after else [])
        return [p for p in pieces if p.end > p.start]

    def around_cue(self, content: Span, cue_span: Span, source) -> list[Span]:
        """A content that wraps around its cue ("The plan, she said, is sound") in pieces."""
        if not content.start < cue_span.start < content.end:
            return [content]
        lo, hi = cue_span.start, cue_span.end
        if source is not None:
            src = self.subtree_plain(source)
            if src.end <= cue_span.start + 1 and src.start > content.start:
                lo = min(lo, src.start)
            elif src.start >= cue_span.end - 1 and src.end < content.end:
                hi = max(hi, src.end)
        pieces = [self.trim(content.start, lo), self.trim(hi, content.end)]
        return [p for p in pieces if p.end > p.start]

    def span_of(self, tokens) -> Span:
        return self.subtree_tokens(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def adjacent_quotes(self, token, cue_span: Span, source) -> list[Span]:
        """Quotations right before and/or after the cue and its source."""
        lo, hi = cue_span.start, cue_span.end
        if source is not None and abs(source.i - token.i) <= 12:
            src = self.subtree_plain(source)
            lo, hi = min(lo, src.start), max(hi, src.end)
        sent = token.sent
        pieces = []
        for n, quote in enumerate(self.quotations):
            if n in self.used_quotes or quote.end - quote.start < 4:
                continue
            if quote.end <= lo and quote.end >= sent.start_char - 1 and not self.text[quote.end:lo].strip(" ,—–-\n"):
                if quote.start < sent.start_char and self.text[quote.start:quote.end].rstrip("\"'”’»›")[-1:] in ".!?":
                    continue   # “… it.” She briefed him: a closed sentence is not this cue's
                pieces.append((n, quote))
            elif quote.start >= hi and quote.start <= sent.end_char + 1 \
                    and not self.text[hi:quote.start].strip(" ,:—–-") and "\n" not in self.text[hi:quote.start] \
                    and (pieces or any(c in ",:—–-" for c in self.text[hi - 1:quote.start])):
                pieces.append((n, quote))   # after the cue only past a comma, colon or dash
        if not pieces:
            return []
        self.used_quotes.update(n for n, _ in pieces)
        return [self.trim(q.start, q.end) for _, q in pieces]

    def subtree(self, head) -> Span:
        tokens = list(head.subtree)
        return self.subtree_tokens(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))

    def subtree_tokens(self, start: int, end: int) -> Span:
        quote = quotes.enclosing(self.quotations, start, end)
        if quote is None:
            # a content that begins or ends at a quotation mark takes the whole quotation
            for q in self.quotations:
                if q.start < end and start < q.end and (q.start <= start + 1 and q.end >= end - 1):
                    start, end = min(start, q.start), max(end, q.end)
                    return self.trim(start, end)
                if q.start >= start and q.start < end < q.end and not self.text[end:q.end].strip(" ,.;:!?”’\"'»"):
                    end = q.end
        return self.trim(start, end)

    def trim(self, start: int, end: int) -> Span:
        """The span without surrounding spaces and punctuation (quotation marks stay)."""
        text = self.text
        while start < end and text[start] in TRIM:
            start += 1
        while end > start and text[end - 1] in TRIM:
            end -= 1
        return Span.of(text, start, end)

    # -- "Name: what they said" lines ------------------------------------------------------

    def headlines(self) -> None:
        """A short line "Obama: Americans Will Say No" attributes its words to the name."""
        for match in HEADLINE.finditer(self.text):
            name_start, colon = match.start("name"), match.end("name")
            content = self.trim(match.start("content"), match.end("content"))
            mention = self.index.first_inside(name_start, colon)
            before = self.text[name_start:mention.span.start].split() if mention is not None else []
            if mention is not None and (self.text[mention.span.end:colon].strip() or len(before) > 2
                                        or any(w.islower() for w in before)):
                continue   # "Leaders' Call: ...", "The View from X: ..." name a topic, not a speaker
            if any(t.pos_ in ("VERB", "AUX") for t in self.doc if name_start <= t.idx < colon):
                continue   # "He said: ..." is a cue of its own
            title_line = not self.text[:name_start].strip() and len(match["name"].split()) <= 6
            if (mention is None and not title_line) or content.end <= content.start \
                    or content.text.endswith("?") \
                    or self.article.in_comments(colon):
                continue
            token = next((t for t in self.doc if t.idx >= colon), None)
            if token is None:
                continue
            cue = Cue(":", "PUNCT", "assert", "010")
            source = self.trim(name_start, colon)
            cue_span = Span.of(self.text, colon, colon + 1)
            speaker, how = resolve_phrase(source, self.index, self.gazetteer, self.article.id)
            self.found.append(Statement(
                speaker=speaker, speaker_span=source, cue=cue_span, cue_lemma=":", speech_act="assert",
                content=[content], rule=f"headline-colon+{how}",
                sentence=Span.of(self.text, match.start(), match.end()),
                is_quote=True, confidence=0.5))

    # -- according to --------------------------------------------------------------------

    def according_to(self, token) -> None:
        to = self.doc[token.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            return
        cue_span = Span.of(self.text, token.idx, to.idx + len(to))
        phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
        head = token.head
        while head.dep_ not in ("ROOT",) and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        clause = [t for t in head.subtree if t.i not in phrase]
        if head.dep_ != "ROOT":
            clause = [t for t in token.sent if t.i not in phrase]
        before = [t for t in clause if t.i < token.i]
        after = [t for t in clause if t.i > max(phrase)]
        pieces = [p for p in (before, after) if p and any(not t.is_punct for t in p)]
        para_start = self.text.rfind("\n", 0, token.idx) + 1
        para_end = self.text.find("\n", token.idx) % (len(self.text) + 1)
        content = [self.trim(max(p[0].idx, para_start), min(p[-1].idx + len(p[-1]), para_end)) for p in pieces]
        content = [c for c in content if c.end > c.start]
        if not content:
            return
        cue = Cue("according to", "VERB", "assert", "010")
        relay = next((c for c in obj.children if c.dep_ in ("acl", "relcl")
                      and any(a.dep_ == "agent" for a in c.children)), None)
        self.add(token, cue, cue_span, obj, content, "according-to", relay=relay)

    # -- building statements -------------------------------------------------------------

    def add(self, token, cue: Cue, cue_span: Span, source, content: list[Span], rule: str,
            relay=None, negative: bool = False) -> None:
        relay_words = {t.i for t in relay.subtree} if relay is not None else set()
        source_span = self.subtree_plain(source, relay_words, cue_span.start) if source is not None else None
        if source_span is not None and source_span.end <= source_span.start:
            source_span = None
        if source_span is not None and not any(c.isalnum() for c in source_span.text):
            return   # a parse slip made a punctuation mark the subject
        if source_span is not None and source_span.text.lower() in FIRST_PERSON \
                and quotes.enclosing(self.quotations, cue_span.start, cue_span.end):
            return   # "I think" inside a quotation: the quoted speaker's own words
        joint = self.joint_speakers(source, source_span)
        if joint:
            for speaker, how, span in joint:
                self.append(token, cue, cue_span, span, content, f"{rule}+joint", speaker, how,
                            relay, negative, joint=True)
            return
        speaker, how = self.speaker(source, source_span)
        self.append(token, cue, cue_span, source_span, content, rule, speaker, how, relay, negative)

    def joint_speakers(self, source, span: Span | None) -> list[tuple[Entity, str, Span]]:
        """"X and Y agreed": one statement for each actor a coordinated subject names;
        "both leaders agreed": the two people named last before it."""
        if source is None or span is None:
            return []
        parts = [source] + [c for c in source.conjuncts if c.i > source.i]
        found: list[tuple[Entity, str, Span]] = []
        if len(parts) > 1:
            for part in parts:
                words = [t for t in part.subtree if t == part or (
                    t.dep_ not in ("cc", "conj", "punct")
                    and not any(a.dep_ == "conj" for a in t.ancestors if a.i > part.i and a != part))]
                piece = self.trim(words[0].idx, words[-1].idx + len(words[-1])) if words else None
                if piece is not None and piece.end > piece.start:
                    entity, how = self.speaker(part, piece)
                    if entity.type in ACTOR_TYPES and entity.type != "unnamed" \
                            and entity not in [f[0] for f in found]:
                        found.append((entity, how, piece))
        elif source.tag_ == "NNS" and any(c.lower_ in GROUP_DETERMINERS for c in source.children):
            for prior in self.index.latest_persons(span.start, 2):
                found.append((prior.entity, "group-latest-two-people", span))
        return found if len(found) > 1 else []

    def append(self, token, cue: Cue, cue_span: Span, source_span: Span | None, content: list[Span],
               rule: str, speaker: Entity, how: str, relay, negative: bool, joint: bool = False) -> None:
        if speaker.type not in ACTOR_TYPES:
            return   # "Europe showing signs of strain": a place or a concept does not speak
        relayed = None
        if relay is not None:
            agent = next(a for a in relay.children if a.dep_ == "agent")
            words = list(agent.subtree)[1:]
            if words:
                span = self.trim(words[0].idx, words[-1].idx + len(words[-1]))
                relayed = (resolve_phrase(span, self.index, self.gazetteer, self.article.id)[0], span)
        sent = token.sent
        addressee = self.addressee(token, cue)
        content = self.in_paragraph(content, cue_span.start)
        if not content:
            return
        negative = negative or any(c.dep_ == "neg" for c in token.children)
        polarity = "negative" if negative else "positive"
        self.found.append(Statement(
            speaker=speaker, speaker_span=source_span, cue=cue_span,
            cue_lemma=cue.lemma, speech_act=cue.speech_act, content=sorted(content),
            rule=f"{rule}+{how}", sentence=Span.of(self.text, sent.start_char, sent.end_char),
            addressee=addressee[0] if addressee else None,
            addressee_span=addressee[1] if addressee else None,
            relayed_by=relayed[0] if relayed else None, relayed_by_span=relayed[1] if relayed else None,
            is_quote=any(quotes.enclosing(self.quotations, c.start, c.end) for c in content),
            polarity=polarity,
            factuality="probable" if _hedged(token) else "certain",
            reader_comment=self.article.in_comments(cue_span.start),
            confidence=0.8 if rule.startswith("quote") else 0.6, joint=joint,
        ))

    def in_paragraph(self, content: list[Span], anchor: int) -> list[Span]:
        """Content pieces cut to the paragraph of the cue: the parser sometimes runs a
        sentence over a line break (a heading, a bullet), the attribution never does."""
        start = self.text.rfind("\n", 0, anchor) + 1
        end = self.text.find("\n", anchor) % (len(self.text) + 1)
        kept = []
        for piece in content:
            if "\n" in piece.text and not quotes.enclosing(self.quotations, piece.start, piece.end):
                piece = self.trim(max(piece.start, start), min(piece.end, end))
            if piece.end > piece.start:
                kept.append(piece)
        return kept

    def subtree_plain(self, head, leave_out: set[int] = frozenset(), anchor: int | None = None) -> Span:
        """The words of a source phrase, within the paragraph of its head word, without
        participle modifiers ("a letter obtained by AP") or a dateline ("RENO (AP) —")."""
        for child in head.children:
            if child.dep_ in ("acl", "ccomp", "parataxis", "advcl") or \
                    (child.dep_ == "relcl" and any(_match(t) for t in child.subtree)):
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

    def speaker(self, source, span: Span | None) -> tuple[Entity, str]:
        if source is not None and source.lower_ in ("who", "that", "which") and source.head.dep_ == "relcl":
            antecedent = source.head.head
            tokens = [t for t in antecedent.subtree if t.i < source.i]
            if tokens:
                span = Span.of(self.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
        if span is None:
            return unnamed(self.article.id, "unnamed source"), "no-source"
        in_comments = self.article.in_comments(span.start)
        return resolve_phrase(span, self.index, self.gazetteer, self.article.id,
                              self.article.body_end if in_comments else None)

    def addressee(self, token, cue: Cue) -> tuple[Entity, Span] | None:
        """Who was told: the object of a verb whose object is the addressee ("told X",
        "urged X to"), or a dative; never the target of "blamed X"."""
        deps = ("dative", "iobj") if cue.takes_object else ("dobj", "dative", "iobj")
        for child in token.children:
            if child.dep_ not in deps or child.pos_ not in ("PROPN", "PRON", "NOUN"):
                continue
            if child.pos_ == "PRON":
                if child.lower_ in ("him", "her") and not self.article.in_comments(child.idx):
                    prior = self.index.latest_before(child.idx, {"person"})
                    if prior is not None:
                        return prior.entity, Span.of(self.text, child.idx, child.idx + len(child))
                continue
            sub = list(child.subtree)
            mention = self.index.covering(child.idx, child.idx + len(child)) or \
                self.index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
            if mention is not None:
                entity = speaking(mention.entity, self.gazetteer)
                if entity.type in ACTOR_TYPES:
                    return entity, mention.span
        return None

    def finish(self) -> list[Statement]:
        found = sorted(self.found, key=lambda s: (s.cue.start, s.cue.end))
        unique, seen = [], set()
        for st in found:
            key = (st.cue.start, st.cue.end, st.speaker.key if st.joint else "")
            if key not in seen:
                seen.add(key)
                unique.append(st)
        self.continue_quotes(unique)
        self.apply_relays(unique)
        _nest(unique)
        return unique

    def apply_relays(self, statements: list[Statement]) -> None:
        for head, entity, span in self.relays:
            for st in statements:
                if st.cue.start <= head.idx < st.cue.end:
                    if entity.type == "media" and st.relayed_by is None:
                        st.relayed_by, st.relayed_by_span = entity, span
                    elif entity.type != "media" and st.according_to is None:
                        st.according_to, st.according_to_span = entity, span

    def continue_quotes(self, statements: list[Statement]) -> None:
        """“A,” she said. “B.” -- a quotation right after a quoted statement's sentence,
        in the same paragraph and attributed to no one else, continues it."""
        used = {(q.start, q.end) for st in statements for q in self.quotations
                if any(c.start <= q.start + 1 and q.end - 1 <= c.end for c in st.content)}
        for st in statements:
            if not st.rule.startswith("quote"):
                continue
            end = max(st.cue.end, st.content[-1].end, st.speaker_span.end if st.speaker_span else 0)
            for quote in self.quotations:
                if quote.start < end or (quote.start, quote.end) in used:
                    continue
                gap = self.text[end:quote.start]
                closed = not gap.strip() or (gap.rstrip()[-1:] in ".!?" and len(gap) < 80
                                             and not any(end <= o.cue.start < quote.start for o in statements))
                if not closed or "\n" in gap or any(quote.start <= o.cue.start < quote.end for o in statements):
                    break
                st.content.append(self.trim(quote.start, quote.end))
                used.add((quote.start, quote.end))
                end = quote.end


def _cue_tail(doc, token, last: int) -> int:
    """Words right after a cue verb that PolNeAR keeps in the cue: a weekday ("said
    Sunday") and a colon ("said:"). ("said of", "said in a statement" are cues in
    PolNeAR's train split less often than plain "said", so they are left out.)"""
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == token.i and nxt.dep_ == "npadvmod" \
            and nxt.ent_type_ in ("DATE", "TIME") and len(list(nxt.subtree)) == 1:
        last += 1
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.text == ":":
        last += 1
    return last


def _subject(token):
    """The subject of a cue verb, looking through conjunctions and participles."""
    node, hops = token, 0
    while hops < 3:
        subject = next((c for c in node.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS), None)
        if subject is not None:
            return subject, "subject" if hops == 0 else "head-subject"
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX"):
            node, hops = node.head, hops + 1
            continue
        break
    return None, "no-subject"


HEADLINE = re.compile(r"^(?:[A-Z]+ [–—-] )?(?P<name>[A-Z][^\n:.!?“”\"]{1,60}?):[ \t]+(?P<content>[^\n]{3,200})$",
                      re.MULTILINE)
HEDGES = {"reportedly", "allegedly", "apparently", "reports", "reported"}


def _hedged(token) -> bool:
    return any(t.lower_ in HEDGES for t in token.sent if t.dep_ == "advmod")


def _nest(statements: list[Statement]) -> None:
    """A statement reported inside another's content is according to that one's speaker;
    an outlet named in an "according to" phrase ("detailed by The Times") relays it."""
    for inner in statements:
        for outer in statements:
            if outer is inner or outer.speaker == inner.speaker:
                continue
            if any(c.start <= inner.cue.start and inner.cue.end <= c.end for c in outer.content):
                if inner.according_to is None:
                    inner.according_to = outer.speaker
                    inner.according_to_span = outer.speaker_span
                    inner.relayed_by = outer.relayed_by
                    inner.relayed_by_span = outer.relayed_by_span
                break
