"""A small Dataset that follows atlas/schema.py exactly, for unit tests of the pure functions.

Three trainings in 2018, 2020 and 2021; participants in Jawa Timur, Kepulauan Riau and Jawa Barat,
one ambiguous ("Bandung") and one unresolved ("Kuala Lumpur") row.
"""

from __future__ import annotations

import pandas as pd

from atlas.schema import Dataset, TableReport

TRAINING_ROWS = [
    # training_id, title, start, end, venue, venue_code, venue_name, goals, targets
    (
        "2018-12-diplomasi-kota",
        "Pelatihan Diplomasi Kota",
        "2018-12-18",
        "2018-12-19",
        "Jakarta",
        "31",
        "DKI Jakarta",
        (17,),
        ("17.17",),
    ),
    (
        "2020-03-air",
        "Air Bersih Kota",
        "2020-03-10",
        "2020-03-10",
        "Solo",
        "33.72",
        "Kota Surakarta",
        (6, 11),
        ("6.1", "11.3"),
    ),
    ("2021-07-iklim", "Aksi Iklim Daerah", "2021-07-01", "2021-07-02", "", None, None, (13,), ()),
]

# training_id, institution, region, status, code, name, type, province_code, province_name,
# delegates
PARTICIPANT_ROWS = [
    (
        "2018-12-diplomasi-kota",
        "Pemkot Surabaya",
        "Kota Surabaya",
        "resolved",
        "35.78",
        "Kota Surabaya",
        "kota",
        "35",
        "Jawa Timur",
        2,
    ),
    (
        "2018-12-diplomasi-kota",
        "Pemkot Batam",
        "Kota Batam",
        "resolved",
        "21.71",
        "Kota Batam",
        "kota",
        "21",
        "Kepulauan Riau",
        1,
    ),
    (
        "2018-12-diplomasi-kota",
        "Pemprov Jabar",
        "Provinsi Jawa Barat",
        "resolved",
        "32",
        "Jawa Barat",
        "provinsi",
        "32",
        "Jawa Barat",
        3,
    ),
    (
        "2018-12-diplomasi-kota",
        "Bappeda Bandung",
        "Bandung",
        "ambiguous",
        None,
        None,
        None,
        None,
        None,
        1,
    ),
    (
        "2020-03-air",
        "Pemkot Surabaya",
        "Surabaya",
        "resolved",
        "35.78",
        "Kota Surabaya",
        "kota",
        "35",
        "Jawa Timur",
        1,
    ),
    (
        "2020-03-air",
        "Pemkab Bandung",
        "Kab. Bandung",
        "resolved",
        "32.04",
        "Kabupaten Bandung",
        "kabupaten",
        "32",
        "Jawa Barat",
        2,
    ),
    (
        "2020-03-air",
        "City of Kuala Lumpur",
        "Kuala Lumpur",
        "unresolved",
        None,
        None,
        None,
        None,
        None,
        1,
    ),
    (
        "2021-07-iklim",
        "Pemkab Malang",
        "Kab Malang",
        "resolved",
        "35.07",
        "Kabupaten Malang",
        "kabupaten",
        "35",
        "Jawa Timur",
        4,
    ),
]

# A tiny gazetteer: 3 provinces, 4 kota, 3 kabupaten (denominators come from it).
REGION_ROWS = [
    ("21", "Kepulauan Riau", "provinsi", "21"),
    ("32", "Jawa Barat", "provinsi", "32"),
    ("35", "Jawa Timur", "provinsi", "35"),
    ("21.71", "Kota Batam", "kota", "21"),
    ("32.73", "Kota Bandung", "kota", "32"),
    ("35.78", "Kota Surabaya", "kota", "35"),
    ("35.73", "Kota Malang", "kota", "35"),
    ("32.04", "Kabupaten Bandung", "kabupaten", "32"),
    ("35.07", "Kabupaten Malang", "kabupaten", "35"),
    ("21.01", "Kabupaten Karimun", "kabupaten", "21"),
]


def make_trainings() -> pd.DataFrame:
    rows = []
    for line, (tid, title, start, end, venue, vcode, vname, goals, targets) in enumerate(
        TRAINING_ROWS, start=2
    ):
        rows.append(
            {
                "training_id": tid,
                "title": title,
                "start_date": pd.Timestamp(start),
                "end_date": pd.Timestamp(end),
                "venue": venue,
                "organizer": "UCLG ASPAC",
                "partners": "Apeksi",
                "theme": "",
                "method": "",
                "sdg_goals": goals,
                "sdg_targets": targets,
                "source_url": "",
                "line": line,
                "venue_code": vcode,
                "venue_name": vname,
            }
        )
    frame = pd.DataFrame(rows)
    frame["year"] = frame["start_date"].dt.year.astype("int64")
    return frame


def make_participants(trainings: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for line, row in enumerate(PARTICIPANT_ROWS, start=2):
        tid, inst, region, status, code, name, rtype, pcode, pname, delegates = row
        rows.append(
            {
                "training_id": tid,
                "institution": inst,
                "region": region,
                "province": "",
                "level": "",
                "name": "",
                "gender": "",
                "position": "",
                "email": "",
                "phone": "",
                "delegates": delegates,
                "line": line,
                "region_status": status,
                "region_code": code,
                "region_name": name,
                "region_type": rtype,
                "province_code": pcode,
                "province_name": pname,
                "region_method": "exact" if status == "resolved" else None,
                "region_candidates": ("Kota Bandung", "Kabupaten Bandung")
                if status == "ambiguous"
                else (),
                "lat": None,
                "lon": None,
            }
        )
    frame = pd.DataFrame(rows)
    joined = trainings[
        ["training_id", "title", "start_date", "end_date", "year", "sdg_goals", "sdg_targets"]
    ]
    return frame.merge(joined, on="training_id", how="left")


def make_regions() -> pd.DataFrame:
    frame = pd.DataFrame(REGION_ROWS, columns=["code", "name", "type", "province_code"])
    names = dict(zip(frame["code"], frame["name"], strict=True))
    frame["province_name"] = frame["province_code"].map(names)
    frame["lat"] = 0.0
    frame["lon"] = 0.0
    return frame


def make_dataset() -> Dataset:
    trainings = make_trainings()
    participants = make_participants(trainings)
    return Dataset(
        trainings=trainings,
        participants=participants,
        trainings_report=TableReport(rows=3, accepted=3),
        participants_report=TableReport(rows=len(participants), accepted=len(participants)),
    )
