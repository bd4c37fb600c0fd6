"""The embedded on-disk store (pyoxigraph) and exports.

One named graph per article (`iris.article_graph`), one for the ontology and one for
cross-article facts. A build writes its article graphs a batch at a time, each batch ONE
SPARQL update, which Oxigraph applies as one transaction: a build that fails midway
leaves the batches before it, and a store that is consistent
(docs/decisions/20261122-store-transactions.md, docs/decisions/20261202-build-in-batches.md).
"""
from __future__ import annotations

import errno
import json
import os
import re
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

_HASHES = """SELECT ?g ?sha ?activity WHERE { GRAPH ?g {
  ?article <https://w3id.org/readout/ontology#textSha256> ?sha .
  ?activity a <http://www.w3.org/ns/prov#Activity> } }"""


def open_store(path: Path, create: bool = False, read_only: bool | None = None) -> ox.Store:
    """Open the store at `path`: read-only unless `create` (or `read_only=False`) asks to write.

    A read-only open leaves no file behind; a writing one starts a new RocksDB info log, and
    the older ones beyond the last `KEEP_LOGS` are removed, so the logs stay bounded.
    """
    path = Path(path)
    read_only = not create if read_only is None else read_only
    if not path.exists() and (read_only or not create):
        raise StoreError(f"no store at {path}; run 'readout build' first or pass --store DIR")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory; pass --store DIR")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)   # --store a/new/dir, as mkdir -p
        db = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as err:
        how = "read" if read_only else "open"
        hint = ("is another readout process writing it? Wait for it, or pass another --store"
                if "lock" in str(err).lower() else "check that the directory can be written")
        raise StoreError(f"cannot {how} the store at {path} ({str(err)[:200]}); {hint}") from None
    if not read_only:
        from readout.store import bulk

        prune_logs(path)
        bulk.recover(db)    # the graphs of a batch a killed build was bulk-loading
    return db


KEEP_LOGS = 2


def prune_logs(path: Path, keep: int = KEEP_LOGS) -> None:
    """Remove RocksDB's old info logs (LOG.old.*) but the newest `keep`."""
    old = sorted(Path(path).glob("LOG.old.*"), key=lambda p: p.name)
    for log in old[:-keep] if keep else old:
        log.unlink(missing_ok=True)


def stored_hashes(store: ox.Store, activity: str) -> dict[str, str]:
    """Text hash of each article graph written by the extraction `activity` (graph -> sha256).

    A graph written by another readout version is absent, so its article is rebuilt.
    """
    rows = store.query(_HASHES, substitutions={ox.Variable("activity"): ox.NamedNode(activity)})
    return {row["g"].value: row["sha"].value for row in rows}


def write_graphs(store: ox.Store, graphs: dict[str, Graph]) -> int:
    """Replace each named graph with the given triples, all in one transaction.

    Returns the number of triples written. Graphs not named are left untouched.
    """
    return write_ntriples(store, {name: "".join(_ntriples(graph)) for name, graph in graphs.items()})


def write_ntriples(store: ox.Store, graphs: dict[str, str], drop: list[str] | tuple = (),
                   add: dict[str, str] | None = None, remove: dict[str, str] | None = None) -> int:
    """Replace each named graph with the given N-Triples text, drop the graphs in `drop`,
    remove the N-Triples of `remove` from the graphs it names and add those of `add`, all
    in one transaction. Returns the number of triples written.

    When the write only adds (nothing to remove, no graph of `graphs` or `drop` in the
    store: new articles), the transaction is one `load` of N-Quads, which Oxigraph reads
    about twice as fast as the same triples in a SPARQL INSERT DATA; else one SPARQL update.
    """
    remove = {name: text for name, text in (remove or {}).items() if text.strip()}
    if not remove and not any(store.contains_named_graph(ox.NamedNode(n)) for n in [*drop, *graphs]):
        added = [_nquads(name, text) for name, text in sorted((add or {}).items())]
        replaced = [_nquads(name, text) for name, text in sorted(graphs.items())]
        if None not in added + replaced:
            try:
                store.load("".join(quads for quads, _ in added + replaced), format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError, ValueError) as err:
                raise StoreError(f"could not write the store; it is unchanged ({str(err)[:200]})") from None
            return sum(count for _, count in replaced)
    parts, count = [f"DROP SILENT GRAPH <{name}>" for name in sorted(drop)], 0
    for name, text in sorted(remove.items()):
        lines = [line + "\n" for line in text.split("\n") if line.strip()]
        parts.append(f"DELETE DATA {{ GRAPH <{name}> {{\n" + "".join(lines) + "}}")
    for name, text in sorted((add or {}).items()):
        lines = [line + "\n" for line in text.split("\n") if line.strip()]
        if lines:
            parts.append(f"INSERT DATA {{ GRAPH <{name}> {{\n" + "".join(lines) + "}}")
    for name in sorted(graphs):
        lines = [line + "\n" for line in graphs[name].split("\n") if line.strip()]
        count += len(lines)
        parts.append(f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n" + "".join(lines) + "}}")
    if parts:
        try:
            store.update(" ;\n".join(parts))
        except (OSError, SyntaxError, RuntimeError) as err:
            raise StoreError(f"could not write the store; it is unchanged ({str(err)[:200]})") from None
    return count


