"""Time normalisation: values and precision a reader can check against the phrase."""
from __future__ import annotations

import pytest

from readout.extract import timex


@pytest.mark.parametrize("phrase, value, precision", [
    ("July 1, 2025", "2025-07-01", "day"),
    ("Tuesday, July 1, 2025", "2025-07-01", "day"),
    ("1 July 2025", "2025-07-01", "day"),
    ("September 2022", "2022-09", "month"),
    ("March 2025", "2025-03", "month"),
    ("2022", "2022", "year"),
    ("the fall of 2022", "2022", "year"),     # only the year is certain
])
def test_absolute_dates_keep_the_precision_the_text_gives(phrase, value, precision):
    found = timex.normalise(phrase)
    assert (found.value, found.precision) == (value, precision)


@pytest.mark.parametrize("phrase", ["Tuesday", "last week", "March"])
def test_relative_phrases_without_a_reference_stay_unresolved(phrase):
    found = timex.normalise(phrase)
    assert found.value == "" and not found.resolved


def test_weekday_resolves_to_the_one_before_the_reference_date():
    # 2025-07-04 is a Friday; the Tuesday before it is 2025-07-01.
    found = timex.normalise("Tuesday", "2025-07-04")
    assert (found.value, found.precision, found.weekday) == ("2025-07-01", "day", 1)
    assert timex.normalise("last month", "2025-07-04").value == "2025-06"


@pytest.mark.parametrize("phrase", ["nearly three years", "recent months", "more than two years"])
def test_vague_spans_are_kept_as_text_never_a_date(phrase):
    found = timex.normalise(phrase, "2025-07-04")
    assert found.kind == "vague" and found.value == "" and found.text == phrase


def test_weekday_agreement():
    assert timex.agrees(timex.normalise("Tuesday"), "2025-07-01")
    assert not timex.agrees(timex.normalise("Monday"), "2025-07-01")
    assert timex.agrees(timex.normalise("recent months"), "2025-07-01")


@pytest.mark.parametrize("phrase, value", [
    ("a two-hour phone call", "PT2H"),
    ("1 hour 35 minutes", "PT1H35M"),
    ("two hours and 15 minutes", "PT2H15M"),
    ("a 30-day truce", "P30D"),
    ("a 90-minute call", "PT90M"),
    ("nearly three years", ""),
    ("July 1, 2025", ""),
])
def test_durations_as_xsd_duration(phrase, value):
    assert timex.duration(phrase) == value


def test_plain_dates_read_without_dateparser_as_dateparser_reads_them():
    """`_plain` spares loading dateparser for "2016", "March 2016", "March 5, 2016": on every
    month and day (and days that do not exist, which it leaves to dateparser) it must give
    what dateparser gives."""
    phrases = [str(year) for year in range(1800, 2100, 3)]
    for month in timex.MONTHS_IN_FULL:
        name = month.capitalize()
        phrases += [f"{name} {year}" for year in range(1800, 2100, 37)]
        phrases += [f"{name} {day}, {year}" for day in range(1, 32) for year in (1900, 2016, 2024)]
    plain = 0
    for phrase in phrases:
        fast = timex._plain(phrase)
        plain += fast is not None
        assert fast is None or fast == timex._dateparser(phrase), phrase
    assert plain > len(phrases) * 0.95          # the days that do not exist go to dateparser
    assert timex._plain("February 30, 2016") is None and timex._parse("Feb. 5, 2016") == ("2016-02-05", "day")
