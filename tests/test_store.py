"""The embedded store: named graphs, incremental builds, one transaction per build."""
from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from readout import api
from readout.kg import iris
from readout.store import embedded as stores
from readout.config import ARTICLES_DIR
from readout.errors import StoreError

ARTICLE_IDS = sorted(p.stem for p in ARTICLES_DIR.glob("*.txt"))


def _dump(store_dir) -> bytes:
    db = stores.open_store(store_dir)
    try:
        return stores.export(db, "nquads")
    finally:
        del db


def _graph_dump(store_dir, name: str) -> bytes:
    db = stores.open_store(store_dir)
    try:
        return db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    finally:
        del db


def _articles(tmp_path, ids):
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for article_id in ids:
        for source in ARTICLES_DIR.glob(f"{article_id}.*"):
            shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def store_copy(bundled_store, tmp_path):
    target = tmp_path / "store"
    shutil.copytree(bundled_store, target)
    return target


def test_one_named_graph_per_article_and_one_for_the_ontology(bundled_store):
    db = stores.open_store(bundled_store)
    names = stores.graph_names(db)
    del db
    expected = {str(iris.article_graph(a)) for a in ARTICLE_IDS} | {str(iris.ONTOLOGY_GRAPH),
                                                                   str(iris.ENTITIES_GRAPH)}
    assert expected <= set(names)
    assert set(names) - expected <= {str(iris.CORPUS_GRAPH)}


def test_each_entity_is_described_once_in_the_entities_graph(bundled_store):
    """Regression: each entity's label was in every article graph that mentions it, and
    Oxigraph's union default graph returned it once per graph (joins multiplied rows)."""
    db = stores.open_store(bundled_store)
    macron = ox.NamedNode(str(iris.entity("emmanuel-macron")))
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    graphs = [q.graph_name.value for q in db.quads_for_pattern(macron, label, None, None)]
    denotes = ox.NamedNode("http://groundedannotationframework.org/gaf#denotes")
    mentioned = {q.graph_name.value for q in db.quads_for_pattern(None, denotes, macron, None)}
    del db
    assert graphs == [str(iris.ENTITIES_GRAPH)]
    assert len(mentioned) == len(ARTICLE_IDS)   # his mentions stay in the article graphs


def test_the_store_validates_each_article_with_the_entities_it_names(bundled_store):
    """The shapes need an actor's type: an article graph is checked with the entities
    graph's descriptions of the entities it names."""
    report = api.validate(bundled_store)
    assert report.conforms, report.text()


def test_each_article_graph_holds_its_own_article_text_hash(bundled_store):
    db = stores.open_store(bundled_store)
    rows = db.query("SELECT ?g ?a WHERE { GRAPH ?g { ?a <https://w3id.org/readout/ontology#textSha256> ?h } }")
    pairs = {(r["g"].value, r["a"].value) for r in rows}
    del db
    assert pairs == {(str(iris.article_graph(a)), str(iris.article(a))) for a in ARTICLE_IDS}


def test_second_build_of_the_same_articles_changes_nothing(store_copy):
    before = _dump(store_copy)
    result = api.build([ARTICLES_DIR], store_copy)
    assert result.built == []
    assert sorted(result.unchanged) == ARTICLE_IDS
    assert result.triples == 0
    assert _dump(store_copy) == before


def test_new_article_adds_its_graph_and_leaves_the_others_untouched(tmp_path):
    first, second = ARTICLE_IDS[0], ARTICLE_IDS[1]
    store = tmp_path / "store"
    folder = _articles(tmp_path, [first])
    assert api.build([folder], store).built == [first]
    graph_before = _graph_dump(store, str(iris.article_graph(first)))
    _articles(tmp_path, [second])
    result = api.build([folder], store)
    assert result.built == [second] and result.unchanged == [first]
    assert _graph_dump(store, str(iris.article_graph(first))) == graph_before
    assert _graph_dump(store, str(iris.article_graph(second)))


def test_changed_text_is_processed_again(tmp_path):
    article = ARTICLE_IDS[0]
    store = tmp_path / "store"
    folder = _articles(tmp_path, [article])
    api.build([folder], store)
    text = folder / f"{article}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA closing line added later.\n", encoding="utf-8")
    result = api.build([folder], store)
    assert result.built == [article] and result.unchanged == []
    assert b"A closing line added later." in _graph_dump(store, str(iris.article_graph(article)))


