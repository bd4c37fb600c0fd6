"""Events read from the text: type, participants, initiator, date, duration, earlier
contacts and briefings. Expected values were checked against the article sentences
quoted in each test."""
from __future__ import annotations

import pytest

from readout.extract.pipeline import extract
from readout.facts import Article

PUTIN, MACRON, ZELENSKYY = "vladimir-putin", "emmanuel-macron", "volodymyr-zelenskyy"


def _calls(facts, type_="PhoneCall"):
    return [e for e in facts.events if e.type == type_ and {p.key for p in e.participants} == {PUTIN, MACRON}]


def test_the_call_is_dated_where_an_article_states_the_date(bundled_facts):
    # 000: "On July 1, 2025, ... Putin and ... Macron resumed a high-stakes dialogue ...
    #       In a substantial two-hour phone call, they addressed ..."
    # 001: "Macron held a two-hour phone call with ... Putin on July 1, 2025"
    # 004: "held a two-hour phone call on Tuesday, July 1, 2025"
    for article_id in ("000_4023397d780d57fd", "001_c21d440a9f3ac777", "004_a16ed64cd8879b43"):
        calls = _calls(bundled_facts[article_id])
        assert calls, article_id
        assert {(c.date, c.precision, c.duration) for c in calls} == {("2025-07-01", "day", "PT2H")}
        assert all(c.date_span is not None and "2025" in c.date_span.text for c in calls)


def test_an_undated_article_keeps_its_weekday_and_no_false_date(bundled_facts):
    # 002: "a rare and extensive phone chat between ... Putin and ... Macron on Tuesday"; no date.
    calls = _calls(bundled_facts["002_2465a5666ca1530d"])
    assert calls and {c.date for c in calls} == {""}
    assert {c.time_text for c in calls} == {"Tuesday"} and {c.weekday for c in calls} == {1}
    assert {c.duration for c in calls} == {"PT2H"}
    # 003: "the recent two-hour telephone conversation between ... Macron and ... Putin"
    calls = _calls(bundled_facts["003_d2f936723f8dcb77"])
    assert calls and {(c.date, c.duration) for c in calls} == {("", "PT2H")}


def test_initiator_from_initiated_by(bundled_facts):
    # 001: "The call, initiated by Macron, comes after a long hiatus"
    calls = _calls(bundled_facts["001_c21d440a9f3ac777"])
    assert {c.initiator.key for c in calls if c.initiator} == {MACRON}
    assert any(c.trigger.text == "call" and "initiated by Macron" in c.sentence.text for c in calls)


def test_first_contact_since_gives_an_earlier_contact(bundled_facts):
    # 001: "marking their first direct contact since September 2022"
    # 004: "their first direct conversation since September 2022"
    for article_id in ("001_c21d440a9f3ac777", "002_2465a5666ca1530d", "004_a16ed64cd8879b43"):
        calls = _calls(bundled_facts[article_id])
        previous = {id(c.previous): c.previous for c in calls if c.previous is not None}.values()
        assert len(previous) == 1, article_id
        (earlier,) = previous
        assert (earlier.type, earlier.date, earlier.precision) == ("Contact", "2022-09", "month")
        assert {p.key for p in earlier.participants} == {PUTIN, MACRON}
        assert earlier.trigger.text == "since September 2022"
        assert any(e is earlier for e in bundled_facts[article_id].events)


@pytest.mark.parametrize("article_id, timing", [
    ("001_c21d440a9f3ac777", ("before",)),   # "Before and after the call, he briefed ... Zelenskyy"
    ("001_c21d440a9f3ac777", ("after",)),
    ("003_d2f936723f8dcb77", ("after",)),            # "immediately after the phone call ... to inform him"
    ("004_a16ed64cd8879b43", ("before",)),           # "briefed ... Zelenskyy before making the call"
    ("002_2465a5666ca1530d", ("before",)),           # "Zelensky ... was notified beforehand"
])
def test_zelenskyy_briefed_about_the_call(bundled_facts, article_id, timing):
    briefings = [e for e in bundled_facts[article_id].events if e.type == "Briefing"]
    assert any(b.briefed.key == ZELENSKYY and b.about is not None and b.about.type == "PhoneCall"
               and b.timing == timing for b in briefings), briefings


def test_briefer_is_the_subject_when_the_text_names_one(bundled_facts):
    briefings = [e for e in bundled_facts["004_a16ed64cd8879b43"].events if e.type == "Briefing"]
    assert {b.initiator.key for b in briefings if b.initiator} == {MACRON}


