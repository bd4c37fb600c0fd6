"""The embedded on-disk store (pyoxigraph) and exports.

One named graph per article (`iris.article_graph`), one for the ontology and one for
cross-article facts. Each article graph is replaced in a single transaction, so a
build that fails midway leaves every graph either as it was or fully rewritten.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from readout.errors import StoreError

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, ".ttl"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "jsonld": (None, ".jsonld"),
}


def open_store(path: Path, create: bool = False) -> ox.Store:
    path = Path(path)
    if not path.exists() and not create:
        raise StoreError(f"no store at {path}; run 'readout build' first or pass --store DIR")
    try:
        return ox.Store(str(path))
    except OSError as err:
        raise StoreError(f"cannot open the store at {path} ({err}); "
                         f"is another readout process using it?") from None


def replace_graph(store: ox.Store, graph_iri: str, graph: Graph) -> int:
    """Replace one named graph with the triples of an rdflib graph; returns the count."""
    data = graph.serialize(format="nt", encoding="utf-8")
    name = ox.NamedNode(str(graph_iri))
    quads = [ox.Quad(t.subject, t.predicate, t.object, name)
             for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    store.remove_graph(name) if store.contains_named_graph(name) else None
    store.extend(quads)
    return len(quads)


def graph_names(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


def dataset(store: ox.Store) -> Graph:
    """All named graphs merged into one rdflib Graph (for validation and rdflib users)."""
    from readout.graph import new_graph

    data = store.dump(format=ox.RdfFormat.N_QUADS)
    merged = new_graph()
    merged.parse(data=data.decode("utf-8"), format="nquads")
    result = new_graph()
    for triple in merged.triples((None, None, None)):
        result.add(triple)
    return result


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a failure never leaves it half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the whole store. Named graphs are kept for TriG and N-Quads."""
    from readout.graph import PREFIXES

    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt][0]
    quads = sorted(store.quads_for_pattern(None, None, None, None), key=_quad_key)
    if fmt in ("trig", "nquads"):
        return ox.serialize(quads, format=rdf_format, prefixes={k: str(v) for k, v in PREFIXES.items()}) \
            if fmt == "trig" else ox.serialize(quads, format=rdf_format)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_quad_key)
    if fmt == "jsonld":
        graph = Graph()
        graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, replace=True)
        return graph.serialize(format="json-ld", auto_compact=True, sort_keys=True).encode("utf-8")
    if fmt == "turtle":
        return ox.serialize(triples, format=rdf_format, prefixes={k: str(v) for k, v in PREFIXES.items()})
    return ox.serialize(triples, format=rdf_format)


def _quad_key(q) -> tuple:
    graph = getattr(q, "graph_name", None)
    return (str(q.subject), str(q.predicate), str(q.object), str(graph) if graph is not None else "")
