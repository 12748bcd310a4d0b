"""Every user-facing text in Bahasa Indonesia and English, and locale-aware number/date formats.

One catalogue for the whole app: pages and widgets ask `t(key, lang)` instead of spelling text.
The texts live in one data file per language, atlas/locales/<lang>.json (key -> text, grouped by
the part of the app that shows them), read once at import. Indonesian is the default language.
Placeholders use `str.format` names (`{count}`); callers pass numbers already formatted with
`format_number` so that digits follow the page's locale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Literal

import pandas as pd
from babel.dates import format_date as _babel_format_date
from babel.dates import format_interval as _babel_format_interval
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")
DEFAULT_LANG: Lang = "id"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


def load_locale(lang: Lang) -> dict[str, str]:
    """The texts of one language, key -> text, from atlas/locales/<lang>.json."""
    texts = json.loads((LOCALES_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    if not isinstance(texts, dict) or not all(
        isinstance(key, str) and isinstance(text, str) for key, text in texts.items()
    ):
        raise ValueError(f"atlas/locales/{lang}.json must map keys to texts")
    return texts


def _catalogue() -> dict[str, dict[str, str]]:
    locales = {lang: load_locale(lang) for lang in LANGUAGES}
    keys = dict.fromkeys(key for lang in LANGUAGES for key in locales[lang])
    return {
        key: {lang: locales[lang][key] for lang in LANGUAGES if key in locales[lang]}
        for key in keys
    }


# key -> {"id": text, "en": text}; tests/unit/test_i18n.py checks both languages have every key
CATALOGUE: dict[str, dict[str, str]] = _catalogue()


def t(key: str, lang: str = DEFAULT_LANG, **kwargs: object) -> str:
    """The text for `key` in `lang` (Indonesian for an unknown language), with placeholders
    filled from kwargs. Raises KeyError for a key missing from the catalogue, so tests catch it."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def escape_markdown(text: object) -> str:
    """Text from a file or a file name, made literal inside a Streamlit markdown message: every
    markdown/LaTeX/HTML metacharacter is backslash-escaped, so `[x](javascript:…)`, `**`, `$…$`
    or `<img>` show as typed instead of becoming a link, bold, a formula or markup."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def normalize_lang(value: object) -> Lang:
    """ "en" for "en"/"EN"/"en-US"; Indonesian for anything else."""
    return "en" if isinstance(value, str) and value.strip().lower().startswith("en") else "id"


def format_number(value: float | int | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """1234 -> "1.234" (id) / "1,234" (en); None or NaN -> "–"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    pattern = "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals
    return _babel_format_decimal(value, format=pattern, locale=normalize_lang(lang))


def format_percent(value: float | None, lang: str = DEFAULT_LANG, decimals: int = 0) -> str:
    """0.112 -> "11%" (decimals=0), "11,2%" (id, decimals=1) / "11.2%" (en)."""
    if value is None or pd.isna(value):
        return "–"
    pattern = "#,##0%" if decimals <= 0 else "#,##0." + "0" * decimals + "%"
    return _babel_format_percent(value, format=pattern, locale=normalize_lang(lang))


def format_date(
    value: dt.date | dt.datetime | pd.Timestamp | None, lang: str = DEFAULT_LANG
) -> str:
    """18 Desember 2018 (id) / December 18, 2018 (en); missing -> "–"."""
    if value is None or pd.isna(value):
        return "–"
    if isinstance(value, dt.datetime):  # pd.Timestamp is a datetime too
        value = value.date()
    return _babel_format_date(value, format="long", locale=normalize_lang(lang))


def format_date_range(
    start: dt.date | pd.Timestamp | None, end: dt.date | pd.Timestamp | None, lang: str
) -> str:
    """ "18 Desember 2018 – 19 Desember 2018"; a one-day event shows one date."""
    first, last = format_date(start, lang), format_date(end, lang)
    return first if last in ("–", first) else f"{first} – {last}"


def format_date_span(
    start: dt.date | pd.Timestamp | None, end: dt.date | pd.Timestamp | None, lang: str
) -> str:
    """A short date or date range: "22–23 Agu 2025" (id) / "Aug 22 – 23, 2025" (en); the
    start alone when the end is missing or the same day; missing start -> "–"."""
    if start is None or pd.isna(start):
        return "–"
    first = start.date() if isinstance(start, dt.datetime) else start
    if end is None or pd.isna(end):
        last = first
    else:
        last = end.date() if isinstance(end, dt.datetime) else end
    return _babel_format_interval(first, last, "yMMMd", locale=normalize_lang(lang))
