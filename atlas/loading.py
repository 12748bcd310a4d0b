"""Reading CSV and XLSX files as organizers really produce them, into a frame of strings.

`read_table(data, filename)` returns one row per data row with every cell as text (blank = ""),
canonical column names (`atlas.schema.HEADER_ALIASES`, case-insensitive; spaces, hyphens,
slashes and dots read as underscores, so "Kab/Kota" is kab_kota; a byte-order mark is ignored)
and a `line` column.

Choices, so that nothing is lost silently:

- `line` is the row number a spreadsheet shows when it opens the file (header = line 1). A
  record whose quoted cell spans several text lines is one spreadsheet row, so it gets one line
  number and the records after it are numbered as the spreadsheet numbers them. For files
  without multi-line cells this is the same as the line number in a text editor.
- Completely blank rows (no cell with text) are not data: they are skipped and not counted as
  rows. Their line numbers are kept in `frame.attrs["blank_lines"]` for reports.
- The header is the first row (among the first 10 non-blank ones) that names at least two known
  columns. Rows above it, such as a title "Daftar Peserta 2018", are not data; their line
  numbers are in `frame.attrs["preamble_lines"]`. No such row: `UnreadableFileError`.
- Cells beyond the header's last column that hold text are kept, joined, in the column
  `EXTRA_CELLS` so validation can reject that row (usually an unquoted comma shifted the cells).
- XLSX: the first worksheet is read by `atlas.workbook` (bounded: nothing is unpacked before
  it is measured); cell values are turned into the text a user sees (dates as ISO 2018-12-18,
  35.78 stays "35.78", a cell formatted 0.00 keeps its decimals: "35.10").
- Limits: DEFAULT_MAX_BYTES per file, DEFAULT_MAX_ROWS rows (a deployment may set others:
  $ATLAS_MAX_FILE_MB, $ATLAS_MAX_ROWS), MAX_COLUMNS columns, MAX_CELL_CHARS characters in a cell;
  for XLSX also MAX_XLSX_UNPACKED_BYTES unpacked and MAX_XLSX_CELLS cells (rows x columns).
  Past any of them the file is refused with a message naming the limit.
- A CSV whose last row ends without a line break and has fewer cells than the header, or an
  unclosed quote, was probably cut short (a copy or download interrupted): that row's line is in
  `frame.attrs["truncated_lines"]` and validation rejects it; it is never silently complete.
- A file that has a header and no data rows is fine (zero rows). A file that cannot be read at
  all raises `UnreadableFileError` with a message in plain words.
"""

from __future__ import annotations

import re
import stat
import threading
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from atlas import workbook
from atlas.csv_reading import read_csv_text

# What callers import from here (the reading of tables lives in atlas.tabular and
# atlas.csv_reading; this module is the entry point).
from atlas.tabular import (  # noqa: F401
    CLEANED_HEADERS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    EXTRA_CELLS,
    FORMULA_CELLS,
    KNOWN_COLUMNS,
    LINE,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_XLSX_CELLS,
    MAX_XLSX_UNPACKED_BYTES,
    RECODED_LINES,
    TRUNCATED_LINES,
    UnreadableFileError,
    canonical_header,
    max_file_bytes,
    max_file_rows,
    rows_to_frame,
    too_many_rows,
    visible_header,
)

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")

_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream of an encrypted .xlsx

READ_TIMEOUT_S = 30.0  # README "Limits": a data file that does not answer in time is not read
_HANGING_READS: dict[Path, threading.Event] = {}  # path -> set when its hung read has returned
_HANGING_LOCK = threading.Lock()


def read_file_bytes(
    path: Path,
    table: str | None = None,
    max_bytes: int | None = None,
    timeout: float | None = None,
) -> bytes:
    """The bytes of a data file, or an UnreadableFileError with the right reason: not found, a
    folder, not a regular file (a FIFO or device would block the reader forever: refused without
    opening it), too large, not readable (permissions), or no answer within `timeout` seconds
    (READ_TIMEOUT_S by default; a hung network mount blocks even stat()). Messages name the
    file, never its folder: a server path is for the log, not for every visitor.

    The stat and read run in a worker thread, so the caller waits at most `timeout`; a read that
    hangs cannot be cancelled, so while it has not returned the same path is refused at once
    (one stuck thread per path, never one more per page run)."""
    name = path.name or str(path)
    timeout = READ_TIMEOUT_S if timeout is None else timeout
    limit = max_file_bytes() if max_bytes is None else max_bytes
    with _HANGING_LOCK:
        hanging = _HANGING_READS.get(path)
        if hanging is not None and hanging.is_set():
            del _HANGING_READS[path]
            hanging = None
    if hanging is None:
        outcome: list = []
        returned = threading.Event()

        def read() -> None:
            try:
                outcome.append(_read_file_bytes_now(path, name, table, limit))
            except BaseException as error:  # handed to the caller below
                outcome.append(error)
            finally:
                returned.set()

        threading.Thread(target=read, name=f"atlas-read-{name}", daemon=True).start()
        if returned.wait(timeout):
            if isinstance(outcome[0], BaseException):
                raise outcome[0]
            return outcome[0]
        with _HANGING_LOCK:
            _HANGING_READS[path] = returned
    raise UnreadableFileError(
        f"{name} did not answer within {timeout:.0f} s (a network folder that hangs?); it is not "
        "read.",
        "timeout",
        table=table,
    )


