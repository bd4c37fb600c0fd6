"""What a cue verb reports: an adjacent quotation, its clausal complement, the clause it
interrupts ("The plan, he said, is sound": `readout.extract.asides`), a particle's or a
verb's object.

`find` takes the cue, its source token, the article's `Text` and the quotations earlier
cues took, and returns a `Found`: the content pieces, the rule that found them and the
quotations it took (a quotation is the content of one cue only).
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, replace

from readout.config import LEXICON_DIR
from readout.extract.cues import PASSIVE_SUBJECTS, SUBJECTS, Cue, match, subject, topic_prepositions
from readout.extract.asides import around_cue, head_clause, set_apart
from readout.extract.spans import Text
from readout.facts import Span

CONTENT_CLAUSE = ("ccomp",)
OBJECT_DEPS = ("dobj", "attr")


@dataclass(frozen=True)
class Found:
    pieces: list[Span]
    rule: str
    quotes_taken: frozenset[int] = frozenset()
    cue_end: int | None = None     # the cue runs on to here ("warned of")
    clause: object = None          # the head word of a clausal content (rule verb-ccomp)


def find(token, cue: Cue, cue_span: Span, source, text: Text, taken: set[int]) -> Found:
    """The content of a verb cue (no pieces when it has none)."""
    quoted = adjacent_quotes(token, cue_span, source, text, taken)
    if quoted:
        return Found([text.trim(q.start, q.end) for _, q in quoted], "quote", frozenset(n for n, _ in quoted))
    clause = next((c for c in token.children if c.dep_ in CONTENT_CLAUSE), None)
    made_clear = clear_clause(token, clause)
    if made_clear is not None:
        inner, last = made_clear
        return Found(around_cue(text.subtree(inner), cue_span, source, text), "verb-ccomp",
                     cue_end=last.idx + len(last), clause=inner)
    if clause is None and source is not None:   # parse slip: the clause hangs on the source
        clause = next((c for c in source.children if c.dep_ in CONTENT_CLAUSE and c.i < source.i), None)
    if clause is not None:
        content = text.subtree(clause)
        joined = [t for t in clause.subtree if (t.dep_ in ("conj", "advcl") and joined_to_outer(t, text) == token)
                  or (t.i > clause.i and own_statement(t))]
        if joined:        # "said the plan failed | and called for talks": the second cue is not content
            last = joined[0].left_edge.i - 1
            while last > clause.i and token.doc[last].dep_ in ("cc", "punct") \
                    and not token.doc[last].is_quote:      # "said X “did Y,” | adding": the quote stays whole
                last -= 1
            content = text.trim(content.start, token.doc[last].idx + len(token.doc[last]))
        return Found(around_cue(content, cue_span, source, text), "verb-ccomp", clause=clause)
    if token.dep_ in ("parataxis", "ccomp", "advcl") and token.head.pos_ in ("VERB", "AUX") \
            and match(token.head) is None and any(c.dep_ in SUBJECTS for c in token.children):
        pieces = head_clause(token, text)
        if pieces:
            return Found(pieces, "verb-parataxis")
    pieces = set_apart(token, text)
    if pieces:
        return Found(pieces, "verb-aside")
    if cue.particle:
        last = token.doc[token.i + len(cue.particle.split())]
        obj = next((c for c in last.children if c.dep_ in ("pobj", "pcomp")), None)   # "talked about how ..."
        if obj is not None:
            return Found([text.span_of(rest_of_phrase(token, list(obj.subtree)))], "verb-particle-object")
        if last.dep_ == "mark" and last.head.head.i == token.i and last.head.i > last.i:
            # "called for the US to step up its efforts": the parse makes "for" the clause's mark
            return Found([text.span_of([t for t in last.head.subtree if t.i > last.i])], "verb-particle-clause")
    clause = next((c for c in token.children if c.dep_ == "xcomp"), None)
    if clause is not None and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return Found([text.subtree(clause)], "verb-xcomp")
    oprd = next((c for c in token.children if c.dep_ == "oprd" and c.i > token.i), None)
    if oprd is not None and cue.takes_object:   # "called him a nice guy": the object and its complement
        obj = next((c for c in token.children if c.dep_ == "dobj" and token.i < c.i < oprd.i), None)
        words = sorted([*(obj.subtree if obj is not None else ()), *oprd.subtree], key=lambda t: t.i)
        return Found([text.span_of(words)], "verb-object-complement")
    if cue.takes_object:
        obj = next((c for c in token.children if c.dep_ in OBJECT_DEPS and c.pos_ != "PRON"), None)
        if obj is not None and obj.i > token.i:
            span = text.subtree(obj)
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for", "as")
                       and c.i > obj.i), None)
            if of is not None:   # "accused him of lying", "praised her for", "described it as"
                span = text.span_of([*obj.subtree, *of.subtree])
            words = [t for t in token.subtree if span.start <= t.idx < span.end]
            return Found([text.span_of(rest_of_phrase(token, words))], "verb-object")
    prep = topic(token, cue_span)
    if prep is not None:
        return Found([text.span_of(rest_of_phrase(token, list(prep[1].subtree)))], "verb-prep-object",
                     cue_end=prep[0].idx + len(prep[0]))
    quoted = adjacent_quotes(token, cue_span, source, text, taken, tails=True)
    if quoted:    # nothing else: the quotation that ends the clause before the cue
        return Found([text.trim(q.start, q.end) for _, q in quoted], "quote-tail", frozenset(n for n, _ in quoted))
    below = next_paragraph(token, text, taken)
    if below is not None:
        return below
    return Found([], "")


@functools.lru_cache(maxsize=1)
def raising_verbs() -> frozenset[tuple[str, str]]:
    """(lemma, voice) of the cue verbs whose subject is part of the content
    (data/lexicons/raising-verbs.tsv)."""
    with (LEXICON_DIR / "raising-verbs.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return frozenset((r["lemma"], r["voice"]) for r in rows)


RAISED_RULES = ("verb-xcomp", "verb-object-complement")


def raised_subject(token, source):
    """"Trump appears to be out of touch", "Other groups are expected to spend": the
    subject of a raising cue verb is what the content is about, not who speaks; the subject
    token, or None ("It seems that": no one speaks either)."""
    if source is None or source.head.i != token.i:
        return None
    voice = "passive" if source.dep_ in PASSIVE_SUBJECTS else "active"
    return source if (token.lemma_.lower(), voice) in raising_verbs() else None


def unquoted_subject(token, source, text: Text):
    """'"Safety," said Grimm': the parse makes the quoted word a second subject of the cue;
    the subject outside the quotation speaks."""
    if source is None or source.head.i != token.i or not text.quoted(source.idx, source.idx + len(source)):
        return source
    return next((c for c in token.children if c.dep_ in SUBJECTS and c.i != source.i
                 and not text.quoted(c.idx, c.idx + len(c))), source)


def put_to(token, rule: str) -> bool:
    """"Asked about X, she said ...": a past participle heading an adverbial clause with no
    subject of its own is passive; the main clause's subject was asked, the asker is unsaid
    (PolNeAR train: such cues had no gold source 36 times, the main subject 5 times)."""
    return rule == "head-subject" and token.dep_ == "advcl" and token.tag_ in ("VBN", "VBD") \
        and not any(c.dep_ in SUBJECTS + PASSIVE_SUBJECTS for c in token.children)


def with_subject(found: Found, raised, text: Text) -> Found:
    """The raised subject before an infinitive or complement content, as a piece of its own."""
    if raised is None or found.rule not in RAISED_RULES or not found.pieces or raised.dep_ == "expl":
        return found
    subject = text.subtree(raised)
    if subject.end > found.pieces[0].start:
        return found
    return replace(found, pieces=[subject, *found.pieces])


def patient_content(found: Found, patient, cue: Cue, text: Text) -> Found:
    """"The move was first reported by MSNBC": with no other content, the passive subject
    (before its verb) of a cue whose object can be its content is what is said, as PolNeAR
    marks it; not "it", a relative pronoun or an addressee ("X was told"). (Called only with
    a "by" phrase: without one, "X was criticized" names no speaker, and on newsgold dev such
    rows matched no gold statement.)"""
    if patient is None or not cue.takes_object or patient.lower_ == "it" or patient.tag_.startswith("W") \
            or patient.i > patient.head.i:
        return found
    return Found([text.subtree(patient)], "passive-subject")


def question(clause) -> bool:
    """Whether a clausal content is an embedded question ("knew what we would discuss",
    "see whether it works"): no proposition anyone holds."""
    if clause is None or not hasattr(clause, "left_edge"):
        return False
    first = clause.left_edge
    return first.tag_ in ("WP", "WP$", "WRB", "WDT") or (first.dep_ == "mark" and first.lower_ in ("whether", "if"))


def own_statement(token) -> bool:
    """"said peace could come this year as he praised the plan": an "as" clause with a cue,
    its own subject and its own content is a statement of its own, not part of the content."""
    return token.dep_ == "advcl" and match(token) is not None \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children) \
        and any(c.dep_ in SUBJECTS for c in token.children) \
        and any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.pos_ != "PRON") for c in token.children)


def joined_to_outer(token, text: Text):
    """"X said the plan had failed and called for talks": a cue verb with no subject of its
    own that the parse joins to the verb of another cue's clause is a second statement of
    the outer cue's speaker when its form is the outer cue's (said ... called) and not the
    inner verb's (had failed; were: an auxiliary), outside a quotation; returns the outer
    cue's verb, or None. (On PolNeAR train such a verb heads a gold cue of the outer source
    in 22 of 33 cases; verbs of belief and agreement are left out: 2 of 13 were cues; with
    the inner verb's form too, "said he voted and wrote in", it is ambiguous.) A participle
    hung on the inner verb is the outer speaker's too ("said Johnson “expressed concern,”
    adding that ...": on PolNeAR train 31 of 35 such gold cues had the outer source)."""
    if token.dep_ == "advcl" and token.tag_ == "VBG" and match(token) is not None \
            and not any(c.dep_ in SUBJECTS + PASSIVE_SUBJECTS for c in token.children):
        head = token.head
        outer = head.head
        if head.dep_ == "ccomp" and outer.i < head.i and outer.pos_ in ("VERB", "AUX") and match(outer) is not None:
            return outer
        return None
    if token.dep_ != "conj" or token.pos_ != "VERB" \
            or any(c.dep_ in SUBJECTS + PASSIVE_SUBJECTS for c in token.children):
        return None
    cue = match(token)
    if cue is None or cue.speech_act in ("believe", "agree") or text.quoted(token.idx, token.idx + len(token)):
        return None
    head = token.head
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    outer = head.head
    if head.dep_ != "ccomp" or outer.i > head.i or outer.pos_ not in ("VERB", "AUX") \
            or outer.tag_ != token.tag_ or match(outer) is None:
        return None
    inner_form = head.tag_ == token.tag_ and head.pos_ != "AUX" \
        and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
    return None if inner_form else outer


