"""Whether pyoxigraph releases the GIL: a fixed Python loop timed alone and beside an
Oxigraph `bulk_load`, `load` and query of generated quads running in a thread, in one run.

Usage: python bench/oxigraph_gil.py [--quads 300000]

A loop that keeps its speed beside the thread means that Oxigraph ran without the GIL; one
that waits for the thread to end means that it held it. The build relies on the first for
its store writes (`readout.batches.Writer`).
"""
from __future__ import annotations

import argparse
import tempfile
import threading
import time


def python_loop() -> float:
    start, total = time.perf_counter(), 0
    for i in range(15_000_000):
        total += i
    return time.perf_counter() - start


def main() -> None:
    import pyoxigraph as ox

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, default=300_000)
    args = parser.parse_args()
    quads = "".join(f'<http://e/s{i}> <http://e/p{i % 50}> "value {i} with some text" <http://e/g{i % 100}> .\n'
                    for i in range(args.quads))
    print(f"pyoxigraph {ox.__version__}; {args.quads:,} quads; the Python loop alone: {python_loop():.2f} s")
    for mode in ("bulk_load", "load", "query"):
        def fresh():
            db = ox.Store(tempfile.mkdtemp(prefix="readout-gil-"))
            if mode == "query":
                db.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
            return db

        def work(db) -> float:
            start = time.perf_counter()
            if mode == "query":
                list(db.query("SELECT (COUNT(*) AS ?c) WHERE { GRAPH ?g { ?s ?p ?o . ?t ?p ?o } }"))
            else:
                getattr(db, mode)(quads, format=ox.RdfFormat.N_QUADS)
            return time.perf_counter() - start
        alone, db, beside = work(fresh()), fresh(), []
        thread = threading.Thread(target=lambda: beside.append(work(db)))
        thread.start()
        loop = python_loop()
        thread.join()
        print(f"{mode:9}  alone {alone:.2f} s, beside the loop {beside[0]:.2f} s; the loop beside it {loop:.2f} s")


if __name__ == "__main__":
    main()
