"""Mentions of actors in one article and their resolution to entities.

A mention is resolved by rules, each recorded: a gazetteer alias linked in context
(`readout.linking`), a surname or short form of a person named in full earlier in the
article, or a new entity for a named entity the gazetteer does not know.
`resolve_phrase` resolves the words naming a speaker (a name, a title, a pronoun, a
source noun such as "officials") to one actor of the article.
"""
from __future__ import annotations

import bisect
import csv
import functools
import re
from collections.abc import Iterator

from readout import entitytypes
from readout.config import LEXICON_DIR
from readout.extract import antecedents, descriptions, intervals, nlp
from readout.extract.intervals import Containing, Spanned
from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import Gazetteer, unknown
from readout.kg.iris import slug

PERSON_TYPES = {"person"}
SPEAKER_TYPES = set(entitytypes.actor_types())      # named actors (data/lexicons/entity-types.tsv)
DETERMINERS = re.compile(r"^(?:the|a|an|another|one|some|several|many|two|three|other|both)\s+", re.I)


class MentionIndex:
    """The mentions of one article in text order, with lookups by offset."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions if isinstance(mentions, Spanned) else Spanned(mentions)
        self._around: Containing | None = None      # (made when first asked)
        self._reach: list[int] | None = None        # the greatest end of the mentions up to each one

    def covering(self, start: int, end: int) -> Mention | None:
        """The longest mention inside [start, end)."""
        return max(self.mentions.within(start, end), key=lambda m: m.span.end - m.span.start, default=None)

    def at(self, offset: int) -> Mention | None:
        """The longest mention the character at this offset is part of (the first in text
        order on a tie)."""
        if self._around is None:
            self._around = Containing((m.span.start, m.span.end, m) for m in self.mentions)
        return max((m for _, _, m in self._around.around(offset, offset + 1)),
                   key=lambda m: m.span.end - m.span.start, default=None)

    def first_inside(self, start: int, end: int, types: set[str] | None = None) -> Mention | None:
        """The first mention inside [start, end), of one of these types."""
        return next((m for m in self.mentions.within(start, end) if types is None or m.entity.type in types), None)

    def latest_before(self, offset: int, types: set[str] | None = None, after: int = 0) -> Mention | None:
        """Of the mentions up to the first that ends after `offset`, the last that starts at
        or after `after` (of one of these types)."""
        if self._reach is None:
            self._reach = intervals.reach(m.span.end for m in self.mentions)
        for n in range(bisect.bisect_right(self._reach, offset) - 1, -1, -1):
            mention = self.mentions[n]
            if mention.span.start < after:
                break           # (and so do all before it)
            if types is None or mention.entity.type in types:
                return mention
        return None

    def ending_by(self, offset: int) -> Iterator[Mention]:
        """The mentions that end at or before `offset`, the last in text order first."""
        for n in range(bisect.bisect_left(self.mentions.starts, offset) - 1, -1, -1):
            if self.mentions[n].span.end <= offset:       # (those after start at or after it)
                yield self.mentions[n]

    def latest_persons(self, offset: int, count: int) -> list[Mention]:
        """The last `count` distinct people named before `offset`, latest first."""
        found: list[Mention] = []
        for mention in reversed(self.mentions):
            if mention.span.end <= offset and mention.entity.type == "person" \
                    and mention.entity not in [m.entity for m in found]:
                found.append(mention)
                if len(found) == count:
                    break
        return found

    def salient(self, offset: int, count: int, type_: str) -> list[Mention]:
        """The `count` actors of this type named most often before `offset` (the later named
        first on a tie), each with its latest mention."""
        latest: dict[Entity, Mention] = {}
        times: dict[Entity, int] = {}
        for mention in self.mentions:
            if mention.span.end > offset:
                break
            if mention.entity.type == type_:
                latest[mention.entity] = mention
                times[mention.entity] = times.get(mention.entity, 0) + 1
        ranked = sorted(latest, key=lambda e: (-times[e], -latest[e].span.start))
        return [latest[e] for e in ranked[:count]]


def find(doc, text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the named entities in a parsed article."""
    linked = _linked(doc, text, gazetteer)
    in_order = list(linked.values())
    around = Containing((m.span.start, m.span.end, n) for n, m in enumerate(in_order))
    mentions: list[Mention] = list(in_order)
    people = _Surnames()             # surname -> the people named in full, with where
    short: list[tuple[Span, str, str]] = []     # one-word names, resolved once all are known
    persons = _person_names(doc)
    for ent in doc.ents:
        span = Span.of(text, ent.start_char, ent.end_char)
        if ent.ent_id_ and linked is not None:
            mention = linked.get((span.start, span.end))
            if mention is not None and mention.entity.type == "person":
                people.add(mention.entity.label.split()[-1], span.start, mention.entity)
            continue
        name = _bare(ent.text)
        type_ = entitytypes.of_unknown(ent.label_, name) if is_name(ent) else None
        if type_ in ("organization", "city", "group") and name.split()[-1].lower() in persons \
                and name.lower() not in entitytypes.states() and name.lower() not in entitytypes.capitals():
            type_ = "person"      # one name, one type in an article: NER labels it PERSON elsewhere
        if type_ is None:
            continue
        known_alias = [e for e in gazetteer.lookup(name) if e.type == type_ or type_ == "person" == e.type]
        if len(known_alias) == 1 and " " not in name and any(c.isupper() for c in name[1:]):
            mentions.append(Mention(span, known_alias[0], "gazetteer-alias-case"))   # "MbS" for "MBS"
            continue
        if type_ == "person" and _after_place_preposition(ent):
            type_ = "city"          # "talks in Wigan": a place, whatever NER's label
        words = _untitled(name, gazetteer.titles).split()
        if len(words) == 1:         # "Navalny", "Ms Hall": the person named in full, if any
            short.append((span, name, type_))
            continue
        if type_ == "person":
            entity = unknown(name, type_)
            state = _state_in_context(ent, in_order, around, gazetteer)
            if state is not None:       # "White House aide Jane Roe", "John Doe, a top Saudi diplomat"
                entity = Entity(entity.key, entity.label, entity.type, country=state.key)
            people.add(words[-1], span.start, entity)
            mentions.append(Mention(span, entity, "ner"))
        else:
            mentions.append(Mention(span, unknown(name, type_), "ner"))
    for span, name, type_ in short:
        known = people.named(_untitled(name, gazetteer.titles), span.start)
        if known is not None:       # whatever NER's label, and before the full name too (a headline)
            mentions.append(Mention(span, known, "surname"))
        else:
            mentions.append(Mention(span, unknown(name, type_), "ner"))
    return _one_affiliation(mentions)


