"""New article graphs written with Oxigraph's bulk loader, all or nothing through a journal.

`Store.load` writes a batch in one RocksDB transaction, about 18 µs a quad (2.0 CPU-s of the
PolNeAR dev build's 112,792 quads, and the flush of its write buffers after it); `bulk_load`
writes sorted files and hands them to RocksDB whole, 0.7-0.9 CPU-s for the same quads with
no flush, but Oxigraph documents it as not atomic: a failure midway can leave part of a
batch. So a batch's new graphs are first listed in the journal graph (`iris.PENDING_GRAPH`,
one transaction), then bulk-loaded, then the rest of the batch (the entities, replaced
graphs, drops) is written in one transaction that also drops the journal: the batch is
complete when the journal is gone. A failure after the listing drops the listed graphs
again, so the store is as it was before the batch; a process killed midway leaves the
journal, and the next writing open of the store (`recover`, called by `open_store`) drops
the graphs it lists. Queries run during a build may see a batch's graphs before its
entities (docs/decisions/20261202-build-in-batches.md).
"""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from readout.errors import StoreError
from readout.kg import iris

MEMBER = "http://www.w3.org/2000/01/rdf-schema#member"


def write(db: ox.Store, new: dict[str, str], rest: Callable[[list[str]], object]) -> bool:
    """Bulk-load the graphs of `new` (name -> N-Triples; none of them in the store), then
    call `rest(drop)`, which must write the rest of the batch in one transaction that also
    drops the graphs `drop` (the journal). Returns False, having written nothing, when
    `new` cannot be bulk-loaded (empty, or text that is not one triple a line): the caller
    then writes everything in one transaction as before."""
    from readout.store.embedded import _nquads

    quads = [_nquads(name, text) for name, text in sorted(new.items())]
    if not quads or None in quads:
        return False
    journal = str(iris.PENDING_GRAPH)
    listed = "".join(f"<{journal}> <{MEMBER}> <{name}> .\n" for name in sorted(new))
    try:
        db.update(f"INSERT DATA {{ GRAPH <{journal}> {{\n{listed}}} }}")
    except (OSError, RuntimeError) as err:
        raise StoreError(f"could not write the store; it is unchanged ({str(err)[:200]})") from None
    try:
        db.bulk_load("".join(text for text, _ in quads), format=ox.RdfFormat.N_QUADS)
        rest([journal])
    except BaseException as err:
        try:
            undo(db)
        except Exception:   # the journal stays: the next writing open drops the batch
            pass
        if isinstance(err, (OSError, SyntaxError, ValueError)):
            raise StoreError(f"could not write the store; it is unchanged ({str(err)[:200]})") from None
        raise
    return True


def undo(db: ox.Store) -> list[str]:
    """Drop the graphs the journal lists, and the journal, in one transaction; the names."""
    journal = ox.NamedNode(str(iris.PENDING_GRAPH))
    names = sorted(q.object.value for q in db.quads_for_pattern(journal, ox.NamedNode(MEMBER), None, journal))
    if names or db.contains_named_graph(journal):
        db.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in [*names, journal.value]))
    return names


def recover(db: ox.Store) -> list[str]:
    """After a process was killed while it bulk-loaded a batch: drop that batch's graphs
    (a rerun of the build writes them again). Returns the graphs dropped."""
    if not db.contains_named_graph(ox.NamedNode(str(iris.PENDING_GRAPH))):
        return []
    return undo(db)
