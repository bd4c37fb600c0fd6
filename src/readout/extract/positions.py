"""Positions held and attributed, derived from statements and from the article's own voice.

Rules (each recorded on the position):

- `speaker-stance`: a statement whose cue or content head has a stance in
  `data/lexicons/stances.tsv` gives its speaker a position: the content trimmed to the
  claim, with that stance ("urged ... a ceasefire" -> demands).
- `content-subject`, `content-possessor`, `content-modifier`: when the content predicates
  something of another actor, on another side (`readout.sides`), the speaker attributes
  a position to that actor: the actor is the subject of a clause of the content ("Western
  states ignored ..."), the possessor or "of" complement of its subject or complement
  ("the West's policy", "the policy of Western states"), or an adjective or compound on
  it ("Russian aggression"). Possessors inside a beneficiary phrase ("support for
  Ukraine's sovereignty") predicate nothing of the possessor and are skipped.
- `blame-object`: "X blamed Y for Z" attributes to Y the responsibility for Z (stance asserted).
- `article-voice`: outside any statement, an actor that is the subject of a stance verb
  with voice=article ("Moscow seeks recognition of ...", "Paris remains committed to ...")
  holds that position according to the article, never according to a side.

Statements from reader comments give no positions. Issues come from
`data/lexicons/issues.tsv` (the longest keyword in the proposition).
"""
from __future__ import annotations

import csv
import functools
import re

from readout.extract import sides
from readout.config import LEXICON_DIR
from readout.facts import Article, Entity, Position, Span, Statement
from readout.link.gazetteer import Gazetteer
from readout.extract.mentions import MentionIndex

ACTOR_TYPES = {"person", "country", "organization", "government_body", "concept", "group", "coalition", "city"}
EMBEDDED = {"relcl", "acl", "advcl"}
PLURAL_PRONOUNS = {"they"}
QUOTES = "\"'“”‘’«»"
LEADING = re.compile(r"^(?:that|whether|to|as)\s+", re.I)


def _rows(name: str) -> list[dict]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def stances() -> dict[tuple[str, str], tuple[str, bool]]:
    return {(r["lemma"], r["pos"]): (r["stance"], r["voice"] == "article") for r in _rows("stances.tsv")}


@functools.lru_cache(maxsize=1)
def issues() -> list[tuple[re.Pattern, str]]:
    rows = sorted(_rows("issues.tsv"), key=lambda r: -len(r["keyword"]))
    return [(re.compile(rf"(?<![\w-]){re.escape(r['keyword'])}(?![\w-])", re.I), r["issue"]) for r in rows]


@functools.lru_cache(maxsize=1)
def conduct_nouns() -> frozenset[str]:
    with (LEXICON_DIR / "conduct-nouns.txt").open(encoding="utf-8") as handle:
        return frozenset(l.strip() for l in handle if l.strip() and not l.startswith("#"))


def issue_of(text: str) -> str:
    """The issue a proposition is on: the longest keyword found in it ('' when none)."""
    return next((issue for pattern, issue in issues() if pattern.search(text)), "")


def derive(statements: list[Statement], index: MentionIndex, gazetteer: Gazetteer,
           doc=None, article: Article | None = None) -> list[Position]:
    """Positions from an article's statements and, given its parse, its own voice."""
    positions: list[Position] = []
    for st in statements:
        if st.reader_comment or not st.content:
            continue
        positions.extend(_held(st, doc))
        if doc is not None:
            positions.extend(_attributed(st, doc, index, gazetteer))
    if doc is not None and article is not None:
        positions.extend(_article_voice(article, doc, statements, index, gazetteer))
    return _unique(positions)


def _held(st: Statement, doc) -> list[Position]:
    if st.speaker.type not in ACTOR_TYPES:
        return []
    piece = max(st.content, key=lambda s: s.end - s.start)
    stance = stances().get((st.cue_lemma.lower(), "VERB"), ("", False))[0]
    if doc is not None and (span := doc.char_span(piece.start, piece.end, alignment_mode="expand")):
        head = span.root
        noun = stances().get((head.lemma_.lower(), "NOUN"))
        if noun is not None:
            stance = noun[0]
    proposition = _trim(_text(doc) if doc is not None else None, piece)
    if proposition is None:
        return []
    issue = issue_of(proposition.text)
    if not stance and not issue:
        return []
    return [Position(holder=st.speaker, proposition=proposition, stance=stance or "asserted",
                     evidence=st, rule="speaker-stance", issue=issue)]


