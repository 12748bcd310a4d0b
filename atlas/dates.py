"""Dates as organizers write them in a spreadsheet cell, and the years a training may have.

`parse_date(text)` reads ISO 2018-12-18, 18/12/2018 (day first, also with - or .), 18 Desember
2018 and Dec 18, 2018, with a weekday in front or a time of day after; month names are CLDR's
(through babel) in Indonesian and English, full and abbreviated, plus the spellings organizers
use beside them (Pebruari, Nopember, Agt, Ags, Sept...). A two-digit year yy is 20yy. Anything
else, an impossible date, or a year outside `date_range()` is a DateProblem with plain words.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import get_month_names

# Spellings in common use that CLDR does not list (older Indonesian spelling, short forms).
COLLOQUIAL_MONTHS = {
    "pebruari": 2, "peb": 2, "agt": 8, "ags": 8, "sept": 9, "nopember": 11, "nop": 11,
}  # fmt: skip


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.lower().rstrip(".")] = number
    return names | COLLOQUIAL_MONTHS


MONTHS: dict[str, int] = _month_names()


def quoted(value: object, limit: int = 60) -> str:
    """A cell value in quotes for a message, cut at `limit` characters."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


# A time of day after the date (a spreadsheet datetime cell) does not change the day.
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[\s\-.]+([a-z]+)\.?[\s\-.,]+(\d{4})")
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
# "Selasa, 18 Desember 2018": the day of the week is noise.
_WEEKDAY = re.compile(
    r"^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\s*,?\s*"
)


class DateProblem(ValueError):
    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def parse_date(text: str) -> dt.date:
    """Parse one date as organizers write it; DateProblem (with a plain reason) otherwise."""
    cleaned = _WEEKDAY.sub("", re.sub(r"\s+", " ", text.strip().lower()))
    parts: tuple[int, int, int] | None = None
    if match := _ISO.fullmatch(cleaned):
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _DAY_FIRST.fullmatch(cleaned):
        year = int(match.group(3))
        year = year + 2000 if len(match.group(3)) == 2 else year
        parts = (year, int(match.group(2)), int(match.group(1)))
    elif (match := _DAY_MONTH_NAME.fullmatch(cleaned)) and match.group(2) in MONTHS:
        parts = (int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    elif (match := _MONTH_NAME_DAY.fullmatch(cleaned)) and match.group(1) in MONTHS:
        parts = (int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    if parts is None:
        raise DateProblem(
            f"{quoted(text)} is not a date in a known form (use 2018-12-18, 18/12/2018 "
            "or 18 Desember 2018)",
            "bad_date",
        )
    try:
        date = dt.date(*parts)
    except ValueError:
        raise DateProblem(f"{quoted(text)} is not a real date", "impossible_date") from None
    first, last = date_range()
    if not first <= date.year <= last:
        two_digits = match is not None and match.re is _DAY_FIRST and len(match.group(3)) == 2
        read_as = (
            f" (a two-digit year is read as 20{match.group(3)})"
            if two_digits and match is not None
            else ""
        )
        raise DateProblem(
            f"{quoted(text)} is outside the accepted years {first}–{last}{read_as}",
            "date_out_of_range",
        )
    return date


MIN_YEAR = 1990
YEARS_AHEAD = 5  # trainings are planned, but not further than next year + 5


def date_range(today: dt.date | None = None) -> tuple[int, int]:
    """The years a training date may have: 1990 to next year + 5 (2031 in 2025)."""
    year = (today or dt.date.today()).year
    return MIN_YEAR, year + 1 + YEARS_AHEAD
