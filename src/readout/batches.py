"""A build in batches: each article extracted, turned into its graph and validated where the
work is (this process, `jobs` processes, or a Dask cluster: `readout.cluster`), and the
results written to the store a batch at a time, each batch one transaction, in a thread
while the next batch is extracted (`Writer`).

The unit of work is `process(articles)`: it loads the spaCy model once per process and
returns, per article, its graph as N-Triples and the shape results on it (`Built`), or the
problem that stopped it. Nothing of an article is kept after its batch is written, so
memory stays flat however many articles there are. The cross-article graph is computed
once at the end from an index of claims and events read from the store, not from every
article graph (docs/decisions/20261202-build-in-batches.md); when the store already holds
one, only this build's claims are compared, with the stored claims of the same speakers
(`corpus_links`).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from readout.facts import Article
from readout.ingest.reader import InputProblem
from readout.kg import iris
from readout.kg.report import Report, Result
from readout.kg.vocabulary import RO
from readout.store import embedded as stores

BATCH = 32        # articles per store transaction
CHUNK = 4         # articles per task sent to a process or a Dask worker (small: the last
                  # tasks keep every process busy)
LAST = 4          # the last `batch` articles are written this many at a time: each small
                  # batch is written while the next is extracted, so the build ends soon
                  # after its last article instead of waiting for a whole batch's write


@dataclass
class Built:
    """One article's outcome, as a process or a Dask worker sends it back."""
    id: str
    graph: str                   # the article's named graph IRI
    ntriples: str                # its triples, one N-Triples line each
    triples: int
    results: list[Result] = field(default_factory=list)   # the shapes on it


def process(articles: list[Article]) -> list[Built | InputProblem]:
    """Extract, graph and validate articles in this process; one failure skips one article."""
    return list(each(articles))


def each(articles: Iterable[Article]) -> Iterator[Built | InputProblem]:
    """`process`, one article's outcome at a time as soon as it is ready."""
    from readout.extract import nlp
    from readout.extract.pipeline import extract_doc
    from readout.kg.graph import article_terms
    from readout.kg.validate import shape_results
    from readout.link.gazetteer import default

    gazetteer = default()
    articles = list(articles)
    for article, doc in zip(articles, nlp.parse(a.text for a in articles)):
        try:
            facts = extract_doc(article, doc, gazetteer)
        except Exception as err:  # one bad article never stops the others
            yield InputProblem(article.id, f"extraction failed ({type(err).__name__}: {err})")
            continue
        try:
            text, count, terms = article_terms(facts)
            results = shape_results(None, engine="fast", ntriples=text, terms=terms)
        except Exception as err:
            yield InputProblem(article.id, f"could not build its graph ({err})")
            continue
        yield Built(article.id, str(iris.article_graph(article.id)), text, count, results)


def local(articles: list[Article], jobs: int = 1) -> Iterator[Built | InputProblem]:
    """`process` over the articles in this process, or in `jobs` processes, in input order,
    with a bounded number of chunks in flight.

    The model and the compiled shapes are loaded here before the processes start: forked,
    each starts with them (no load per process, pages shared until written), and with the
    garbage collector's objects frozen, so that a collection in a process does not copy
    every page of the model it touches. In this process too, the objects loaded before the
    first article are frozen while it runs: a full collection does not walk the model.
    """
    import gc

    if not articles:
        return
    if jobs <= 1 or len(articles) <= CHUNK:
        warm_up()
        gc.freeze()     # the model's objects are not scanned again by each full collection
        try:
            yield from each(articles)
        finally:
            gc.unfreeze()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":
        warm_up()
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # 4 chunks per process in flight: a slow chunk at the head of the order does not
            # leave the other processes idle while it finishes; the last articles one at a time
            yield from in_order(lambda chunk: pool.submit(process, chunk), chunks(articles, tail=2 * jobs),
                                4 * jobs)
    finally:
        gc.unfreeze()


def warm_up() -> None:
    """Load what `process` loads once per process: the model, the gazetteer, the shapes."""
    from readout.extract import nlp
    from readout.kg import fastshapes

    nlp.pipeline()
    fastshapes.sparql_checks()
    fastshapes._ontology_data()


def chunks(articles: list[Article], size: int = CHUNK, tail: int = 0) -> list[list[Article]]:
    """Articles `size` at a time, and the last `tail` one at a time: the processes then end
    their last tasks about together instead of one waiting for another's last chunk."""
    cut = max(0, len(articles) - tail)
    return [articles[i:min(i + size, cut)] for i in range(0, cut, size)] + [[a] for a in articles[cut:]]


def in_order(submit, work: Iterable, window: int) -> Iterator:
    """The items of each `submit(piece).result()`, pieces in order, at most `window` in flight
    (so that finished work waits in memory only as long as the writer needs to catch up)."""
    work = iter(work)
    pending = deque(submit(piece) for _, piece in zip(range(window), work))   # range first: zip
    # pulls from its first iterator before it sees the second one end
    while pending:
        done = pending.popleft().result()
        for piece in work:
            pending.append(submit(piece))
            break
        yield from done


