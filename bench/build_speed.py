"""Build speed beside bare spaCy, in one run: `readout build` (extraction, graphs, validation,
store) of the PolNeAR dev texts in words per second, against bare `nlp.pipe` with the same
model on the same texts, and how much of the build validation takes.

Usage: python bench/build_speed.py [POLNEAR_DIR] [--split dev] [--limit N] [--rounds N]

How it is measured: in this one process, after the model is loaded (for each bare pass and
for readout) and one text parsed by each (loading is not counted): a bare
`nlp.pipe` pass over all texts (batch 16) with the first bare pipeline, then
`readout.api.build` of the same texts into a new temporary store (--jobs 1; the build's
wall-clock time includes reading, extraction, graphs, the shapes on each article, the store
writes, the cross-article graph and the checks), then a second bare pass with the second
bare pipeline; the build is compared with the mean of the two bare passes, so that load
that changes during the run weighs on both sides. With `--rounds N`, N builds alternate with
N + 1 bare passes (bare, build, bare, ..., build, bare), each build compared with the bare
passes just before and after it, and the median of the N ratios printed (on a machine whose
speed drifts by 20% within a minute, one ratio says little); each build then starts from a
freshly loaded readout pipeline and each bare pass from a freshly loaded bare one. Each
pass starts from a pipeline that has parsed one text, as the build's does: a second pass of
the same pipeline over the same texts is 10-15% faster (its lemmatizer's cache and its
vocabulary hold their words); the bench ran its second pass that way until 2026-12-02
(`--same-model` still does). Where the build's time goes (the mean over the builds): each stage's
function wrapped with a timer (wall-clock, and CPU seconds of the thread that ran it): the
parse (`nlp.parse`, time spent getting each next Doc), extraction (`extract_doc`), writing
the N-Triples (`article_terms`), the shapes (`shape_results`), the store writes
(`store_batch`: splitting off the entity descriptions, their labels, the transaction and the
flush; it runs in a thread while the next batch is parsed, so its wall-clock time overlaps
the others' and is left out of "other"), the cross-article step (`finish` without the
checks) and the cross-article checks (`check_results`); "other" is the build's time not in
any of them (reading, language checks, loading the shapes and what the model loads on
first use).
Validation is shapes plus checks, as a share of the build's time. Each figure also gives CPU
seconds (time.thread_time for a stage; for the build and "other", time.process_time: all of
the process's threads), which the machine's other load disturbs less than wall-clock time.
Words are whitespace-separated words of the texts. The load average is printed before and after: on a shared machine, compare the ratios, not the figures.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--same-model", action="store_true",
                        help="every bare pass after the first with the first pass's pipeline (warm caches)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="builds, each followed by a bare pass: bare, build, bare, build, ..., bare")
    args = parser.parse_args()

    import spacy

    from readout import api, batches
    from readout.config import SPACY_MODEL
    from readout.extract import nlp, pipeline
    from readout.kg import graph, validate

    folder = args.polnear / args.split / "text"
    files = sorted(folder.glob("*.txt"))[:args.limit or None]
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).parent).stdout.strip()
    print(f"{len(texts)} {args.split} texts, {words:,} words; model {SPACY_MODEL}; commit {commit}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at the start")

    def fresh_bare():
        bare = spacy.load(SPACY_MODEL)
        list(bare.pipe(texts[:1]))
        return bare

    first_bare = fresh_bare()
    list(nlp.parse(texts[:1]))

    def bare_pass(bare):
        for _ in bare.pipe(texts, batch_size=16):
            pass

    stages = ["parse", "extract", "n-triples", "shapes", "store writes", "cross-article", "checks"]
    spent = {name: [0.0, 0.0] for name in stages}     # wall, CPU

    def add(name, wall, cpu):
        spent[name][0] += time.perf_counter() - wall
        spent[name][1] += time.thread_time() - cpu

    def wrap(name, fn):
        def wrapper(*a, **k):
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                add(name, wall, cpu)
        return wrapper

    def wrap_iterator(name, fn):
        def wrapper(*a, **k):
            docs = iter(fn(*a, **k))
            while True:
                wall, cpu = time.perf_counter(), time.thread_time()
                try:
                    doc = next(docs)
                except StopIteration:
                    return
                finally:
                    add(name, wall, cpu)
                yield doc
        return wrapper

    nlp.parse = wrap_iterator("parse", nlp.parse)
    pipeline.extract_doc = wrap("extract", pipeline.extract_doc)
    graph.article_terms = wrap("n-triples", graph.article_terms)
    validate.shape_results = wrap("shapes", validate.shape_results)
    batches.store_batch = wrap("store writes", batches.store_batch)
    batches.finish = wrap("cross-article", batches.finish)
    validate.check_results = wrap("checks", validate.check_results)

    work = Path(tempfile.mkdtemp(prefix="readout-bench-"))
    bare_runs, builds = [], []       # (wall, CPU) of each pass, in the order they ran
    try:
        source = work / "texts"
        source.mkdir()
        for f in files:
            shutil.copy(f, source / f.name)
        bare_runs.append(timed(lambda: bare_pass(first_bare))[1:])
        for round_ in range(args.rounds):
            if round_:     # a build with a pipeline as fresh as the first's (its caches cold)
                nlp.pipeline.cache_clear()
                list(nlp.parse(texts[:1]))
            result, build, build_cpu = timed(lambda: api.build([source], work / f"store-{round_}"))
            builds.append((build, build_cpu))
            bare = first_bare if args.same_model else fresh_bare()
            bare_runs.append(timed(lambda: bare_pass(bare))[1:])
            del bare
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # each build against the mean of the bare passes just before and just after it
    ratios = [((bare_runs[i][0] + bare_runs[i + 1][0]) / 2 / b[0], (bare_runs[i][1] + bare_runs[i + 1][1]) / 2 / b[1])
              for i, b in enumerate(builds)]
    rounds = len(builds)
    bare_wall = sum(w for w, _ in bare_runs) / len(bare_runs)
    bare_cpu = sum(c for _, c in bare_runs) / len(bare_runs)
    build, build_cpu = sum(w for w, _ in builds) / rounds, sum(c for _, c in builds) / rounds
    spent = {name: [wall / rounds, cpu / rounds] for name, (wall, cpu) in spent.items()}
    spent["cross-article"] = [a - b for a, b in zip(spent["cross-article"], spent["checks"])]
    valid = spent["shapes"][0] + spent["checks"][0]
    print(f"bare nlp.pipe:      {words / bare_wall:8,.0f} words/s wall "
          f"({', '.join(f'{w:.1f} s' for w, _ in bare_runs)}{', warm after the first' if args.same_model else ''}), "
          f"{words / bare_cpu:8,.0f} words/CPU-s")
    print(f"readout build:      {words / build:8,.0f} words/s wall ({', '.join(f'{w:.1f} s' for w, _ in builds)}), "
          f"{words / build_cpu:8,.0f} words/CPU-s; {len(result.built)} articles, {result.triples:,} triples")
    if rounds == 1:
        print(f"build / bare:       {ratios[0][0]:.2f} wall, {ratios[0][1]:.2f} CPU")
    else:
        print(f"build / bare:       median {statistics.median(r[0] for r in ratios):.2f} wall "
              f"({', '.join(f'{r[0]:.2f}' for r in ratios)}), median {statistics.median(r[1] for r in ratios):.2f} CPU "
              f"({', '.join(f'{r[1]:.2f}' for r in ratios)}); each build against the bare passes beside it")
    print(f"validation:         {valid:.1f} s of the build's {build:.1f} s ({valid / build:.0%}): "
          f"shapes {spent['shapes'][0]:.1f} s on {result.report.graphs} graphs, checks {spent['checks'][0]:.1f} s")
    print(f"where the build's time goes ({build:.1f} s wall, {build_cpu:.1f} CPU-s"
          f"{f', the mean of {rounds} builds' if rounds > 1 else ''}):")
    overlapped = {"store writes"}       # in a thread beside the others
    spent["other"] = [build - sum(w for n, (w, _) in spent.items() if n not in overlapped),
                      build_cpu - sum(c for _, c in spent.values())]
    for name, (wall, cpu) in spent.items():
        note = " (in a thread, beside the parse)" if name in overlapped else ""
        print(f"  {name:14} {wall:7.1f} s wall {wall / build:4.0%}  {cpu:7.1f} CPU-s {cpu / build_cpu:4.0%}{note}")
    print(f"  {'not the parse':14} {build - spent['parse'][0]:7.1f} s wall "
          f"{(build - spent['parse'][0]) / spent['parse'][0]:4.0%} of the parse's")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