class _Surnames:
    """The people an article names in full, by surname: a bare surname is the one named
    last before it, else the first named after it (a headline's "Navalny" is the Alexey
    Navalny of the body)."""

    def __init__(self):
        self._named: dict[str, list[tuple[int, Entity]]] = {}

    def add(self, surname: str, offset: int, entity: Entity) -> None:
        self._named.setdefault(surname.lower(), []).append((offset, entity))

    def named(self, surname: str, offset: int) -> Entity | None:
        found = self._named.get(surname.lower(), [])
        before = [entity for start, entity in found if start < offset]
        if before:
            return before[-1]
        return found[0][1] if found else None


def _untitled(name: str, titles: frozenset[str]) -> str:
    """A name without the honorific or title it starts with ("Ms Hall" -> "Hall")."""
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[:size]).lower() in titles:
            return " ".join(words[size:])
    return name


def _one_affiliation(mentions: list[Mention]) -> list[Mention]:
    """A person affiliated with a state in one mention's context is so in every mention."""
    placed = {m.entity.key: m.entity for m in mentions if m.entity.type == "person" and m.entity.country}
    return [Mention(m.span, placed[m.entity.key], m.rule)
            if m.entity.key in placed and not m.entity.country else m for m in mentions]


def _bare(text: str) -> str:
    """A name without a leading 'the' or a possessive 's."""
    name = text.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    return re.sub(r"['’]s$", "", name)


