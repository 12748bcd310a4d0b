"""Issue 7: every figure of the Overview is true to the view (denominators, not-reached list)."""

from __future__ import annotations

from tests.app.conftest import assert_clean, metric_values, new_app, table_value

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
