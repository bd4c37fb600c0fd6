"""Positions on the object of a stance verb: 'X blamed Y for Z', 'X accused Y of Z',
'X called on Y to Z', 'X warned Y against Z', 'X praised Y's Z'.

The verb is a statement's cue (rule `cue-object`), a verb of the speaker's inside its
content ("said ... as he praised Y's leadership", also `cue-object`), or, outside any
statement, a verb whose subject is an actor with a side (`verb-object`, no evidence
statement). The object (or the possessor of the object) is the holder; the verb's
complements after it are the proposition; the stance is the verb's (`stances.tsv`). An
object or possessor that is a pronoun ("thanked him for", "commending his efforts",
`data/lexicons/object-pronouns.tsv`) stands for the latest actor of its kind named before
it in its sentence or the two before, other than the attributor.
"""
from __future__ import annotations

import csv
import functools

from readout.config import LEXICON_DIR
from readout.extract import nlp, sides
from readout.extract.antecedents import pronoun_genders
from readout.extract.mentions import MentionIndex
from readout.extract.propositions import conduct_nouns, issue_of, stances, trim
from readout.facts import Article, Entity, Position, Span, Statement
from readout.link.gazetteer import Gazetteer

OBJECT_PREPS = {"on", "upon"}          # "called on X to ...", "urged upon X"
COMPLEMENTS = {"prep", "xcomp", "oprd", "advcl"}   # not a that-clause: "warned Bibi that ..." is said to Bibi
CLIMB = {"conj", "xcomp", "acl", "dobj"}     # a verb whose subject is its head's
WINDOW = 2          # sentences before a pronoun's own searched for what it stands for


def verb_stance(lemma: str) -> str:
    return stances().get((lemma, "VERB"), ("",))[0]


def subject_is(verb, st: Statement, index: MentionIndex) -> bool:
    """The verb's subject is the statement's speaker, named or as a pronoun."""
    subject = _subject(verb)
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return True                # "he", "she", "they": the speaker, in its own statement
    mention = mention_at(index, subject)
    return mention is not None and mention.entity.key == st.speaker.key


def _subject(verb):
    """The verb's subject, or, for a conjoined or dependent verb with none, its head's."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None or verb.dep_ not in CLIMB or verb.head.i == verb.i:
            return subject
        verb = verb.head        # "Russia has denied its intention to invade and blames the US"
    return None


def _circumstance(clause) -> bool:
    """An adverbial clause with a conjunction ("blamed the West while demanding ..."): what
    the subject does around the verb, nothing the object holds."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" for c in clause.children)


def _clause_subject(verb):
    """The verb's subject, or for a participle clause with none, its head's ("She announced
    ..., commending his efforts": She)."""
    subject = _subject(verb)
    if subject is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        subject = _subject(verb.head)
    return subject


def mention_at(index: MentionIndex, token):
    """The mention a token is part of (the longest), or None."""
    return index.at(token.idx)


def inside(token, positions: list[Position]) -> bool:
    """The token is inside the proposition of a position found on a cue's object
    ("accused China of enabling Russia's war" is about China)."""
    return any(p.proposition.start <= token.idx < p.proposition.end for p in positions)


def cue_object(verb, stance: str, attributor: Entity, doc, index: MentionIndex,
                gazetteer: Gazetteer, st: Statement | None) -> list[Position]:
    """'X blamed Y for Z', 'X accused Y of Z', 'X called on Y to Z', 'X warned Y against Z',
    'X praised Y's Z', 'X agreed with Y that Z': the object of a stance verb (or its
    possessor, or the co-holder of a shared stance, `shared-stances.tsv`) holds the position
    the verb's complements state; the stance is the verb's (`stances.tsv`)."""
    if not stance:
        return []
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS
                for g in c.children if g.dep_ == "pobj"]
    objects += [g for t in doc[verb.i + 1:verb.i + 2] if t.dep_ == "prep" and t.lower_ in OBJECT_PREPS
                and t.head.i == verb.i for g in t.children if g.dep_ == "pobj" and g not in objects]
    shared = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == shared_stances().get(verb.lemma_.lower())
              for g in c.children if g.dep_ == "pobj"]       # "agreed with Y that Z"
    text, found = nlp.text_of(doc), []
    for obj in objects + shared:
        target, head = _object_actor(obj, attributor, index, gazetteer)
        if target is None or not sides.other_side(attributor, target, gazetteer):
            continue
        kinds = {"ccomp"} if obj in shared else COMPLEMENTS
        rest = [t for c in verb.children if c.dep_ in kinds and c.i > obj.i
                and c.lower_ not in OBJECT_PREPS and not _circumstance(c) for t in c.subtree]
        sub = list(obj.subtree) + rest
        if head is None and not rest:
            continue          # "praised Doe": no proposition beyond the name
        if head is not None and not rest and len(sub) <= 3 and head.lemma_.lower() not in conduct_nouns():
            continue          # "support Ukraine's resolution": the object, nothing Ukraine holds
        start, end = min(t.idx for t in sub), max(t.idx + len(t) for t in sub)
        proposition = trim(text, Span.of(text, start, end))
        if proposition is None or proposition.end - proposition.start <= len(obj.text) + 1:
            continue
        found.append(Position(holder=target, proposition=proposition, stance=stance, evidence=st,
                              rule="cue-object" if st is not None else "verb-object",
                              attributor=attributor, issue=issue_of(proposition.text)))
    return found


