"""`readout query --endpoint`: the stored queries on a real oxigraph server on 127.0.0.1.

The server serves a copy of the bundled store read-only (`readout.server.OxigraphServer`,
the `oxigraph serve-read-only` command); every stored query must give the same rows
there as on the embedded store, with and without parameters, and a malicious parameter
value must stay a literal on the wire too.
"""
from __future__ import annotations

import shutil
import socket
import threading

import pytest
from click.testing import CliRunner

from readout import api
from readout.store import queries
from readout.store import sparql_client
from readout.cli import main
from readout.errors import EndpointError, QueryError
from readout.store.server import OxigraphServer

pytestmark = pytest.mark.server
ENTITY = "https://w3id.org/readout/id/entity/"
WITH_PARAMETERS = [
    ("statements", {"article": "004_a16ed64cd8879b43"}),
    ("positions-attributed", {"side_a": ENTITY + "russia"}),
    ("positions-attributed", {"side_a": ENTITY + "france", "side_b": ENTITY + "russia"}),
    ("contact-timeline", {"actor_a": ENTITY + "sergei-shoigu"}),
    ("events", {"type": "PhoneCall"}),
    ("entities", {"type": "Person"}),
    ("corroboration", {"min_articles": "2"}),
    ("quotes", {"speaker": ENTITY + "vladimir-putin"}),
    ("statements-by-readout", {"speaker": ENTITY + "emmanuel-macron"}),
    ("sources-cited", {"article": "002_2465a5666ca1530d"}),
]


def local_queries() -> list[str]:
    return [name for name, q in queries.stored().items() if "federation" not in q.tags]


@pytest.fixture(scope="module")
def server(bundled_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(bundled_store, copy)
    with OxigraphServer(copy, read_only=True) as running:
        yield running
    assert not running.running


def as_rows(table) -> list[tuple]:
    return [tuple(r) for r in table.values()]


def test_every_stored_query_gives_the_same_rows_on_the_endpoint(bundled_store, server):
    for name in local_queries():
        local = api.query(bundled_store, name)
        remote = api.query(None, name, endpoint=server.query_url)
        assert remote.columns == local.columns, name
        assert as_rows(remote) == as_rows(local), name


@pytest.mark.parametrize("name, params", WITH_PARAMETERS)
def test_parameters_bind_the_same_on_the_endpoint(bundled_store, server, name, params):
    local = api.query(bundled_store, name, params=params)
    remote = api.query(None, name, params=params, endpoint=server.query_url)
    assert as_rows(remote) == as_rows(local)
    assert local.rows, f"{name} {params}: the comparison needs some rows"
    assert len(local.rows) < len(api.query(bundled_store, name).rows) or name == "positions-attributed"


@pytest.mark.parametrize("value", ['x" } UNION { ?statement ?p ?o } #', "x' } ; DROP ALL ; #",
                                   'a"""}\n}SELECT * {'])
def test_a_malicious_parameter_stays_a_literal_on_the_endpoint(server, value):
    assert api.query(None, "statements", params={"article": value}, endpoint=server.query_url).rows == []


def test_cli_query_endpoint_as_a_user_runs_it(server):
    result = CliRunner().invoke(main, ["query", "events", "--endpoint", server.query_url,
                                       "--param", "type=PhoneCall", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "event,type,date,precision,duration,participants,initiator,articles,modality"
    assert "2025-07-01" in result.output


def test_an_update_is_refused_before_anything_is_sent(server):
    with pytest.raises(QueryError, match="read-only"):
        api.query(None, sparql="DELETE WHERE { ?s ?p ?o }", endpoint=server.query_url)
    with pytest.raises(QueryError, match="invalid SPARQL"):
        sparql_client.run(server.query_url, "SELECT ?x WHERE { ?x ")
    assert api.query(None, sparql="ASK { ?s ?p ?o }", endpoint=server.query_url).boolean is True


def test_an_endpoint_that_is_not_running_is_a_clear_message():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["query", "events", "--endpoint", f"http://127.0.0.1:{port}/query"])
    assert result.exit_code == 2
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("readout: error: cannot reach the endpoint http://127.0.0.1:")
    assert "check that it is running" in message


def test_an_endpoint_that_never_answers_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(EndpointError, match=r"did not answer within 0\.5 s"):
            api.query(None, sparql="ASK {}", endpoint=url, timeout=0.5)
    finally:
        thread.join(timeout=5)
        for conn, _ in accepted:
            conn.close()
        listener.close()


def test_a_wrong_url_is_a_clear_message(server):
    with pytest.raises(EndpointError, match="HTTP 404"):
        api.query(None, sparql="ASK {}", endpoint=server.url + "/nothing-here")
    with pytest.raises(EndpointError, match="not an http"):
        api.query(None, sparql="ASK {}", endpoint="ftp://127.0.0.1/query")
