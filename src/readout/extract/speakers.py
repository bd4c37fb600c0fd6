"""Who speaks, who is spoken to, who relays: source phrases resolved to the article's actors.

`Speakers` answers for one article (its `Text`, mentions and the gazetteer), reading only
the parse and `readout.extract.mentions`; it keeps no state between calls.
"""
from __future__ import annotations

from readout.extract.cues import Cue
from readout.extract.mentions import SPEAKER_TYPES, MentionIndex, resolve_phrase, speaking, unnamed
from readout.extract.spans import Text
from readout.facts import Article, Entity, Span
from readout.link.gazetteer import Gazetteer

GROUP_DETERMINERS = {"both", "two"}   # "both leaders", "the two leaders": the two people named last
ACTOR_TYPES = SPEAKER_TYPES | {"unnamed"}


class Speakers:
    """Speaker, joint speakers, addressee and relaying outlet of a cue in one article."""

    def __init__(self, article: Article, text: Text, index: MentionIndex, gazetteer: Gazetteer):
        self.article, self.text, self.index, self.gazetteer = article, text, index, gazetteer

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
        elif source.tag_ == "NNS" and any(c.lower_ in GROUP_DETERMINERS for c in source.children):
            for prior in self.index.latest_persons(span.start, 2):
                found.append((prior.entity, "group-latest-two-people", span))
        return found if len(found) > 1 else []

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