def clear_clause(token, clause):
    """"made clear that X", "made it clear Monday that X": an adjective complement right
    after the verb with a that-clause after it; (the clause, the cue's last word: the
    adjective or a time right after it) or None. The adjective belongs to the cue."""
    if clause is None or clause.pos_ != "ADJ" or clause.i <= token.i or any(True for _ in clause.children
                                                                          if _.i < clause.i and _.dep_ != "nsubj"):
        return None
    inner = next((c for c in [*token.children, *clause.children] if c.i > clause.i and c.dep_ in ("ccomp", "advcl")
                  and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)), None)
    if inner is None or any(t.i < token.i for t in clause.subtree):
        return None
    last = clause
    nxt = token.doc[clause.i + 1] if clause.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.dep_ == "npadvmod" and nxt.head.i in (token.i, clause.i) \
            and nxt.ent_type_ in ("DATE", "TIME"):
        last = nxt
    return inner, last


def next_paragraph(token, text: Text, taken: set[int]) -> Found | None:
    """"Cruz continued:" at the end of a paragraph: the next paragraph is what the cue
    reports (the quotation that opens it, else the paragraph), when the cue's sentence ends
    with the colon and the cue heads it."""
    sent = token.sent
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != ":" or token.i != sent.root.i:
        return None
    body = text.text
    start = last.idx + 1
    if body[start:].lstrip(" \t")[:1] != "\n":
        return None
    start += len(body[start:]) - len(body[start:].lstrip())
    end = body.find("\n", start)
    end = len(body) if end == -1 else end
    if end <= start:
        return None
    n = text.quotations.starting_at(start)
    if n is not None:
        quote = text.quotations[n]
        return Found([text.trim(quote.start, quote.end)], "quote-below", frozenset({n})) if n not in taken else None
    return Found([text.trim(start, end)], "paragraph-below")


