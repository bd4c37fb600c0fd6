"""Stored queries: headers, parameters, read-only, injection, and their answers on the bundled articles.

The expected answers are what a reader finds in the five bundled articles, written down
(with the sentences that support them) under "Expected answer" in
docs/competency-questions.md. Where extraction does not yet deliver what the text says,
the test is marked xfail(strict=True) naming the missing extraction: the expectation is
not weakened to match the output.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from readout import api
from readout.store import queries
from readout.config import ARTICLES_DIR, QUERIES_DIR
from readout.errors import QueryError
from readout.ingest.reader import read_articles

ENTITY = "https://w3id.org/readout/id/entity/"
A000, A001, A002, A003, A004 = sorted(p.stem for p in ARTICLES_DIR.glob("*.txt"))
ALL = {A000, A001, A002, A003, A004}
STATEMENT_COLUMNS = ["article", "statement", "speaker", "speaker_qid", "cue", "speech_act", "content",
                     "addressee", "according_to", "cue_start", "cue_end", "source_start", "source_end",
                     "content_start", "content_end", "content_spans"]


def rows(store: Path, name: str, **params) -> list[dict[str, str]]:
    table = api.query(store, name, params=params)
    return [dict(zip(table.columns, r)) for r in table.values()]


def has(text: str, pattern: str) -> bool:
    return re.search(pattern, text or "", re.I | re.S) is not None


# ---- headers and parameters --------------------------------------------------------

def write(tmp_path: Path, text: str, name: str = "q.rq") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_stored_query_has_a_complete_header():
    stored = queries.stored()
    expected = {"positions-attributed", "statements", "statements-by-readout", "readout-differences",
                "agreements", "contact-timeline", "briefings", "corroboration", "quotes",
                "sources-cited", "events", "entities"}
    assert expected <= set(stored)
    for q in stored.values():
        assert q.summary and q.description and q.tags, q.name
        assert q.example.startswith(f"readout query {q.name}") or "federation" in q.tags, q.name
        for p in q.parameters:
            assert not p.required or p.default is not None or p.description, (q.name, p.name)
            assert p.description, f"{q.name}: parameter {p.name} is not described"
        assert queries.find(q.name).describe().startswith(f"{q.name}: ")


@pytest.mark.parametrize("header, message", [
    ("#+ summary: [unclosed\n", "malformed '#+' header"),
    ("#+ - a list\n", "must be YAML mapping"),
    ("#+ summary: s\n#+ colour: red\n", "unknown key 'colour'"),
    ("#+ summary: s\n#+ defaults: {nope: 1}\n", "'defaults' names 'nope'"),
    ("#+ summary: s\n#+ parameters: [a, b]\n", "must be\nmappings".replace("\n", " ")),
    ("#+ summary: s\n#+ tags: red\n", "'tags'"),
    ("#+ description: no summary\n", "needs a 'summary"),
])
def test_a_malformed_header_is_an_error(tmp_path, header, message):
    path = write(tmp_path, header + "SELECT ?s ?__x WHERE { ?s ?p ?__x }\n")
    with pytest.raises(QueryError, match=re.escape(message)):
        queries.parse(path)


def test_parameters_types_defaults_and_required(tmp_path):
    path = write(tmp_path, "#+ summary: s\n#+ defaults: {day: 2025-07-01}\n"
                           "#+ parameters: {actor: who, day: when}\n"
                           "SELECT ?_actor_iri ?__day_xsd_date WHERE { ?_actor_iri ?p ?__day_xsd_date }\n")
    q = queries.parse(path)
    actor, day = q.parameters
    assert (actor.name, actor.type, actor.required, actor.description) == ("actor", "iri", True, "who")
    assert (day.name, day.type, day.required, day.default) == ("day", "xsd_date", False, "2025-07-01")
    with pytest.raises(QueryError, match="needs --param actor=VALUE"):
        queries.bindings(q, {})
    for hostile in ("not an iri", "http://x.org/a> } UNION { ?s ?p ?o", 'http://x.org/"a"'):
        with pytest.raises(QueryError, match="needs an IRI"):
            queries.bindings(q, {"actor": hostile})
    with pytest.raises(QueryError, match="needs a date value"):
        queries.bindings(q, {"actor": "http://x.org/a", "day": "1 July"})
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        queries.bindings(q, {"actor": "http://x.org/a", "colour": "red"})
    bound = {v.value: str(t) for v, t in queries.bindings(q, {"actor": "http://x.org/a"}).items()}
    assert bound == {"_actor_iri": "<http://x.org/a>",
                     "__day_xsd_date": '"2025-07-01"^^<http://www.w3.org/2001/XMLSchema#date>'}


def test_unknown_query_lists_the_stored_ones():
    with pytest.raises(QueryError, match="no stored query named 'nope'.*statements"):
        queries.find("nope")


def test_updates_are_refused_before_the_store_is_opened(tmp_path):
    for update in ("INSERT DATA { <a:b> <a:b> <a:b> }", "PREFIX x: <a:> DELETE WHERE { ?s ?p ?o }",
                   "# a comment\nDROP ALL", "CLEAR DEFAULT"):
        with pytest.raises(QueryError, match="read-only"):
            api.query(tmp_path / "no-store", sparql=update)
    assert not (tmp_path / "no-store").exists()


# ---- injection -----------------------------------------------------------------------

MALICIOUS = ['x" } UNION { ?statement ?p ?o } #', "x' } ; DROP ALL ; #", 'a"""}\n}SELECT * {',
             "004_a16ed64cd8879b43\" || true || \""]


