"""Extraction speed on the PolNeAR dev texts: words per second of bare `nlp.pipe` with the
same spaCy model, of readout's statement extraction end to end (parse with the gazetteer's
entity ruler, mentions, statements) in one process, and of the same with N processes.

Usage: python bench/extraction_speed.py [POLNEAR_DIR] [--jobs N] [--split dev]

How it is measured: wall-clock time (time.perf_counter) around each pass over all texts of
the split, after the model has been loaded and one warm-up text parsed (loading is not
counted), bare and readout passes interleaved, best of two each; words are whitespace-separated words of the texts. Each pass runs once; the
machine's other load shows in the figures, so run it on an idle machine and compare the
ratio rather than the absolute figures.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    import spacy

    from readout.eval import attribution as evaluate
    from readout.extract import mentions
    from readout.extract import nlp
    from readout.extract import statements
    from readout.config import SPACY_MODEL
    from readout.link.gazetteer import default
    from readout.ingest.reader import make_article

    texts = [(a.doc, a.text_path.read_text(encoding="utf-8"))
             for a in evaluate.gold_articles(args.polnear, args.split)]
    words = sum(len(t.split()) for _, t in texts)
    print(f"{len(texts)} {args.split} texts, {words:,} words; model {SPACY_MODEL}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")

    bare = spacy.load(SPACY_MODEL)
    list(bare.pipe([texts[0][1]]))
    gazetteer = default()
    nlp.pipeline()
    list(nlp.parse([texts[0][1]]))

    def bare_pass() -> float:
        started = time.perf_counter()
        for _ in bare.pipe((t for _, t in texts), batch_size=16):
            pass
        return words / (time.perf_counter() - started)

    def readout_pass() -> tuple[float, int]:
        started = time.perf_counter()
        articles = [make_article(doc, text, {}) for doc, text in texts]
        count = 0
        for article, doc in zip(articles, nlp.parse(a.text for a in articles)):
            index = mentions.MentionIndex(mentions.find(doc, article.text, gazetteer))
            count += len(statements.extract(article, doc, index, gazetteer))
        return words / (time.perf_counter() - started), count

    # interleaved, best of two, so that a burst of load elsewhere hurts neither side alone
    rates, ours = [], []
    for _ in range(2):
        rates.append(bare_pass())
        ours.append(readout_pass())
    bare_rate = max(rates)
    one, count = max(ours)
    print(f"bare nlp.pipe:                    {bare_rate:8,.0f} words/s (best of 2)")
    print(f"readout extraction, 1 process:    {one:8,.0f} words/s (best of 2; "
          f"{one / bare_rate:.2f} of bare nlp.pipe; {count:,} statements)")

    started = time.perf_counter()
    found = evaluate.extract_texts(texts, jobs=args.jobs)
    many = words / (time.perf_counter() - started)
    print(f"readout extraction, {args.jobs} processes:  {many:8,.0f} words/s "
          f"({many / one:.2f} x one process, model loading in each process included; "
          f"{sum(map(len, found)):,} statements)")


if __name__ == "__main__":
    main()
