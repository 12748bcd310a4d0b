"""CSV files as organizers save them: decoding, the delimiter, and two readers that agree.

`read_csv_text(data, name, max_rows)` gives the frame atlas.tabular.rows_to_frame makes of the
file's records. pandas' C parser reads the file when it can (`_csv_frame_fast`); the careful
reader (Python's csv module, record by record) reads what the fast one declines, and gives the
precise message for a file that cannot be read: a quote never closed, a cell too long, too many
rows or columns, a last row cut short. tests/unit/test_loading_fast.py checks that the two give
the same frame.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from atlas.tabular import (
    CLEANED_HEADERS,
    EXTRA_CELLS,
    FORMULA_CELLS,
    HEADER_SEARCH_ROWS,
    LINE,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    RECODED_LINES,
    TRUNCATED_LINES,
    UnreadableFileError,
    cell_too_long,
    find_header,
    header_names,
    is_blank,
    rows_to_frame,
    too_many_rows,
)

_DELIMITERS = (",", ";", "\t", "|")


def read_csv_text(data: bytes, name: str, max_rows: int) -> pd.DataFrame:
    """The frame of a CSV file's records (see atlas.loading for the rules)."""
    text, recoded_lines = _decode(data, name)
    delimiter = _header_delimiter(text)
    frame = _csv_frame_fast(text, delimiter, name, max_rows)
    if frame is None:
        rows, last_cut = _csv_rows(text, delimiter, name, max_rows)
        frame = rows_to_frame(rows, name, last_cut)
    frame.attrs[RECODED_LINES] = recoded_lines
    return frame


def _one_byte_text(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes undefined in cp1252 (0x81, 0x8D, ...): Latin-1 maps every byte, so decode with
        # it rather than refuse the file; the binary check still catches real binaries.
        return data.decode("latin-1")


def _decode_text(data: bytes) -> tuple[str, list[int]]:
    """The text, and the text lines that had to be read as Windows-1252 in a UTF-8 file.

    A file that is UTF-8 except for a few lines (one pasted from an old Windows program) is
    read line by line: UTF-8 where it is valid, Windows-1252 on the other lines, which are
    reported. A file with no valid UTF-8 beyond ASCII is a Windows-1252 file as a whole."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.splitlines(keepends=True)
    decoded: list[str] = []
    other_lines: list[int] = []
    utf8_beyond_ascii = False
    for number, line in enumerate(lines, start=1):
        try:
            piece = line.decode("utf-8")
            utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        except UnicodeDecodeError:
            piece = _one_byte_text(line)
            other_lines.append(number)
        decoded.append(piece)
    if not utf8_beyond_ascii:
        return _one_byte_text(data), []
    return "".join(decoded), other_lines


def _decode(data: bytes, name: str) -> tuple[str, list[int]]:
    """The file's text and the text lines read as Windows-1252 (see _decode_text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export: UTF-16 with a byte-order mark.
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise UnreadableFileError(f"{name} could not be decoded as text.", "binary") from error
    nul = data.find(b"\x00")
    if nul >= 0:
        # One rule for the whole file: a NUL byte is never spreadsheet text, wherever it is.
        line = data.count(b"\n", 0, nul) + 1
        raise UnreadableFileError(
            f"{name} is not a text file (it contains binary data: a NUL byte on text line "
            f"{line}); use .csv or .xlsx.",
            "binary",
        )
    text, other_lines = _decode_text(data)
    sample = text[:65536]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    # Spreadsheet text has almost no control characters; compressed or binary data decoded
    # as cp1252 has about one in nine. A stray escape code in a cell is not enough.
    if sample and control / len(sample) > 0.05:
        raise UnreadableFileError(
            f"{name} is not a text file (it contains binary data); use .csv or .xlsx.", "binary"
        )
    return text, other_lines


def _header_delimiter(text: str) -> str:
    """The delimiter seen most often (outside quotes) on the first non-blank lines: the header
    and a few rows, so a title line above the header does not decide it."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    seen = 0
    for raw_line in text.splitlines():
        if not raw_line.strip(" \t,;|"):
            continue
        unquoted = re.sub(r'"[^"]*"', "", raw_line)
        for delimiter in _DELIMITERS:
            counts[delimiter] += unquoted.count(delimiter)
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _leading_records(text: str, delimiter: str) -> list[tuple[int, Sequence[str]]]:
    """The first records of the text, through the HEADER_SEARCH_ROWS-th non-blank one."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[tuple[int, Sequence[str]]] = []
    non_blank = 0
    for number, cells in enumerate(reader, start=1):
        records.append((number, cells))
        non_blank += not is_blank(cells)
        if non_blank >= HEADER_SEARCH_ROWS:
            break
    return records


def _csv_frame_fast(text: str, delimiter: str, name: str, max_rows: int) -> pd.DataFrame | None:
    """The frame `rows_to_frame(_csv_rows(...))` gives, read by pandas' C parser; None when the
    file needs the careful reader (which then gives the same frame, or the precise error):
    no line break at the end (maybe cut short), a row with more cells than the header, a quote
    never closed, a cell over MAX_CELL_CHARS, more than max_rows rows or MAX_COLUMNS columns.

    The C parser keeps what the careful reader keeps: every record is one row (a blank one
    too, and a quoted cell over several text lines stays in its record), so a row's `line` is
    its record number; short rows are padded with empty cells."""
    if not text.endswith(("\n", "\r")):
        return None
    try:
        head = _leading_records(text, delimiter)
        first = find_header(head, name)
    except (csv.Error, UnreadableFileError):
        return None
    width = len(head[first][1])
    if not 0 < width <= MAX_COLUMNS:
        return None
    try:
        raw = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=range(width),
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            on_bad_lines="error",
        )
    except (pd.errors.ParserError, ValueError):
        return None
    if len(raw) > max_rows + 1 or raw.iloc[: len(head)].values.tolist() != [
        [*cells, *[""] * (width - len(cells))] for _, cells in head
    ]:
        return None  # the careful reader has the message (or reads these first rows itself)
    cell_lengths = [raw[column].str.len().max() for column in raw.columns]
    if max((int(n) for n in cell_lengths if pd.notna(n)), default=0) > MAX_CELL_CHARS:
        return None
    return _raw_to_frame(raw, first)


