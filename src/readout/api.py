"""The library's entry points; the CLI is a thin layer over these. Nothing here prints."""
from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from readout.kg import iris
from readout.store import embedded as stores
from readout.config import ARTICLES_DIR
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
          progress: Callable[[int, int, str | None], None] | None = None, jobs: int = 1,
          cluster: str | None = None, batch: int | None = None) -> BuildResult:
    """Read, extract, validate and store articles; one named graph per article.

    `progress(done, total, article_id)` is called once before extraction starts (0, total,
    None) and after each article is extracted, so a caller can show a count and an ETA.

    Incremental: an article whose graph already holds its text hash (and was written by
    this readout version) is not extracted again. Articles are extracted and validated in
    this process, in `jobs` processes, or on the Dask cluster at `cluster` (a scheduler
    address), and written `batch` at a time, each batch one transaction: a build that
    fails keeps the batches before it, and a rerun skips them (`readout.batches`).
    """
    from readout import __version__
    from readout import batches

    articles, problems = read_articles(list(inputs or [ARTICLES_DIR]))
    result = BuildResult(store=Path(store_dir), skipped=list(problems))
    if not articles:      # nothing readable: leave the store (or its absence) as it was
        return result
    db = stores.open_store(result.store, create=True)  # held until the end: one build at a time
    try:
        known = stores.stored_hashes(db, str(iris.activity("readout-extraction", __version__)))
        fresh = [a for a in articles if known.get(str(iris.article_graph(a.id))) != a.sha256]
        stored_as = {sha: graph for graph, sha in known.items()}   # one text, one article
        for art in [a for a in fresh if stored_as.get(a.sha256, str(iris.article_graph(a.id)))
                    != str(iris.article_graph(a.id))]:
            fresh.remove(art)
            articles.remove(art)
            other = stored_as[art.sha256].rsplit("/", 1)[-1]
            result.skipped.append(InputProblem(art.id, f"the same text as the stored article "
                                               f"{other!r}; an article is read once"))
        result.unchanged = [a.id for a in articles if a.id not in {f.id for f in fresh}]
        if cluster:
            from readout import cluster as dask_cluster

            outcomes = dask_cluster.outcomes(fresh, cluster)
        else:
            outcomes = batches.local(fresh, jobs)
        before = batches.claims_before(db, fresh)
        result.built, result.triples, report = batches.write(
            db, outcomes, result.skipped, progress, batch or batches.BATCH, len(fresh))
        result.report = batches.finish(db, report, result.built, before)
    finally:
        # validation can leave a frame holding the store in a reference cycle: collect it
        # now, or the store stays locked and the next open in this process fails; a full
        # collection walks every object (0.5 s after a build), so only when something
        # besides this frame still holds the store (getrefcount counts its own argument)
        held = sys.getrefcount(db) > 2
        del db
        if held:
            import gc
            gc.collect()
    return result


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
          timeout: float | None = None, plain: bool = False) -> Table:
    """Run a stored query, a query file or inline SPARQL, read-only.

    On the embedded store at `store_dir` by default (the default graph is the union of
    all graphs); with `endpoint`, on a remote SPARQL 1.1 endpoint over the protocol.
    Parameters are bound as RDF terms, never pasted into the query text. With `plain`, the
    embedded store's rows are plain strings, for every format but json (faster).
    """
    from readout.store import queries
    from readout.store import sparql_client

    if sparql is not None:
        stored = queries.parse(Path("inline.rq"), sparql, strict=False)
    elif name_or_path:
        stored = queries.find(name_or_path)
    else:
        raise QueryError("give a stored query name, a .rq file or --sparql TEXT")
    if not endpoint and store_dir is not None and params:
        params = _entity_params(stored, params, store_dir)
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
        # (results are read lazily: SERVICE calls too; `plain`: see `Table.from_oxigraph`)
        table = Table.from_oxigraph(answer, plain=plain)
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


_ENTITY_FOR = """SELECT DISTINCT ?e ?value WHERE {
  { ?e <http://www.w3.org/2004/02/skos/core#exactMatch> ?value }
  UNION { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER (LCASE(STR(?label)) = LCASE(?value)) }
  FILTER (STRSTARTS(STR(?e), "https://w3id.org/readout/id/entity/")) } ORDER BY ?e"""


def _entity_params(stored, params: dict[str, str], store_dir: Path) -> dict[str, str]:
    """An IRI parameter may also name an entity by its Wikidata IRI or its label: each is
    replaced by the readout entity IRI it names in the store (an error when none or several)."""
    import pyoxigraph as ox

    wikidata = "http://www.wikidata.org/entity/"
    todo = {p.name for p in stored.parameters if p.type == "iri"}
    todo = {name for name in todo if name in params and not params[name].startswith(str(iris.ID))}
    todo = {name for name in todo if params[name].startswith(wikidata) or ":" not in params[name]}
    if not todo:
        return params
    resolved = dict(params)
    db = stores.open_store(store_dir)
    for name in sorted(todo):
        value = params[name].strip()
        term = ox.NamedNode(value) if value.startswith(wikidata) else ox.Literal(value)
        found = [row["e"].value for row in db.query(_ENTITY_FOR, use_default_graph_as_union=True,
                                                    substitutions={ox.Variable("value"): term})]
        if len(found) != 1:
            what = "no entity" if not found else f"{len(found)} entities ({', '.join(found[:3])})"
            raise QueryError(f"--param {name}={value!r} names {what} in the store; give the entity's "
                             f"IRI (run 'readout query entities' to list them)")
        resolved[name] = found[0]
    return resolved


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
