"""Round trip: publish -> export -> the exported accepted rows equal the input's accepted rows,
value for value (bundled 2018 training, synthetic demo, and a messy file)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas import REPO_DATA_DIR
from atlas.loading import read_table
from atlas.store import service
from atlas.store.records import SourceFile
from atlas.validation import validate_participants, validate_trainings

# cp1252, semicolons, Indonesian headers, a title row, month names, a multi-line quoted cell,
# formula-looking and leading-zero cells, personal fields, and rows that are rejected.
MESSY_TRAININGS = (
    "Daftar Pelatihan 2019\r\n"
    "ID Pelatihan;Judul;Tanggal Mulai;Tanggal Selesai;Tempat;Tujuan SDG;Target SDG;Metode\r\n"
    "m-1;Pelatihan \u201cKota Cerdas\u201d;18 Desember 2019;19 Des 2019;Jakarta;SDG 11, SDG 17;"
    "11.3;world caf\u00e9\r\n"
    'm-2;=HYPERLINK("x");05/03/2020;;Kota Medan;13;;\r\n'
    "m-3;Tanggal Salah;31/02/2020;;;;;\r\n"
).encode("cp1252")
MESSY_PARTICIPANTS = (
    "ID_Pelatihan;Instansi;Daerah;Provinsi;Nama;No HP;Surel;Jabatan;Jenis Kelamin;"
    "Jumlah Peserta\r\n"
    'm-1;"Pemerintah Kota Surakarta\r\n(Bagian Kerja Sama)";Solo;;Siti;0811-222;'
    "siti@example.org;Kepala;P;2\r\n"
    "m-1;Pemkab Bandung;Bandung;Jawa Barat;+62 812;;;;L;1\r\n"
    "m-2;Bappeda;Kota Lampung;;@budi;;;;;3,0\r\n"
    "m-2;City of Kuala Lumpur;Kuala Lumpur;;;;;;;\r\n"
    "m-2;Pemkot Bogor;Kota Bogor;;;;;;;nol\r\n"
    "m-3;Pemkot Malang;Kota Malang;;;;;;;1\r\n"
    "m-1;Pemerintah Provinsi Bali;51;;;;;;;1\r\n"
).encode("cp1252")


def _accepted(trainings: bytes, trainings_name: str, participants: bytes, participants_name: str):
    accepted_trainings, _ = validate_trainings(read_table(trainings, trainings_name))
    accepted_participants, _ = validate_participants(
        read_table(participants, participants_name), set(accepted_trainings["training_id"])
    )
    # Line numbers belong to the file (the export has no rejected or title rows).
    return (
        accepted_trainings.drop(columns="line").reset_index(drop=True),
        accepted_participants.drop(columns="line").reset_index(drop=True),
    )


CASES = {
    "bundled": (REPO_DATA_DIR / "trainings.csv", REPO_DATA_DIR / "participants.csv"),
    "demo": (REPO_DATA_DIR / "demo" / "trainings.csv", REPO_DATA_DIR / "demo" / "participants.csv"),
}


def _files(case: str) -> tuple[SourceFile, SourceFile]:
    if case == "messy":
        return (
            SourceFile("trainings", "pelatihan.csv", MESSY_TRAININGS),
            SourceFile("participants", "peserta.csv", MESSY_PARTICIPANTS),
        )
    trainings, participants = CASES[case]
    return (
        SourceFile("trainings", trainings.name, trainings.read_bytes()),
        SourceFile("participants", participants.name, participants.read_bytes()),
    )


@pytest.mark.parametrize("case", ["bundled", "demo", "messy"])
def test_publish_then_export_gives_back_the_accepted_rows(store, gazetteer, tmp_path: Path, case):
    trainings_file, participants_file = _files(case)
    candidate = service.prepare_against_latest(
        store, trainings_file, participants_file, gazetteer, mode="replace"
    )
    version = store.publish(candidate.content(), author="o", note=case, expected_parent=None)
    written = service.export_version(store, version.number, tmp_path / "out")
    out = tmp_path / "out"
    assert out / "trainings.csv" in written and out / "participants.csv" in written

    expected_trainings, expected_participants = _accepted(
        trainings_file.data, trainings_file.name, participants_file.data, participants_file.name
    )
    exported_trainings, exported_participants = _accepted(
        (out / "trainings.csv").read_bytes(),
        "trainings.csv",
        (out / "participants.csv").read_bytes(),
        "participants.csv",
    )
    pd.testing.assert_frame_equal(exported_trainings, expected_trainings)
    pd.testing.assert_frame_equal(exported_participants, expected_participants)
    assert len(exported_participants) == version.participants
    # the original files come back byte for byte
    originals = sorted((out / "original").iterdir())
    assert [p.read_bytes() for p in originals] == [trainings_file.data, participants_file.data]


def test_messy_file_keeps_its_rejections_and_oddities(store, gazetteer, tmp_path: Path):
    trainings_file, participants_file = _files("messy")
    candidate = service.prepare_against_latest(
        store, trainings_file, participants_file, gazetteer, mode="replace"
    )
    version = store.publish(candidate.content(), author="o", note="", expected_parent=None)
    assert (version.trainings, version.rejected_trainings) == (2, 1)
    # Bogor (delegates "nol") and Malang (training m-3 rejected) are rejected
    assert (version.participants, version.rejected_participants) == (5, 2)
    full = service.full_dataset(store, version.number)
    people = full.participants.set_index("line")
    assert people.loc[2, "institution"] == "Pemerintah Kota Surakarta\r\n(Bagian Kerja Sama)"
    assert people.loc[2, "phone"] == "0811-222"
    assert people.loc[4, "name"] == "@budi"
    assert full.trainings.set_index("training_id").loc["m-2", "title"] == '=HYPERLINK("x")'
