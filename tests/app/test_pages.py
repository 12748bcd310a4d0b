"""Every page from the entry point, in both languages, on the bundled and the demo data."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from atlas.filters import FilteredView
from atlas.schema import Dataset
from atlas.ui.context import PageContext
from tests.app.conftest import (
    assert_clean,
    choose,
    metric_values,
    new_app,
    switch_to,
    table_value,
)

TITLES = {
    ("overview", "id"): "Ringkasan",
    ("overview", "en"): "Overview",
    ("map", "id"): "Peta jangkauan",
    ("map", "en"): "Map of reach",
    ("sdg", "id"): "Cakupan SDG",
    ("sdg", "en"): "SDG coverage",
    ("data", "id"): "Data",
    ("data", "en"): "Data",
}


def test_opens_on_the_overview_in_indonesian_with_the_2018_training(bundled_data):
    at = new_app().run()
    assert_clean(at)
    assert [title.value for title in at.title] == ["Ringkasan"]
    assert metric_values(at) == {
        "Pelatihan": "1",
        "Peserta": "11",
        "Pemerintah daerah": "11",
        "Provinsi terjangkau": "10 / 38",
        "Kota anggota Apeksi": "8 / 98",
        "Kabupaten": "0 / 416",
        "Tujuan SDG": "1 / 17",
    }
    latest = table_value(at, "overview_latest")
    assert latest["Judul"].tolist() == ["Pelatihan Diplomasi Kota"]
    assert latest["Tanggal"].tolist() == ["18–19 Des 2018"]
    assert not at.warning  # the bundled data is not labelled synthetic


def test_english_from_the_link(bundled_data):
    at = new_app(lang="en").run()
    assert_clean(at)
    assert [title.value for title in at.title] == ["Overview"]
    values = metric_values(at)
    assert values["Apeksi cities"] == "8 / 98"
    latest = table_value(at, "overview_latest")
    assert latest["Dates"].tolist() == ["Dec 18\u2009–\u200919, 2018"]


def test_language_switch_widget(bundled_data, open_page):
    at = open_page("overview")
    choose(at, at.radio(key="lang"), "en", "en")
    assert_clean(at)
    assert [title.value for title in at.title] == ["Overview"]
    assert at.query_params["lang"] in ("en", ["en"])
    choose(at, at.radio(key="lang"), "id", None)
    assert [title.value for title in at.title] == ["Ringkasan"]
    assert "lang" not in at.query_params  # the default keeps the link clean


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", ["overview", "map", "sdg", "data"])
def test_every_page_renders_on_bundled_data(bundled_data, open_page, page, lang):
    at = open_page(page, lang=lang)
    assert_clean(at)
    assert [title.value for title in at.title] == [TITLES[(page, lang)]]
    assert at.radio(key="lang").value == lang


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("page", ["overview", "map", "sdg", "data"])
def test_every_page_renders_on_demo_data_and_says_synthetic(open_page, page, lang):
    at = open_page(page, lang=lang, data="demo")
    assert_clean(at)
    label = "sintetis" if lang == "id" else "Synthetic"
    assert sum(label in str(warning.value) for warning in at.warning) == 1  # once per page
    assert at.radio(key="atlas_data_source_widget").value == "demo"


def test_demo_data_has_many_trainings(open_page):
    at = open_page("overview", data="demo")
    values = metric_values(at)
    assert int(values["Pelatihan"].replace(".", "")) > 1
    assert int(values["Provinsi terjangkau"].split(" / ")[0]) > 3


def test_switching_to_the_demo_with_the_widget(bundled_data, open_page):
    at = open_page("overview")
    at.radio(key="atlas_data_source_widget").set_value("demo").run()
    assert_clean(at)
    assert any("sintetis" in str(warning.value) for warning in at.warning)
    assert at.query_params["data"] in ("demo", ["demo"])
    # The year range follows the new data (the bundled data has one year only).
    years = at.select_slider(key="tahun").value
    assert years[0] < years[1]


def test_sdg_page_on_bundled_data(bundled_data, open_page):
    at = open_page("sdg")
    assert_clean(at)
    coverage = table_value(at, "sdg_coverage_table")
    assert len(coverage) == 17
    goal_17 = coverage[coverage["Tujuan"] == 17].iloc[0]
    assert (goal_17["Pelatihan"], goal_17["Peserta"], goal_17["Pemerintah daerah"]) == (1, 11, 11)
    targets = table_value(at, "sdg_targets_table")
    assert targets["Target"].tolist() == ["17.17"]
    heatmap = table_value(at, "sdg_heatmap_table")
    assert len(heatmap) == 10  # the ten provinces reached
    assert heatmap["SDG 17"].sum() == 11
    for key in ("sdg_coverage", "sdg_heatmap", "sdg_over_time", "sdg_targets"):
        assert at.get("download_button") and any(
            button.key == f"{key}_download" for button in at.get("download_button")
        )


def test_sdg_measure_switch(bundled_data, open_page):
    at = open_page("sdg", lang="en")
    choose(at, at.button_group(key="ukuran"), "participants", "Participants")
    assert_clean(at)
    assert at.button_group(key="ukuran").value == "participants"
    spec = json.loads(at.get_by_key("sdg_coverage_chart").proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == "Participants"


def test_a_link_to_uploaded_data_opens_the_bundled_data_in_another_session(bundled_data, open_page):
    at = open_page("overview", data="upload")
    assert_clean(at)
    assert any("Belum ada berkas unggahan" in str(box.value) for box in at.info)
    assert metric_values(at)["Pelatihan"] == "1"


@pytest.mark.parametrize("page", ["overview", "map", "sdg", "data"])
def test_no_run_leaves_its_context_or_frames_in_session_state(open_page, page):
    # The page context is an argument of the page function: once the run ends, nothing in the
    # session holds the dataset, the filtered view or any of their frames.
    at = open_page(page, data="demo", provinsi="Jawa Timur")
    assert_clean(at.run())  # and after a rerun of the same session
    kept = {
        key: type(value).__name__
        for key, value in at.session_state.items()
        if isinstance(value, PageContext | Dataset | FilteredView | pd.DataFrame | pd.Series)
    }
    assert kept == {}


def test_the_manage_page_is_not_in_the_navigation_without_access(bundled_data, open_page):
    at = open_page("overview")
    with pytest.raises(ValueError, match="not in this run's navigation"):
        switch_to(at, "manage")
