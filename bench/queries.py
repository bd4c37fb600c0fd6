"""Benchmark: every stored query and check on the embedded store and in rdflib, at three sizes.

    python bench/queries.py --store STORE [--copies 1,3,10] [--repeat 3] [--rdflib-budget 60]
    python bench/queries.py replicate STORE OUT COPIES      # only make the larger store

STORE is a built store (`readout build ../shared/polnear/dev/text --store /tmp/sq-dev`:
about 100k triples). A larger corpus is made from its N-Quads export (`replicate`): COPIES
renamed copies of every article graph (`rid:article/ID...` and `rid:graph/article/ID`
become `...ID-copyK`), with entities, events, the ontology and the entities graph shared,
as in a real corpus that mentions the same actors and events: 3 and 10 copies of the dev
build give about 300k and 1M triples.

For each size, each query in `queries/*.rq` and `queries/checks/*-violation.rq` (default
parameters) is timed on the embedded store (pyoxigraph, union default graph; median of
`--repeat` runs after a warm-up; wall time and, in brackets, the CPU time of the process,
which the machine's load does not inflate) and in rdflib (a `Dataset(default_union=True)` parsed from
the same N-Quads, in its own process; one run after a warm-up, stopped after
`--rdflib-budget` seconds). The query text is the same for both. Prints one table with the
sizes side by side, the commit and the machine's load; nothing here is a test.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = re.compile(r"(https://w3id\.org/readout/id/(?:graph/)?article/)([^/>]+)")
# an article's own id (dcterms:identifier), renamed with its IRI: no two articles of a store
# share an id, as the article's IRI is made from it
IDENTIFIER = re.compile(r'(<https://w3id\.org/readout/id/article/[^/>]+> <http://purl\.org/dc/terms/identifier> "'
                        r'(?:[^"\\]|\\.)*)"')


def replicate(store: Path, out: Path, copies: int) -> int:
    """Write `copies` renamed copies of `store`'s quads into a new store at `out`; its size."""
    import pyoxigraph as ox

    from readout.store import embedded as stores

    source = stores.open_store(store)
    data = stores.export(source, "nquads").decode("utf-8")
    del source
    target = ox.Store(str(out))
    for k in range(copies):
        copy = data if k == 0 else IDENTIFIER.sub(
            lambda m, k=k: f'{m.group(1)}-copy{k}"', ARTICLE.sub(lambda m, k=k: f"{m.group(1)}{m.group(2)}-copy{k}", data))
        target.bulk_load(copy.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    target.flush()
    (out.parent / f"{out.name}.nq").write_bytes(stores.export(target, "nquads"))
    return len(target)


def query_texts() -> dict[str, str]:
    """Every stored query and check with its default parameters bound (a VALUES block)."""
    from readout.config import QUERIES_DIR
    from readout.store import queries

    texts = {}
    for name, stored in queries.stored().items():
        texts[name] = queries.with_values(stored.text, queries.bindings(stored, {}))
    for path in sorted((QUERIES_DIR / "checks").glob("*-violation.rq")):
        texts["checks/" + path.stem] = path.read_text(encoding="utf-8")
    return texts


def time_embedded(store: Path, repeat: int) -> dict:
    from readout.store import embedded as stores

    db = stores.open_store(store)
    out = {}
    for name, text in query_texts().items():
        if "SERVICE" in text:   # speaker-offices asks Wikidata: time it without the network
            text = re.sub(r"OPTIONAL \{\s*SERVICE SILENT.*?\n  \}\n", "", text, flags=re.S)
        rows = len(list(db.query(text, use_default_graph_as_union=True)))
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            rows = len(list(db.query(text, use_default_graph_as_union=True)))
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        out[name] = {"s": statistics.median(times), "cpu": statistics.median(cpu), "rows": rows}
        print(f"  embedded {name}: {_cell(out[name])}, {rows} rows", flush=True)
    return out


def rdflib_child(export: str, skip: str) -> None:
    """One JSON line per query as it finishes (run in its own process)."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(export, format="nquads")
    print(json.dumps({"parsed": True}), flush=True)
    for name, text in query_texts().items():
        if name in skip.split(","):
            continue
        if "SERVICE" in text:
            text = re.sub(r"OPTIONAL \{\s*SERVICE SILENT.*?\n  \}\n", "", text, flags=re.S)
        print(json.dumps({"query": name, "start": True}), flush=True)
        try:
            rows = len(list(dataset.query(text)))
            started = time.perf_counter()
            rows = len(list(dataset.query(text)))
            print(json.dumps({"query": name, "s": time.perf_counter() - started, "rows": rows}), flush=True)
        except Exception as err:   # rdflib cannot run some valid queries: say why
            print(json.dumps({"query": name, "error": f"{type(err).__name__}: {err}"[:120]}), flush=True)


def time_rdflib(export: Path, budget: float, over: dict | None = None) -> dict:
    """Each query gets `budget` seconds (warm-up and timed run); a slower one is cut short and
    the remaining ones run in a new process. Those in `over` (over the budget on a smaller
    store) are not run again."""
    out: dict = {name: dict(item, smaller=True) for name, item in (over or {}).items()}
    names = list(query_texts())
    while len(out) < len(names):
        process = subprocess.Popen([sys.executable, __file__, "rdflib", str(export), ",".join(out)],
                                   stdout=subprocess.PIPE, bufsize=0)
        current, deadline, pending = None, None, b""
        try:
            while True:
                # (lines are split here from unbuffered reads: a line left in a reader's buffer
                # is one select() does not see, and the budget would then not be kept)
                if b"\n" not in pending:
                    wait = None if deadline is None else max(deadline - time.monotonic(), 0)
                    ready, _, _ = select.select([process.stdout], [], [], wait)
                    if not ready:
                        out[current] = {"s": None, "over": budget}
                        print(f"  rdflib {current}: {_cell(out[current])}", flush=True)
                        break
                    chunk = os.read(process.stdout.fileno(), 65536)
                    if not chunk:
                        if current is not None:
                            out[current] = {"error": f"rdflib's process ended (exit {process.wait()})"}
                            current = None
                        break
                    pending += chunk
                    continue
                line, pending = pending.split(b"\n", 1)
                item = json.loads(line)
                if item.get("start"):
                    current, deadline = item["query"], time.monotonic() + budget
                elif "query" in item:
                    name = item.pop("query")
                    out[name] = item
                    print(f"  rdflib {name}: {_cell(item)}", flush=True)
                    current, deadline = None, None
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait()
        if current is None and len(out) < len(names):
            for name in names:   # the child ended without a line for these
                out.setdefault(name, {"error": "no answer"})
    return out


def _cell(item: dict | None) -> str:
    if item is None:
        return "-"
    if item.get("error"):
        return "error"
    if item.get("s") is None:
        return f">{item['over']:g} s" + ("*" if item.get("smaller") else "")
    if "cpu" in item:   # the embedded store: wall time (CPU time of this process)
        return f"{item['s']:.2f} s ({item['cpu']:.2f})"
    return f"{item['s']:.2f} s"


def _commit() -> str:
    if os.environ.get("BENCH_COMMIT"):   # a run from an exported snapshot of a commit
        return os.environ["BENCH_COMMIT"]
    try:
        return subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "rdflib":
        return rdflib_child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    if len(sys.argv) > 1 and sys.argv[1] == "replicate":
        print(f"{replicate(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])):,} quads")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a built store (PolNeAR dev)")
    parser.add_argument("--copies", default="1,3,10", help="sizes, as numbers of copies")
    parser.add_argument("--repeat", type=int, default=3, help="timed embedded runs per query (median)")
    parser.add_argument("--rdflib-budget", type=float, default=60, help="seconds per rdflib query")
    parser.add_argument("--no-rdflib", action="store_true")
    options = parser.parse_args()
    copies = [int(c) for c in options.copies.split(",")]
    started_load = os.getloadavg()
    print(f"commit {_commit()}; {os.cpu_count()} cores, load average {started_load[0]:.1f} at start")
    sizes, embedded, rdf = [], {}, {}
    with tempfile.TemporaryDirectory(prefix="readout-bench-queries-") as tmp:
        for c in copies:
            scaled = Path(tmp) / f"x{c}"
            quads = replicate(options.store, scaled, c)
            sizes.append(quads)
            embedded[quads] = time_embedded(scaled, options.repeat)
            print(f"{quads:,} quads: embedded done", flush=True)
        over: dict = {}   # a query over the budget at a smaller size is not run again
        for c, quads in zip(copies, sizes) if not options.no_rdflib else ():
            rdf[quads] = time_rdflib(Path(tmp) / f"x{c}.nq", options.rdflib_budget, over)
            over = {n: item for n, item in rdf[quads].items() if item.get("s") is None}
            print(f"{quads:,} quads: rdflib done", flush=True)
    head = " | ".join(f"{q / 1000:.0f}k" for q in sizes)
    print(f"\n| query | rows | Oxigraph embedded, wall (CPU) {head} | rdflib {head} |")
    print("|---|---|---|---|")
    for name in query_texts():
        rows = "/".join(str(embedded[q][name]["rows"]) for q in sizes)
        ox_cells = " / ".join(_cell(embedded[q][name]) for q in sizes)
        rdf_cells = " / ".join(_cell(rdf.get(q, {}).get(name)) for q in sizes) if rdf else "not run"
        print(f"| {name} | {rows} | {ox_cells} | {rdf_cells} |")
    print(f"\nload average {started_load[0]:.1f} at start, {os.getloadavg()[0]:.1f} at the end; "
          f"embedded: median of {options.repeat} after a warm-up; rdflib: one run after a warm-up, "
          f"{options.rdflib_budget:g} s budget per query (* not run: over the budget on a smaller store)")
    print(json.dumps({"commit": _commit(), "sizes": sizes, "embedded": embedded, "rdflib": rdf}))


if __name__ == "__main__":
    main()
