"""pandas' C parser (the fast path of atlas.loading) reads a CSV exactly as the careful
csv-module reader does — same rows, cells, lines, extra cells and reports — or declines and
leaves it to the careful reader. Checked on the repository's CSV files and on a few hundred
generated files with the features organizers' files have: title rows, blank and
whitespace-only rows, quoted cells with delimiters, quotes and line breaks, short rows, extra
cells, trailing empty header cells, invisible characters in headers, several delimiters."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from atlas import csv_reading, loading, tabular

REPO = Path(__file__).resolve().parents[2]


def careful(text: str, delimiter: str) -> pd.DataFrame:
    rows, cut = csv_reading._csv_rows(text, delimiter, "f.csv", loading.DEFAULT_MAX_ROWS)
    return tabular.rows_to_frame(rows, "f.csv", cut)


def assert_same(fast: pd.DataFrame, reference: pd.DataFrame) -> None:
    assert list(fast.columns) == list(reference.columns)
    assert list(fast.dtypes) == list(reference.dtypes)
    pd.testing.assert_frame_equal(fast, reference)
    assert fast.attrs == reference.attrs


def repo_csv_texts() -> list[tuple[Path, str]]:
    """The repository's CSV files that are text (binary ones are refused before any reader)."""
    texts = []
    for folder in ("data", "tests"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix.lower() not in loading.CSV_EXTENSIONS or not path.is_file():
                continue
            try:
                texts.append((path, csv_reading._decode(path.read_bytes(), path.name)[0]))
            except loading.UnreadableFileError:
                continue
    return texts


@pytest.mark.parametrize(
    ("path", "text"), repo_csv_texts(), ids=lambda value: getattr(value, "name", "")
)
def test_repository_csv_files_read_the_same_by_both_readers(path, text):
    delimiter = csv_reading._header_delimiter(text)
    fast = csv_reading._csv_frame_fast(text, delimiter, path.name, loading.DEFAULT_MAX_ROWS)
    if fast is None:
        return  # declined: the careful reader alone reads it
    assert_same(fast, careful(text, delimiter))


HEADERS = ["training_id", "Nama", "Instansi", "Kab/Kota", "Provinsi", "Jumlah", "\u200bemail", ""]
CELLS = [
    "",
    " ",
    "Kota Surabaya",
    "Kab. Bandung, Jawa Barat",
    'Dinas "PU"',
    "a\nb",
    "  x  ",
    "35.10",
]


def quoted(cell: str, delimiter: str) -> str:
    if any(ch in cell for ch in (delimiter, '"', "\n", "\r")) or random.random() < 0.1:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def generated_file(rng: random.Random) -> tuple[str, str]:
    delimiter = rng.choice([",", ";", "\t", "|"])
    newline = rng.choice(["\n", "\r\n"])
    width = rng.randint(2, 7)
    header = rng.sample(HEADERS, k=min(width, len(HEADERS)))
    lines = []
    for _ in range(rng.randint(0, 2)):
        lines.append(rng.choice(["Daftar Peserta 2018", "", " "]))
    lines.append(delimiter.join(quoted(h, delimiter) for h in header))
    for _ in range(rng.randint(0, 25)):
        kind = rng.random()
        if kind < 0.1:
            lines.append(rng.choice(["", "   ", delimiter * (width - 1)]))
            continue
        count = width if kind < 0.75 else rng.randint(1, width + 2)
        cells = [rng.choice(CELLS) for _ in range(count)]
        lines.append(delimiter.join(quoted(c, delimiter) for c in cells))
    return newline.join(lines) + newline, delimiter


def test_generated_files_read_the_same_by_both_readers():
    rng = random.Random(20181218)
    random.seed(20181218)
    compared = 0
    for _ in range(400):
        text, _ = generated_file(rng)
        delimiter = csv_reading._header_delimiter(text)
        try:
            reference = careful(text, delimiter)
        except loading.UnreadableFileError:
            # the careful reader refuses it: the fast path must not accept it either
            assert csv_reading._csv_frame_fast(text, delimiter, "f.csv", 10**6) is None
            continue
        fast = csv_reading._csv_frame_fast(text, delimiter, "f.csv", loading.DEFAULT_MAX_ROWS)
        if fast is not None:
            assert_same(fast, reference)
            compared += 1
    # most generated files have no row longer than the header: the fast path reads them
    assert compared >= 150


def test_the_fast_path_declines_what_needs_the_careful_reader():
    ok = "training_id,title\nT1,Diplomasi\n"
    assert csv_reading._csv_frame_fast(ok, ",", "f.csv", 10) is not None
    assert csv_reading._csv_frame_fast(ok.rstrip("\n"), ",", "f.csv", 10) is None  # maybe cut
    extra = "training_id,title\nT1,Diplomasi,+62 811\n"
    assert csv_reading._csv_frame_fast(extra, ",", "f.csv", 10) is None  # extra cells
    unclosed = 'training_id,title\nT1,"Diplomasi\nT2,Kota\n'
    assert csv_reading._csv_frame_fast(unclosed, ",", "f.csv", 10) is None
    many = "training_id,title\n" + "T,x\n" * 5
    assert csv_reading._csv_frame_fast(many, ",", "f.csv", 3) is None
    long_cell = "training_id,title\nT1," + "x" * (loading.MAX_CELL_CHARS + 1) + "\n"
    assert csv_reading._csv_frame_fast(long_cell, ",", "f.csv", 10) is None


def test_read_table_gives_line_numbers_of_the_spreadsheet_on_the_fast_path():
    text = 'Daftar Peserta\n\ntraining_id,title\nT1,"two\nlines"\n\nT2,Kota\n'
    frame = loading.read_table(text.encode(), "p.csv")
    assert frame["training_id"].tolist() == ["T1", "T2"]
    assert frame[loading.LINE].tolist() == [4, 6]  # the multi-line cell is one row
    assert frame.attrs["blank_lines"] == [5]
    assert frame.attrs["preamble_lines"] == [1]
    assert frame.attrs["header_line"] == 3
