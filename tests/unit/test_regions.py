"""Resolver tests: every method, hints, ambiguity, unresolved input, the 2018 article, a corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from atlas import schema
from atlas.gazetteer import Gazetteer, load_gazetteer
from atlas.participant_regions import FUZZY_SKIPPED, resolve_participants
from atlas.resolver import resolve_region, resolve_venue
from tests.article_2018 import ARTICLE_GOVERNMENTS

CORPUS = Path(__file__).with_name("region_corpus.csv")
DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer(DATA_DIR)


@pytest.mark.parametrize(("text", "code", "name"), ARTICLE_GOVERNMENTS)
def test_article_governments_resolve_to_official_codes(gazetteer, text, code, name):
    institution = "Pemerintah " + text
    match = resolve_region(gazetteer, text, institution=institution)
    assert (match.status, match.code, match.name) == ("resolved", code, name)


def test_bundled_participants_all_resolve(gazetteer):
    participants = pd.read_csv(DATA_DIR / "participants.csv", dtype=str, keep_default_na=False)
    resolved = resolve_participants(participants, gazetteer)
    assert list(resolved[schema.REGION_STATUS]) == ["resolved"] * len(participants)
    assert sorted(resolved[schema.REGION_CODE]) == sorted(
        code for _, code, _ in ARTICLE_GOVERNMENTS
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("35.78", "35.78"), ("3578", "35.78"), ("35", "35"), (" 32.04 ", "32.04"), ("35 78", "35.78")],
)
def test_code_method(gazetteer, text, code):
    match = resolve_region(gazetteer, text)
    assert (match.status, match.code, match.method) == ("resolved", code, "code")


@pytest.mark.parametrize("text", ["99.99", "3599", "2018", "00", "1"])
def test_codes_that_do_not_exist_are_unresolved(gazetteer, text):
    assert resolve_region(gazetteer, text).status == "unresolved"


def test_exact_method_fills_every_field(gazetteer):
    match = resolve_region(gazetteer, "Kota Surabaya")
    assert match == schema.RegionMatch(
        status="resolved",
        code="35.78",
        name="Kota Surabaya",
        type="kota",
        province_code="35",
        province_name="Jawa Timur",
        method="exact",
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [("Solo", "33.72"), ("Ujung Pandang", "73.71"), ("DKI", "31"), ("Jabar", "32"),
     ("Kota Lampung", "18.71"), ("Irian Jaya Barat", "92"), ("Kota Jogja", "34.71")],
)  # fmt: skip
def test_alias_method(gazetteer, text, code):
    match = resolve_region(gazetteer, text)
    assert (match.status, match.code, match.method) == ("resolved", code, "alias")


@pytest.mark.parametrize(
    "text",
    ["Kab. Bandung", "Kab Bandung", "KAB.BANDUNG", "Kabupaten  Bandung", "Pemkab Bandung",
     "Pemerintah Kabupaten Bandung", "Kabupaten Bandung, Jawa Barat"],
)  # fmt: skip
def test_prefix_forms_of_a_kabupaten(gazetteer, text):
    assert resolve_region(gazetteer, text).code == "32.04"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Kota Adm. Jakarta Selatan", "31.74"), ("Kota Administrasi Jakarta Selatan", "31.74"),
     ("Kotamadya Medan", "12.71"), ("Pemkot Medan", "12.71"), ("Pemprov Bali", "51"),
     ("Prov. Bali", "51"), ("Provinsi Bali", "51"), ("Pemerintah Provinsi Bali", "51")],
)  # fmt: skip
def test_other_prefix_forms(gazetteer, text, code):
    assert resolve_region(gazetteer, text).code == code


@pytest.mark.parametrize("text", ["Bau-Bau", "bau bau", "BAUBAU", "Kota Bau - Bau", "Baubau."])
def test_case_spacing_and_punctuation(gazetteer, text):
    assert resolve_region(gazetteer, text).code == "74.72"


def test_fuzzy_method_for_typos_reports_score(gazetteer):
    match = resolve_region(gazetteer, "Surabya")
    assert (match.status, match.code, match.method) == ("resolved", "35.78", "fuzzy")
    assert match.score is not None and 85 <= match.score < 100


@pytest.mark.parametrize("text", ["Sabah", "Bangkok", "Dili", "Tokyo", "Kuala Lumpur"])
def test_fuzzy_does_not_turn_foreign_places_into_regions(gazetteer, text):
    assert resolve_region(gazetteer, text).status == "unresolved"


def test_fuzzy_typo_of_an_ambiguous_name_stays_ambiguous(gazetteer):
    match = resolve_region(gazetteer, "Bandng")
    assert match.status == "ambiguous"
    assert match.candidates == ("Kabupaten Bandung", "Kota Bandung")


@pytest.mark.parametrize(
    ("text", "candidates"),
    [("Bandung", ("Kabupaten Bandung", "Kota Bandung")),
     ("Bogor", ("Kabupaten Bogor", "Kota Bogor")),
     ("Malang", ("Kabupaten Malang", "Kota Malang")),
     ("Jambi", ("Jambi", "Kota Jambi")),
     ("Gorontalo", ("Gorontalo", "Kabupaten Gorontalo", "Kota Gorontalo")),
     ("Jogja", ("DI Yogyakarta", "Kota Yogyakarta"))],
)  # fmt: skip
def test_ambiguous_names_list_official_candidates(gazetteer, text, candidates):
    match = resolve_region(gazetteer, text)
    assert (match.status, match.code, match.candidates) == ("ambiguous", None, candidates)


def test_kota_jakarta_lists_the_five_administrative_cities(gazetteer):
    match = resolve_region(gazetteer, "Kota Jakarta")
    assert match.status == "ambiguous"
    assert len(match.candidates) == 5
    assert all(name.startswith("Kota Administrasi Jakarta") for name in match.candidates)


def test_level_hint(gazetteer):
    assert resolve_region(gazetteer, "Bandung", level="kota").code == "32.73"
    assert resolve_region(gazetteer, "Bandung", level="Kabupaten").code == "32.04"
    assert resolve_region(gazetteer, "Jambi", level="provinsi").code == "15"


def test_level_in_text_beats_level_hint(gazetteer):
    assert resolve_region(gazetteer, "Kota Bandung", level="kabupaten").code == "32.73"


def test_institution_hint(gazetteer):
    assert resolve_region(gazetteer, "Bandung", institution="Pemkab Bandung").code == "32.04"
    assert resolve_region(gazetteer, "Bogor", institution="Pemkot").code == "32.71"
    dinas = "Dinas Pendidikan Kota Bandung"
    assert resolve_region(gazetteer, "Bandung", institution=dinas).code == "32.73"
    bappeda = "Bappeda Provinsi Jambi"
    assert resolve_region(gazetteer, "Jambi", institution=bappeda).code == "15"


def test_institution_about_another_place_does_not_decide(gazetteer):
    match = resolve_region(gazetteer, "Bandung", institution="Bappeda Provinsi Jawa Barat")
    assert match.status == "ambiguous"


def test_blank_region_falls_back_to_institution(gazetteer):
    assert resolve_region(gazetteer, "", institution="Pemerintah Kota Batam").code == "21.71"


def test_province_hint_narrows_and_accepts_pre_2022_province(gazetteer):
    assert resolve_region(gazetteer, "Sorong", province="Papua Barat Daya", level="kota").code == (
        "96.71"
    )
    assert resolve_region(gazetteer, "Merauke", province="Papua").code == "93.01"
    assert resolve_region(gazetteer, "Kota Surabaya", province="Jatim").code == "35.78"
    assert resolve_region(gazetteer, "Kota Surabaya", province="35").code == "35.78"


def test_province_hint_alone_does_not_pick_kota_or_kabupaten(gazetteer):
    assert resolve_region(gazetteer, "Bandung", province="Jawa Barat").status == "ambiguous"


@pytest.mark.parametrize("text", ["", "   ", "-", "n/a", "???", "Kota", "Pemerintah Kota", None])
def test_junk_is_unresolved(gazetteer, text):
    match = resolve_region(gazetteer, text)
    assert match == schema.RegionMatch(status="unresolved")


def test_resolve_venue(gazetteer):
    assert resolve_venue(gazetteer, "Jakarta").code == "31"
    assert resolve_venue(gazetteer, "Kota Surabaya").code == "35.78"
    assert resolve_venue(gazetteer, "Kuala Lumpur").status == "unresolved"


def _load_corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_corpus_has_no_wrong_answers(gazetteer):
    rows = _load_corpus()
    assert len(rows) >= 150
    # Outcome figures: right = resolved to the expected code; wrong = resolved to any other
    # code (or resolved where no region should be found), the worst outcome.
    tally = {"right": 0, "ambiguous": 0, "unresolved": 0, "wrong": 0}
    failures = []
    for row in rows:
        match = resolve_region(
            gazetteer,
            row["input"],
            province=row["province"],
            level=row["level"],
            institution=row["institution"],
        )
        expected = (row["expected_status"], row["expected_code"] or None)
        got = (match.status, match.code)
        if match.status == "resolved":
            tally["right" if got == expected else "wrong"] += 1
        else:
            tally[match.status] += 1
        if got != expected:
            failures.append(f"{row['input']!r}: expected {expected}, got {got}")
    expected_resolved = sum(row["expected_status"] == "resolved" for row in rows)
    print(f"region corpus of {len(rows)}: {tally}; expected resolved: {expected_resolved}")
    assert tally["wrong"] == 0, failures
    assert tally["right"] == expected_resolved, failures
    assert failures == []


def test_resolve_participants_adds_schema_columns(gazetteer):
    frame = pd.DataFrame(
        {
            "region": ["Kota Surabaya", "Bandung", "Tokyo", "Bandung"],
            "province": ["", "", "", ""],
            "level": ["", "", "", "kota"],
            "institution": ["", "", "", ""],
            "delegates": [1, 2, 3, 4],
        }
    )
    out = resolve_participants(frame, gazetteer)
    assert list(frame.columns) == ["region", "province", "level", "institution", "delegates"]
    assert list(out[schema.REGION_STATUS]) == ["resolved", "ambiguous", "unresolved", "resolved"]
    assert list(out[schema.REGION_CODE]) == ["35.78", None, None, "32.73"]
    assert out[schema.REGION_NAME].iloc[0] == "Kota Surabaya"
    assert out[schema.REGION_TYPE].iloc[0] == "kota"
    assert out[schema.PROVINCE_CODE].iloc[0] == "35"
    assert out[schema.PROVINCE_NAME].iloc[0] == "Jawa Timur"
    assert out[schema.REGION_METHOD].iloc[0] == "exact"
    assert out[schema.REGION_CANDIDATES].iloc[1] == ("Kabupaten Bandung", "Kota Bandung")
    assert out[schema.REGION_LAT].iloc[0] == pytest.approx(-7.25, abs=0.1)
    assert out[schema.REGION_LON].iloc[0] == pytest.approx(112.75, abs=0.1)
    assert out[schema.REGION_LAT].isna().tolist() == [False, True, True, False]
    assert list(out["delegates"]) == [1, 2, 3, 4]


def test_resolve_participants_without_hint_columns(gazetteer):
    out = resolve_participants(pd.DataFrame({"region": ["Solo", None]}), gazetteer)
    assert list(out[schema.REGION_STATUS]) == ["resolved", "unresolved"]


def test_resolve_participants_resolves_each_distinct_text_once(gazetteer, monkeypatch):
    import atlas.resolver as resolver

    calls = []
    original = resolver.Resolver.resolve

    def counting(self, text, province, level, institution):
        calls.append((text, institution.level, institution.name))
        return original(self, text, province, level, institution)

    monkeypatch.setattr(resolver.Resolver, "resolve", counting)
    frame = pd.DataFrame(
        {
            "region": ["Kota Batam", "Bandung", "Kota Batam", "Bandung", "Bandung"] * 40,
            "institution": [
                "Dinas A Kota Batam",
                "Forum Warga",
                "Dinas B Kota Batam",
                "Pemkab Bandung",
                "Dinas Kesehatan Kabupaten Bandung",
            ]
            * 40,
        }
    )
    out = resolve_participants(frame, gazetteer)
    # "Kota Batam" decides by itself; bare "Bandung" is ambiguous, so the one distinct
    # government named beside it ("kabupaten bandung", written two ways) is tried once more.
    assert sorted(calls) == [
        ("Bandung", "", ""),
        ("Bandung", "kabupaten", "bandung"),
        ("Kota Batam", "", ""),
    ]
    assert list(out[schema.REGION_CODE][:5]) == ["21.71", None, "21.71", "32.04", "32.04"]
    assert list(out[schema.REGION_STATUS][:5]) == [
        "resolved", "ambiguous", "resolved", "resolved", "resolved"
    ]  # fmt: skip


def test_resolve_participants_agrees_with_resolve_region_row_by_row(gazetteer):
    # The frame path shares work between rows; every row must still get what resolving that
    # row alone gives, whatever mix of level, province and institution hints it carries.
    corpus = _load_corpus()
    institutions = ["", "Pemkab", "Pemprov Jawa Tengah", "Pemerintah Kota Surabaya",
                    "Pemkab Surabaya", "Bappeda Provinsi Jawa Barat", "Forum Warga"]  # fmt: skip
    rows = [
        (row["input"], row["province"], level, institution or row["institution"])
        for row in corpus
        for level in ("", "kota")
        for institution in institutions
    ]
    frame = pd.DataFrame(rows, columns=["region", "province", "level", "institution"])
    out = resolve_participants(frame, gazetteer)
    expected = [
        resolve_region(gazetteer, r, province=p, level=lv, institution=i) for r, p, lv, i in rows
    ]
    assert list(out[schema.REGION_STATUS]) == [m.status for m in expected]
    assert list(out[schema.REGION_CODE]) == [m.code for m in expected]
    assert list(out[schema.REGION_CANDIDATES]) == [m.candidates for m in expected]


def test_typo_search_stops_after_its_limit_of_distinct_names(gazetteer):
    frame = pd.DataFrame({"region": ["Surabya", "Surabya", "Smarang", "Kota Mlang", "Kota Batam"]})
    out = resolve_participants(frame, gazetteer, fuzzy_limit=2)
    assert list(out[schema.REGION_CODE]) == ["35.78", "35.78", None, None, "21.71"]
    assert list(out[schema.REGION_METHOD]) == ["fuzzy", "fuzzy", None, None, "exact"]
    # Smarang (Semarang: kota or kabupaten) used the second search; Kota Mlang found none left.
    assert out.attrs[FUZZY_SKIPPED] == 1
    unlimited = resolve_participants(frame, gazetteer)
    assert unlimited[schema.REGION_CODE].iloc[3] == "35.73"
    assert unlimited.attrs[FUZZY_SKIPPED] == 0


def test_typo_search_limit_holds_for_many_distinct_junk_names(gazetteer):
    junk = [f"zq{index:06d}xw" for index in range(3_000)]
    out = resolve_participants(pd.DataFrame({"region": junk}), gazetteer, fuzzy_limit=1_000)
    assert (out[schema.REGION_STATUS] == "unresolved").all()
    assert out.attrs[FUZZY_SKIPPED] == 2_000


def test_institution_rescues_a_region_text_beyond_repair(gazetteer):
    match = resolve_region(gazetteer, "Kota epok", institution="Pemerintah Kota Depok")
    assert (match.status, match.code) == ("resolved", "32.76")
    foreign = resolve_region(gazetteer, "Tokyo", institution="Pemerintah Kota Tokyo")
    assert foreign.status == "unresolved"


def test_contradicting_province_hint_does_not_erase_candidates(gazetteer):
    assert resolve_region(gazetteer, "Surabaya", province="Jawa Tengah").code == "35.78"
    assert resolve_region(gazetteer, "Bandung", province="Aceh").status == "ambiguous"
    # ... but the typo search never leaves the hinted province.
    assert resolve_region(gazetteer, "Surabya", province="Jawa Tengah").status == "unresolved"
