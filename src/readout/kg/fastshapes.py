"""The fast SHACL engine of the build: the same shapes and the same results as pyshacl (the
reference), at a fraction of its cost.

- Core constraints (counts, datatypes, classes, patterns, `sh:or`, ...) run in
  `readout.kg.coreshapes`, the shapes compiled once per process and the article read from
  its N-Triples text into an index of plain strings (no rdflib graph is built unless a
  result needs naming). It replaced pyshacl-turbo, which rebuilt a graph of its own for
  each article: 0.8 against 2.4 CPU-s on the 84 PolNeAR dev graphs.
- SHACL-SPARQL constraints (grounding against `nif:isString`, spans in their article, ...)
  are compiled once into one set-based query each: the shape's targets joined with the
  constraint's SELECT (`$this` becomes a variable bound by the targets instead of a
  pre-bound value), run by Oxigraph over the article graph. pyshacl runs the same SELECT
  once per focus node through rdflib, which was two thirds of a build. The shipped ones are
  checked in Python over the core constraints' index instead (`readout.kg.grounding`,
  `readout.kg.constraints`), each only for its very query: no store is loaded for them.

Both see the article graph with the ontology mixed in exactly as pyshacl mixes it in
(`pyshacl.rdfutil.inoculate`, computed once). `tests/test_shapes.py` checks that this
engine gives pyshacl's results, field for field, on every planted violation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from readout.errors import InputError
from readout.kg.ntriples import from_oxigraph
from readout.kg.report import Result, _curie, _local

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_THIS = re.compile(r"\$this\b")


@dataclass(frozen=True)
class SparqlCheck:
    """One SHACL-SPARQL constraint of one node shape, as one query over all its targets."""
    shape: str          # the node shape, as a CURIE
    message: str
    severity: str       # Violation | Warning | Info
    query: str
    native: str = ""    # the constraint's IRI when `readout.kg.grounding` or `.constraints` checks it
    targets: tuple = ()  # the shape's (kind, IRI) targets, for `readout.kg.constraints`


def shape_results(data: Graph | None, ntriples: str | None = None, terms=None) -> list[Result]:
    """The shapes on one graph, given as rdflib, as N-Triples text, or both. From text
    alone, an rdflib graph is parsed only to name the nodes of results (the build's article
    graphs mostly have none). `terms`, the text's triples as their three terms, spares
    cutting its lines again (`readout.kg.graph.article_terms`): they are this engine's terms
    as they are, each literal already in its canonical form (tests/test_graph_ntriples.py)."""
    if ntriples is None:
        ntriples = data.serialize(format="nt")
    from readout.kg import coreshapes, ntriples as nt

    named = _Named(data, ntriples)
    if terms is not None:
        found = terms
    else:
        found = nt.parse(named.ntriples) if named.data is None else nt.triples(named.data)
    index = named.index = coreshapes.Data(found, _core().backwards(), _ontology_data())
    return _core_results(named, index) + _sparql_results(named, index)


class _Named:
    """The data graph that results are named from: the rdflib graph when given, else the
    shapes' index of its text (`naming.Indexed`)."""

    def __init__(self, data: Graph | None, ntriples: str):
        self.data, self.ntriples, self.index = data, ntriples, None

    @property
    def graph(self):
        if self.data is None:
            from readout.kg.naming import Indexed

            self.data = Indexed(self.index)
        return self.data


def _core_results(named: _Named, index) -> list[Result]:
    """The core constraints on the article, indexed (`coreshapes.Data`)."""
    from readout.kg import coreshapes, ntriples
    from readout.kg.naming import describe, whereabouts

    shapes = _core()
    results = []
    for failure in coreshapes.failures(shapes, index):
        shape, data = failure.shape, named.graph
        focus = ntriples.term(failure.focus)
        value = None if failure.value is None else ntriples.term(failure.value)
        article, sentence = whereabouts(data, focus)
        results.append(Result(
            severity=shape.severity, shape=shape.name, message=shape.message, focus=str(focus),
            focus_label=describe(data, focus), path=shape.path_name, constraint=failure.component,
            value="" if value is None else str(value), value_is_iri=isinstance(value, URIRef),
            article=article, sentence=sentence))
    return results


def _sparql_results(named: _Named, index) -> list[Result]:
    """The SHACL-SPARQL constraints on the article: in Python on `index` where
    `readout.kg.grounding` (the grounding of spans, in one pass) and `readout.kg.constraints`
    (the others) stand for the query, otherwise as queries on Oxigraph."""
    import pyoxigraph as ox

    from readout.kg import constraints, coreshapes, grounding, ntriples

    checks = sparql_checks()
    spans = grounding.violations(index) if any(c.native in grounding.PATHS for c in checks) else None
    # (the index holds integers canonical: an article that writes one otherwise is left to the
    # queries, which see it as written)
    canonical = constraints.written_canonically(named.ntriples)
    store, results, focus = None, [], {}
    for check in checks:
        terms = None
        if check.native in grounding.PATHS and spans is not None:
            path = URIRef(grounding.PATHS[check.native])
            terms = [(ntriples.term(focus), path, ntriples.term(value)) for focus, value in spans[check.native]]
        elif check.native in constraints.QUERIES and canonical:
            if check.targets not in focus:
                focus[check.targets] = sorted(coreshapes.focus_nodes(check.targets, index))
            rows = constraints.rows(check.native, index, focus[check.targets])
            if rows is not None:
                terms = [(ntriples.term(focus), URIRef(path[1:-1]), ntriples.term(focus if value is None else value))
                         for focus, path, value in rows]
        if terms is None:
            if store is None:
                # one store for article and ontology, filled with `load` (cheaper than
                # `bulk_load` for a graph this small: 0.63 vs 0.77 CPU-s on PolNeAR dev); the
                # ontology kept in a store of its own per process, queried with each article
                # as one default graph, was 2x slower
                store = ox.Store()
                store.load((named.ntriples + "\n" + _ontology_ntriples()).encode("utf-8"),
                           format=ox.RdfFormat.N_TRIPLES)
            terms = [(from_oxigraph(row["this"]), None if row["path"] is None else URIRef(row["path"].value),
                      from_oxigraph(row["value"] if row["value"] is not None else row["this"]))
                     for row in store.query(check.query)]
        results += _named_results(check, named, terms)
    return results


