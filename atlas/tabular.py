"""Rows of cells (from a CSV or a worksheet) into the frame of strings the checks read.

The shared part of reading a table (atlas.loading is the entry point): the error a file that
cannot be read raises, the limits, the attrs keys a frame carries for the reports, header
names (canonical_header), where the header is (find_header), and rows_to_frame: one row per
data row, every cell as text, canonical column names and the spreadsheet `line`. The rules
are in atlas.loading's docstring.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from atlas import workbook
from atlas.schema import HEADER_ALIASES, LINE, PARTICIPANT_COLUMNS, TRAINING_COLUMNS

EXTRA_CELLS = "_extra_cells"
TRUNCATED_LINES = "truncated_lines"  # frame.attrs: the last row, when the file was cut in it
CLEANED_HEADERS = "cleaned_headers"  # frame.attrs: headers that held invisible characters
RECODED_LINES = "recoded_lines"  # frame.attrs: text lines of a UTF-8 file read as Windows-1252
FORMULA_CELLS = "formula_cells"  # frame.attrs: (line, column) of formulas without a saved value
# The limits, stated once (README "Limits"); a file past one is refused with a message naming it.
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_ROWS = 500_000
# A deployment whose published data is larger (an organizer with a million participant rows)
# raises the size and row limits for its data folder and its CLI publishes; browser uploads stay
# bounded by server.maxUploadSize as well.
MAX_FILE_MB_VARIABLE = "ATLAS_MAX_FILE_MB"
MAX_ROWS_VARIABLE = "ATLAS_MAX_ROWS"
MAX_COLUMNS = workbook.MAX_COLUMNS
MAX_CELL_CHARS = workbook.MAX_CELL_CHARS
MAX_XLSX_UNPACKED_BYTES = workbook.MAX_UNPACKED_BYTES
MAX_XLSX_CELLS = workbook.MAX_CELLS

KNOWN_COLUMNS = frozenset(TRAINING_COLUMNS) | frozenset(PARTICIPANT_COLUMNS)


def _positive_setting(variable: str, default: int, scale: int = 1) -> int:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{variable} must be a whole number above 0, not {text!r}.")
    return value * scale


def max_file_bytes() -> int:
    """The size limit of one file: $ATLAS_MAX_FILE_MB megabytes, else DEFAULT_MAX_BYTES."""
    return _positive_setting(MAX_FILE_MB_VARIABLE, DEFAULT_MAX_BYTES, 1_048_576)


def max_file_rows() -> int:
    """The row limit of one file: $ATLAS_MAX_ROWS, else DEFAULT_MAX_ROWS."""
    return _positive_setting(MAX_ROWS_VARIABLE, DEFAULT_MAX_ROWS)


HEADER_SEARCH_ROWS = 10  # a header below a title row or two is still found


class UnreadableFileError(ValueError):
    """The file cannot be read as a table at all. `message` is plain words for the user;
    `code` is a stable identifier ("empty", "binary", ...) a UI may translate; `table` is the
    table the file was given as ("trainings" | "participants"; None when not known), so a
    caller names the right file without guessing from the message."""

    def __init__(self, message: str, code: str = "unreadable", *, table: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.table = table


# Characters that do not show but make "training_id" a different word: zero-width spaces and
# joiners, word joiner, byte-order mark, soft hyphen. Non-breaking and other odd spaces are spaces.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def visible_header(header: object) -> str:
    """The header as it reads: invisible characters removed, odd spaces made spaces, stripped."""
    text = str(header if header is not None else "")
    return _ODD_SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))).strip()


def canonical_header(header: object) -> str:
    """ "Tanggal Mulai" -> "start_date", "Training-ID" -> "training_id", "\ufeffID_Pelatihan"
    -> "training_id". Unknown headers are returned normalised ("Catatan Lain" -> "catatan_lain")."""
    text = visible_header(header).lower()
    text = re.sub(r"[\s\-/.]+", "_", text)
    text = re.sub(r"_+", "_", text).strip("_")
    return HEADER_ALIASES.get(text, text)


def cell_too_long(name: str, line: int) -> UnreadableFileError:
    return UnreadableFileError(
        f"{name} has a cell longer than {MAX_CELL_CHARS:,} characters on text line {line}, more "
        "than Excel itself allows in a cell; the file is refused.",
        "cell_too_long",
    )


def too_many_rows(name: str, max_rows: int) -> UnreadableFileError:
    return UnreadableFileError(
        f"{name} has more than {max_rows:,} rows; the limit is {max_rows:,}: split it into "
        "smaller files.",
        "too_many_rows",
    )


def is_blank(cells: Sequence[str]) -> bool:
    return not "".join(cells).strip()


def unique_headers(raw_headers: Sequence[str]) -> list[str]:
    headers: list[str] = []
    seen: set[str] = {LINE, EXTRA_CELLS}
    for index, raw in enumerate(raw_headers, start=1):
        canonical = canonical_header(raw) or f"column_{index}"
        if canonical in seen:
            # A second column meaning the same thing ("kota" next to "region") is kept under
            # its own written name, never merged over the first one.
            plain = re.sub(r"[\s\-/.]+", "_", str(raw).replace("\ufeff", "").strip().lower())
            canonical = plain if plain and plain not in seen else f"{canonical}_{index}"
        seen.add(canonical)
        headers.append(canonical)
    return headers


def looks_like_header(cells: Sequence[str]) -> bool:
    """At least two different known columns (or the only cell is one): a data row with "kota"
    in a level column is not mistaken for a header."""
    written = [cell for cell in cells if str(cell).strip()]
    known = {canonical_header(cell) for cell in written} & KNOWN_COLUMNS
    return len(known) >= min(2, len(written))


def find_header(rows: list[tuple[int, Sequence[str]]], name: str) -> int:
    """Index of the header row: the first row that looks like one among the first non-blank
    rows. Rows above it (a title such as "Daftar Peserta 2018") are not data."""
    non_blank = [i for i, (_, cells) in enumerate(rows) if not is_blank(cells)]
    if not non_blank:
        raise UnreadableFileError(f"{name} is empty: it has no header and no rows.", "empty")
    for index in non_blank[:HEADER_SEARCH_ROWS]:
        if looks_like_header(rows[index][1]):
            return index
    shown = ", ".join(str(h).strip() for h in rows[non_blank[0]][1][:6])
    raise UnreadableFileError(
        f"{name} has no header row: the first line ({shown}) does not name the expected "
        "columns (for example training_id, title, start_date, institution, region).",
        "no_header",
    )


def header_names(raw_headers: Sequence[str]) -> tuple[list[str], list[str]]:
    """The columns a header row names (trailing empty cells, which Excel leaves after the last
    column, are not columns), and the headers that held invisible characters."""
    raw = [str(cell) for cell in raw_headers]
    while raw and not raw[-1].strip():
        raw.pop()
    cleaned = [
        visible_header(cell)
        for cell in raw
        if cell.replace("\ufeff", "").strip() != visible_header(cell)
    ]
    return unique_headers(raw), cleaned


def _truncated_lines(
    data_rows: list[tuple[int, Sequence[str]]], last_cut: str | None, width: int
) -> list[int]:
    """The last row's line when the file was cut in it (see atlas.loading)."""
    if not data_rows or not last_cut or is_blank(data_rows[-1][1]):
        return []
    last_line, last_cells = data_rows[-1]
    return [last_line] if last_cut == "open_quote" or len(last_cells) < width else []


