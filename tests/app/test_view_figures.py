"""Issue 7: every figure of the Overview is true to the view (denominators, not-reached list)."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import (
    assert_clean,
    metric_values,
    new_app,
    switch_to,
    table_value,
    texts,
)

DEMO_JAWA_TIMUR_TILES = {
    "Pelatihan": "11",
    "Peserta": "53",
    "Pemerintah daerah": "13",
    "Provinsi terjangkau": "1 / 1 dipilih",
    "Kota anggota Apeksi": "7 / 9",
    "Kabupaten": "5 / 29",
    "Tujuan SDG": "10 / 17",
}


def _metric(at, label):
    return next(metric for metric in at.metric if metric.label == label)


def test_demo_filtered_to_jawa_timur_counts_against_its_9_kota_and_29_kabupaten():
    at = new_app(data="demo", provinsi="Jawa Timur").run()
    assert_clean(at)
    assert metric_values(at) == DEMO_JAWA_TIMUR_TILES
    assert "9 kota di provinsi terpilih (Jawa Timur)" in _metric(at, "Kota anggota Apeksi").help
    assert "29 kabupaten di provinsi terpilih (Jawa Timur)" in _metric(at, "Kabupaten").help


def test_english_tiles_say_selected():
    at = new_app(data="demo", provinsi="Jawa Timur", lang="en").run()
    assert_clean(at)
    values = metric_values(at)
    assert values["Provinces reached"] == "1 / 1 selected"
    assert values["Apeksi cities"] == "7 / 9"
    assert values["Regencies"] == "5 / 29"
    assert "in the selected provinces (Jawa Timur)" in _metric(at, "Regencies").help


def test_overview_lists_the_kota_and_kabupaten_of_jawa_timur_not_reached_in_the_view():
    at = new_app(data="demo", provinsi="Jawa Timur").run()
    assert_clean(at)
    unreached = table_value(at, "overview_unreached_table")
    assert len(unreached) == (9 - 7) + (29 - 5)  # the complement of the tiles
    assert unreached["Tingkat"].value_counts().to_dict() == {"Kota": 2, "Kabupaten": 24}
    assert set(unreached["Provinsi"]) == {"Jawa Timur"}
    assert unreached["Kode"].str.startswith("35.").all()
    assert [expander.label for expander in at.expander if "belum" in expander.label] == [
        "2 kota dan 24 kabupaten belum terjangkau"
    ]
    assert at.get_by_key("overview_unreached_download_csv")
    assert at.get_by_key("overview_unreached_download_xlsx")


def test_a_region_reached_only_by_a_filtered_out_training_is_listed_and_flagged():
    # Demo, Jawa Timur, 2019 only: 2 kota and 0 kabupaten reached in this view; the other
    # 5 kota and 5 kabupaten the whole demo reaches there are "not reached in this view".
    at = new_app(data="demo", provinsi="Jawa Timur", tahun=["2019", "2019"]).run()
    assert_clean(at)
    values = metric_values(at)
    assert (values["Kota anggota Apeksi"], values["Kabupaten"]) == ("2 / 9", "0 / 29")
    unreached = table_value(at, "overview_unreached_table")
    assert unreached["Tingkat"].value_counts().to_dict() == {"Kabupaten": 29, "Kota": 7}
    flagged = unreached[unreached["Dijangkau pelatihan di luar saringan"] == "Ya"]
    assert flagged["Tingkat"].value_counts().to_dict() == {"Kota": 5, "Kabupaten": 5}
    assert "Kota Surabaya" in set(flagged["Wilayah resmi"])
    full = table_value(
        new_app(data="demo", provinsi="Jawa Timur").run(), "overview_unreached_table"
    )
    assert set(full["Dijangkau pelatihan di luar saringan"]) == {"Tidak"}
    assert not set(flagged["Kode"]) & set(full["Kode"])


def test_bundled_data_without_a_filter_counts_the_whole_country():
    at = new_app().run()
    assert_clean(at)
    unreached = table_value(at, "overview_unreached_table")
    assert unreached["Tingkat"].value_counts().to_dict() == {"Kabupaten": 416, "Kota": 90}


# --- item 1: a new dataset never inherits filters that hide part of it ------------------------


def _sidebar_texts(at) -> list[str]:
    return [str(element.value) for element in at.sidebar if hasattr(element, "value")]


def test_another_dataset_drops_the_filter_values_it_lacks_and_resets_the_years():
    at = new_app(
        data="demo",
        provinsi="Jawa Timur",
        sdg=["SDG 11", "SDG 17"],
        tingkat="Kabupaten",
        tahun=["2020", "2021"],
    ).run()
    assert_clean(at)
    assert at.select_slider(key="tahun").value == (2020, 2021)  # the link pins the first run
    at.radio(key="atlas_data_source_widget").set_value("bundled").run()
    assert_clean(at)
    # The bundled 2018 training reached Jawa Timur (Kota Surabaya) and lists SDG 17 only; it has
    # no kabupaten participant and a single year.
    assert at.multiselect(key="provinsi").value == ["35"]
    assert at.multiselect(key="sdg").value == [17]
    assert at.multiselect(key="tingkat").value == []
    assert len(at.select_slider) == 0
    assert "Tahun: 2018" in _sidebar_texts(at)
    values = metric_values(at)
    assert (values["Pelatihan"], values["Peserta"], values["Kota anggota Apeksi"]) == (
        "1",
        "1",
        "1 / 9",
    )
    at.radio(key="atlas_data_source_widget").set_value("demo").run()
    assert_clean(at)
    assert at.select_slider(key="tahun").value == (2018, 2025)  # the full range, not 2020-2021
    # SDG 17 is kept (the demo has it too): the demo trainings of every year that reached
    # Jawa Timur and address SDG 17
    assert at.multiselect(key="sdg").value == [17]
    assert metric_values(at)["Pelatihan"] == "3"


def test_a_single_year_is_text_not_a_slider():
    at = new_app(lang="en").run()
    assert_clean(at)
    assert len(at.select_slider) == 0
    assert "Year: 2018" in _sidebar_texts(at)


def test_active_filters_are_said_on_the_page_with_a_button_that_clears_them():
    at = new_app(data="demo", provinsi="Jawa Timur", tahun=["2019", "2019"]).run()
    assert_clean(at)
    assert "Saringan aktif: Provinsi, Tahun." in [caption.value for caption in at.caption]
    assert at.button(key="atlas_clear_filters_page").label == "2 saringan aktif · hapus"
    assert at.button(key="atlas_clear_filters").label == "2 saringan aktif · hapus"
    at.button(key="atlas_clear_filters_page").click().run()
    for key in ("provinsi", "tahun"):
        at.query_params.pop(key, None)  # the browser drops them with the widget values
    at.run()
    assert_clean(at)
    assert at.select_slider(key="tahun").value == (2018, 2025)
    assert at.multiselect(key="provinsi").value == []
    assert metric_values(at)["Pelatihan"] == "25"
    assert "atlas_clear_filters_page" not in [button.key for button in at.button]


def test_one_active_filter_in_english():
    at = new_app(data="demo", provinsi="Jawa Timur", lang="en").run()
    assert at.button(key="atlas_clear_filters").label == "1 filter active · clear"
    assert "Active filters: Province." in [caption.value for caption in at.caption]


# --- item 8: a typed province link (alias, any case, code) is understood and normalised ------


@pytest.mark.parametrize("typed", ["Jatim", "jatim", "35", "JAWA TIMUR"])
def test_a_province_link_by_alias_or_code_selects_the_province_and_fixes_the_link(typed):
    at = new_app(data="demo", provinsi=typed).run()
    assert_clean(at)
    assert at.multiselect(key="provinsi").value == ["35"]
    assert at.query_params["provinsi"] in ("Jawa Timur", ["Jawa Timur"])
    assert metric_values(at) == DEMO_JAWA_TIMUR_TILES


def test_a_link_mixing_names_aliases_and_nonsense_keeps_the_provinces_it_names():
    at = new_app(data="demo", provinsi=["35", "Jawa Barat", "Atlantis"]).run()
    assert_clean(at)
    assert at.multiselect(key="provinsi").value == ["35", "32"]
    assert at.query_params["provinsi"] == ["Jawa Timur", "Jawa Barat"]
    values = metric_values(at)
    assert (values["Provinsi terjangkau"], values["Kota anggota Apeksi"]) == (
        "2 / 2 dipilih",
        "14 / 18",
    )


# --- item 5: years on every time axis in order, a year with nothing shown as zero -----------

DEMO_YEARS = [str(year) for year in range(2018, 2026)]


def _chart_years(at, key: str) -> tuple[list[str], list[str]]:
    """The x values of a Plotly chart in order of first appearance across its traces (what
    Plotly shows without an explicit order) and the explicit category order."""
    spec = json.loads(at.get_by_key(key).proto.spec)
    seen: list[str] = []
    for trace in spec["data"]:
        seen.extend(str(x) for x in trace.get("x", []) if str(x) not in seen)
    return seen, [str(year) for year in spec["layout"]["xaxis"].get("categoryarray", [])]


@pytest.mark.parametrize("sdg", [None, "SDG 2"])
def test_sdg_goals_over_time_has_every_demo_year_in_order(sdg):
    query = {"data": "demo"} if sdg is None else {"data": "demo", "sdg": sdg}
    at = new_app(**query)
    switch_to(at, "sdg").run()
    assert_clean(at)
    seen, order = _chart_years(at, "sdg_over_time_chart")
    assert order == DEMO_YEARS
    assert sorted(seen) == DEMO_YEARS
    table = table_value(at, "sdg_over_time_table")
    assert sorted(table["Tahun"].unique()) == list(range(2018, 2026))


def test_sdg_goals_over_time_shows_years_without_such_trainings_as_zero():
    at = new_app(data="demo", sdg="SDG 2")
    switch_to(at, "sdg").run()
    table = table_value(at, "sdg_over_time_table")
    sdg2 = table[table["Tujuan"] == 2].set_index("Tahun")["Pelatihan"]
    assert sdg2.to_dict() == {
        2018: 0,
        2019: 0,
        2020: 0,
        2021: 1,
        2022: 0,
        2023: 0,
        2024: 0,
        2025: 1,
    }


def test_overview_trainings_over_time_keeps_every_year_of_the_range():
    at = new_app(data="demo", sdg="SDG 2").run()
    assert_clean(at)
    seen, order = _chart_years(at, "overview_over_time_chart")
    assert order == DEMO_YEARS
    per_year = table_value(at, "overview_over_time_table").set_index("Tahun")["Pelatihan"]
    assert per_year.to_dict() == {
        2018: 0,
        2019: 0,
        2020: 0,
        2021: 1,
        2022: 0,
        2023: 0,
        2024: 0,
        2025: 1,
    }


# --- item 6: the gender breakdown, shown under the privacy rule ------------------------------


def test_overview_shows_the_gender_breakdown_with_small_counts_suppressed():
    at = new_app(data="demo", provinsi="Jawa Timur").run()
    assert_clean(at)
    genders = table_value(at, "overview_gender").set_index("Jenis kelamin")["Peserta"]
    # 53 participants: 48 without a recorded gender; the women and men (5 together, one of the
    # two counts below 3) are both suppressed, so neither follows from the total
    assert genders.to_dict() == {
        "Perempuan": "disembunyikan",
        "Laki-laki": "disembunyikan",
        "Lainnya": "0",
        "Tidak dicatat": "48",
    }
    assert metric_values(at)["Peserta"] == "53"


def test_the_gender_threshold_comes_from_atlas_min_count(monkeypatch):
    monkeypatch.setenv("ATLAS_MIN_COUNT", "1")  # no suppression: the true counts
    at = new_app(data="demo", provinsi="Jawa Timur", lang="en").run()
    genders = table_value(at, "overview_gender").set_index("Gender")["Participants"]
    assert int(genders["Women"]) + int(genders["Men"]) == 5
    assert genders["Not recorded"] == "48"
    monkeypatch.setenv("ATLAS_MIN_COUNT", "50")
    at = new_app(data="demo", provinsi="Jawa Timur", lang="en").run()
    genders = table_value(at, "overview_gender").set_index("Gender")["Participants"]
    assert set(genders) == {"suppressed", "0"}
    captions = " ".join(caption.value for caption in at.caption)
    assert "counts from 1 to 49 are suppressed" in captions


def test_the_heatmap_says_its_counts_are_not_personal():
    at = new_app(data="demo", lang="en")
    switch_to(at, "sdg").run()
    captions = " ".join(caption.value for caption in at.caption)
    assert "not personal data and are shown as they are" in captions


# --- item 8: small things a reader notices ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "label", "measure", "title"),
    [
        ("id", "Peserta", "participants", "Peserta"),
        ("en", "Governments", "governments", "Governments"),
        # a link shared across languages keeps its measure, in the reader's language
        ("id", "Participants", "participants", "Peserta"),
        ("en", "Pemerintah daerah", "governments", "Governments"),
        ("en", "participants", "participants", "Participants"),
    ],
)
def test_the_sdg_measure_comes_from_the_link(lang, label, measure, title):
    at = new_app(data="demo", lang=lang, ukuran=label)
    switch_to(at, "sdg").run()
    assert_clean(at)
    assert at.button_group(key="ukuran").value == measure
    spec = json.loads(at.get_by_key("sdg_coverage_chart").proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == title
    assert at.query_params["ukuran"] == title  # the link now reads in the reader's language


def test_the_detail_view_tells_visitors_whom_to_ask_and_no_setup_hint():
    at = new_app(data="demo")
    switch_to(at, "data").run()
    assert_clean(at)
    shown = texts(at)
    assert "Untuk mendapat akses, hubungi penyelenggara pelatihan." in shown
    assert "Tampilan rinci tidak dibuka di dasbor ini." in shown
    assert "detail_password" not in shown and "secrets" not in shown
