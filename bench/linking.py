"""Cost of the gazetteer entity ruler and of linking in context, next to parsing.

Usage: python bench/linking.py [POLNEAR_DIR] [--split dev]

How it is measured: the texts (PolNeAR's split, or the bundled articles when PolNeAR is
absent) are parsed with the bare model (`spacy.load`, no ruler) and with readout's pipeline
(the same model with the gazetteer's entity ruler, plus `nlp.fix_entities`), each with
`nlp.pipe` over all texts, best of two passes; then `linking.link` runs over readout's
parsed texts (best of two passes). Wall-clock time is time.perf_counter; words are
whitespace-separated tokens. It also prints how many mentions each linking rule produced.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path


def best_of_two(run):
    times = []
    for _ in range(2):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()

    import spacy

    from readout.link import linking
    from readout.extract import nlp
    from readout.config import ARTICLES_DIR, SPACY_MODEL
    from readout.link.gazetteer import default

    folder = args.polnear / args.split / "text"
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else sorted(ARTICLES_DIR.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(SPACY_MODEL)
    ours = nlp.pipeline()
    gazetteer = default()
    bare_s, _ = best_of_two(lambda: list(bare.pipe(texts)))
    ours_s, docs = best_of_two(lambda: [nlp.fix_entities(d) for d in ours.pipe(texts)])
    link_s, found = best_of_two(lambda: [linking.link(d, t, gazetteer) for d, t in zip(docs, texts)])
    rules = Counter(m.rule for mentions in found for m in mentions)
    print(f"{len(texts)} texts from {folder if folder.is_dir() else ARTICLES_DIR}, {words:,} words")
    print(f"bare model:            {bare_s:7.2f} s  {words / bare_s:9,.0f} words/s")
    print(f"with gazetteer ruler:  {ours_s:7.2f} s  {words / ours_s:9,.0f} words/s "
          f"({len(ours.get_pipe('entity_ruler').patterns):,} patterns)")
    print(f"linking in context:    {link_s:7.2f} s  {words / link_s:9,.0f} words/s "
          f"({link_s / ours_s:.1%} of parsing)")
    print("mentions by rule: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()))


if __name__ == "__main__":
    main()
