"""A statistical cue tagger beside the reporting-verb lexicon: a logistic regression over
the parse features of a word that says whether the word heads a cue of attribution.

It was fitted on PolNeAR's train split only (`bench/train_cue_tagger.py`; provenance in
`data/models/README.md`) and is read from `data/models/cue-tagger.tsv`: one feature and
its weight a line, the bias and the two thresholds in `#` header lines. Statement
extraction asks it two things: whether a lexicon cue is one the gold hardly ever counts
(`vetoed`: the probability below the veto threshold) and whether a verb the lexicon does
not know heads a cue (`admitted`: above the admit threshold). The features are strings
read off the spaCy parse (lemma, tags, dependency, head, children, quotation marks
around, lexicon membership), so scoring a word is a few dictionary look-ups;
`features` is shared by training and inference, so the two cannot drift apart. Words
inside a quotation are never asked about: PolNeAR marks no cue inside another's content
(its annotation is univocal), so its train split says nothing about them.
"""
from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass

from readout.config import DATA_DIR
from readout.extract import cues, nlp

MODEL_FILE = DATA_DIR / "models" / "cue-tagger.tsv"
ADMITTED_ACT = "assert"     # the speech act of a verb the tagger admits
ADJECTIVE_ACT = "believe"   # and of an adjective of attitude
ADMITTED_CONTENT = ("quote", "verb-ccomp", "verb-xcomp")   # what an admitted cue reports (no noun phrase)
OBJECT_CONTENT = ("verb-object", "verb-object-complement", "verb-prep-object")     # and, at `Model.admit_object`, a noun phrase
SPEAKER_POS = ("NOUN", "PROPN", "PRON")
CANDIDATE_POS = ("VERB", "NOUN", "ADJ", "AUX")
CHILD_DEPS = ("ccomp", "xcomp", "dobj", "dative", "nsubj", "nsubjpass", "agent", "prep", "prt", "advcl",
              "mark", "neg", "aux", "auxpass", "parataxis", "acomp", "oprd", "attr", "conj", "advmod", "npadvmod")


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    admit: float        # a word outside the lexicon heads a cue at or above this probability
    veto: float         # a lexicon cue below this probability is no cue
    admit_object: float = 2.0   # a word outside the lexicon reports its object at or above this

    def probability(self, feats: list[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_loaded: list[Model] = []


def model() -> Model:
    """The bundled model (read once per process; `use` puts another in its place)."""
    if not _loaded:
        _loaded.append(read(MODEL_FILE.read_text(encoding="utf-8")))
    return _loaded[0]


def use(m: Model | None) -> None:
    """Score with `m` from now on in this process (None: the bundled model again); for
    `bench/train_cue_tagger.py`, which tries thresholds on held-out articles."""
    _loaded[:] = [m] if m is not None else []


def read(text: str) -> Model:
    header, weights = {}, {}
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition("\t")
            header[key] = value
        elif line:
            feature, _, weight = line.rpartition("\t")
            weights[feature] = float(weight)
    return Model(weights, float(header["bias"]), float(header["admit"]), float(header["veto"]),
                 float(header.get("admit_object", 2.0)))


def write(m: Model, provenance: str) -> str:
    lines = [f"# {provenance}", f"#bias\t{m.bias:.6f}", f"#admit\t{m.admit:.4f}", f"#veto\t{m.veto:.4f}",
             f"#admit_object\t{m.admit_object:.4f}"]
    lines += [f"{f}\t{w:.5f}" for f, w in sorted(m.weights.items()) if not any(ch.isspace() for ch in f)]
    return "\n".join(lines) + "\n"


class QuoteIndex:
    """Whether an offset lies inside a quotation (the article's `Text.quotations`)."""

    def __init__(self, quotations):
        self.quotations = sorted(quotations)
        self.starts = [q.start for q in self.quotations]

    def inside(self, offset: int) -> bool:
        n = bisect.bisect_right(self.starts, offset) - 1
        return any(self.quotations[k].start < offset < self.quotations[k].end for k in (n, n - 1) if k >= 0)


def candidate(token) -> bool:
    return token.pos_ in CANDIDATE_POS


def word_features(token, cue=None) -> list[str]:
    """`features` of a word, with its lexicon reading (`cue`, looked up when not given)."""
    cue = cues.match(token) if cue is None else cue
    return features(token, cues.lemma(token), cue.speech_act or "cue" if cue is not None else "")


def admitted(token, quotes: QuoteIndex):
    """A cue for a verb (or an adjective of attitude) the lexicon does not know, when the
    tagger says it heads one: not inside a quotation, not a verb whose infinitive is a
    lexicon cue ("sought to show": the cue starts at the head, `cues.cue_span`), with an
    active subject or an agent that can speak (a noun, a name or a pronoun: no number, no
    determiner); `ADMITTED_CONTENT` says what it may report (a clause, an infinitive or a
    quotation, so a verb with no clausal complement and no quotation mark in its sentence is
    not scored). At the higher `Model.admit_object` it may report its object instead
    ("attacked the senator's record", `object_admitted`)."""
    m = model()
    if token.pos_ == "ADJ":
        return _admitted_adjective(token, quotes, m)
    if token.pos_ != "VERB" or min(m.admit, m.admit_object) > 1.0 or quotes.inside(token.idx) \
            or any(c.dep_ == "xcomp" and cues.match(c) is not None for c in token.children):
        return None
    clausal = any(c.dep_ in ("ccomp", "xcomp") for c in token.children) or nlp.sentence_of(token)[2]
    obj = next((c for c in token.children if c.i > token.i and (c.dep_ == "dobj" or (
        c.dep_ == "prep" and c.i == token.i + 1 and c.lower_ in cues.topic_prepositions()))), None)
    if not (clausal or obj is not None) or getattr(_speaker(token), "pos_", "") not in SPEAKER_POS:
        return None
    p = m.probability(word_features(token))
    if obj is not None and p >= m.admit_object and object_admitted(token):
        return cues.Cue(cues.lemma(token), "VERB", ADMITTED_ACT, "", admitted="object")
    if clausal and p >= m.admit:
        return cues.Cue(cues.lemma(token), "VERB", ADMITTED_ACT, "", admitted="clause")
    return None


def object_admitted(token) -> bool:
    """Whether a verb outside the lexicon may report its object: not a verb the event
    lexicon reads as an event ("adopted the resolution", "voted for the bill", a visit: an
    act, not a statement; `data/lexicons/event-triggers.tsv`), not a light verb whose object
    names the act ("made no commitment", `cues.light_verbs`), and not with a document as its
    object ("posted a readout", "released a statement": what the document says is the
    content, `data/lexicons/description-heads.tsv`), nor with coordinated subjects ("X and Y
    discussed Z", "have signed an agreement": an exchange or a joint act; speakers the parse
    does not coordinate, "the two leaders", are left out in `statements.build`)."""
    from readout.extract import descriptions
    from readout.extract.events import lexicon as event_lexicon
    from readout.extract.speakers import _pair

    lemma = token.lemma_.lower()
    if (lemma, "VERB") in event_lexicon.triggers() or lemma in cues.light_verbs():
        return False
    speaker = cues.subject(token)[0]
    if speaker is not None and (any(c.dep_ == "conj" for c in speaker.children)
                                or (speaker.tag_ == "NNS" and _pair(speaker))):
        return False
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    head = descriptions.heads().get(obj.lower_) if obj is not None else None
    return head is None or head.kind != "document"


def object_reading(token, cue):
    """A lexicon cue whose object the lexicon does not read as content ("noted", "recalled",
    "tweeted"; never one whose object is its addressee, "told reporters") that has nothing
    else to report, read with its object as content when the tagger is as sure as it must be
    to admit a verb with its object (`admitted`), or None."""
    m = model()
    obj = next((c for c in token.children if c.i > token.i and (c.dep_ == "dobj" or (
        c.dep_ == "prep" and c.i == token.i + 1 and c.lower_ in cues.topic_prepositions()))), None)
    if obj is None or cue.addressee or m.admit_object > 1.0 or not object_admitted(token) \
            or m.probability(word_features(token, cue)) < m.admit_object:
        return None
    return dataclasses.replace(cue, takes_object=True, admitted="object")


def _speaker(token):
    """Who an admitted verb has speak: its active subject, else the agent of its passive
    ("were disappointed that X" names no one who said it)."""
    found = cues.subject(token)[0]
    return cues.agent(token) if found is None or found.dep_ in cues.PASSIVE_SUBJECTS else found


def _admitted_adjective(token, quotes: QuoteIndex, m: Model):
    """"are optimistic that X": an adjective after a copula with a that-clause (a verb in it)
    whose subject can speak, when the tagger says it lies inside a cue (the attitude's cue,
    as the lexicon's adjectives, `statements.adjective_cue`); at `Model.admit_object` also
    with a topic preposition right after it ("is upbeat about X", "are tired of X")."""
    copula = token.head
    if min(m.admit, m.admit_object) > 1.0 or token.dep_ != "acomp" or copula.pos_ not in ("AUX", "VERB") \
            or quotes.inside(token.idx) or getattr(cues.subject(copula)[0], "pos_", "") not in SPEAKER_POS:
        return None
    clause = any(c.dep_ == "ccomp" and c.i > token.i and c.pos_ in ("VERB", "AUX")
                 and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children) for c in token.children)
    topic = any(c.dep_ == "prep" and c.i == token.i + 1 and c.lower_ in cues.topic_prepositions()
                and any(o.dep_ in ("pobj", "pcomp") for o in c.children) for c in token.children)
    if not (clause or topic):
        return None
    p = m.probability(word_features(token))
    if (clause and p >= m.admit) or (topic and p >= m.admit_object):
        return cues.Cue(cues.lemma(token), "ADJ", ADJECTIVE_ACT, "", admitted="clause")
    return None


def reports_proposition(found, cue) -> bool:
    """Whether the content an admitted cue found (`content.Found`) is one `ADMITTED_CONTENT`
    allows: a quotation, or a clause with a verb ("considers the sanctions illegal", a
    clause without one, is left to the lexicon)."""
    if not ADMITTED_CONTENT:
        return True
    if found.rule in OBJECT_CONTENT and cue.admitted == "object":
        return True
    if found.rule not in ADMITTED_CONTENT:
        return False
    return found.rule != "verb-ccomp" or getattr(found.clause, "pos_", "VERB") in ("VERB", "AUX")


def vetoed(token, quotes: QuoteIndex, cue) -> bool:
    """Whether a lexicon cue is one the gold hardly ever counts in this construction."""
    m = model()
    return m.veto > 0.0 and not quotes.inside(token.idx) and m.probability(word_features(token, cue)) < m.veto


def _word(token) -> str:
    """The word in lower case, white space as one symbol (features are written one a line)."""
    return "<sp>" if token.is_space or any(ch.isspace() for ch in token.text) else token.lower_


def features(token, lemma: str, in_lexicon: str) -> list[str]:
    """The feature strings of a word: `lemma` as the cue lexicon reads it, `in_lexicon` the
    speech act of the lexicon cue it begins ('' when none)."""
    doc = token.doc
    pos, dep, head = token.pos_, token.dep_, token.head
    i, (sent_start, sent_end, _) = token.i, nlp.sentence_of(token)
    kids = list(token.children)
    deps = sorted({c.dep_ for c in kids if c.dep_ in CHILD_DEPS})
    f = [f"l={lemma}", f"p={pos}", f"t={token.tag_}", f"d={dep}", f"l|p={lemma}|{pos}", f"l|d={lemma}|{dep}",
         f"p|d={pos}|{dep}", f"h={_word(head) if head.is_space else head.lemma_.lower()}", f"hd={head.dep_}", f"hp|d={head.pos_}|{dep}",
         f"lex={in_lexicon or '-'}", f"lex|p={bool(in_lexicon)}|{pos}"]
    f += [f"c={d}" for d in deps]
    f += [f"l|c={lemma}|{d}" for d in deps if d in ("ccomp", "xcomp", "dobj", "prep", "nsubj", "advcl")]
    f.append("cs=" + "+".join(d for d in deps if d in ("ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep")))
    for c in kids:
        if c.dep_ in ("prep", "prt", "mark") and c.i > i:
            f.append(f"{c.dep_}={_word(c)}")
            f.append(f"l|{c.dep_}={lemma}|{_word(c)}")
        elif c.dep_ in ("nsubj", "nsubjpass"):
            f.append(f"s={c.ent_type_ or c.pos_}")
            f.append(f"l|s={lemma}|{c.ent_type_ or c.pos_}")
        elif c.dep_ == "ccomp":
            f.append(f"cc<={c.i < i}")
            f.append("ccm=" + next((m.lower_ for m in c.children if m.dep_ == "mark"), "-"))
        elif c.dep_ == "dobj":
            f.append(f"o={c.ent_type_ or c.pos_}")
    prev = _word(doc[i - 1]) if i > sent_start else "<s>"
    nxt = doc[i + 1] if i + 1 < sent_end else None
    f.append(f"w-1={prev}")
    f.append(f"w+1={_word(nxt) if nxt is not None else '</s>'}")
    f.append(f"t+1={nxt.tag_ if nxt is not None else '</s>'}")
    f.append(f"l|w+1={lemma}|{_word(nxt) if nxt is not None else '</s>'}")
    window = doc[max(sent_start, i - 3):min(sent_end, i + 4)]
    f.append(f"qnear={any(t.is_quote for t in window)}")
    f.append(f"root={dep == 'ROOT'}")
    rel = i - sent_start
    f.append(f"at={min(rel, 5) if rel < 5 else 'mid' if i < sent_end - 4 else 'end'}")
    f.append(f"hq|d={head.is_quote or (head.i + 1 < len(doc) and doc[head.i + 1].is_quote)}|{dep}")
    return f
