"""The model's attribute ruler and lemmatizer run from readout's tables (`modelrules`)
against spaCy's own components, on the same docs: the same annotations, token by token, and
the time each takes.

Usage: python bench/model_rules.py TEXT_DIR [--limit N] [--rounds N]

How it is measured: a pipeline with spaCy's components (`build_pipeline(tables=False)`)
parses the texts up to each component (for the attribute rules: through the parser; for the
lemmas: through the attribute rules), once, and the docs are serialised. Each round applies
spaCy's component to one fresh copy and readout's table to another, timing each in CPU
seconds, the two alternated so that the machine's drift weighs on both. Each round starts
from a fresh table and a fresh spaCy lemmatizer (its cache emptied, its index lists as the
model ships them): cold, as in a build's one process, which meets each word once in the
corpus for the first time. Every token's TAG, POS, MORPH, LEMMA and DEP are then compared
between the two copies; and, over the whole pipeline, every token's annotations (those,
HEAD, the entities and the sentence starts) between readout's pipeline and the same
pipeline with spaCy's components.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
ALL = ATTRS + ("HEAD", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "SENT_START")


def differing(docs_a, docs_b, attrs) -> int:
    """Tokens whose attributes differ between two lists of docs of the same texts."""
    return sum(int((a.to_array(list(attrs)) != b.to_array(list(attrs))).any(axis=1).sum())
               for a, b in zip(docs_a, docs_b, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import spacy
    from spacy.tokens import DocBin

    from readout.config import SPACY_MODEL
    from readout.extract import nlp
    from readout.extract.modelrules import AttributeTable, LemmaTable
    from readout.link.gazetteer import default

    texts = [f.read_text(encoding="utf-8") for f in sorted(args.texts.glob("*.txt"))][:args.limit or None]
    theirs = nlp.build_pipeline(default(), tables=False)
    with theirs.select_pipes(disable=["attribute_ruler", "lemmatizer", "entity_ruler", "ner"]):
        parsed = DocBin(docs=theirs.pipe(texts, batch_size=16)).to_bytes()
    with theirs.select_pipes(disable=["lemmatizer", "entity_ruler", "ner"]):
        ruled = DocBin(docs=theirs.pipe(texts, batch_size=16)).to_bytes()
    tokens = sum(len(doc) for doc in DocBin().from_bytes(parsed).get_docs(theirs.vocab))
    print(f"{len(texts)} texts, {tokens:,} tokens")

    def fresh_lemmatizer():
        return spacy.load(SPACY_MODEL, vocab=theirs.vocab).get_pipe("lemmatizer")

    components = [
        ("attribute rules", parsed, lambda: theirs.get_pipe("attribute_ruler"),
         lambda: AttributeTable.of(theirs.get_pipe("attribute_ruler"))),
        ("lemmas", ruled, fresh_lemmatizer, lambda: LemmaTable.of(fresh_lemmatizer())),
    ]
    for name, data, spacys, ours in components:
        for round in range(args.rounds):
            a, b = (list(DocBin().from_bytes(data).get_docs(theirs.vocab)) for _ in range(2))
            component, table = spacys(), ours()
            c = time.process_time()
            for doc in a:
                component(doc)
            spacy_s = time.process_time() - c
            c = time.process_time()
            for doc in b:
                table(doc)
            table_s = time.process_time() - c
            print(f"{name}, round {round + 1}: spaCy's {spacy_s:.2f} CPU-s, readout's table "
                  f"{table_s:.2f} CPU-s; tokens differing: {differing(a, b, ATTRS)}")

    ours = nlp.build_pipeline(default())
    whole_ours = [nlp.fix_entities(d) for d in ours.pipe(texts, batch_size=16)]
    whole_theirs = [nlp.fix_entities(d) for d in theirs.pipe(texts, batch_size=16)]
    print(f"whole pipeline, tokens whose {', '.join(ALL)} differ: "
          f"{differing(whole_ours, whole_theirs, ALL)}")


if __name__ == "__main__":
    main()