def _nquads(name: str, text: str) -> tuple[str, int] | None:
    """N-Triples text as N-Quads in graph `name`, and its triple count; None unless every
    line is one triple ending in " ." (the caller then writes it through SPARQL). A line
    end inside a literal is written as an escape, so " .\n" only ends a line. Empty lines
    are left out (`one_label` leaves some: with them, every batch went through SPARQL); a
    line of spaces is not, and sends the text through SPARQL."""
    text = text.strip("\n")
    while "\n\n" in text:
        text = text.replace("\n\n", "\n")
    text = text + "\n" if text.strip() else ""
    count = text.count("\n")
    if text.count(" .\n") != count:
        return None
    return text.replace(" .\n", f" <{name}> .\n"), count


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL = re.compile(r'^(<[^>]+>) <http://www\.w3\.org/2000/01/rdf-schema#label> "((?:[^"\\]|\\.)*)"(.*) \.$')


def one_label(store: ox.Store, graph: str, ntriples: str) -> tuple[str, str]:
    """N-Triples to add to `graph` (an entities graph) so that each node keeps one label,
    and the label triples to remove from it: of the labels the store and the new text give
    a node, the first by `gazetteer.label_preference` (one unknown name labelled two ways in
    two articles, "LOS Angeles" and "Los Angeles", is labelled one way)."""
    from readout.link.gazetteer import label_preference

    labels: dict[str, dict[str, str]] = {}
    kept = []
    for line in ntriples.split("\n"):
        match = LABEL.match(line.strip())
        if match is None:
            kept.append(line)
        else:
            labels.setdefault(match.group(1), {})[match.group(2)] = line.strip()
    where, removed = ox.NamedNode(graph), []
    for node, given in labels.items():
        stored = {}
        for quad in store.quads_for_pattern(ox.NamedNode(node[1:-1]), ox.NamedNode(RDFS_LABEL), None, where):
            line = str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " ."
            if (match := LABEL.match(line)) is not None:
                stored[match.group(2)] = line
        best = min({**given, **stored}, key=label_preference)
        if best not in stored:
            kept.append(given[best])
        removed += [line for label, line in stored.items() if label != best]
    return "\n".join(kept) + "\n", "\n".join(removed) + ("\n" if removed else "")


def replace_graph(store: ox.Store, graph_iri: str, graph: Graph) -> int:
    """Replace one named graph with the triples of an rdflib graph; returns the count."""
    return write_graphs(store, {str(graph_iri): graph})


def _ntriples(graph: Graph) -> list[str]:
    """One N-Triples line per triple. Split on "\n" only: a literal may hold U+2028, U+0085,
    a form feed or another character that str.splitlines() takes for a line end."""
    data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted(line + "\n" for line in data.split("\n") if line.strip())


def holds(store: ox.Store, name: str, graph: Graph) -> bool:
    """Whether named graph `name` already holds exactly `graph` (blank nodes compared as such).

    Rewriting a graph with blank nodes gives them new labels, so an unchanged graph is skipped.
    Both sides are canonicalised by Oxigraph (RDFC-1.0) and compared: rdflib's `isomorphic`
    took 0.08 CPU-s on the ontology graph, this 0.01.
    """
    where = ox.NamedNode(name)
    stored = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, where))
    given = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    if len(stored) != len(given):
        return False
    stored.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    given.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return stored == given


def graph_names(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs())


def dataset(store: ox.Store, graphs: list[str] | None = None) -> Graph:
    """Named graphs (all, or those named) merged into one rdflib Graph."""
    from readout.kg.graph import new_graph

    names = graph_names(store) if graphs is None else graphs
    result = new_graph()
    for name in names:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        if data:
            result.parse(data=data.decode("utf-8"), format="nt")
    return result


