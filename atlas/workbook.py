"""A bounded reader of the first worksheet of an .xlsx workbook, as rows of cell text.

Workbooks come from anyone, so nothing is expanded before it is measured:

- the sizes of the zip's parts once unpacked are added up first (from the zip directory, which
  Python's zipfile also enforces while unpacking) and a workbook over `MAX_UNPACKED_BYTES` is
  refused before any XML is parsed;
- the worksheet's declared size (`<dimension ref="A1:K80001">`) is checked against the row and
  cell limits before its rows are parsed, and the rows actually read are counted against them;
- a cell longer than `MAX_CELL_CHARS` or a value beyond column `MAX_COLUMNS` refuses the file;
- XML parts are parsed with expat, streamed in chunks; a document type declaration (the
  carrier of "billion laughs" and external entities) is refused, not expanded.

Every problem is a `WorkbookError` with a stable `code` and plain words; `atlas.loading` turns
it into the file's `UnreadableFileError`. Cell values become the text a user sees: dates as ISO
2018-12-18, whole numbers without ".0", a cell formatted 0.00 keeps its decimals.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence

from atlas import xlsx_parts
from atlas.xlsx_parts import Refused, WorkbookError

MAX_UNPACKED_BYTES = xlsx_parts.MAX_UNPACKED_BYTES  # all parts of the workbook, once unzipped
MAX_COLUMNS = 256
MAX_CELLS = 6_000_000  # rows x columns of the worksheet
MAX_CELL_CHARS = 32_767  # what one Excel cell can hold

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
# Built-in number formats that show a date or time (ECMA-376 18.8.30).
_BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})
_BUILTIN_FORMATS = {2: "0.00", 4: "#,##0.00", 10: "0.00%", 11: "0.00E+00"}
_CELL_REF = re.compile(r"([A-Z]{1,7})(\d{1,9})")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - 64)
    return index


class _Styles:
    """Per cell style index: is it a date format, and how many decimals a 0.00 format shows."""

    def __init__(self) -> None:
        self.formats: dict[int, str] = dict(_BUILTIN_FORMATS)
        self.style_formats: list[int] = []
        self._in_cell_xfs = False
        self._dates: dict[int, bool] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "numFmt" and attrs.get("numFmtId", "").isdigit():
            self.formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            self._in_cell_xfs = True
        elif tag == "xf" and self._in_cell_xfs:
            number_format = attrs.get("numFmtId", "0")
            self.style_formats.append(int(number_format) if number_format.isdigit() else 0)

    def end(self, tag: str) -> None:
        if tag == "cellXfs":
            self._in_cell_xfs = False

    def format_of(self, style: int) -> tuple[int, str]:
        format_id = self.style_formats[style] if 0 <= style < len(self.style_formats) else 0
        return format_id, self.formats.get(format_id, "")

    def is_date(self, style: int) -> bool:
        if style not in self._dates:
            from openpyxl.styles.numbers import is_date_format  # Excel's rule, as openpyxl has it

            format_id, code = self.format_of(style)
            self._dates[style] = format_id in _BUILTIN_DATE_FORMATS or (
                format_id >= 164 and is_date_format(code)
            )
        return self._dates[style]


def _shared_strings(archive: zipfile.ZipFile, part: str | None, name: str) -> list[str]:
    strings: list[str] = []
    if part is None:
        return strings
    pieces: list[str] = []
    state = {"in_t": False, "skip": 0}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        if tag == "si":
            pieces.clear()
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] += 1  # phonetic guides are not the cell's text
        elif tag == "t" and not state["skip"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        if tag == "si":
            value = "".join(pieces)
            if len(value) > MAX_CELL_CHARS:
                raise Refused(_cell_too_long(name, None))
            strings.append(value)
        elif tag in ("rPh", "phoneticPr"):
            state["skip"] -= 1
        elif tag == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            pieces.append(data)
            if len(pieces) > 64 and sum(map(len, pieces)) > MAX_CELL_CHARS:
                raise Refused(_cell_too_long(name, None))

    xlsx_parts.parse_part(archive, part, start, end, text, name)
    return strings


def _cell_too_long(name: str, where: str | None) -> WorkbookError:
    place = f" (cell {where})" if where else ""
    return WorkbookError(
        f"{name} has a cell longer than {MAX_CELL_CHARS:,} characters{place}, more than Excel "
        "itself allows in a cell; the file is refused.",
        "cell_too_long",
    )


def _too_many_cells(name: str, rows: int, columns: int) -> WorkbookError:
    return WorkbookError(
        f"{name} is too large: its first worksheet has {rows:,} rows × {columns:,} columns; the "
        f"limit is {MAX_CELLS:,} cells (rows × columns).",
        "too_many_cells",
    )


def _number_text(raw: str, format_code: str) -> str:
    try:
        value = float(raw)
    except ValueError:
        return raw
    if value != value or value in (float("inf"), float("-inf")):
        return raw
    decimals = re.fullmatch(r"0\.(0+)", format_code or "")
    if decimals:
        # "35.10" typed into a cell formatted 0.00 is shown as 35.10: keep what is shown.
        return f"{value:.{len(decimals.group(1))}f}"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)  # shortest text that round-trips: 35.78 stays "35.78"


def _date_text(raw: str, epoch: dt.datetime) -> str:
    """An Excel serial in a date-formatted cell as ISO text. A serial no calendar can hold
    (negative, beyond 9999-12-31) stays a number: validation rejects it with its reason."""
    try:
        value = float(raw)
        day, fraction = divmod(value, 1)
        if 0 <= value < 1:
            seconds = round(fraction * 86400)
            return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60).isoformat()
        if 0 < value < 60 and epoch == _EPOCH_1900:
            day += 1  # Excel's fictitious 29 February 1900
        moment = epoch + dt.timedelta(days=day, seconds=round(fraction * 86400))
    except (ValueError, OverflowError):
        return _number_text(raw, "")
    if moment.time() == dt.time(0, 0):
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


class _Sheet:
    """Expat handlers that collect rows of cell text, with every limit checked as they come."""

    def __init__(
        self,
        name: str,
        strings: list[str],
        styles: _Styles,
        epoch: dt.datetime,
        max_rows: int,
        too_many_rows: Callable[[], Exception],
    ) -> None:
        self.name = name
        self.strings = strings
        self.styles = styles
        self.epoch = epoch
        self.max_rows = max_rows
        self.too_many_rows = too_many_rows
        self.rows: list[tuple[int, Sequence[str]]] = []
        self.formula_cells: list[tuple[int, int]] = []  # (row, column) with no saved value
        self.cells_seen = 0
        self._row_number = 0
        self._cells: dict[int, str] = {}
        self._next_column = 1
        self._cell: dict[str, str] | None = None
        self._text: list[str] = []
        self._collect = False
        self._value: str | None = None
        self._inline: list[str] = []
        self._has_formula = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == "c":
            self.cells_seen += 1
            if self.cells_seen > MAX_CELLS:
                raise Refused(_too_many_cells(self.name, len(self.rows) + 1, MAX_COLUMNS))
            self._cell = attrs
            self._value = None
            self._inline = []
            self._has_formula = False
        elif tag == "row":
            number = attrs.get("r", "")
            self._row_number = int(number) if number.isdigit() else self._row_number + 1
            self._cells = {}
            self._next_column = 1
        elif tag == "dimension":
            self._check_dimension(attrs.get("ref", ""))
        elif self._cell is not None and tag in ("v", "t"):
            self._text = []
            self._collect = True
        elif self._cell is not None and tag == "f":
            self._has_formula = True

    def text(self, data: str) -> None:
        if self._collect:
            self._text.append(data)
            if len(self._text) > 64 and sum(map(len, self._text)) > MAX_CELL_CHARS:
                raise Refused(_cell_too_long(self.name, None))

    def end(self, tag: str) -> None:
        if tag == "v" and self._collect:
            self._value = "".join(self._text)
            self._collect = False
        elif tag == "t" and self._collect:
            self._inline.append("".join(self._text))
            self._collect = False
        elif tag == "c" and self._cell is not None:
            self._end_cell()
        elif tag == "row":
            self._end_row()

    def _check_dimension(self, ref: str) -> None:
        corners = [_CELL_REF.fullmatch(part) for part in ref.upper().split(":")]
        if len(corners) != 2:
            return
        first, last = corners
        if first is None or last is None:
            return
        rows = int(last.group(2)) - int(first.group(2)) + 1
        columns = _column_index(last.group(1)) - _column_index(first.group(1)) + 1
        if rows > self.max_rows + 1:
            raise Refused(self.too_many_rows())  # type: ignore[arg-type]
        if rows * columns > MAX_CELLS:
            raise Refused(_too_many_cells(self.name, rows, columns))

    def _end_cell(self) -> None:
        attrs = self._cell or {}
        self._cell = None
        reference = _CELL_REF.fullmatch(attrs.get("r", ""))
        column = _column_index(reference.group(1)) if reference else self._next_column
        self._next_column = column + 1
        text = self._cell_text(attrs)
        if not text:
            if self._has_formula and self._value is None:
                self.formula_cells.append((self._row_number, column))
            return
        if len(text) > MAX_CELL_CHARS:
            raise Refused(_cell_too_long(self.name, attrs.get("r")))
        if column > MAX_COLUMNS:
            raise Refused(
                WorkbookError(
                    f"{self.name} has a value in column {column:,} (cell {attrs.get('r', '?')}); "
                    f"the limit is {MAX_COLUMNS} columns.",
                    "too_many_columns",
                )
            )
        self._cells[column] = text

    def _cell_text(self, attrs: dict[str, str]) -> str:
        kind = attrs.get("t", "n")
        if kind == "inlineStr":
            return "".join(self._inline)
        value = self._value
        if value is None:
            return ""
        if kind == "s":
            try:
                return self.strings[int(value)]
            except (ValueError, IndexError):
                raise Refused(
                    WorkbookError(
                        f"{self.name} could not be read as an Excel workbook (cell "
                        f"{attrs.get('r', '?')} points to a text that does not exist).",
                        "bad_xlsx",
                    )
                ) from None
        if kind == "b":
            return "TRUE" if value.strip() == "1" else "FALSE"
        if kind in ("str", "e"):
            return value
        if kind == "d":
            return value[:10] if value.endswith(("T00:00:00", "T00:00:00Z")) else value
        style = attrs.get("s", "0")
        style_index = int(style) if style.isdigit() else 0
        if self.styles.is_date(style_index):
            return _date_text(value, self.epoch)
        return _number_text(value, self.styles.format_of(style_index)[1])

    def _end_row(self) -> None:
        if self._cells:
            width = max(self._cells)
            cells = [""] * width
            for column, text in self._cells.items():
                cells[column - 1] = text
            self.rows.append((self._row_number, cells))
            if len(self.rows) > self.max_rows + 1:
                raise Refused(self.too_many_rows())  # type: ignore[arg-type]
        self._cells = {}


def read_first_sheet(
    data: bytes,
    name: str,
    max_rows: int,
    too_many_rows: Callable[[], Exception],
) -> tuple[list[tuple[int, Sequence[str]]], list[tuple[int, int]]]:
    """Rows (row number, cell texts) of the first worksheet, blank rows left out, and the
    (row, column) of formula cells that have no saved value. Raises WorkbookError; raises
    `too_many_rows()` past max_rows data rows."""
    archive = xlsx_parts.open_archive(data, name)
    parts = xlsx_parts.locate_parts(archive, name)
    styles = _Styles()
    if parts.styles is not None:
        xlsx_parts.parse_part(archive, parts.styles, styles.start, styles.end, None, name)
    strings = _shared_strings(archive, parts.shared_strings, name)
    epoch = _EPOCH_1904 if parts.date1904 else _EPOCH_1900
    sheet = _Sheet(name, strings, styles, epoch, max_rows, too_many_rows)
    xlsx_parts.parse_part(archive, parts.sheet, sheet.start, sheet.end, sheet.text, name)
    return sheet.rows, sheet.formula_cells
