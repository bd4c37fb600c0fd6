"""A build on a Dask cluster: workers extract and validate, this process writes the store.

`readout build --cluster tcp://HOST:8786` sends the articles to a `dask.distributed`
scheduler in chunks; each worker runs `readout.batches.process` (loading the spaCy model once
per worker process, then keeping it) and sends back each article's graph as N-Triples
with the shape results on it. The client keeps only a few chunks in flight and writes the
store in batches, as a local build does, so the store and its lock never leave this
machine. Workers need the same readout version installed (`pip install 'readout[dask]'`).
"""
from __future__ import annotations

from collections.abc import Iterator

from readout.batches import Built, chunks, in_order, process
from readout.errors import ReadoutError
from readout.facts import Article
from readout.ingest.reader import InputProblem


def outcomes(articles: list[Article], address: str, timeout: float = 30) -> Iterator[Built | InputProblem]:
    """`process` over the articles on the cluster at `address`, in input order."""
    if not articles:
        return
    client = connect(address, timeout)
    try:
        workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
        yield from in_order(lambda chunk: client.submit(process, chunk, pure=False),
                            chunks(articles, tail=2 * workers), 4 * workers)
    finally:
        client.close()


def connect(address: str, timeout: float = 30):
    try:
        from dask.distributed import Client
    except ImportError:
        raise ReadoutError("a build on a cluster needs Dask: pip install 'readout[dask]'") from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as err:
        raise ReadoutError(f"cannot reach the Dask scheduler at {address} ({str(err)[:200]}); start one "
                           f"with 'dask scheduler' and give its address, e.g. tcp://127.0.0.1:8786") from None
