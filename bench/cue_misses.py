"""Where statement extraction misses PolNeAR's gold attributions, by class: the gold cues
it misses (by the lemma and construction of the cue's head word), the cues it finds with
other boundaries, its false cues (by lemma), and, for cues it finds, how its source and
content spans differ from gold.

Usage: python bench/cue_misses.py [POLNEAR_DIR] [--split train] [--every N] [--top K]
       [--examples LEMMA|CLASS] [--cache FILE]

How it is measured: the split's texts are parsed once with readout's pipeline and the
parses kept in a spaCy DocBin (`--cache`, default /tmp/readout-<split>-<every>.spacy), so
later runs only extract; one annotator file per article (the lexicographically first, as
`readout eval attribution` does); `--every 3` takes every third article. Study train
only: dev is for measuring, never for reading examples off.
"""
from __future__ import annotations

import argparse
import collections
from pathlib import Path


def head_of(doc, start: int, end: int):
    """The word of a character span whose head lies outside it (the span's syntactic head)."""
    toks = [t for t in doc if t.idx >= start and t.idx + len(t) <= end]
    if not toks:
        return None, []
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    return (heads[0] if heads else toks[0]), toks


def construction(head, toks) -> str:
    """A coarse name of the cue's construction."""
    if head is None:
        return "no-token"
    words = [t for t in toks if not t.is_punct]
    lemmas = " ".join(t.lemma_.lower() for t in words)
    if lemmas.startswith("accord to"):
        return "according-to"
    if head.pos_ == "ADJ" or (head.lemma_ == "be" and any(t.pos_ == "ADJ" for t in toks)):
        return "be+ADJ"
    if head.pos_ in ("NOUN", "PROPN"):
        prev = head.doc[toks[0].i - 1] if toks[0].i > 0 else None
        if toks[0].lower_ == "in" or (prev is not None and prev.lower_ == "in"):
            return "in+NOUN"
        return "NOUN"
    if head.pos_ == "ADP":
        return "ADP"
    if head.pos_ == "PUNCT":
        return "PUNCT"
    if head.pos_ in ("VERB", "AUX"):
        if len(words) > 1 and any(t.dep_ in ("dobj", "prep", "pobj", "prt", "xcomp", "acomp") for t in words):
            return "VERB+multi"
        return "VERB"
    return head.pos_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("polnear", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "polnear")
    parser.add_argument("--split", default="train")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--examples", default="")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--max-examples", type=int, default=60)
    parser.add_argument("--lemmas", type=int, default=0, help="list lemmas heading at least this many gold cues")
    args = parser.parse_args()
    if args.split not in ("train",):
        print("note: study train only; dev is for measuring")

    from spacy.tokens import DocBin

    from readout.eval.attribution import from_statements, gold_articles, read_ann
    from readout.extract import mentions, nlp, statements
    from readout.extract.cues import lexicon, subject as cues_subject, agent as cues_agent
    from readout.ingest.reader import make_article
    from readout.link.gazetteer import default

    arts = gold_articles(args.polnear, args.split)[::args.every]
    texts = [a.text_path.read_text(encoding="utf-8") for a in arts]
    cache = args.cache or Path(f"/tmp/readout-{args.split}-{args.every}.spacy")
    vocab = nlp.pipeline().vocab
    if cache.exists():
        docs = list(DocBin().from_bytes(cache.read_bytes()).get_docs(vocab))
    else:
        docs = list(nlp.parse(texts))
        cache.write_bytes(DocBin(docs=docs).to_bytes())
    gazetteer = default()

    missed, boundary, false_cues = collections.Counter(), collections.Counter(), collections.Counter()
    classes, reasons = collections.Counter(), collections.Counter()
    source_diff, content_diff = collections.Counter(), collections.Counter()
    examples: list[str] = []
    true_cues = collections.Counter()
    lemma_all, lemma_cue = collections.Counter(), collections.Counter()   # (lemma, pos): words, gold cue heads
    totals = collections.Counter()
    for art, text, doc in zip(arts, texts, docs):
        article = make_article(art.doc, text, {})
        index = mentions.MentionIndex(mentions.find(doc, text, gazetteer))
        found = statements.extract(article, doc, index, gazetteer)
        predicted = from_statements(found)
        all_cues = {((st.cue.start, st.cue.end),) for st in found}
        candidates, _ = statements.scan(doc, statements.Text(text), statements.Speakers(
            article, statements.Text(text), index, gazetteer))
        candidate_cues = {((c.cue_span.start, c.cue_span.end),) for c in candidates}
        gold = read_ann(art.ann_path.read_text(encoding="utf-8"))
        totals["gold"] += len(gold)
        totals["predicted"] += len(predicted)
        heads = {head_of(doc, g.cue[0][0], g.cue[-1][1])[0] for g in gold} - {None}
        for t in doc:
            if t.pos_ in ("VERB", "NOUN", "ADJ"):
                lemma_all[(t.lemma_.lower(), t.pos_)] += 1
        for t in heads:
            lemma_cue[(t.lemma_.lower(), t.pos_)] += 1
        pred_cues = {p.cue for p in predicted}
        gold_cues = {g.cue for g in gold}
        for g in gold:
            start, end = g.cue[0][0], g.cue[-1][1]
            head, toks = head_of(doc, start, end)
            kind = construction(head, toks)
            key = f"{(head.lemma_.lower() if head is not None else '?')}/{kind}"
            cue_text = " | ".join(text[s:e] for s, e in g.cue)
            overlapping = [p for p in predicted if any(s1 < e2 and s2 < e1 for s1, e1 in p.cue for s2, e2 in g.cue)]
            if g.cue in pred_cues:
                totals["cue-hit"] += 1
                p = next(p for p in predicted if p.cue == g.cue)
                for part, diff in (("source", source_diff), ("content", content_diff)):
                    gs, ps = getattr(g, part), getattr(p, part)
                    if gs != ps:
                        label = _diff(text, ps, gs)
                        diff[label] += 1
                        if args.examples == f"{part}:{label}":
                            examples.append(f"{art.doc}: cue {cue_text!r}\n   gold {[text[s:e] for s, e in gs]}\n"
                                            f"   pred {[text[s:e] for s, e in ps]}")
                continue
            if overlapping:
                p = overlapping[0]
                label = f"{cue_text.lower()!r} <- {' | '.join(text[s:e] for s, e in p.cue).lower()!r}"
                boundary[label] += 1
                if args.examples in ("boundary", key):
                    examples.append(f"{art.doc}: gold {cue_text!r} pred {[text[s:e] for s, e in p.cue]}")
                continue
            known = head is not None and (head.lemma_.lower(), "NOUN" if head.pos_ == "NOUN" else "VERB") in lexicon()
            if known:
                token = next(t for t in toks if t.lemma_ == head.lemma_)
                why = ("nested" if g.cue in all_cues else "dropped-in-build" if g.cue in candidate_cues
                       else "other-cue-span" if any(t.idx <= cs[0][0] < t.idx + len(t) for cs in candidate_cues for t in toks)
                       else "no-source" if cues_subject(token)[0] is None and cues_agent(token) is None
                       else "no-content")
                reasons[why] += 1
                reasons[f"{why}: {head.lemma_.lower()} {head.dep_}"] += 1
                if args.examples == f"why:{why}":
                    examples.append(f"{art.doc}: [{cue_text}] {head.dep_} src={[text[s:e] for s, e in g.source]} "
                                    f"content={[text[s:e][:80] for s, e in g.content]} :: {head.sent.text[:250]}")
            missed[key + (" (in lexicon)" if known else "")] += 1
            classes[kind + (" (in lexicon)" if known else "")] += 1
            if args.examples in (key, kind, head.lemma_.lower() if head is not None else ""):
                sent = head.sent.text.replace("\n", " ") if head is not None else ""
                examples.append(f"{art.doc}: [{cue_text}] src={[text[s:e] for s, e in g.source]} :: {sent[:300]}")
        for p in predicted:
            if p.cue in gold_cues:
                head, _ = head_of(doc, p.cue[0][0], p.cue[-1][1])
                true_cues[head.lemma_.lower() if head is not None else "?"] += 1
            if p.cue not in gold_cues and not any(
                    any(s1 < e2 and s2 < e1 for s1, e1 in p.cue for s2, e2 in g.cue) for g in gold):
                head, toks = head_of(doc, p.cue[0][0], p.cue[-1][1])
                key = head.lemma_.lower() if head is not None else "?"
                false_cues[key] += 1
                if args.examples == f"fp:{key}":
                    examples.append(f"{art.doc}: [{text[p.cue[0][0]:p.cue[-1][1]]}] :: {head.sent.text[:300]}")
    print(f"{len(arts)} articles, {totals['gold']} gold, {totals['predicted']} predicted, "
          f"{totals['cue-hit']} cues exact, {sum(boundary.values())} boundary, {sum(missed.values())} missed")
    for title, counter in (("missed by construction", classes), ("why lexicon cues were missed", reasons), ("missed by lemma/construction", missed),
                           ("boundary (gold <- predicted)", boundary), ("false cues by lemma (true ones beside)", collections.Counter(
                               {f"{k} (true {true_cues[k]}, precision {true_cues[k] / (true_cues[k] + n):.2f})": n
                                for k, n in false_cues.items()})),
                           ("source differences (cue right)", source_diff),
                           ("content differences (cue right)", content_diff)):
        print(f"\n## {title} ({sum(counter.values())})")
        for key, n in counter.most_common(args.top):
            print(f"{n:5} {key}")
    if args.lemmas:
        print("\n## lemmas outside the lexicon heading gold cues: cue heads / words (share)")
        rows = [(n, key) for key, n in lemma_cue.items() if n >= args.lemmas
                and (key[0], "NOUN" if key[1] == "NOUN" else "VERB") not in lexicon()]
        for n, (lemma, pos) in sorted(rows, reverse=True):
            print(f"{n:5} / {lemma_all[(lemma, pos)]:5} ({n / max(1, lemma_all[(lemma, pos)]):.2f}) {lemma} {pos}")
    if examples:
        print("\n## examples")
        print("\n".join(examples[:args.max_examples]))


def _diff(text: str, pred, gold) -> str:
    """How a predicted span list differs from gold: missing, extra, longer or shorter at
    each end, split differently."""
    if not pred:
        return "none predicted"
    if not gold:
        return "gold has none"
    if len(pred) != len(gold):
        return f"pieces {len(pred)} vs gold {len(gold)}"
    ps, pe, gs, ge = pred[0][0], pred[-1][1], gold[0][0], gold[-1][1]
    if pe <= gs or ge <= ps:
        return "elsewhere"
    parts = []
    if ps < gs:
        parts.append(f"starts early +{text[ps:gs].split()[0].lower() if text[ps:gs].split() else repr(text[ps:gs])}")
    elif ps > gs:
        parts.append(f"starts late -{text[gs:ps].split()[0].lower() if text[gs:ps].split() else repr(text[gs:ps])}")
    if pe > ge:
        extra = text[ge:pe].strip()
        parts.append(f"ends late +{extra[:1] if not extra[:1].isalnum() else 'words'}")
    elif pe < ge:
        extra = text[pe:ge].strip()
        parts.append(f"ends early -{extra[:1] if not extra[:1].isalnum() else 'words'}")
    return ", ".join(parts) or "inner pieces differ"


if __name__ == "__main__":
    main()
