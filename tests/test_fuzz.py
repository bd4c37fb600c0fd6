"""Generated input (hypothesis, derandomized: the same examples on every run): reading never
raises and keeps its promises, and extraction never writes a graph that readout's own shapes
reject, whatever typos, quotation marks, line separators or control characters the text
holds. Bounded: about a minute in all."""
from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readout.ingest.reader import read_articles, valid_date

FUZZ = settings(derandomize=True, database=None, deadline=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Pieces of news text, and the kinds of noise generated inputs found trouble with.
NAMES = ["Emmanuel Macron", "Vladimir Putin", "Macron", "Putin", "the Kremlin", "the Elysee",
         "France", "Russia", "Ukraine", "Franco-Russian", "Dmitry Peskov", "a French official",
         "officials", "he", "she", "they", "NATO", "the European Union"]
VERBS = ["said", "told reporters", "warned", "insisted", "urged", "added", "claimed",
         "denied", "agreed", "called for", "according to"]
WORDS = ["the", "talks", "ceasefire", "call", "on Tuesday", "in Paris", "perspective",
         "outreach", "continues", "differs", "alignment", "sanctions", "would resume",
         "2025", "1 July 2025", "yesterday", "phone", "meeting", "and", "of", "that", "not"]
QUOTES = ["\"", "'", "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2039", "\u203a",
          "\u2018", "\u2019", "''", "\u201cs", "\u2019s"]
ODD = ["\u2028", "\u2029", "\u0085", "\u000b", "\u000c", "\u001c", "\u001d", "\u001e",
       "\u0001", "\u0007", "\u200b", "\ufeff", "\t", "\r\n", "\n\n", "\u00a0", " -- ", "\u2014"]
PUNCT = [".", ",", ":", ";", "?", "!", "(", ")", "\u2026", " "]

token = st.one_of(st.sampled_from(NAMES), st.sampled_from(VERBS), st.sampled_from(WORDS),
                  st.sampled_from(QUOTES), st.sampled_from(ODD), st.sampled_from(PUNCT),
                  st.text(alphabet=string.ascii_letters + "-'", min_size=1, max_size=8))
sentence = st.lists(token, min_size=2, max_size=18).map(lambda parts: " ".join(parts))
texts = st.lists(sentence, min_size=1, max_size=6).map(lambda parts: ". ".join(parts) + ".")
dates = st.one_of(st.sampled_from(["2025-07-01", "2025-02-30", "2025-13-45", "yesterday",
                                   "20250701", "2025", "2025-07", "2024-02-29T10:00:00Z", ""]),
                  st.text(max_size=12))
metas = st.fixed_dictionaries({}, optional={
    "title": st.text(max_size=30), "published": dates, "url": st.text(max_size=20),
    "publisher": st.text(max_size=20), "language": st.sampled_from(["en", "fr", "en-GB", "", "xx"])})


@settings(FUZZ, max_examples=150)
@given(body=st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8"))),
       meta=st.one_of(metas, st.text(max_size=20).map(json.dumps), st.just("{broken")),
       name=st.sampled_from(["a", ".", "..", "a b", "ok-1", "x~y"]))
def test_reading_never_raises_and_keeps_its_promises(tmp_path_factory, body, meta, name):
    folder = tmp_path_factory.mktemp("in")
    (folder / f"{name}.txt").write_bytes(body)
    (folder / f"{name}.json").write_text(meta if isinstance(meta, str) else json.dumps(meta),
                                         encoding="utf-8")
    articles, problems = read_articles([folder, folder / "missing.txt"])
    assert len(articles) + len([p for p in problems if p.skipped]) == 2
    for article in articles:
        assert article.text == body.decode("utf-8-sig")
        assert article.id.strip(".") and article.published in ("", valid_date(article.published))
        assert all(c.isprintable() for c in article.title + article.publisher + article.url)


@pytest.fixture(scope="module")
def gazetteer():
    from readout.link.gazetteer import default

    return default()


@pytest.mark.slow
@settings(FUZZ, max_examples=30)
@given(text=texts)
def test_extraction_never_writes_what_the_shapes_reject(gazetteer, text):
    from readout.extract.pipeline import extract
    from readout.ingest.reader import make_article
    from readout.kg.graph import article_graph
    from readout.kg.validate import validate_graphs

    article = make_article("fuzz", text, {"language": "en", "published": "2025-07-01"})
    [facts] = list(extract([article], gazetteer))
    report = validate_graphs([article_graph(facts)])
    assert report.conforms, f"{text!r}\n{report.text()}"


@pytest.mark.slow
@settings(FUZZ, max_examples=4)
@given(batch=st.lists(texts, min_size=2, max_size=3))
def test_a_whole_build_of_generated_articles_conforms(tmp_path_factory, batch):
    from readout import api

    folder = tmp_path_factory.mktemp("batch")
    lines = [json.dumps({"id": f"gen-{i}", "text": text, "language": "en"}) for i, text in enumerate(batch)]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = api.build([folder / "batch.jsonl"], folder / "store")
    first = {}
    for i, text in enumerate(batch):
        first.setdefault(text, f"gen-{i}")
    assert sorted(result.built) == sorted(first.values()), result.skipped   # one text is read once
    assert result.report.conforms, result.report.text()


@pytest.mark.parametrize("text", [
    "Macron\u201cs perspective differs. Macron\u201cs outreach continues.",
    "Franco-Russian alignment Franco-Russian",
    "President Emmanuel\u0001Macron said the talks would resume. Vladimir\u0007Putin said nothing.",
])
def test_typos_found_by_fuzzing_give_conforming_graphs(gazetteer, text):
    from readout.extract.pipeline import extract
    from readout.ingest.reader import make_article
    from readout.kg.graph import article_graph
    from readout.kg.validate import validate_graphs

    [facts] = list(extract([make_article("typo", text, {"language": "en"})], gazetteer))
    report = validate_graphs([article_graph(facts)])
    assert report.conforms, report.text()
