"""Keeping personal data out of the public view (stub: being built)."""

from __future__ import annotations

import pandas as pd

DEFAULT_MIN_COUNT = 3


def public_participants(participants: pd.DataFrame) -> pd.DataFrame:
    """The participants frame without personal columns (schema.PERSONAL_COLUMNS, gender)."""
    raise NotImplementedError


def suppress_small_counts(
    counts: pd.DataFrame, count_columns: list[str], min_count: int = DEFAULT_MIN_COUNT
) -> pd.DataFrame:
    """Blank out counts in 1..min_count-1 of a disaggregation (0 and >= min_count are shown)."""
    raise NotImplementedError
