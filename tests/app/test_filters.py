"""The sidebar filters: through the widgets, through links (query parameters), invalid links,
and the empty state. Numbers refer to the tiny dataset in conftest.py."""

from __future__ import annotations

import pytest

from tests.app.conftest import assert_clean, choose, metric_values, table_value, texts

ALL = {"Pelatihan": "2", "Peserta": "8", "Provinsi terjangkau": "3 / 38"}


def _kpis(at) -> dict[str, str]:
    values = metric_values(at)
    return {label: values[label] for label in ALL}


def test_no_filter_shows_everything(tiny_data, open_page):
    at = open_page("overview")
    assert_clean(at)
    assert _kpis(at) == ALL
    assert metric_values(at)["Pemerintah daerah"] == "4"  # Kuala Lumpur is not a government


# filter key, URL value(s), expected trainings / participants / provinces
LINK_CASES = [
    (
        "provinsi",
        "Jawa Barat",
        {"Pelatihan": "2", "Peserta": "2", "Provinsi terjangkau": "1 / 1 dipilih"},
    ),
    (
        "provinsi",
        ["Jawa Timur", "Kepulauan Riau"],
        {"Pelatihan": "2", "Peserta": "5", "Provinsi terjangkau": "2 / 2 dipilih"},
    ),
    (
        "tahun",
        ["2021", "2021"],
        {"Pelatihan": "1", "Peserta": "5", "Provinsi terjangkau": "2 / 38"},
    ),
    (
        "pelatihan",
        "Pelatihan Air Kota (2019-05-06)",
        {"Pelatihan": "1", "Peserta": "3", "Provinsi terjangkau": "2 / 38"},
    ),
    ("sdg", "SDG 11", {"Pelatihan": "1", "Peserta": "3", "Provinsi terjangkau": "2 / 38"}),
    (
        "sdg",
        ["SDG 13", "SDG 1"],
        {"Pelatihan": "1", "Peserta": "5", "Provinsi terjangkau": "2 / 38"},
    ),
    ("tingkat", "Kabupaten", {"Pelatihan": "1", "Peserta": "1", "Provinsi terjangkau": "1 / 38"}),
    (
        "tingkat",
        ["Kota", "Provinsi"],
        {"Pelatihan": "2", "Peserta": "6", "Provinsi terjangkau": "3 / 38"},
    ),
]


@pytest.mark.parametrize(("key", "value", "expected"), LINK_CASES)
def test_filters_arrive_through_the_link(tiny_data, open_page, key, value, expected):
    at = open_page("overview", **{key: value})
    assert_clean(at)
    assert _kpis(at) == expected
    assert at.query_params[key] in (value, [value])  # the link keeps its filter


@pytest.mark.parametrize("page", ["map", "sdg", "data"])
def test_a_province_link_filters_every_page(tiny_data, open_page, page):
    at = open_page(page, provinsi="Kepulauan Riau")
    assert_clean(at)
    assert at.multiselect(key="provinsi").value == ["21"]
    if page == "data":
        shown = table_value(at, "data_participants")
        assert shown["Wilayah resmi"].tolist() == ["Kota Batam"]
    if page == "sdg":
        coverage = table_value(at, "sdg_coverage_table").set_index("Tujuan")
        assert coverage.loc[17, "Peserta"] == 3
        assert coverage.loc[11, "Peserta"] == 0


def test_province_options_are_all_38_provinces(tiny_data, open_page):
    at = open_page("overview")
    widget = at.multiselect(key="provinsi")
    assert len(widget.options) == 38
    assert "Papua Pegunungan" in widget.options  # a province without data is offered too


def test_filters_through_the_widgets(tiny_data, open_page):
    at = open_page("overview")
    choose(at, at.multiselect(key="provinsi"), ["32"], "Jawa Barat")
    assert _kpis(at) == LINK_CASES[0][2]
    choose(at, at.multiselect(key="tingkat"), ["provinsi"], "Provinsi")
    assert _kpis(at) == {"Pelatihan": "1", "Peserta": "1", "Provinsi terjangkau": "1 / 1 dipilih"}
    choose(at, at.multiselect(key="sdg"), [11], "SDG 11")
    assert_clean(at)
    assert "Tidak ada data untuk saringan ini." in texts(at)
    at.button(key="atlas_clear_filters").click().run()
    for key in ("provinsi", "tingkat", "sdg"):
        at.query_params.pop(key, None)  # the browser drops them with the widget values
    at.run()
    assert _kpis(at) == ALL


def test_year_and_training_widgets(tiny_data, open_page):
    at = open_page("overview", lang="en")
    choose(at, at.select_slider(key="tahun"), (2019, 2019), ["2019", "2019"])
    values = metric_values(at)
    assert (values["Trainings"], values["Participants"]) == ("1", "3")
    choose(at, at.select_slider(key="tahun"), (2019, 2021), None)
    choose(at, at.multiselect(key="pelatihan"), ["t2-2021"], "Aksi Iklim Daerah (2021-08-10)")
    values = metric_values(at)
    assert (values["Trainings"], values["Participants"]) == ("1", "5")


def test_invalid_link_values_are_dropped(tiny_data, open_page):
    at = open_page(
        "overview",
        provinsi=["Atlantis", "Jawa Barat"],
        sdg="SDG 99",
        tingkat="desa",
        tahun=["1990", "abc"],
        pelatihan="<script>alert(1)</script>",
        lang="xx",
    )
    assert_clean(at)
    assert at.multiselect(key="provinsi").value == ["32"]
    assert at.multiselect(key="sdg").value == []
    assert at.multiselect(key="tingkat").value == []
    assert at.multiselect(key="pelatihan").value == []
    assert at.radio(key="lang").value == "id"
    assert _kpis(at) == LINK_CASES[0][2]
    assert at.query_params.get("provinsi") in ("Jawa Barat", ["Jawa Barat"])
    for key in ("sdg", "tingkat", "pelatihan", "tahun", "lang"):
        assert key not in at.query_params


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", ["overview", "map", "sdg", "data"])
def test_a_filter_that_leaves_nothing_shows_the_empty_state(tiny_data, open_page, page, lang):
    at = open_page(page, provinsi="Papua", lang=lang)
    assert_clean(at)
    message = "Tidak ada data untuk saringan ini." if lang == "id" else "No data for these filters."
    assert message in texts(at)
    assert not at.metric