@pytest.mark.parametrize("value", MALICIOUS)
def test_a_malicious_parameter_is_bound_as_a_literal(bundled_store, value):
    assert rows(bundled_store, "statements", article=value) == []
    q = queries.find("statements")
    text = queries.with_values(q.text, queries.bindings(q, {"article": value}))
    block = next(line for line in text.splitlines() if line.strip().startswith("VALUES"))
    # one VALUES row holding one literal whose value is exactly the input
    import pyoxigraph as ox
    store = ox.Store()
    answer = store.query("SELECT ?v WHERE { " + block.strip() + " BIND(?__article AS ?v) }")
    assert [s["v"].value for s in answer] == [value]
    api_text_unchanged = queries.find("statements").text
    assert value not in api_text_unchanged


def test_with_values_goes_into_the_outer_where_group():
    text = ('PREFIX x: <http://ex.org/WHERE>\n# WHERE { in a comment\n'
            'SELECT ?a (COUNT(?b) AS ?n) ?__p WHERE {\n  { SELECT ?a ?b WHERE { ?a ?q ?b } }\n} GROUP BY ?a ?__p')
    import pyoxigraph as ox
    out = queries.with_values(text, {ox.Variable("__p"): ox.Literal("v")})
    assert re.search(r'SELECT \?a \(COUNT\(\?b\) AS \?n\) \?__p WHERE \{\s*VALUES \(\?__p\) \{ \("v"\) \}\s*\{ SELECT', out)
    assert out.count("VALUES") == 1
    ox.Store().query(out)  # still valid SPARQL


# ---- answers on the bundled articles (docs/competency-questions.md) ---------------------

def local_queries() -> list[str]:
    """The stored queries that need no network (federated ones call Wikidata)."""
    return [name for name, q in queries.stored().items() if "federation" not in q.tags]


def test_every_stored_query_runs_on_the_bundled_store(bundled_store):
    for name in local_queries():
        table = api.query(bundled_store, name)
        assert table.columns and not any(c.startswith("_") for c in table.columns), name


def test_statements_columns_and_offsets(bundled_store):
    table = api.query(bundled_store, "statements")
    assert table.columns == STATEMENT_COLUMNS
    texts = {a.id: a.text for a in read_articles([ARTICLES_DIR])[0]}
    found = [dict(zip(table.columns, r)) for r in table.values()]
    assert {r["article"] for r in found} == ALL
    for r in found:
        text = texts[r["article"]]
        assert text[int(r["cue_start"]):int(r["cue_end"])] == r["cue"]
        for piece in r["content_spans"].split(";"):
            start, end = map(int, piece.split("-"))
            assert int(r["content_start"]) <= start < end <= int(r["content_end"])
    only_004 = rows(bundled_store, "statements", article=A004)
    assert only_004 and {r["article"] for r in only_004} == {A004}


def test_statements_macron_urged_a_ceasefire_according_to_the_elysee(bundled_store):
    found = rows(bundled_store, "statements")
    urged = [r for r in found if r["speaker"] == "Emmanuel Macron" and r["speaker_qid"] == "Q3052772"
             and r["cue"] == "urged" and has(r["content"], "ceasefire")]
    assert {r["article"] for r in urged} >= {A001, A004}
    assert all(r["addressee"] == "Vladimir Putin" and r["speech_act"] == "demand" for r in urged)
    assert any(r["according_to"] for r in urged)


