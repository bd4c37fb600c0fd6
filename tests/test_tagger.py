"""The cue tagger (`readout.extract.tagger`): its bundled weights load, it decides the same
way every time, and it admits and vetoes cues beside the lexicon, on sentences written
here with the real spaCy model."""
from __future__ import annotations

import pytest

from readout.extract import tagger
from test_statements import extract, only      # the same small-article helpers


@pytest.fixture
def rules_alone():
    """The lexicon's rules with the tagger asked nothing (admit above 1, no veto)."""
    bundled = tagger.model()
    tagger.use(tagger.Model(bundled.weights, bundled.bias, 2.0, -1.0))
    yield
    tagger.use(None)


def test_bundled_model_loads_with_its_thresholds():
    m = tagger.model()
    assert len(m.weights) > 1000
    assert 0.0 < m.veto < m.admit <= 1.0
    assert tagger.read(tagger.write(m, "round trip")) == m


def test_same_article_twice_gives_the_same_cues():
    text = ("Asked about the plan, the senator answered, “I have no idea what it costs.” "
            "The governor made clear that the bridge would stay closed. "
            "You can find more details in the analysis of the plan for the institute.")
    first = [(s.cue, s.speaker_span, s.content) for s in extract(text)]
    assert first == [(s.cue, s.speaker_span, s.content) for s in extract(text)]


def test_verb_outside_the_lexicon_is_admitted_with_its_quotation(rules_alone):
    text = "Asked about the plan, the senator answered, “I have no idea what it costs.”"
    assert not extract(text)          # "answer" is in no lexicon
    tagger.use(None)
    st = only(extract(text), "answered")
    assert st.speaker_span.text == "the senator"
    assert st.content[0].text == "“I have no idea what it costs.”"


def test_lexicon_cue_no_one_says_is_vetoed(rules_alone):
    # ("You can find more details in ..." was the example until "find" stopped taking a noun
    # phrase as content in reporting-verbs.tsv)
    text = "You can frame the photos in the gift shop of the institute."
    assert [s.cue.text for s in extract(text)] == ["can frame"]     # the rules alone read a cue
    tagger.use(None)
    assert not extract(text)


def test_made_clear_keeps_the_adjective_in_the_cue():
    st = only(extract("The governor made clear that the bridge would stay closed."), "made clear")
    assert st.speaker_span.text == "The governor"
    assert [c.text for c in st.content] == ["that the bridge would stay closed"]
    st = only(extract("She made it clear Monday that she would run."), "made it clear Monday")
    assert [c.text for c in st.content] == ["that she would run"]


def test_admitted_verb_reports_its_object_only_when_surer(rules_alone):
    """Above `Model.admit_object` a verb outside the lexicon reports a noun phrase, as
    PolNeAR counts "attacked X"; never with the admit threshold alone."""
    text = "The senator attacked the governor's record on taxes."
    assert not extract(text)
    bundled = tagger.model()
    tagger.use(tagger.Model(bundled.weights, bundled.bias, bundled.admit, bundled.veto, 2.0))
    assert not extract(text)
    tagger.use(None)
    st = only(extract(text), "attacked")
    assert st.speaker_span.text == "The senator"
    assert [c.text for c in st.content] == ["the governor's record on taxes"]


@pytest.mark.parametrize("text", [
    "The two leaders discussed the situation in the region at length.",    # a pair: a contact
    "The senator and the governor discussed the budget.",                  # coordinated: a contact
    "The ministry released a statement on the talks.",                     # a document: content elsewhere
    "The governor made no commitment on taxes.",                           # a light verb
    "The council adopted the resolution on the budget.",                   # an event (a vote)
])
def test_admitted_verb_reports_no_act_or_exchange_as_its_object(text):
    assert not extract(text)


def test_admitted_object_inside_another_statement_is_part_of_it():
    """"he said Mr Doe also shared the details": nested, the topic is what the outer
    speaker says, not a statement of its own."""
    found = extract("The minister said the senator also attacked the governor's record on taxes.")
    assert [s.cue.text for s in found] == ["said"]


def test_admitted_object_cue_ending_a_paragraph_with_a_colon_is_no_statement_of_its_object():
    """"shared details of the call:" announces the paragraph below; its object is no content."""
    text = "The senator attacked the governor's record:\n\n“He has never cut a single tax.”"
    assert not [s for s in extract(text) if s.cue.text == "attacked"]


def test_no_cue_is_asked_about_inside_a_quotation():
    """PolNeAR marks no cue inside another's content, so the tagger vetoes nothing there:
    "I would like to note that" inside a quoted statement stays the quoted speaker's."""
    found = extract("The president said: “I would like to note that the talks were frank.”")
    assert "would like to note" in [s.cue.text for s in found]


def test_adjective_of_attitude_outside_the_lexicon_is_admitted_with_a_that_clause(rules_alone):
    text = "Many Democrats are sure that the senator will win the state."
    assert not extract(text)          # "sure" is in no lexicon
    tagger.use(None)
    st = only(extract(text), "are sure")
    assert st.speaker_span.text == "Many Democrats"
    assert [c.text for c in st.content] == ["that the senator will win the state"]
    assert not extract("It is clear that the plan will fail.")     # an expletive holds no attitude


def test_admitted_verb_in_the_passive_without_an_agent_is_no_statement():
    assert not [s for s in extract("The officials were disappointed that the talks had failed.")
                if s.speaker_span is None]


def test_verb_outside_the_lexicon_with_an_infinitive_is_admitted(rules_alone):
    """PolNeAR counts an intention or an effort with its infinitive as an attribution."""
    text = "The governor is pushing to cut taxes next year."
    assert not extract(text)
    tagger.use(None)
    st = only(extract(text), "is pushing")
    assert [c.text for c in st.content] == ["to cut taxes next year"]


def test_lexicon_cue_with_nothing_else_reports_its_object_when_the_tagger_is_sure():
    """"noted the change": a lexicon verb whose object the lexicon does not read as content,
    with nothing else to report, reports its object where the tagger would admit one."""
    st = only(extract("Many reporters noted the change in the campaign slogan."), "noted")
    assert st.speaker_span.text == "Many reporters"
    assert [c.text for c in st.content] == ["the change in the campaign slogan"]


def test_lexicon_cue_never_reports_its_addressee_as_content():
    """"told the agency": the object of "tell" is whom it is said to, never what."""
    assert not extract("A spokesperson for the cabinet told the state news agency on Monday.")


def test_adjective_outside_the_lexicon_with_a_topic_is_admitted_when_surer(rules_alone):
    """"are tired of X": an attitude with its topic, where the tagger is as sure as for a
    verb's object; a that-clause needs only the admit threshold."""
    bundled = tagger.model()
    tagger.use(tagger.Model(bundled.weights, bundled.bias, bundled.admit, bundled.veto, 0.0))
    st = only(extract("Voters are tired of the old party."), "are tired of")
    assert st.speaker_span.text == "Voters"
    assert [c.text for c in st.content] == ["the old party"]
    tagger.use(tagger.Model(bundled.weights, bundled.bias, bundled.admit, bundled.veto, 2.0))
    assert not extract("Voters are tired of the old party.")
