"""Exports of filtered data as CSV and XLSX, safe to open in a spreadsheet.

Every text cell is neutralised against spreadsheet formula injection (OWASP "CSV injection"):
a text cell starting with `=`, `+`, `-`, `@`, tab, carriage return or line feed gets a leading
apostrophe, so Excel/LibreOffice show it as text instead of evaluating it.

Numbers are not corrupted:
- numeric columns (int, float, nullable Int64, bool) are written as numbers, negatives included;
- a *text* cell that is exactly a plain decimal number (`-5`, `+3`, `-1.25`, `2e3`) is left
  as it is: a bare number literal cannot carry a formula or a DDE payload, and prefixing it would
  turn a negative number typed into a text column into the string `'-5`. Anything more than a
  bare literal (`-5+A1`, `-1)*cmd|...`) is neutralised.

Other cell values: tuples/lists (SDG goals and targets) are joined with "; ", missing values are
empty, dates are written as ISO dates (CSV) or real date cells (XLSX). In XLSX every text cell is
stored with the string data type, so nothing is ever evaluated as a formula, and characters that
XML cannot hold (control characters) are removed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise_text(text: str) -> str:
    """`=1+1` -> `'=1+1`; `-5` stays `-5` (a bare number); `Kota Batam` unchanged."""
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _is_numeric_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)


def _is_datetime_column(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # arrays, tuples
        return False


def _text_cell(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, tuple | list | set | frozenset):
        text = "; ".join(str(item) for item in value)
    elif isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return neutralise_text(text)


def _date_text(value: object) -> str:
    if _missing(value):
        return ""
    timestamp = pd.Timestamp(value)
    is_midnight = timestamp == timestamp.normalize()
    return timestamp.date().isoformat() if is_midnight else timestamp.isoformat()


def neutralised_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` ready for export: text columns as neutralised strings, numeric columns
    untouched, dates as ISO text, headers neutralised too."""
    out = pd.DataFrame(index=range(len(frame)))
    for position, column in enumerate(frame.columns):
        series = frame.iloc[:, position].reset_index(drop=True)
        header = neutralise_text(str(column))
        if _is_numeric_column(series):
            out[header] = series
        elif _is_datetime_column(series):
            out[header] = [_date_text(value) for value in series]
        else:
            out[header] = [_text_cell(value) for value in series]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel opens it correctly), formulas neutralised."""
    text = neutralised_frame(frame).to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def _xlsx_cells(frame: pd.DataFrame, row: int) -> Iterable[tuple[object, bool]]:
    """(value, is_text) for each cell of one row."""
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        value = series.iloc[row]
        if _missing(value):
            yield None, False
        elif _is_numeric_column(series):
            yield (value.item() if hasattr(value, "item") else value), False
        elif _is_datetime_column(series):
            timestamp = pd.Timestamp(value)
            if timestamp.tzinfo is not None:
                timestamp = timestamp.tz_localize(None)
            yield timestamp.to_pydatetime(), False
        else:
            yield ILLEGAL_CHARACTERS_RE.sub("", _text_cell(value)), True


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """One sheet; headers and text cells neutralised and stored as strings (never formulas)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ILLEGAL_CHARACTERS_RE.sub("", sheet_name)[:31] or "data"
    for column_index, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=column_index)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise_text(str(column)))
        cell.data_type = "s"
    for row in range(len(frame)):
        for column_index, (value, is_text) in enumerate(_xlsx_cells(frame, row), start=1):
            cell = sheet.cell(row=row + 2, column=column_index)
            cell.value = value
            if is_text:
                # openpyxl would store a string starting with "=" as a formula
                cell.data_type = "s"
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