def test_statements_nothing_in_the_reader_comment_is_a_leaders(bundled_store):
    articles = {a.id: a for a in read_articles([ARTICLES_DIR])[0]}
    assert articles[A000].body_end is not None
    for r in rows(bundled_store, "statements", article=A000):
        if int(r["cue_start"]) >= articles[A000].body_end:
            assert r["speaker_qid"] not in ("Q7747", "Q3052772"), r


def attributions(found, attributor_side, holder_side, pattern):
    return {r["article"] for r in found if r["attributor_side"] == attributor_side
            and r["holder_side"] == holder_side and has(r["proposition"], pattern)}


def test_positions_attributed_by_the_french_side_to_russia(bundled_store):
    found = rows(bundled_store, "positions-attributed")
    assert attributions(found, "France", "Russia", r"expansionism|threat|aggression") >= {A001, A002}


def test_positions_attributed_by_the_russian_side_to_the_west(bundled_store):
    found = rows(bundled_store, "positions-attributed")
    west = {r["article"] for r in found if r["attributor_side"] == "Russia" and r["holder_side"] == "Western world"
            and has(r["holder"], "West") and has(r["proposition"], r"West|policy|security")}
    assert west == ALL


def test_positions_attributed_nato_blamed_by_the_russian_side(bundled_store):
    found = rows(bundled_store, "positions-attributed")
    assert {r["article"] for r in found if r["attributor_side"] == "Russia" and r["holder_side"] in ("NATO", "Western world")
            and has(r["proposition"], r"NATO")} >= {A001, A002}
    assert {r["attributor_side"] for r in found} == {"France", "Russia"}
    assert not any(has(r["evidence_sentence"], "flip-flops|Russia trusts him") for r in found)


def test_positions_attributed_by_default_lists_every_pair_of_sides(bundled_store):
    """Not only the two states of the main event: Russia's side about Iran's is listed too."""
    pairs = {(r["attributor_side"], r["holder_side"]) for r in rows(bundled_store, "positions-attributed")}
    assert {("France", "Russia"), ("Russia", "Western world"), ("Russia", "Iran")} <= pairs
    assert not [p for p in pairs if p[0] == p[1]]


def test_positions_attributed_with_explicit_sides(bundled_store):
    russia, france = ENTITY + "russia", ENTITY + "france"
    both = rows(bundled_store, "positions-attributed", side_a=russia, side_b=france)
    everything = rows(bundled_store, "positions-attributed")
    assert both and all(r in everything for r in both)
    # France is on the side of the blocs it is a member of (NATO, the West)
    assert {(r["attributor_side"], r["holder_side"]) for r in both} >= {("France", "Russia"), ("Russia", "Western world")}
    assert all("Russia" in (r["attributor_side"], r["holder_side"]) for r in both)
    assert not [r for r in both if "Iran" in (r["attributor_side"], r["holder_side"])]
    from_russia = rows(bundled_store, "positions-attributed", side_a=russia)
    assert {r["attributor_side"] for r in from_russia} | {r["holder_side"] for r in from_russia} >= {"Russia"}
    assert all("Russia" in (r["attributor_side"], r["holder_side"]) for r in from_russia)
    assert rows(bundled_store, "positions-attributed", side_a=ENTITY + "nowhere") == []


def test_events_the_call_is_one_event_in_five_articles(bundled_store):
    calls = [r for r in rows(bundled_store, "events", type="PhoneCall") if r["date"] == "2025-07-01"]
    assert len(calls) == 1
    call = calls[0]
    assert (call["precision"], call["duration"], call["initiator"], call["articles"]) == ("day", "PT2H", "Emmanuel Macron", "5")
    assert set(call["participants"].split("; ")) == {"Emmanuel Macron", "Vladimir Putin"}


def test_events_previous_contact_and_the_defence_ministers(bundled_store):
    found = rows(bundled_store, "events")
    sept = [r for r in found if r["date"] == "2022-09"]
    assert sept and sept[0]["precision"] == "month"
    assert {"Emmanuel Macron", "Vladimir Putin"} <= set(sept[0]["participants"].split("; "))
    ministers = [r for r in found if {"Sébastien Lecornu", "Sergei Shoigu"} <= set(r["participants"].split("; "))]
    assert ministers