def _named_results(check: SparqlCheck, named: _Named, terms) -> list[Result]:
    """One result per distinct (focus, path, value), each named for a person."""
    from readout.kg.naming import describe, whereabouts

    results, seen = [], set()
    for node, path, value in terms:
        if (node, path, value) in seen:
            continue
        seen.add((node, path, value))
        data = named.graph
        article, sentence = whereabouts(data, node)
        results.append(Result(
            severity=check.severity, shape=check.shape, message=check.message, focus=str(node),
            focus_label=describe(data, node), path=_curie(path) if path is not None else "",
            constraint="SPARQLConstraintComponent", value=str(value),
            value_is_iri=isinstance(value, URIRef), article=article, sentence=sentence))
    return results


def sparql_checks() -> tuple[SparqlCheck, ...]:
    """Each `sh:sparql` constraint of each node shape, compiled to one query over its targets."""
    from readout.kg.validate import shapes_graph

    return _compiled_checks(shapes_graph())


@lru_cache(maxsize=1)
def _compiled_checks(shapes: Graph) -> tuple[SparqlCheck, ...]:
    """Compiled once per shapes graph (a reloaded shapes graph is compiled anew)."""
    from readout.kg import constraints, grounding

    found = []
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        if shapes.value(shape, SH.path) is not None:
            raise InputError(f"{_curie(shape)}: SHACL-SPARQL on a property shape is not supported by "
                             f"the fast engine; use --engine pyshacl or move it to the node shape")
        targets = _targets(shapes, shape)
        listed = tuple(sorted((kind, f"<{o}>") for kind, p in _TARGETS for o in shapes.objects(shape, p)))
        kinds = {kind for kind, _ in listed}
        severity = _local(shapes.value(shape, SH.severity) or SH.Violation)
        for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
            select = str(shapes.value(constraint, SH.select))
            prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in _prefixes(shapes, constraint))
            native = str(constraint) if grounding.implements(str(constraint), select) or (
                constraints.implements(str(constraint), select) and kinds <= {"class", "subjects"}) else ""
            found.append(SparqlCheck(_curie(shape), str(shapes.value(constraint, SH.message) or ""),
                                     severity, prefixes + _join(select, targets), native, listed))
    return tuple(found)


_TARGETS = (("class", SH.targetClass), ("subjects", SH.targetSubjectsOf), ("objects", SH.targetObjectsOf),
            ("node", SH.targetNode))


def _join(select: str, targets: list[str]) -> str:
    """The SELECT with `$this` bound by the shape's targets, joined first in its WHERE."""
    where = _WHERE.search(select)
    if where is None or re.search(r"\bSELECT\b", select[where.end():], re.IGNORECASE):
        raise InputError("a SHACL-SPARQL constraint the fast engine cannot compile (no WHERE, or a "
                         "subquery that would not see $this); use --engine pyshacl")
    bound = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {t} }}" for t in targets) + " } }\n"
    return _THIS.sub("?this", select[:where.end()] + "\n" + bound + select[where.end():])


def _targets(shapes: Graph, shape) -> list[str]:
    subclass = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
    found = [f"?this {subclass} <{c}>" for c in shapes.objects(shape, SH.targetClass)]
    found += [f"?this <{p}> ?_target" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    found += [f"?_target <{p}> ?this" for p in shapes.objects(shape, SH.targetObjectsOf)]
    found += [f"VALUES ?this {{ {n.n3()} }}" for n in shapes.objects(shape, SH.targetNode)]
    if not found:
        raise InputError(f"{_curie(shape)}: a node shape with SPARQL constraints but no target")
    return sorted(found)


def _prefixes(shapes: Graph, constraint) -> list[tuple[str, str]]:
    found = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            found.append((str(shapes.value(declaration, SH.prefix)), str(shapes.value(declaration, SH.namespace))))
    return sorted(found)


def _core():
    """The shapes without their SPARQL constraints, compiled once (`readout.kg.coreshapes`)."""
    from readout.kg.validate import shapes_graph

    return _compiled_core(shapes_graph())


@lru_cache(maxsize=1)
def _compiled_core(shapes: Graph):
    """Compiled once per shapes graph: results name shapes by that graph's nodes."""
    from readout.kg import coreshapes

    return coreshapes.Shapes(shapes)


@lru_cache(maxsize=1)
def _ontology_data():
    """`_ontology_ntriples` indexed once, read with every article."""
    from readout.kg import coreshapes, ntriples

    return coreshapes.Data(ntriples.parse(_ontology_ntriples()), _core().backwards())


@lru_cache(maxsize=1)
def _ontology_ntriples() -> str:
    """What pyshacl mixes into a data graph from the ontology (its class hierarchy)."""
    from pyshacl.rdfutil.inoculate import inoculate

    from readout.kg.validate import ontology_graph

    return inoculate(Graph(), ontology_graph()).serialize(format="nt")
