"""readout report: the page's data from the stored queries, and the page in a real
headless Chromium (selenium, /usr/bin/chromedriver): both sides' columns, evidence links
that land on highlighted spans, nothing fetched from the network, escaping, phone width,
print stylesheet. A screenshot is kept in test-artefacts/ (or $READOUT_ARTEFACTS)."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from readout import api
from readout.cli import main
from readout.report import highlight, page

ARTEFACTS = Path(os.environ.get("READOUT_ARTEFACTS", Path(__file__).resolve().parents[1] / "test-artefacts"))
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


# ---- without a browser -------------------------------------------------------------------

def test_dates_and_durations_read_as_words():
    assert page.date_text("2025-07-01", "day") == "1 July 2025 (day)"
    assert page.date_text("2022-09", "month") == "September 2022 (month)"
    assert page.date_text("", "") == "date not given"
    assert page.duration_text("PT2H") == "2 hours"
    assert page.duration_text("PT1H30M") == "1 hour 30 minutes"


def test_overlapping_statement_spans_cut_into_flat_pieces():
    text = "Putin said that Macron told him peace."
    rows = [{"cue_start": "6", "cue_end": "10", "source_start": "0", "source_end": "5",
             "content_spans": "11-38", "speaker": "Vladimir Putin", "speaker_qid": "Q7747"},
            {"cue_start": "23", "cue_end": "27", "source_start": "16", "source_end": "22",
             "content_spans": "28-37", "speaker": "Emmanuel Macron", "speaker_qid": ""}]
    notes, spans = highlight.notes_and_spans("a", rows)
    cut = highlight.pieces(text, spans)
    assert "".join(p.text for p in cut) == text
    told = next(p for p in cut if p.text == "told")
    assert told.roles == ["cue", "content"] and told.anchors == [notes[1].anchor]
    assert "Vladimir Putin (Wikidata Q7747" in told.hover and "Emmanuel Macron (no Wikidata link)" in told.hover
    assert [n.number for p in cut for n in p.notes] == [1, 2]


def test_report_command_writes_the_page_and_refuses_an_unknown_event(bundled_store, tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "--store", str(bundled_store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = CliRunner().invoke(main, ["report", "--store", str(bundled_store), "--out", str(tmp_path / "x.html"),
                                    "--event", "https://w3id.org/readout/id/event/nope"])
    assert bad.exit_code == 2 and "event-participants" in bad.output


def test_one_event_only(bundled_store, tmp_path):
    call = next(r["event"] for r in api.query(bundled_store, "events").records() if r["type"] == "PhoneCall"
                and r["date"] == "2025-07-01")
    data = page.data(bundled_store, call)
    assert [e["iri"] for e in data["events"]] == [call] and len(data["articles"]) == 5


def test_build_progress_plain_lines_when_not_a_terminal_and_none_when_quiet(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("Vladimir Putin said that talks must continue.\n", encoding="utf-8")
    loud = CliRunner().invoke(main, ["build", str(source), "--store", str(tmp_path / "s1")])
    assert loud.exit_code == 0, loud.output
    assert "extracted 1/1 a" in loud.output
    quiet = CliRunner().invoke(main, ["build", str(source), "--store", str(tmp_path / "s2"), "--quiet"])
    assert quiet.exit_code == 0 and "extracted" not in quiet.output


# ---- in a real browser ---------------------------------------------------------------------

def _chromium() -> tuple[str, str] | None:
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="module")
def browser():
    found = _chromium()
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        found = None
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but no Chromium, chromedriver or selenium: .ci/run installs them")
        pytest.skip("no Chromium and chromedriver found (apt-get install chromium chromium-driver) "
                    "or selenium missing (pip install '.[test]'); CI runs these tests")
    profile = tempfile.mkdtemp(prefix="readout-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in CHROMIUM_FLAGS + (f"--user-data-dir={profile}", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(found[1]))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def bundled_page(bundled_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "readout-report.html"
    page.write(bundled_store, out)
    return out


def _open(browser, path: Path, width: int = 1280):
    browser.set_window_size(width, 1600)
    browser.get(path.resolve().as_uri())
    return browser


def _claims(browser, side: str, kind: str) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll(`.side[data-side='${arguments[0]}'] .claims-${arguments[1]} .claim`)]"
        ".map(li => { const h = li.closest('ul').previousElementSibling;"
        "             return ((h && h.tagName === 'H6' ? h.textContent + ': ' : '') + li.textContent).replace(/\\s+/g, ' '); })",
        side, kind)


def test_both_sides_columns_with_their_claims(browser, bundled_page):
    _open(browser, bundled_page)
    sides = browser.execute_script(
        "return [...document.querySelectorAll('section.event')[0].querySelectorAll('.side')].map(s => s.dataset.side)")
    assert sides == ["France", "Russia"]
    russia = _claims(browser, "Russia", "attributed")
    assert any(re.search(r"West|NATO", c) and "consequence" in c for c in russia), russia
    france = _claims(browser, "France", "attributed")
    assert any("Russia" in c and re.search(r"threat", c) for c in france), france
    said = _claims(browser, "France", "said")
    assert any(c.startswith("Emmanuel Macron, according to France") and "ceasefire" in c for c in said), said
    kremlin = _claims(browser, "Russia", "said")
    assert any(c.startswith("Vladimir Putin, according to Russia") and "territorial realities" in c for c in kremlin)
    figure = browser.execute_script("return document.querySelector('figure.attributions svg desc').textContent")
    assert "Vladimir Putin (Russia) attributes" in figure
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "report.png"))


def test_every_evidence_link_lands_on_a_highlighted_span_in_its_article(browser, bundled_page):
    _open(browser, bundled_page)
    links = browser.execute_script("""
        return [...document.querySelectorAll('blockquote.evidence a')].map(a => {
          const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
          const mark = target && target.closest('mark.hl');
          const article = target && target.closest('article.source');
          const cite = a.parentElement.querySelector('cite');
          return {href: a.getAttribute('href'), marked: !!mark,
                  article: article ? article.id : null, cite: cite ? cite.textContent : null};
        })""")
    assert len(links) > 20
    for link in links:
        assert link["marked"], link
        assert link["article"] == f"article-{link['cite']}", link


def test_statements_have_speaker_on_hover_and_in_footnotes(browser, bundled_page):
    _open(browser, bundled_page)
    found = browser.execute_script("""
        const cues = [...document.querySelectorAll('mark.hl-cue')];
        const notes = [...document.querySelectorAll('ol.notes li')];
        return {cues: cues.length, titled: cues.filter(m => /\\[\\d+\\] /.test(m.title)).length,
                putin: cues.some(m => m.title.includes('Vladimir Putin (Wikidata Q7747')),
                notes: notes.length, wikidata: notes.filter(li => li.querySelector('a[href^="https://www.wikidata.org/wiki/Q"]')).length,
                styles: ['mark.hl-cue', 'mark.hl-source:not(.hl-cue)', 'mark.hl-content:not(.hl-cue):not(.hl-source)']
                  .map(c => { const s = getComputedStyle(document.querySelector(c));
                              return s.borderBottomStyle + ' ' + s.backgroundColor; })};""")
    assert found["cues"] == found["titled"] > 50 and found["putin"]
    assert found["notes"] >= found["cues"] and found["wikidata"] > 20
    assert len(set(found["styles"])) == 3 and all(not s.startswith("none") for s in found["styles"])


def test_nothing_is_fetched_from_the_network(browser, bundled_page):
    _open(browser, bundled_page)
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat(performance.getEntriesByType('navigation').map(e => e.name))")
    assert fetched == [bundled_page.resolve().as_uri()]
    assert browser.execute_script("return document.querySelectorAll('script, link[rel=stylesheet], img, iframe').length") == 0
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_phone_width_stacks_the_sides_without_sideways_scrolling(browser, bundled_page):
    _open(browser, bundled_page, width=390)
    layout = browser.execute_script("""
        const sides = [...document.querySelectorAll('section.event')[0].querySelectorAll('.side')];
        return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                lefts: sides.map(s => Math.round(s.getBoundingClientRect().left))};""")
    assert layout["overflow"] <= 1 and len(set(layout["lefts"])) == 1
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "report-phone.png"))


def test_print_stylesheet_drops_the_tints(browser, bundled_page):
    _open(browser, bundled_page)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        background = browser.execute_script("return getComputedStyle(document.querySelector('.side')).backgroundColor")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert background in ("rgba(0, 0, 0, 0)", "transparent")


def test_an_article_holding_a_script_tag_shows_it_as_text(browser, tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    hostile = "<script>document.title = 'owned'</script> <b>bold</b> & Putin said that talks must go on."
    (source / "hostile.txt").write_text(hostile + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert api.build([source], store).built == ["hostile"]
    out = tmp_path / "hostile.html"
    page.write(store, out)
    _open(browser, out)
    assert browser.title != "owned"
    assert browser.execute_script("return document.querySelectorAll('script, article b').length") == 0
    text = browser.execute_script("return document.querySelector('#article-hostile .text').textContent")
    assert "<script>document.title = 'owned'</script> <b>bold</b> &" in text


def test_claims_go_under_the_event_their_readout_is_about_else_their_articles_main_contact():
    from readout.report import shape
    from readout.report.answers import Answers

    text = "The Kremlin said Putin wants talks. Macron spoke earlier."
    def said(content, article, event):
        return {"source_side": "Russia", "speaker": "Vladimir Putin", "speech_act": "assert",
                "content": content, "article": article, "event": event, "readout": "readout by Russia",
                "evidence_sentence": "The Kremlin said Putin wants talks."}
    answers = Answers(articles=[{"article": "a", "text": text}, {"article": "b", "text": text}],
                      statements=[], events=[], participants=[], briefings=[], corroboration=[])
    answers._lazy = {"statements-by-readout": [said("named, other article", "b", "PhoneCall 2025-07-01"),
                                               said("named, another event", "a", "Meeting 2022-02-15"),
                                               said("unnamed, own article", "a", ""),
                                               said("unnamed, other article", "b", "")],
                     "readout-differences": []}
    answers._positions = {("fr", "ru"): []}
    event = {"type": "PhoneCall", "date": "2025-07-01", "sides": [("fr", "France"), ("ru", "Russia")],
             "participants": [{"label": "Vladimir Putin", "side": "Russia"}]}
    views, link = shape.articles(answers)
    france, russia = shape.columns(answers, event, {"a"}, link)
    assert not france.said
    assert sorted(c.content for c in russia.said) == ["named, other article", "unnamed, own article"]
    # no statement in the sentence: the link lands on the sentence, marked as evidence
    assert russia.said[0].href.startswith("#ev-")
    marked = [p for p in shape.finish(views)[0].pieces if "evidence" in p.roles]
    assert marked and marked[0].text == "The Kremlin said Putin wants talks."
