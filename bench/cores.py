"""How much work two processes get done at once on this machine, against one alone: the
ceiling of `readout build --jobs 2` here, whatever readout does.

Usage: python bench/cores.py [--rounds N] [--parse TEXT_DIR]

How it is measured: a pure-Python loop (no I/O, no memory to speak of) in one subprocess,
then the same loop in two subprocesses started together; wall-clock time around each, and
each subprocess's own CPU seconds. Throughput is 2 x (one alone) / (two at once): 2.0 on two
idle cores; less when the two virtual CPUs share a core of the host, or the host is busy.
Rounds alternate one and two, and each round is printed: on a shared host it drifts.

With `--parse TEXT_DIR` the work is bare spaCy instead (`nlp.pipe` over the texts, batch 16,
readout's model): one process parses every text, then two processes parse half of them each
(the texts dealt by size, largest first, to the process with fewer bytes so far);
each process times its parse alone, after loading the model. Throughput is the one
process's parse time over the slower of the two; the CPU ratio, the two processes' CPU
seconds over the one's for the same texts, is what running two at once costs on this
machine (shared caches, memory bandwidth, a busy host): the ceiling of `--jobs 2` for the
parse, whatever readout does around it.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

LOOP = ("import time\nc = time.process_time()\nx = 0\nfor i in range(60_000_000):\n    x += i\n"
        "print(time.process_time() - c)")
PARSE = """import sys, time, spacy
from readout.config import SPACY_MODEL
texts = [open(path, encoding="utf-8").read() for path in sys.argv[1:]]
nlp = spacy.load(SPACY_MODEL)
c, w = time.process_time(), time.perf_counter()
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(time.perf_counter() - w, time.process_time() - c)"""


def run(processes: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    children = [subprocess.Popen([sys.executable, "-c", LOOP], stdout=subprocess.PIPE, text=True)
                for _ in range(processes)]
    cpu = [float(child.communicate()[0]) for child in children]
    return time.perf_counter() - started, cpu


def parse(shares: list[list[str]]) -> list[tuple[float, float]]:
    """(wall, CPU) of each process's parse, one process per share of the texts, at once."""
    children = [subprocess.Popen([sys.executable, "-c", PARSE, *share], stdout=subprocess.PIPE, text=True)
                for share in shares]
    return [tuple(map(float, child.communicate()[0].split())) for child in children]


def halves(paths: list[str]) -> list[list[str]]:
    """The texts dealt to two processes, largest first, each to the one with fewer bytes so far."""
    shares, sizes = [[], []], [0, 0]
    for path in sorted(paths, key=lambda p: -os.path.getsize(p)):
        lighter = sizes.index(min(sizes))
        shares[lighter].append(path)
        sizes[lighter] += os.path.getsize(path)
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parse", metavar="TEXT_DIR", help="bare spaCy on these .txt files instead of a loop")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start")
    if args.parse:
        paths = sorted(str(p) for p in Path(args.parse).glob("*.txt"))
        for _ in range(args.rounds):
            (one, one_cpu), = parse([paths])
            two = parse(halves(paths))
            print(f"one: {one:.2f} s wall ({one_cpu:.2f} CPU-s); two at once: "
                  f"{', '.join(f'{w:.2f} s wall ({c:.2f} CPU-s)' for w, c in two)}; throughput "
                  f"{one / max(w for w, _ in two):.2f}x; CPU ratio {sum(c for _, c in two) / one_cpu:.2f}")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
        return
    for _ in range(args.rounds):
        one, one_cpu = run(1)
        two, two_cpu = run(2)
        print(f"one: {one:.2f} s wall ({one_cpu[0]:.2f} CPU-s); two at once: {two:.2f} s wall "
              f"({two_cpu[0]:.2f}, {two_cpu[1]:.2f} CPU-s); throughput {2 * one / two:.2f}x")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
