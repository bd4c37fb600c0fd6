"""The oxigraph server wrapper, against the real `oxigraph` binary on 127.0.0.1."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from readout.errors import EndpointError, StoreError
from readout.store.server import OxigraphServer, free_port

EX = "http://example.org/"


def _small_store(path):
    store = ox.Store(str(path))
    graph = ox.NamedNode(EX + "g")
    store.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("one"), graph))
    store.flush()
    del store
    return path


def _select(url: str, query: str) -> list[dict]:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        return json.load(reply)["results"]["bindings"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); read its state
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def test_read_only_server_answers_over_the_union_and_leaves_no_process(tmp_path):
    store = _small_store(tmp_path / "store")
    with OxigraphServer(store) as server:
        pid = server.process.pid
        assert server.url.startswith("http://127.0.0.1:")
        rows = _select(server.query_url, "SELECT ?o WHERE { ?s ?p ?o }")
        assert [r["o"]["value"] for r in rows] == ["one"]
    assert server.process is None
    assert not os.path.exists(f"/proc/{pid}") or not _alive(pid)


def test_read_only_server_refuses_updates(tmp_path):
    store = _small_store(tmp_path / "store")
    with OxigraphServer(store) as server:
        request = urllib.request.Request(server.update_url, method="POST",
                                         data=b"INSERT DATA { <x:a> <x:b> <x:c> }",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
        assert len(_select(server.query_url, "SELECT * WHERE { ?s ?p ?o }")) == 1


def test_read_write_server_creates_its_location_and_accepts_graph_store_writes(tmp_path):
    with OxigraphServer(tmp_path / "new", read_only=False) as server:
        request = urllib.request.Request(
            f"{server.store_url}?graph={urllib.parse.quote(EX + 'g2')}", method="PUT",
            data=b"<http://example.org/s> <http://example.org/p> \"v\" .\n",
            headers={"Content-Type": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            assert reply.status in (200, 201, 204)
        rows = _select(server.query_url, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert [r["g"]["value"] for r in rows] == [EX + "g2"]


def test_two_servers_get_different_ports(tmp_path):
    one, two = _small_store(tmp_path / "one"), _small_store(tmp_path / "two")
    with OxigraphServer(one) as first, OxigraphServer(two) as second:
        assert first.port != second.port
        assert first.running and second.running


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="readout build"):
        OxigraphServer(tmp_path / "absent").start()


def test_taken_port_is_a_clear_error_and_leaves_no_process(tmp_path):
    store = _small_store(tmp_path / "store")
    port = free_port()
    with OxigraphServer(store, port=port):
        second = OxigraphServer(store, port=port, startup_timeout=5)
        with pytest.raises(EndpointError, match="already in use"):
            second.start()
        assert second.process is None


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as handle:
        return [int(child) for child in handle.read().split()]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_readout_serve_prints_the_url_and_stops_cleanly(tmp_path, stop):
    store = _small_store(tmp_path / "store")
    readout = Path(sys.executable).parent / "readout"
    process = subprocess.Popen([str(readout), "serve", "--store", str(store)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        assert first.startswith("SPARQL endpoint: http://127.0.0.1:"), first + process.stderr.read()
        url = first.split(": ", 1)[1].strip()
        assert [r["o"]["value"] for r in _select(url, "SELECT ?o WHERE { ?s ?p ?o }")] == ["one"]
        children = _children(process.pid)
        assert len(children) == 1
        process.send_signal(stop)
        assert process.wait(timeout=20) == 0
        assert "Stopped." in process.stderr.read()
        assert not os.path.exists(f"/proc/{children[0]}")
    finally:
        if process.poll() is None:
            process.kill()


def test_readout_serve_without_a_store_is_exit_2(tmp_path):
    readout = Path(sys.executable).parent / "readout"
    done = subprocess.run([str(readout), "serve", "--store", str(tmp_path / "absent")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("readout: error: no store at")


def test_serve_says_it_serves_the_store_as_it_was_when_it_started():
    """A build into the store while it runs is not seen (a read-only RocksDB instance)."""
    from click.testing import CliRunner

    from readout.cli import main

    help_text = " ".join(CliRunner().invoke(main, ["serve", "--help"]).stdout.split())
    assert "as it was when it started" in help_text and "run 'readout serve' again" in help_text