def test_events_dated_earlier_contacts(bundled_store):
    found = rows(bundled_store, "events")
    ministers = [r for r in found if "Sergei Shoigu" in r["participants"]]
    assert ministers[0]["date"] == "2024-04"
    visits = [r for r in found if r["type"] == "Meeting" and r["date"].startswith("2022-02")]
    assert visits


def test_contact_timeline_macron_putin(bundled_store):
    found = rows(bundled_store, "contact-timeline")
    dated = [r for r in found if r["date"]]
    assert [r["date"][:7] for r in dated][-2:] == ["2022-09", "2025-07"]
    last = dated[-1]
    assert (last["initiator"], last["duration"], last["articles"]) == ("Emmanuel Macron", "PT2H", "5")
    same = rows(bundled_store, "contact-timeline", actor_a=ENTITY + "vladimir-putin",
                actor_b=ENTITY + "emmanuel-macron")
    assert same == found
    ministers = rows(bundled_store, "contact-timeline", actor_a=ENTITY + "sergei-shoigu")
    assert ministers and all("Sergei Shoigu" in r["participants"] for r in ministers)


def test_contact_timeline_three_dated_contacts(bundled_store):
    found = rows(bundled_store, "contact-timeline")
    assert [(r["date"][:7], r["type"]) for r in found] == [
        ("2022-02", "Meeting"), ("2022-09", "Contact"), ("2025-07", "PhoneCall")]


def test_briefings_zelensky_before_and_after(bundled_store):
    found = [r for r in rows(bundled_store, "briefings")
             if r["informed"] == "Volodymyr Zelenskyy" and r["informer"] == "Emmanuel Macron"]
    assert {r["article"] for r in found} >= {A001, A003, A004}
    assert {r["timing"] for r in found} >= {"before", "after"}
    assert all(r["relative_to"].startswith("PhoneCall") for r in found if r["timing"])


def test_briefings_in_every_article_that_tells_it(bundled_store):
    found = [r for r in rows(bundled_store, "briefings") if r["informed"] == "Volodymyr Zelenskyy"]
    assert all(r["informer"] == "Emmanuel Macron" for r in found)
    assert {r["article"] for r in found} == {A001, A002, A003, A004}


def test_statements_by_readout(bundled_store):
    found = rows(bundled_store, "statements-by-readout")
    macron = [r for r in found if r["speaker"] == "Emmanuel Macron" and r["source_side"] == "France"]
    assert {r["article"] for r in macron if has(r["content"], "ceasefire")} >= {A001, A004}
    putin = [r for r in found if r["speaker"] == "Vladimir Putin" and r["source_side"] == "Russia"]
    assert {r["article"] for r in putin if has(r["content"], "territorial realities")} >= {A004}
    assert any(r["relayed_by"] == "Politico Europe" and has(r["content"], "Western states") for r in putin)
    only_putin = rows(bundled_store, "statements-by-readout", speaker=ENTITY + "vladimir-putin")
    assert only_putin and {r["speaker"] for r in only_putin} == {"Vladimir Putin"}


def test_statements_by_readout_ceasefire_according_to_the_french_presidency(bundled_store):
    found = rows(bundled_store, "statements-by-readout", speaker=ENTITY + "emmanuel-macron")
    assert any(r["source_side"] == "France" and has(r["content"], "ceasefire") and r["article"] == A002
               for r in found)


def test_statements_by_readout_relayed_by_france_24(bundled_store):
    found = rows(bundled_store, "statements-by-readout")
    assert any(r["speaker"] == "Emmanuel Macron" and r["relayed_by"] == "France 24"
               and has(r["content"], "sovereignty") for r in found)


def test_readout_differences_russia_reports_what_france_does_not(bundled_store):
    found = rows(bundled_store, "readout-differences")
    russian = [r for r in found if r["reported_by_side"] == "Russia" and r["omitted_by_side"] == "France"
               and r["omission"] == "not reported"]
    assert any(has(r["content"], "territorial realities") for r in russian)
    assert any(has(r["content"], "Western") for r in russian)


def test_readout_differences_the_kremlin_left_out_the_ceasefire(bundled_store):
    found = rows(bundled_store, "readout-differences")
    assert any(r["omission"] == "explicitly omitted" and r["omitted_by_side"] == "Russia"
               and r["reported_by_side"] == "France" and has(r["issue"], "ceasefire")
               and r["article"] == A004 for r in found)


