"""Cues PolNeAR counts that readout missed (issue 13), each on a small sentence written here,
with the real spaCy model."""
from __future__ import annotations

from test_statements import extract, only      # the same small-article helpers


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


def test_as_the_minister_noted_gives_the_main_clause_to_the_minister():
    st = only(extract("As the minister noted, the bridge has been closed for a year."), "noted")
    assert st.speaker_span.text == "the minister"
    assert [c.text for c in st.content] == ["the bridge has been closed for a year"]


def test_as_an_outlet_reported_inside_a_statement_stays_a_relay():
    found = extract("Maria Silva said that the bridge would reopen, as Reuters reported.")
    assert [s.cue.text for s in found] == ["said"]


def test_bare_cue_after_a_closed_quotation_reports_it():
    found = extract("Maria Silva spoke first. “We will not give up.” Silva said.")
    assert [c.text for c in only(found, "said").content] == ["“We will not give up.”"]
    found = extract("Maria Silva spoke first. “Will we give up?” she asked.")
    assert [c.text for c in only(found, "asked").content] == ["“Will we give up?”"]


def test_cue_with_a_topic_of_its_own_does_not_take_the_closed_quotation_before_it():
    found = extract("“We will not give up.” She briefed him on the plan.")
    assert not [s for s in found if s.cue.text == "briefed" and s.rule.startswith("quote")]


def test_warned_of_takes_the_preposition_into_the_cue():
    st = only(extract("The mayor warned of a long winter."), "warned of")
    assert [c.text for c in st.content] == ["a long winter"]


def test_when_asked_about_is_no_statement_of_the_one_asked():
    found = extract("When asked about the budget, the mayor smiled.")
    assert not [s for s in found if s.cue.text.startswith("asked")]


def test_calling_him_a_name_takes_the_object_and_its_complement():
    st = only(extract("Dana Reyes went after her rival, calling him “a total failure.”"), "calling")
    assert st.speaker_span is not None and st.speaker_span.text == "Dana Reyes"
    assert [c.text for c in st.content] == ["him “a total failure.”"]


def test_adjective_of_attitude_after_a_copula_is_a_cue():
    st = only(extract("The senator is not confident that the bill will pass."), "is not confident")
    assert st.speaker_span.text == "The senator" and st.polarity == "negative"
    assert [c.text for c in st.content] == ["that the bill will pass"]
    st = only(extract("Mr. Okafor was critical of the deal."), "was critical of")
    assert [c.text for c in st.content] == ["the deal"] and st.speech_act == "accuse"


def test_adjective_with_an_expletive_subject_is_no_cue():
    assert not extract("It is hopeful that the talks resume.")


def test_object_runs_on_with_the_verb_phrase_but_not_a_time():
    st = only(extract("The mayor described the dinner as a celebration of itself."), "described")
    assert [c.text for c in st.content] == ["the dinner as a celebration of itself"]
    st = only(extract("The mayor praised the plan on Monday."), "praised")
    assert [c.text for c in st.content] == ["the plan"]


def test_cue_ending_a_paragraph_with_a_colon_reports_the_next_paragraph():
    found = extract("Cruz continued:\n\n“You look at the questions. It is a joke.”\n\nThen he left.")
    assert [c.text for c in only(found, "continued:").content] == ["“You look at the questions. It is a joke.”"]
    found = extract("The senator said:\nThe plan will fail because nobody pays for it.\n")
    assert [c.text for c in only(found, "said:").content] == ["The plan will fail because nobody pays for it"]
    assert not extract("The senator arrived:\nThe plan will fail because nobody pays for it.\n")


def test_continue_with_an_infinitive_is_no_cue_but_continue_with_a_quotation_is():
    assert not extract("The delegate lead for the senator continues to grow after the primary.")
    st = only(extract("Jane Roe continued, “We will not stop until the bridge is built.”"), "continued")
    assert st.content[0].text == "“We will not stop until the bridge is built.”"


def test_a_time_after_a_cue_is_not_what_it_is_about():
    found = extract("Sam Okafor responded on Sunday to the accusations.")
    assert not [s for s in found if s.cue.text == "responded on"], [(s.cue.text, s.content_text) for s in found]


def test_a_reporting_noun_with_no_one_to_say_it_is_no_statement():
    assert not extract("There were accusations that the vote was rigged.")
    st = only(extract("The minister's insistence that the vote was fair surprised no one."), "insistence")
    assert st.speaker_span.text == "The minister's"


def test_cue_set_apart_by_commas_reports_the_rest_of_its_sentence():
    st = only(extract("Instead, she said, her boss told her he had booked a room for them."), "said")
    assert [c.text for c in st.content] == ["Instead", "her boss told her he had booked a room for them"]
    assert st.rule.startswith("verb-aside")



def test_find_and_show_report_a_clause_but_not_a_thing():
    assert not extract("Facebook found the posting and removed it on Thursday.")
    st = only(extract("The survey found that most voters want lower taxes."), "found")
    assert st.content[0].text == "that most voters want lower taxes"