def _person_names(doc) -> set[str]:
    """Last words (lower case) of the names NER labels PERSON somewhere in the article."""
    return {_bare(e.text).split()[-1].lower() for e in doc.ents
            if e.label_ == "PERSON" and not e.ent_id_ and _bare(e.text).split()}


def is_name(ent) -> bool:
    """Whether an entity span is a proper name: a word of it is capitalised and it is not a
    pronoun ("his", "anti", "war" are never entities)."""
    words = [t for t in ent if not t.is_punct]
    if not words or " ".join(t.lower_ for t in words) in pronouns():
        return False
    return any(t.text[:1].isupper() and not t.is_stop for t in words)


def _state_in_context(ent, linked: list[Mention], around: Containing, gazetteer: Gazetteer) -> Entity | None:
    """The state of a gazetteer entity in a person's title right before the name ("White House
    aide", "Saudi Foreign Minister") or in an apposition to it ("a top Saudi diplomat");
    `linked` holds the linked mentions in the order linked, `around` their indexes by offset."""
    doc = ent.doc
    tokens = []
    i = ent.start - 1
    while i >= 0 and len(tokens) < 4 and doc[i].dep_ in ("compound", "amod") and i < doc[i].head.i < ent.end:
        tokens.append(doc[i])
        i -= 1
    for appos in (c for c in ent.root.children if c.dep_ == "appos" and c.i >= ent.end):
        tokens += [t for t in appos.subtree if t.i <= appos.i]
    for token in tokens:
        for n in sorted(n for _, _, n in around.around(token.idx, token.idx + 1)):   # (in the order linked)
            state = gazetteer.state_of(speaking(linked[n].entity, gazetteer))
            if state is not None:
                return state
    return None


def _after_place_preposition(ent) -> bool:
    from readout.link import linking

    return linking.after_place_preposition(ent)


def _linked(doc, text: str, gazetteer: Gazetteer) -> dict[tuple[int, int], Mention]:
    """Gazetteer-backed mentions, linked in context by `readout.linking`."""
    from readout.link import linking

    return {(m.span.start, m.span.end): m for m in linking.link(doc, text, gazetteer)}


