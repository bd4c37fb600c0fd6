"""Event mentions from the trigger lexicon in `data/lexicons/event-triggers.tsv`."""
from __future__ import annotations

import csv
import functools

from readout.config import LEXICON_DIR
from readout.facts import Article, EventMention, Span
from readout.mentions import MentionIndex


@functools.lru_cache(maxsize=1)
def triggers() -> dict[str, str]:
    with (LEXICON_DIR / "event-triggers.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {r["lemma"]: r["type"] for r in rows}


def extract(article: Article, doc, index: MentionIndex) -> list[EventMention]:
    found = []
    text = article.text
    lexicon = triggers()
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in lexicon:
            continue
        if article.in_comments(token.idx):
            continue
        sent = token.sent
        people = []
        for mention in index.mentions:
            if sent.start_char <= mention.span.start < sent.end_char and mention.entity.type == "person":
                if mention.entity not in people:
                    people.append(mention.entity)
        if len(people) < 2:
            continue
        found.append(EventMention(
            type=lexicon[token.lemma_.lower()],
            trigger=Span.of(text, token.idx, token.idx + len(token)),
            sentence=Span.of(text, sent.start_char, sent.end_char),
            participants=sorted(people, key=lambda e: e.key), rule="trigger-with-two-people"))
    return found
