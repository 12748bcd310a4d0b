"""Keeping personal data out of the public view. The rule, stated once (README "Privacy" says
the same):

1. The public view never shows a person: no name, e-mail, phone, position or gender of anyone
   (`public_participants` drops those columns).
2. Counts of *persons* broken down by a personal attribute (gender; position if it is ever
   shown) are published only through `suppress_breakdown`: a cell from 1 to min_count - 1 is
   suppressed, and so are as many further cells of the same breakdown (the smallest first) as
   it takes for the suppressed cells to hold at least min_count persons together and to be at
   least two. A breakdown's total may then be shown (the view's participant count is): no
   suppressed cell can be recovered from it by subtraction. 0 is shown (it reveals nobody)
   unless it is needed to hide the others. `gender_counts` is the only way gender reaches the
   public view.
3. Counts of *governments* (regions) and of the participants they sent, by region, goal or
   training, are not broken down by a personal attribute and are shown as they are.

The threshold min_count is the `min_count` argument, or the environment variable
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


def _hidden_cells(values: list[int], min_count: int) -> set[int]:
    """Positions to suppress in one breakdown (see the module docstring, rule 2)."""
    hidden = {i for i, value in enumerate(values) if 1 <= value < min_count}
    if not hidden:
        return hidden
    # Smallest shown cells first; zeros only once no other cell is left.
    candidates = sorted(
        (i for i in range(len(values)) if i not in hidden),
        key=lambda i: (values[i] == 0, values[i], i),
    )
    for position in candidates:
        if len(hidden) >= 2 and sum(values[i] for i in hidden) >= min_count:
            break
        hidden.add(position)
    return hidden


def suppress_breakdown(
    counts: pd.DataFrame,
    count_column: str,
    by: list[str] | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """Counts of persons by a personal attribute, made safe to publish (rule 2 of the module
    docstring). Each group of `by` (the whole frame when None) is one breakdown whose total
    may be known. Returns a copy with `count_column` as nullable integers (pd.NA = hidden)."""
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    result = counts.copy().reset_index(drop=True)
    values = pd.to_numeric(result[count_column], errors="coerce").fillna(0).astype("int64")
    groups = result.groupby(list(by), sort=False).indices.values() if by else [result.index]
    hidden_rows: list[int] = []
    for rows in groups:
        positions = list(rows)
        cell_values = [int(values.iloc[i]) for i in positions]
        hidden_rows.extend(positions[i] for i in _hidden_cells(cell_values, min_count))
    column = values.astype("Int64")
    column.iloc[hidden_rows] = pd.NA
    result[count_column] = column
    return result


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
    """Participants (sum of delegates) per gender category, optionally per `by` columns, made
    safe by `suppress_breakdown` (each `by` group is one breakdown; do not publish groups and
    their margins side by side). Every category appears (0 when absent) so the table's shape
    does not reveal anything either."""
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
    return suppress_breakdown(counts, "participants", by or None, min_count)
