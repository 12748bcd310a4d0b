"""Every page alone: its `render(ctx)` run by AppTest.from_function with a context built here,
without app.py (no sidebar, no navigation, no shared banner).

The context is the synthetic demo dataset filtered to Jawa Timur (province code 35); the figures
below are that view's: 11 trainings, 19 participant rows with 53 participants, 13 local
governments reached (1 province, 7 of its 9 kota, 5 of its 29 kabupaten), 10 of the 17 goals.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas import dataset
from atlas.filters import Filters, view_of
from atlas.i18n import Lang
from atlas.ui.context import PageContext, make_page_context
from tests.app.conftest import TIMEOUT, assert_clean, metric_values, table_value, texts

JAWA_TIMUR = "35"


def _render_page(page, ctx):  # its source runs as the script: no annotations
    import importlib

    importlib.import_module(f"views.{page}").render(ctx)


@pytest.fixture(scope="module")
def demo():
    gazetteer = dataset.default_gazetteer()
    return gazetteer, dataset.load_demo(gazetteer)


def demo_context(
    demo, lang: Lang = "id", provinces: tuple[str, ...] = (JAWA_TIMUR,)
) -> PageContext:
    gazetteer, data = demo
    filters = Filters(provinces=provinces)
    return make_page_context(
        lang=lang,
        dataset=data,
        view=view_of(data, filters),
        filters=filters,
        gazetteer=gazetteer,
    )


def run_page(page: str, ctx: PageContext) -> AppTest:
    at = AppTest.from_function(_render_page, args=(page, ctx), default_timeout=TIMEOUT)
    return at.run()


def test_overview_alone_counts_jawa_timur(demo):
    at = run_page("overview", demo_context(demo))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Ringkasan"]
    values = metric_values(at)
    assert values["Pelatihan"] == "11"
    assert values["Peserta"] == "53"
    assert values["Pemerintah daerah"] == "13"
    assert values["Provinsi terjangkau"] == "1 / 1 dipilih"
    assert values["Kota anggota Apeksi"] == "7 / 9"
    assert values["Kabupaten"] == "5 / 29"
    assert values["Tujuan SDG"] == "10 / 17"
    # the demo label and the active-filters notice are the entry point's, not the page's
    assert not at.warning
    with pytest.raises(KeyError):
        at.get_by_key("atlas_active_filters")


def test_overview_alone_in_english(demo):
    at = run_page("overview", demo_context(demo, lang="en"))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Overview"]
    values = metric_values(at)
    assert values["Apeksi cities"] == "7 / 9"
    assert values["Regencies"] == "5 / 29"
    (regencies,) = [metric for metric in at.metric if metric.label == "Regencies"]
    assert "29 regencies in the selected provinces (Jawa Timur)" in regencies.help


def test_map_alone_lists_the_13_governments_reached_in_jawa_timur(demo):
    at = run_page("map", demo_context(demo))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Peta jangkauan"]
    summary = at.get_by_key("atlas_map_summary").markdown[0].value
    assert summary == (
        "13 pemerintah daerah terjangkau di provinsi terpilih (Jawa Timur): 7 dari 9 kota, "
        "5 dari 29 kabupaten, di 1 dari 1 provinsi; 53 peserta."
    )
    reached = table_value(at, "atlas_map_table")
    assert len(reached) == 13
    assert set(reached["Provinsi"]) == {"Jawa Timur"}
    assert reached["Peserta"].sum() == 53
    unreached = table_value(at, "atlas_map_unreached_table")
    assert len(unreached) == (9 - 7) + (29 - 5)


def test_sdg_alone_counts_the_goals_of_jawa_timur(demo):
    at = run_page("sdg", demo_context(demo))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Cakupan SDG"]
    coverage = table_value(at, "sdg_coverage_table").set_index("Tujuan")
    assert len(coverage) == 17
    assert (coverage["Pelatihan"] > 0).sum() == 10
    assert coverage.loc[11, "Pelatihan"] == 4
    assert coverage.loc[7, "Peserta"] == 17
    assert coverage.loc[16, "Pemerintah daerah"] == 6
    heatmap = table_value(at, "sdg_heatmap_table")
    assert list(heatmap["Provinsi"]) == ["Jawa Timur"]
    assert heatmap.loc[0, "SDG 13"] == 17
    targets = table_value(at, "sdg_targets_table")
    assert len(targets) == 15
    assert at.segmented_control(key="ukuran").value == "trainings"


def test_data_alone_shows_jawa_timur_rows_without_personal_columns(demo):
    at = run_page("data", demo_context(demo))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Data"]
    trainings = table_value(at, "data_trainings")
    assert len(trainings) == 11
    participants = table_value(at, "data_participants")
    assert len(participants) == 19
    assert participants["Peserta"].sum() == 53
    assert set(participants["Provinsi"]) == {"Jawa Timur"}
    assert not {"Nama", "Email", "Telepon"} & set(participants.columns)  # the public view
    # the quality report is the whole dataset's, not the view's
    assert "Peserta: 350 baris, 347 diterima, 3 ditolak." in texts(at)
    assert len(table_value(at, "data_rejected")) == 3


def test_manage_alone_without_access_says_it_is_for_organizers(demo):
    at = run_page("manage", demo_context(demo))
    assert_clean(at)
    assert [title.value for title in at.title] == ["Kelola data"]
    assert [box.value for box in at.info] == [
        "Halaman ini untuk penyelenggara. Buka tampilan rinci di halaman Data lebih dulu."
    ]
    assert not at.button


@pytest.mark.parametrize("page", ["overview", "map", "sdg"])
def test_a_view_the_filters_empty_gives_the_friendly_message(demo, page):
    # Sulawesi Barat (76): the one province no demo training reached
    at = run_page(page, demo_context(demo, provinces=("76",)))
    assert_clean(at)
    assert "Tidak ada data untuk saringan ini." in texts(at)
    assert not at.dataframe
