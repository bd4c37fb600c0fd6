"""The library's entry points; the CLI is a thin layer over these. Nothing here prints."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from readout.kg import iris
from readout.store import embedded as stores
from readout.config import ARTICLES_DIR, ONTOLOGY_FILE
from readout.errors import QueryError, ReadoutError
from readout.ingest.reader import InputProblem, read_articles
from readout.store.results import Table
from readout.kg.validate import Report


@dataclass
class BuildResult:
    store: Path
    built: list[str] = field(default_factory=list)
    skipped: list[InputProblem] = field(default_factory=list)
    triples: int = 0
    report: Report | None = None
    unchanged: list[str] = field(default_factory=list)  # same text hash: not processed again


def build(inputs: list[Path] | None = None, store_dir: Path = Path("readout-store"),
          progress: Callable[[int, int, str | None], None] | None = None, jobs: int = 1) -> BuildResult:
    """Read, extract, validate and store articles; one named graph per article.

    `progress(done, total, article_id)` is called once before extraction starts (0, total,
    None) and after each article is extracted, so a caller can show a count and an ETA.

    Incremental: an article whose graph already holds its text hash (and was written by
    this readout version) is not extracted again. Every graph of the build is written in
    one transaction, so a build that fails leaves the previous store as it was.
    """
    from readout import __version__
    from readout.kg.graph import article_graph
    from readout.kg.validate import validate_graphs

    articles, problems = read_articles(list(inputs or [ARTICLES_DIR]))
    result = BuildResult(store=Path(store_dir), skipped=list(problems))
    if not articles:      # nothing readable: leave the store (or its absence) as it was
        return result
    db = stores.open_store(result.store, create=True)  # held until the end: one build at a time
    try:
        known = stores.stored_hashes(db, str(iris.activity("readout-extraction", __version__)))
        fresh = [a for a in articles if known.get(str(iris.article_graph(a.id))) != a.sha256]
        result.unchanged = [a.id for a in articles if a.id not in {f.id for f in fresh}]
        graphs: dict[str, Graph] = {}
        if progress:
            progress(0, len(fresh), None)
        for done, facts in enumerate(_safe_extract(fresh, result.skipped, jobs) if fresh else (), 1):
            try:
                graphs[facts.article.id] = article_graph(facts)
            except Exception as err:  # one bad article never stops the others
                result.skipped.append(InputProblem(facts.article.id, f"could not build its graph ({err})"))
            if progress:
                progress(done, len(fresh), facts.article.id)
        writes = {str(iris.article_graph(article_id)): graph for article_id, graph in graphs.items()}
        ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
        if not stores.holds(db, str(iris.ONTOLOGY_GRAPH), ontology):
            writes[str(iris.ONTOLOGY_GRAPH)] = ontology
        corpus = _corpus_graph(db, writes)
        if corpus is not None and not stores.holds(db, str(iris.CORPUS_GRAPH), corpus):
            writes[str(iris.CORPUS_GRAPH)] = corpus
        stores.write_graphs(db, writes)
        db.flush()
        # shapes on each new article graph, checks over everything the store now holds
        result.report = validate_graphs(graphs.values(), union=db)
        result.built = list(graphs)
        result.triples = sum(len(graph) for graph in graphs.values())
    finally:
        del db
        # validation can leave a frame holding the store in a reference cycle: collect it
        # now, or the store stays locked and the next open in this process fails
        import gc
        gc.collect()
    return result


def _corpus_graph(db, writes: dict[str, Graph]) -> Graph | None:
    """Cross-article facts computed from all article graphs, stored and new.

    None until `readout.corpus.corpus_graph(articles: Graph) -> Graph` exists.
    """
    try:
        from readout.kg import corpus
    except ImportError:
        return None
    compute = getattr(corpus, "corpus_graph", None)
    if compute is None:
        return None
    prefix = str(iris.article_graph("x"))[:-1]
    stored = [g for g in stores.graph_names(db) if g.startswith(prefix) and g not in writes]
    union = stores.dataset(db, stored)
    for name, graph in writes.items():
        if name.startswith(prefix):
            union += graph
    return compute(union)


def _safe_extract(articles, problems, jobs: int = 1):
    """Extract article by article so that one failure skips only that article; in `jobs`
    processes (each loading the model once) when jobs > 1, results in input order."""
    if jobs <= 1 or len(articles) < 2:
        chunks = [_extract_each(articles)]   # one article at a time, so progress shows
    else:
        from concurrent.futures import ProcessPoolExecutor

        size = -(-len(articles) // jobs)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunks = pool.map(_extract_chunk, [articles[i:i + size] for i in range(0, len(articles), size)])
    for chunk in chunks:
        for found in chunk:
            if isinstance(found, InputProblem):
                problems.append(found)
            else:
                yield found


def _extract_chunk(articles) -> list:
    return list(_extract_each(articles))


def _extract_each(articles):
    from readout.extract import nlp
    from readout.extract.pipeline import extract_doc
    from readout.link.gazetteer import default

    gazetteer = default()
    for article, doc in zip(articles, nlp.parse(a.text for a in articles)):
        try:
            yield extract_doc(article, doc, gazetteer)
        except Exception as err:
            yield InputProblem(article.id, f"extraction failed ({type(err).__name__}: {err})")


def validate(source: Path, engine: str = "pyshacl") -> Report:
    """Validate a store directory (article graph by article graph) or an RDF file.

    `engine` is "pyshacl" (the reference) or "turbo" (pyshacl-turbo, faster on large stores).
    """
    from readout.kg.validate import validate as shacl, validate_store

    if Path(source).is_dir():
        return validate_store(stores.open_store(Path(source)), engine=engine)
    return shacl(load_graph(source), engine=engine)


def load_graph(source: Path) -> Graph:
    from readout.kg.graph import new_graph

    source = Path(source)
    if source.is_dir():
        return stores.dataset(stores.open_store(source))
    if not source.is_file():
        raise ReadoutError(f"{source}: no such store or file; run 'readout build' first")
    graph = new_graph()
    try:
        from rdflib import Dataset

        quads = Dataset()   # TriG and N-Quads (readout's own exports) keep named graphs: merge them
        quads.parse(source)
        for s, p, o, _g in quads.quads((None, None, None, None)):
            graph.add((s, p, o))
    except Exception as err:
        raise ReadoutError(f"{source}: cannot parse it as RDF ({type(err).__name__}); "
                           f"give a Turtle, N-Triples, N-Quads or TriG file") from None
    return graph


def query(store_dir: Path | None, name_or_path: str | None = None, sparql: str | None = None,
          params: dict[str, str] | None = None, endpoint: str | None = None,
          timeout: float | None = None) -> Table:
    """Run a stored query, a query file or inline SPARQL, read-only.

    On the embedded store at `store_dir` by default (the default graph is the union of
    all graphs); with `endpoint`, on a remote SPARQL 1.1 endpoint over the protocol.
    Parameters are bound as RDF terms, never pasted into the query text.
    """
    from readout.store import queries
    from readout.store import sparql_client

    if sparql is not None:
        stored = queries.parse(Path("inline.rq"), sparql, strict=False)
    elif name_or_path:
        stored = queries.find(name_or_path)
    else:
        raise QueryError("give a stored query name, a .rq file or --sparql TEXT")
    bound = queries.bindings(stored, params or {})
    if sparql_client.is_update(stored.text):
        raise QueryError("readout query is read-only: SPARQL updates are refused")
    parameters = [p.variable for p in stored.parameters]
    if endpoint:
        return sparql_client.run(endpoint, queries.with_values(stored.text, bound),
                                 timeout or sparql_client.DEFAULT_TIMEOUT).without(parameters)
    if store_dir is None:
        raise QueryError("give a store directory (--store DIR) or a SPARQL endpoint (--endpoint URL)")
    db = stores.open_store(store_dir)
    try:
        answer = db.query(stored.text, use_default_graph_as_union=True, substitutions=bound)
        table = Table.from_oxigraph(answer)       # results are read lazily: SERVICE calls too
    except SyntaxError as err:
        raise QueryError(f"invalid SPARQL in {stored.name}: {str(err).splitlines()[0]}") from None
    except OSError as err:       # a SERVICE endpoint that cannot be reached
        from readout.errors import EndpointError

        raise EndpointError(f"{stored.name}: a SERVICE endpoint of the query cannot be reached "
                            f"({str(err)[:200]}); check the network and the SERVICE URL") from None
    except RuntimeError as err:  # e.g. a parameter missing from the SELECT projection
        raise QueryError(f"cannot run {stored.name}: {err}; a stored query must SELECT "
                         f"each of its ?_parameters") from None
    return table.without(parameters)


def load(store_dir: Path, endpoint: str, graph: str | None = None, replace: bool = False,
         user: str | None = None, password: str | None = None, timeout: float | None = None,
         retries: int | None = None, progress=None):
    """Push the store to a SPARQL 1.1 Graph Store endpoint; returns a `gsp.LoadSummary`.

    One request per named graph, or everything into `graph`; PUT with `replace`, else POST.
    """
    from readout.store import gsp

    client = gsp.GraphStore(endpoint, user, password, timeout or gsp.DEFAULT_TIMEOUT,
                            gsp.DEFAULT_RETRIES if retries is None else retries)
    db = stores.open_store(store_dir)
    try:
        return gsp.load(stores.ntriples_parts(db, graph), client, replace, progress)
    finally:
        del db


def export(store_dir: Path, fmt: str = "turtle") -> bytes:
    return stores.export(stores.open_store(store_dir), fmt)