def test_graph_from_another_readout_version_is_rebuilt(tmp_path):
    article = ARTICLE_IDS[0]
    store = tmp_path / "store"
    folder = _articles(tmp_path, [article])
    api.build([folder], store)
    db = stores.open_store(store, create=True)
    old, new = str(iris.activity("readout-extraction", "0.0.0-old")), None
    db.update(f"""DELETE {{ GRAPH ?g {{ ?act ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{old}> ?p ?o }} }}
                  WHERE {{ GRAPH ?g {{ ?act a <http://www.w3.org/ns/prov#Activity> ; ?p ?o }} }}""")
    del db
    assert api.build([folder], store).built == [article]


def test_build_failing_midway_leaves_the_previous_store(store_copy, tmp_path, monkeypatch):
    """A batch whose write fails at its very end changes nothing of the store (one transaction)."""
    before = _dump(store_copy)
    folder = _articles(tmp_path, ARTICLE_IDS[:1])
    text = folder / f"{ARTICLE_IDS[0]}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    real = stores.write_ntriples

    class FailsAtTheEnd:   # the store, with an operation that fails appended to each update
        def __init__(self, db):
            self.db = db

        def update(self, text):
            self.db.update(text + " ;\nDROP GRAPH <http://example.org/missing>")

        def contains_named_graph(self, name):
            return self.db.contains_named_graph(name)
    monkeypatch.setattr(stores, "write_ntriples", lambda db, graphs, drop=(), add=None, remove=None:
                        real(FailsAtTheEnd(db), graphs, drop, add, remove))
    with pytest.raises(StoreError, match="it is unchanged"):
        api.build([folder], store_copy)
    assert _dump(store_copy) == before


def test_a_failed_batch_keeps_the_batches_before_it_and_a_rerun_completes_the_store(tmp_path, monkeypatch):
    from rdflib.compare import isomorphic

    from readout import batches
    from readout.kg import corpus
    from readout.kg.validate import validate_store

    folder = _articles(tmp_path, ARTICLE_IDS[:3])
    store, real, calls = tmp_path / "store", stores.write_ntriples, []

    def second_fails(db, graphs, drop=(), add=None, remove=None):
        calls.append(sorted(graphs))
        if len(calls) == 2:
            raise StoreError("could not write the store; it is unchanged (disk full)")
        return real(db, graphs, drop, add, remove)
    monkeypatch.setattr(stores, "write_ntriples", second_fails)
    try:   # not pytest.raises: it keeps the traceback, whose frames hold the store's lock
        api.build([folder], store, batch=1)
        pytest.fail("the build did not fail")
    except StoreError as err:
        assert "disk full" in str(err)
    gc.collect()
    db = stores.open_store(store)
    names = stores.graph_names(db)
    # batch 1 only (its article graph and the entities it describes), no stale corpus graph
    assert names == [str(iris.article_graph(ARTICLE_IDS[0])), str(iris.ENTITIES_GRAPH)]
    assert validate_store(db).conforms
    del db
    gc.collect()   # validation's frames may hold the store in a reference cycle
    monkeypatch.setattr(stores, "write_ntriples", real)
    result = api.build([folder], store, batch=1)
    assert result.built == ARTICLE_IDS[1:3] and result.unchanged == ARTICLE_IDS[:1]
    db = stores.open_store(store)
    articles = [n for n in stores.graph_names(db) if n.startswith(str(iris.article_graph("x"))[:-1])]
    assert len(articles) == 3
    # the cross-article graph from the index equals the one from every article graph loaded
    assert isomorphic(stores.dataset(db, [str(iris.CORPUS_GRAPH)]), corpus.corpus_graph(stores.dataset(db, articles)))
    assert len(batches.corpus_index(db)) < len(stores.dataset(db, articles)) / 3
    del db


def test_all_graphs_of_a_write_land_in_one_transaction(tmp_path):
    """The store relies on this: a failing operation late in the update undoes the earlier ones."""
    path = tmp_path / "store"
    db = stores.open_store(path, create=True)
    ex = "http://example.org/"
    stores.write_graphs(db, {ex + "a": Graph().add((URIRef(ex + "s"), URIRef(ex + "p"), Literal("old")))})
    with pytest.raises(RuntimeError):
        db.update(f"DROP SILENT GRAPH <{ex}a> ; INSERT DATA {{ GRAPH <{ex}a> {{ <{ex}s> <{ex}p> 'new' }} }} ;"
                  f" DROP GRAPH <{ex}missing>")
    del db
    assert _graph_dump(path, ex + "a") == b'<http://example.org/s> <http://example.org/p> "old" .\n'


