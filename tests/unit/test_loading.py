"""atlas.loading: files as organizers produce them, and files that are not tables at all."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook

from atlas import workbook, xlsx_parts
from atlas.loading import EXTRA_CELLS, UnreadableFileError, canonical_header, read_table
from tests import hostile_workbooks

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def read_fixture(name: str):
    return read_table((FIXTURES / name).read_bytes(), name)


def xlsx_bytes(rows: list[list[object]], number_formats: dict[str, str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cell_ref, number_format in (number_formats or {}).items():
        sheet[cell_ref].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("header", "canonical"),
    [
        ("training_id", "training_id"),
        ("Training ID", "training_id"),
        ("ID Pelatihan", "training_id"),
        ("id-pelatihan", "training_id"),
        ("\ufeffInstansi", "institution"),
        ("  Tanggal  Mulai ", "start_date"),
        ("JUMLAH PESERTA", "delegates"),
        ("Kab/Kota", "region"),
        ("No. HP", "phone"),
        ("E-mail", "email"),
        ("Catatan Lain", "catatan_lain"),
    ],
)
def test_canonical_header(header: str, canonical: str) -> None:
    assert canonical_header(header) == canonical


def test_bundled_participants_read_with_line_numbers() -> None:
    repo_data = Path(__file__).resolve().parents[2] / "data"
    frame = read_table((repo_data / "participants.csv").read_bytes(), "participants.csv")
    assert len(frame) == 11
    assert frame["line"].tolist() == list(range(2, 13))
    assert frame.loc[0, "region"] == "Kota Lampung"
    assert frame.loc[0, "delegates"] == ""


def test_cp1252_semicolons_crlf_and_indonesian_headers() -> None:
    frame = read_fixture("cp1252_trainings.csv")
    assert list(frame.columns) == [
        "training_id",
        "title",
        "start_date",
        "end_date",
        "venue",
        "method",
        "sdg_goals",
        "sdg_targets",
        "line",
    ]
    row = frame.iloc[0]
    assert row["title"] == "Pelatihan Diplomasi Kota – Jakarta"
    assert row["method"] == "world café’"
    assert row["start_date"] == "18 Desember 2018"
    assert row["line"] == 2


def test_utf8_bom_and_semicolons() -> None:
    frame = read_fixture("bom_semicolon_participants.csv")
    assert frame.columns[0] == "training_id"
    assert set(frame.columns) >= {"institution", "region", "province", "level", "delegates"}
    assert frame["delegates"].tolist() == ["3", "2,0"]
    assert frame["line"].tolist() == [2, 3]


def test_tab_delimited_keeps_commas_inside_values() -> None:
    frame = read_fixture("tab_participants.tsv")
    assert frame["institution"].tolist() == ["Pemerintah Kota Batam, Kepri", "Pemkot Jambi"]
    assert frame["delegates"].tolist() == ["1", ""]


def test_quoted_multiline_cell_is_one_spreadsheet_row() -> None:
    frame = read_fixture("multiline_crlf_participants.csv")
    # Three records; the blank row between them is skipped but keeps its number, as in Excel.
    assert len(frame) == 3
    assert frame.loc[0, "institution"] == "Pemerintah Kota Surakarta\r\n(Bagian Kerja Sama)"
    assert frame.loc[1, "institution"] == 'Bappeda "Kota" Batam'
    assert frame["line"].tolist() == [2, 4, 5]
    assert frame.attrs["blank_lines"] == [3]


def test_header_only_gives_zero_rows_with_columns() -> None:
    frame = read_fixture("header_only_participants.csv")
    assert len(frame) == 0
    assert {"training_id", "institution", "region", "line"} <= set(frame.columns)


def test_extra_cells_are_kept_for_validation() -> None:
    frame = read_fixture("extra_cells_participants.csv")
    assert frame[EXTRA_CELLS].tolist() == ["Kota Batam", ""]
    assert frame.loc[0, "region"] == "Kepri"


def test_second_column_with_same_meaning_is_not_merged() -> None:
    frame = read_table(b"region,kota,institution\nKota Batam,Batam,Pemkot\n", "p.csv")
    assert frame.loc[0, "region"] == "Kota Batam"
    assert frame.loc[0, "kota"] == "Batam"


@pytest.mark.parametrize(
    ("fixture", "code", "words"),
    [
        ("binary.csv", "binary", "not a text file"),
        ("empty.csv", "empty", "is empty"),
        ("blank_lines_only.csv", "empty", "is empty"),
        ("no_header_participants.csv", "no_header", "no header row"),
        ("unclosed_quote_participants.csv", "unclosed_quote", "never closed"),
    ],
)
def test_unreadable_fixtures_give_plain_errors(fixture: str, code: str, words: str) -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_fixture(fixture)
    assert caught.value.code == code
    assert words in caught.value.message
    assert fixture in caught.value.message


def test_unknown_extension_and_old_excel_and_fake_xlsx() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_table(b"training_id\nx\n", "data.pdf")
    assert caught.value.code == "unknown_extension"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "data.xls")
    assert caught.value.code == "old_excel"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(b"training_id,title\nx,y\n", "data.xlsx")
    assert caught.value.code == "bad_xlsx"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(b"PK\x03\x04 this is not really a zip", "data.xlsx")
    assert caught.value.code == "bad_xlsx"


def test_size_and_row_caps() -> None:
    data = b"training_id,institution,region\n" + b"t,Pemkot,Kota Batam\n" * 50
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, "p.csv", max_bytes=100)
    assert caught.value.code == "too_large"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, "p.csv", max_rows=10)
    assert caught.value.code == "too_many_rows"
    assert len(read_table(data, "p.csv", max_rows=50)) == 50


def test_utf16_export_is_read() -> None:
    text = "training_id\tinstitution\tregion\r\nt\tPemkot Surabaya\tKota Surabaya\r\n"
    frame = read_table(text.encode("utf-16"), "p.txt")
    assert frame.loc[0, "region"] == "Kota Surabaya"


def test_xlsx_dates_codes_and_numbers_stay_as_written() -> None:
    data = xlsx_bytes(
        [
            ["ID Pelatihan", "Judul", "Tanggal Mulai", "Daerah", "Kode", "Jumlah Peserta"],
            ["t1", "Pelatihan", dt.datetime(2018, 12, 18), "Kota Surabaya", 35.78, 3],
            [None, None, None, None, None, None],
            ["t2", "Lanjutan", dt.date(2019, 1, 5), "Kabupaten Banyuwangi", 35.10, 2.0],
        ],
        number_formats={"E4": "0.00"},
    )
    frame = read_table(data, "trainings.xlsx")
    assert frame["start_date"].tolist() == ["2018-12-18", "2019-01-05"]
    assert frame["kode"].tolist() == ["35.78", "35.10"]
    assert frame["delegates"].tolist() == ["3", "2"]
    assert frame["line"].tolist() == [2, 4]


def test_xlsx_renamed_to_csv_is_read_as_workbook() -> None:
    data = xlsx_bytes([["training_id", "institution", "region"], ["t", "Pemkot", "Kota Batam"]])
    frame = read_table(data, "participants.csv")
    assert frame.loc[0, "region"] == "Kota Batam"


def test_xlsx_with_only_blank_sheet_is_empty() -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_table(xlsx_bytes([]), "p.xlsx")
    assert caught.value.code == "empty"


def test_title_rows_above_the_header_are_not_data() -> None:
    text = (
        "Daftar Peserta Pelatihan Diplomasi Kota 2018\r\n"
        "\r\n"
        "ID Pelatihan;Instansi;Daerah;Jumlah Peserta\r\n"
        "t;Pemerintah Kota Batam, Kepri;Kota Batam;2\r\n"
    )
    frame = read_table(text.encode("cp1252"), "peserta.csv")
    assert list(frame.columns) == ["training_id", "institution", "region", "delegates", "line"]
    assert frame.loc[0, "institution"] == "Pemerintah Kota Batam, Kepri"
    assert frame["line"].tolist() == [4]
    assert frame.attrs["preamble_lines"] == [1]
    assert frame.attrs["header_line"] == 3


def test_data_row_with_a_column_word_is_not_taken_for_a_header() -> None:
    # "kota" is an alias of region, but one known word in a data row is not a header.
    with pytest.raises(UnreadableFileError) as caught:
        read_table(b"t,Pemkot Batam,Batam,kota,2\nt,Pemkot Jambi,Jambi,kota,1\n", "p.csv")
    assert caught.value.code == "no_header"
    assert "Pemkot Batam" in caught.value.message


def test_single_column_header_is_a_header() -> None:
    frame = read_table(b"region\nKota Batam\n", "p.csv")
    assert frame["region"].tolist() == ["Kota Batam"]


def test_oversized_field_is_a_clear_error() -> None:
    data = b"training_id,institution,region\nt," + b"x" * 200_000 + b",Kota Batam\n"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, "p.csv")
    assert caught.value.code == "cell_too_long"
    assert "line 2" in caught.value.message


def test_closed_multiline_quote_at_end_of_file_is_fine() -> None:
    frame = read_table(b'training_id,institution,region\r\nt,"a\r\nb",c', "p.csv")
    assert frame.loc[0, "institution"] == "a\r\nb"
    stray = read_table(b'training_id,institution,region\nt,Pemkot "Batam" x,Kota Batam\n', "p.csv")
    assert stray.loc[0, "institution"] == 'Pemkot "Batam" x'


# --- Hostile workbooks (issue: decompression bombs, XML attacks, limits) -------------------


def _refused(data: bytes, name: str = "bom.xlsx") -> UnreadableFileError:
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, name)
    return caught.value


def test_shared_string_bomb_is_refused_before_any_xml_is_parsed(monkeypatch) -> None:
    data = hostile_workbooks.shared_string_bomb(101 * 1024 * 1024)
    assert len(data) < 1_000_000  # a small file that unpacks past the limit
    monkeypatch.setattr(
        xlsx_parts, "parse_part", lambda *a, **k: pytest.fail("parsed XML before measuring the zip")
    )
    error = _refused(data)
    assert error.code == "too_large_unpacked"
    assert "the limit for a workbook is 100 MB unpacked" in error.message
    assert "bom.xlsx" in error.message


def test_wide_numeric_sheet_bomb_is_refused_by_its_unpacked_size() -> None:
    data = hostile_workbooks.wide_sheet_bomb(400, 20_000, declare=False)
    error = _refused(data)
    assert error.code == "too_large_unpacked"


def test_declared_dimension_past_the_cell_limit_is_refused_before_the_rows(monkeypatch) -> None:
    sheet = hostile_workbooks.sheet(
        [hostile_workbooks.HEADER_ROW, hostile_workbooks.DATA_ROW],
        dimension=f"A1:{hostile_workbooks.column_letters(20_000)}14000",
    )
    data = hostile_workbooks.workbook(sheet, hostile_workbooks.shared_strings(["t"]))
    error = _refused(data)
    assert error.code == "too_many_cells"
    assert "14,000 rows × 20,000 columns" in error.message
    assert "the limit is 6,000,000 cells" in error.message


def test_undeclared_wide_row_is_refused_at_the_first_cell_past_the_column_limit() -> None:
    error = _refused(hostile_workbooks.wide_sheet_bomb(3, 20_000, declare=False))
    assert error.code == "too_many_columns"
    assert "the limit is 256 columns" in error.message


def test_cells_are_counted_while_reading_when_no_dimension_is_declared(monkeypatch) -> None:
    monkeypatch.setattr(workbook, "MAX_CELLS", 1_000)
    error = _refused(hostile_workbooks.wide_sheet_bomb(100, 20, declare=False))
    assert error.code == "too_many_cells"


def test_declared_rows_past_the_row_limit_are_refused() -> None:
    sheet = hostile_workbooks.sheet([hostile_workbooks.HEADER_ROW], dimension="A1:C900000")
    error = _refused(hostile_workbooks.workbook(sheet))
    assert error.code == "too_many_rows"
    assert "500,000" in error.message


@pytest.mark.parametrize("where", ["shared", "inline"])
def test_a_cell_longer_than_excel_allows_is_refused(where: str) -> None:
    long_text = "x" * 40_000
    if where == "shared":
        strings = hostile_workbooks.shared_strings(["t", long_text])
        row = '<c r="A2" t="s"><v>1</v></c>'
    else:
        strings = None
        row = hostile_workbooks.inline("A2", long_text)
    data = hostile_workbooks.workbook(
        hostile_workbooks.sheet([hostile_workbooks.HEADER_ROW, row]), strings
    )
    error = _refused(data)
    assert error.code == "cell_too_long"
    assert "longer than 32,767 characters" in error.message


@pytest.mark.parametrize(
    "strings", [hostile_workbooks.BILLION_LAUGHS, hostile_workbooks.EXTERNAL_ENTITY]
)
def test_xml_entity_attacks_are_the_files_clear_error(strings: str) -> None:
    sheet = hostile_workbooks.sheet([hostile_workbooks.HEADER_ROW, hostile_workbooks.DATA_ROW])
    error = _refused(hostile_workbooks.workbook(sheet, strings))
    assert error.code == "xlsx_dtd"
    assert "declares a document type" in error.message


def test_damaged_xml_inside_a_workbook_is_bad_xlsx() -> None:
    error = _refused(hostile_workbooks.workbook("<worksheet><sheetData><row>"))
    assert error.code == "bad_xlsx"
    assert "damaged part xl/worksheets/sheet1.xml" in error.message


def test_csv_cell_past_the_cell_limit_is_refused() -> None:
    data = b"training_id,institution,region\nt," + b"x" * 40_000 + b",Kota Batam\n"
    error = _refused(data, "p.csv")
    assert error.code == "cell_too_long"
    assert "text line 2" in error.message


def test_workbook_cell_kinds_read_as_shown() -> None:
    """Shared (rich) strings, booleans, built-in and custom date formats, a formula cell without
    its saved value, and a prefixed namespace."""
    strings = (
        '<?xml version="1.0"?><sst><si><t>training_id</t></si>'
        "<si><r><t>Pelatihan </t></r><r><t>Kota</t></r><rPh><t>ignored</t></rPh></si></sst>"
    )
    header = (
        '<c r="A1" t="s"><v>0</v></c>'
        + hostile_workbooks.inline("B1", "title")
        + hostile_workbooks.inline("C1", "start_date")
        + hostile_workbooks.inline("D1", "end_date")
        + hostile_workbooks.inline("E1", "flag")
        + hostile_workbooks.inline("F1", "region")
    )
    row = (
        hostile_workbooks.inline("A2", "t1")
        + '<c r="B2" t="s"><v>1</v></c>'
        + '<c r="C2" s="1"><v>43452</v></c>'
        + '<c r="D2" s="2"><v>43453.5</v></c>'
        + '<c r="E2" t="b"><v>1</v></c>'
        + '<c r="F2"><f>VLOOKUP(A2,X!A:B,2)</f></c>'
    )
    frame = read_table(
        hostile_workbooks.workbook(hostile_workbooks.sheet([header, row]), strings), "t.xlsx"
    )
    assert frame.loc[0, "title"] == "Pelatihan Kota"
    assert frame.loc[0, "start_date"] == "2018-12-18"
    assert frame.loc[0, "end_date"] == "2018-12-19 12:00:00"
    assert frame.loc[0, "flag"] == "TRUE"
    assert frame.loc[0, "region"] == ""
    prefixed = hostile_workbooks.sheet([header, row]).replace("<", "<x:").replace("<x:/", "</x:")
    prefixed = prefixed.replace("<x:?xml", "<?xml").replace(
        "<x:worksheet xmlns=", "<x:worksheet xmlns:x="
    )
    again = read_table(hostile_workbooks.workbook(prefixed, strings), "t.xlsx")
    assert again.loc[0, "start_date"] == "2018-12-18"
    assert again.loc[0, "title"] == "Pelatihan Kota"


def test_1904_workbooks_date_from_1904() -> None:
    row = hostile_workbooks.inline("A2", "t1") + '<c r="B2" s="1"><v>41990</v></c>'
    header = hostile_workbooks.inline("A1", "training_id") + hostile_workbooks.inline(
        "B1", "start_date"
    )
    data = hostile_workbooks.workbook(hostile_workbooks.sheet([header, row]), date1904=True)
    assert read_table(data, "t.xlsx").loc[0, "start_date"] == "2018-12-18"


def test_a_password_protected_xlsx_is_called_so_not_an_old_xls() -> None:
    # Excel wraps an encrypted .xlsx in an OLE container with an EncryptedPackage stream.
    data = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    error = _refused(data, "peserta.xlsx")
    assert error.code == "encrypted"
    assert "password-protected" in error.message
    assert ".xls)" not in error.message


def test_invisible_characters_in_headers_are_removed_and_reported() -> None:
    text = "training\u200b_id,\u00a0institution\u00a0,re\u2060gion\nt,Pemkot Batam,Kota Batam\n"
    frame = read_table(text.encode("utf-8"), "p.csv")
    assert list(frame.columns[:3]) == ["training_id", "institution", "region"]
    assert frame.attrs["cleaned_headers"] == ["training_id", "region"]


def test_formula_cells_without_a_saved_value_are_listed_by_line_and_column() -> None:
    header = "".join(
        hostile_workbooks.inline(f"{c}1", h)
        for c, h in zip("ABC", ("training_id", "institution", "region"), strict=True)
    )
    row = (
        hostile_workbooks.inline("A2", "t")
        + hostile_workbooks.inline("B2", "Pemkot Batam")
        + '<c r="C2"><f>VLOOKUP(B2,Kode!A:B,2,FALSE)</f></c>'
    )
    frame = read_table(hostile_workbooks.workbook(hostile_workbooks.sheet([header, row])), "p.xlsx")
    assert frame.loc[0, "region"] == ""
    assert frame.attrs["formula_cells"] == [(2, "region")]


def test_a_utf8_file_with_one_cp1252_line_is_read_per_line_and_says_which() -> None:
    frame = read_fixture("utf8_one_cp1252_line_participants.csv")
    assert frame.loc[0, "institution"] == "Pemerintah Kota Surabaya — Bagian Kerja Sama"
    assert frame.loc[1, "institution"] == "Dinas Pariwisata Kab. Bandung (café)"
    assert frame.attrs["recoded_lines"] == [3]


def test_a_nul_byte_anywhere_refuses_the_file() -> None:
    data = (FIXTURES / "nul_after_64k_participants.csv").read_bytes()
    assert data.index(b"\x00") > 65536
    error = _refused(data, "nul_after_64k_participants.csv")
    assert error.code == "binary"
    assert "a NUL byte on text line 1402" in error.message


def test_a_data_file_without_read_permission_says_so(tmp_path, monkeypatch) -> None:
    from atlas.loading import read_file_bytes

    path = tmp_path / "participants.csv"
    path.write_bytes(b"training_id,institution,region\n")

    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(UnreadableFileError) as caught:
        read_file_bytes(path, "participants")
    assert (caught.value.code, caught.value.table) == ("no_permission", "participants")
    assert caught.value.message == "participants.csv cannot be read: permission denied."
    assert str(tmp_path) not in caught.value.message


class _HungOpen:
    """Path.open replaced so that opening `target` blocks (like a read on a hung network mount)
    until `release` is set; every other path opens normally."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.release = threading.Event()
        self.entered = threading.Event()
        self._open = Path.open

    def __call__(self, path: Path, *args, **kwargs):
        if path == self.target:
            self.entered.set()
            self.release.wait()
        return self._open(path, *args, **kwargs)


