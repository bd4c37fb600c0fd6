"""Deterministic IRIs, minted in one place.

The same input always gives the same IRIs: every IRI is built from article ids,
character offsets, gazetteer keys or a hash of normalised content, never from a
counter or the clock.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef

# The ontology's terms are closed namespaces generated from the ontology (a misspelt term
# fails at once); IRIs of things extracted from articles are minted below.
from readout.kg.vocabulary import ACT as SPEECH_ACT, CAMEO, ISSUE, RO  # noqa: F401

ONTOLOGY_IRI = "https://w3id.org/readout/ontology"
BASE = "https://w3id.org/readout/id/"
ID = Namespace(BASE)
WD = Namespace("http://www.wikidata.org/entity/")

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
CORPUS_GRAPH = URIRef(BASE + "graph/corpus")
# every entity described once (label, type, Wikidata link, affiliation, blocs), not per article
ENTITIES_GRAPH = URIRef(BASE + "graph/entities")
# the graphs of a batch being bulk-loaded; it exists only while one is (readout.store.bulk)
PENDING_GRAPH = URIRef(BASE + "graph/pending")
ENTITY_PREFIX = BASE + "entity/"


def slug(text: str) -> str:
    """A lowercase ASCII slug: 'Zürich Über Café' -> 'zurich-uber-cafe'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def digest(*parts: object, size: int = 12) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:size]


def _seg(article_id: str) -> str:
    return quote(article_id, safe="-_.~")


def article(article_id: str) -> URIRef:
    return ID[f"article/{_seg(article_id)}"]


def article_graph(article_id: str) -> URIRef:
    return ID[f"graph/article/{_seg(article_id)}"]


def span(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"article/{_seg(article_id)}/span/{start}-{end}"]


def entity(key: str) -> URIRef:
    return ID[f"entity/{slug(key)}"]


def statement(article_id: str, cue_start: int, cue_end: int, speaker: str = "") -> URIRef:
    """A statement by its cue; one of several speakers of one cue adds the speaker's key."""
    suffix = f"-{slug(speaker)}" if speaker else ""
    return ID[f"article/{_seg(article_id)}/statement/{cue_start}-{cue_end}{suffix}"]


def mention(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"article/{_seg(article_id)}/mention/{start}-{end}"]


def event_mention(article_id: str, start: int, end: int) -> URIRef:
    return ID[f"article/{_seg(article_id)}/event-mention/{start}-{end}"]


def event(type_: str, participants: list[str], date: str, article_id: str = "", start: int | None = None,
          modality: str = "actual") -> URIRef:
    """One event across articles: identified by type, participants, day-precise date and
    modality. An event without such a date is one article's (its id and the offset of its
    first mention are in the key): only the corpus step joins it to another, on evidence."""
    key = [type_, *sorted(participants), date]
    if modality != "actual":
        key.append(f"modality:{modality}")
    if article_id:
        key += [f"article:{article_id}", f"at:{start}"]
    return ID[f"event/{slug(type_)}-{digest(*key)}"]


def readout(issuer: str, about: str, article_id: str = "") -> URIRef:
    """One official statement across articles: its issuer and the event it is about (the
    event's IRI); one with no event is the article's own (`article_id`)."""
    return ID[f"readout/{slug(issuer)}-{digest(issuer, about, article_id)}"]


def position(article_id: str, start: int, end: int, holder: str, attributor: str = "") -> URIRef:
    """A position: its proposition's span and holder, and who attributes it when a side
    does (two authors of one resolution attribute its words as two positions)."""
    by = f"-by-{slug(attributor)}" if attributor else ""
    return ID[f"article/{_seg(article_id)}/position/{start}-{end}-{slug(holder)}{by}"]


# Bumped when the IRI scheme changes, so that a store built before is re-extracted by the
# next build (its article graphs were written by another activity). 2: an undated event is
# its article's own, and the event key has the modality. 3: an attributed position's IRI
# names its attributor.
IRI_SCHEME = 3


def activity(component: str, version: str) -> URIRef:
    return ID[f"activity/{slug(component)}-{slug(version)}-iris-{IRI_SCHEME}"]


def wikidata(qid: str) -> URIRef:
    return WD[qid]