def test_a_write_of_new_graphs_is_one_load_that_fails_whole(tmp_path):
    """New graphs go in as one load of N-Quads: a bad triple in the last one leaves the store
    unchanged; a literal holding " .\\n" (escaped in N-Triples) keeps its text."""
    db = stores.open_store(tmp_path / "store", create=True)
    ex = "http://example.org/"
    good = f'<{ex}s> <{ex}p> "a .\\n b" .\n'
    with pytest.raises(StoreError, match="it is unchanged"):
        stores.write_ntriples(db, {ex + "b": f"<{ex}s> <{ex}p> <not an iri> .\n"}, add={ex + "a": good})
    assert len(db) == 0
    assert stores.write_ntriples(db, {ex + "c": good + good}, add={ex + "a": good}) == 2
    quads = {(q.graph_name.value, q.object.value) for q in db}
    del db
    assert quads == {(ex + "a", "a .\n b"), (ex + "c", "a .\n b")}


def test_a_batch_whose_entities_text_has_blank_lines_is_one_load_not_a_sparql_update(tmp_path):
    """`one_label` leaves a blank line between an entity's other triples and its label: it
    made every batch of a build go through a SPARQL update (about 20% dearer) instead of one
    load of N-Quads."""
    class Recorded:
        def __init__(self, db):
            self.db, self.calls = db, []

        def __getattr__(self, name):
            self.calls.append(name)
            return getattr(self.db, name)
    ex = "http://example.org/"
    db = stores.open_store(tmp_path / "store", create=True)
    recorded = Recorded(db)
    entities, relabelled = stores.one_label(db, ex + "entities", f'<{ex}e> <{ex}type> <{ex}T> .\n'
                                             f'<{ex}e> <{stores.RDFS_LABEL}> "E" .\n')
    assert "\n\n" in entities and not relabelled.strip()
    assert stores.write_ntriples(recorded, {ex + "a": f"<{ex}s> <{ex}p> <{ex}o> .\n\n"},
                                 add={ex + "entities": entities}, remove={ex + "entities": relabelled}) == 1
    assert "load" in recorded.calls and "update" not in recorded.calls
    assert len(db) == 3
    del db


def test_a_flush_that_fails_in_its_thread_stops_the_build_after_its_batch(tmp_path):
    """Each batch is written and flushed in a thread while the next one is extracted: a
    failure is raised before the next batch is written, and the batch it followed stays
    committed."""
    from readout import batches

    class FlushFails:
        def __init__(self, db):
            self.db = db

        def __getattr__(self, name):
            return getattr(self.db, name)

        def flush(self):
            raise OSError("disk full")
    db = stores.open_store(tmp_path / "store", create=True)
    ex = "http://example.org/"
    built = [batches.Built(n, ex + n, f'<{ex}s> <{ex}p> "{n}" .\n', 1) for n in ("a", "b")]
    with pytest.raises(OSError, match="disk full"):
        batches.write(FlushFails(db), built, [], batch=1)
    quads = {(q.graph_name.value, q.object.value) for q in db}
    del db
    assert quads == {(ex + "a", "a")}


def test_a_batch_is_written_while_the_next_one_is_extracted(tmp_path, monkeypatch):
    """The writes of batch 1 wait until the build asks for batch 2's first article: were
    they in the building thread, nothing would ask, and the write would time out."""
    import threading

    from readout import batches

    asked, real = threading.Event(), batches.store_batch
    ex = "http://example.org/"

    def waits_for_the_next_batch(db, pending, drop):
        if pending[0].id == "a":
            assert asked.wait(timeout=20), "batch 1 was written before batch 2 was asked for"
        return real(db, pending, drop)
    monkeypatch.setattr(batches, "store_batch", waits_for_the_next_batch)

    def outcomes():
        yield batches.Built("a", ex + "a", f'<{ex}s> <{ex}p> "a" .\n', 1)
        asked.set()
        yield batches.Built("b", ex + "b", f'<{ex}s> <{ex}p> "b" .\n', 1)
    db = stores.open_store(tmp_path / "store", create=True)
    built, triples, _ = batches.write(db, outcomes(), [], batch=1)
    quads = {(q.graph_name.value, q.object.value) for q in db}
    del db
    assert built == ["a", "b"] and triples == 2
    assert quads == {(ex + "a", "a"), (ex + "b", "b")}