def _blank_rows(data: pd.DataFrame) -> pd.Series:
    """True for rows whose every cell is empty or spaces. Column by column, only over the rows
    still blank so far: after the first column these are few."""
    blank = pd.Series(True, index=data.index)
    candidates = data.index
    for column in data.columns:
        cells = data.loc[candidates, column]
        empty = cells.str.strip().eq("")
        blank.loc[candidates[~empty.to_numpy()]] = False
        candidates = candidates[empty.to_numpy()]
        if candidates.empty:
            break
    return blank


def _extra_cells(beyond: pd.DataFrame) -> list[str]:
    """Per row, its written cells beyond the header's columns, joined as the careful reader
    joins them."""
    written = beyond.apply(lambda column: column.str.strip().ne("")).to_numpy()
    return [
        " | ".join(cell for cell, on in zip(cells, flags, strict=True) if on)
        for cells, flags in zip(beyond.values.tolist(), written.tolist(), strict=True)
    ]


def _raw_to_frame(raw: pd.DataFrame, first: int) -> pd.DataFrame:
    """What rows_to_frame makes of the records in `raw` (row i: record i + 1; header: `first`)."""
    headers, cleaned_headers = header_names(list(raw.iloc[first]))
    width = len(headers)
    data = raw.iloc[first + 1 :]
    lines = np.arange(first + 2, first + 2 + len(data), dtype="int64")
    blank = _blank_rows(data).to_numpy()
    kept = data.loc[~blank]
    frame = kept.iloc[:, :width].copy()
    frame.columns = headers
    frame = frame.reset_index(drop=True).astype(object)
    frame[LINE] = pd.Series(lines[~blank], dtype="int64")
    beyond = kept.iloc[:, width:]
    extras = _extra_cells(beyond) if not beyond.empty else []
    if any(extras):
        frame[EXTRA_CELLS] = pd.Series(extras, dtype=object)
    preamble = raw.iloc[:first].values.tolist()
    frame.attrs["blank_lines"] = lines[blank].tolist()
    frame.attrs[TRUNCATED_LINES] = []
    frame.attrs[CLEANED_HEADERS] = cleaned_headers
    frame.attrs[FORMULA_CELLS] = []
    frame.attrs["header_line"] = first + 1
    frame.attrs["preamble_lines"] = [
        i + 1 for i, cells in enumerate(preamble) if not is_blank(cells)
    ]
    return frame


def _csv_rows(
    text: str, delimiter: str, name: str, max_rows: int
) -> tuple[list[tuple[int, Sequence[str]]], str | None]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, Sequence[str]]] = []
    last_start = previous_end = 1  # text lines where the latest record starts / ended
    try:
        for row_number, cells in enumerate(reader, start=1):
            # A tuple of strings holds no reference the cyclic collector must follow: it stops
            # tracking it, so keeping 100k rows does not make every collection slower.
            rows.append((row_number, tuple(cells)))
            if len(rows) > max_rows + 1:
                raise too_many_rows(name, max_rows)
            if len(rows) > 1:
                last_start = previous_end + 1
            previous_end = reader.line_num
            if max(map(len, cells), default=0) > MAX_CELL_CHARS:
                raise cell_too_long(name, last_start)
            if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
                raise UnreadableFileError(
                    f"{name} has more than {MAX_COLUMNS} columns on line {last_start}; the "
                    f"limit is {MAX_COLUMNS} columns.",
                    "too_many_columns",
                )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise cell_too_long(name, previous_end + 1) from None
        raise UnreadableFileError(
            f"{name} could not be read as CSV near line {reader.line_num}: {error}.", "bad_csv"
        ) from error
    _refuse_unclosed_quote(rows, text, last_start, name)
    return rows, _last_record_cut(rows, text, last_start, previous_end)


def _last_record_cut(
    rows: list[tuple[int, Sequence[str]]], text: str, last_start: int, last_end: int
) -> str | None:
    """How the last record may have been cut: "open_quote" (no line break at the end and an
    unclosed quote), "no_newline" (no line break at the end: fewer cells than the header then
    means the row was cut, see rows_to_frame), None when the file ends with a line break."""
    if not rows or text.endswith(("\n", "\r")):
        return None
    recent = text[-min(len(text), 1 << 20) :].splitlines(keepends=True)
    tail = "".join(recent[-(last_end - last_start + 1) :])
    return "open_quote" if tail.count('"') % 2 == 1 else "no_newline"


def _refuse_unclosed_quote(
    rows: list[tuple[int, Sequence[str]]], text: str, last_start: int, name: str
) -> None:
    """A quote that is opened and never closed makes the rest of the file one cell: every row
    after it would vanish into that cell. The csv module does not complain, so check: the last
    record has a cell with a line break and its text has an odd number of quote marks."""
    if not rows or not any("\n" in cell or "\r" in cell for cell in rows[-1][1]):
        return
    tail = "".join(text.splitlines(keepends=True)[last_start - 1 :])
    if tail.count('"') % 2 == 1:
        raise UnreadableFileError(
            f"{name}: a quote mark opened on text line {last_start} is never closed, so the "
            "rest of the file would be read as one cell. Close or remove that quote.",
            "unclosed_quote",
        )
