"""Cues PolNeAR counts that readout missed (issue 13), each on a small sentence written here,
with the real spaCy model."""
from __future__ import annotations

from readout.extract import mentions, nlp, statements
from readout.ingest.reader import make_article
from readout.link.gazetteer import default


def extract(text: str):
    article = make_article("t", text, {})
    doc = next(nlp.parse([text]))
    index = mentions.MentionIndex(mentions.find(doc, text, default()))
    return statements.extract(article, doc, index, default())


def only(found, cue: str):
    hits = [s for s in found if s.cue.text == cue]
    assert len(hits) == 1, [(s.cue.text, s.content_text) for s in found]
    return hits[0]


def test_hoping_is_a_cue_though_the_lemmatizer_says_hop():
    st = only(extract("Maria Silva is hoping that the bridge reopens in spring."), "is hoping")
    assert st.content[0].text == "that the bridge reopens in spring"
    assert st.speech_act == "believe"


def test_hopping_is_no_cue():
    assert not extract("The frogs were hopping that way across the garden.")


def test_verb_of_criticism_takes_its_object_as_content():
    st = only(extract("The mayor blasted the new parking rules as a tax on shoppers."), "blasted")
    assert st.content[0].text.startswith("the new parking rules")
    assert st.speech_act == "accuse"