def write(db, outcomes: Iterable[Built | InputProblem], problems: list[InputProblem],
          progress: Callable[[int, int, str | None], None] | None = None, batch: int = BATCH,
          total: int = 0) -> tuple[list[str], int, Report]:
    """Write outcomes to the store a batch at a time, each batch one transaction, in a
    thread while the next batch is extracted (`Writer`).

    The first batch also drops the cross-article graph, which `finish` writes anew: a build
    that fails midway leaves the batches written so far and no cross-article graph that
    could disagree with them (the next build computes it). Returns the ids built, their
    triple count and the report of the shapes on them. `progress(done, total, id)` is told
    of each article as it comes back (`total` articles in all); the last `batch` of
    them are written `LAST` at a time.
    """
    built, triples, report, pending = [], 0, Report(), []
    drop, writer = [str(iris.CORPUS_GRAPH)], Writer(db)
    if progress:
        progress(0, total, None)
    try:
        for done, outcome in enumerate(outcomes, 1):
            if progress:
                progress(done, total, outcome.id if isinstance(outcome, Built) else outcome.name)
            if isinstance(outcome, InputProblem):
                problems.append(outcome)
            else:
                pending.append(outcome)
                built.append(outcome.id)
                triples += outcome.triples
                report.results.extend(outcome.results)
                report.graphs += 1
            if len(pending) >= (batch if total - done >= batch else min(batch, LAST)):
                writer.submit(pending, drop)
                drop, pending = [], []
        if pending:
            writer.submit(pending, drop)
        writer.wait()
    finally:
        writer.join()       # an error already on its way is not hidden by the writer's
    return built, triples, report


def store_batch(db, pending: list[Built], drop: list[str]) -> None:
    """One batch into the store, all or nothing: article graphs without the entity
    descriptions, which go to the entities graph (one label an entity); `drop` dropped.
    New article graphs are bulk-loaded under a journal, the rest is one transaction
    (`readout.store.bulk`); with nothing new, the whole batch is one transaction. Then the
    store's write buffers are flushed (else RocksDB's grow with the store: 800 MB at 700
    articles)."""
    import pyoxigraph as ox

    from readout.kg.graph import split_descriptions
    from readout.store import bulk

    graphs, described = {}, []
    for b in pending:   # each entity described once, in the entities graph
        graphs[b.graph], entities = split_descriptions(b.ntriples)
        described.append(entities)
    # one label an entity: of those the articles give it, the one label_preference ranks first
    entities, relabelled = stores.one_label(db, str(iris.ENTITIES_GRAPH), "".join(described))
    # a new graph: nothing to drop (a DROP costs a scan)
    new = {n: graphs.pop(n) for n in list(graphs) if not db.contains_named_graph(ox.NamedNode(n))}

    def rest(journal: list[str], add: dict[str, str] | None = None) -> None:
        stores.write_ntriples(db, graphs, drop=[*drop, *journal],
                              add={str(iris.ENTITIES_GRAPH): entities, **(add or {})},
                              remove={str(iris.ENTITIES_GRAPH): relabelled})
    if not bulk.write(db, new, rest):
        rest([], new)
    db.flush()


class Writer:
    """`store_batch` of one batch at a time in a thread, while this thread extracts the next
    batch: Oxigraph reads, writes and flushes without the GIL, so on two cores the store
    writes cost the build next to no wall-clock time. A batch starts once the batch before
    is committed; an error of a batch is raised at the next `submit` or `wait`, so the
    batches before it stay committed and none after it is written."""

    def __init__(self, db):
        self.db, self.thread, self.error = db, None, None

    def submit(self, pending: list[Built], drop: list[str]) -> None:
        import threading

        self.wait()

        def run():
            try:
                store_batch(self.db, pending, drop)
            except BaseException as err:    # raised in the building thread by `wait`
                self.error = err
        self.thread = threading.Thread(target=run, name="readout-writer", daemon=True)
        self.thread.start()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None

    def wait(self) -> None:
        self.join()
        if self.error is not None:
            error, self.error = self.error, None
            raise error


