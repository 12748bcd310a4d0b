"""Exports of filtered data (stub: being built).

Every text cell is neutralised against spreadsheet formula injection (OWASP): cells starting with
=, +, -, @, tab, CR or LF get a leading apostrophe; real numbers (including negatives) are kept.
"""

from __future__ import annotations

import pandas as pd


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel opens it correctly), formulas neutralised."""
    raise NotImplementedError


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    raise NotImplementedError
