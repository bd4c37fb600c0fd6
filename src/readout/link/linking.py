"""Linking in context: entity-ruler matches -> gazetteer entities, ambiguity handled.

The entity ruler (`readout.nlp`) marks every gazetteer alias in an article. Most aliases
name one entity and link at once. A bare short alias listed in
`data/gazetteer/ambiguous.tsv` ("Xi", "WHO", "Security Council") links only with support,
tried in this order and recorded as the mention's rule:

- `ambiguous-alias+title`: a title from `titles.txt` right before it ("Defense Minister Katz");
- `ambiguous-alias+named-in-article`: the article names the entity, before or after, by an
  alias that is not ambiguous ("Israel Katz ... Katz"; a headline's "Katz" too);
- `ambiguous-alias+context`: its sentence names the entity's state ("Chinese", "China")
  or one of the context words of its row.

Without support the mention is kept as an unlinked entity (`ambiguous-alias-unlinked`),
or dropped when the words are not a proper name at all ("WHO" as a pronoun in a
headline) or part of a longer one ("National Security Council", "Costa Rica").

A person's title alias ("the German chancellor", "the US president") names whoever held the
title when the article was written, so it links only to a holder the article has named
(`title+earlier-name`); otherwise it is kept unlinked (`title-unlinked`), and right before
a name ("French President François Hollande") it leaves the mention to that name. Unverified gazetteer rows link to their entity, which has no QID. An
institution's alias right after a preposition of place ("talks at the White House") names the
building it works in (`metonyms.tsv` read backwards; rule `institution-as-place`).
"""
from __future__ import annotations

import functools
import re

from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import Ambiguous, Gazetteer, unknown

TITLE_WORDS = 3          # how many words before a name may form its title


def link(doc, text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions for the entity-ruler matches in a parsed article, in text order."""
    mentions: list[Mention] = []
    named: set[str] = set()        # keys named so far by an alias that is not ambiguous
    anywhere = _named_anywhere(doc, gazetteer)
    for ent in doc.ents:
        if not ent.ent_id_:
            continue
        span = Span.of(text, ent.start_char, ent.end_char)
        candidates = gazetteer.lookup(ent.text) or [e for e in [gazetteer.get(ent.ent_id_)] if e]
        if not candidates:
            continue
        ambiguous = gazetteer.is_ambiguous(ent.text)
        if ambiguous is not None:
            mention = None if _in_longer_name(ent, gazetteer.titles) else \
                _ambiguous(ent, span, ambiguous, anywhere, gazetteer)
        elif _inside_name(ent, candidates[0], gazetteer):
            mention = None      # "Qatar News Agency", "India Today", "Interfax-Ukraine"
        else:
            entity = _choose(candidates, named, ent.ent_id_)
            if is_title(ent.text, entity, gazetteer):
                mention = _title(ent, span, entity, named)
            else:
                named.add(entity.key)
                building = gazetteer.housed_in(entity) if _locative(ent) else None
                mention = (Mention(span, building, "institution-as-place") if building
                           else Mention(span, entity, "gazetteer-alias"))
        if mention is not None:
            mentions.append(mention)
    return mentions


def _named_anywhere(doc, gazetteer: Gazetteer) -> set[str]:
    """Keys the article names anywhere by an alias that is neither ambiguous nor a title:
    a bare "Xi" in a headline is the Xi Jinping its body names."""
    keys = set()
    for ent in doc.ents:
        entity = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entity is not None and gazetteer.is_ambiguous(ent.text) is None \
                and not _inside_name(ent, entity, gazetteer) and not is_title(ent.text, entity, gazetteer):
            keys.add(entity.key)
    return keys


def is_title(surface: str, entity: Entity, gazetteer: Gazetteer) -> bool:
    """A person's alias that holds none of the words of their names ("the French president",
    "the US president"): it names whoever holds the title when the article was written."""
    names = gazetteer.names.get(entity.key)
    return names is not None and not set(re.findall(r"\w+", surface.lower())) & names


def _title(ent, span: Span, entity: Entity, named: set[str]) -> Mention | None:
    """A title links only to a holder the article has named; before a name, it is that name's."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
        if after.ent_id_ == entity.key:
            return Mention(span, entity, "title+name")      # "German Chancellor" + "Merz"
        return None             # "British Prime Minister Theresa May": the name is the mention
    if entity.key in named:
        return Mention(span, entity, "title+earlier-name")
    name = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return Mention(span, unknown(name, "person"), "title-unlinked")