def test_write_graphs_replaces_named_graphs_and_keeps_the_rest(tmp_path):
    ex = "http://example.org/"
    db = stores.open_store(tmp_path / "store", create=True)

    def one(value):
        return Graph().add((URIRef(ex + "s"), URIRef(ex + "p"), Literal(value)))
    assert stores.write_graphs(db, {ex + "a": one("a1"), ex + "b": one("b1")}) == 2
    stores.write_graphs(db, {ex + "a": one('a2 with "quotes" and }')})
    values = {(q.graph_name.value, q.object.value) for q in db}
    del db
    assert values == {(ex + "a", 'a2 with "quotes" and }'), (ex + "b", "b1")}


def test_a_store_open_in_another_process_is_a_clear_error(bundled_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(bundled_store, store)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]);"
                               " print('open', flush=True); sys.stdin.read()", str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="another readout process"):
            stores.open_store(store, create=True)
    finally:
        holder.communicate("", timeout=30)


def test_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError, match="readout build"):
        stores.open_store(tmp_path / "absent")


def test_commands_that_only_read_leave_no_log_file_and_writes_keep_the_logs_bounded(store_copy):
    """Every open used to leave a ~137 KB RocksDB LOG.old.* file (68 commands: 9 MB)."""
    from click.testing import CliRunner

    from readout.cli import main

    before = sorted(p.name for p in store_copy.iterdir())
    for args in (["query", "entities"], ["export", "--format", "nquads"], ["validate"], ["link"]):
        result = CliRunner().invoke(main, [*args, "--store", str(store_copy)], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    assert sorted(p.name for p in store_copy.iterdir()) == before
    for _ in range(stores.KEEP_LOGS + 3):
        db = stores.open_store(store_copy, create=True)
        del db
    assert len(list(store_copy.glob("LOG.old.*"))) <= stores.KEEP_LOGS


def test_exports_get_the_mode_of_a_new_file(store_copy, tmp_path):
    out = tmp_path / "out.nq"
    mask = os.umask(0o022)
    try:
        stores.write_atomic(out, b"data\n")
        assert out.stat().st_mode & 0o777 == 0o644
        os.umask(0o002)
        stores.write_atomic(tmp_path / "other.nq", b"data\n")
        assert (tmp_path / "other.nq").stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(mask)
    out.chmod(0o640)
    stores.write_atomic(out, b"new\n")          # replacing a file keeps its mode
    assert out.stat().st_mode & 0o777 == 0o640 and out.read_bytes() == b"new\n"


def test_a_build_that_adds_articles_compares_only_their_claims_and_gives_the_full_cross_article_graph(
        bundled_store, tmp_path, monkeypatch):
    """The incremental corpus step (new claims against the stored claims of their speakers)
    gives the cross-article graph that one build of all the articles gives."""
    from rdflib.compare import isomorphic

    from readout import batches
    from readout.kg import corpus

    store, folder = tmp_path / "store", _articles(tmp_path, ARTICLE_IDS[:2])
    api.build([folder], store)
    gc.collect()
    compared = []
    real = corpus.same_claims
    monkeypatch.setattr(corpus, "same_claims", lambda new, stored=(), before=None: compared.append(
        (len(new), before is not None)) or real(new, stored, before))
    _articles(tmp_path, ARTICLE_IDS[2:])
    assert api.build([folder], store).built == ARTICLE_IDS[2:]
    gc.collect()
    assert len(compared) == 1 and compared[0][1], compared      # incremental, from the stored groups
    whole, part = stores.open_store(bundled_store), stores.open_store(store)
    try:
        corpus_graph = [str(iris.CORPUS_GRAPH)]
        assert len(stores.dataset(whole, corpus_graph)) > 0
        assert isomorphic(stores.dataset(part, corpus_graph), stores.dataset(whole, corpus_graph))
        assert compared[0][0] < len(corpus.claim_rows(batches.corpus_index(part)))
    finally:
        del whole, part
        gc.collect()

