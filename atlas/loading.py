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
- Limits: DEFAULT_MAX_BYTES per file, DEFAULT_MAX_ROWS rows, MAX_COLUMNS columns, MAX_CELL_CHARS
  characters in a cell; for XLSX also MAX_XLSX_UNPACKED_BYTES unpacked and MAX_XLSX_CELLS cells
  (rows x columns). Past any of them the file is refused with a message naming the limit.
- A CSV whose last row ends without a line break and has fewer cells than the header, or an
  unclosed quote, was probably cut short (a copy or download interrupted): that row's line is in
  `frame.attrs["truncated_lines"]` and validation rejects it; it is never silently complete.
- A file that has a header and no data rows is fine (zero rows). A file that cannot be read at
  all raises `UnreadableFileError` with a message in plain words.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path

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
MAX_COLUMNS = workbook.MAX_COLUMNS
MAX_CELL_CHARS = workbook.MAX_CELL_CHARS
MAX_XLSX_UNPACKED_BYTES = workbook.MAX_UNPACKED_BYTES
MAX_XLSX_CELLS = workbook.MAX_CELLS

CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
KNOWN_COLUMNS = frozenset(TRAINING_COLUMNS) | frozenset(PARTICIPANT_COLUMNS)

_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # stream of an encrypted .xlsx
_DELIMITERS = (",", ";", "\t", "|")
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


READ_TIMEOUT_S = 30.0  # README "Limits": a data file that does not answer in time is not read
_HANGING_READS: dict[Path, threading.Event] = {}  # path -> set when its hung read has returned
_HANGING_LOCK = threading.Lock()