def verb_objects(article: Article, doc, statements: list[Statement], index: MentionIndex,
                  gazetteer: Gazetteer) -> list[Position]:
    """Outside any statement, 'X thanked Y for Z', 'X accused Y of Z': X, an actor with a
    side, attributes Z to Y (rule `verb-object`, no evidence statement)."""
    cues = {t for st in statements for t in range(st.cue.start, st.cue.end)}
    found = []
    for verb in doc:
        if verb.pos_ != "VERB" or not verb_stance(verb.lemma_.lower()) or verb.idx in cues \
                or article.in_comments(verb.idx):
            continue
        subject = _subject(verb)
        mention = mention_at(index, subject) if subject is not None else None
        attributor = sides.actor(mention.entity, gazetteer) if mention else None
        if attributor is None or not sides.side_key(attributor, gazetteer):
            continue
        found += cue_object(verb, verb_stance(verb.lemma_.lower()), attributor, doc, index, gazetteer, None)
    return found


def _object_actor(obj, attributor: Entity, index: MentionIndex, gazetteer: Gazetteer):
    """(actor, None) when the object names an actor ("accused China", "thanked him"),
    (actor, noun) when an actor is the possessor of the object ("praised Doe's
    leadership", "commending his efforts"), else (None, None)."""
    sub = list(obj.subtree)
    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
    if owner is not None:
        mention = index.covering(owner.idx, owner.idx + len(owner))
        target = sides.actor(mention.entity, gazetteer) if mention else \
            pronoun_actor(owner, attributor, index, gazetteer, _clause_subject(obj.head))
        return (target, obj) if target is not None else (None, None)
    if obj.pos_ == "PRON":
        return pronoun_actor(obj, attributor, index, gazetteer), None
    if (state := government_of(obj, index, gazetteer)) is not None:
        return state, None       # "urged the Ukrainian side to ..."
    mention = index.covering(obj.idx, obj.idx + len(obj)) or \
        index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
    if mention is None or not (mention.span.start <= obj.idx < mention.span.end):
        return None, None
    return sides.actor(mention.entity, gazetteer), None


@functools.lru_cache(maxsize=1)
def shared_stances() -> dict[str, str]:
    """Verb lemma -> the preposition of a co-holder of its stance ("agree" -> "with")."""
    with (LEXICON_DIR / "shared-stances.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["lemma"]: r["preposition"] for r in rows}


@functools.lru_cache(maxsize=1)
def government_nouns() -> frozenset[str]:
    lines = (LEXICON_DIR / "government-nouns.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip() for l in lines if l.strip() and not l.startswith("#"))


def government_of(token, index: MentionIndex, gazetteer: Gazetteer) -> Entity | None:
    """The state a noun of government names with its modifier ("the Ukrainian side", "the
    US government", "Russia's authorities"; `data/lexicons/government-nouns.txt`), or None."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in government_nouns():
        return None
    for child in (c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")):
        mention = mention_at(index, child)
        entity = mention.entity if mention is not None else gazetteer.get(gazetteer.demonyms.get(child.text, ""))
        if entity is not None and entity.type == "country":
            return entity
    return None


def named_by_head(token, index: MentionIndex, gazetteer: Gazetteer) -> Entity | None:
    """The body a definite noun refers back to by the last word of its name: "the agency"
    after "the International Atomic Energy Agency", "the ministry" after "the Foreign
    Ministry" (the latest such body named before it), or None."""
    if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
        return None
    for mention in reversed(index.mentions):
        if mention.span.end > token.idx:
            continue
        target = sides.actor(mention.entity, gazetteer)
        if target is not None and target.type not in ("person", "country") \
                and target.label.lower().split()[-1:] == [token.lemma_.lower()]:
            return target
    return None


@functools.lru_cache(maxsize=1)
def object_pronouns() -> dict[str, tuple[str, str, bool]]:
    """Object or possessive pronoun -> (the kind of actor it stands for, its gender, whether
    it can refer to its verb's own subject)."""
    with (LEXICON_DIR / "object-pronouns.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["word"]: (r["refers_to"], r["gender"], r["possessive"] == "yes") for r in rows}


def pronoun_actor(token, attributor: Entity, index: MentionIndex, gazetteer: Gazetteer,
                  subject=None) -> Entity | None:
    """The actor an object or possessive pronoun stands for: the latest actor of its kind (a
    person for "him"/"his", any other actor for "them"/"its") named before it in its
    sentence or the WINDOW before, other than the attributor ("She thanked Doe, commending
    his efforts": Doe). A possessive that its verb's subject (the attributor) could own
    stands for nothing else ("Russia denied its intention", "Doe defended his record")."""
    entry = object_pronouns().get(token.lower_)
    if entry is None:
        return None
    kind, gender, possessive = entry
    if possessive and (attributor.type == "person") == (kind == "person"):
        said = pronoun_genders().get(subject.lower_, "") if subject is not None and subject.pos_ == "PRON" else ""
        if not (gender and said and said != gender):
            return None          # the subject's own, as far as one can tell
    sentence = token.sent
    for _ in range(WINDOW):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    for mention in reversed(index.mentions):
        if mention.span.end > token.idx:
            continue
        if mention.span.start < sentence.start_char:
            break
        target = sides.actor(mention.entity, gazetteer)
        if target is None or target.key == attributor.key or (target.type == "person") != (kind == "person"):
            continue
        return target
    return None