def test_passive_briefing_takes_the_coordinated_subject_who_took_part(bundled_facts):
    # 002: "President Zelensky of Ukraine was notified beforehand of the scheduled call with
    #       Putin, according to the Élysée, and Macron had a follow-up conversation with him."
    briefings = [e for e in bundled_facts["002_2465a5666ca1530d"].events if e.type == "Briefing"]
    assert [(b.initiator.key if b.initiator else None, b.briefed.key, b.rule) for b in briefings] == \
        [(MACRON, ZELENSKYY, "briefing-passive-coordinated-subject")]


def test_passive_briefing_without_such_a_subject_has_no_briefer():
    text = ("German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping "
            "on March 4, 2024. Ukrainian President Volodymyr Zelenskyy was informed of the call.")
    briefings = [e for e in next(extract([Article(id="own-8", text=text)])).events if e.type == "Briefing"]
    assert [(b.initiator, b.briefed.key) for b in briefings] == [(None, ZELENSKYY)]


def test_no_event_from_the_reader_comment(bundled_facts):
    facts = bundled_facts["000_4023397d780d57fd"]
    assert facts.article.body_end is not None
    assert not [e for e in facts.events if facts.article.in_comments(e.trigger.start)]


def test_a_call_for_something_is_not_a_phone_call(bundled_facts):
    # 000: "Despite Macron's ceasefire call" and "Their joint call for revived IAEA cooperation"
    text = bundled_facts["000_4023397d780d57fd"].article.text
    starts = {e.trigger.start for e in bundled_facts["000_4023397d780d57fd"].events}
    assert text.index("call for revived") not in starts
    assert text.index("call, deep-rooted") not in starts


OWN_ARTICLE = (
    "German Chancellor Friedrich Merz held a 90-minute phone call with Chinese President "
    "Xi Jinping on March 4, 2024, their first direct conversation since November 2022. "
    "The call, initiated by Merz, covered trade and the war in Ukraine. "
    "Before the call, Merz briefed Ukrainian President Volodymyr Zelenskyy.\n"
    "Xi said that Western states ignored China's legitimate interests. "
    "Merz warned that China's support for Russia threatens European security.\n"
)


@pytest.fixture(scope="module")
def own_facts():
    article = Article(id="own-1", text=OWN_ARTICLE)
    return next(extract([article]))


def test_own_article_event_date_participants_initiator(own_facts):
    calls = [e for e in own_facts.events if e.type == "PhoneCall"]
    assert calls
    assert {frozenset(p.key for p in c.participants) for c in calls} == {frozenset({"friedrich-merz", "xi-jinping"})}
    assert {(c.date, c.precision, c.duration) for c in calls} == {("2024-03-04", "day", "PT90M")}
    assert {c.initiator.key for c in calls if c.initiator} == {"friedrich-merz"}
    (earlier,) = {id(c.previous): c.previous for c in calls if c.previous}.values()
    assert (earlier.date, earlier.precision) == ("2022-11", "month")
    briefings = [e for e in own_facts.events if e.type == "Briefing"]
    assert [(b.initiator.key, b.briefed.key, b.timing) for b in briefings] == \
        [("friedrich-merz", "volodymyr-zelenskyy", ("before",))]


def test_weekday_resolved_against_the_publication_date():
    # 2024-03-07 is a Thursday: "on Tuesday" is 2024-03-05.
    article = Article(id="own-2", published="2024-03-07", text=(
        "German Chancellor Friedrich Merz and Chinese President Xi Jinping held a phone call on Tuesday."))
    calls = [e for e in next(extract([article])).events if e.type == "PhoneCall"]
    assert [(c.date, c.precision, c.time_text) for c in calls] == [("2024-03-05", "day", "")]


def test_vague_span_is_not_a_date():
    article = Article(id="own-3", text=(
        "German Chancellor Friedrich Merz and Chinese President Xi Jinping held a phone call "
        "in recent months, their first talks in nearly three years."))
    calls = [e for e in next(extract([article])).events if e.type == "PhoneCall"]
    assert calls and {c.date for c in calls} == {""}


def test_place_from_an_in_phrase():
    article = Article(id="own-4", text=(
        "German Chancellor Friedrich Merz held a meeting with Chinese President Xi Jinping "
        "in Beijing on April 16, 2024."))
    meetings = [e for e in next(extract([article])).events if e.type == "Meeting"]
    assert [(m.place.label if m.place else None, m.date) for m in meetings] == [("Beijing", "2024-04-16")]


