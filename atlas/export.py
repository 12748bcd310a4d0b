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
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


def _text_cell_raw(value: object) -> str:
    if isinstance(value, tuple | list | set | frozenset):
        return "; ".join(str(item) for item in value)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _text_cell(value: object) -> str:
    if _missing(value):
        return ""
    return neutralise_text(_text_cell_raw(value))


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


def _xlsx_text(value: object) -> str:
    # Control characters are removed *before* neutralising, so "\x01=cmd" cannot turn into a
    # formula once XML-illegal characters are gone.
    if _missing(value):
        return ""
    return neutralise_text(ILLEGAL_CHARACTERS_RE.sub("", _text_cell_raw(value)))


def _xlsx_column(series: pd.Series) -> list[object]:
    """The cell values of one column: numbers, datetimes or neutralised text (None if missing)."""
    if _is_numeric_column(series):
        return [None if _missing(value) else value for value in series.tolist()]
    if _is_datetime_column(series):
        values: list[object] = []
        for value in series:
            if _missing(value):
                values.append(None)
                continue
            timestamp = pd.Timestamp(value)
            if timestamp.tzinfo is not None:
                timestamp = timestamp.tz_localize(None)
            values.append(timestamp.to_pydatetime())
        return values
    return [_xlsx_text(value) for value in series]


@dataclass(frozen=True)
class ExportAbout:
    """What an exported workbook holds, written on its *Tentang / About* sheet.

    Labels are given already translated (atlas.ui builds them with atlas.i18n), so this module
    stays free of the catalogue. `generated_at` None means "now, when the file is built"."""

    sheet_name: str = "About"
    lines: tuple[tuple[str, str], ...] = ()  # (label, value): dataset, version, filter, source…
    generated_label: str = "Generated at"
    rows_label: str = "Rows: {table}"
    generated_at: dt.datetime | None = None


HEADER_FONT = Font(bold=True)
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 500  # rows looked at to size a column (enough to see its typical text)


def _column_width(header: str, values: list[object]) -> float:
    """Characters of the header or the longest sampled cell, within MIN_WIDTH..MAX_WIDTH."""
    longest = len(header)
    for value in values[:WIDTH_SAMPLE]:
        if isinstance(value, dt.datetime):
            size = 10
        elif value is None:
            continue
        else:
            size = len(str(value))
        longest = max(longest, size)
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _write_table_sheet(workbook: Workbook, frame: pd.DataFrame, sheet_name: str) -> None:
    """One table: bold header row frozen at the top, widths set, then the rows."""
    sheet = workbook.create_sheet(_sheet_title(sheet_name))
    headers = [_xlsx_text(str(column)) for column in frame.columns]
    columns = [_xlsx_column(frame.iloc[:, position]) for position in range(frame.shape[1])]
    # Write-only sheets take their view and column settings before the first row.
    sheet.freeze_panes = "A2"
    for index, (header, values) in enumerate(zip(headers, columns, strict=True), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _column_width(header, values)
    header_cells = []
    for header in headers:
        cell = _string_cell(sheet, header)
        cell.font = HEADER_FONT
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in zip(*columns, strict=True):
        sheet.append([_xlsx_cell(sheet, value) for value in row])


def _sheet_title(name: str) -> str:
    # Excel forbids []:*?/\ in sheet names and allows 31 characters.
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", ILLEGAL_CHARACTERS_RE.sub("", name)).strip()
    return cleaned[:31] or "data"


def _write_about_sheet(
    workbook: Workbook, about: ExportAbout, tables: dict[str, pd.DataFrame]
) -> None:
    sheet = workbook.create_sheet(_sheet_title(about.sheet_name))
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 90
    generated = about.generated_at or dt.datetime.now(dt.UTC)
    if generated.tzinfo is not None:
        generated = generated.astimezone(dt.UTC).replace(tzinfo=None)
    for label, value in about.lines:
        sheet.append([_bold(sheet, label), _string_cell(sheet, _xlsx_text(value))])
    stamp = WriteOnlyCell(sheet, value=generated)
    stamp.number_format = 'yyyy-mm-dd hh:mm:ss "UTC"'
    sheet.append([_bold(sheet, about.generated_label), stamp])
    for name, frame in tables.items():
        label = about.rows_label.format(table=name)
        sheet.append([_bold(sheet, label), len(frame)])


def _bold(sheet: object, text: str) -> WriteOnlyCell:
    cell = _string_cell(sheet, _xlsx_text(text))
    cell.font = HEADER_FONT
    return cell


def workbook_bytes(tables: dict[str, pd.DataFrame], about: ExportAbout | None = None) -> bytes:
    """One sheet per table (in order; the app's loader reads the first), then the About sheet.

    Headers bold and frozen, column widths set, numbers as numbers, dates as Excel dates, text
    neutralised and stored as strings (never formulas). Written in openpyxl's write-only mode,
    column by column (100k rows x 12 columns in seconds, not the better part of a minute as
    with per-cell access)."""
    workbook = Workbook(write_only=True)
    for name, frame in tables.items():
        _write_table_sheet(workbook, frame, name)
    if about is not None:
        _write_about_sheet(workbook, about, tables)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_xlsx_bytes(
    frame: pd.DataFrame, sheet_name: str = "data", about: ExportAbout | None = None
) -> bytes:
    """One table as a workbook (see `workbook_bytes`)."""
    return workbook_bytes({sheet_name: frame}, about)


def _string_cell(sheet: object, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store a string starting with "=" as a formula
    return cell


def _xlsx_cell(sheet: object, value: object) -> object:
    if isinstance(value, str):
        return _string_cell(sheet, value)
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value
