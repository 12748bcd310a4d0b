"""`python -m atlas check`, run as a subprocess the way a data manager runs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.article_2018 import ARTICLE_CODES

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
TRAININGS = REPO / "data" / "trainings.csv"
PARTICIPANTS = REPO / "data" / "participants.csv"

REGION_KEYS = {"line", "input", "status", "code", "name", "province_code", "method", "candidates"}


def run_check(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "atlas", "check", *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


def test_bundled_data_json_resolves_all_eleven_governments() -> None:
    result = run_check("--trainings", TRAININGS, "--participants", PARTICIPANTS, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)  # exactly one JSON object, nothing else on stdout
    assert set(document) == {"trainings", "participants"}
    assert document["trainings"] == {"rows": 1, "accepted": 1, "rejected": []}
    participants = document["participants"]
    assert set(participants) == {"rows", "accepted", "rejected", "regions"}
    assert (participants["rows"], participants["accepted"], participants["rejected"]) == (
        11,
        11,
        [],
    )
    regions = participants["regions"]
    assert len(regions) == 11
    assert all(set(entry) == REGION_KEYS for entry in regions)
    assert {entry["input"]: entry["code"] for entry in regions} == ARTICLE_CODES
    assert {entry["status"] for entry in regions} == {"resolved"}
    assert [entry["line"] for entry in regions] == list(range(2, 13))
    surabaya = next(entry for entry in regions if entry["input"] == "Kota Surabaya")
    assert surabaya["name"] == "Kota Surabaya" and surabaya["province_code"] == "35"
    assert surabaya["method"] in {"exact", "alias", "code", "fuzzy"}
    assert result.stderr == ""


def test_bundled_data_text_output() -> None:
    result = run_check("--trainings", TRAININGS, "--participants", PARTICIPANTS)
    assert result.returncode == 0
    assert "participants.csv: 11 rows, 11 accepted, 0 rejected" in result.stdout
    assert "regions: 11 resolved, 0 ambiguous, 0 unresolved" in result.stdout
    assert "line 9: Kota Bau-Bau -> 74.72 Kota Baubau" in result.stdout


def test_demo_data_exits_1_with_rejected_ambiguous_and_unresolved() -> None:
    demo = REPO / "data" / "demo"
    result = run_check(
        "--trainings", demo / "trainings.csv", "--participants", demo / "participants.csv",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1
    participants = json.loads(result.stdout)["participants"]
    assert participants["rows"] == participants["accepted"] + len(participants["rejected"])
    assert len(participants["regions"]) == participants["accepted"]
    statuses = [entry["status"] for entry in participants["regions"]]
    assert statuses.count("ambiguous") == 2 and statuses.count("unresolved") == 1
    bandung = next(e for e in participants["regions"] if e["input"] == "Bandung")
    assert bandung["code"] is None
    assert sorted(bandung["candidates"]) == ["Kabupaten Bandung", "Kota Bandung"]


def test_rejected_rows_give_exit_1_with_line_column_reason() -> None:
    result = run_check("--trainings", FIXTURES / "bad_dates_trainings.csv", "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["participants"] is None
    trainings = document["trainings"]
    assert (trainings["rows"], trainings["accepted"]) == (7, 2)
    first = trainings["rejected"][0]
    assert set(first) == {"line", "column", "reason"}
    assert (first["line"], first["column"]) == (3, "start_date")


def test_participants_alone_says_training_ids_were_not_checked() -> None:
    result = run_check("--participants", PARTICIPANTS)
    assert result.returncode == 0
    assert "training_id not checked" in result.stdout


def test_participants_with_unknown_training_exit_1() -> None:
    result = run_check(
        "--trainings", FIXTURES / "cp1252_trainings.csv",
        "--participants", FIXTURES / "multiline_crlf_participants.csv",
    )  # fmt: skip
    assert result.returncode == 1
    assert "line 5, column delegates" in result.stdout


@pytest.mark.parametrize(
    "fixture",
    [
        "binary.csv",
        "empty.csv",
        "blank_lines_only.csv",
        "no_header_participants.csv",
        "missing_region_participants.csv",
        "unclosed_quote_participants.csv",
        "does_not_exist.csv",
    ],
)
def test_unreadable_participants_exit_2_with_message_and_no_traceback(fixture: str) -> None:
    result = run_check("--participants", FIXTURES / fixture, "--format", "json")
    assert result.returncode == 2
    assert_no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert fixture in result.stderr


def test_unreadable_trainings_exit_2_even_with_good_participants() -> None:
    result = run_check("--trainings", FIXTURES / "binary.csv", "--participants", PARTICIPANTS)
    assert result.returncode == 2
    assert_no_traceback(result)
    assert "binary" in result.stderr


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in ((), ("--format", "yaml", "--participants", PARTICIPANTS), ("--bogus",)):
        result = run_check(*args)
        assert result.returncode == 2
        assert_no_traceback(result)
        assert "usage:" in result.stderr


def test_xlsx_participants(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ID Pelatihan", "Instansi", "Daerah", "Jumlah Peserta"])
    sheet.append(["2018-12-diplomasi-kota", "Pemerintah Kota Surabaya", 35.78, 2])
    sheet.append(["2018-12-diplomasi-kota", "Pemerintah Kota Batam", "Kota Batam", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "peserta.xlsx"
    path.write_bytes(buffer.getvalue())
    result = run_check("--trainings", TRAININGS, "--participants", path, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    regions = json.loads(result.stdout)["participants"]["regions"]
    assert [entry["code"] for entry in regions] == ["35.78", "21.71"]


def test_terminal_escape_sequences_in_cells_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("training_id,institution,region\nt,\x1b[31mRed,\x1b[2JKota X\n", "utf-8")
    result = run_check("--participants", path)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert "\\x1b[2JKota X" in result.stdout


def test_typo_search_limit_is_reported_on_stderr(tmp_path: Path, monkeypatch, capsys) -> None:
    import atlas.cli
    import atlas.typos

    monkeypatch.setattr(atlas.typos, "FUZZY_MAX_NAMES", 1)
    monkeypatch.setattr(atlas.cli, "FUZZY_MAX_NAMES", 1)
    participants = tmp_path / "participants.csv"
    participants.write_text(
        "training_id,institution,region\nt1,Dinas,Surabya\nt1,Dinas,Smarang\nt1,Dinas,Kota Mlang\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    status = atlas.cli.check(None, participants, "json", out)
    assert status == 1
    regions = json.loads(out.getvalue())["participants"]["regions"]
    assert [entry["code"] for entry in regions] == ["35.78", None, None]
    assert capsys.readouterr().err == (
        "warning: 2 distinct region names were not checked for typos (more than 1 in this file "
        "need it); they stay unresolved\n"
    )


def test_out_of_range_dates_are_rejected_rows_not_a_failed_check() -> None:
    result = run_check("--trainings", FIXTURES / "out_of_range_dates_trainings.csv")
    assert_no_traceback(result)
    assert result.returncode == 1, result.stderr
    assert "could not finish" not in result.stderr
    assert "11 rows, 2 accepted, 9 rejected" in result.stdout
    assert (
        'line 3, column start_date: start_date: "18/12/0218" is outside the accepted years 1990–'
        in result.stdout
    )


def test_an_unreadable_file_is_named_with_its_table(tmp_path: Path) -> None:
    trainings = tmp_path / "a.csv"
    trainings.write_text("training_id,title\nt-1,Pelatihan\n", encoding="utf-8")
    participants = tmp_path / "b.csv"
    participants.write_bytes(b"")
    result = run_check("--trainings", trainings, "--participants", PARTICIPANTS)
    assert result.returncode == 2
    assert result.stderr.startswith("error: trainings file: a.csv: The trainings file has no ")
    result = run_check("--trainings", TRAININGS, "--participants", participants)
    assert result.returncode == 2
    assert result.stderr.startswith("error: participants file: b.csv is empty")


def test_terminal_control_sequences_in_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "p\x1b]0;pwned\x07.csv"
    first_line = b"\x1b[2J\x1b]0;retitled\x07,\x1b[31mred\n"
    hostile.write_bytes(first_line + b"Pemerintah Kota Surabaya,Kota Surabaya\n" * 20)
    result = run_check("--participants", hostile)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[2J\\x1b]0;retitled\\x07" in result.stderr  # shown, escaped
    assert "p\\x1b]0;pwned\\x07.csv" in result.stderr


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_a_non_utf8_stdout_gets_the_whole_report(tmp_path: Path, output_format: str) -> None:
    participants = tmp_path / "peserta.csv"
    participants.write_text(
        "training_id,institution,region\n"
        "t,Pemerintah Kota Surabaya,Kota Surabaya\n"
        "t,Mairie de Besançon,Besançon — Prancis\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k != "ATLAS_DATA_DIR"}
    env["PYTHONIOENCODING"] = "ascii"
    result = subprocess.run(
        [sys.executable, "-m", "atlas", "check", "--participants", str(participants)]
        + ["--format", output_format],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    stdout = result.stdout.decode("ascii")
    if output_format == "json":
        document = json.loads(stdout)
        assert document["participants"]["regions"][1]["input"] == "Besançon — Prancis"
    else:
        assert "Besan\\xe7on \\u2014 Prancis -> UNRESOLVED" in stdout
        assert stdout.rstrip().endswith("result: problems found")


def test_a_damaged_gazetteer_says_the_installation_is_broken(monkeypatch, capsys) -> None:
    from atlas import cli

    def damaged() -> None:
        raise ValueError("could not convert string to float: ''")

    monkeypatch.setattr(cli, "default_gazetteer", damaged)
    status = cli.main(["check", "--participants", str(PARTICIPANTS)])
    assert status == 2
    error = capsys.readouterr().err
    assert error.startswith("error: the reference data of this installation (data/regions.csv")
    assert "reinstall those files" in error


def test_a_fifo_or_a_folder_is_refused_with_its_reason(tmp_path: Path) -> None:
    fifo = tmp_path / "participants.csv"
    os.mkfifo(fifo)  # reading it would wait forever for a writer
    result = run_check("--participants", fifo)
    assert result.returncode == 2
    assert "participants.csv is not a regular file (a pipe or device)" in result.stderr
    result = run_check("--participants", tmp_path)
    assert result.returncode == 2
    assert "is a folder, not a file" in result.stderr


def test_an_xml_attack_inside_a_workbook_is_that_files_clear_error(tmp_path: Path) -> None:
    from tests import hostile_workbooks

    sheet = hostile_workbooks.sheet([hostile_workbooks.HEADER_ROW, hostile_workbooks.DATA_ROW])
    bomb = tmp_path / "peserta.xlsx"
    bomb.write_bytes(hostile_workbooks.workbook(sheet, hostile_workbooks.BILLION_LAUGHS))
    result = run_check("--participants", bomb)
    assert_no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: participants file: peserta.xlsx is not a workbook Excel writes: a part declares "
        "a document type"
    )
    assert "could not finish" not in result.stderr
