"""Time expressions -> ISO 8601 values with their precision, and durations -> xsd:duration.

Calendar parsing is dateparser's; this module only decides what a phrase may honestly be
normalised to:

- an absolute date, month or year ("July 1, 2025", "September 2022", "2022") keeps the
  precision the text gives (day, month, year);
- a weekday or relative phrase ("on Tuesday", "last week") is resolved only against a
  reference date (the article's publication date, or a date the article states for the
  same event) and is otherwise kept unresolved, never given a date from the clock;
- a vague span ("nearly three years", "recent months") is kept as text, with no value;
- a duration ("two-hour", "1 hour 35 minutes") becomes an xsd:duration ("PT2H", "PT1H35M"),
  unless it is hedged ("nearly", "about", "more than"), which makes it vague.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60,
    "ninety": 90, "half": 0.5,
}
HEDGES = ("nearly", "almost", "about", "around", "roughly", "some", "more than", "over",
          "less than", "under", "at least", "up to")                 # on a number
VAGUE = HEDGES + ("several", "few", "many", "recent", "past", "coming")   # on a time phrase
UNITS = {"year": ("Y", False), "month": ("M", False), "week": ("W", False), "day": ("D", False),
         "hour": ("H", True), "minute": ("M", True), "second": ("S", True)}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2),
                                             key=len, reverse=True)) + r")"
_PART = _NUM + r"[\s-]+(year|month|week|day|hour|minute|second)s?\b"
DURATION = re.compile(rf"\b{_PART}(?:(?:\s*,\s*|\s+and\s+|\s+){_PART})*", re.I)
_PART_RE = re.compile(_PART, re.I)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MONTHS = re.compile(r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
                    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b", re.I)


@dataclass(frozen=True)
class Timex:
    text: str
    value: str = ""          # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY; "" when unresolved or vague
    precision: str = ""      # day | month | year
    kind: str = "date"       # date | weekday | relative | vague
    weekday: int | None = None   # 0 = Monday, when the text names a weekday

    @property
    def resolved(self) -> bool:
        return bool(self.value)


@functools.lru_cache(maxsize=4096)
def normalise(text: str, reference: str = "") -> Timex:
    """A date phrase as ISO 8601 with its precision; `reference` is an ISO date to resolve
    weekdays and relative phrases against ("" when none is known)."""
    phrase = " ".join(text.split())
    lower = phrase.lower()
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}\b", lower)), None)
    has_year = bool(YEAR.search(phrase))
    if any(re.search(rf"\b{h}\b", lower) for h in VAGUE) or DURATION.search(phrase):
        return Timex(phrase, kind="vague", weekday=weekday)
    if has_year:
        parsed = _parse(phrase, None)
        if parsed is not None:
            return Timex(phrase, *parsed, kind="date", weekday=weekday)
        year = YEAR.search(phrase).group(1)   # "the fall of 2022": the year is all we know
        return Timex(phrase, year, "year", kind="date", weekday=weekday)
    kind = "weekday" if weekday is not None else "relative"
    if MONTHS.search(phrase) and weekday is None and not reference:
        return Timex(phrase, kind="relative")
    if not reference:
        return Timex(phrase, kind=kind, weekday=weekday)
    parsed = _parse(phrase, reference)
    if parsed is None:
        return Timex(phrase, kind="vague", weekday=weekday)
    return Timex(phrase, *parsed, kind=kind, weekday=weekday)


def agrees(timex: Timex, value: str) -> bool:
    """Whether an ISO date is consistent with what a time expression says (its weekday)."""
    if timex.weekday is None or len(value) != 10:
        return True
    return dt.date.fromisoformat(value).weekday() == timex.weekday


def duration(text: str) -> str:
    """'two-hour' -> 'PT2H', '1 hour 35 minutes' -> 'PT1H35M'; '' when hedged or absent."""
    match = DURATION.search(text)
    if match is None:
        return ""
    before = text[:match.start()].lower().split()[-2:]
    if any(h in " ".join(before) for h in HEDGES):
        return ""
    date_part, time_part = {}, {}
    for number, unit in _PART_RE.findall(match.group(0)):
        amount = float(number) if number[0].isdigit() else NUMBER_WORDS[number.lower()]
        letter, is_time = UNITS[unit.lower()]
        target = time_part if is_time else date_part
        target[letter] = target.get(letter, 0) + amount
    if not date_part and not time_part:
        return ""
    out = "P" + "".join(f"{_num(date_part[k])}{k}" for k in "YMWD" if k in date_part)
    if time_part:
        out += "T" + "".join(f"{_num(time_part[k])}{k}" for k in "HMS" if k in time_part)
    return out


def duration_match(text: str) -> re.Match | None:
    """Where a duration phrase is in `text` (for its span)."""
    return DURATION.search(text)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@functools.lru_cache(maxsize=64)
def _parser(reference: str):
    """One dateparser parser per reference date ("" = none)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if reference:
        settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(reference)
    return DateDataParser(languages=["en"], settings=settings)


def _parse(phrase: str, reference: str | None) -> tuple[str, str] | None:
    parser = _parser(reference[:10] if reference else "")
    try:
        data = parser.get_date_data(phrase)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    when = data.date_obj.date()
    if data.period == "year":
        return f"{when:%Y}", "year"
    if data.period == "month":
        return f"{when:%Y-%m}", "month"
    if data.period == "day":
        return when.isoformat(), "day"
    return None
