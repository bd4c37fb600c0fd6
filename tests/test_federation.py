"""The federated query speaker-offices, its SERVICE sent to a local Oxigraph server that
holds a small Wikidata-shaped graph (tests/data/wikidata/wikidata-offices.ttl)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from readout.store import queries
from readout.link import wikidata
from readout.cli import main
from readout.errors import InputError
from readout.store.server import OxigraphServer

OFFICES = Path(__file__).parent / "data" / "wikidata" / "wikidata-offices.ttl"


@pytest.fixture(scope="module")
def wikidata_endpoint(tmp_path_factory):
    location = tmp_path_factory.mktemp("wikidata") / "store"
    store = ox.Store(str(location))
    store.load(OFFICES.read_bytes(), ox.RdfFormat.TURTLE)
    store.flush()
    del store
    with OxigraphServer(location, read_only=True) as server:
        yield server.query_url


def test_the_stored_query_names_wikidata_and_leaves_its_items_to_fill():
    text = queries.find("speaker-offices").text
    assert "SERVICE SILENT <https://query.wikidata.org/sparql>" in text
    filled = wikidata.federate(text, ["Q7747", "Q3052772", "Q7747"], "http://127.0.0.1:1/query")
    assert "VALUES ?wd { <http://www.wikidata.org/entity/Q3052772> <http://www.wikidata.org/entity/Q7747> }" in filled
    assert "query.wikidata.org" not in filled
    with pytest.raises(InputError, match="VALUES"):
        wikidata.federate("SELECT * WHERE { ?s ?p ?o }", ["Q1"])


def test_speakers_get_their_offices_from_the_endpoint(bundled_store, wikidata_endpoint):
    rows = {tuple(r) for r in wikidata.speaker_offices(bundled_store, wikidata_endpoint).values()}
    assert ("Vladimir Putin", "Q7747", "President of Russia", "Q218295") in rows
    assert ("Emmanuel Macron", "Q3052772", "President of France", "Q191954") in rows
    assert not [r for r in rows if r[2] and r[0] not in {"Vladimir Putin", "Emmanuel Macron",
                                                          "Volodymyr Zelenskyy"}]


def test_cli_offices(bundled_store, wikidata_endpoint):
    result = CliRunner().invoke(main, ["link", "--offices", "--store", str(bundled_store),
                                       "--wdqs", wikidata_endpoint])
    assert result.exit_code == 0, result.output
    assert "President of Russia" in result.output


def test_unreachable_wikidata_leaves_offices_empty(bundled_store):
    from readout.store.server import free_port

    rows = wikidata.speaker_offices(bundled_store, f"http://127.0.0.1:{free_port()}/query").values()
    assert rows and all(r[2] == "" for r in rows)
    assert ["Vladimir Putin", "Q7747", "", ""] in rows