# -- speakers ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def pronouns() -> dict[str, str]:
    """Pronoun -> the kind of antecedent it takes (person, group, self, ...)."""
    with (LEXICON_DIR / "pronouns.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["pronoun"]: r["refers_to"] for r in rows}


def unnamed(article_id: str, label: str, state: str = "") -> Entity:
    """A source the article does not name ("officials", "a source"): one per article and
    label, affiliated with the state its description names ("a US official")."""
    label = _description(label)
    return Entity(key=slug(f"{article_id}-{label}"), label=label, type="unnamed", country=state)


def _description(label: str) -> str:
    """An unnamed source's words, written one way: without trailing punctuation, and in
    lower case when a sentence's capital is all that capitalises its first word ("Poll",
    "Police" -> "poll", "police"; "Chinese officials" and "US officials" keep theirs)."""
    from readout.link.gazetteer import default

    label = label.strip(" ,;:.")
    first = label.split(" ")[0] if label else ""
    if first[:1].isupper() and first[1:].islower() and not default().lookup(first) \
            and first not in default().demonyms and first.lower() not in entitytypes.states():
        label = first.lower() + label[len(first):]
    return label


def resolve_phrase(span: Span, index: MentionIndex, gazetteer: Gazetteer, article_id: str,
                   comments_start: int | None = None, head=None,
                   prior: list[tuple[int, Entity]] = ()) -> tuple[Entity, str]:
    """The actor named by the words of a source span, and the rule that resolved it.

    Inside a reader comment section (`comments_start` given) a pronoun resolves only to
    actors named inside the comments, and "I"/"we" to the comment's author. With the
    phrase's `head` token, its head, apposition or description decides
    (`readout.extract.descriptions`), and a pronoun goes to the salient antecedent
    (`readout.extract.antecedents`; `prior` holds the attributions before, as (cue offset,
    speaker)) before the most recent actor.
    """
    words = span.text.strip()
    lower = words.lower()
    kind = pronouns().get(lower)
    if kind is not None:
        if kind == "self":
            label = "reader comment author" if comments_start is not None else "the author"
            return unnamed(article_id, label), "pronoun-self"
        if kind == "addressee":      # "you" names the one spoken to, never a speaker of its own
            return unnamed(article_id, lower), "pronoun-addressee"
        if head is not None and comments_start is None:
            salient = antecedents.resolve(head, kind, index.mentions, gazetteer, SPEAKER_TYPES, prior)
            if salient is not None and salient[0] is None:
                return unnamed(article_id, f"unresolved '{lower}'"), salient[1]
            if salient is not None:
                return speaking(salient[0], gazetteer), salient[1]
        types = PERSON_TYPES if kind == "person" else SPEAKER_TYPES - PERSON_TYPES
        prior = index.latest_before(span.start, types, after=comments_start or 0)
        if prior is not None:
            return speaking(prior.entity, gazetteer), f"pronoun-latest-{kind}"
        return unnamed(article_id, f"unresolved '{lower}'"), "pronoun-unresolved"
    if head is not None:
        described = descriptions.resolve(head, span, index.mentions, gazetteer, nlp.text_of(head.doc), SPEAKER_TYPES,
                                         prior)
        if described is not None and described.entity is not None:
            return speaking(described.entity, gazetteer), described.rule
        if described is not None:
            return unnamed(article_id, described.label, described.state), described.rule
    mention = index.first_inside(span.start, span.end, SPEAKER_TYPES) or index.covering(span.start, span.end)
    if mention is not None and head is not None and _under_preposition(mention, head):
        mention = None      # "the conflict in Ukraine favoured ...": a thing in Ukraine, not Ukraine
    if mention is not None and (entity := speaking(mention.entity, gazetteer)).type in SPEAKER_TYPES:
        return entity, f"mention-{mention.rule}"     # a place or a nationality is no speaker
    hits = [e for e in gazetteer.lookup(words) if e.type in SPEAKER_TYPES]
    if hits:
        return speaking(hits[0], gazetteer), "title-alias"
    label = DETERMINERS.sub("", words) or words
    source = unnamed(article_id, label)
    state = next((gazetteer.state_of(speaking(m.entity, gazetteer)) for m in index.mentions.within(span.start, span.end)
                  if gazetteer.state_of(speaking(m.entity, gazetteer)) is not None), None)
    if state is not None:           # "one of Russia's top diplomats", "Chinese state media": its side
        source = Entity(source.key, source.label, source.type, country=state.key)
    return source, "unnamed-source"


def _under_preposition(mention: Mention, head) -> bool:
    """Whether a mention is the object of a preposition on the common noun that heads the
    source phrase ("the conflict in Ukraine"): the phrase names a thing of it, not it."""
    if head.pos_ != "NOUN":
        return False
    token = next((t for t in head.subtree if t.idx <= mention.span.start < t.idx + len(t)), None)
    while token is not None and token.dep_ == "compound":
        token = token.head
    return token is not None and token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.i == head.i


def speaking(entity: Entity, gazetteer: Gazetteer) -> Entity:
    """The actor that speaks (or is spoken to) when this entity is named."""
    from readout.link import linking

    return linking.speaking_entity(entity, gazetteer)
