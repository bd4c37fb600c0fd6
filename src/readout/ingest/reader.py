"""Read articles: a directory of .txt/.md/.html files with optional JSON sidecars, or
JSON Lines (one article per line). Offsets elsewhere refer to `Article.text` exactly
as returned here.

Reading never stops at a bad article: `read_articles` returns the articles it could
read and one `InputProblem` per one it could not, each naming the article and why.
"""
from __future__ import annotations

import datetime
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from readout.config import LEXICON_DIR
from readout.errors import InputError
from readout.facts import Article
from readout.ingest.language import not_english

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000
MIN_HTML_WORDS = 15          # less main text than this is page furniture, not an article
META_FIELDS = ("title", "publisher", "url", "published", "language")


@dataclass(frozen=True)
class InputProblem:
    """An article (or input) skipped, and why; with skipped=False, a warning about an
    article that was still read (e.g. its date was refused)."""
    name: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def read_articles(inputs: list[Path]) -> tuple[list[Article], list[InputProblem]]:
    """Articles from files, directories and .jsonl files, in a stable order."""
    articles: list[Article] = []
    problems: list[InputProblem] = []
    for path in inputs:
        if not path.exists():
            problems.append(InputProblem(str(path), "no such file or directory; give an article "
                                         "file, a directory of articles or a .jsonl file"))
            continue
        if path.is_dir():
            files = sorted(p for p in path.iterdir()
                           if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                problems.append(InputProblem(str(path), "no .txt, .md or .html articles in this directory"))
                continue
        else:
            files = [path]
        for file in files:
            try:
                if file.suffix.lower() == ".jsonl":
                    got, bad = _read_jsonl(file)
                    articles.extend(got)
                    problems.extend(bad)
                else:
                    articles.append(read_file(file, problems))
            except InputError as err:
                problems.append(InputProblem(file.name, str(err)))
    seen: set[str] = set()
    texts: dict[str, str] = {}
    unique = []
    for art in articles:
        if art.id in seen:
            problems.append(InputProblem(art.id, "duplicate article id; the first one was kept"))
            continue
        if art.sha256 in texts:
            problems.append(InputProblem(art.id, f"the same text as article {texts[art.sha256]!r}, "
                                         f"which was kept; an article is read once"))
            continue
        seen.add(art.id)
        texts[art.sha256] = art.id
        unique.append(art)
    return unique, problems


def read_file(path: Path, warnings: list | None = None) -> Article:
    raw = path.read_bytes()
    text = decode(raw, path.name)
    meta = _sidecar(path)
    source_map = ()
    if path.suffix.lower() in (".html", ".htm"):
        html = text
        text, html_meta = html_text(html, path.name)
        for key, value in html_meta.items():
            meta.setdefault(key, value)
        source_map = html_offsets(html, text)
    return make_article(path.stem, text, meta, str(path), source_map, warnings)


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise InputError(f"too large ({len(raw):,} bytes, limit {MAX_BYTES:,}); split it into articles")
    if b"\x00" in raw:
        raise InputError("binary file (contains NUL bytes); give UTF-8 text or HTML")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (byte {err.start}); convert it to UTF-8") from None
    if not text.strip():
        raise InputError("empty article; nothing to extract")
    return text


def make_article(article_id: str, text: str, meta: dict, path: str = "",
                 source_map: tuple = (), warnings: list | None = None) -> Article:
    """An Article with checked metadata; a refused field is left empty and, when a
    `warnings` list is given, an InputProblem(skipped=False) saying so is added to it."""
    if not re.fullmatch(r"[\w.~-]+", article_id):
        raise InputError(f"article id {article_id!r} has characters other than letters, "
                         f"digits, '.', '_', '-' and '~'; rename the file or fix its id")
    if not article_id.strip("."):
        raise InputError(f"article id {article_id!r} is only dots, which a path or IRI reads as "
                         f"a directory; rename the file or fix its id")
    fields = {k: _one_line(meta.get(k)) for k in META_FIELDS}
    why = not_english(text, fields["language"])
    if why:
        raise InputError(f"not English ({why}); readout reads English articles only")
    fields["language"] = fields["language"] or "en"
    if fields["published"] and not valid_date(fields["published"]):
        if warnings is not None:
            warnings.append(InputProblem(article_id, f"published date {fields['published']!r} is "
                                         f"not an ISO 8601 date (YYYY-MM-DD, YYYY-MM or YYYY); "
                                         f"built without a date", skipped=False))
        fields["published"] = ""
    elif fields["published"]:
        fields["published"] = valid_date(fields["published"])
    if not fields["title"]:
        fields["title"] = _one_line(_title_from_text(text)) or article_id
    return Article(id=article_id, text=text, path=path, body_end=furniture_start(text),
                   source_map=tuple(source_map), **fields)


def valid_date(value: str) -> str:
    """`value` as a valid calendar date YYYY-MM-DD, YYYY-MM or YYYY ("" when it is none);
    a date-time (2025-07-01T09:30:00Z) gives its date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?",
                         value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return ""
    return "-".join(part for part in (year, month, day) if part)


def _one_line(value) -> str:
    """A metadata value as one line of printable text (control characters become spaces)."""
    text = "" if value is None else str(value)
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _title_from_text(text: str) -> str:
    """The first line, when it reads like a headline (short, no closing full stop)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if 0 < len(first) <= 150 and not first.endswith((".", ":")):
        return first
    return ""


def _sidecar(path: Path) -> dict:
    side = path.with_suffix(".json")
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise InputError(f"sidecar {side.name} is not valid JSON ({err}); fix or remove it") from None
    if not isinstance(data, dict):
        raise InputError(f"sidecar {side.name} must hold a JSON object")
    return data


def _read_jsonl(path: Path) -> tuple[list[Article], list[InputProblem]]:
    articles, problems = [], []
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise InputError("binary file (contains NUL bytes); give JSON Lines in UTF-8")
    for number, line in enumerate(decode(raw, path.name).splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            record = json.loads(line)
        except ValueError as err:
            problems.append(InputProblem(where, f"not valid JSON ({err.msg})"))
            continue
        if not isinstance(record, dict) or not record.get("id") or not isinstance(record.get("text"), str):
            problems.append(InputProblem(where, "needs an object with 'id' and 'text'"))
            continue
        if not record["text"].strip():
            problems.append(InputProblem(str(record["id"]), "empty article; nothing to extract"))
            continue
        try:
            articles.append(make_article(str(record["id"]), record["text"], record, f"{path}:{number}",
                                         warnings=problems))
        except InputError as err:
            problems.append(InputProblem(where, str(err)))
    return articles, problems


def html_text(html: str, name: str) -> tuple[str, dict]:
    """The main text of an HTML page (trafilatura, precision over recall) and its metadata."""
    import trafilatura

    text = trafilatura.extract(html, favor_precision=True, include_comments=False,
                               include_tables=False, deduplicate=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError(f"no article text found in this HTML page (fewer than {MIN_HTML_WORDS} "
                         f"words of main text); give the article page itself or its text")
    meta = {}
    found = trafilatura.extract_metadata(html)
    if found is not None:
        meta = {"title": found.title or "", "url": found.url or "",
                "publisher": found.sitename or "", "published": found.date or ""}
    return text, {k: v for k, v in meta.items() if v}


MARKUP = re.compile(r"<!--.*?-->|<(script|style|noscript)\b.*?</\1\s*>|<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);",
                    re.S | re.I)


def html_offsets(html: str, text: str) -> tuple[tuple[int, int, int, int], ...]:
    """Where each paragraph of the extracted text is in the HTML as read:
    (text_start, text_end, html_start, html_end) for every paragraph found there."""
    import html as htmllib

    chars: list[str] = []
    where: list[int] = []
    last = 0
    for match in MARKUP.finditer(html):
        for i in range(last, match.start()):
            chars.append(html[i])
            where.append(i)
        if match.group().startswith("&"):
            for char in htmllib.unescape(match.group()):
                chars.append(char)
                where.append(match.start())
        else:
            chars.append(" ")
            where.append(match.start())
        last = match.end()
    for i in range(last, len(html)):
        chars.append(html[i])
        where.append(i)
    visible, positions = [], []      # whitespace runs collapsed to one space
    for char, pos in zip(chars, where):
        if char.isspace():
            if visible and visible[-1] == " ":
                continue
            char = " "
        visible.append(char)
        positions.append(pos)
    flat = "".join(visible)
    found = []
    cursor, offset = 0, 0
    for line in text.split("\n"):
        words = " ".join(line.split())
        at = flat.find(words, cursor) if words else -1
        if at != -1 and line.strip():
            lead = len(line) - len(line.lstrip())
            end_char = at + len(words) - 1
            found.append((offset + lead, offset + lead + len(line.strip()), positions[at], positions[end_char] + 1))
            cursor = at + len(words)
        offset += len(line) + 1
    return tuple(found)


@functools.lru_cache(maxsize=1)
def _furniture_patterns() -> tuple[re.Pattern, ...]:
    lines = (LEXICON_DIR / "page-furniture.txt").read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(line, re.MULTILINE)
                 for line in lines if line.strip() and not line.startswith("#"))


def furniture_start(text: str) -> int | None:
    """Offset where page furniture such as a reader comment section begins, if any."""
    starts = [m.start() + len(m.group()) - len(m.group().lstrip())
              for p in _furniture_patterns() for m in [p.search(text)] if m]
    return min(starts) if starts else None
