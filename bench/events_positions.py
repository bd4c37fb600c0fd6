"""Cost of the event, position and cross-article stages, on top of parsing.

Usage: python bench/events_positions.py [POLNEAR_DIR] [--split dev] [--copies N]

How it is measured: the texts (PolNeAR's split, or the bundled articles when PolNeAR is
absent) are parsed once with readout's pipeline, then wall-clock time (time.perf_counter)
is taken around `events.extract` and `positions.derive` over all parsed texts (best of
two passes), and around `corpus.links` on the union of the article graphs repeated N
times under renamed article ids (to see how the cross-article step grows). Parsing and
statement extraction are not counted here (see bench/extraction_speed.py). Peak memory of
the corpus step is tracemalloc's peak during it.
"""
from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()

    from readout.kg import corpus
    from readout.extract import events
    from readout.extract import mentions
    from readout.extract import nlp
    from readout.extract import positions
    from readout.extract import statements
    from readout.config import ARTICLES_DIR
    from readout.facts import ArticleFacts
    from readout.link.gazetteer import default
    from readout.kg.graph import article_graph, new_graph
    from readout.ingest.reader import read_articles

    if (args.polnear / args.split / "text").is_dir():
        from readout.eval import attribution as evaluate
        from readout.ingest.reader import make_article
        articles = [make_article(a.doc, a.text_path.read_text(encoding="utf-8"), {})
                    for a in evaluate.gold_articles(args.polnear, args.split)]
        source = f"PolNeAR {args.split}"
    else:
        articles, _ = read_articles([ARTICLES_DIR])
        source = "bundled articles"
    gazetteer = default()
    docs = list(nlp.parse(a.text for a in articles))
    words = sum(len(a.text.split()) for a in articles)
    prepared = []
    for article, doc in zip(articles, docs):
        index = mentions.MentionIndex(mentions.find(doc, article.text, gazetteer))
        prepared.append((article, doc, index, statements.extract(article, doc, index, gazetteer)))
    print(f"{len(articles)} texts ({source}), {words:,} words; {os.cpu_count()} CPUs; "
          f"load average {os.getloadavg()[0]:.1f}")

    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        facts = []
        for article, doc, index, said in prepared:
            found = events.extract(article, doc, index)
            held = positions.derive(said, index, gazetteer, doc, article)
            facts.append(ArticleFacts(article, index.mentions, said, found, held))
        best = min(best, time.perf_counter() - start)
    print(f"events + positions: {best:.2f} s for {words:,} words = {words / best:,.0f} words/s")

    union = new_graph()
    for copy in range(args.copies):
        for f in facts:
            f.article.id = f"{f.article.id.split('~')[0]}~{copy}"
            union += article_graph(f)
    tracemalloc.start()
    start = time.perf_counter()
    links = corpus.links(union)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"corpus.links: {elapsed:.2f} s on {len(union):,} triples ({args.copies} copies of "
          f"{len(facts)} articles), peak {peak / 2**20:.0f} MiB traced; "
          f"{len(links.events)} event joins, {len(links.same_claims)} same-claim links")


if __name__ == "__main__":
    main()