def _records(
    data_rows: list[tuple[int, Sequence[str]]], width: int
) -> tuple[list[Sequence[str]], list[str], list[int], list[int]]:
    """Cells padded or cut to `width`, the written cells beyond it, lines, and blank lines."""
    records: list[Sequence[str]] = []
    extras: list[str] = []
    lines: list[int] = []
    blank_lines: list[int] = []
    for row_number, cells in data_rows:
        if is_blank(cells):
            blank_lines.append(row_number)
            continue
        if len(cells) < width:
            cells = (*cells, *[""] * (width - len(cells)))
        records.append(cells[:width])
        extras.append(" | ".join(c for c in cells[width:] if c.strip()))
        lines.append(row_number)
    return records, extras, lines, blank_lines


def rows_to_frame(
    rows: list[tuple[int, Sequence[str]]],
    name: str,
    last_cut: str | None = None,
    formula_cells: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """The frame of the records `rows` (record number, cells), read as atlas.loading states."""
    first = find_header(rows, name)
    header_line, raw_headers = rows[first]
    headers, cleaned_headers = header_names(raw_headers)
    width = len(headers)
    data_rows = rows[first + 1 :]
    records, extras, lines, blank_lines = _records(data_rows, width)
    if records:
        frame = pd.DataFrame(records, columns=headers, dtype=object).astype(object)
    else:
        frame = pd.DataFrame({h: pd.Series([], dtype=object) for h in headers})
    frame[LINE] = pd.Series(lines, dtype="int64")
    if any(extras):
        frame[EXTRA_CELLS] = pd.Series(extras, dtype=object)
    frame.attrs["blank_lines"] = blank_lines
    frame.attrs[TRUNCATED_LINES] = _truncated_lines(data_rows, last_cut, width)
    frame.attrs[CLEANED_HEADERS] = cleaned_headers
    frame.attrs[FORMULA_CELLS] = [
        (row, headers[column - 1])
        for row, column in formula_cells or []
        if row > header_line and column <= width
    ]
    frame.attrs["header_line"] = header_line
    frame.attrs["preamble_lines"] = [line for line, cells in rows[:first] if not is_blank(cells)]
    return frame
