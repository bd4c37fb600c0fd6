"""Benchmark: each stored query and check at two commits, interleaved, on one store.

    python bench/query_commits.py STORE OLD NEW [--repeat 5]

STORE is a built (or replicated: `python bench/queries.py replicate ...`) store; OLD and NEW
are commits of this repository. For every `queries/*.rq` and `queries/checks/*-violation.rq`
of NEW, the text at OLD and at NEW (a SERVICE block left out, as bench/queries.py does) runs
`--repeat` times each, alternately, after a warm-up, on the embedded store (union default
graph); prints the rows and the CPU time of this process, min (median), for both. Run
alternately in one process, the two see the same load, which on a shared machine moves
the figures of two separate runs more than a rewrite does. Nothing here is a test.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout


def query_files(commit: str) -> list[str]:
    names = _git("ls-tree", "-r", "--name-only", commit, "queries").split()
    return [n for n in names if n.endswith(".rq") and (n.count("/") == 1 or n.endswith("-violation.rq"))]


def text(commit: str, name: str) -> str:
    try:
        found = _git("show", f"{commit}:{name}")
    except subprocess.CalledProcessError:
        return ""
    return re.sub(r"OPTIONAL \{\s*SERVICE SILENT.*?\n  \}\n", "", found, flags=re.S)


def main() -> None:
    import pyoxigraph as ox

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    db = ox.Store.read_only(str(options.store))
    n = options.repeat
    print(f"{len(db):,} quads; {options.old} -> {options.new}; load average {os.getloadavg()[0]:.1f} at start")
    print("| query | rows | CPU s, old: min (median) | CPU s, new: min (median) | text |\n|---|---|---|---|---|")
    for name in query_files(options.new):
        old, new = text(options.old, name), text(options.new, name)
        texts = [t for t in (old, new) if t]
        rows = [len(list(db.query(t, use_default_graph_as_union=True))) for t in texts]
        times: list[list[float]] = [[] for _ in texts]
        for _ in range(n):
            for spent, query in zip(times, texts):
                started = time.process_time()
                list(db.query(query, use_default_graph_as_union=True))
                spent.append(time.process_time() - started)
        cells = [f"{min(t):.2f} ({sorted(t)[n // 2]:.2f})" for t in times]
        if not old:
            cells.insert(0, "-")
        label = name.removeprefix("queries/").removesuffix(".rq")
        print(f"| {label} | {'/'.join(map(str, rows))} | {cells[0]} | {cells[-1]} | "
              f"{'same' if old == new else 'rewritten'} |", flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end; each text {n} times, alternately, after a warm-up")


if __name__ == "__main__":
    main()
