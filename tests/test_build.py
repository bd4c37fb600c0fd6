"""The build in batches: the same graphs and reports from one process, two processes and a
real Dask LocalCluster of two workers on 127.0.0.1."""
from __future__ import annotations

import gc

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from readout import api, batches
from readout.config import ARTICLES_DIR
from readout.errors import ReadoutError
from readout.ingest.reader import InputProblem, make_article
from readout.store import embedded as stores

TEXTS = [("a", "\u201cThe talks were useful,\u201d Jane Doe said on Monday."),
         ("b", "According to two officials, the plan was dropped in May."),
         ("c", "The minister has also said that the budget would be cut next year."),
         ("d", "Russia and France agreed on Tuesday that the talks would go on.")]


def _graphs(store) -> dict[str, Graph]:
    db = stores.open_store(store)
    try:
        return {name: Graph().parse(data=db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                                    .decode("utf-8"), format="nt") for name in stores.graph_names(db)}
    finally:
        del db
        gc.collect()


def _same_store(one, other) -> None:
    a, b = _graphs(one), _graphs(other)
    assert sorted(a) == sorted(b)
    assert [name for name in a if not isomorphic(a[name], b[name])] == []


def test_two_processes_give_the_same_graphs_and_results_as_one_in_input_order():
    articles = [make_article(doc, text, {}) for doc, text in TEXTS] * 10   # more chunks than in flight
    articles = [make_article(f"{a.id}{i}", a.text, {}) for i, a in enumerate(articles)]
    one = list(batches.local(articles, jobs=1))
    two = list(batches.local(articles, jobs=2))
    assert not [o for o in one if isinstance(o, InputProblem)]
    assert [o.id for o in two] == [a.id for a in articles]
    assert [(o.id, sorted(o.ntriples.splitlines()), o.results) for o in two] == \
           [(o.id, sorted(o.ntriples.splitlines()), o.results) for o in one]


def test_the_last_articles_go_one_at_a_time_and_none_is_lost():
    articles = [make_article(f"a{i}", "Jane Doe said the talks were useful.", {}) for i in range(11)]
    pieces = batches.chunks(articles, size=4, tail=4)
    assert [len(p) for p in pieces] == [4, 3, 1, 1, 1, 1]
    assert [a.id for p in pieces for a in p] == [a.id for a in articles]


def test_the_last_batch_of_articles_is_written_a_few_at_a_time(monkeypatch):
    """Whole batches while more than a batch remains, then `LAST` at a time: the build does
    not wait for a whole batch's write after its last article; a problem is no article."""
    written = []
    monkeypatch.setattr(batches, "store_batch", lambda db, pending, drop: written.append(
        [b.id for b in pending]))
    outcomes = [batches.Built(f"a{i}", f"urn:g{i}", "", 0) for i in range(30)]
    outcomes[20] = InputProblem("bad", "unreadable")
    problems = []
    built, _, report = batches.write(None, outcomes, problems, batch=8, total=30)
    # 8 and 8 while 8 or more remain; at 7 left, the 6 waiting (one was a problem), then 4, then 3
    assert [len(w) for w in written] == [8, 8, 6, 4, 3]
    assert [i for w in written for i in w] == built == [o.id for o in outcomes if isinstance(o, batches.Built)]
    assert problems == [outcomes[20]] and report.graphs == 29


def test_a_build_with_two_processes_then_a_rebuild_with_nothing_new(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    for i, (doc, text) in enumerate(TEXTS * 2):     # each text once (a text read twice is skipped)
        (texts / f"{doc}{i}.txt").write_text(f"{text} It was the {i}th meeting.", encoding="utf-8")
    first = api.build([texts], tmp_path / "store", jobs=2)
    again = api.build([texts], tmp_path / "store", jobs=2)
    assert sorted(first.built) == sorted(p.stem for p in texts.iterdir()) and first.triples > 0
    assert again.built == [] and sorted(again.unchanged) == sorted(first.built)


def test_more_pieces_than_the_window_lose_none_and_keep_their_order():
    """Regression: zip(work, range(window)) took one piece more from `work` than it submitted,
    and a build with --jobs 2 or on a cluster lost a chunk of 8 articles."""
    from concurrent.futures import Future

    def submit(piece):
        future = Future()
        future.set_result([piece * 10, piece * 10 + 1])
        return future
    assert list(batches.in_order(submit, range(7), 2)) == [n for p in range(7) for n in (p * 10, p * 10 + 1)]


@pytest.mark.slow
def test_a_build_on_a_dask_local_cluster_of_two_workers_gives_the_same_triples(bundled_store, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        result = api.build([ARTICLES_DIR], tmp_path / "store", cluster=cluster.scheduler_address, batch=2)
    gc.collect()
    assert len(result.built) == 5 and not result.skipped
    assert result.report.conforms and result.report.graphs == 5
    _same_store(tmp_path / "store", bundled_store)


def test_an_unreachable_cluster_is_one_clear_error():
    pytest.importorskip("distributed")
    from readout import cluster

    with pytest.raises(ReadoutError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        cluster.connect("tcp://127.0.0.1:9", timeout=2)


def test_an_unknown_name_labelled_two_ways_in_two_articles_keeps_one_label(tmp_path):
    """'African-Americans' in one article and 'African Americans' in another are one
    entity (one key): the store keeps the label `label_preference` ranks first, whatever
    order the articles are built in, and the entity-labels check finds nothing."""
    from readout.kg import iris
    import pyoxigraph as ox

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("The senator said the plan is an insult to all African-Americans in the city.\n")
    (texts / "b.txt").write_text("The governor said African Americans and Latinos will vote in November.\n")
    for order in ((texts / "a.txt", texts / "b.txt"), (texts / "b.txt", texts / "a.txt")):
        store = tmp_path / f"store-{order[0].stem}"
        api.build(list(order), store, batch=1)
        db = ox.Store.read_only(str(store))
        labels = {q.object.value for q in db.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                                                               None, ox.NamedNode(str(iris.ENTITIES_GRAPH)))
                  if "african" in q.object.value.lower()}
        del db
        assert labels == {"African Americans"}, (order, labels)
    assert api.query(store, "checks/entity-labels-violation").rows == []


def test_label_preference_puts_headline_capitals_and_hyphens_last():
    from readout.link.gazetteer import label_preference
    assert min(["LOS Angeles", "Los Angeles"], key=label_preference) == "Los Angeles"
    assert min(["African-Americans", "African Americans"], key=label_preference) == "African Americans"