@pytest.mark.parametrize("text, calls", [
    ("German Chancellor Friedrich Merz called Chinese President Xi Jinping on Friday.", 1),
    ("German Chancellor Friedrich Merz called Chinese President Xi Jinping a reliable partner.", 0),
])
def test_called_as_a_verb(text, calls):
    found = [e for e in next(extract([Article(id="own-5", text=text)])).events if e.type == "PhoneCall"]
    assert len(found) == calls
    if calls:
        assert found[0].initiator.key == "friedrich-merz" and found[0].time_text == "Friday"


def test_same_input_same_event_triples():
    from readout.kg.graph import article_graph

    article = Article(id="own-6", text=OWN_ARTICLE)
    first = set(article_graph(next(extract([article]))))
    second = set(article_graph(next(extract([Article(id="own-6", text=OWN_ARTICLE)]))))
    assert first == second


def test_meeting_verb_and_when_clause_date():
    # 000's caption: "French President Macron (R) meeting his Russian counterpart Putin (L) in
    # Moscow on February 15, 2022."; 002: "since April 2024, when French Defense Minister
    # Sébastien Lecornu ... and Russian Defense Minister Sergei Shoigu held discussions"
    text = ("German Chancellor Friedrich Merz meeting his Chinese counterpart Xi Jinping in Beijing "
            "on April 16, 2024.\nThe two had not spoken since May 2023, when Friedrich Merz and "
            "Xi Jinping held discussions on trade.")
    found = next(extract([Article(id="own-7", text=text)])).events
    meetings = [e for e in found if e.type == "Meeting"]
    assert {(m.date, m.initiator) for m in meetings} == {("2024-04-16", None)}
    assert {frozenset(p.key for p in m.participants) for m in meetings} == {frozenset({"friedrich-merz", "xi-jinping"})}
    talks = [e for e in found if e.trigger.text == "discussions"]
    assert [(t.date, t.precision) for t in talks] == [("2023-05", "month")]


def test_bundled_earlier_contacts_are_dated(bundled_facts):
    caption = [e for e in bundled_facts["000_4023397d780d57fd"].events if e.type == "Meeting"]
    assert {(e.date, e.rule) for e in caption} == {("2022-02-15", "verb-subject-object")}
    ministers = [e for e in bundled_facts["002_2465a5666ca1530d"].events
                 if {p.key for p in e.participants} == {"sebastien-lecornu", "sergei-shoigu"}]
    assert ministers and {e.date for e in ministers} == {"2024-04"}


def _events(text, published="", type_=None):
    found = next(extract([Article(id="own-x", text=text, published=published)])).events
    return [e for e in found if type_ is None or e.type == type_]


MERZ, XI = "friedrich-merz", "xi-jinping"


def test_same_day_weekday_is_the_publication_day():
    # Before: dateparser's PREFER_DATES_FROM=past put every same-day weekday a week early.
    calls = _events("German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping "
                    "on Friday night.", published="2024-03-08", type_="PhoneCall")
    assert {(c.date, c.precision) for c in calls} == {("2024-03-08", "day")}


def test_month_and_day_take_the_publication_year():
    calls = _events("On the evening of March 4, German Chancellor Friedrich Merz held a phone call with "
                    "Chinese President Xi Jinping.", published="2024-03-06", type_="PhoneCall")
    assert {c.date for c in calls} == {"2024-03-04"}


def test_headline_and_lead_are_two_sentences():
    # Before: the headline and the lead were one sentence and the lead's verb lost its subject.
    from readout.extract import nlp
    text = "Merz and Xi talk trade\n\nGerman Chancellor Friedrich Merz called Xi Jinping on Friday."
    assert nlp.sentence_starts(text)[0] == [0, text.index("German")]
    dateline = "BERLIN, March 4 (Reuters) - German Chancellor Friedrich Merz met Xi Jinping."
    assert nlp.sentence_starts(dateline)[0] == [0, dateline.index("German")]


def test_the_governing_clause_subject_takes_part():
    calls = _events("German Chancellor Friedrich Merz and Chinese President Xi Jinping discussed trade "
                    "in a phone call on Tuesday.", published="2024-03-07", type_="PhoneCall")
    assert calls and {frozenset(p.key for p in c.participants) for c in calls} == {frozenset({MERZ, XI})}
    assert {c.date for c in calls} == {"2024-03-05"}


def test_a_definite_mention_with_one_name_joins_the_contact_and_brings_its_duration():
    text = ("Chinese President Xi Jinping held a phone call with Friedrich Merz.\n"
            "German Chancellor Friedrich Merz raised trade in the hour-long phone call on Thursday.")
    calls = _events(text, type_="PhoneCall")
    assert len(calls) == 2 and len({c.first_trigger for c in calls}) == 1
    assert {frozenset(p.key for p in c.participants) for c in calls} == {frozenset({MERZ, XI})}
    assert {(c.duration, c.time_text) for c in calls} == {("PT1H", "Thursday")}


