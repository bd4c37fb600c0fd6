"""Is an article English? readout's extraction (spaCy's English model, English lexicons)
reads English only; an article in another language would be read as English and give
nonsense (every Cyrillic name one entity), so it is skipped by name with the reason.

Two cheap tests, no model: the share of letters in the Latin script, and the share of
words that are English function words (spaCy's English stop-word list). English news
prose has 26-55 % function words (944 PolNeAR and newsgold articles); French, German, Spanish or Italian prose under 10 %. A text
too short to judge is taken as English. A `language` given in the sidecar (or JSON line)
is honoured: `en` (or `en-GB`, `eng`, `english`) is English, anything else is not.
"""
from __future__ import annotations

import re

from readout import stopwords

MIN_WORDS = 20              # fewer words than this: too short to judge
MIN_LATIN_SHARE = 0.5       # of the letters
MIN_FUNCTION_SHARE = 0.15   # of the words (English news: 0.26-0.55; French: < 0.10)
ENGLISH_TAGS = {"en", "eng", "english"}

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")


def declared_english(tag: str) -> bool | None:
    """True/False for a declared language tag, None when none is declared."""
    tag = (tag or "").strip().lower()
    if not tag:
        return None
    return re.split(r"[-_]", tag, maxsplit=1)[0] in ENGLISH_TAGS


def not_english(text: str, declared: str = "") -> str | None:
    """Why `text` is not English (one phrase), or None when it is (or cannot be told)."""
    said = declared_english(declared)
    if said is not None:
        return None if said else f"its language is given as {declared.strip()!r}"
    sample = text[:200_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) >= 100:
        latin = sum(1 for c in letters if c < "\u0250")
        if latin / len(letters) < MIN_LATIN_SHARE:
            return (f"it is not written in the Latin script ({100 * latin // len(letters)} % "
                    f"of its letters are)")
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    english = stopwords.english()
    share = sum(1 for w in words if w in english) / len(words)
    if share < MIN_FUNCTION_SHARE:
        return (f"it does not read as English (only {100 * share:.0f} % of its words are "
                f"English function words; English news has over 25 %)")
    return None
