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
- `cue-object`: the object of a stance cue (or the possessor of that object) holds what the
  cue's complements say: "X blamed Y for Z", "X accused Y of Z", "X called on Y to Z",
  "X warned Y against Z", "X praised Y's Z"; the stance is the cue's.
- Both need an attributor and a holder with sides (`readout.extract.sides.side_key`) that
  differ: positions are what one side attributes to another.
- `article-voice`: outside any statement, an actor that is the subject of a stance verb
  with voice=article ("Moscow seeks recognition of ...", "Paris remains committed to ...")
  holds that position according to the article, never according to a side.

Statements from reader comments give no positions. Issues come from
`data/lexicons/issues.tsv` (the longest keyword in the proposition).
"""
from __future__ import annotations

import re

from readout import entitytypes
from readout.extract import descriptions, nlp, objects, sides
from readout.extract.propositions import QUOTES, conduct_nouns, hypothetical_modals, issue_of, stances, trim
from readout.facts import Article, Entity, Position, Span, Statement
from readout.link.gazetteer import Gazetteer
from readout.extract.mentions import MentionIndex

ACTOR_TYPES = entitytypes.actor_types()          # data/lexicons/entity-types.tsv
MIN_WORDS = 3        # a proposition says something: "Ukraine's resolution" alone does not
EMBEDDED = {"relcl", "acl", "advcl"}
BENEFICIARY = {"for", "to", "toward", "towards"}   # "support for X's sovereignty": nothing of X
PLURAL_PRONOUNS = {"they"}


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
        positions.extend(objects.verb_objects(article, doc, statements, index, gazetteer))
    if doc is not None:
        positions = [_in_sentence(p, doc) for p in positions]
    if article is not None:
        positions = _restated(positions, headline_end(article.text), gazetteer)
    return _unique(_one_per_side(positions, gazetteer))


SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*\s*$")


def headline_end(text: str) -> int:
    """Where the headline block ends: the article's leading lines that end no sentence (a
    headline, a deck: "Doe hails call as he praises Roe's leadership"), up to the
    first line that ends one or is a list item; 0 when the first line ends a sentence."""
    offset = 0
    for line in text.splitlines(keepends=True):
        words = line.strip()
        if words and (SENTENCE_END.search(words) or not (words[0].isalnum() or words[0] in QUOTES)):
            return offset
        offset += len(line)
    return 0


def _restated(positions: list[Position], end: int, gazetteer: Gazetteer) -> list[Position]:
    """Without the headline's attributed positions between two sides that the body also
    has one between: the headline restates the body, whose sentence gives the position."""
    if not end:
        return positions
    def pair(p):
        return sides.side_key(p.attributor, gazetteer), sides.side_key(p.holder, gazetteer) or p.holder.key
    body = {pair(p) for p in positions if p.attributor is not None and p.proposition.start >= end}
    return [p for p in positions if p.attributor is None or p.proposition.start >= end or pair(p) not in body]


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
    proposition = trim(nlp.text_of(doc) if doc is not None else None, piece)
    if proposition is None:
        return []
    issue = issue_of(proposition.text)
    if not stance and not issue:
        return []
    return [Position(holder=st.speaker, proposition=proposition, stance=stance or "asserted",
                     evidence=st, rule="speaker-stance", issue=issue)]


def _attributed(st: Statement, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Position]:
    attributor = sides.attributor(st.speaker, gazetteer)
    if attributor is not None and sides.side_key(attributor, gazetteer):
        return _attributed_by(attributor, st, doc, index, gazetteer)
    return [p for author in _authors(st, doc, index, gazetteer)
            for p in _attributed_by(author, st, doc, index, gazetteer)]


def _authors(st: Statement, doc, index: MentionIndex, gazetteer: Gazetteer) -> list[Entity]:
    """The actors with a side a speaker with none is written by: the agents of its head
    ("the resolution, proposed by the EU and Ukraine, demands ...", "a report by the IAEA
    found ...")."""
    if st.speaker_span is None:
        return []
    span = doc.char_span(st.speaker_span.start, st.speaker_span.end, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("NOUN", "PROPN"):
        return []
    head, found = span.root, []
    bys = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"]
    bys += [g for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"
            for g in c.children if g.dep_ == "agent"]
    for by in bys:
        for obj in (g for g in by.children if g.dep_ == "pobj"):
            for token in [obj, *(t for t in obj.subtree if t.dep_ == "conj" and t.head.i != by.i)]:
                mention = objects.mention_at(index, token)
                author = sides.actor(mention.entity, gazetteer) if mention else \
                    objects.named_by_head(token, index, gazetteer)       # "a report by the agency"
                if author is not None and sides.side_key(author, gazetteer) and author not in found:
                    found.append(author)
    return found


def _attributed_by(attributor: Entity, st: Statement, doc, index: MentionIndex,
                   gazetteer: Gazetteer) -> list[Position]:
    cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    verb = next((t for pos in ("VERB", "AUX") for t in cue if t.pos_ == pos), cue.root) if cue is not None else None
    stance = objects.verb_stance(st.cue_lemma.lower().split()[0] if st.cue_lemma else "")
    on_objects = objects.cue_object(verb, stance, attributor, doc, index, gazetteer, st) if verb is not None else []
    pieces = _pieces(st, doc)
    for piece in pieces:
        # a stance verb of the speaker's inside the content ("said ... as he praised Y's Z")
        span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
        for inner in (t for t in span or () if t.pos_ == "VERB" and objects.verb_stance(t.lemma_.lower())
                      and objects.subject_is(t, st, index)):
            on_objects += objects.cue_object(inner, objects.verb_stance(inner.lemma_.lower()), attributor, doc,
                                             index, gazetteer, st)
    found, text = list(on_objects), nlp.text_of(doc)     # first: their stance is the verb's
    for piece in pieces:
        actors = list(_actors_in(piece, doc, index, gazetteer, st.speaker))
        own = {token.i for token, target in actors if sides.same_side(attributor, target, gazetteer)}
        for token, target in actors:
            if not sides.other_side(attributor, target, gazetteer) or objects.inside(token, on_objects):
                continue
            role, clause = _role(token, piece, own)
            if role is None:
                continue
            start = max(piece.start, clause[0].idx)
            end = min(piece.end, clause[-1].idx + len(clause[-1]))
            proposition = trim(text, Span.of(text, start, end))
            if proposition is None or len(proposition.text.split()) < MIN_WORDS:
                continue
            found.append(Position(holder=target, proposition=proposition, stance="asserted",
                                  evidence=st, rule=f"content-{role}", attributor=attributor,
                                  issue=issue_of(proposition.text)))
    return found


def _pieces(st: Statement, doc) -> list[Span]:
    """The content, and the "as ..." complement of a framing cue ("framed the war as ...")."""
    pieces = list(st.content)
    cue = doc.char_span(st.cue.start, st.cue.end, alignment_mode="expand")
    for prep in (c for c in (cue.root.children if cue is not None else ()) if c.lower_ == "as"):
        sub = [t for t in prep.subtree if t.i > prep.i]
        if not sub:
            continue
        span = Span.of(nlp.text_of(doc), sub[0].idx, sub[-1].idx + len(sub[-1]))
        if not any(p.start <= span.start < p.end for p in pieces):
            pieces.append(span)
    return pieces


def _actors_in(piece: Span, doc, index: MentionIndex, gazetteer: Gazetteer, speaker: Entity):
    """(root token, actor) for each actor mention in a piece, and for a subject "they"
    the latest actor named before it that is not a person, when not on the speaker's side."""
    for mention in index.mentions.within(piece.start, piece.end):
        entity = mention.entity
        if not entity.qid and mention.span.text in gazetteer.demonyms:   # NER's "Russian"
            entity = gazetteer.get(gazetteer.demonyms[mention.span.text])
        target = sides.actor(entity, gazetteer)
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if target is not None and span is not None:
            yield span.root, target
    span = doc.char_span(piece.start, piece.end, alignment_mode="expand")
    for token in span or ():
        if (state := objects.government_of(token, index, gazetteer)) is not None:
            yield token, state          # "the Ukrainian side suspended ...": Ukraine
        elif token.pos_ == "NOUN" and index.covering(token.idx, token.idx + len(token)) is None \
                and (person := _described(token, doc, index, gazetteer)) is not None:
            yield token, person         # "the crown prince gave ...": the person with that office
        named = gazetteer.demonyms.get(token.text) if token.dep_ == "amod" else None
        if named and index.covering(token.idx, token.idx + len(token)) is None:
            yield token, gazetteer.get(named)     # "Western policy": no mention, a demonym
        if token.lower_ in PLURAL_PRONOUNS and token.dep_ == "nsubj":
            for mention in index.ending_by(token.idx):
                target = sides.actor(mention.entity, gazetteer)
                if target is None or target.type == "person":
                    continue
                if not sides.same_side(speaker, target, gazetteer):
                    yield token, target      # the latest group named: never one further back
                break


def _described(token, doc, index: MentionIndex, gazetteer: Gazetteer) -> Entity | None:
    """The actor a description headed by this noun names ("the crown prince": the person
    the article introduced with that office; `readout.extract.descriptions`), or None."""
    words = [t for t in token.subtree if t.i <= token.i]
    if descriptions.head_of([t.lower_ for t in words]) is None:
        return None
    phrase = Span.of(nlp.text_of(doc), words[0].idx, token.idx + len(token))
    found = descriptions.resolve(token, phrase, index.mentions, gazetteer, nlp.text_of(doc), entitytypes.speaker_types())
    return sides.actor(found.entity, gazetteer) if found is not None and found.entity is not None else None


def _role(token, piece: Span, own: set[int] = frozenset()):
    """How a mention's root token predicates: (role, clause tokens) or (None, None). A
    conjunct of a subject is a subject too ("Russia and China oppose ..."), unless a
    conjunct is on the attributor's side (`own`): "Doe and Roe discussed ..." is
    something done together, nothing one side says of the other."""
    inside = lambda t: piece.start <= t.idx < piece.end   # noqa: E731
    while token.dep_ == "conj" and token.head.dep_ in ("nsubj", "conj") and inside(token.head):
        token = token.head
    if token.dep_ == "nsubj" and own & {t.i for t in token.subtree if t.i == token.i or t.dep_ == "conj"}:
        return None, None
    if token.dep_ == "pobj" and token.head.dep_ == "agent" and token.head.head.dep_ != "acl" \
            and token.head.head.pos_ == "VERB" and inside(token.head.head):
        verb = token.head.head   # "talks were suspended by Kyiv": the agent did it
        return ("agent", list(verb.subtree)) if _main_clause(verb, inside) else (None, None)
    if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX") and inside(token.head):
        if not _main_clause(token.head, inside):
            return None, None
        if any(c.dep_ == "aux" and c.lower_ in hypothetical_modals() for c in token.head.children):
            return None, None    # "Israel could lose American support": a possibility, not a position
        return "subject", list(token.head.subtree)
    agent = token.dep_ == "pobj" and token.head.dep_ == "agent"    # "a programme carried out by Iran"
    if token.dep_ in ("poss", "amod", "compound") or (token.dep_ == "pobj" and token.head.lower_ == "of") or agent:
        role = {"poss": "possessor", "pobj": "possessor"}.get(token.dep_, "modifier")
        noun = token.head.head.head if agent else token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ == "pobj" and any(c.dep_ == "poss" for c in noun.children):
            return None, None    # "Russia's invasion of Ukraine": Ukraine is what is invaded
        if noun.pos_ != "NOUN" or (token.dep_ != "poss" and noun.lemma_.lower() not in conduct_nouns()):
            return None, None    # "President X of Ukraine", "a Ukrainian settlement", "the poisoning of X"
        if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children):
            return None, None    # "Iraq's Abu Ghraib prison": a named place, nothing of Iraq
        node = noun
        while node.head.i != node.i and inside(node.head) and node.pos_ not in ("VERB", "AUX"):
            if node.dep_ == "pobj" and node.head.lower_ in BENEFICIARY:
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


def _in_sentence(position: Position, doc) -> Position:
    """The position with the sentence its proposition starts in."""
    span = doc.char_span(position.proposition.start, position.proposition.end, alignment_mode="expand")
    if span is None:
        return position
    sentence = span[0].sent
    text = nlp.text_of(doc)
    start, end = sentence.start_char, sentence.end_char
    while end > start and text[end - 1].isspace():
        end -= 1
    position.sentence = Span.of(text, start, end)
    return position


def _one_per_side(positions: list[Position], gazetteer: Gazetteer) -> list[Position]:
    """One attributed position per statement (or sentence) and holder side: the first found
    (a cue's object before a mention in the content), so that "told Bibi that Israel could
    ..." is one position of Israel's side, not two."""
    seen, out = set(), []
    for p in positions:
        if p.attributor is not None:
            where = (p.evidence.cue.start if p.evidence is not None else -1,
                     p.sentence.start if p.sentence is not None else p.proposition.start)
            key = (where, p.attributor.key, sides.side_key(p.holder, gazetteer) or p.holder.key)
            if key in seen:
                continue
            seen.add(key)
        out.append(p)
    return out


def _article_voice(article: Article, doc, statements: list[Statement], index: MentionIndex,
                   gazetteer: Gazetteer) -> list[Position]:
    said = bytearray(len(article.text) + 1)      # 1 where a statement's words are
    for st in statements:
        for s in [*st.content, st.cue] + ([st.speaker_span] if st.speaker_span else []):
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
        holder = sides.actor(mention.entity, gazetteer) if mention else None
        if holder is None:
            continue
        complement = [c for c in token.children if c.dep_ in ("dobj", "prep", "xcomp", "ccomp")]
        if not complement:
            continue
        sub = [t for c in complement for t in c.subtree]
        start, end = min(t.idx for t in sub), max(t.idx + len(t) for t in sub)
        proposition = trim(nlp.text_of(doc), Span.of(nlp.text_of(doc), start, end))
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


def _unique(positions: list[Position]) -> list[Position]:
    seen, out = set(), []
    for p in positions:
        key = (p.holder.key, p.attributor.key if p.attributor else "", p.proposition.start, p.proposition.end)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