def test_agreements_on_iran(bundled_store):
    found = rows(bundled_store, "agreements")
    iran = [r for r in found if {r["side_a"], r["side_b"]} == {"France", "Russia"}
            and has(r["issue"] + " " + r["proposition"], r"Iran|nuclear|coordinat")]
    assert {r["article"] for r in iran} & {A000, A001, A004}


def test_agreements_a_joint_statement_without_an_issue_has_no_stray_issue(bundled_store):
    """Regression: an agree statement naming no issue once joined every label as its issue."""
    found = rows(bundled_store, "agreements")
    joint = [r for r in found if r["evidence"] == "joint statement"]
    assert joint
    labels = {r["issue"] for r in joint}
    assert labels <= {"", "the Non-Proliferation Treaty", "Iran's nuclear programme", "IAEA inspections"}, labels


def test_agreements_are_between_the_two_sides(bundled_store):
    found = rows(bundled_store, "agreements")
    assert all((r["side_a"], r["side_b"]) == ("France", "Russia") for r in found)
    assert all(r["stance"] != "asserted" for r in found)


def test_corroboration_the_call_in_five_articles(bundled_store):
    found = rows(bundled_store, "corroboration")
    assert int(found[0]["articles"]) == max(int(r["articles"]) for r in found)
    calls = [r for r in found if r["kind"] == "event" and r["content"] == "PhoneCall: Emmanuel Macron; Vladimir Putin"
             and r["articles"] == "5"]
    assert len(calls) == 1 and calls[0]["article_ids"].split() == sorted(ALL)
    at_least_2 = rows(bundled_store, "corroboration", min_articles="2")
    assert at_least_2 and all(int(r["articles"]) >= 2 for r in at_least_2)
    assert len(at_least_2) < len(found)


def test_corroboration_claims_in_several_articles(bundled_store):
    found = [r for r in rows(bundled_store, "corroboration") if r["kind"] == "statement"]
    putin = [r for r in found if r["speaker"] == "Vladimir Putin" and has(r["content"], "territorial realities")]
    assert max(int(r["articles"]) for r in putin) >= 4
    macron = [r for r in found if r["speaker"] == "Emmanuel Macron" and has(r["content"], "sovereignty")]
    assert max(int(r["articles"]) for r in macron) >= 4
    relayed = [r for r in found if has(r["content"], "policy of Western states")]
    assert relayed and max(int(r["outlets"]) for r in relayed) >= 1   # Politico Europe relayed it


def test_corroboration_a_claim_in_one_article(bundled_store):
    found = rows(bundled_store, "corroboration")
    warning = [r for r in found if r["speaker"] == "Emmanuel Macron" and has(r["content"], "threat to France and Europe")]
    assert warning and all(r["article_ids"] == A001 and r["articles"] == "1" for r in warning)


def test_quotes(bundled_store):
    found = rows(bundled_store, "quotes")
    realities = [r for r in found if r["speaker"] == "Vladimir Putin" and r["quote"].lower() == "new territorial realities"]
    assert len(realities) == 1 and set(realities[0]["article_ids"].split()) == {A000, A001, A002, A004}
    only = rows(bundled_store, "quotes", speaker=ENTITY + "emmanuel-macron")
    assert only and {r["speaker"] for r in only} == {"Emmanuel Macron"}


def test_sources_cited(bundled_store):
    found = rows(bundled_store, "sources-cited")
    by_article = {}
    for r in found:
        by_article.setdefault(r["article"], set()).add((r["source"], r["role"]))
    assert ("Politico Europe", "relayed by") in by_article[A004]
    assert any(s in ("President of France", "France") for s, role in by_article[A004] if role == "according to")
    assert any(s in ("Russia", "Presidential Administration of Russia") for s, _ in by_article[A004])
    for article in (A001, A002):
        assert ("President of France", "according to") in by_article[article]
    assert rows(bundled_store, "sources-cited", article=A002) == [r for r in found if r["article"] == A002]


def test_quotes_a_solid_and_lasting_settlement(bundled_store):
    found = rows(bundled_store, "quotes", speaker=ENTITY + "emmanuel-macron")
    settlement = [r for r in found if r["quote"] == "solid and lasting settlement"]
    assert settlement and set(settlement[0]["article_ids"].split()) == {A001, A002}


