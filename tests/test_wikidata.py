"""`readout link --online`: the real client against a local HTTP server on 127.0.0.1
answering with Wikidata-shaped JSON written for these tests (tests/data/wikidata/)."""
from __future__ import annotations

import csv
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from readout.kg import iris
from readout.link import wikidata
from readout.cli import main
from readout.errors import EndpointError
from readout.link.gazetteer import default
from readout.kg.graph import article_graph
from readout.store.embedded import open_store, replace_graph

DATA = Path(__file__).parent / "data" / "wikidata"
RESPONSES = json.loads((DATA / "responses.json").read_text(encoding="utf-8"))


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict] = []
    delay = 0.0

    def do_GET(self):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        type(self).seen.append({"query": query, "agent": self.headers.get("User-Agent", "")})
        if self.delay:
            threading.Event().wait(self.delay)
        if query.get("action") == "wbsearchentities":
            body = RESPONSES["wbsearchentities"].get(query.get("search"), {"search": [], "success": 1})
        elif query.get("action") == "wbgetentities":
            body = {"entities": {q: RESPONSES["wbgetentities"].get(q, {"id": q, "missing": ""})
                                 for q in query.get("ids", "").split("|")}, "success": 1}
        else:
            body = {"error": {"code": "badvalue", "info": "Unrecognized value for parameter \"action\""}}
        data = json.dumps(body).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def api():
    _Handler.seen, _Handler.delay = [], 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_path):
    """A store built from a short article of our own (real extraction, real graph writer)."""
    from readout.extract.pipeline import extract
    from readout.facts import Article

    text = ("As reported by France 24 and by Politico Europe, Kremlin spokesman Dmitry Peskov "
            "said on Monday that Vladimir Putin would not travel to Paris.")
    facts = next(extract([Article(id="linktest", text=text)]))
    db = open_store(tmp_path / "store", create=True)
    replace_graph(db, str(iris.article_graph("linktest")), article_graph(facts))
    db.flush()
    del db
    return tmp_path / "store"


def _client(api, tmp_path, **kw):
    return wikidata.Client(api, cache_dir=tmp_path / "cache", timeout=5, min_interval=0, **kw)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_store_entities_without_a_link(store):
    labels = {e.label for e in wikidata.unlinked(wikidata.store_entities(store, default()))}
    assert {"France 24", "Politico Europe", "Dmitry Peskov"} <= labels
    assert "Vladimir Putin" not in labels


def test_propose_checks_type_and_country(api, tmp_path):
    gz = default()
    client = _client(api, tmp_path)
    outlet = wikidata.propose(client, gz.get("france-24"), gz)
    assert [(c.qid, c.type_ok, c.country_ok) for c in outlet.candidates] == [
        ("Q900000003", True, True), ("Q900000004", False, True)]
    assert outlet.accepted.qid == "Q900000003"
    assert "television channel" in outlet.accepted.evidence
    person = wikidata.propose(client, gz.get("dmitry-peskov"), gz)
    assert person.accepted is None and "confirm one with --accept" in person.reason
    assert wikidata.propose(client, gz.get("dmitry-peskov"), gz, accept="Q900000005").accepted.qid == "Q900000005"


def test_link_online_writes_only_unambiguous_or_accepted(api, store, tmp_path):
    local = tmp_path / "local.tsv"
    result = wikidata.link_online(store, default(), _client(api, tmp_path), local)
    assert result.written == 2
    rows = {r["label_en"]: r for r in _rows(local)}
    assert set(rows) == {"France 24", "Politico Europe"}
    assert rows["France 24"]["qid"] == "Q900000003" and rows["France 24"]["country_qid"] == "Q142"
    assert rows["France 24"]["status"] == "verified" and api in rows["France 24"]["source"]
    again = wikidata.link_online(store, default(), _client(api, tmp_path), local,
                                 accept={"Dmitry Peskov": "Q900000005"})
    assert again.written == 1 and _rows(local)[-1]["qid"] == "Q900000005"
    assert len(_rows(local)) == 3


