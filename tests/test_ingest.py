"""Reading articles: HTML through trafilatura with offsets back into the page, quotation
marks normalised with offsets kept, reader comments marked, JSON Lines, and bad input
reported per article with a clear message while the good ones are kept."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pyoxigraph as ox

from readout import api
from readout.extract import quotes
from readout.store import embedded as stores
from readout.cli import main
from readout.errors import InputError
from readout.ingest.reader import read_articles, read_file

NIF_STRING = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"

PAGE = """<html><head><title>Talks resume</title><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Talks resume</h1>
<p>The minister said on Monday that the talks would resume &amp; continue “as soon as
possible”, according to officials in the capital city of the country.</p>
<p>“We will not give up,” she said. The opposition leader rejected the plan and said it was
a mistake that would cost the country dearly in the coming years.</p>
<p>Analysts said the outcome remained uncertain, and several diplomats told reporters that
further meetings would be needed before any agreement.</p>
</article></body></html>
"""

COMMENTED = """The council said the budget was balanced.

One Comment

  1. A reader

    I think the council is wrong about everything.

Leave a Comment
"""


def test_html_main_text_with_offsets_into_the_page(tmp_path):
    page = tmp_path / "talks.html"
    page.write_text(PAGE, encoding="utf-8")
    article = read_file(page)
    assert "not text" not in article.text and "Home" not in article.text
    assert "resume & continue" in article.text          # entity decoded
    assert article.title == "Talks resume"
    assert article.source_map
    for start, end, html_start, html_end in article.source_map:
        words = article.text[start:end].split()
        # the first and last words of each paragraph are where the map says in the page
        assert PAGE[html_start:].startswith(words[0])
        assert PAGE[:html_end].endswith(words[-1])
    said = article.text.index("she said")
    assert PAGE[article.source_offset(said):].startswith("she said")


def test_html_without_article_text_is_refused(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    articles, problems = read_articles([page])
    assert articles == [] and "no article text" in problems[0].reason


def test_quotation_marks_normalised_with_offsets_kept():
    text = "«Non», dit-il. „Ja“, sagte sie. ‘Yes,’ he said. \"Sure\" and ‹oui›."
    normal = quotes.normalise(text)
    assert len(normal) == len(text)
    assert set(normal) & set("«»„“‘’‹›") == set()
    found = [text[q.start:q.end] for q in quotes.find(text)]
    assert found == ["«Non»", "„Ja“", "‘Yes,’", "\"Sure\"", "‹oui›"]


def test_unclosed_quotation_runs_to_the_end_of_its_paragraph():
    text = "He said: “We will stay the course.\n“And we will win,” he added."
    found = quotes.find(text)
    assert (text[found[0].start:found[0].end], found[0].closed) == ("“We will stay the course.", False)
    assert text[found[1].start:found[1].end] == "“And we will win,”"


def test_apostrophes_are_not_quotations():
    text = "Russia’s view and the West’s view don’t agree, the minister’s aide said."
    assert len(quotes.find(text)) == 0


def test_reader_comments_are_marked(tmp_path):
    (tmp_path / "a.txt").write_text(COMMENTED, encoding="utf-8")
    [article], _ = read_articles([tmp_path])
    assert article.body_end == COMMENTED.index("One Comment")
    assert article.in_comments(COMMENTED.index("I think"))
    assert not article.in_comments(COMMENTED.index("The council"))


def test_reader_comment_statements_are_marked(tmp_path):
    from readout.extract.pipeline import extract_doc
    from readout.link.gazetteer import default
    from readout.extract.nlp import parse

    (tmp_path / "a.txt").write_text(COMMENTED, encoding="utf-8")
    [article], _ = read_articles([tmp_path])
    facts = extract_doc(article, next(parse([article.text])), default())
    by_cue = {s.cue.text: s for s in facts.statements}
    assert not by_cue["said"].reader_comment
    assert by_cue["think"].reader_comment
    assert by_cue["think"].speaker.label == "reader comment author"


def test_jsonl_keeps_good_lines_and_names_bad_ones(tmp_path):
    lines = [json.dumps({"id": "a1", "text": "The mayor said the road would close.", "published": "2025-07-01"}),
             "{not json",
             json.dumps({"id": "a2"}),
             json.dumps({"id": "a3", "text": "   "}),
             json.dumps({"id": "bad id!", "text": "Text."})]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, problems = read_articles([path])
    assert [a.id for a in articles] == ["a1"] and articles[0].published == "2025-07-01"
    reasons = [str(p) for p in problems]
    assert "articles.jsonl line 2: not valid JSON" in reasons[0]
    assert "needs an object with 'id' and 'text'" in reasons[1]
    assert reasons[2] == "a3: empty article; nothing to extract"
    assert "has characters other than" in reasons[3]


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01binary", "binary file"),
    ("caf\u00e9".encode("latin-1"), "not UTF-8 text"),
    (b"   \n", "empty article"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path, content, message):
    (tmp_path / "good.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(content)
    articles, problems = read_articles([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert problems[0].name == "bad.txt" and message in problems[0].reason


def test_missing_path_among_several_inputs_is_reported_by_name_and_the_others_are_read(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    missing = tmp_path / "nowhere" / "gone.txt"
    articles, problems = read_articles([missing, tmp_path / "good.txt"])
    assert [a.id for a in articles] == ["good"]
    assert [p.name for p in problems] == [str(missing)]
    assert "no such file or directory" in problems[0].reason


def test_build_with_a_missing_path_among_several_builds_the_others(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "gone.txt"), str(tmp_path / "good.txt"),
                                       "--store", str(tmp_path / "store")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Built 1 article(s)" in result.stdout
    assert f"skipped {tmp_path / 'gone.txt'}: no such file or directory" in result.stderr


LINE_BREAKERS = "\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e"


def test_line_separator_characters_in_an_article_do_not_fail_the_batch(tmp_path):
    """str.splitlines() splits at each of these; the store's N-Triples writer did, and the
    whole build failed naming no article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-good.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    odd = "".join(f"Minister{c}Jones said{c} the talks{c}would resume. " for c in LINE_BREAKERS)
    (folder / "b-odd.txt").write_text(f"Talks{LINE_BREAKERS}resume\n\n{odd}", encoding="utf-8")
    (folder / "c-good.txt").write_text("The governor said the bridge would reopen.", encoding="utf-8")
    result = api.build([folder], tmp_path / "store")
    assert sorted(result.built) == ["a-good", "b-odd", "c-good"], result.skipped
    assert result.report.conforms, result.report.text()
    db = stores.open_store(tmp_path / "store")
    texts = [q.object.value for q in db.quads_for_pattern(None, ox.NamedNode(NIF_STRING), None, None)]
    del db
    assert (folder / "b-odd.txt").read_text(encoding="utf-8") in texts