def test_sources_cited_france_24(bundled_store):
    found = rows(bundled_store, "sources-cited", article=A004)
    assert ("France 24", "relayed by") in {(r["source"], r["role"]) for r in found}


def test_entities(bundled_store):
    found = {r["label"]: r for r in rows(bundled_store, "entities")}
    expected = {
        "Vladimir Putin": ("Person", "Q7747", "Russia"), "Emmanuel Macron": ("Person", "Q3052772", "France"),
        "Volodymyr Zelenskyy": ("Person", "Q3874799", "Ukraine"), "Donald Trump": ("Person", "Q22686", "United States"),
        "Friedrich Merz": ("Person", "Q566257", "Germany"), "Keir Starmer": ("Person", "Q6383803", "United Kingdom"),
        "Sébastien Lecornu": ("Person", "Q20089181", "France"), "Sergei Shoigu": ("Person", "Q32024", "Russia"),
        "Recep Tayyip Erdoğan": ("Person", "Q39259", "Turkey"),
        "France": ("State", "Q142", "France"), "Russia": ("State", "Q159", "Russia"),
        "Ukraine": ("State", "Q212", "Ukraine"), "Iran": ("State", "Q794", "Iran"), "Israel": ("State", "Q801", "Israel"),
        "International Atomic Energy Agency": ("Organization", "Q41984", ""),
    }
    for label, (type_, qid, side) in expected.items():
        assert label in found, label
        assert (found[label]["type"], found[label]["qid"]) == (type_, qid), label
        assert side in found[label]["side"].split("; ") if side else True, label
    persons = [r for r in rows(bundled_store, "entities", type="Person")]
    assert {r["type"] for r in persons} == {"Person"}
    assert {r["label"] for r in persons[:2]} == {"Emmanuel Macron", "Vladimir Putin"}
    assert "NATO" in found and "France" in found["NATO"]["side"].split("; ")


def test_cli_describes_one_query_and_lists_them_all():
    from click.testing import CliRunner

    from readout.cli import main

    runner = CliRunner()
    one = runner.invoke(main, ["queries", "positions-attributed"])
    assert one.exit_code == 0, one.output
    assert one.output.startswith("positions-attributed: Which positions does each side attribute")
    assert "side_a (iri, optional" in one.output and "example: readout query positions-attributed" in one.output
    listed = runner.invoke(main, ["queries"])
    assert all(name in listed.output for name in local_queries())
    unknown = runner.invoke(main, ["queries", "nope"])
    assert unknown.exit_code == 2 and "no stored query named 'nope'" in unknown.stderr
    helped = runner.invoke(main, ["query", "--format", "csv", "contact-timeline", "--help"])
    assert helped.exit_code == 0
    assert helped.output.startswith("contact-timeline: Direct contacts between two actors")
    assert "actor_a (iri, optional" in helped.output and "--endpoint URL" in helped.output
    plain = runner.invoke(main, ["query", "--help"])
    assert plain.output.startswith("Usage: ") and "query [OPTIONS] [NAME]" in plain.output


def test_query_right_after_build_in_the_same_process(tmp_path):
    """Regression: the store built by api.build stayed locked until a garbage collection,
    so `readout demo` failed with 'lock hold by current process'."""
    import shutil

    source = tmp_path / "articles"
    source.mkdir()
    for suffix in (".txt", ".json"):
        shutil.copy(ARTICLES_DIR / (A004 + suffix), source / (A004 + suffix))
    api.build([source], tmp_path / "store")
    assert {r["article"] for r in rows(tmp_path / "store", "statements")} == {A004}


def test_planned_and_refused_contacts_are_not_listed_as_happened(tmp_path):
    # Before: "will meet", "refused to talk" were stored and listed like contacts that took place.
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "planned.txt").write_text(
        "German Chancellor Friedrich Merz held a phone call with Chinese President Xi Jinping on March 4, 2024.\n\n"
        "Merz will meet Xi Jinping in Beijing next month.\n", encoding="utf-8")
    store = tmp_path / "store"
    api.build([texts], store)
    assert [r["type"] for r in rows(store, "events")] == ["PhoneCall"]
    assert {r["type"] for r in rows(store, "events", modality="planned")} == {"Meeting"}
    timeline = rows(store, "contact-timeline")
    assert [(r["date"], r["type"]) for r in timeline] == [("2024-03-04", "PhoneCall")]
    assert {r["event"] for r in rows(store, "event-participants")} == {timeline[0]["event"]}
