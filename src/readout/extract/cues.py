"""Cue words of attribution: the reporting-verb lexicon and the parse around a cue.

`lexicon()` reads `data/lexicons/reporting-verbs.tsv`; `match` says whether a token is a
cue; `cue_span` gives the cue's words as PolNeAR marks them (auxiliaries, negation and
adverbs kept: "has also said"); `subject` and `agent` find who the cue's verb has speak.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from readout.config import LEXICON_DIR
from readout.facts import Span

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
CUE_PREFIX_DEPS = ("aux", "auxpass", "neg", "advmod")
HEDGES = {"reportedly", "allegedly", "apparently", "reports", "reported"}


@dataclass(frozen=True)
class Cue:
    lemma: str
    pos: str
    speech_act: str
    cameo: str
    particle: str = ""     # a second word that must follow ("call for")
    takes_object: bool = True   # a direct object can be the content ("announced a plan")
    object_in_cue: bool = False  # the object is part of the cue ("expressed concern | about")
    addressee: bool = False      # the object is whom it is said to, never the content ("told reporters")
    admitted: str = ""       # not in the lexicon: the cue tagger says the verb heads a cue reporting
                             # a "clause" (or quotation) or, more surely, its "object"


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], list[Cue]]:
    """Cues by (lemma, part of speech); multi-word cues keep their second word."""
    found: dict[tuple[str, str], list[Cue]] = {}
    with (LEXICON_DIR / "reporting-verbs.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        for r in rows:
            words = r["lemma"].split()
            cue = Cue(r["lemma"], r["pos"], r["speech_act"], r["cameo"] or "",
                      particle=" ".join(words[1:]), takes_object=(r.get("object") or "yes") == "yes",
                      object_in_cue=r.get("object") == "cue", addressee=r.get("object") == "addressee")
            found.setdefault((words[0], r["pos"]), []).append(cue)
    for cues in found.values():
        cues.sort(key=lambda c: -len(c.particle))   # the longest match first
    return found


@functools.lru_cache(maxsize=1)
def topic_prepositions() -> frozenset[str]:
    """Prepositions that introduce what a cue is about (`data/lexicons/cue-prepositions.txt`)."""
    lines = (LEXICON_DIR / "cue-prepositions.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    """Verbs whose object names the act (`data/lexicons/light-verbs.txt`: "made a call for")."""
    lines = (LEXICON_DIR / "light-verbs.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def lemma(token) -> str:
    """The token's lemma, with the silent "e" the small model's lemmatizer drops from some
    participles put back when the lexicon knows the word with it ("hoping" -> "hope", not
    "hop"; "hopping" stays "hop"). Asked of nearly every token: answered once per lemma and
    word form (by their ids in spaCy's string store, which read no string)."""
    key = (token.lemma, token.lower)
    found = _LEMMAS.get(key)
    if found is None:
        if len(_LEMMAS) > 200_000:      # memory stays flat over a corpus
            _LEMMAS.clear()
        found = _LEMMAS[key] = _lemma(token.lemma_.lower(), token.lower_)
    return found


_LEMMAS: dict = {}


def _lemma(found: str, lower: str) -> str:
    if lower in (found + "ing", found + "ed") and any((found + "e", pos) in lexicon() for pos in ("VERB", "NOUN")):
        return found + "e"
    return found


def match(token) -> Cue | None:
    """The cue this token begins, if it is one."""
    pos = token.pos_ if token.pos_ in ("NOUN", "ADJ") else "VERB"
    for cue in lexicon().get((lemma(token), pos), ()):
        if not cue.particle:
            return cue
        following = token.doc[token.i + 1:token.i + 1 + len(cue.particle.split())]
        if " ".join(t.lower_ for t in following) == cue.particle:
            return cue
    return None


def cue_span(text: str, token, cue: Cue) -> Span:
    """The cue's words: the verb with the auxiliaries, negation and adverbs right before
    it (from the verb it completes: "went on to say"), its particle, and the tail PolNeAR
    keeps (`cue_tail`)."""
    doc = token.doc
    lead, head = token, token.head
    if token.dep_ == "xcomp" and head.i < token.i and head.pos_ in ("VERB", "AUX") \
            and all((t.dep_ == "aux" and t.head == token) or (t.dep_ == "prt" and t.head == head)
                    for t in doc[head.i + 1:token.i]):
        lead = head    # "went on to say", "seemed to indicate": the cue starts at the head
    first = lead
    for child in sorted((c for c in lead.children if c.i < lead.i), key=lambda c: -c.i):
        if child.dep_ in CUE_PREFIX_DEPS and child.i == first.i - 1 and child.pos_ != "PUNCT" \
                and child.lower_ not in ("however", "so") and child.tag_ != "WRB":   # not "when asked"
            first = child
        else:
            break
    last = token.i + len(cue.particle.split()) if cue.particle else token.i
    if not cue.particle:
        prt = next((c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1), None)
        last = prt.i if prt is not None else last
    last = cue_tail(doc, token, last)
    end_token = doc[last]
    return Span.of(text, first.idx, end_token.idx + len(end_token))


def cue_tail(doc, token, last: int) -> int:
    """Words right after a cue verb that PolNeAR keeps in the cue: a weekday ("said
    Sunday"), an adverb ("said instead") and a colon ("said:"). ("said of", "said in a
    statement" are cues in PolNeAR's train split less often than plain "said", so they are
    left out: a list of channel nouns made the cue F1 on a third of train worse.)"""
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == token.i and nxt.dep_ == "npadvmod" \
            and nxt.ent_type_ in ("DATE", "TIME") and len(list(nxt.subtree)) == 1:
        last += 1
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.head.i == token.i and nxt.dep_ == "advmod" and nxt.pos_ == "ADV" \
            and not any(True for _ in nxt.children):
        last += 1     # "said instead", "said recently"
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is not None and nxt.text == ":":
        last += 1
    return last


def attitude(token, cue: Cue, text: str):
    """"is confident that X", "was critical of X", "are eager to X": an adjective of
    attitude after a copula, as (copula, cue span, content head) or None; the cue runs from
    the copula (with its auxiliaries and negation) to the adjective, or to its preposition."""
    copula = token.head
    if token.dep_ != "acomp" or copula.pos_ not in ("AUX", "VERB") or copula.i > token.i:
        return None
    clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i), None)
    last = token
    if clause is None:
        prep = next((c for c in token.children if c.dep_ == "prep" and c.i == token.i + 1), None)
        clause = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        last = prep
    if clause is None:
        return None
    start = cue_span(text, copula, Cue(copula.lemma_, "VERB", "", "")).start
    return copula, Span.of(text, start, last.idx + len(last)), clause


def subject(token):
    """The subject of a cue verb, looking through conjunctions and participles."""
    node, hops = token, 0
    while hops < 3:
        found = next((c for c in node.children if c.dep_ in SUBJECTS + PASSIVE_SUBJECTS), None)
        if found is not None:
            return found, "subject" if hops == 0 else "head-subject"
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX"):
            node, hops = node.head, hops + 1
            continue
        break
    return None, "no-subject"


def participle_source(token):
    """Who speaks in a participle with no subject of its own: the noun it modifies ("911
    calls saying shots had been fired", "an item suggesting that") or the subject of the
    verb whose preposition it follows ("defended himself by saying that", "after insisting
    that"); None otherwise."""
    if token.tag_ != "VBG":
        return None
    prep = token.head
    if token.dep_ == "pcomp" and prep.dep_ == "prep" and prep.head.pos_ in ("VERB", "AUX"):
        found = subject(prep.head)[0]
        return found if found is not None and found.dep_ in SUBJECTS else None
    return None


def agent(token):
    """The object of a passive verb's "by" ("was announced by the ministry")."""
    by = next((c for c in token.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def hedged(token) -> bool:
    return any(t.lower_ in HEDGES for t in token.sent if t.dep_ == "advmod")
