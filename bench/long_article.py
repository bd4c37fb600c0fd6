"""Benchmark: is every stage near-linear in article length? One generated article of
--size bytes (default 1 MB), built stage by stage, with the time of each stage and the
peak memory of the process; with --sizes, several sizes, each in its own process.

    python bench/long_article.py                     # one 1 MB article
    python bench/long_article.py --sizes 50000,100000,200000
    python bench/long_article.py --long-sentence 1500   # one sentence of 1,500 words
    python bench/long_article.py --real ../shared/polnear/dev/text --sizes 100000,200000,400000

With --real DIR the article is real prose: the texts of DIR (sorted by name) joined by
blank lines, over and over up to the size. Generated sentences name a new person in each
and use no pronoun or description ("he", "the minister"), so what is asked per pronoun or
per description about the people named before it only shows with real text.

The article is generated (a fixed seed, so the same bytes every run) from news-like
sentences about invented people and places: reported speech with quotation marks, dates,
meetings, lists of names, and now and then a typo (an unclosed quote, a repeated name).
Stages, as `readout build` runs them (`readout.batches`): parse (spaCy), extract (mentions,
statements, events, positions), n-triples (the article graph's text), shapes (the build's SHACL
engine, `readout.kg.fastshapes`), store (the batch written to a
temporary Oxigraph store), checks (the cross-article graph and the checks). Linear cost means
the seconds per 100 KB stay flat as the size grows. Not a test: figures depend on the
machine and its load (printed with them).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Grete", "Hugo", "Ines", "Jonas"]
LAST = ["Varga", "Okafor", "Lindqvist", "Moreau", "Petrov", "Tanaka", "Haddad", "Novak"]
PLACES = ["Velmora", "Karst", "Ostrava Bay", "Lumen City", "the northern province"]
BODIES = ["the finance ministry", "the port authority", "the regional council", "the union"]
VERBS = ["said", "told reporters", "warned", "argued", "insisted", "added", "claimed"]
TOPICS = ["the new tariff", "the ceasefire talks", "the budget", "the water treaty",
          "the election date", "the bridge project", "sanctions"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def person(rng) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng) -> str:
    kind = rng.randrange(9)
    who, topic = person(rng), rng.choice(TOPICS)
    if kind == 0:
        return f"\u201cWe will not accept {topic},\u201d {who} {rng.choice(VERBS)} on Tuesday."
    if kind == 1:
        return f"{who}, a spokesman for {rng.choice(BODIES)}, {rng.choice(VERBS)} that {topic} would fail."
    if kind == 2:
        return (f"{who} met {person(rng)} in {rng.choice(PLACES)} on {rng.randint(1, 28)} "
                f"{rng.choice(MONTHS)} 2025 to discuss {topic}.")
    if kind == 3:
        return f"According to {who}, {rng.choice(BODIES)} supports {topic}."
    if kind == 4:
        return f"{who}\u201cs view differs. {who}\u201cs outreach continues."      # typo seen in the wild
    if kind == 5:
        names = ", ".join(person(rng) for _ in range(rng.randint(3, 8)))
        return f"Among those present were {names}."
    if kind == 6:
        return f"\u201c{topic.capitalize()} is a mistake, and {rng.choice(BODIES)} knows it."
    if kind == 7:
        return f"{rng.choice(PLACES)} and {rng.choice(PLACES)} alignment {rng.choice(PLACES)}."
    return f"{who} accused {person(rng)} of blocking {topic}, {rng.choice(BODIES)} said."


def article(size: int, seed: int = 17) -> str:
    """About `size` bytes of generated news text, paragraphs of 3-6 sentences."""
    rng = random.Random(seed)
    parts, total = ["Talks on the water treaty resume\n"], 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def real(directory: Path, size: int) -> str:
    """About `size` bytes of the texts of a directory (sorted by name), repeated as needed."""
    texts = [p.read_text(encoding="utf-8").strip() for p in sorted(Path(directory).iterdir()) if p.is_file()]
    if not texts:
        raise SystemExit(f"no texts in {directory}")
    parts, total = [], 0
    while total < size:
        parts.append(texts[len(parts) % len(texts)])
        total += len(parts[-1].encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def long_sentence(words: int, seed: int = 17) -> str:
    """One sentence of about `words` words: clauses of reported speech joined by commas."""
    rng = random.Random(seed)
    clauses, count = [], 0
    while count < words:
        who, topic = person(rng), rng.choice(TOPICS)
        clause = rng.choice([f"{who} {rng.choice(VERBS)} that {topic} would fail",
                             f"{who} met {person(rng)} in {rng.choice(PLACES)}",
                             f"according to {who} {rng.choice(BODIES)} backed {topic}",
                             f"{who} and {person(rng)} rejected {topic}"])
        clauses.append(clause)
        count += len(clause.split())
    return "Officials said that " + ", and ".join(clauses) + ".\n"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(text: str) -> dict:
    """Each stage's seconds on `text`, in this process, along the build's own path
    (`readout.batches`): the parse, extraction, the N-Triples, the shapes with the build's
    engine (its core constraints and its SHACL-SPARQL constraints apart), the store batch,
    and the cross-article step with the checks (`batches.finish`)."""
    from readout import batches
    from readout.extract import nlp
    from readout.extract.pipeline import extract_doc
    from readout.ingest.reader import make_article
    from readout.kg import fastshapes, iris
    from readout.kg.graph import article_terms
    from readout.kg.report import Report
    from readout.link.gazetteer import default
    from readout.store import embedded as stores

    gazetteer = default()
    nlp.parse(["Warm up the model."])
    batches.warm_up()
    seconds = {}

    def timed(name, func):
        started = time.perf_counter()
        value = func()
        seconds[name] = round(time.perf_counter() - started, 2)
        return value

    art = make_article("long", text, {"published": "2025-07-01", "language": "en"})
    [doc] = timed("parse", lambda: list(nlp.parse([art.text])))
    facts = timed("extract", lambda: extract_doc(art, doc, gazetteer))
    ntriples, count, terms = timed("n-triples", lambda: article_terms(facts))
    results = timed("shapes", lambda: fastshapes.shape_results(None, ntriples, terms))
    built = batches.Built(art.id, str(iris.article_graph(art.id)), ntriples, count, results)
    with tempfile.TemporaryDirectory() as tmp:
        db = stores.open_store(Path(tmp) / "store", create=True)
        timed("store", lambda: batches.store_batch(db, [built], []))
        report = timed("checks", lambda: batches.finish(db, Report(results=list(results)), [art.id]))
        del db
    return {"bytes": len(text.encode("utf-8")), "words": len(text.split()), "seconds": seconds,
            "total": round(sum(seconds.values()), 2), "triples": count,
            "statements": len(facts.statements), "conforms": report.conforms, "peak_mb": round(peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of the article")
    parser.add_argument("--sizes", help="comma-separated sizes, each measured in its own process")
    parser.add_argument("--long-sentence", type=int, metavar="WORDS", help="one sentence of WORDS words")
    parser.add_argument("--real", type=Path, metavar="DIR", help="real texts of DIR, repeated to the size")
    args = parser.parse_args()
    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    if args.sizes:
        for size in args.sizes.split(","):
            subprocess.run([sys.executable, __file__, "--size", size]
                           + (["--real", str(args.real)] if args.real else []), check=True)
        return
    text = long_sentence(args.long_sentence) if args.long_sentence else \
        real(args.real, args.size) if args.real else article(args.size)
    result = measure(text)
    per = 100_000 / max(result["bytes"], 1)
    print(f"{result['bytes']:,} bytes, {result['words']:,} words: {result['total']} s in all "
          f"({result['total'] * per:.2f} s per 100 KB), peak {result['peak_mb']} MB; "
          + ", ".join(f"{k} {v} s" for k, v in result["seconds"].items()), flush=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