def speaking_entity(entity: Entity, gazetteer: Gazetteer) -> Entity:
    """The actor that speaks when `entity` is named as the speaker.

    A capital speaks as its state ("Paris said" -> France) and a building as the
    institution in it (`data/gazetteer/metonyms.tsv`); any other entity speaks as itself.
    """
    return gazetteer.speaks_as(entity) or entity


def support(ent, ambiguous: Ambiguous, named: set[str], gazetteer: Gazetteer) -> str:
    """Why an ambiguous alias may link here ("title", "named-in-article", "context"), or ""."""
    target = gazetteer.get(ambiguous.key)
    if target is None:
        return ""
    if _title_before(ent, gazetteer.titles):
        return "title"
    if target.key in named:
        return "named-in-article"
    if _context(ent, target, ambiguous, gazetteer):
        return "context"
    return ""


def _ambiguous(ent, span: Span, ambiguous: Ambiguous, named: set[str], gazetteer: Gazetteer):
    why = support(ent, ambiguous, named, gazetteer)
    target = gazetteer.get(ambiguous.key)
    if why:
        return Mention(span, target, f"ambiguous-alias+{why}")
    if not any(t.pos_ == "PROPN" for t in ent):
        return None
    name = span.text[4:] if span.text.lower().startswith("the ") else span.text
    return Mention(span, unknown(name, target.type if target else "organization"),
                   "ambiguous-alias-unlinked")


def _choose(candidates: list[Entity], named: set[str], ruler_key: str) -> Entity:
    """One entity for an alias several entries share: one already named, else the ruler's."""
    for entity in candidates:
        if entity.key in named:
            return entity
    return next((e for e in candidates if e.key == ruler_key), candidates[0])


