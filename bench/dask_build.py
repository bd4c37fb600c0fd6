"""Build on a Dask cluster: one worker against two, on the same texts, in one run.

Usage: python bench/dask_build.py [POLNEAR_DIR] [--split dev] [--limit N]

How it is measured: a real `dask.distributed.LocalCluster` on 127.0.0.1 (worker processes,
one thread each) with 1 worker, then one with 2 workers; for each, the wall-clock time of
`readout.api.build(texts, new store, cluster=scheduler address)`, the cluster started and
its workers' model loaded beforehand (one warm-up article built into a throw-away store),
so that only the build is timed. Words are whitespace-separated words of the texts. The
load average is printed with each figure: on a shared machine, compare the ratio.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    args = parser.parse_args()

    from distributed import LocalCluster

    from readout import api

    files = sorted((args.polnear / args.split / "text").glob("*.txt"))[:args.limit or None]
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"{len(files)} {args.split} texts, {words:,} words; {os.cpu_count()} CPUs")
    work = Path(tempfile.mkdtemp(prefix="readout-dask-"))
    try:
        source, warm = work / "texts", work / "warm"
        source.mkdir(), warm.mkdir()
        for f in files:
            shutil.copy(f, source / f.name)
        for f in files[:4]:
            shutil.copy(f, warm / f.name)
        rates = {}
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                              dashboard_address=None) as cluster:
                api.build([warm], work / f"warm-{workers}", cluster=cluster.scheduler_address, batch=2)
                load = os.getloadavg()[0]
                started = time.perf_counter()
                result = api.build([source], work / f"store-{workers}", cluster=cluster.scheduler_address)
                seconds = time.perf_counter() - started
            rates[workers] = words / seconds
            print(f"{workers} worker(s): {rates[workers]:7,.0f} words/s ({seconds:.1f} s, {len(result.built)} "
                  f"articles; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)")
        print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