@pytest.mark.parametrize("published", ["2025-02-30", "2025-13-45", "yesterday", "20250701", "2025-7-1"])
def test_invalid_sidecar_date_is_refused_with_a_warning_and_the_article_kept(tmp_path, published):
    (tmp_path / "a.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    [article], [warning] = read_articles([tmp_path])
    assert article.published == ""
    assert not warning.skipped and warning.name == "a" and repr(published) in warning.reason


@pytest.mark.parametrize("published, kept", [("2025-07-01", "2025-07-01"), ("2025-07", "2025-07"),
                                              ("2025", "2025"), ("2025-07-01T09:30:00Z", "2025-07-01"),
                                              ("2024-02-29", "2024-02-29")])
def test_valid_sidecar_dates_are_kept(tmp_path, published, kept):
    (tmp_path / "a.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": published}), encoding="utf-8")
    [article], problems = read_articles([tmp_path])
    assert article.published == kept and not problems


def test_build_warns_about_a_refused_date_and_builds_the_article(tmp_path):
    (tmp_path / "a.txt").write_text("The mayor said the road would close.", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2025-02-30"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--store", str(tmp_path / "store")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "readout: warning: a: published date '2025-02-30'" in result.stderr
    assert "Built 1 article(s)" in result.stdout


@pytest.mark.parametrize("article_id", [".", ".."])
def test_article_ids_of_dots_only_are_refused(tmp_path, article_id):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": article_id, "text": "The mayor said the road would close."})
                    + "\n" + json.dumps({"id": "ok", "text": "The mayor said it."}) + "\n",
                    encoding="utf-8")
    articles, [problem] = read_articles([path])
    assert [a.id for a in articles] == ["ok"]
    assert "only dots" in problem.reason


FRENCH = ("Le président Emmanuel Macron a appelé mardi son homologue russe pour la première fois "
          "depuis près de trois ans. Les deux dirigeants ont discuté de la guerre et du programme "
          "nucléaire, selon la présidence. Il a insisté sur un cessez-le-feu rapide et durable.")
RUSSIAN = ("Президент Франции во вторник впервые почти за три года провел телефонный разговор с "
           "президентом России. Лидеры обсудили войну и ядерную программу, сообщили в Кремле. "
           "Стороны договорились продолжить контакты в ближайшее время.")
ENGLISH = ("The French president called his Russian counterpart on Tuesday for the first time in "
           "almost three years. The two leaders discussed the war and the nuclear programme, the "
           "presidency said. He insisted on a rapid and lasting ceasefire.")


def test_non_english_articles_are_skipped_by_name_with_the_reason(tmp_path):
    for name, text in (("en", ENGLISH), ("fr", FRENCH), ("ru", RUSSIAN)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    articles, problems = read_articles([tmp_path])
    assert [a.id for a in articles] == ["en"]
    assert sorted(p.name for p in problems) == ["fr.txt", "ru.txt"]
    assert all("not English" in p.reason for p in problems)


def test_the_sidecar_language_is_honoured(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"language": "fr"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.json").write_text('{"language": "en-GB"}', encoding="utf-8")
    articles, [problem] = read_articles([tmp_path])
    assert [(a.id, a.language) for a in articles] == [("b", "en-GB")]
    assert problem.name == "a.txt" and "'fr'" in problem.reason


def test_english_news_is_never_taken_for_another_language():
    from readout.config import ARTICLES_DIR
    from readout.ingest.language import not_english

    for path in ARTICLES_DIR.glob("*.txt"):
        assert not_english(path.read_text(encoding="utf-8")) is None, path.name


def test_the_language_check_reads_spacys_english_stop_words_without_importing_spacy():
    """The function words are spaCy's list, read from its file: telling a text's language
    does not import spaCy (more than a second), which a rebuild with nothing new needs not."""
    import subprocess
    import sys

    script = ("import sys\nfrom readout import stopwords\nfrom readout.ingest.language import not_english\n"
              "assert not_english('Das ist ein Satz, der nicht auf Englisch geschrieben wurde, und er hat "
              "genug Worte, damit man es sagen kann, wie der Test es will.')\n"
              "print(len(stopwords.english()), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    from spacy.lang.en.stop_words import STOP_WORDS
    from readout import stopwords

    assert out == [str(len(STOP_WORDS)), "False"]
    assert stopwords.english() == frozenset(STOP_WORDS)


def test_build_with_only_bad_input_exits_2_and_writes_no_export(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00")
    export = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--store", str(tmp_path / "store"),
                                       "--export", str(export)], obj={})
    assert result.exit_code == 2
    assert "bad.txt: binary file" in result.output
    assert not export.exists()
