"""Writing the store: new article graphs bulk-loaded under a journal (readout.store.bulk),
so that a batch is in the store whole or not at all, whether its load fails, the write
after it fails, or the process dies between the two; a graph rewritten only when changed."""
from __future__ import annotations

import gc
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from readout import api, batches
from readout.errors import StoreError
from readout.kg import iris
from readout.store import bulk, embedded as stores

EX = "http://example.org/"


def _quads(db) -> set[tuple[str, str]]:
    return {(q.graph_name.value, q.object.value) for q in db}


def _built(*names: str) -> list[batches.Built]:
    return [batches.Built(n, EX + n, f'<{EX}s> <{EX}p> "{n}" .\n<{EX}s> <{EX}q> "{n}2" .\n', 2) for n in names]


class PartLoadFails:
    """The store, whose bulk load writes the first half of its N-Quads and then fails, as a
    load that stops midway does (Oxigraph: not atomic)."""

    def __init__(self, db):
        self.db = db

    def __getattr__(self, name):
        return getattr(self.db, name)

    def bulk_load(self, data, format):
        lines = data.splitlines(keepends=True)
        self.db.bulk_load("".join(lines[:len(lines) // 2]), format=format)
        raise OSError("No space left on device")


def test_a_batch_of_new_graphs_is_bulk_loaded_and_leaves_no_journal(tmp_path):
    db = stores.open_store(tmp_path / "store", create=True)
    batches.write(db, _built("a", "b", "c"), [], batch=2)
    assert _quads(db) == {(EX + n, v) for n in "abc" for v in (n, n + "2")}
    assert not db.contains_named_graph(ox.NamedNode(str(iris.PENDING_GRAPH)))
    del db


def test_a_bulk_load_that_fails_midway_leaves_the_batches_before_it_and_nothing_of_its_own(tmp_path):
    db = stores.open_store(tmp_path / "store", create=True)
    batches.write(db, _built("a"), [], batch=1)
    with pytest.raises(StoreError, match="it is unchanged.*No space left"):
        batches.write(PartLoadFails(db), _built("b", "c"), [], batch=2)
    assert _quads(db) == {(EX + "a", "a"), (EX + "a", "a2")}
    del db


def test_a_write_that_fails_after_the_bulk_load_drops_the_loaded_graphs(tmp_path):
    db = stores.open_store(tmp_path / "store", create=True)
    batches.write(db, _built("a"), [], batch=1)

    def rest(journal):
        assert journal == [str(iris.PENDING_GRAPH)]
        assert db.contains_named_graph(ox.NamedNode(EX + "b"))     # loaded, not yet complete
        raise StoreError("could not write the store; it is unchanged (disk full)")
    with pytest.raises(StoreError, match="disk full"):
        bulk.write(db, {EX + "b": f'<{EX}s> <{EX}p> "b" .\n'}, rest)
    assert _quads(db) == {(EX + "a", "a"), (EX + "a", "a2")}
    del db


def test_a_build_killed_between_the_bulk_load_and_its_transaction_is_undone_at_the_next_open(tmp_path):
    """A real crash: the process exits (no clean-up runs) after bulk-loading a batch and
    before the transaction that completes it; the next writing open drops that batch."""
    store = tmp_path / "store"
    db = stores.open_store(store, create=True)
    batches.write(db, _built("a"), [], batch=1)
    del db
    gc.collect()
    script = f"""
import os
from readout.store import bulk, embedded as stores
db = stores.open_store({str(store)!r}, create=True)
def killed(journal):
    os._exit(9)
bulk.write(db, {{{EX + 'b'!r}: '<{EX}s> <{EX}p> "b" .\\n'}}, killed)
"""
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    db = stores.open_store(store, read_only=True)    # a reader sees the unfinished batch
    assert (EX + "b", "b") in _quads(db) and db.contains_named_graph(ox.NamedNode(str(iris.PENDING_GRAPH)))
    del db
    gc.collect()
    db = stores.open_store(store, create=True)
    assert _quads(db) == {(EX + "a", "a"), (EX + "a", "a2")}
    del db


def test_a_rebuild_after_a_killed_batch_gives_the_store_a_clean_build_gives(tmp_path):
    from readout.config import ARTICLES_DIR

    clean, crashed = tmp_path / "clean", tmp_path / "crashed"
    api.build([ARTICLES_DIR], clean, batch=2)
    script = f"""
import os
from pathlib import Path
from readout import api
from readout.store import bulk
real = bulk.write
calls = []
def write(db, new, rest):
    calls.append(1)
    if len(calls) == 2:
        return real(db, new, lambda journal: os._exit(9))
    return real(db, new, rest)
bulk.write = write
api.build([Path({str(ARTICLES_DIR)!r})], Path({str(crashed)!r}), batch=2)
"""
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    result = api.build([ARTICLES_DIR], crashed, batch=2)
    assert len(result.unchanged) == 2 and len(result.built) == len(list(ARTICLES_DIR.glob("*.txt"))) - 2
    gc.collect()
    dumps = []
    for path in (clean, crashed):
        db = stores.open_store(path)
        dumps.append({line for line in stores.export(db, "nquads").decode().splitlines() if "_:" not in line})
        del db
    assert dumps[0] == dumps[1]


def test_holds_compares_graphs_with_blank_nodes_as_graphs_not_as_labels(tmp_path):
    """The ontology graph (blank nodes) is rewritten only when it changed: the same triples
    under other blank node labels are held, one changed triple is not."""
    from rdflib import BNode

    ex = "http://example.org/"
    graph = Graph()
    for i in range(3):
        node = BNode()
        graph.add((URIRef(ex + "c"), URIRef(ex + "restriction"), node))
        graph.add((node, URIRef(ex + "onValue"), Literal(i)))
    db = stores.open_store(tmp_path / "store", create=True)
    stores.write_graphs(db, {ex + "g": graph})
    relabelled = Graph()
    fresh = {}
    for s, p, o in graph:
        relabelled.add(tuple(fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in (s, p, o)))
    assert stores.holds(db, ex + "g", relabelled)
    changed = Graph()
    for s, p, o in relabelled:
        changed.add((s, p, Literal(7) if o == Literal(2) else o))
    assert not stores.holds(db, ex + "g", changed)
    assert not stores.holds(db, ex + "other", relabelled)
    del db