def _attributed(st: Statement, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Position]:
    if _actor(st.speaker, gazetteer) is None:
        return []
    found = []
    text = _text(doc)
    for piece in _pieces(st, doc):
        for token, target in _actors_in(piece, doc, index, gazetteer, st.speaker):
            if target == st.speaker or sides.same_side(st.speaker, target, gazetteer):
                continue
            role, clause = _role(token, piece)
            if role is None:
                continue
            start = max(piece.start, clause[0].idx)
            end = min(piece.end, clause[-1].idx + len(clause[-1]))
            proposition = _trim(text, Span.of(text, start, end))
            if proposition is None or proposition.end - proposition.start <= len(token.text) + 1:
                continue
            found.append(Position(holder=target, proposition=proposition, stance="asserted",
                                  evidence=st, rule=f"content-{role}", attributor=st.speaker,
                                  issue=issue_of(proposition.text)))
    found.extend(_blamed(st, doc, index, gazetteer))
    return found


def _pieces(st: Statement, doc) -> list[Span]:
    """The content, and the "as ..." complement of a framing cue ("framed the war as ...")."""
    pieces = list(st.content)
    cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    for prep in (c for c in (cue.root.children if cue is not None else ()) if c.lower_ == "as"):
        sub = [t for t in prep.subtree if t.i > prep.i]
        if not sub:
            continue
        span = Span.of(_text(doc), sub[0].idx, sub[-1].idx + len(sub[-1]))
        if not any(p.start <= span.start < p.end for p in pieces):
            pieces.append(span)
    return pieces


def _actors_in(piece: Span, doc, index: MentionIndex, gazetteer: Gazetteer, speaker: Entity):
    """(root token, actor) for each actor mention in a piece, and for a subject "they"
    the latest actor named before it that is not on the speaker's side."""
    for mention in index.mentions:
        if piece.start <= mention.span.start and mention.span.end <= piece.end:
            entity = mention.entity
            if not entity.qid and mention.span.text in gazetteer.demonyms:   # NER's "Russian"
                entity = gazetteer.get(gazetteer.demonyms[mention.span.text])
            target = _actor(entity, gazetteer)
            span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if target is not None and span is not None:
                yield span.root, target
    span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
    for token in span or ():
        named = gazetteer.demonyms.get(token.text) if token.dep_ == "amod" else None
        if named and index.covering(token.idx, token.idx + len(token)) is None:
            yield token, gazetteer.get(named)     # "Western policy": no mention, a demonym
        if token.lower_ in PLURAL_PRONOUNS and token.dep_ == "nsubj":
            for mention in reversed(index.mentions):
                if mention.span.end > token.idx:
                    continue
                target = _actor(mention.entity, gazetteer)
                if target is not None and target.type != "person" \
                        and not sides.same_side(speaker, target, gazetteer):
                    yield token, target
                    break


def _role(token, piece: Span):
    """How a mention's root token predicates: (role, clause tokens) or (None, None)."""
    inside = lambda t: piece.start <= t.idx < piece.end   # noqa: E731
    if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") and inside(token.head):
        if not _main_clause(token.head, inside):
            return None, None
        return "subject", list(token.head.subtree)
    if token.dep_ in ("poss", "amod", "compound") or (token.dep_ == "pobj" and token.head.lower_ == "of"):
        role = {"poss": "possessor", "pobj": "possessor"}.get(token.dep_, "modifier")
        noun = token.head.head if token.dep_ == "pobj" else token.head
        if noun.pos_ != "NOUN" or (role == "modifier" and noun.lemma_.lower() not in conduct_nouns()):
            return None, None    # "President X of Ukraine", "a Ukrainian settlement"
        node = noun
        while node.head.i != node.i and inside(node.head) and node.pos_ not in ("VERB", "AUX"):
            if node.dep_ == "pobj" and node.head.lower_ not in ("of", "as"):
                return None, None    # "support for Ukraine's sovereignty" says nothing of Ukraine
            node = node.head
        if not _main_clause(node, inside):
            return None, None
        return role, list(node.subtree)
    return None, None


def _that_clause(token) -> bool:
    """A complement clause of a noun ("his claim that the war is ..."), not a relative one."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def _main_clause(token, inside) -> bool:
    """Whether a token is in the piece's main clause, not a relative or adverbial one."""
    while token.head.i != token.i and inside(token.head):
        if token.dep_ in EMBEDDED and not (token.dep_ == "acl" and _that_clause(token)):
            return False
        token = token.head
    return True


