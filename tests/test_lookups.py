"""The look-ups extraction keeps with each doc instead of walking the doc or the article's
mentions for every question (which made extraction quadratic in article length, see
`bench/long_article.py --real`): each gives what the walk gave. Asked on the bundled
articles joined into one long text, parsed by the real model."""
from __future__ import annotations

from collections import Counter

import pytest

from readout.config import ARTICLES_DIR
from readout.extract import antecedents, descriptions, mentions, nlp
from readout.extract.pipeline import extract_doc
from readout.ingest.reader import make_article, read_articles
from readout.link.gazetteer import default


# (people of each gender, named with and without a title; written for this test)
PEOPLE = ("Mr. Anton Berg, the finance minister, met the spokeswoman, Clara Holm, in Oslo on Monday. "
          "He said the talks had gone well. She said they had not. Ms. Holm later told reporters that "
          "Berg had left early, and the minister said he would return. Mrs. Dana Whitfield, the "
          "chairwoman, said she agreed with him.")


@pytest.fixture(scope="module")
def joined():
    articles, problems = read_articles([ARTICLES_DIR])
    assert not problems
    text = "\n\n".join([a.text for a in articles] + [PEOPLE] * 2)
    [doc] = nlp.parse([text])
    index = mentions.MentionIndex(mentions.find(doc, text, default()))
    return text, doc, index


def _offsets(text: str, index) -> list[int]:
    """Every 7th offset, and each mention's edges and the offsets beside them."""
    found = set(range(0, len(text) + 2, 7))
    for m in index.mentions:
        found |= {m.span.start - 1, m.span.start, m.span.start + 1, m.span.end - 1, m.span.end, m.span.end + 1}
    return sorted(o for o in found if o >= 0)


def test_the_token_at_an_offset_is_the_one_a_walk_over_the_doc_finds(joined):
    text, doc, _ = joined
    tokens, k = list(doc), 0
    for offset in range(len(text) + 2):
        while k < len(tokens) and tokens[k].idx < offset:
            k += 1
        assert nlp.first_from(doc, offset) == k
        at = nlp.token_at(doc, offset)
        assert (at.i if at is not None else None) == (k if k < len(tokens) and tokens[k].idx == offset else None)


def test_the_mention_at_an_offset_is_the_longest_a_walk_over_the_mentions_finds(joined):
    text, _, index = joined
    assert len(index.mentions) > 100
    for offset in _offsets(text, index):
        inside = [m for m in index.mentions if m.span.start <= offset < m.span.end]
        assert index.at(offset) == max(inside, key=lambda m: m.span.end - m.span.start, default=None)


def _walked_genders(doc, found, before: int) -> dict[str, str]:
    """Person key -> gender given by the mentions up to the first that ends after `before`,
    as resolution worked it out for each pronoun before."""
    given: dict[str, set[str]] = {}
    for m in found:
        if m.span.end > before:
            break
        if m.entity.type == "person":
            zone = descriptions.title_zone(doc, m.span)
            words = {g for w, g in antecedents.gendered_words().items() if f" {w} " in zone}
            if words:
                given.setdefault(m.entity.key, set()).update(words)
    return {key: next(iter(g)) for key, g in given.items() if len(g) == 1}


def test_the_genders_given_by_an_offset_are_those_a_walk_over_the_mentions_gives(joined):
    text, doc, index = joined
    genders = antecedents._Genders.of(doc, index.mentions)
    assert antecedents._Genders.of(doc, index.mentions) is genders      # once per doc
    people = {m.entity.key for m in index.mentions if m.entity.type == "person"}
    seen = Counter()
    edges = {m.span.end + d for m in index.mentions if m.entity.type == "person" for d in (-1, 0, 1)}
    for before in sorted(set(_offsets(text, index)[::3]) | edges):
        walked = _walked_genders(doc, index.mentions, before)
        seen[bool(walked)] += 1
        assert {key: genders.at(key, before) for key in people} == {key: walked.get(key, "") for key in people}
    assert seen[True] and seen[False]       # some offsets with people of known gender, some without


def test_the_people_introduced_with_an_office_are_those_a_walk_over_the_mentions_finds(joined):
    text, doc, index = joined
    gazetteer = default()
    introduced = descriptions._Introduced.of(doc, index.mentions, gazetteer)
    found_any = False
    for head in descriptions.heads().values():
        walked = [n for n, m in enumerate(index.mentions)
                  if m.entity.type == "person" and not descriptions._described_person(m, gazetteer)
                  and descriptions._holds(head, descriptions.title_zone(doc, m.span))
                  and not any(f" {w} " in descriptions.title_zone(doc, m.span) for w in descriptions.former())]
        assert introduced.with_office(head) == walked, head
        assert all(introduced.holds(n, head) == (n in walked) for n in range(len(index.mentions)))
        found_any |= bool(walked)
    assert found_any
    for before in _offsets(text, index):
        first = next((n for n, m in enumerate(index.mentions) if m.span.end > before), len(index.mentions))
        assert introduced.upto(before) == first


def test_extraction_works_out_each_title_zone_once(joined, monkeypatch):
    text, doc, index = joined
    calls = Counter()
    real = descriptions._title_zone

    def counted(doc, span):
        calls[(span.start, span.end)] += 1
        return real(doc, span)

    monkeypatch.setattr(descriptions, "_title_zone", counted)
    [fresh] = nlp.parse([text])         # (a doc whose look-ups are not made yet)
    facts = extract_doc(make_article("joined", text, {"language": "en"}), fresh, default())
    assert facts.statements and calls
    assert max(calls.values()) == 1


def test_the_latest_mentions_before_an_offset_are_those_a_walk_over_the_mentions_finds(joined):
    text, _, index = joined
    for offset in _offsets(text, index)[::2]:
        assert list(index.ending_by(offset)) == [m for m in reversed(index.mentions) if m.span.end <= offset]
        for after in (0, offset // 2, max(offset - 400, 0)):
            for types in (None, {"person"}, {"country", "organization"}):
                walked = None
                for m in index.mentions:
                    if m.span.end > offset:
                        break
                    if m.span.start >= after and (types is None or m.entity.type in types):
                        walked = m
                assert index.latest_before(offset, types, after) == walked


def test_a_tokens_sentence_bounds_and_quotation_marks_are_spacys(joined):
    _, doc, _ = joined
    quoted = 0
    for token in doc:
        sent = token.sent
        assert nlp.sentence_of(token) == (sent.start, sent.end, any(t.is_quote for t in sent))
        quoted += nlp.sentence_of(token)[2]
    assert 0 < quoted < len(doc)


def test_the_statement_holding_a_quotation_is_the_first_a_walk_over_the_statements_finds(joined):
    from readout.extract.spans import Text
    from readout.extract.speakers import Speakers

    text, doc, index = joined
    article = make_article("joined", text, {"language": "en"})
    statements = extract_doc(article, doc, default()).statements
    quotations = Text(text).quotations
    assert len(statements) > 50 and len(quotations) > 20

    def walked(said, start, end):
        return next((st for st in said if not st.speaker.label.startswith("unresolved")
                     and any(c.start <= start and end <= c.end for c in st.content)), None)

    held = 0
    for begin in range(len(statements)):
        # (indexed with `begin` statements, then asked with two more: the list grows between
        # questions, as extraction grows it)
        speakers, said = Speakers(article, Text(text), index, default()), statements[:begin]
        speakers._holding(said, 0, 0)
        said += statements[begin:begin + 2]
        for q in quotations:
            found = speakers._holding(said, q.start + 1, q.end - 1)
            assert found is walked(said, q.start + 1, q.end - 1)
            held += found is not None
    assert held
