"""atlas.validation: every row accepted or rejected with line, column and a plain reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from atlas.dates import DateProblem, date_range, parse_date
from atlas.loading import read_table
from atlas.schema import LEVELS, LINE, TableReport
from atlas.validation import MissingColumnsError, validate_participants, validate_trainings
from tests import hostile_workbooks

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def table(text: str, name: str = "t.csv") -> pd.DataFrame:
    return read_table(text.encode("utf-8"), name)


def fixture(name: str) -> pd.DataFrame:
    return read_table((FIXTURES / name).read_bytes(), name)


def assert_counts_add_up(accepted: pd.DataFrame, report: TableReport, rows: int) -> None:
    assert report.rows == rows
    assert report.accepted == len(accepted)
    assert report.rows == report.accepted + len(report.rejected)
    assert len({r.line for r in report.rejected}) == len(report.rejected)


def rejected_by_line(report: TableReport) -> dict[int, tuple[str | None, str | None, str]]:
    return {r.line: (r.column, r.code, r.reason) for r in report.rejected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-12-18", dt.date(2018, 12, 18)),
        ("2018-12-18 00:00:00", dt.date(2018, 12, 18)),
        ("2018-12-18 09:30:00", dt.date(2018, 12, 18)),
        ("2018-12-18T09:30", dt.date(2018, 12, 18)),
        ("18/12/2018", dt.date(2018, 12, 18)),
        ("18-12-2018", dt.date(2018, 12, 18)),
        ("18.12.2018", dt.date(2018, 12, 18)),
        ("5/1/2019", dt.date(2019, 1, 5)),
        ("18/12/18", dt.date(2018, 12, 18)),
        ("18 Desember 2018", dt.date(2018, 12, 18)),
        ("18 desember 2018", dt.date(2018, 12, 18)),
        ("18 Des 2018", dt.date(2018, 12, 18)),
        ("18-Des-2018", dt.date(2018, 12, 18)),
        ("5 Agu 2019", dt.date(2019, 8, 5)),
        ("5 Agt 2019", dt.date(2019, 8, 5)),
        ("5 Agustus 2019", dt.date(2019, 8, 5)),
        ("1 Okt 2020", dt.date(2020, 10, 1)),
        ("1 Mei 2020", dt.date(2020, 5, 1)),
        ("3 Pebruari 2021", dt.date(2021, 2, 3)),
        ("18 December 2018", dt.date(2018, 12, 18)),
        ("18 Dec. 2018", dt.date(2018, 12, 18)),
        ("December 18, 2018", dt.date(2018, 12, 18)),
        ("Selasa, 18 Desember 2018", dt.date(2018, 12, 18)),
    ],
)
def test_parse_date_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("31/02/2018", "impossible_date"),
        ("2018-02-30", "impossible_date"),
        ("12/18/2018", "impossible_date"),  # month-first: month 18 does not exist
        ("18 Desembre 2018", "bad_date"),
        ("besok pagi", "bad_date"),
        ("18-19 Desember 2018", "bad_date"),
        ("43452", "bad_date"),
    ],
)
def test_parse_date_problems(text: str, code: str) -> None:
    with pytest.raises(DateProblem) as caught:
        parse_date(text)
    assert caught.value.code == code
    assert text in caught.value.reason


def test_bundled_training_is_accepted_with_typed_columns() -> None:
    raw = read_table((REPO_DATA / "trainings.csv").read_bytes(), "trainings.csv")
    accepted, report = validate_trainings(raw)
    assert_counts_add_up(accepted, report, 1)
    row = accepted.iloc[0]
    assert row["training_id"] == "2018-12-diplomasi-kota"
    assert row["start_date"] == pd.Timestamp("2018-12-18")
    assert row["end_date"] == pd.Timestamp("2018-12-19")
    assert str(accepted["start_date"].dtype) == "datetime64[ns]"
    assert row["sdg_goals"] == (17,)
    assert row["sdg_targets"] == ("17.17",)
    assert row["source_url"] == ""


def test_training_checks_each_give_a_reason_naming_the_line() -> None:
    accepted, report = validate_trainings(fixture("bad_dates_trainings.csv"))
    assert_counts_add_up(accepted, report, 7)
    assert accepted["training_id"].tolist() == ["t-ok", "t-agu"]
    rejected = rejected_by_line(report)
    assert rejected[3][:2] == ("start_date", "impossible_date")
    assert "31/02/2018" in rejected[3][2]
    assert rejected[4][:2] == ("start_date", "bad_date")
    assert rejected[5][:2] == ("end_date", "end_before_start")
    assert rejected[6][:2] == ("training_id", "duplicate_id")
    assert "line 2" in rejected[6][2]
    assert rejected[7][:2] == ("sdg_goals", "bad_goal")
    assert "SDG 18" in rejected[7][2] and "17.20" in rejected[7][2]  # both problems listed
    agu = accepted.set_index("training_id").loc["t-agu"]
    assert agu["start_date"] == pd.Timestamp("2019-08-05")
    assert agu["end_date"] == pd.Timestamp("2019-08-06")
    assert agu["sdg_goals"] == (11,)


def test_target_adds_its_goal_and_end_defaults_to_start() -> None:
    raw = table(
        "training_id,title,start_date,sdg_goals,sdg_targets\nt,T,2020-01-02,17,11.3;17.17\n"
    )
    accepted, report = validate_trainings(raw)
    assert report.rejected == []
    assert accepted.loc[0, "sdg_goals"] == (11, 17)
    assert accepted.loc[0, "end_date"] == pd.Timestamp("2020-01-02")


def test_required_training_fields_blank() -> None:
    raw = table("training_id,title,start_date\n,Tanpa id,2020-01-01\nt2,,\n")
    accepted, report = validate_trainings(raw)
    assert_counts_add_up(accepted, report, 2)
    rejected = rejected_by_line(report)
    assert rejected[2][:2] == ("training_id", "required")
    assert rejected[3][0] == "title"
    assert "start_date is empty" in rejected[3][2]


def test_missing_required_column_refuses_the_file() -> None:
    with pytest.raises(MissingColumnsError) as caught:
        validate_participants(fixture("missing_region_participants.csv"), None)
    assert caught.value.missing == ("region",)
    assert "region" in caught.value.message
    assert "institution" in caught.value.message  # the columns found are listed
    with pytest.raises(MissingColumnsError) as caught:
        validate_trainings(table("training_id,judul\nt,T\n"))
    assert caught.value.missing == ("start_date",)


def test_header_only_file_validates_to_zero_rows() -> None:
    accepted, report = validate_participants(fixture("header_only_participants.csv"), {"x"})
    assert_counts_add_up(accepted, report, 0)
    assert "delegates" in accepted.columns


def test_participant_checks() -> None:
    raw = table(
        "training_id,institution,region,level,delegates\n"
        "t,Pemkot Surabaya,Kota Surabaya,kota,3\n"  # 2 ok
        "t,Pemkab Bandung,Kab. Bandung,Kab,3.0\n"  # 3 ok: synonym level, 3.0 delegates
        "x,Pemkot Batam,Kota Batam,,\n"  # 4 unknown training
        "t,Pemkot Jambi,Kota Jambi,,0\n"  # 5 zero delegates
        "t,Pemkot Jambi,Kota Jambi,,2.5\n"  # 6 fraction
        "t,Pemkot Jambi,Kota Jambi,,1.000\n"  # 7 thousands separator or decimal? refused
        "t,Pemkot Jambi,Kota Jambi,desa,\n"  # 8 bad level
        "t,,,,\n"  # 9 institution and region blank
        "t,Pemprov Jabar,Jawa Barat,PROVINSI,\n"  # 10 ok, case-insensitive level
    )
    accepted, report = validate_participants(raw, {"t"})
    assert_counts_add_up(accepted, report, 9)
    assert accepted["line"].tolist() == [2, 3, 10]
    assert accepted["delegates"].tolist() == [3, 3, 1]
    assert accepted["level"].tolist() == ["kota", "kabupaten", "provinsi"]
    assert str(accepted["delegates"].dtype) == "int64"
    rejected = rejected_by_line(report)
    assert rejected[4][:2] == ("training_id", "unknown_training")
    assert '"x"' not in rejected[4][2]  # public reason: no participants value
    assert '"x"' in next(r.detailed_reason for r in report.rejected if r.line == 4)
    for line in (5, 6, 7):
        assert rejected[line][:2] == ("delegates", "bad_delegates")
    assert rejected[8][:2] == ("level", "bad_level")
    assert rejected[9][0] == "institution"
    assert "region is empty" in rejected[9][2]


def test_participants_without_known_trainings_skip_that_check() -> None:
    raw = table("training_id,institution,region\nanything,Pemkot Batam,Kota Batam\n")
    accepted, report = validate_participants(raw, None)
    assert report.rejected == []
    assert len(accepted) == 1


@pytest.mark.parametrize(
    ("name", "rows", "accepted_rows", "rejected_lines"),
    [
        ("bom_semicolon_participants.csv", 2, 2, []),
        ("tab_participants.tsv", 2, 2, []),
        ("multiline_crlf_participants.csv", 3, 2, [5]),
        ("extra_cells_participants.csv", 2, 1, [2]),
        ("header_only_participants.csv", 0, 0, []),
    ],
)
def test_participant_fixtures_counts_add_up(
    name: str, rows: int, accepted_rows: int, rejected_lines: list[int]
) -> None:
    accepted, report = validate_participants(fixture(name), {"2018-12-diplomasi-kota"})
    assert_counts_add_up(accepted, report, rows)
    assert report.accepted == accepted_rows
    assert [r.line for r in report.rejected] == rejected_lines


def test_cp1252_training_fixture_accepted() -> None:
    accepted, report = validate_trainings(fixture("cp1252_trainings.csv"))
    assert report.rejected == []
    assert accepted.loc[0, "end_date"] == pd.Timestamp("2018-12-19")
    assert accepted.loc[0, "sdg_goals"] == (17,)


def test_hostile_text_is_kept_verbatim() -> None:
    payload = "<script>alert(1)</script> ${x} `y` \\ =SUM(A1)"
    raw = table(f'training_id,institution,region\nt,"{payload}","<img src=x onerror=alert(1)>"\n')
    accepted, report = validate_participants(raw, {"t"})
    assert report.rejected == []
    assert accepted.loc[0, "institution"] == payload


def test_long_values_are_shortened_in_reasons() -> None:
    raw = table("training_id,institution,region\n" + "x" * 500 + ",Pemkot,Kota Batam\n")
    _, report = validate_participants(raw, {"t"})
    assert len(report.rejected[0].reason) < 200


PERSONAL_VALUES = (
    "Budi",
    "M.Si.",
    "budi.santoso@example.org",
    "+62 811",
    "Ibu Rina Wati",
    "+62 812",
    "Kepala Bagian",
    "Kota Surabaya",
)


def test_public_reasons_never_quote_shifted_personal_cells() -> None:
    """An unquoted comma in a name shifts phone into delegates, and a position into level: the
    public reason names the column and the problem; only `detail` quotes the value."""
    accepted, report = validate_participants(
        fixture("shifted_personal_participants.csv"), {"2018-12-diplomasi-kota"}
    )
    assert_counts_add_up(accepted, report, 4)
    assert accepted["line"].tolist() == [5]
    by_line = {r.line: r for r in report.rejected}
    assert (by_line[2].column, by_line[2].code) == ("delegates", "bad_delegates")
    assert by_line[2].reason == (
        "delegates is not a whole number of 1 or more; level is not one of kota, kabupaten, "
        "provinsi; the row has more cells than the header has columns; a comma or semicolon "
        "inside a value needs quotes"
    )
    assert (by_line[3].column, by_line[3].code) == ("delegates", "bad_delegates")
    assert (by_line[4].column, by_line[4].code) == ("level", "bad_level")
    assert by_line[4].reason == "level is not one of kota, kabupaten, provinsi"
    for rejection in report.rejected:
        for value in PERSONAL_VALUES:
            assert value not in rejection.reason, (rejection.line, value)
    assert '"+62 811 2345 678"' in by_line[2].detailed_reason
    assert '("kota")' in by_line[2].detailed_reason  # the extra cell, quoted in the detail
    assert '"Ibu Rina Wati"' in by_line[3].detailed_reason
    assert '"Kepala Bagian Kerja Sama"' in by_line[4].detailed_reason


def test_training_reasons_still_quote_the_training_columns() -> None:
    _, report = validate_trainings(fixture("bad_dates_trainings.csv"))
    rejected = rejected_by_line(report)
    assert "31/02/2018" in rejected[3][2]  # trainings hold no personal data


LAST_YEAR = dt.date.today().year + 6


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("18/12/0218", "outside the accepted years 1990–"),
        ("0001-01-01", "outside the accepted years"),
        ("1500-06-01", "outside the accepted years"),
        ("2263-01-01", "outside the accepted years"),
        ("9999-12-31", "outside the accepted years"),
        ("1 Januari 1989", "outside the accepted years"),
        ("01/01/99", "(a two-digit year is read as 2099)"),
        ("18/12/69", "(a two-digit year is read as 2069)"),
    ],
)
def test_dates_outside_the_plausible_years_are_rejected(text: str, shown: str) -> None:
    with pytest.raises(DateProblem) as caught:
        parse_date(text)
    assert caught.value.code == "date_out_of_range"
    assert shown in caught.value.reason
    assert f"1990–{LAST_YEAR}" in caught.value.reason


def test_the_range_ends_next_year_plus_five() -> None:
    assert parse_date(f"31/12/{LAST_YEAR}") == dt.date(LAST_YEAR, 12, 31)
    assert parse_date("1 Januari 1990") == dt.date(1990, 1, 1)
    with pytest.raises(DateProblem):
        parse_date(f"01/01/{LAST_YEAR + 1}")
    assert date_range(dt.date(2025, 6, 1)) == (1990, 2031)


def test_out_of_range_dates_reject_their_rows_and_the_rest_loads() -> None:
    accepted, report = validate_trainings(fixture("out_of_range_dates_trainings.csv"))
    assert_counts_add_up(accepted, report, 11)
    assert accepted["training_id"].tolist() == ["t-ok", "t-agu"]
    rejected = rejected_by_line(report)
    assert {line: rejected[line][:2] for line in range(3, 12)} == {
        **{line: ("start_date", "date_out_of_range") for line in (3, 4, 5, 6, 7, 8, 9, 11)},
        10: ("end_date", "date_out_of_range"),
    }
    assert rejected[10][:2] == ("end_date", "date_out_of_range")
    assert "05/08/2919" in rejected[10][2]
    assert rejected[11][:2] == ("start_date", "date_out_of_range")
    assert str(accepted["start_date"].dtype) == "datetime64[ns]"


def test_excel_date_cells_outside_the_years_are_rows_rejected_not_a_failed_file() -> None:
    header = "".join(
        hostile_workbooks.inline(f"{c}1", h)
        for c, h in zip("ABC", ("training_id", "title", "start_date"), strict=True)
    )
    rows = [header]
    for number, serial in enumerate(("43452", "1", "-5", "2958465", "99999999"), start=2):
        rows.append(
            hostile_workbooks.inline(f"A{number}", f"t{number}")
            + hostile_workbooks.inline(f"B{number}", "Pelatihan")
            + f'<c r="C{number}" s="1"><v>{serial}</v></c>'
        )
    data = hostile_workbooks.workbook(hostile_workbooks.sheet(rows))
    raw = read_table(data, "trainings.xlsx")
    assert raw["start_date"].tolist() == [
        "2018-12-18",
        "1900-01-01",
        "1899-12-25",
        "9999-12-31",
        "99999999",
    ]
    accepted, report = validate_trainings(raw)
    assert_counts_add_up(accepted, report, 5)
    assert accepted["training_id"].tolist() == ["t2"]
    assert [r.code for r in report.rejected] == [
        "date_out_of_range",
        "date_out_of_range",
        "date_out_of_range",
        "bad_date",
    ]


@pytest.mark.parametrize("name", ["truncated_participants.csv", "truncated_quote_participants.csv"])
def test_a_file_cut_in_its_last_row_rejects_that_row(name: str) -> None:
    accepted, report = validate_participants(fixture(name), {"2018-12-diplomasi-kota"})
    assert_counts_add_up(accepted, report, 2)
    assert accepted["line"].tolist() == [2]
    (rejection,) = report.rejected
    assert (rejection.line, rejection.column, rejection.code) == (3, None, "truncated_row")
    assert "the file may have been cut short" in rejection.reason


def test_a_complete_last_row_without_a_final_line_break_is_fine() -> None:
    accepted, report = validate_participants(
        fixture("no_final_newline_participants.csv"), {"2018-12-diplomasi-kota"}
    )
    assert report.rejected == []
    assert accepted["delegates"].tolist() == [3, 2]


def test_a_formula_without_a_saved_value_is_not_called_empty() -> None:
    header = "".join(
        hostile_workbooks.inline(f"{c}1", h)
        for c, h in zip("ABC", ("training_id", "institution", "region"), strict=True)
    )
    row = (
        hostile_workbooks.inline("A2", "t")
        + hostile_workbooks.inline("B2", "Pemkot Batam")
        + '<c r="C2"><f>VLOOKUP(B2,Kode!A:B,2,FALSE)</f></c>'
    )
    raw = read_table(hostile_workbooks.workbook(hostile_workbooks.sheet([header, row])), "p.xlsx")
    _, report = validate_participants(raw, {"t"})
    (rejection,) = report.rejected
    assert (rejection.column, rejection.code) == ("region", "formula_no_value")
    assert "region is a formula without a saved value" in rejection.reason
    assert "is empty" not in rejection.reason


def test_cleaned_headers_are_a_note_of_the_report() -> None:
    raw = table("training\u200b_id,institution,region\nt,Pemkot Batam,Kota Batam\n")
    accepted, report = validate_participants(raw, {"t"})
    assert len(accepted) == 1
    (note,) = report.notes
    assert (note.code, note.values) == ("cleaned_headers", ("training_id",))
    assert note.text == (
        "invisible characters (zero-width or non-breaking spaces) were removed from the header "
        '"training_id"'
    )


def test_lines_read_as_windows_1252_are_a_note_of_the_report() -> None:
    _, report = validate_participants(
        fixture("utf8_one_cp1252_line_participants.csv"), {"2018-12-diplomasi-kota"}
    )
    assert report.rejected == []
    (note,) = report.notes
    assert (note.code, note.values) == ("recoded_lines", ("3",))
    assert note.text == (
        "the file is UTF-8 but text line 3 is not: read as Windows-1252; check its accented letters"
    )


# The accepted frames' contract (atlas.schema), as pandera asserted it at run time before:
# the row checks above are what enforce it, so it is asserted here, on clean and messy files.
CONTRACT_TRAINING_FILES = ["bad_dates_trainings.csv", "cp1252_trainings.csv"]
CONTRACT_PARTICIPANT_FILES = [
    "bom_semicolon_participants.csv",
    "extra_cells_participants.csv",
    "multiline_crlf_participants.csv",
    "shifted_personal_participants.csv",
    "tab_participants.tsv",
]


@pytest.mark.parametrize("name", CONTRACT_TRAINING_FILES)
def test_accepted_trainings_keep_the_contract(name: str) -> None:
    accepted, _ = validate_trainings(fixture(name))
    assert len(accepted) > 0
    assert accepted["training_id"].map(lambda v: isinstance(v, str) and v != "").all()
    assert accepted["training_id"].is_unique
    assert accepted["title"].map(lambda v: isinstance(v, str) and v != "").all()
    for column in ("start_date", "end_date"):
        assert accepted[column].dtype.kind == "M" and accepted[column].notna().all()
    assert (accepted["end_date"] >= accepted["start_date"]).all()
    assert accepted[LINE].dtype == "int64" and (accepted[LINE] >= 2).all()


@pytest.mark.parametrize("name", CONTRACT_PARTICIPANT_FILES)
def test_accepted_participants_keep_the_contract(name: str) -> None:
    accepted, _ = validate_participants(fixture(name))
    assert len(accepted) > 0
    for column in ("training_id", "institution", "region"):
        assert accepted[column].map(lambda v: isinstance(v, str) and v != "").all(), column
    assert set(accepted["level"]) <= {"", *LEVELS}
    assert accepted["delegates"].dtype == "int64" and (accepted["delegates"] >= 1).all()
    assert accepted[LINE].dtype == "int64" and (accepted[LINE] >= 2).all()


def test_month_names_are_cldrs_and_the_colloquial_spellings() -> None:
    from babel.dates import get_month_names

    from atlas.dates import COLLOQUIAL_MONTHS, MONTHS

    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                assert MONTHS[name.lower()] == number
    for spelling, number in COLLOQUIAL_MONTHS.items():
        assert parse_date(f"18 {spelling} 2018").month == number
    assert parse_date("18 Pebruari 2018") == dt.date(2018, 2, 18)
    assert parse_date("3 Nopember 2018") == dt.date(2018, 11, 3)
