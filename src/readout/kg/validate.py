"""SHACL shapes and violation queries -> a Report for people and machines.

Three engines give the same results (`tests/test_shapes.py` holds them to it): pyshacl, the
reference; pyshacl-turbo (Rust); and `fast` (`readout.kg.fastshapes`: the core constraints
in `readout.kg.coreshapes`, the SHACL-SPARQL ones compiled to one Oxigraph query each),
which the build uses. Shapes run on each article graph on its own (so the cost grows linearly with the
corpus), with the ontology mixed in for the class hierarchy; the
`queries/checks/*-violation.rq` queries, whose every row is a failure, run once over all
graphs together (with the ontology) for what only shows across articles. pyshacl is driven
through its `Validator` class, not `pyshacl.validate()`, which resets rdflib's global
literal settings: nothing here changes any global state. The report itself is
`readout.kg.report`; how nodes are named in it, `readout.kg.naming`.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from readout.config import CHECKS_DIR, ONTOLOGY_FILE, SHAPES_DIR
from readout.errors import InputError
from readout.kg.iris import CORPUS_GRAPH, ENTITIES_GRAPH, ONTOLOGY_GRAPH
from readout.kg.naming import describe, oxigraph_label, whereabouts
from readout.kg.report import Report, Result, _curie, _local

ENGINES = ("pyshacl", "turbo", "fast")
_LOG = logging.getLogger(__name__)
__all__ = ["ENGINES", "Report", "Result", "check_results", "checks", "shape_results", "validate",
           "validate_graphs", "validate_store"]


def validate(data: Graph, engine: str = "pyshacl") -> Report:
    """Validate one graph: shapes on it, then the violation queries on it."""
    if len(data) == 0:
        raise InputError("the graph is empty: nothing to validate; give a graph readout built")
    return validate_graphs([data], engine=engine)


def validate_graphs(graphs: Iterable[Graph], union=None, engine: str = "pyshacl") -> Report:
    """Shapes on each graph on its own, then the violation queries over all of them.

    `union` is an Oxigraph store that already holds all the graphs and the ontology (a
    build's store); without it, one is made in memory.
    """
    import pyoxigraph as ox

    report = Report()
    fill = union is None
    if fill:
        union = ox.Store()
        union.bulk_load(ONTOLOGY_FILE.read_bytes(), format=ox.RdfFormat.TURTLE)
    for graph in graphs:
        report.results.extend(shape_results(graph, engine=engine))
        report.graphs += 1
        if fill:
            union.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    report.results.extend(check_results(union))
    report.checks = len(checks())
    return report


def validate_store(db, engine: str = "pyshacl") -> Report:
    """Shapes on each article graph of an Oxigraph store, then the checks over the union.

    Only one article graph is in memory at a time. The ontology graph is not data, and the
    corpus graph only links nodes of article graphs: neither meets the shapes on its own,
    and the checks see both through the union of all graphs. Each article graph is
    checked with the entities graph's descriptions of the entities it names.
    """
    import pyoxigraph as ox

    from readout.kg.graph import new_graph

    report = Report()
    from readout.store.embedded import descriptions

    skip = {str(ONTOLOGY_GRAPH), str(CORPUS_GRAPH), str(ENTITIES_GRAPH)}
    for name in sorted(g.value for g in db.named_graphs() if g.value not in skip):
        data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        graph = new_graph().parse(data=data.decode("utf-8"), format="nt")
        graph += descriptions(db, graph)   # each entity is described once, in the entities graph
        report.results.extend(shape_results(graph, owned=True, engine=engine))
        report.graphs += 1
    if not report.graphs:
        raise InputError("the store holds no article graph: nothing to validate; run 'readout build' first")
    report.results.extend(check_results(db))
    report.checks = len(checks())
    return report


def shape_results(data: Graph | None, owned: bool = False, engine: str = "pyshacl",
                  ntriples: str | None = None, terms=None) -> list[Result]:
    """Run the SHACL shapes on one graph with pyshacl (the reference), turbo or fast.

    The ontology is mixed into a copy of the graph (into the graph itself when `owned`:
    the caller will not use it again). `ntriples`, the graph already serialised, spares
    the fast engine serialising it again; given it, the fast engine needs no `data`, and
    given its triples' `terms` too (`readout.kg.graph.article_terms`), no parse of it.
    """
    if engine == "fast":
        from readout.kg import fastshapes

        return fastshapes.shape_results(data, ntriples, terms)
    if engine == "turbo":
        results_graph = _turbo(data)
    elif engine == "pyshacl":
        from pyshacl import Validator

        work = data if owned else _copy(data)
        options = {"inference": "none", "advanced": False, "allow_warnings": True,
                   "logger": _LOG, "inplace": True}
        validator = Validator(_prepared_data_graph(work), shacl_graph=shapes_graph(),
                              ont_graph=ontology_graph(), options=options)
        _, results_graph, _ = validator.run()
    else:
        raise InputError(f"no validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    return graph_results(results_graph, data)


def graph_results(results_graph: Graph, data: Graph) -> list[Result]:
    """The results of a SHACL validation report graph, each node named from `data`."""
    results = []
    for node in results_graph.objects(None, SH.result):   # not the nested sh:detail results
        def one(prop):
            return results_graph.value(node, prop)
        focus, value = one(SH.focusNode), one(SH.value)
        article, sentence = whereabouts(data, focus)
        results.append(Result(
            severity=_local(one(SH.resultSeverity)), shape=_shape_name(one(SH.sourceShape)),
            message=str(one(SH.resultMessage) or ""), focus=str(focus),
            focus_label=describe(data, focus), path=_path_name(results_graph, one(SH.resultPath)),
            constraint=_local(one(SH.sourceConstraintComponent)),
            value="" if value is None else str(value), value_is_iri=isinstance(value, URIRef),
            article=article, sentence=sentence))
    return results


@dataclass(frozen=True)
class Check:
    name: str
    message: str
    text: str


@lru_cache(maxsize=1)
def checks(directory: Path = CHECKS_DIR) -> tuple[Check, ...]:
    """The `*-violation.rq` queries: SELECT ?entity ?property ?value, every row a failure."""
    from readout.store import queries

    found = []
    for path in sorted(directory.glob("*-violation.rq")):
        stored = queries.parse(path)
        found.append(Check(path.stem.removesuffix("-violation"), stored.summary or path.stem, stored.text))
    return tuple(found)


def check_results(db) -> list[Result]:
    """Run every violation query on an Oxigraph store, over the union of its graphs."""
    import pyoxigraph as ox

    results = []
    for check in checks():
        for row in db.query(check.text, use_default_graph_as_union=True):
            entity, prop, value = row["entity"], row["property"], row["value"]
            label, article = oxigraph_label(db, entity)
            results.append(Result(
                severity="Violation", shape=f"check:{check.name}", message=check.message,
                focus=entity.value if entity is not None else "", focus_label=label,
                path=_curie(URIRef(prop.value)) if isinstance(prop, ox.NamedNode) else "",
                constraint=f"check:{check.name}",
                value="" if value is None else value.value,
                value_is_iri=isinstance(value, ox.NamedNode), article=article))
    return results


def _turbo(data: Graph) -> Graph:
    try:
        import pyshacl_turbo
    except ImportError:
        raise InputError("the turbo engine needs pyshacl-turbo: pip install 'pyshacl-turbo>=0.6.5,<0.7'") from None
    _, results_graph, _ = pyshacl_turbo.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                                 inference="none", allow_warnings=True)
    return results_graph


def _copy(data: Graph) -> Graph:
    copy = Graph()
    for triple in data:
        copy.add(triple)
    return copy


def _prepared_data_graph(graph: Graph):
    """pyshacl's rdflib data graph, but parsing each SHACL-SPARQL query once per process.

    pyshacl hands rdflib the query text for every focus node and graph; parsing it is
    nine tenths of the time on an article graph. The results are the same.
    """
    return _prepared_graph_class()(graph.store, graph)


@lru_cache(maxsize=1)
def _prepared_graph_class():
    from pyshacl.graph_abstraction import RdfLibDataGraph

    class PreparedQueries(RdfLibDataGraph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = _prepared_query(query_object)
            return super().query(query_object, *args, **kwargs)

    return PreparedQueries


@lru_cache(maxsize=256)
def _prepared_query(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


# ---- small helpers ----------------------------------------------------------------------

def _path_name(graph: Graph, path) -> str:
    """A property path as a CURIE; an inverse path as ^CURIE."""
    if isinstance(path, BNode) and graph.value(path, SH.inversePath) is not None:
        return "^" + _curie(graph.value(path, SH.inversePath))
    return _curie(path)


def _shape_name(shape) -> str:
    """Blank property shapes are named by the node shape that holds them."""
    if isinstance(shape, BNode):
        owner = shapes_graph().value(None, SH.property, shape) or shapes_graph().value(None, SH.sparql, shape)
        if owner is not None:
            return _curie(owner)
    return _curie(shape)
