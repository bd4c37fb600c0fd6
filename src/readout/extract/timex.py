"""Time expressions -> ISO 8601 values with their precision, and durations -> xsd:duration.

Calendar parsing of absolute dates is dateparser's; this module decides what a phrase may
honestly be normalised to:

- an absolute date, month or year ("July 1, 2025", "September 2022", "2022") keeps the
  precision the text gives (day, month, year);
- a phrase that needs a reference date is resolved only against one (the article's
  publication date, or a date the article states for the same event), never against the
  clock: a weekday is the latest such day on or before the reference ("on Friday" in an
  article published on a Friday is that day); a month and day without a year ("March 18",
  "Jan. 17") take the year nearest the reference; a month alone ("in August") the latest
  such month on or before it; the relative phrases of `data/lexicons/date-patterns.tsv`
  ("yesterday", "last month") move the reference by their offset;
- a vague span ("nearly three years", "recent months", "earlier this week") is kept as
  text, with no value;
- a duration ("two-hour", "1 hour 35 minutes", "hour-long", "an hour and a half") becomes
  an xsd:duration ("PT2H", "PT1H35M"); a hedge before it ("nearly", "over") is kept
  beside the value (`Duration.hedge`). The words are in `data/lexicons/durations.tsv`.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass

from readout.config import LEXICON_DIR

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
VAGUE = ("several", "few", "many", "recent", "past", "coming", "week", "weeks")  # on a time phrase
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
MONTHS = re.compile(rf"\b{_MONTH}\b", re.I)
MONTH_DAY = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?"
                       rf"(?:\s+of)?\s+{_MONTH}\b", re.I)


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


@dataclass(frozen=True)
class Duration:
    value: str               # xsd:duration
    hedge: str               # "" or the hedge as written ("nearly", "over")
    start: int               # where the phrase is in the text searched (hedge included)
    end: int


def _rows(name: str) -> list[dict]:
    with (LEXICON_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"))


@functools.lru_cache(maxsize=1)
def _relative() -> list[tuple[re.Pattern, str, int]]:
    return [(re.compile(rf"^(?:{r['pattern']})$", re.I), r["unit"], int(r["offset"]))
            for r in _rows("date-patterns.tsv")]


@functools.lru_cache(maxsize=1)
def _durations():
    rows = _rows("durations.tsv")
    numbers = {r["word"]: float(r["value"]) for r in rows if r["kind"] == "number"}
    units = {r["word"]: r["value"] for r in rows if r["kind"] == "unit"}
    phrases = [(r["word"], r["value"]) for r in rows if r["kind"] == "phrase"]
    hedges = sorted((r["word"] for r in rows if r["kind"] == "hedge"), key=len, reverse=True)
    num = r"(\d+(?:\.\d+)?|" + "|".join(re.escape(w) for w in sorted(numbers, key=len, reverse=True)) + ")"
    part = num + r"[\s-]+(" + "|".join(sorted(units, key=len, reverse=True)) + r")s?\b"
    hedge = r"(?:(" + "|".join(re.escape(h) for h in hedges) + r")\s+)?"
    fixed = "|".join(f"(?:{p})" for p, _ in phrases)
    pattern = re.compile(rf"\b{hedge}(?:(?P<fixed>{fixed})|(?P<parts>{part}(?:(?:\s*,\s*|\s+and\s+|\s+){part})*))",
                         re.I)
    return pattern, re.compile(part, re.I), numbers, units, phrases


@functools.lru_cache(maxsize=4096)
def normalise(text: str, reference: str = "") -> Timex:
    """A date phrase as ISO 8601 with its precision; `reference` is an ISO date to resolve
    weekdays and relative phrases against ("" when none is known)."""
    phrase = " ".join(text.split())
    lower = phrase.lower()
    weekday = next((i for i, name in enumerate(WEEKDAYS) if re.search(rf"\b{name}", lower)), None)
    if any(re.search(rf"\b{h}\b", lower) for h in VAGUE) or duration_match(phrase) \
            or re.search(r"\b(?:before|after|ago|since|until)\b", lower):
        return Timex(phrase, kind="vague", weekday=weekday)
    if YEAR.search(phrase):
        parsed = _parse(phrase)
        if parsed is not None:
            return Timex(phrase, *parsed, kind="date", weekday=weekday)
        year = YEAR.search(phrase).group(1)   # "the fall of 2022": the year is all we know
        return Timex(phrase, year, "year", kind="date", weekday=weekday)
    ref = _date(reference)
    month_day = MONTH_DAY.search(phrase)
    if month_day is not None:
        if ref is None:
            return Timex(phrase, kind="relative", weekday=weekday)
        month = _month_number(month_day.group(1) or month_day.group(4))
        day = int(month_day.group(2) or month_day.group(3))
        found = _nearest(ref, month, day)
        return Timex(phrase, found.isoformat() if found else "", "day" if found else "",
                     kind="date", weekday=weekday)
    if weekday is not None:
        if ref is None:
            return Timex(phrase, kind="weekday", weekday=weekday)
        found = ref - dt.timedelta(days=(ref.weekday() - weekday) % 7)
        return Timex(phrase, found.isoformat(), "day", kind="weekday", weekday=weekday)
    month_only = MONTHS.search(phrase)
    if month_only is not None:
        if ref is None:
            return Timex(phrase, kind="relative")
        month = _month_number(month_only.group(1))
        year = ref.year if month <= ref.month else ref.year - 1
        return Timex(phrase, f"{year:04d}-{month:02d}", "month", kind="relative")
    bare = re.sub(r"^(?:on|in|at|the|of)\s+|['’]s$", "", lower).strip()
    for pattern, unit, offset in _relative():
        if pattern.match(bare):
            if ref is None:
                return Timex(phrase, kind="relative")
            return Timex(phrase, *_shift(ref, unit, offset), kind="relative")
    return Timex(phrase, kind="relative" if ref is None else "vague", weekday=weekday)


def date_word(word: str) -> bool:
    """A weekday, a month name or a relative day word ("Friday", "Jan", "yesterday")."""
    return bool(re.fullmatch(rf"{_MONTH}\.?|(?:{'|'.join(WEEKDAYS)})|yesterday|today|tonight", word, re.I))


def agrees(timex: Timex, value: str) -> bool:
    """Whether an ISO date is consistent with what a time expression says (its weekday)."""
    if timex.weekday is None or len(value) != 10:
        return True
    return dt.date.fromisoformat(value).weekday() == timex.weekday


def duration_of(text: str) -> Duration | None:
    """The first duration phrase in `text` with its value and hedge ("nearly two hours")."""
    pattern, part, numbers, units, phrases = _durations()
    match = pattern.search(text)
    if match is None:
        return None
    hedge = (match.group(1) or "").lower()
    if match.group("fixed"):
        value = next(v for p, v in phrases if re.fullmatch(p, match.group("fixed"), re.I))
        return Duration(value, hedge, match.start(), match.end())
    date_part, time_part = {}, {}
    for number, unit in part.findall(match.group("parts")):
        amount = float(number) if number[0].isdigit() else numbers[number.lower()]
        code = units[unit.lower()]
        target = time_part if code.startswith("T") else date_part
        target[code[-1]] = target.get(code[-1], 0) + amount
    out = "P" + "".join(f"{_num(date_part[k])}{k}" for k in "YMWD" if k in date_part)
    if time_part:
        out += "T" + "".join(f"{_num(time_part[k])}{k}" for k in "HMS" if k in time_part)
    return Duration(_whole(out), hedge, match.start(), match.end())


def duration(text: str) -> str:
    """'two-hour' -> 'PT2H', '1 hour 35 minutes' -> 'PT1H35M'; '' when hedged or absent."""
    found = duration_of(text)
    return found.value if found is not None and not found.hedge else ""


def duration_match(text: str) -> re.Match | None:
    """Where a duration phrase is in `text` (for its span)."""
    return _durations()[0].search(text)


def _whole(value: str) -> str:
    """'PT1.5H' -> 'PT1H30M' (xsd:duration allows fractions, readers expect minutes)."""
    match = re.fullmatch(r"PT(\d+)\.(\d+)H(?:(\d+)M)?", value)
    if not match:
        return value
    hours, minutes = int(match.group(1)), round(float("0." + match.group(2)) * 60) + int(match.group(3) or 0)
    return f"PT{hours}H{minutes}M" if minutes else f"PT{hours}H"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _date(reference: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(reference[:10]) if reference else None
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTH_NAMES.index(name.lower()[:3]) + 1


def _nearest(ref: dt.date, month: int, day: int) -> dt.date | None:
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - ref).days), default=None)


def _shift(ref: dt.date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "day":
        return (ref + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{ref.year + offset:04d}", "year"


@functools.lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past",
                                                      "PREFER_DAY_OF_MONTH": "first"})


MONTHS_IN_FULL = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december")
_PLAIN = re.compile(r"(?:(?P<month>[A-Z][a-z]+) (?:(?P<day>[1-9]|[12]\d|3[01]), )?)?(?P<year>1[89]\d\d|20\d\d)")


def _plain(phrase: str) -> tuple[str, str] | None:
    """"2016", "March 2016", "March 5, 2016" (a date that exists) read as dateparser reads
    them (tests/test_timex.py compares the two on every month and day), without loading
    dateparser, which costs a third of a second on first use."""
    match = _PLAIN.fullmatch(phrase)
    if match is None:
        return None
    if match["month"] is None:
        return match["year"], "year"
    if match["month"].lower() not in MONTHS_IN_FULL:
        return None
    month = MONTHS_IN_FULL.index(match["month"].lower()) + 1
    if match["day"] is None:
        return f"{match['year']}-{month:02d}", "month"
    try:
        return dt.date(int(match["year"]), month, int(match["day"])).isoformat(), "day"
    except ValueError:
        return None


def _parse(phrase: str) -> tuple[str, str] | None:
    """An absolute date (the phrase has a year): value and precision."""
    plain = _plain(phrase)
    if plain is not None:
        return plain
    return _dateparser(phrase)


def _dateparser(phrase: str) -> tuple[str, str] | None:
    try:
        data = _parser().get_date_data(phrase)
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