def descriptions(store: ox.Store, graph: Graph) -> Graph:
    """The entities graph's descriptions of the entities `graph` names, and of the states
    and blocs those point to (what `article_graph` wrote into the article's graph)."""
    from readout.kg import iris
    from readout.kg.graph import new_graph

    where, found = ox.NamedNode(str(iris.ENTITIES_GRAPH)), []
    pending = {str(t) for triple in graph for t in triple if str(t).startswith(iris.ENTITY_PREFIX)}
    seen = set()
    while pending:
        node = pending.pop()
        seen.add(node)
        for quad in store.quads_for_pattern(ox.NamedNode(node), None, None, where):
            found.append(str(ox.Triple(quad.subject, quad.predicate, quad.object)) + " .\n")
            value = quad.object.value
            if isinstance(quad.object, ox.NamedNode) and value.startswith(iris.ENTITY_PREFIX) and value not in seen:
                pending.add(value)
    result = new_graph()
    return result.parse(data="".join(found), format="nt") if found else result


def ntriples_parts(store: ox.Store, into: str | None = None):
    """(graph, N-Triples bytes, triple count) for each named graph, or all merged `into` one."""
    if into is not None:
        data = export(store, "ntriples")
        yield into, data, data.count(b"\n")
        return
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        yield None, data, data.count(b"\n")
    for name in graph_names(store):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        yield name, data, data.count(b"\n")


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a failure never leaves it half-written.

    The bytes go to a temporary file beside it, renamed over it once complete; the file
    gets the mode a new file gets (the umask's), or keeps the mode of the file it replaces.
    A device or pipe (/dev/stdout, /dev/full) is written directly, never replaced.
    """
    path = Path(path)
    if path.exists() and not path.is_dir() and not path.is_file():
        with open(path, "wb") as handle:
            handle.write(data)
        return
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise type(err)(err.errno, err.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as err:     # name the file asked for, not the temporary one
        Path(tmp).unlink(missing_ok=True)
        raise type(err)(err.errno, err.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def export(store: ox.Store, fmt: str) -> bytes:
    """Serialise the whole store, sorted, so identical stores give identical bytes.

    TriG and N-Quads keep the named graphs; Turtle, N-Triples and JSON-LD merge them
    (a triple stated in several graphs appears once).
    """
    from readout.kg.graph import PREFIXES

    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format = FORMATS[fmt][0]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    quads = sorted(store.quads_for_pattern(None, None, None, None), key=_quad_key)
    if fmt == "trig":
        return ox.serialize(quads, format=rdf_format, prefixes=prefixes)
    if fmt == "nquads":
        return ox.serialize(quads, format=rdf_format)
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=_quad_key)
    if fmt == "jsonld":
        return jsonld(triples)
    if fmt == "turtle":
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes)
    return ox.serialize(triples, format=rdf_format)


def _quad_key(q) -> tuple:
    graph = getattr(q, "graph_name", None)
    return (str(q.subject), str(q.predicate), str(q.object), str(graph) if graph is not None else "")


# JSON-LD ---------------------------------------------------------------------------

def context_file() -> Path:
    from readout.config import ONTOLOGY_DIR

    return ONTOLOGY_DIR / "context.jsonld"


def jsonld(triples: list) -> bytes:
    """Compact JSON-LD under readout's published context (`ontology/context.jsonld`).

    The context is embedded, not fetched, so the file loads offline in any JSON-LD 1.1
    processor. Nodes, properties and values are sorted: identical input, identical bytes.
    """
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    prefixes = sorted(((k, v) for k, v in context.items() if isinstance(v, str)),
                      key=lambda kv: -len(kv[1]))
    nodes: dict[str, dict] = {}
    for t in triples:
        node = nodes.setdefault(_node_id(t.subject, prefixes), {})
        if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(_compact(t.object.value, prefixes))
        else:
            node.setdefault(_compact(t.predicate.value, prefixes), []).append(_value(t.object, prefixes))
    graph = []
    for node_id in sorted(nodes):
        body = {"@id": node_id}
        for key in sorted(nodes[node_id]):
            values = sorted(nodes[node_id][key], key=lambda v: json.dumps(v, sort_keys=True))
            body[key] = values[0] if len(values) == 1 else values
        graph.append(body)
    document = {"@context": context, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _compact(iri: str, prefixes) -> str:
    for prefix, namespace in prefixes:
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local and not local.startswith("//") and ":" not in local[:1]:
            return f"{prefix}:{local}"
    return iri


def _node_id(term, prefixes) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _compact(term.value, prefixes)


def _value(term, prefixes):
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _node_id(term, prefixes)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}
