"""`readout build --jobs 1` against `--jobs 2`, and the peak memory of each, in one run.

Usage: python bench/parallel_build.py [TEXT_DIR] [--jobs 1,2]

How it is measured: each build is a `readout build TEXT_DIR --store NEW --jobs N` subprocess
(model loading included, as a user runs it); wall-clock time around it, and its peak
resident memory, the largest ru_maxrss of the process and its children (resource
.getrusage(RUSAGE_CHILDREN) read in a fresh helper process per build, so that one build's
peak is not another's), and the CPU seconds of all its processes (user + system). Words are
whitespace-separated words of the texts. The load average is printed before and after each
build: the machine's other load shows in the wall-clock figures. On a machine other work
keeps busy, the wall-clock ratio says little; the CPU seconds do: `--jobs 2` costs its
extra model load and the pickling of results, and "at most" is what the CPU seconds allow
on `--jobs` idle cores: `--jobs 1`'s wall-clock time over `--jobs N`'s CPU seconds divided
among min(jobs, CPUs) cores. "Cores" is a build's CPU seconds over its wall-clock time:
`--jobs 1` is more than one, as its store writes run in a thread beside the extraction
(`readout.batches.Writer`), so two processes cannot double it on two cores.
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
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, code, use.ru_utime + use.ru_stime)"""


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
    rates, cpus, walls = {}, {}, {}
    for jobs in [int(j) for j in args.jobs.split(",")]:
        store = Path(tempfile.mkdtemp(prefix="readout-jobs-")) / "store"
        load = os.getloadavg()[0]
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, readout, "build", str(args.texts), "--store",
                              str(store), "--jobs", str(jobs)], capture_output=True, text=True).stdout.split()
        seconds = time.perf_counter() - started
        shutil.rmtree(store.parent, ignore_errors=True)
        rates[jobs], cpus[jobs], walls[jobs] = words / seconds, float(out[2]), seconds
        print(f"--jobs {jobs}: {rates[jobs]:7,.0f} words/s ({seconds:.1f} s wall, {cpus[jobs]:.1f} CPU-s: "
              f"{cpus[jobs] / seconds:.2f} cores; "
              f"exit {out[1]}), peak {int(out[0]) / 1024:,.0f} MB; load average {load:.1f} before, "
              f"{os.getloadavg()[0]:.1f} after")
    if 1 in rates and len(rates) > 1:
        for jobs, rate in rates.items():
            if jobs != 1:
                cores = min(jobs, os.cpu_count() or 1)
                print(f"--jobs {jobs} / --jobs 1: {rate / rates[1]:.2f}x wall-clock; CPU-s {cpus[jobs] / cpus[1]:.2f}x "
                      f"of --jobs 1's, so at most {walls[1] * cores / cpus[jobs]:.2f}x on {cores} idle cores")


if __name__ == "__main__":
    main()
