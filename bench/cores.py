"""How much work two processes get done at once on this machine, against one alone: the
ceiling of `readout build --jobs 2` here, whatever readout does.

Usage: python bench/cores.py [--rounds N]

How it is measured: a pure-Python loop (no I/O, no memory to speak of) in one subprocess,
then the same loop in two subprocesses started together; wall-clock time around each, and
each subprocess's own CPU seconds. Throughput is 2 x (one alone) / (two at once): 2.0 on two
idle cores; less when the two virtual CPUs share a core of the host, or the host is busy.
Rounds alternate one and two, and each round is printed: on a shared host it drifts.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

LOOP = ("import time\nc = time.process_time()\nx = 0\nfor i in range(60_000_000):\n    x += i\n"
        "print(time.process_time() - c)")


def run(processes: int) -> tuple[float, list[float]]:
    started = time.perf_counter()
    children = [subprocess.Popen([sys.executable, "-c", LOOP], stdout=subprocess.PIPE, text=True)
                for _ in range(processes)]
    cpu = [float(child.communicate()[0]) for child in children]
    return time.perf_counter() - started, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start")
    for _ in range(args.rounds):
        one, one_cpu = run(1)
        two, two_cpu = run(2)
        print(f"one: {one:.2f} s wall ({one_cpu[0]:.2f} CPU-s); two at once: {two:.2f} s wall "
              f"({two_cpu[0]:.2f}, {two_cpu[1]:.2f} CPU-s); throughput {2 * one / two:.2f}x")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