@pytest.mark.parametrize("text", [
    "German Chancellor Friedrich Merz called for talks with Chinese President Xi Jinping.",
    "German Chancellor Friedrich Merz called his talks with Chinese President Xi Jinping very good.",
    "German Chancellor Friedrich Merz called on Chinese President Xi Jinping to end the war.",
    "During a call with investors, German Chancellor Friedrich Merz said growth would return.",
])
def test_senses_of_call_that_are_no_phone_call(text):
    assert not [e for e in _events(text, type_="PhoneCall") if e.modality == "actual"]


@pytest.mark.parametrize("text, modality", [
    ("German Chancellor Friedrich Merz will meet Chinese President Xi Jinping in Beijing.", "planned"),
    ("German Chancellor Friedrich Merz refused to meet Chinese President Xi Jinping.", "refused"),
    ("German Chancellor Friedrich Merz proposed a possible meeting with Chinese President Xi Jinping.", "proposed"),
    ("A previously scheduled call between Friedrich Merz and Xi Jinping was delayed.", "cancelled"),
    ("German Chancellor Friedrich Merz met Chinese President Xi Jinping in Beijing.", "actual"),
])
def test_modality(text, modality):
    found = [e for e in _events(text) if e.type in ("Meeting", "PhoneCall")]
    assert found and {e.modality for e in found} == {modality}


def test_duration_on_the_verb_and_its_hedge():
    calls = _events("German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping. "
                    "The call lasted an hour and a half.", type_="PhoneCall")
    assert {(c.duration, c.duration_hedge) for c in calls} == {("PT1H30M", "")}
    calls = _events("German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping. "
                    "The call lasted nearly two hours.", type_="PhoneCall")
    assert {(c.duration, c.duration_hedge) for c in calls} == {("PT2H", "nearly")}


def test_initiator_from_a_side_at_whose_initiative():
    calls = _events("At the initiative of the German side, Friedrich Merz had a telephone conversation "
                    "with Chinese President Xi Jinping.", type_="PhoneCall")
    assert calls and {c.initiator.key for c in calls if c.initiator} == {MERZ}
    said = _events("German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping. "
                   "Xi said the call was good.", type_="PhoneCall")
    assert said and not any(c.initiator for c in said)


def test_a_visit_to_a_state_meets_its_leader_named_next():
    found = _events("Last month Chinese President Xi Jinping paid a state visit to Germany. "
                    "He called Chancellor Friedrich Merz a friend.", published="2024-04-10", type_="Meeting")
    assert {frozenset(p.key for p in e.participants) for e in found} == {frozenset({MERZ, XI})}


def test_a_vote_reported_in_the_present_perfect_is_dated_by_publication():
    votes = _events("The United Nations General Assembly has adopted a resolution on Ukraine.",
                    published="2025-02-24", type_="LegislativeDecision")
    assert votes and {(v.date, v.precision) for v in votes} == {("2025-02-24", "day")}


def test_a_pronoun_subject_takes_part():
    calls = _events("German Chancellor Friedrich Merz arrived in Beijing. He had a phone call with "
                    "Chinese President Xi Jinping on March 4, 2024.", type_="PhoneCall")
    assert {frozenset(p.key for p in c.participants) for c in calls} == {frozenset({MERZ, XI})}


def test_a_title_alias_does_not_stop_inside_the_full_name():
    # Before: the ruler matched the alias "President Xi" in "President Xi Jinping" and the
    # mention was then refused as part of a longer name: the summit lost a participant.
    meetings = _events("German Chancellor Friedrich Merz held a summit with President Xi Jinping in Beijing.",
                       type_="Meeting")
    assert {frozenset(p.key for p in m.participants) for m in meetings} == {frozenset({MERZ, XI})}


def test_events_read_entity_types_from_the_one_table():
    """No set or tuple of entity type names in the events package: the roles a type can
    play in an event are the `events` column of data/lexicons/entity-types.tsv."""
    import ast
    from pathlib import Path

    from readout import entitytypes
    import readout.extract.events as package

    names = set(entitytypes.table())
    for path in Path(package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
                strings = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                assert len(strings & names) < 2, f"{path.name}:{node.lineno} lists entity types {strings & names}"
    assert entitytypes.event_types("participant") == {"person"}
    assert "country" in entitytypes.event_types("place") and "person" not in entitytypes.event_types("body")
