"""Score statement extraction against gold attributions in brat standoff (PolNeAR).

Gold: `<gold>/<split>/text/<doc>.txt` and `<gold>/<split>/attributions/<doc>_<annotator>.ann`.
When an article has several annotator files, the lexicographically first is used and
named in the result. Scoring follows BBC R&D Citron's conventions (`citron/metrics.py`):

- exact: a cue matches when its spans are identical; a source or content matches when the
  cues overlap and the span lists are identical; a whole attribution matches when cue,
  source and content are all identical.
- token overlap: precision = overlapping tokens / predicted tokens, recall = overlapping
  tokens / gold tokens, summed over every predicted x gold pair (gold is univocal, so each
  token counts once); the whole-attribution figure sums cue, source and content.

Tokens are the words and punctuation marks of the text (`\\w+` or one other non-space
character), so the figures do not depend on the model under test.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from readout.errors import InputError

Spans = tuple[tuple[int, int], ...]
PARTS = ("cue", "source", "content")
TOKEN = re.compile(r"\w+|[^\w\s]")
ANN_NAME = re.compile(r"^(?P<doc>.+)_(?P<annotator>[0-9a-f]+)\.ann$")


@dataclass(frozen=True)
class Attribution:
    """One attribution relation as span lists (character offsets, end exclusive)."""
    cue: Spans
    source: Spans
    content: Spans


@dataclass(frozen=True)
class GoldArticle:
    doc: str
    text_path: Path
    ann_path: Path
    annotator: str


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    overlap: int = 0
    predicted_tokens: int = 0
    gold_tokens: int = 0

    def add(self, other: "Counts") -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def exact(self) -> tuple[float, float, float]:
        return _prf(self.tp, self.tp + self.fp, self.tp + self.fn)

    def tokens(self) -> tuple[float, float, float]:
        return _prf(self.overlap, self.predicted_tokens, self.gold_tokens)


@dataclass
class Evaluation:
    split: str
    articles: list[GoldArticle] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: {p: Counts() for p in PARTS + ("attribution",)})
    predicted: int = 0
    gold: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def text(self) -> str:
        lines = [f"PolNeAR {self.split}: {len(self.articles)} articles, {self.gold} gold and "
                 f"{self.predicted} predicted attributions",
                 f"{'':12} {'exact P':>8} {'R':>6} {'F1':>6}   {'token P':>8} {'R':>6} {'F1':>6}"]
        for name, counts in self.counts.items():
            ep, er, ef = counts.exact()
            tp, tr, tf = counts.tokens()
            lines.append(f"{name:12} {ep:8.3f} {er:6.3f} {ef:6.3f}   {tp:8.3f} {tr:6.3f} {tf:6.3f}")
        lines.append(f"speed: {self.words:,} words in {self.seconds:.1f} s = "
                     f"{self.words_per_second:,.0f} words/s (parse and extraction)")
        return "\n".join(lines)


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# -- reading brat standoff ---------------------------------------------------------------

def read_ann(text: str) -> list[Attribution]:
    """The attributions of one brat .ann file (text of the file)."""
    spans: dict[str, Spans] = {}
    relations: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split("\t")
        if not parts[0]:
            continue
        if parts[0].startswith("T") and len(parts) >= 2:
            _label, _, offsets = parts[1].partition(" ")
            try:
                pieces = tuple(tuple(int(x) for x in piece.split()) for piece in offsets.split(";"))
            except ValueError:
                raise InputError(f"line {number}: bad offsets {offsets!r}; expected 'START END[;START END]'") from None
            if any(len(p) != 2 or p[0] > p[1] for p in pieces):
                raise InputError(f"line {number}: bad offsets {offsets!r}; expected 'START END[;START END]'")
            spans[parts[0]] = tuple(sorted(pieces))
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles[role.rstrip("0123456789")] = ref
            relations.append(roles)
    found = []
    for roles in relations:
        if "Cue" not in roles or "Content" not in roles:
            continue
        try:
            found.append(Attribution(cue=spans[roles["Cue"]], content=spans[roles["Content"]],
                                     source=spans[roles["Source"]] if "Source" in roles else ()))
        except KeyError as err:
            raise InputError(f"relation refers to unknown span {err.args[0]}") from None
    return found


def gold_articles(gold_dir: Path, split: str) -> list[GoldArticle]:
    """One annotator file per article: the lexicographically first."""
    text_dir, ann_dir = Path(gold_dir) / split / "text", Path(gold_dir) / split / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{gold_dir}: no {split}/text and {split}/attributions directories; "
                         f"give the PolNeAR directory and an existing --split")
    chosen: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        match = ANN_NAME.match(ann.name)
        if match and match["doc"] not in chosen and (text_dir / f"{match['doc']}.txt").is_file():
            chosen[match["doc"]] = ann
    if not chosen:
        raise InputError(f"{ann_dir}: no <doc>_<annotator>.ann files matching {text_dir}/<doc>.txt")
    return [GoldArticle(doc, text_dir / f"{doc}.txt", ann, ANN_NAME.match(ann.name)["annotator"])
            for doc, ann in sorted(chosen.items())]


# -- scoring -----------------------------------------------------------------------------

def _overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _tokens(text: str, spans: Spans) -> set[int]:
    """Start offsets of the tokens inside the spans."""
    return {m.start() for s, e in spans for m in TOKEN.finditer(text, s, e)}


def score(text: str, predicted: list[Attribution], gold: list[Attribution]) -> dict[str, Counts]:
    counts = {p: Counts() for p in PARTS + ("attribution",)}
    cue = counts["cue"]
    cue.tp = sum(any(p.cue == g.cue for g in gold) for p in predicted)
    cue.fp = len(predicted) - cue.tp
    cue.fn = sum(not any(p.cue == g.cue for p in predicted) for g in gold)
    for part in ("source", "content"):
        def same(p, g, part=part):
            return _overlaps(p.cue, g.cue) and getattr(p, part) == getattr(g, part)
        c = counts[part]
        c.tp = sum(any(same(p, g) for g in gold) for p in predicted)
        c.fp = len(predicted) - c.tp
        c.fn = sum(not any(same(p, g) for p in predicted) for g in gold)
    whole = counts["attribution"]
    whole.tp = sum(p in gold for p in predicted)
    whole.fp = len(predicted) - whole.tp
    whole.fn = sum(g not in predicted for g in gold)
    tokens: dict[tuple[int, str, int], set[int]] = {}

    def toks(kind: int, part: str, i: int, att: Attribution) -> set[int]:
        key = (kind, part, i)
        if key not in tokens:
            tokens[key] = _tokens(text, getattr(att, part))
        return tokens[key]

    for part in PARTS:
        c = counts[part]
        for i, p in enumerate(predicted):
            c.predicted_tokens += len(toks(0, part, i, p))
            for j, g in enumerate(gold):
                c.overlap += len(toks(0, part, i, p) & toks(1, part, j, g))
        c.gold_tokens = sum(len(toks(1, part, j, g)) for j, g in enumerate(gold))
        whole.overlap += c.overlap
        whole.predicted_tokens += c.predicted_tokens
        whole.gold_tokens += c.gold_tokens
    return counts


def from_statements(statements) -> list[Attribution]:
    """Predicted attributions from readout statements. Reader comments are left out, and
    so are statements reported inside another's content: gold annotation is univocal,
    each token in at most one attribution. The statements of a coordinated source ("X and
    Y agreed", one for each speaker) are one attribution whose source runs from the first
    speaker's words to the last's, as PolNeAR marks the whole phrase."""
    found, joint = [], {}
    for st in statements:
        if st.reader_comment or any(o is not st and any(c.start <= st.cue.start and st.cue.end <= c.end
                                                        for c in o.content) for o in statements):
            continue
        source = ((st.speaker_span.start, st.speaker_span.end),) if st.speaker_span else ()
        attribution = Attribution(cue=((st.cue.start, st.cue.end),), source=source,
                                  content=tuple(sorted((s.start, s.end) for s in st.content)))
        if st.joint and source:    # "X and Y agreed": one statement each, one relation in PolNeAR
            key = (attribution.cue, attribution.content)
            if key in joint:
                first = found[joint[key]]
                (start, end), = first.source
                found[joint[key]] = Attribution(first.cue, ((min(start, source[0][0]), max(end, source[0][1])),),
                                                first.content)
                continue
            joint[key] = len(found)
        found.append(attribution)
    return found


# -- running -----------------------------------------------------------------------------

Extractor = Callable[[list[tuple[str, str]]], Iterable[list[Attribution]]]


def run(gold_dir: Path, split: str = "dev", jobs: int = 1, extractor: Extractor | None = None,
        limit: int | None = None) -> Evaluation:
    """Extract statements from the split's texts and score them against the gold files
    (the first `limit` articles only, when given)."""
    articles = gold_articles(gold_dir, split)[:limit]
    texts = []
    for art in articles:
        try:
            texts.append((art.doc, art.text_path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"{art.text_path}: cannot read it ({err}); give UTF-8 text files") from None
    result = Evaluation(split=split, articles=articles)
    started = time.perf_counter()
    predictions = list((extractor or _extractor(jobs))(texts))
    result.seconds = time.perf_counter() - started
    for art, (doc, text), predicted in zip(articles, texts, predictions):
        try:
            gold = read_ann(art.ann_path.read_text(encoding="utf-8"))
        except InputError as err:
            raise InputError(f"{art.ann_path.name}: {err}") from None
        result.words += len(text.split())
        result.predicted += len(predicted)
        result.gold += len(gold)
        for name, counts in score(text, predicted, gold).items():
            result.counts[name].add(counts)
    return result


def _extractor(jobs: int) -> Extractor:
    def extract(texts: list[tuple[str, str]]) -> Iterable[list[Attribution]]:
        for found in extract_texts(texts, jobs=jobs):
            yield from_statements(found)
    return extract


def extract_texts(texts: list[tuple[str, str]], jobs: int = 1) -> list[list]:
    """Statements for (id, text) pairs: parsed in batches, in `jobs` processes when > 1."""
    if jobs <= 1 or len(texts) < 2:
        return _extract_chunk(texts)
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(texts) // jobs)
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [found for part in pool.map(_extract_chunk, chunks) for found in part]


def _extract_chunk(texts: list[tuple[str, str]]) -> list[list]:
    from readout.extract import mentions
    from readout.extract import nlp
    from readout.extract import statements
    from readout.link.gazetteer import default
    from readout.ingest.reader import make_article

    gazetteer = default()
    articles = [make_article(doc, text, {}) for doc, text in texts]
    found = []
    for article, doc in zip(articles, nlp.parse(a.text for a in articles)):
        index = mentions.MentionIndex(mentions.find(doc, article.text, gazetteer))
        found.append(statements.extract(article, doc, index, gazetteer))
    return found