def _reader_threads(name: str) -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if thread.name == f"atlas-read-{name}"}


def test_a_data_file_that_hangs_times_out_and_is_refused_while_it_hangs(tmp_path, monkeypatch):
    from atlas import loading
    from atlas.loading import read_file_bytes

    path = tmp_path / "participants.csv"
    path.write_bytes(b"training_id,institution,region\n")
    hung = _HungOpen(path)
    earlier = _reader_threads("participants.csv")  # other tests' readers, finishing
    monkeypatch.setattr(Path, "open", lambda self, *args, **kwargs: hung(self, *args, **kwargs))
    try:
        with pytest.raises(UnreadableFileError) as caught:
            read_file_bytes(path, "participants", timeout=1.0)
        assert (caught.value.code, caught.value.table) == ("timeout", "participants")
        assert caught.value.message == (
            "participants.csv did not answer within 1 s (a network folder that hangs?); "
            "it is not read."
        )
        assert str(tmp_path) not in caught.value.message
        assert hung.entered.is_set()
        # while the first read still hangs, the next page run is refused at once: no new thread
        with pytest.raises(UnreadableFileError) as again:
            read_file_bytes(path, "participants", timeout=60)
        assert again.value.code == "timeout"
        (reader,) = _reader_threads("participants.csv") - earlier
    finally:
        hung.release.set()
    reader.join(timeout=10)
    # the mount answers again: the file is read
    assert read_file_bytes(path, "participants") == b"training_id,institution,region\n"
    assert path not in loading._HANGING_READS


