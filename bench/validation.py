"""Benchmark: validate a store built from PolNeAR's train texts, and show the cost is linear.

    /tmp/venv/bin/readout build /work/shared/polnear/train/text --store /tmp/polnear-store
    /tmp/venv/bin/python bench/validation.py --store /tmp/polnear-store [--fractions 0.25,0.5,1]
                                             [--engines pyshacl,turbo] [--merged]

Each figure comes from its own Python process, so its peak memory (ru_maxrss of that process,
which includes pyoxigraph's Rust heap) is its own:

1. shapes     the shapes on the first N article graphs of the store, one graph at a time, for
              each fraction of the store and each engine (pyshacl, the reference; pyshacl-turbo):
              seconds, seconds per graph, peak memory. Linear cost means the seconds per graph
              stay flat as N grows.
2. store      `readout.validate.validate_store` on the whole store: shapes graph by graph,
              then every `queries/checks/*-violation.rq` over the union; the same as
              `readout validate --store DIR`.
3. checks     the violation queries alone over the union of all graphs (Oxigraph).
4. merged     with --merged: pyshacl once on all article graphs merged into one rdflib graph
              (what validating a whole-store export file does), for comparison.

Prints one line per figure and a JSON summary. The figures depend on the machine and its
load (stated in the output); nothing here is a test.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def article_graphs(db) -> list[str]:
    from readout.kg.iris import CORPUS_GRAPH, ONTOLOGY_GRAPH

    skip = {str(ONTOLOGY_GRAPH), str(CORPUS_GRAPH)}
    return sorted(g.value for g in db.named_graphs() if g.value not in skip)


def load(db, name: str):
    import pyoxigraph as ox

    from readout.kg.graph import new_graph

    data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
    return new_graph().parse(data=data.decode("utf-8"), format="nt")


def child(phase: str, store: str, count: int, engine: str) -> dict:
    """One measurement, in this process."""
    import importlib

    import pyoxigraph as ox

    validate = importlib.import_module("readout.kg.validate")   # the package exports a function of that name
    db = ox.Store.read_only(store)   # readable while a build or server holds the store
    names = article_graphs(db)[:count] if count else article_graphs(db)
    validate.shapes_graph(), validate.ontology_graph()   # loaded once per process in real use too
    start = time.perf_counter()
    results = triples = 0
    groups = {}
    if phase == "shapes":
        for name in names:
            graph = load(db, name)
            triples += len(graph)
            results += len(validate.shape_results(graph, owned=True, engine=engine))
    elif phase == "store":
        report = validate.validate_store(db, engine=engine)
        results, names = len(report.results), names[: report.graphs]
        groups = {f"{sev} {shape}: {message}": len(found)
                  for (sev, shape, message), found in report.groups().items()}
    elif phase == "checks":
        results = len(validate.check_results(db))
    elif phase == "merged":
        from readout.kg.graph import new_graph

        merged = new_graph()
        for name in names:
            merged += load(db, name)
        triples = len(merged)
        start = time.perf_counter()   # time pyshacl only, not the loading
        results = len(validate.shape_results(merged, owned=True, engine=engine))
    seconds = time.perf_counter() - start
    return {"phase": phase, "engine": engine, "graphs": len(names), "triples": triples, "results": results,
            "seconds": round(seconds, 2), "seconds_per_graph": round(seconds / max(len(names), 1), 4),
            "peak_mb": round(peak_mb(), 1), **({"groups": groups} if groups else {})}


def run(phase: str, store: Path, count: int = 0, engine: str = "pyshacl") -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", phase, "--store", str(store),
                           "--count", str(count), "--engine", engine], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"bench: the {phase} phase failed: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="A store built by `readout build`.")
    parser.add_argument("--fractions", default="0.25,0.5,1", help="Fractions of the graphs for phase 1.")
    parser.add_argument("--merged", action="store_true", help="Also run phase 4 (slow on a large store).")
    parser.add_argument("--no-store", action="store_true", help="Skip phase 2 (the whole store).")
    parser.add_argument("--engines", default="pyshacl,turbo", help="SHACL engines to measure.")
    parser.add_argument("--engine", default="pyshacl", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, str(args.store), args.count, args.engine)))
        return
    import pyoxigraph as ox

    total = len(article_graphs(ox.Store.read_only(str(args.store))))
    print(f"store {args.store}: {total} article graphs; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    figures = []
    for engine in args.engines.split(","):
        for fraction in (float(f) for f in args.fractions.split(",")):
            figures.append(run("shapes", args.store, max(1, round(total * fraction)), engine))
        for phase in (*(() if args.no_store else ("store",)), *(("merged",) if args.merged else ())):
            figures.append(run(phase, args.store, engine=engine))
    figures.append(run("checks", args.store, engine="oxigraph"))
    for f in figures:
        print(f"{f['phase']:7} {f['engine']:8} {f['graphs']:5} graphs {f['triples']:9} triples  {f['seconds']:8.2f} s "
              f"({f['seconds_per_graph']:.4f} s/graph)  peak {f['peak_mb']:7.1f} MB  {f['results']} results")
    print(f"load average {os.getloadavg()[0]:.1f} at end; wall time by time.perf_counter, "
          f"peak memory by ru_maxrss of each child process")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