PHRASE_DEPS = ("prep", "advcl", "oprd", "agent")


def rest_of_phrase(token, words: list) -> list:
    """An object and what follows it in the cue's verb phrase ("described the dinner | as
    a party", "did not mention him | by name"): the verb's later modifiers that follow on
    with nothing between, up to a comma or a coordinated verb."""
    words = sorted(words, key=lambda t: t.i)
    for child in sorted((c for c in token.children if c.i > words[-1].i), key=lambda c: c.i):
        sub = list(child.subtree)
        if child.dep_ not in PHRASE_DEPS or sub[0].i != words[-1].i + 1 \
                or any(t.ent_type_ in ("DATE", "TIME") for t in sub):
            break     # "praised the plan | on Monday": a time is the cue's, not the content's
        words += sub
    return words


def topic(token, cue_span: Span):
    """"warned of X", "joked about X": the topic preposition right after the cue and its
    object, as (preposition, object), or None."""
    doc = token.doc
    if not any(c.dep_ == "nsubj" for c in token.children) and not (
            token.dep_ == "conj" and getattr(subject(token)[0], "dep_", "") == "nsubj"):
        return None     # "was asked about X", "when asked about X": X is put to the subject
                        # ("Hollande spoke and warned of X": a coordinated verb shares it)
    nxt = next((t for t in doc[token.i + 1:token.i + 3] if t.idx >= cue_span.end), None)
    if nxt is None or nxt.head.i != token.i or nxt.dep_ != "prep" or nxt.lower_ not in topic_prepositions():
        return None
    obj = next((c for c in nxt.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is not None and nxt.lower_ in ("on", "over") and obj.ent_type_ in ("DATE", "TIME"):
        return None     # "responded on Sunday", "spoke over the weekend": a time, not a topic
    return (nxt, obj) if obj is not None else None


def object_cue(token, text: Text):
    """"expressed his deep concern about X": the object is part of the cue and its
    prepositional phrase (or a that-clause) the content; (the object's head token, the
    content) or None when the verb has no object with one."""
    obj = next((c for c in token.children if c.dep_ == "dobj" and c.i > token.i), None)
    if obj is None:
        return None
    tail = next((c for c in obj.children if c.i > obj.i and (c.dep_ == "prep" or (
        c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" for m in c.children)))), None)
    if tail is None:
        tail = next((c for c in token.children if c.dep_ == "prep" and c.i > obj.i), None)
    if tail is None:
        return None
    return obj, [text.subtree(tail)]


BARE_DEPS = SUBJECTS + ("aux", "auxpass", "neg", "advmod", "npadvmod", "punct", "prep", "prt", "dative", "agent")


def bare(token, gap: str) -> bool:
    """“… it.” he said. / “… it?” Jane asked. -- a cue that carries nothing of its own right
    after a closed quotation (a lower-case word right after it, or a verb with only its
    subject, an addressee and circumstances) reports that quotation."""
    if gap.strip(" ,")[:1].islower():
        return True
    return all((c.dep_ in BARE_DEPS and not (c.dep_ == "prep" and c.lower_ in topic_prepositions())) or (c.dep_ == "dobj" and c.pos_ in ("PRON", "PROPN", "NOUN")
                                          and not match_takes_object(token)) for c in token.children)


def match_takes_object(token) -> bool:
    cue = match(token)
    return cue is None or cue.takes_object


def tail_of_clause(token, quote: Span) -> bool:
    """"The impact will be “minimised,” he said": a quotation whose words hang from a word
    before it (not the cue) ends a longer clause: the quotation alone is not what is said."""
    words = token.doc.char_span(quote.start, quote.end, alignment_mode="expand")
    inside = list(words) if words is not None else []
    ids = {t.i for t in inside}
    return bool(inside) and any(t.head.i not in ids and t.head.i < inside[0].i and t.head.i != token.i
                                and not t.is_punct for t in inside)


def adjacent_quotes(token, cue_span: Span, source, text: Text, taken: set[int], tails: bool = False) -> list:
    """Quotations right before and/or after the cue and its source, as (index, quotation);
    one that ends a longer clause before the cue only with `tails`."""
    lo, hi = cue_span.start, cue_span.end
    if source is not None and abs(source.i - token.i) <= 12:
        src = text.plain(source)
        lo, hi = min(lo, src.start), max(hi, src.end)
    sent = token.sent
    body = text.text
    pieces = []
    for n in text.quotations.near(sent.start_char - 1, sent.end_char + 1):    # (no other can be)
        quote = text.quotations[n]
        if n in taken or quote.end - quote.start < 4:
            continue
        if quote.end <= lo and quote.end >= sent.start_char - 1 and not body[quote.end:lo].strip(" ,—–-") \
                and "\n" not in body[quote.end:lo]:     # never a quotation of the paragraph before
            if quote.start < sent.start_char and body[quote.start:quote.end].rstrip("\"'”’»›")[-1:] in ".!?" \
                    and not bare(token, body[quote.end:lo]):
                continue   # “… it.” She briefed him on it: a closed sentence is not this cue's
            if not tails and tail_of_clause(token, quote):
                continue
            pieces.append((n, quote))
        elif quote.start >= hi and quote.start <= sent.end_char + 1 \
                and not body[hi:quote.start].strip(" ,:—–-") and "\n" not in body[hi:quote.start] \
                and (pieces or any(c in ",:—–-" for c in body[hi - 1:quote.start])):
            pieces.append((n, quote))   # after the cue only past a comma, colon or dash
    return pieces