def one_malloc_arena() -> None:
    """Have glibc's malloc serve every thread from one arena. By default each thread that
    allocates gets its own, and memory freed in one is not reused by another: with the
    `Writer` thread, a `--jobs 1` build of the 839 PolNeAR train articles peaked at 1,023 MB
    (855 MB with one arena, 862 MB with the store written in the building thread). Process
    wide, so the CLI calls it, which owns its process; nothing where the C library has no
    `mallopt`."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(-8, 1)      # M_ARENA_MAX (malloc.h), at most one arena


def claims_before(db, articles: list[Article]) -> dict[str, str] | None:
    """What the store's cross-article graph says of the stored claims (statement ->
    representative), read before a build drops that graph; None when the new claims cannot
    be compared incrementally: no cross-article graph (a fresh store, or a build that failed
    midway) or an article of this build replaces a stored graph (its old claims go)."""
    import pyoxigraph as ox

    if not db.contains_named_graph(ox.NamedNode(str(iris.CORPUS_GRAPH))) or any(
            db.contains_named_graph(ox.NamedNode(str(iris.article_graph(a.id)))) for a in articles):
        return None
    rows = db.query(f"SELECT ?s ?o WHERE {{ GRAPH <{iris.CORPUS_GRAPH}> {{ ?s <{RO.sameClaimAs}> ?o }} }}")
    return {row["s"].value: row["o"].value for row in rows}


def finish(db, report: Report, built: list[str] = (), before: dict[str, str] | None = None) -> Report:
    """The ontology and cross-article graphs (each rewritten only when it changed), then the
    cross-article checks over everything the store now holds. With `before` (see
    `claims_before`), only the claims of the articles `built` now are compared."""
    from rdflib import Graph

    from readout.config import ONTOLOGY_FILE
    from readout.kg.graph import corpus_graph
    from readout.kg.validate import check_results, checks

    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    if not stores.holds(db, str(iris.ONTOLOGY_GRAPH), ontology):
        stores.write_graphs(db, {str(iris.ONTOLOGY_GRAPH): ontology})
    graph = corpus_graph(corpus_links(db, built, before))
    if not stores.holds(db, str(iris.CORPUS_GRAPH), graph):
        stores.write_graphs(db, {str(iris.CORPUS_GRAPH): graph})
    db.flush()
    report.results.extend(check_results(db))
    report.checks = len(checks())
    return report


def corpus_links(db, built: list[str] = (), before: dict[str, str] | None = None):
    """`corpus.links` of all article graphs; with `before`, the claims of the articles
    `built` compared with the stored claims of their speakers only."""
    from readout.kg import corpus

    events = corpus.event_joins(_construct(db, _EVENTS))
    if before is None:
        return corpus.CorpusLinks(events=events, same_claims=corpus.same_claims(_claim_rows(db)))
    graphs = " ".join(f"<{iris.article_graph(a)}>" for a in built)
    new = _claim_rows(db, f"VALUES ?g {{ {graphs} }}") if built else []
    speakers = " ".join(sorted({f"<{speaker}>" for speaker, *_ in new}))
    stored = _claim_rows(db, f"VALUES ?speaker {{ {speakers} }}") if new else []
    return corpus.CorpusLinks(events=events, same_claims=corpus.same_claims(new, stored, before))


def _claim_rows(db, restrict: str = "") -> list:
    """`corpus.claim_rows` of the article graphs, read as rows (no rdflib graph)."""
    query = _ROWS.format(prefix=str(iris.article_graph("x"))[:-1], restrict=restrict)
    return sorted((r["speaker"].value, r["s"].value, r["article"].value, r["content"].value)
                  for r in db.query(query))


# What the cross-article rules read (readout.kg.corpus), from the article graphs only: the
# claim of each statement (all, those of some graphs, or those of some speakers), and every
# triple of each event and event mention.
_PREFIXES = """PREFIX ro: <https://w3id.org/readout/ontology#>
PREFIX gaf: <http://groundedannotationframework.org/gaf#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
_CLAIMS = _PREFIXES + """CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {restrict}
  GRAPH ?g {{ ?s a ro:Statement ; ro:speaker ?speaker ; ?p ?o .
    VALUES ?p {{ rdf:type ro:speaker ro:reportedIn ro:contentText ro:isReaderComment }} }}
  FILTER (STRSTARTS(STR(?g), "{prefix}"))
}}"""
_ROWS = _PREFIXES + """SELECT ?speaker ?s ?article ?content WHERE {{
  {restrict}
  GRAPH ?g {{ ?s a ro:Statement ; ro:speaker ?speaker ; ro:reportedIn ?article ; ro:contentText ?content .
    FILTER NOT EXISTS {{ ?s ro:isReaderComment true }} }}
  FILTER (STRSTARTS(STR(?g), "{prefix}"))
}}"""
_EVENTS = _PREFIXES + """CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {restrict}
  GRAPH ?g {{ {{ ?s gaf:denotedBy ?mention ; ?p ?o }} UNION {{ ?event gaf:denotedBy ?s . ?s ?p ?o }} }}
  FILTER (STRSTARTS(STR(?g), "{prefix}"))
}}"""


def corpus_index(db):
    """The claims and events of all article graphs, as one small rdflib graph (duplicates
    across articles merged), read by two queries instead of loading every article graph."""
    return _construct(db, _CLAIMS) + _construct(db, _EVENTS)


def _construct(db, query: str, restrict: str = ""):
    import pyoxigraph as ox

    from readout.kg.graph import new_graph

    triples = db.query(query.format(prefix=str(iris.article_graph("x"))[:-1], restrict=restrict))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return new_graph().parse(data=data.decode("utf-8"), format="nt")