def test_a_written_row_links_the_entity_on_the_next_read(api, store, tmp_path):
    from readout.config import GAZETTEER_DIR
    from readout.link.gazetteer import read

    local = tmp_path / "local.tsv"
    wikidata.link_online(store, default(), _client(api, tmp_path), local, labels=("France 24",))
    assert read(GAZETTEER_DIR, (local,)).get("france-24").qid == "Q900000003"


def test_requests_carry_a_user_agent_and_answers_are_cached(api, tmp_path):
    gz = default()
    client = _client(api, tmp_path)
    wikidata.propose(client, gz.get("politico-europe"), gz)
    made = client.requests
    assert made == len(_Handler.seen) == 3        # search, the candidates, their classes
    assert all(s["agent"].startswith("readout/") and "https://" in s["agent"] for s in _Handler.seen)
    second = _client(api, tmp_path)
    wikidata.propose(second, gz.get("politico-europe"), gz)
    assert second.requests == 0 and len(_Handler.seen) == made


def test_requests_are_spaced_by_the_minimum_interval(api, tmp_path):
    now, slept = [100.0], []
    client = wikidata.Client(api, timeout=5, min_interval=1.5,
                             clock=lambda: now[0], sleep=lambda s: slept.append(s))
    client.search("France 24")
    now[0] += 0.5
    client.search("Politico Europe")
    assert slept == [pytest.approx(1.0)]


def test_a_slow_answer_times_out_with_a_clear_message(api, tmp_path):
    _Handler.delay = 2.0
    client = wikidata.Client(api, timeout=0.3, min_interval=0)
    with pytest.raises(EndpointError, match="did not answer within 0.3 s"):
        client.search("France 24")


def test_cli_online_against_the_local_api(api, store, tmp_path):
    local = tmp_path / "local.tsv"
    result = CliRunner().invoke(main, ["link", "--online", "--store", str(store), "--api", api,
                                       "--cache", str(tmp_path / "cache"), "--interval", "0",
                                       "--gazetteer-file", str(local), "--entity", "France 24"])
    assert result.exit_code == 0, result.output
    assert "* Q900000003" in result.output and "- Q900000004" in result.output
    assert [r["label_en"] for r in _rows(local)] == ["France 24"]


def test_cli_offline_says_so_and_changes_nothing(store, tmp_path):
    from readout.store.server import free_port

    local = tmp_path / "local.tsv"
    dead = f"http://127.0.0.1:{free_port()}/w/api.php"
    result = CliRunner().invoke(main, ["link", "--online", "--store", str(store), "--api", dead,
                                       "--cache", str(tmp_path / "cache"), "--gazetteer-file", str(local)])
    assert result.exit_code == 3
    assert "cannot reach Wikidata" in result.output and "nothing was changed" in result.output
    assert not local.exists()


def test_cli_without_online_lists_and_changes_nothing(store, tmp_path):
    result = CliRunner().invoke(main, ["link", "--store", str(store)])
    assert result.exit_code == 0
    assert "Politico Europe (media)" in result.output and "nothing changed" in result.output


def test_cli_rejects_a_malformed_accept(store):
    result = CliRunner().invoke(main, ["link", "--online", "--store", str(store), "--accept", "Peskov"])
    assert result.exit_code == 2 and "LABEL=QID" in result.output


def test_cli_names_a_label_the_store_does_not_have(store, api):
    result = CliRunner().invoke(main, ["link", "--online", "--store", str(store), "--api", api,
                                       "--entity", "Nobody Known"])
    assert result.exit_code == 2 and "'Nobody Known'" in result.output and not _Handler.seen


def test_a_candidate_with_another_name_is_not_accepted_alone(api, tmp_path):
    from readout.facts import Entity

    outlet = Entity(key="politico-eu", label="Politico EU", type="media")
    proposal = wikidata.propose(_client(api, tmp_path), outlet, default())
    [candidate] = proposal.candidates
    assert candidate.type_ok and not candidate.label_ok
    assert proposal.accepted is None and "another name" in candidate.evidence
