"""CSV/XLSX exports: encoding, formula neutralisation, numbers kept as numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from atlas.export import neutralise_text, to_csv_bytes, to_xlsx_bytes

FORMULAS = [
    "=1+1",
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    '=HYPERLINK("http://x","klik")',
    "-1)*cmd|' /C calc'!A0",
]


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "institution": ["Pemerintah Kota Batam", *FORMULAS],
            "delegates": [3, -5, 0, 12, -1, 7, 1, 2, 4, 5],
            "score": [1.5, -2.25, 0.0, 3.0, -0.5, 1.0, 2.0, 3.0, 4.0, 5.0],
            "sdg_goals": [(11, 17)] + [()] * 9,
            "start_date": pd.to_datetime(["2018-12-18"] * 10),
        }
    )


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM expected"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_neutralise_text_prefixes_formula_triggers(formula: str):
    assert neutralise_text(formula) == "'" + formula


@pytest.mark.parametrize("number", ["-5", "+3", "-1.25", "2e3", "-.5"])
def test_bare_numbers_in_text_are_kept(number: str):
    assert neutralise_text(number) == number


@pytest.mark.parametrize("text", ["Kota Batam", "Bau-Bau", "a=b", "", "'quoted"])
def test_ordinary_text_is_untouched(text: str):
    assert neutralise_text(text) == text


def test_csv_has_bom_neutralised_text_and_real_numbers():
    rows = read_csv(to_csv_bytes(sample_frame()))
    header, body = rows[0], rows[1:]
    assert header == ["institution", "delegates", "score", "sdg_goals", "start_date"]
    assert body[0] == ["Pemerintah Kota Batam", "3", "1.5", "11; 17", "2018-12-18"]
    for row, formula in zip(body[1:], FORMULAS, strict=True):
        assert row[0] == "'" + formula
    # negative numbers of numeric columns stay plain numbers
    assert [row[1] for row in body[1:5]] == ["-5", "0", "12", "-1"]
    assert body[1][2] == "-2.25"


def test_csv_keeps_unicode_and_missing_values():
    frame = pd.DataFrame({"title": ["Café «Diplomasi»", None], "delegates": [1, None]})
    rows = read_csv(to_csv_bytes(frame))
    assert rows[1][0] == "Café «Diplomasi»"
    assert rows[2] == ["", ""]


def test_csv_headers_are_neutralised_too():
    rows = read_csv(to_csv_bytes(pd.DataFrame({"=cmd": ["x"]})))
    assert rows[0] == ["'=cmd"]


def test_xlsx_text_cells_are_strings_never_formulas():
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(sample_frame(), "peserta")))
    sheet = workbook["peserta"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("institution", "delegates", "score", "sdg_goals", "start_date")
    assert values[1][:4] == ("Pemerintah Kota Batam", 3, 1.5, "11; 17")
    for row_index, formula in enumerate(FORMULAS, start=3):
        cell = sheet.cell(row=row_index, column=1)
        assert cell.data_type == "s"
        # XML line-end normalisation turns a stored CR into LF; the prefix is what matters
        assert cell.value == ("'" + formula).replace("\r", "\n")
    # numbers stay numeric, negatives included
    assert sheet.cell(row=2 + 1, column=2).value == -5
    assert sheet.cell(row=2 + 1, column=2).data_type == "n"
    assert sheet.cell(row=2 + 1, column=3).value == -2.25
    assert sheet.cell(row=2, column=5).value.date().isoformat() == "2018-12-18"


def test_xlsx_has_no_formula_cells_even_for_raw_equals_text():
    frame = pd.DataFrame({"text": ["=1+1", "plain"]})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    for row in workbook.active.iter_rows():
        for cell in row:
            assert cell.data_type != "f"


def test_xlsx_drops_control_characters_xml_cannot_hold():
    frame = pd.DataFrame({"text": ["a\x00b\x07c"]})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    assert workbook.active.cell(row=2, column=1).value == "abc"


def test_exports_of_an_empty_frame_keep_the_header():
    frame = pd.DataFrame({"institution": pd.Series([], dtype=object)})
    assert read_csv(to_csv_bytes(frame)) == [["institution"]]
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    assert list(workbook.active.iter_rows(values_only=True)) == [("institution",)]


def test_xlsx_neutralises_a_formula_hidden_behind_control_characters():
    # Removing XML-illegal characters must not leave a bare "=..." behind.
    frame = pd.DataFrame({"text": ['\x01=HYPERLINK("http://example.invalid")']})
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    cell = workbook.active.cell(row=2, column=1)
    assert cell.value == '\'=HYPERLINK("http://example.invalid")'
    assert cell.data_type == "s"


# --- workbooks that say what they hold, and round trips through the app's own loader ------


def about():
    import datetime as dt

    from atlas.export import ExportAbout

    return ExportAbout(
        sheet_name="Tentang",
        lines=(("Dataset", "Data bawaan"), ("Versi data", "3"), ("Saringan", "Jawa Timur")),
        generated_label="Dibuat pada",
        rows_label="Baris: {table}",
        generated_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
    )


def test_workbook_has_a_sheet_per_table_and_an_about_sheet():
    import datetime as dt

    from atlas.export import workbook_bytes

    frame = sample_frame()
    data = workbook_bytes({"Pelatihan": frame.head(3), "Peserta": frame}, about())
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Pelatihan", "Peserta", "Tentang"]
    sheet = workbook["Peserta"]
    assert sheet.freeze_panes == "A2"
    assert [cell.font.b for cell in sheet[1]] == [True] * 5
    assert not sheet["A2"].font.b
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    cells = ["Pemerintah Kota Batam", *("'" + formula for formula in FORMULAS)]
    assert widths["A"] == max(len(cell) for cell in cells) + 2  # the longest cell fits
    assert widths["E"] == len("start_date") + 2
    assert all(8 <= width <= 60 for width in widths.values())
    start = sheet["E2"]
    assert start.is_date and start.value == dt.datetime(2018, 12, 18)
    assert sheet["B3"].value == -5 and sheet["B3"].data_type == "n"
    assert sheet["C3"].value == -2.25
    assert sheet["A3"].value == "'=1+1" and sheet["A3"].data_type == "s"
    rows = list(workbook["Tentang"].iter_rows(values_only=True))
    assert rows == [
        ("Dataset", "Data bawaan"),
        ("Versi data", "3"),
        ("Saringan", "Jawa Timur"),
        ("Dibuat pada", dt.datetime(2026, 12, 1, 9, 30)),
        ("Baris: Pelatihan", 3),
        ("Baris: Peserta", 10),
    ]
    assert workbook["Tentang"]["A1"].font.b


def test_about_text_is_neutralised_too():
    from atlas.export import ExportAbout, to_xlsx_bytes

    data = to_xlsx_bytes(
        pd.DataFrame({"a": [1]}), about=ExportAbout(lines=(("Saringan", "=cmd|x"),))
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["About"]
    assert sheet["B1"].value == "'=cmd|x" and sheet["B1"].data_type == "s"


def _roundtrip_frames(dataset):
    from atlas import tables

    return tables.trainings_export(dataset.trainings), tables.participants_export(
        dataset.participants
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("source", ["bundled", "demo"])
def test_exports_round_trip_through_the_loader(kind, source):
    from atlas import dataset as dataset_module
    from atlas.export import to_xlsx_bytes

    gazetteer = dataset_module.default_gazetteer()
    original = (
        dataset_module.load_demo(gazetteer)
        if source == "demo"
        else dataset_module.load_folder(dataset_module.REPO_DATA_DIR, gazetteer)
    )
    trainings, participants = _roundtrip_frames(original)
    write = to_csv_bytes if kind == "csv" else (lambda f: to_xlsx_bytes(f, about=about()))
    again = dataset_module.build_dataset(
        write(trainings),
        f"trainings.{kind}",
        write(participants),
        f"participants.{kind}",
        gazetteer,
    )
    assert again.trainings_report.rejected == [] and again.participants_report.rejected == []
    pd.testing.assert_frame_equal(_roundtrip_frames(again)[0], trainings)
    pd.testing.assert_frame_equal(_roundtrip_frames(again)[1], participants)
