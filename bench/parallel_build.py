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

With `--ceiling`, bare spaCy then parses the same texts in one process and in two at once
(`bench/cores.py --parse`'s method: each process times its parse after loading the model,
the texts dealt by size): what two processes get done here against one, whatever readout
does around the parse, measured in the same run as the builds. With `--rounds N` the builds
(and the bare parses) alternate N times and each round is printed, then the medians.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cores as cores_bench  # noqa: E402  (bench/cores.py: bare spaCy in one process and in two)

CHILD = """import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, code, use.ru_utime + use.ru_stime)"""


def build(readout: str, texts: Path, jobs: int, words: int) -> tuple[float, float]:
    """One `readout build --jobs N` subprocess: (wall-clock s, CPU-s of all its processes)."""
    store = Path(tempfile.mkdtemp(prefix="readout-jobs-")) / "store"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, readout, "build", str(texts), "--store",
                          str(store), "--jobs", str(jobs)], capture_output=True, text=True).stdout.split()
    seconds = time.perf_counter() - started
    shutil.rmtree(store.parent, ignore_errors=True)
    print(f"--jobs {jobs}: {words / seconds:7,.0f} words/s ({seconds:.1f} s wall, {float(out[2]):.1f} CPU-s: "
          f"{float(out[2]) / seconds:.2f} cores; exit {out[1]}), peak {int(out[0]) / 1024:,.0f} MB; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    return seconds, float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear" / "dev" / "text")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--ceiling", action="store_true",
                        help="also bare spaCy on the same texts in one process and in two at once")
    args = parser.parse_args()
    readout = shutil.which("readout") or sys.exit("readout is not installed in this environment")
    files = sorted(args.texts.glob("*.txt"))
    words = sum(len(f.read_text(encoding="utf-8").split()) for f in files)
    print(f"{len(files)} texts in {args.texts}, {words:,} words; {os.cpu_count()} CPUs")
    every = [int(j) for j in args.jobs.split(",")]
    walls: dict[int, list[float]] = {jobs: [] for jobs in every}
    cpus: dict[int, list[float]] = {jobs: [] for jobs in every}
    ceilings = []
    for round in range(args.rounds):
        if args.rounds > 1:
            print(f"round {round + 1}")
        for jobs in every:
            wall, cpu = build(readout, args.texts, jobs, words)
            walls[jobs].append(wall)
            cpus[jobs].append(cpu)
        if 1 in walls and len(walls) > 1:
            for jobs in (j for j in every if j != 1):
                cores = min(jobs, os.cpu_count() or 1)
                print(f"--jobs {jobs} / --jobs 1: {walls[1][-1] / walls[jobs][-1]:.2f}x wall-clock; CPU-s "
                      f"{cpus[jobs][-1] / cpus[1][-1]:.2f}x of --jobs 1's, so at most "
                      f"{walls[1][-1] * cores / cpus[jobs][-1]:.2f}x on {cores} idle cores")
        if args.ceiling:
            paths = [str(f) for f in files]
            (one, one_cpu), = cores_bench.parse([paths])
            two = cores_bench.parse(cores_bench.halves(paths))
            ceilings.append(one / max(w for w, _ in two))
            print(f"bare spaCy, the same texts: one process {one:.1f} s, two at once "
                  f"{max(w for w, _ in two):.1f} s: {ceilings[-1]:.2f}x (CPU ratio "
                  f"{sum(c for _, c in two) / one_cpu:.2f})")
    if args.rounds > 1 and 1 in walls and len(walls) > 1:
        for jobs in (j for j in every if j != 1):
            ratios = [a / b for a, b in zip(walls[1], walls[jobs])]
            print(f"median over {args.rounds} rounds: --jobs {jobs} / --jobs 1 {statistics.median(ratios):.2f}x "
                  f"({', '.join(f'{r:.2f}' for r in ratios)})"
                  + (f"; bare spaCy two / one {statistics.median(ceilings):.2f}x" if ceilings else ""))


if __name__ == "__main__":
    main()