def test_a_deployment_sets_its_own_size_and_row_limits(monkeypatch, tmp_path: Path) -> None:
    """README "Limits": $ATLAS_MAX_FILE_MB and $ATLAS_MAX_ROWS replace the defaults for the
    data folder, the CLI and the reader; unset, the defaults hold."""
    from atlas.loading import read_file_bytes

    rows = b"t,Pemkot,Kota Batam\n" * 600_000
    data = b"training_id,institution,region\n" + rows  # 12 MB, 600,000 rows
    path = tmp_path / "participants.csv"
    path.write_bytes(data * 3)  # 36 MB: over the default 25 MB
    with pytest.raises(UnreadableFileError) as caught:
        read_file_bytes(path, "participants")
    assert caught.value.code == "too_large"
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, "p.csv")
    assert caught.value.code == "too_many_rows"

    monkeypatch.setenv("ATLAS_MAX_FILE_MB", "40")
    monkeypatch.setenv("ATLAS_MAX_ROWS", "1_000_000")
    assert len(read_file_bytes(path, "participants")) == len(data) * 3
    assert len(read_table(data, "p.csv")) == 600_000

    monkeypatch.setenv("ATLAS_MAX_ROWS", "599999")
    with pytest.raises(UnreadableFileError) as caught:
        read_table(data, "p.csv")
    assert "599,999" in caught.value.message


@pytest.mark.parametrize("value", ["0", "-5", "lots", "2.5"])
def test_a_limit_setting_that_is_not_a_positive_number_is_named(monkeypatch, value) -> None:
    monkeypatch.setenv("ATLAS_MAX_ROWS", value)
    with pytest.raises(ValueError, match="ATLAS_MAX_ROWS must be a whole number above 0"):
        read_table(b"training_id,institution,region\nt,Pemkot,Kota Batam\n", "p.csv")
