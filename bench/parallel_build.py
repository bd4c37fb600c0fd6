"""`readout build --jobs 1` against `--jobs 2`, and the peak memory of each, in one run.

Usage: python bench/parallel_build.py [TEXT_DIR] [--jobs 1,2]

How it is measured: each build is a `readout build TEXT_DIR --store NEW --jobs N` subprocess
(model loading included, as a user runs it); wall-clock time around it, and its peak
resident memory, the largest ru_maxrss of the process and its children (resource
.getrusage(RUSAGE_CHILDREN) read in a fresh helper process per build, so that one build's
peak is not another's). Words are whitespace-separated words of the texts. The load
average is printed before and after each build: the machine's other load shows in the
wall-clock figures.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear" / "dev" / "text")
    parser.add_argument("--jobs", default="1,2")
    args = parser.parse_args()
    readout = shutil.which("readout") or sys.exit("readout is not installed in this environment")
    files = sorted(args.texts.glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"{len(files)} texts in {args.texts}, {words:,} words; {os.cpu_count()} CPUs")
    rates = {}
    for jobs in [int(j) for j in args.jobs.split(",")]:
        store = Path(tempfile.mkdtemp(prefix="readout-jobs-")) / "store"
        load = os.getloadavg()[0]
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, readout, "build", str(args.texts), "--store",
                              str(store), "--jobs", str(jobs)], capture_output=True, text=True).stdout.split()
        seconds = time.perf_counter() - started
        shutil.rmtree(store.parent, ignore_errors=True)
        rates[jobs] = words / seconds
        print(f"--jobs {jobs}: {rates[jobs]:7,.0f} words/s ({seconds:.1f} s; exit {out[1]}), peak "
              f"{int(out[0]) / 1024:,.0f} MB; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    if 1 in rates and len(rates) > 1:
        for jobs, rate in rates.items():
            if jobs != 1:
                print(f"--jobs {jobs} / --jobs 1: {rate / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