def _in_longer_name(ent, titles: frozenset[str]) -> bool:
    """The alias is part of a longer proper name ("National Security Council", "Costa Rica")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if before is not None and before.sent == ent.sent and before.i != ent.sent.start \
            and before.pos_ == "PROPN" and before.is_title and before.lower_ not in titles:
        return True
    return after is not None and after.pos_ == "PROPN" and after.is_title and not after.ent_type_


def _inside_name(ent, entity: Entity, gazetteer: Gazetteer) -> bool:
    """The alias is a token of a longer name, not the whole entity span: a capitalised word
    right after it that names no title or office of it ("Qatar News Agency", "India
    Today", "South China Sea"), a capitalised word right before it in mid-sentence ("The
    South American ruler"; not before a person's name: "Sergey Lavrov"), a name joined to
    it by a hyphen ("Interfax-Ukraine"), or an indefinite article before a named conflict
    or event ("a Russian invasion of Ukraine" is not the invasion)."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    if _title_case(_line(ent)):
        before = after = None       # a headline capitalises every word
    if after is not None and not after.ent_id_ and not _calendar_word(after) and after.is_alpha and after.text[:1].isupper() \
            and after.sent == ent.sent and after.lower_ not in gazetteer.office_words \
            and after.lower_ not in gazetteer.titles and not after.is_stop:
        return True
    if after is not None and after.text == "-" and not ent[-1].whitespace_ and ent.end + 1 < len(doc) \
            and doc[ent.end + 1].text[:1].isupper() and not doc[ent.end + 1].ent_id_:
        return True
    if before is None or before.sent != ent.sent:
        return _generic(ent, entity)
    if before.text == "-" and ent.start > 1 and not doc[ent.start - 2].whitespace_ \
            and doc[ent.start - 2].text[:1].isupper() and not doc[ent.start - 2].ent_id_:
        return True
    if _generic(ent, entity):
        return True
    return entity.type != "person" and before.i != ent.sent.start and not before.ent_id_ \
        and before.is_alpha and before.text[:1].isupper() and not before.is_stop \
        and before.lower_ not in gazetteer.titles and before.lower_ not in gazetteer.office_words


def _generic(ent, entity: Entity) -> bool:
    """A named conflict or event after an indefinite article is a kind, not that one ("warned
    of a Russian invasion of Ukraine"), unless a number or a date marks the one meant ("a 12-day war", "a full-scale invasion
    in February 2022")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return entity.type in ("conflict", "event") and before is not None \
        and before.lower_ in ("a", "an", "another") \
        and not any(t.like_num or t.text[:1].isdigit() for t in ent.doc[ent.start:min(ent.end + 4, ent.sent.end)])


def _line(ent):
    """The tokens of the ent's sentence on the ent's line (a heading can run into the next line's sentence)."""
    sentence = ent.sent
    start = next((t.i + 1 for t in reversed(sentence[:ent.start - sentence.start]) if "\n" in t.text), sentence.start)
    end = next((t.i for t in sentence[ent.end - sentence.start:] if "\n" in t.text), sentence.end)
    return ent.doc[start:end]


def _title_case(sentence) -> bool:
    """A headline's capitals: most words that are not names are capitalised."""
    words = [t for t in sentence if t.is_alpha and t.pos_ != "PROPN" and t.i != sentence.start]
    if len(words) >= 2 and sum(t.text[:1].isupper() for t in words) >= 0.6 * len(words):
        return True
    long_words = [t for t in sentence if t.is_alpha and len(t) > 3]     # "France's Next Steps in the Ukraine Crisis"
    return len(long_words) >= 3 and all(t.text[:1].isupper() for t in long_words)


def _calendar_word(token) -> bool:
    """A weekday or month name ("Trump Monday said"), from the standard library's calendar."""
    return token.text in _calendar_words()


@functools.lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """(Read once: each name of `calendar.day_name` is a strftime call.)"""
    import calendar

    return frozenset(calendar.day_name) | frozenset(calendar.month_name)


@functools.lru_cache(maxsize=1)
def place_prepositions() -> frozenset[str]:
    """data/lexicons/place-prepositions.txt."""
    from readout.config import LEXICON_DIR

    lines = (LEXICON_DIR / "place-prepositions.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#"))


def after_place_preposition(ent) -> bool:
    """The name is the object of a preposition of place ("talks in Wigan"), directly or
    as a conjunct ("in Pandora and Wigan")."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "pobj" and root.head.lower_ in place_prepositions()


def _locative(ent) -> bool:
    """The name follows a preposition of place ("talks at the White House")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.lower_ in place_prepositions() and before.lower_ != "in"


def _title_before(ent, titles: frozenset[str]) -> bool:
    doc = ent.doc
    for size in range(1, TITLE_WORDS + 1):
        start = ent.start - size
        if start < 0 or doc[start].sent != ent.sent:
            break
        words = " ".join(t.text for t in doc[start:ent.start]).lower()
        if words in titles:
            return True
    return False


def _context(ent, target: Entity, ambiguous: Ambiguous, gazetteer: Gazetteer) -> bool:
    sentence = ent.sent
    if target.country:
        for other in sentence.ents:
            if other.start == ent.start or not other.ent_id_:
                continue
            if any(e.key == target.country for e in gazetteer.lookup(other.text)):
                return True
    said = sentence.text     # not sentence.doc.text: spaCy joins the whole doc on each call
    before = said[:ent.start_char - sentence.start_char]
    after = said[ent.end_char - sentence.start_char:]
    words = f"{before} {after}".lower()
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", words) for w in ambiguous.context)
