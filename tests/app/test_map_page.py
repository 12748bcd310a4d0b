"""The Map page's figures are those of the view: summary denominators of the selected provinces
and the kota and kabupaten not reached yet in them, with downloads (issue 7 items 2-4)."""

from __future__ import annotations

from tests.app.conftest import assert_clean, table_value


def summary(at) -> str:
    return at.get_by_key("atlas_map_summary").markdown[0].value


def test_summary_counts_against_the_regions_of_the_selected_province(open_page):
    at = open_page("map", data="demo", provinsi="Jawa Timur")
    assert_clean(at)
    # the Overview tiles of the same view read Kota 7 / 9, Kabupaten 5 / 29 (test_view_figures)
    assert summary(at) == (
        "13 pemerintah daerah terjangkau di provinsi terpilih (Jawa Timur): 7 dari 9 kota, "
        "5 dari 29 kabupaten, di 1 dari 1 provinsi; 53 peserta."
    )


def test_summary_without_a_province_filter_counts_against_all_of_indonesia(open_page):
    at = open_page("map", data="demo", lang="en")
    assert_clean(at)
    text = summary(at)
    assert "reached in all of Indonesia" in text
    assert "of 98 cities" in text and "of 416 regencies" in text and "of 38 provinces" in text


def test_map_page_lists_the_kota_and_kabupaten_of_jawa_timur_not_reached(open_page):
    at = open_page("map", data="demo", provinsi="Jawa Timur")
    assert_clean(at)
    unreached = table_value(at, "atlas_map_unreached_table")
    assert len(unreached) == (9 - 7) + (29 - 5)
    assert unreached["Tingkat"].value_counts().to_dict() == {"Kota": 2, "Kabupaten": 24}
    assert set(unreached["Provinsi"]) == {"Jawa Timur"}
    assert at.get_by_key("atlas_map_unreached_download_csv")
    assert at.get_by_key("atlas_map_unreached_download_xlsx")
    # the reached table is the other part of the same 38 regions (and the provincial government)
    reached = table_value(at, "atlas_map_table")
    assert len(reached) == 13
    assert not set(reached["Kode"]) & set(unreached["Kode"])


def test_no_click_yet_shows_the_hint_under_the_map(open_page):
    at = open_page("map", data="demo", provinsi="Jawa Timur", lang="en")
    assert_clean(at)
    selection = at.get_by_key("atlas_map_selection")
    assert [caption.value for caption in selection.caption] == [
        "Click a marker on the map to see the region's details here."
    ]


def test_table_under_the_map_lists_at_most_three_titles_per_region(open_page):
    at = open_page("map", data="demo")
    assert_clean(at)
    reached = table_value(at, "atlas_map_table")
    assert reached["Pelatihan"].max() > 3  # the demo has regions with more trainings
    for trainings, cell in zip(reached["Pelatihan"], reached["Judul"], strict=True):
        parts = cell.split("; ")
        if trainings > 3:
            assert len(parts) == 4 and parts[-1] == f"dan {trainings - 3} lainnya", cell
        else:
            assert len(parts) == trainings, cell
