"""Who speaks, who is spoken to, who relays: source phrases resolved to the article's actors.

`Speakers` answers for one article (its `Text`, mentions and the gazetteer), reading only
the parse and `readout.extract.mentions`; it keeps no state between calls.
"""
from __future__ import annotations

import csv
import functools

from readout.config import LEXICON_DIR
from readout.extract import antecedents, nlp, quotes
from readout.extract.cues import Cue, subject
from readout.extract.intervals import Containing
from readout.extract.mentions import SPEAKER_TYPES, MentionIndex, pronouns, resolve_phrase, speaking, unnamed
from readout.extract.spans import Text
from readout.facts import Article, Entity, Span, Statement
from readout.link.gazetteer import Gazetteer

GROUP_DETERMINERS = {"both", "two"}   # "both leaders", "the two leaders": the two people named last
ACTOR_TYPES = SPEAKER_TYPES | {"unnamed"}


@functools.lru_cache(maxsize=1)
def group_heads() -> dict[str, str]:
    """Plural nouns that name the two parties of a contact ("both sides", "the leaders") ->
    the entity type of the two (data/lexicons/group-heads.tsv)."""
    with (LEXICON_DIR / "group-heads.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["head"]: r["members"] for r in rows}


def _pair(source) -> bool:
    """"both leaders", "the two sides", and "the leaders" with no other word (a listed head):
    the two parties named last."""
    if any(c.lower_ in GROUP_DETERMINERS for c in source.children):
        return True
    return source.lemma_.lower() in group_heads() and \
        [c.lower_ for c in source.children if c.i < source.i or c.dep_ not in ("punct",)] == ["the"]


class Speakers:
    """Speaker, joint speakers, addressee and relaying outlet of a cue in one article."""

    def __init__(self, article: Article, text: Text, index: MentionIndex, gazetteer: Gazetteer):
        self.article, self.text, self.index, self.gazetteer = article, text, index, gazetteer
        self._pieces: tuple | None = None     # (statements, how many indexed, their content pieces)

    def speaker(self, source, span: Span | None, prior: list[tuple[int, Entity]] = ()) -> tuple[Entity, str]:
        """The actor a source phrase names, and the rule that resolved it; `prior` holds
        (cue offset, speaker) of the attributions before it (a pronoun's candidates)."""
        if source is not None and source.lower_ in ("who", "that", "which") and source.head.dep_ == "relcl":
            antecedent = source.head.head
            tokens = [t for t in antecedent.subtree if t.i < source.i]
            if tokens:
                span = Span.of(self.text.text, tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
                source = antecedent
        if span is None:
            return unnamed(self.article.id, "unnamed source"), "no-source"
        in_comments = self.article.in_comments(span.start)
        return resolve_phrase(span, self.index, self.gazetteer, self.article.id,
                              self.article.body_end if in_comments else None, head=source, prior=prior)

    def whole_name(self, source, span: Span) -> Span:
        """The source span widened over the rest of a name the tokenizer split where no space
        is ("al-Doe" parsed as three subjects: the span holds the whole name)."""
        doc = source.doc
        if not source.ent_type_:
            return span
        first, last = source.i, source.i
        while first > 0 and doc[first].ent_iob_ == "I" and not doc[first - 1].whitespace_:
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I" and not doc[last].whitespace_:
            last += 1
        start, end = min(span.start, doc[first].idx), max(span.end, doc[last].idx + len(doc[last]))
        return span if (start, end) == (span.start, span.end) else self.text.trim(start, end)

    def quoting(self, source, cue: Span, said: list[Statement]) -> tuple[Entity, str] | None:
        """Who "I" or "we" is inside a quotation: the speaker of the statement whose content
        holds the quotation, else the subject of the sentence that introduces the run of
        quotations it belongs to with a colon ("Doe shared details:" then the quoted
        paragraphs); "we" is the side a person speaks for, but the person when a partner follows
        ("we agreed with X": the two of them, `shared-stances.tsv`). None for "you", or no speaker."""
        if source is None or pronouns().get(source.lower_) != "self":
            return None
        quotations = self.text.quotations
        quote = quotes.enclosing(quotations, cue.start, cue.end)
        if quote is None:
            return None
        holder = self._holding(said, quote.start + 1, quote.end - 1)
        found = (holder.speaker, "quoted-self") if holder is not None else None
        if found is None:
            found = self._introduced(quote, source.doc)
        if found is None:
            return None
        speaker, how = found
        from readout.extract.objects import shared_stances
        partner = shared_stances().get(source.head.lemma_.lower())
        if partner and any(c.dep_ == "prep" and c.lower_ == partner for c in source.head.children):
            return speaker, f"{how}-with-partner"    # "we agreed with the president": the two of them
        if antecedents.plural(source.lower_) and speaker.type == "person" and speaker.country:
            side = self.gazetteer.get(speaker.country)
            if side is not None:
                return side, f"{how}-side"
        return speaker, how

    def _holding(self, said: list[Statement], start: int, end: int) -> Statement | None:
        """The first statement of `said` with a resolved speaker and a content piece around
        [start, end). The pieces are indexed (`intervals.Containing`) and the index made
        again only when `said` has doubled since, the statements added after it looked at
        one by one: asked for each quoted "I", a walk over every statement made resolution
        quadratic in article length."""
        made = self._pieces
        if made is None or made[0] is not said or len(said) < made[1] or len(said) > 2 * made[1] + 16:
            pieces = Containing((c.start, c.end, n) for n, st in enumerate(said)
                                if not st.speaker.label.startswith("unresolved") for c in st.content)
            made = self._pieces = (said, len(said), pieces)
        _, count, pieces = made
        first = min((n for _, _, n in pieces.around(start, end)), default=None)
        if first is not None:
            return said[first]
        return next((st for st in said[count:] if not st.speaker.label.startswith("unresolved")
                     and any(c.start <= start and end <= c.end for c in st.content)), None)

    def _introduced(self, quote, doc) -> tuple[Entity, str] | None:
        """The speaker a colon introduces a run of quoted paragraphs with."""
        text, quotations = self.text.text, sorted(self.text.quotations, key=lambda q: q.start)
        first = quote
        for q in reversed([q for q in quotations if q.end <= quote.start]):
            if text[q.end:first.start].strip():
                break
            first = q
        before = text[:first.start].rstrip()
        if not before.endswith(":"):
            return None
        colon = nlp.token_at(doc, len(before) - 1)
        if colon is None:
            return None
        source, _ = subject(colon.sent.root)
        if source is None or source.pos_ == "PRON":
            return None
        entity, how = self.speaker(source, self.text.plain(source))
        return (entity, f"quoted-self-introduced+{how}") if entity.type == "person" else None

    def joint(self, source, span: Span | None) -> list[tuple[Entity, str, Span]]:
        """"X and Y agreed": one speaker for each actor a coordinated subject names;
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
                piece = self.text.trim(words[0].idx, words[-1].idx + len(words[-1])) if words else None
                if piece is not None and piece.end > piece.start:
                    entity, how = self.speaker(part, piece)
                    if entity.type in ACTOR_TYPES and entity.type != "unnamed" \
                            and entity not in [f[0] for f in found]:
                        found.append((entity, how, piece))
        elif source.tag_ == "NNS" and _pair(source):   # (the parties of "both sides": see `parties`)
            members = group_heads().get(source.lemma_.lower(), "person")
            for prior in self.index.salient(span.start, 2, members):
                found.append((prior.entity, f"group-salient-two-{members}", span))
        return found if len(found) > 1 else []

    def parties(self, offset: int) -> list[Entity]:
        """The two people an article names most before `offset` ("It was agreed": by both);
        none when it names fewer than two."""
        found = [m.entity for m in self.index.salient(offset, 2, "person")]
        return found if len(found) == 2 else []

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
                        return prior.entity, Span.of(self.text.text, child.idx, child.idx + len(child))
                continue
            sub = list(child.subtree)
            mention = self.index.covering(child.idx, child.idx + len(child)) or \
                self.index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
            if mention is not None:
                entity = speaking(mention.entity, self.gazetteer)
                if entity.type in ACTOR_TYPES:
                    return entity, mention.span
        return None

    def relayed(self, relay) -> tuple[Entity, Span] | None:
        """The agent of a participle on an "according to" object ("a letter obtained by AP")."""
        if relay is None:
            return None
        by = next(a for a in relay.children if a.dep_ == "agent")
        words = list(by.subtree)[1:]
        if not words:
            return None
        span = self.text.trim(words[0].idx, words[-1].idx + len(words[-1]))
        return resolve_phrase(span, self.index, self.gazetteer, self.article.id)[0], span
