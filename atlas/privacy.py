"""Keeping personal data out of the public view.

- `public_participants` removes the personal columns (schema.PERSONAL_COLUMNS) and gender:
  the public view shows aggregates, never people.
- `suppress_small_counts` blanks counts from 1 to min_count - 1 in a disaggregation, so a
  small group (e.g. the one woman from one city) cannot be singled out. 0 stays visible (it
  reveals nobody) and so does every count >= min_count.
- `gender_counts` is the only way gender reaches the public view: suppressed counts.

The threshold is configurable: the `min_count` argument, or the environment variable
`ATLAS_MIN_COUNT` through `configured_min_count()`; default 3.
"""

from __future__ import annotations

import os

import pandas as pd

from atlas.schema import PERSONAL_COLUMNS

DEFAULT_MIN_COUNT = 3
MIN_COUNT_ENV = "ATLAS_MIN_COUNT"
GENDER_COLUMN = "gender"
HIDDEN_COLUMNS = (*PERSONAL_COLUMNS, GENDER_COLUMN)

# What people write in a gender column -> a category; anything else is "other".
_GENDER_WORDS = {
    "female": ("p", "perempuan", "wanita", "f", "female", "woman"),
    "male": ("l", "laki-laki", "laki laki", "lakilaki", "laki", "pria", "m", "male", "man"),
}
GENDER_CATEGORIES = ("female", "male", "other", "unknown")


def configured_min_count(default: int = DEFAULT_MIN_COUNT) -> int:
    """The suppression threshold from ATLAS_MIN_COUNT (an integer >= 1), else `default`."""
    raw = os.environ.get(MIN_COUNT_ENV, "").strip()
    if raw.isdigit() and int(raw) >= 1:
        return int(raw)
    return default


def public_participants(participants: pd.DataFrame) -> pd.DataFrame:
    """The participants frame without personal columns (schema.PERSONAL_COLUMNS, gender)."""
    return participants.drop(columns=[c for c in HIDDEN_COLUMNS if c in participants.columns])


def suppress_small_counts(
    counts: pd.DataFrame, count_columns: list[str], min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """Blank out counts in 1..min_count-1 of a disaggregation (0 and >= min_count are shown).

    Returns a copy; the count columns become nullable integers (pd.NA where suppressed)."""
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    suppressed = counts.copy()
    for column in count_columns:
        values = pd.to_numeric(suppressed[column], errors="coerce").astype("Int64")
        small = values.between(1, min_count - 1).fillna(False).astype(bool)
        suppressed[column] = values.mask(small)
    return suppressed


def normalize_gender(value: object) -> str:
    """ "P"/"Perempuan"/"F" -> "female", "L"/"Laki-laki"/"M" -> "male", blank -> "unknown"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "unknown"
    text = " ".join(str(value).strip().lower().split())
    if not text:
        return "unknown"
    for category, words in _GENDER_WORDS.items():
        if text in words:
            return category
    return "other"


def gender_counts(
    participants: pd.DataFrame,
    by: list[str] | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """Participants (sum of delegates) per gender category, optionally per `by` columns, with
    small counts suppressed. Every category appears (0 when absent) so the table's shape does
    not reveal anything either."""
    by = list(by or [])
    if GENDER_COLUMN in participants.columns:
        genders = participants[GENDER_COLUMN].map(normalize_gender)
    else:
        genders = pd.Series("unknown", index=participants.index)
    delegates = (
        participants["delegates"]
        if "delegates" in participants.columns
        else pd.Series(1, index=participants.index)
    )
    frame = participants[by].assign(gender=genders, participants=delegates)
    counts = frame.groupby([*by, "gender"], sort=True)["participants"].sum()
    if by:
        keys = counts.index.droplevel("gender").unique()
        full_index = pd.MultiIndex.from_tuples(
            [
                (*(key if isinstance(key, tuple) else (key,)), g)
                for key in keys
                for g in GENDER_CATEGORIES
            ],
            names=[*by, "gender"],
        )
    else:
        full_index = pd.Index(list(GENDER_CATEGORIES), name="gender")
    counts = counts.reindex(full_index, fill_value=0).astype("int64").reset_index()
    return suppress_small_counts(counts, ["participants"], min_count)