def _read_file_bytes_now(path: Path, name: str, table: str | None, max_bytes: int) -> bytes:
    """read_file_bytes without the deadline (in the worker thread)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(f"{name} was not found.", "not_found", table=table) from None
    except OSError as error:
        raise UnreadableFileError(
            f"{name} cannot be opened ({error.strerror}).", "no_permission", table=table
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise UnreadableFileError(f"{name} is a folder, not a file.", "is_folder", table=table)
    if not stat.S_ISREG(status.st_mode):
        raise UnreadableFileError(
            f"{name} is not a regular file (a pipe or device); it is not read.",
            "not_regular",
            table=table,
        )
    if status.st_size > max_bytes:
        raise UnreadableFileError(
            f"{name} is too large ({status.st_size / 1_048_576:.1f} MB); the limit is "
            f"{max_bytes / 1_048_576:.0f} MB.",
            "too_large",
            table=table,
        )
    try:
        with path.open("rb") as stream:
            return stream.read(max_bytes + 1)
    except PermissionError:
        raise UnreadableFileError(
            f"{name} cannot be read: permission denied.", "no_permission", table=table
        ) from None
    except OSError as error:
        raise UnreadableFileError(
            f"{name} cannot be read ({error.strerror}).", "no_permission", table=table
        ) from None


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    table: str | None = None,
) -> pd.DataFrame:
    """Read a CSV or XLSX file into a frame of strings with canonical headers and `line`.
    `table` ("trainings" | "participants") is what the file was given as; an
    UnreadableFileError carries it."""
    max_bytes = max_file_bytes() if max_bytes is None else max_bytes
    max_rows = max_file_rows() if max_rows is None else max_rows
    try:
        return _read_bounded(data, filename or "file", max_bytes, max_rows)
    except UnreadableFileError as error:
        if error.table is None:
            error.table = table
        raise


def _read_bounded(data: bytes, name: str, max_bytes: int, max_rows: int) -> pd.DataFrame:
    if data is None or len(data) == 0:
        raise UnreadableFileError(f"{name} is empty: it has no header and no rows.", "empty")
    if len(data) > max_bytes:
        raise UnreadableFileError(
            f"{name} is too large ({len(data) / 1_048_576:.1f} MB); the limit is "
            f"{max_bytes / 1_048_576:.0f} MB.",
            "too_large",
        )
    return _read_table(data, name, max_rows)


def _read_table(data: bytes, name: str, max_rows: int) -> pd.DataFrame:
    extension = _extension(name)
    if data.startswith(_OLE_SIGNATURE) and _ENCRYPTED_PACKAGE in data:
        # Excel saves a password-protected .xlsx inside an OLE container, like an old .xls.
        raise UnreadableFileError(
            f"{name} is password-protected; save it without a password and try again.",
            "encrypted",
        )
    if extension == ".xls" or data.startswith(_OLE_SIGNATURE):
        raise UnreadableFileError(
            f"{name} is an old Excel (.xls) workbook; save it as .xlsx or .csv and try again.",
            "old_excel",
        )
    if data.startswith(_ZIP_SIGNATURE) and extension in CSV_EXTENSIONS + XLSX_EXTENSIONS:
        # An .xlsx renamed to .csv is still a workbook: read it as one.
        rows, formula_cells = _xlsx_rows(data, name, max_rows)
        return rows_to_frame(rows, name, None, formula_cells)
    elif extension in XLSX_EXTENSIONS:
        raise UnreadableFileError(
            f"{name} is not a valid Excel workbook (the file content is not .xlsx).", "bad_xlsx"
        )
    elif extension in CSV_EXTENSIONS:
        return read_csv_text(data, name, max_rows)
    raise UnreadableFileError(
        f"{name}: unsupported file type {extension or '(no extension)'}; use .csv or .xlsx.",
        "unknown_extension",
    )


def _extension(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", filename.strip())
    return match.group(0).lower() if match else ""


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx_rows(
    data: bytes, name: str, max_rows: int
) -> tuple[list[tuple[int, Sequence[str]]], list[tuple[int, int]]]:
    def refusal() -> UnreadableFileError:
        return too_many_rows(name, max_rows)

    try:
        return workbook.read_first_sheet(data, name, max_rows, refusal)
    except workbook.WorkbookError as error:
        raise UnreadableFileError(error.message, error.code) from None