def _blamed(st: Statement, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Position]:
    if stances().get((st.cue_lemma.lower(), "VERB"), ("",))[0] != "blames":
        return []
    cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    if cue is None:
        return []
    verb = cue.root
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    reason = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if obj is None or reason is None:
        return []
    sub = list(obj.subtree)
    mention = index.covering(sub[0].idx, sub[-1].idx + len(sub[-1]))
    target = _actor(mention.entity, gazetteer) if mention else None
    if target is None or sides.same_side(st.speaker, target, gazetteer):
        return []
    last = list(reason.subtree)[-1]
    proposition = _trim(_text(doc), Span.of(_text(doc), sub[0].idx, last.idx + len(last)))
    if proposition is None:
        return []
    return [Position(holder=target, proposition=proposition, stance="asserted", evidence=st,
                     rule="blame-object", attributor=st.speaker, issue=issue_of(proposition.text))]


def _article_voice(article: Article, doc, statements: list[Statement], index: MentionIndex,
                   gazetteer: Gazetteer) -> list[Position]:
    said = bytearray(len(article.text) + 1)      # 1 where a statement's sentence is
    for st in statements:
        for s in [*st.content, st.cue, st.sentence]:
            said[s.start:s.end] = b"\x01" * (s.end - s.start)
    found = []
    for token in doc:
        if article.in_comments(token.idx) or said[token.idx]:
            continue
        verb, stance = _voice_stance(token)
        if stance is None:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        mention = index.covering(subject.idx, subject.idx + len(subject))
        holder = _actor(mention.entity, gazetteer) if mention else None
        if holder is None:
            continue
        complement = [c for c in token.children if c.dep_ in ("dobj", "prep", "xcomp", "ccomp")]
        if not complement:
            continue
        sub = [t for c in complement for t in c.subtree]
        start, end = min(t.idx for t in sub), max(t.idx + len(t) for t in sub)
        proposition = _trim(_text(doc), Span.of(_text(doc), start, end))
        if proposition is None:
            continue
        found.append(Position(holder=holder, proposition=proposition, stance=stance, evidence=None,
                              rule="article-voice", attributed_by_article=True,
                              issue=issue_of(proposition.text)))
    return found


def _voice_stance(token):
    """(verb, stance) when a token states a position in the article's voice."""
    lexicon = stances()
    if token.pos_ == "VERB":
        entry = lexicon.get((token.lemma_.lower(), "VERB"))
        if entry and entry[1]:
            return token, entry[0]
    if token.pos_ in ("ADJ", "VERB") and token.dep_ in ("acomp", "oprd"):
        entry = lexicon.get((token.lower_, "ADJ"))
        if entry and entry[1]:
            return token.head, entry[0]
    return None, None


def _actor(entity: Entity, gazetteer: Gazetteer) -> Entity | None:
    """The actor a mention stands for as a holder (a capital for its state), if an actor.
    A concept is an actor when it is a bloc (something has it as a membership) or a
    proper name ("Western world"), not a common noun ("ceasefire")."""
    stands_for = gazetteer.speaks_as(entity) if hasattr(gazetteer, "speaks_as") else None
    entity = stands_for or entity
    if entity.type == "concept":
        return entity if entity.label[:1].isupper() or sides.is_bloc(entity, gazetteer) else None
    return entity if entity.type in ACTOR_TYPES else None


def _text(doc) -> str:
    """The parsed text, built once per doc (spaCy joins its tokens on every `doc.text`)."""
    if "readout_text" not in doc.user_data:
        doc.user_data["readout_text"] = doc.text
    return doc.user_data["readout_text"]


def _trim(text: str | None, span: Span) -> Span | None:
    """The span without a leading 'that', quotes, brackets or trailing punctuation."""
    if text is None:
        return span
    start, end = span.start, span.end
    while True:
        piece = text[start:end]
        stripped = piece.strip().strip(QUOTES + ".,;:—–-…() ").rstrip()
        offset = piece.find(stripped) if stripped else 0
        if stripped and (m := LEADING.match(stripped)):
            offset, stripped = offset + m.end(), stripped[m.end():]
        if not stripped:
            return None
        new_start, new_end = start + offset, start + offset + len(stripped)
        if (new_start, new_end) == (start, end):
            return Span.of(text, start, end) if end - start > 2 else None
        start, end = new_start, new_end


def _unique(positions: list[Position]) -> list[Position]:
    seen, out = set(), []
    for p in positions:
        key = (p.holder.key, p.proposition.start, p.proposition.end)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
