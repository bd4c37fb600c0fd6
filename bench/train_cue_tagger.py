"""Fit the cue tagger (`readout.extract.tagger`) on PolNeAR's train split and write its
weights to `data/models/cue-tagger.tsv`.

Usage: python bench/train_cue_tagger.py POLNEAR_DIR [--out data/models/cue-tagger.tsv]
       [--cache FILE] [--holdout] [--admit P] [--veto P] [--grid]

How it is fitted: the train split's texts are parsed with readout's pipeline (kept in a
spaCy DocBin, `--cache`, default /tmp/readout-train-1.spacy, shared with
bench/cue_misses.py); one annotator file per article (the lexicographically first, as
`readout eval attribution` reads them); every verb, noun, adjective and auxiliary is an
example, labelled 1 when it lies inside a gold cue (the head "said", the adjective of
"is confident", the noun of "made no mention of": the word the lexicon matches need not be
the cue's parse head), except the words inside a gold content: PolNeAR's annotation
is univocal, so a cue reported inside another's content is never marked there, and
learning from those words would teach the tagger that "X said the leaders agreed that"
holds no second statement; and the words inside quotations, where the tagger is not
asked (`tagger.admitted`, `tagger.vetoed`). A logistic regression over `tagger.features` is fitted by
full-batch AdaGrad with L2 (features seen in at least `--min-count` examples, sorted;
fixed number of steps, no randomness), so the same data give the same weights.
`--holdout` fits on the even-numbered articles and scores statement extraction on the
odd ones (cue, source, content, whole attribution, as the eval command does) with the
rules alone and with the tagger at the given thresholds (`--grid`: a few pairs), to
choose the thresholds without the dev split. Only the train split is ever read.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def load(polnear: Path, cache: Path):
    from spacy.tokens import DocBin

    from readout.eval.attribution import gold_articles, read_ann
    from readout.extract import nlp

    arts = gold_articles(polnear, "train")
    texts = [a.text_path.read_text(encoding="utf-8") for a in arts]
    vocab = nlp.pipeline().vocab
    if cache.exists():
        docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(vocab))
    else:
        docs = list(nlp.parse(texts))
        cache.write_bytes(DocBin(docs=docs).to_bytes())
    if len(docs) != len(arts) or any(d.text != t for d, t in zip(docs, texts)):
        sys.exit(f"{cache}: the cached parses are not of these texts; delete it")
    golds = [read_ann(a.ann_path.read_text(encoding="utf-8")) for a in arts]
    return arts, texts, docs, golds


def cue_words(doc, gold) -> set[int]:
    """Token indices of the words inside gold cues."""
    return {t.i for g in gold for s, e in g.cue for t in doc.char_span(s, e, alignment_mode="expand") or ()}


def examples(docs, texts, golds):
    from readout.extract import tagger
    from readout.extract.spans import Text

    rows, labels = [], []
    for doc, text, gold in zip(docs, texts, golds):
        quotes = tagger.QuoteIndex(Text(text).quotations)
        heads = cue_words(doc, gold)
        inside = sorted((s, e) for g in gold for s, e in g.content)
        nested = {t.i for s, e in inside for t in doc.char_span(s, e, alignment_mode="expand") or ()}
        for token in doc:
            if tagger.candidate(token) and token.i not in nested and not quotes.inside(token.idx):
                rows.append(tagger.word_features(token))
                labels.append(1.0 if token.i in heads else 0.0)
    return rows, np.array(labels)


def fit(rows, y, min_count: int, steps: int, l2: float, rate: float):
    from collections import Counter

    counts = Counter(f for row in rows for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    column = {f: n for n, f in enumerate(names)}
    indices = [[column[f] for f in dict.fromkeys(row) if f in column] for row in rows]
    lengths = np.array([len(ix) for ix in indices])
    keep = lengths > 0
    flat = np.array([c for ix, k in zip(indices, keep) if k for c in ix], dtype=np.int64)
    lengths, y = lengths[keep], y[keep]
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    w, b = np.zeros(len(names)), 0.0
    gw, gb = np.full(len(names), 1e-8), 1e-8
    n = len(y)
    for _ in range(steps):
        z = b + np.add.reduceat(w[flat], starts)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = p - y
        grad = np.bincount(flat, weights=np.repeat(r, lengths), minlength=len(names)) / n + l2 * w
        gbias = r.mean()
        gw += grad * grad
        gb += gbias * gbias
        w -= rate * grad / np.sqrt(gw)
        b -= rate * gbias / np.sqrt(gb)
    return {f: float(v) for f, v in zip(names, w) if abs(v) >= 1e-3}, float(b)


def head_figures(model, rows, y, threshold: float) -> str:
    p = np.array([model.probability(r) for r in rows])
    hit = (p >= threshold)
    tp = float((hit & (y == 1)).sum())
    return f"heads at p>={threshold}: precision {tp / max(1, hit.sum()):.3f}, recall {tp / max(1, y.sum()):.3f}"


def score(arts, texts, docs, golds, indexes) -> str:
    from readout.eval.attribution import PARTS, Counts, from_statements, score as score_doc
    from readout.extract import statements
    from readout.ingest.reader import make_article
    from readout.link.gazetteer import default

    gazetteer = default()
    total = {p: Counts() for p in PARTS + ("attribution",)}
    for art, text, doc, gold, index in zip(arts, texts, docs, golds, indexes):
        found = statements.extract(make_article(art.doc, text, {}), doc, index, gazetteer)
        for name, counts in score_doc(text, from_statements(found), gold).items():
            total[name].add(counts)
    c = total
    return (f"cue exact {c['cue'].exact()[2]:.4f} (P {c['cue'].exact()[0]:.3f} R {c['cue'].exact()[1]:.3f}), "
            f"source exact {c['source'].exact()[2]:.4f}, content token {c['content'].tokens()[2]:.4f}, "
            f"whole token {c['attribution'].tokens()[2]:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "models" / "cue-tagger.tsv")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/readout-train-1.spacy"))
    parser.add_argument("--holdout", action="store_true")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--content", action="append", default=[],
                        help="also score admitted cues with only these content rules (comma-separated)")
    parser.add_argument("--admit", type=float, default=0.7)
    parser.add_argument("--veto", type=float, default=0.05)
    parser.add_argument("--admit-object", type=float, default=2.0,
                        help="a verb outside the lexicon reports its object at or above this (above 1: never)")
    parser.add_argument("--object-grid", default="", help="with --holdout: admit-object values to try, comma-separated")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--l2", type=float, default=1e-5)
    parser.add_argument("--rate", type=float, default=0.3)
    args = parser.parse_args()

    from readout.extract import mentions, tagger
    from readout.link.gazetteer import default

    started = time.perf_counter()
    arts, texts, docs, golds = load(args.polnear, args.cache)
    fit_on = range(0, len(arts), 2) if args.holdout else range(len(arts))
    rows, y = examples([docs[i] for i in fit_on], [texts[i] for i in fit_on], [golds[i] for i in fit_on])
    print(f"{len(fit_on)} articles, {len(rows)} words, {int(y.sum())} cue heads "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    weights, bias = fit(rows, y, args.min_count, args.steps, args.l2, args.rate)
    model = tagger.Model(weights, bias, args.admit, args.veto, args.admit_object)
    print(f"{len(weights)} weights ({time.perf_counter() - started:.0f} s); on the fitted articles "
          f"{head_figures(model, rows, y, 0.5)}", flush=True)
    if not args.holdout:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(tagger.write(model, f"fitted by bench/train_cue_tagger.py on {len(arts)} PolNeAR "
                                                f"train articles, min-count {args.min_count}, steps {args.steps}, "
                                                f"l2 {args.l2}, rate {args.rate}"), encoding="utf-8")
        print(f"wrote {args.out}")
        return
    held = range(1, len(arts), 2)
    hrows, hy = examples([docs[i] for i in held], [texts[i] for i in held], [golds[i] for i in held])
    print("held out: " + head_figures(model, hrows, hy, 0.5), flush=True)
    gazetteer = default()
    sub = [[arts[i] for i in held], [texts[i] for i in held], [docs[i] for i in held], [golds[i] for i in held]]
    indexes = [mentions.MentionIndex(mentions.find(d, t, gazetteer)) for d, t in zip(sub[2], sub[1])]
    tagger.use(tagger.Model(weights, bias, 2.0, -1.0))
    print("rules alone:", score(*sub, indexes), flush=True)
    pairs = [(a, v) for a in (0.45, 0.6) for v in (0.15, 0.3)] if args.grid else [(args.admit, args.veto)]
    for admit, veto in pairs:
        tagger.use(tagger.Model(weights, bias, admit, veto, args.admit_object))
        print(f"admit {admit} veto {veto} admit-object {args.admit_object}:", score(*sub, indexes), flush=True)
        for value in (float(v) for v in args.object_grid.split(",") if v):
            tagger.use(tagger.Model(weights, bias, admit, veto, value))
            print(f"admit {admit} veto {veto} admit-object {value}:", score(*sub, indexes), flush=True)
        for rules in args.content:
            kept, tagger.ADMITTED_CONTENT = tagger.ADMITTED_CONTENT, tuple(rules.split(","))
            print(f"admit {admit} veto {veto}, content {rules}:", score(*sub, indexes), flush=True)
            tagger.ADMITTED_CONTENT = kept


if __name__ == "__main__":
    main()