def read_file_bytes(
    path: Path,
    table: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
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
                outcome.append(_read_file_bytes_now(path, name, table, max_bytes))
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


def canonical_header(header: object) -> str:
    """ "Tanggal Mulai" -> "start_date", "Training-ID" -> "training_id", "\ufeffID_Pelatihan"
    -> "training_id". Unknown headers are returned normalised ("Catatan Lain" -> "catatan_lain")."""
    text = visible_header(header).lower()
    text = re.sub(r"[\s\-/.]+", "_", text)
    text = re.sub(r"_+", "_", text).strip("_")
    return HEADER_ALIASES.get(text, text)


def read_table(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
    table: str | None = None,
) -> pd.DataFrame:
    """Read a CSV or XLSX file into a frame of strings with canonical headers and `line`.
    `table` ("trainings" | "participants") is what the file was given as; an
    UnreadableFileError carries it."""
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
        return _to_frame(rows, name, None, formula_cells)
    elif extension in XLSX_EXTENSIONS:
        raise UnreadableFileError(
            f"{name} is not a valid Excel workbook (the file content is not .xlsx).", "bad_xlsx"
        )
    elif extension in CSV_EXTENSIONS:
        text, recoded_lines = _decode(data, name)
        delimiter = _header_delimiter(text)
        fast = _csv_frame_fast(text, delimiter, name, max_rows)
        if fast is not None:
            fast.attrs[RECODED_LINES] = recoded_lines
            return fast
        rows, last_cut = _csv_rows(text, delimiter, name, max_rows)
    else:
        raise UnreadableFileError(
            f"{name}: unsupported file type {extension or '(no extension)'}; use .csv or .xlsx.",
            "unknown_extension",
        )
    frame = _to_frame(rows, name, last_cut)
    frame.attrs[RECODED_LINES] = recoded_lines
    return frame


def _cell_too_long(name: str, line: int) -> UnreadableFileError:
    return UnreadableFileError(
        f"{name} has a cell longer than {MAX_CELL_CHARS:,} characters on text line {line}, more "
        "than Excel itself allows in a cell; the file is refused.",
        "cell_too_long",
    )


def _too_many_rows(name: str, max_rows: int) -> UnreadableFileError:
    return UnreadableFileError(
        f"{name} has more than {max_rows:,} rows; the limit is {max_rows:,}: split it into "
        "smaller files.",
        "too_many_rows",
    )


def _extension(filename: str) -> str:
    match = re.search(r"\.[A-Za-z0-9]+$", filename.strip())
    return match.group(0).lower() if match else ""


# --- CSV -----------------------------------------------------------------------------------


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
        non_blank += not _is_blank(cells)
        if non_blank >= HEADER_SEARCH_ROWS:
            break
    return records


def _csv_frame_fast(text: str, delimiter: str, name: str, max_rows: int) -> pd.DataFrame | None:
    """The frame `_to_frame(_csv_rows(...))` gives, read by pandas' C parser; None when the
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
        first = _find_header(head, name)
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


def _raw_to_frame(raw: pd.DataFrame, first: int) -> pd.DataFrame:
    """What _to_frame makes of the records in `raw` (row i = record i + 1), header at `first`."""
    raw_headers = [str(cell) for cell in raw.iloc[first]]
    header_line = first + 1
    preamble = raw.iloc[:first]
    preamble_lines = [
        i + 1 for i, cells in enumerate(preamble.values.tolist()) if not _is_blank(cells)
    ]
    while raw_headers and not raw_headers[-1].strip():
        raw_headers = raw_headers[:-1]
    headers = _unique_headers(raw_headers)
    cleaned_headers = [
        visible_header(h)
        for h in raw_headers
        if h.replace("\ufeff", "").strip() != visible_header(h)
    ]
    width = len(headers)
    data = raw.iloc[first + 1 :]
    lines = pd.Series(range(first + 2, first + 2 + len(data)), index=data.index, dtype="int64")
    blank = _blank_rows(data)
    kept = data.loc[~blank.to_numpy()]
    frame = kept.iloc[:, :width].copy()
    frame.columns = headers
    frame = frame.reset_index(drop=True).astype(object)
    frame[LINE] = pd.Series(lines.loc[~blank.to_numpy()].to_numpy(), dtype="int64")
    beyond = kept.iloc[:, width:]
    if not beyond.empty:
        written = beyond.apply(lambda column: column.str.strip().ne("")).to_numpy()
        extras = [
            " | ".join(cell for cell, on in zip(cells, flags, strict=True) if on)
            for cells, flags in zip(beyond.values.tolist(), written.tolist(), strict=True)
        ]
        if any(extras):
            frame[EXTRA_CELLS] = pd.Series(extras, dtype=object)
    frame.attrs["blank_lines"] = lines.loc[blank.to_numpy()].tolist()
    frame.attrs[TRUNCATED_LINES] = []
    frame.attrs[CLEANED_HEADERS] = cleaned_headers
    frame.attrs[FORMULA_CELLS] = []
    frame.attrs["header_line"] = header_line
    frame.attrs["preamble_lines"] = preamble_lines
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
                raise _too_many_rows(name, max_rows)
            if len(rows) > 1:
                last_start = previous_end + 1
            previous_end = reader.line_num
            if max(map(len, cells), default=0) > MAX_CELL_CHARS:
                raise _cell_too_long(name, last_start)
            if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
                raise UnreadableFileError(
                    f"{name} has more than {MAX_COLUMNS} columns on line {last_start}; the "
                    f"limit is {MAX_COLUMNS} columns.",
                    "too_many_columns",
                )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _cell_too_long(name, previous_end + 1) from None
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
    means the row was cut, see _to_frame), None when the file ends with a line break."""
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


# --- XLSX ----------------------------------------------------------------------------------


def _xlsx_rows(
    data: bytes, name: str, max_rows: int
) -> tuple[list[tuple[int, Sequence[str]]], list[tuple[int, int]]]:
    def too_many_rows() -> UnreadableFileError:
        return _too_many_rows(name, max_rows)

    try:
        return workbook.read_first_sheet(data, name, max_rows, too_many_rows)
    except workbook.WorkbookError as error:
        raise UnreadableFileError(error.message, error.code) from None


# --- Common --------------------------------------------------------------------------------


def _is_blank(cells: Sequence[str]) -> bool:
    return not "".join(cells).strip()


def _unique_headers(raw_headers: Sequence[str]) -> list[str]:
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


def _looks_like_header(cells: Sequence[str]) -> bool:
    """At least two different known columns (or the only cell is one): a data row with "kota"
    in a level column is not mistaken for a header."""
    written = [cell for cell in cells if str(cell).strip()]
    known = {canonical_header(cell) for cell in written} & KNOWN_COLUMNS
    return len(known) >= min(2, len(written))


def _find_header(rows: list[tuple[int, Sequence[str]]], name: str) -> int:
    """Index of the header row: the first row that looks like one among the first non-blank
    rows. Rows above it (a title such as "Daftar Peserta 2018") are not data."""
    non_blank = [i for i, (_, cells) in enumerate(rows) if not _is_blank(cells)]
    if not non_blank:
        raise UnreadableFileError(f"{name} is empty: it has no header and no rows.", "empty")
    for index in non_blank[:HEADER_SEARCH_ROWS]:
        if _looks_like_header(rows[index][1]):
            return index
    shown = ", ".join(str(h).strip() for h in rows[non_blank[0]][1][:6])
    raise UnreadableFileError(
        f"{name} has no header row: the first line ({shown}) does not name the expected "
        "columns (for example training_id, title, start_date, institution, region).",
        "no_header",
    )


def _to_frame(
    rows: list[tuple[int, Sequence[str]]],
    name: str,
    last_cut: str | None = None,
    formula_cells: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    first = _find_header(rows, name)
    header_line, raw_headers = rows[first]
    preamble_lines = [line for line, cells in rows[:first] if not _is_blank(cells)]
    # Trailing empty header cells (Excel leaves them after the last column) are not columns.
    while raw_headers and not str(raw_headers[-1]).strip():
        raw_headers = raw_headers[:-1]
    headers = _unique_headers(raw_headers)
    cleaned_headers = [
        visible_header(raw)
        for raw in raw_headers
        if str(raw).replace("\ufeff", "").strip() != visible_header(raw)
    ]
    width = len(headers)
    lines: list[int] = []
    records: list[Sequence[str]] = []
    extras: list[str] = []
    blank_lines: list[int] = []
    truncated_lines: list[int] = []
    data_rows = rows[first + 1 :]
    if data_rows and last_cut and not _is_blank(data_rows[-1][1]):
        last_line, last_cells = data_rows[-1]
        if last_cut == "open_quote" or len(last_cells) < width:
            truncated_lines.append(last_line)
    for row_number, cells in data_rows:
        if _is_blank(cells):
            blank_lines.append(row_number)
            continue
        if len(cells) < width:
            cells = (*cells, *[""] * (width - len(cells)))
        overflow = [c for c in cells[width:] if c.strip()]
        records.append(cells[:width])
        extras.append(" | ".join(overflow))
        lines.append(row_number)
    frame = pd.DataFrame(records, columns=headers, dtype=object) if records else None
    if frame is None:
        frame = pd.DataFrame({h: pd.Series([], dtype=object) for h in headers})
    frame = frame.astype(object)
    formula_cells = formula_cells or []
    frame[LINE] = pd.Series(lines, dtype="int64")
    if any(extras):
        frame[EXTRA_CELLS] = pd.Series(extras, dtype=object)
    frame.attrs["blank_lines"] = blank_lines
    frame.attrs[TRUNCATED_LINES] = truncated_lines
    frame.attrs[CLEANED_HEADERS] = cleaned_headers
    frame.attrs[FORMULA_CELLS] = [
        (row, headers[column - 1])
        for row, column in formula_cells
        if row > header_line and column <= width
    ]
    frame.attrs["header_line"] = header_line
    frame.attrs["preamble_lines"] = preamble_lines
    return frame
