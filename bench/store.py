"""Benchmark: build, load and query a store made from PolNeAR's train texts.

    /tmp/venv/bin/python bench/store.py [--texts DIR] [--limit N] [--copies C] [--repeat K]
                                        [--rdflib-budget S]

Each phase runs in its own Python process so that its peak memory (ru_maxrss of that
process, which includes pyoxigraph's Rust heap and spaCy) is its own:

1. build      `api.build` of the texts into a new store (read, extract, validate, write).
2. rebuild    the same build again: every article unchanged, nothing extracted.
   scale      with --copies C > 1: a larger corpus made from the built one (C renamed
              copies of every article graph; entities and events shared); phases 3-5 use it.
3. export     N-Quads export of the store.
4. load       `api.load` (Graph Store Protocol, POST per named graph) into a real
              `oxigraph serve` on 127.0.0.1 with a temporary location.
5. queries    every stored query, default parameters: median wall time of K runs after one
              warm-up, on the embedded store (pyoxigraph, union default graph), on the server
              loaded in 4 (over HTTP), and in plain rdflib (a Dataset with default_union,
              parsed from the N-Quads export). The query text is the same for the three.

Prints one line per figure and a JSON summary at the end. Nothing here is a test: the figures
depend on the machine and its load, which the output states.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_TEXTS = Path(__file__).resolve().parents[2] / "shared" / "polnear" / "train" / "text"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_build(texts: Path, store: Path, limit: int) -> dict:
    from readout import api

    inputs = sorted(texts.glob("*.txt"))[:limit]
    folder = store.parent / "texts"
    folder.mkdir(exist_ok=True)
    for path in inputs:
        target = folder / path.name
        if not target.exists():
            target.symlink_to(path)
    started = time.perf_counter()
    result = api.build([folder], store)
    return {"seconds": time.perf_counter() - started, "articles": len(inputs),
            "built": len(result.built), "unchanged": len(result.unchanged),
            "skipped": len(result.skipped), "article_triples": result.triples, "peak_mb": peak_mb()}


def phase_scale(store: Path, scaled: Path, copies: int) -> dict:
    """A larger corpus made from the built one: `copies` renamed copies of every article graph.

    Each copy renames the article's IRIs (`rid:article/ID...`, `rid:graph/article/ID`) and
    keeps entities and events shared, as a real corpus that mentions the same actors would.
    """
    import re

    import pyoxigraph as ox

    from readout.store import embedded as stores

    started = time.perf_counter()
    source = stores.open_store(store)
    data = source.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    del source
    target = ox.Store(str(scaled))
    pattern = re.compile(r"(https://w3id\.org/readout/id/(?:graph/)?article/)([^/>]+)")
    for k in range(copies):
        copy = data if k == 0 else pattern.sub(lambda m, k=k: f"{m.group(1)}{m.group(2)}-copy{k}", data)
        target.bulk_load(copy.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    target.flush()
    return {"seconds": time.perf_counter() - started, "copies": copies, "quads": len(target),
            "peak_mb": peak_mb()}


def phase_export(store: Path) -> dict:
    import pyoxigraph as ox

    from readout.store import embedded as stores

    db = stores.open_store(store)
    started = time.perf_counter()
    data = stores.export(db, "nquads")
    seconds = time.perf_counter() - started
    (store.parent / "export.nq").write_bytes(data)
    distinct = len({(q.subject, q.predicate, q.object) for q in db})
    return {"seconds": seconds, "bytes": len(data), "quads": len(db), "distinct_triples": distinct,
            "graphs": sum(1 for _ in db.named_graphs()), "peak_mb": peak_mb(),
            "format": str(ox.RdfFormat.N_QUADS)}


def phase_load(store: Path, server_dir: Path, endpoint: str) -> dict:
    from readout import api

    started = time.perf_counter()
    summary = api.load(store, endpoint)
    return {"seconds": time.perf_counter() - started, "graphs": len(summary.uploads),
            "triples": summary.triples, "bytes": summary.bytes, "retries": summary.retries,
            "peak_mb": peak_mb()}


def _query_texts() -> dict[str, str]:
    from readout.store import queries

    texts = {}
    for name, stored in queries.stored().items():
        texts[name] = queries.with_values(stored.text, queries.bindings(stored, {}))
    return texts


def _median(run, repeat: int) -> tuple[float, int]:
    rows = run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def phase_queries_oxigraph(store: Path, query_url: str, repeat: int) -> dict:
    from readout.store import sparql_client
    from readout.store import embedded as stores

    db = stores.open_store(store)
    out = {}
    for name, text in _query_texts().items():
        embedded, rows = _median(lambda: len(list(db.query(text, use_default_graph_as_union=True))), repeat)
        try:
            remote, remote_rows = _median(lambda: len(sparql_client.run(query_url, text, 600).rows), repeat)
        except Exception as err:  # e.g. the server's answer took longer than the timeout
            remote, remote_rows = float("nan"), f"{type(err).__name__}: {err}"[:160]
        out[name] = {"embedded_ms": embedded * 1000, "server_ms": remote * 1000,
                     "rows": rows, "server_rows": remote_rows}
        print(f"  {name:24} embedded {embedded * 1000:9.1f} ms   server {remote * 1000:9.1f} ms"
              f"   rows {rows}", flush=True)
    return {"queries": out, "peak_mb": peak_mb()}


def phase_queries_rdflib(export: Path, repeat: int) -> None:
    """Prints one JSON line per query as it finishes, so a budget can cut a slow run short."""
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(export, format="nquads")
    print(json.dumps({"parse_seconds": time.perf_counter() - started, "peak_mb": peak_mb()}), flush=True)
    for name, text in _query_texts().items():
        try:
            seconds, rows = _median(lambda: len(list(dataset.query(text))), repeat)
        except Exception as err:  # rdflib cannot run some valid queries: record why
            print(json.dumps({"query": name, "error": f"{type(err).__name__}: {err}"[:160]}), flush=True)
            continue
        print(json.dumps({"query": name, "ms": seconds * 1000, "rows": rows, "peak_mb": peak_mb()}),
              flush=True)


def _child(*args: str) -> dict:
    """Run one phase in a new process, showing its progress lines; its last line is the result."""
    process = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    last = ""
    for line in process.stdout:
        if last:
            print(last, end="", flush=True)
        last = line
    if process.wait() != 0:
        sys.exit(f"bench: phase {args[0]} failed (exit code {process.returncode}); see above")
    return json.loads(last)


def _rdflib(export: Path, repeat: int, budget: float) -> dict:
    process = subprocess.Popen([sys.executable, __file__, "rdflib", str(export), str(repeat)],
                               stdout=subprocess.PIPE, text=True)
    result: dict = {"queries": {}}
    deadline = time.monotonic() + budget
    try:
        while True:
            ready, _, _ = select.select([process.stdout], [], [], max(deadline - time.monotonic(), 0))
            if not ready:  # a query is still running when the budget is spent
                result["cut_short"] = f"budget of {budget:g} s reached"
                print(f"  rdflib: stopped, {result['cut_short']} (the remaining queries did not finish)")
                break
            line = process.stdout.readline()
            if not line:
                break
            item = json.loads(line)
            if "query" in item:
                name = item.pop("query")
                result["queries"][name] = item
                shown = f"{item['ms']:9.1f} ms   rows {item['rows']}" if "ms" in item else f"failed: {item['error']}"
                print(f"  {name:24} rdflib   {shown}", flush=True)
            else:
                result.update(item)
                print(f"  rdflib parsed the export in {item['parse_seconds']:.1f} s", flush=True)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait()
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in PHASES:
        name, *args = sys.argv[1:]
        result = PHASES[name](*args)
        if result is not None:
            print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    parser.add_argument("--limit", type=int, default=10_000, help="at most this many texts")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median)")
    parser.add_argument("--copies", type=int, default=1,
                        help="query and load a corpus of this many renamed copies of the built one")
    parser.add_argument("--rdflib-budget", type=float, default=900, help="seconds for the rdflib phase")
    options = parser.parse_args()
    if not options.texts.is_dir():
        sys.exit(f"bench: no texts at {options.texts}; pass --texts DIR")
    from readout.store.server import OxigraphServer

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="readout-bench-") as tmp:
        store = Path(tmp) / "store"
        summary = {"build": _child("build", str(options.texts), str(store), str(options.limit))}
        b = summary["build"]
        print(f"build: {b['built']} of {b['articles']} articles, {b['article_triples']:,} article triples "
              f"in {b['seconds']:.1f} s ({b['seconds'] / max(b['built'], 1):.2f} s/article), "
              f"peak {b['peak_mb']:.0f} MB")
        summary["rebuild"] = r = _child("build", str(options.texts), str(store), str(options.limit))
        print(f"rebuild (same input): {r['built']} extracted, {r['unchanged']} unchanged, "
              f"{r['seconds']:.1f} s, peak {r['peak_mb']:.0f} MB")
        if options.copies > 1:
            scaled = Path(tmp) / "scaled"
            summary["scale"] = sc = _child("scale", str(store), str(scaled), str(options.copies))
            print(f"scaled: {sc['copies']} renamed copies of every article graph, {sc['quads']:,} quads, "
                  f"in {sc['seconds']:.1f} s")
            store = scaled
        summary["export"] = e = _child("export", str(store))
        print(f"store: {e['graphs']} named graphs, {e['quads']:,} quads, {e['distinct_triples']:,} distinct "
              f"triples; N-Quads export {e['bytes'] / 1e6:.1f} MB in {e['seconds']:.1f} s")
        with OxigraphServer(Path(tmp) / "server", read_only=False) as server:
            summary["load"] = lo = _child("load", str(store), str(Path(tmp) / "server"), server.store_url)
            print(f"load into oxigraph serve (127.0.0.1, Graph Store Protocol POST per graph): "
                  f"{lo['graphs']} graphs, {lo['triples']:,} triples, {lo['bytes'] / 1e6:.1f} MB in "
                  f"{lo['seconds']:.1f} s ({lo['triples'] / max(lo['seconds'], 1e-9):,.0f} triples/s), "
                  f"client peak {lo['peak_mb']:.0f} MB")
            print(f"queries (median of {options.repeat} after a warm-up):")
            summary["queries"] = _child("queries", str(store), server.query_url, str(options.repeat))
        summary["rdflib"] = _rdflib(Path(tmp) / "export.nq", options.repeat, options.rdflib_budget)
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        print(json.dumps(summary, indent=1))


PHASES = {
    "build": lambda texts, store, limit: phase_build(Path(texts), Path(store), int(limit)),
    "scale": lambda store, scaled, copies: phase_scale(Path(store), Path(scaled), int(copies)),
    "export": lambda store: phase_export(Path(store)),
    "load": lambda store, server_dir, endpoint: phase_load(Path(store), Path(server_dir), endpoint),
    "queries": lambda store, url, repeat: phase_queries_oxigraph(Path(store), url, int(repeat)),
    "rdflib": lambda export, repeat: phase_queries_rdflib(Path(export), int(repeat)),
}

if __name__ == "__main__":
    main()
