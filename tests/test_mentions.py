"""Mentions and the resolution of speaker phrases inside one article: names, surnames,
titles from the gazetteer, pronouns (never across into a reader comment section), and
sources the article does not name."""
from __future__ import annotations

import pytest

from readout.extract import mentions
from readout.extract import nlp
from readout.facts import Entity, Mention, Span
from readout.link.gazetteer import default


def index_for(text: str):
    doc = next(nlp.parse([text]))
    return mentions.MentionIndex(mentions.find(doc, text, default()))


def phrase(text: str, words: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    return Span.of(text, start, start + len(words))


def test_index_lookups_by_offset():
    a, b = Entity("a", "A", "person"), Entity("b", "B", "country")
    index = mentions.MentionIndex([Mention(Span(10, 15, "xxxxx"), b, "r"), Mention(Span(0, 5, "xxxxx"), a, "r")])
    assert index.covering(0, 20).span.start in (0, 10)
    assert index.latest_before(12) .entity == a
    assert index.latest_before(20, {"country"}).entity == b
    assert index.latest_before(20, {"person"}, after=6) is None
    assert index.first_inside(0, 20, {"country"}).entity == b


def test_surname_resolves_to_the_person_named_in_full():
    text = "Sarah Collins arrived in the city on Tuesday. Later Collins spoke to reporters."
    index = index_for(text)
    full, short = [m for m in index.mentions if "Collins" in m.span.text]
    assert full.entity == short.entity and short.rule == "surname"


def test_a_headline_surname_is_the_person_the_body_names_in_full():
    text = "Collins wins the vote\n\nSarah Collins won the vote in the city on Tuesday."
    index = index_for(text)
    short, full = [m for m in index.mentions if "Collins" in m.span.text]
    assert short.span.text == "Collins" and full.span.text == "Sarah Collins"
    assert short.entity == full.entity and short.rule == "surname"


def test_an_honorific_and_surname_is_the_person_named_in_full():
    text = "Sarah Collins won the vote on Tuesday. Her rival Ms Collins conceded on Wednesday."
    index = index_for(text)
    entities = {m.entity for m in index.mentions if "Collins" in m.span.text}
    assert len(entities) == 1 and next(iter(entities)).label == "Sarah Collins"


def test_a_surname_goes_to_the_latest_person_named_before_it():
    text = ("Sarah Collins won the vote on Tuesday. Mark Collins, her brother, lost his. "
            "Collins said he would run again.")
    index = index_for(text)
    last = [m for m in index.mentions if m.span.text == "Collins"][-1]
    assert last.entity.label == "Mark Collins"


def test_gazetteer_title_resolves_to_its_person_named_before():
    text = "Emmanuel Macron spoke first. The French president said the talks were useful."
    entity, rule = mentions.resolve_phrase(phrase(text, "The French president"), index_for(text), default(), "t")
    assert entity.qid == "Q3052772" and rule.startswith("mention-")


def test_bare_title_without_support_is_not_linked():
    text = "The talks were long. The French president said the talks were useful."
    entity, _ = mentions.resolve_phrase(phrase(text, "The French president"), index_for(text), default(), "t")
    assert entity.qid == ""


def test_pronoun_takes_the_most_recent_person():
    text = "Amara Okonkwo met Tomas Lindqvist on Monday. He said the meeting went well."
    entity, rule = mentions.resolve_phrase(phrase(text, "He"), index_for(text), default(), "t")
    assert entity.label == "Tomas Lindqvist" and rule == "pronoun-latest-person"


def test_pronoun_in_a_reader_comment_never_reaches_the_article():
    text = ("Amara Okonkwo said the budget was fair.\n\nOne Comment\n\n"
            "He is wrong, and I said so before.\n")
    index = index_for(text)
    start = text.index("One Comment")
    he = phrase(text, "He", 0)
    entity, rule = mentions.resolve_phrase(he, index, default(), "t", comments_start=start)
    assert entity.label != "Amara Okonkwo" and rule == "pronoun-unresolved"
    me, _ = mentions.resolve_phrase(phrase(text, "I"), index, default(), "t", comments_start=start)
    assert me.label == "reader comment author" and me.qid == ""


@pytest.mark.parametrize("words, label", [("two senior officials", "senior officials"),
                                          ("a source", "source"), ("the statement", "statement")])
def test_unnamed_sources_are_kept_per_article(words, label):
    text = f"Yesterday {words} said the plan was dropped."
    entity, rule = mentions.resolve_phrase(phrase(text, words), index_for(text), default(), "art-1")
    assert (entity.label, entity.type, entity.qid, rule) == (label, "unnamed", "", "unnamed-source")
    other, _ = mentions.resolve_phrase(phrase(text, words), index_for(text), default(), "art-2")
    assert other.key != entity.key     # two articles' "a source" are not one actor


# -- typing an unknown name (data/lexicons/entity-types.tsv, data/gazetteer/states.tsv) ------

def _types(text):
    from readout.extract import mentions as m
    doc = next(nlp.parse([text]))
    return {x.span.text: x.entity.type for x in m.find(doc, text, default())}


def test_an_unknown_place_is_never_a_state_by_default():
    found = _types("Talks in Pandora and Wigan ended. Burkina Faso and Ankara objected.")
    assert found.get("Burkina Faso") == "country"       # listed in states.tsv
    assert found.get("Ankara") in ("city", None) and found.get("Pandora") != "country"
    assert found.get("Wigan") != "person"


def test_a_capital_speaks_as_its_state():
    from readout.link.gazetteer import unknown
    assert default().speaks_as(unknown("Beijing", "city")).label == "China"
    assert default().speaks_as(unknown("Doha", "city")).type == "country"


def test_a_pronoun_or_a_common_noun_is_never_an_entity():
    found = _types("His anti-war stance, he said, was clear. The war went on.")
    assert not {"His", "his", "anti", "war", "The war"} & set(found), found


def test_one_name_one_label_across_articles():
    from readout.link.gazetteer import unknown
    assert unknown("WASHINGTON", "city").label == unknown("Washington", "city").label
    assert unknown("bin Laden", "person") == unknown("Bin Laden", "person")
    assert unknown("African-", "group").label == "African"


def test_an_organisation_cut_at_of_before_a_place_is_one_name():
    text = ("The Foreign Ministry and the Atomic Energy Organization of Iran said in a joint statement "
            "that it would respond. The Organization of American States said nothing.")
    labels = {m.entity.label for m in index_for(text).mentions}
    assert "Atomic Energy Organization of Iran" in labels, labels
    assert "Organization of American States" in labels, labels
    assert not any(label.endswith((" of", " for")) for label in labels), labels
