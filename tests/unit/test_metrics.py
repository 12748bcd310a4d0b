import pandas as pd

from atlas import metrics, training_metrics
from atlas.filters import Filters, apply_filters
from atlas.gazetteer import load_gazetteer
from tests.sample_data import make_dataset, make_regions


def _view(**filters):
    view = apply_filters(make_dataset(), Filters(**filters))
    return view.trainings, view.participants


def test_kpis_of_the_whole_dataset():
    trainings, participants = _view()
    kpis = metrics.compute_kpis(trainings, participants, make_regions())
    assert kpis.trainings == 3
    assert kpis.participants == 2 + 1 + 3 + 1 + 1 + 2 + 1 + 4  # sum of delegates
    # Surabaya (twice), Batam, Jawa Barat, Kab. Bandung, Kab. Malang -> 5 distinct governments
    assert kpis.governments == 5
    assert (kpis.provinces.reached, kpis.provinces.total) == (3, 3)
    assert kpis.provincial_governments == 1  # Jawa Barat's own government
    assert (kpis.kota.reached, kpis.kota.total) == (2, 4)
    assert (kpis.kabupaten.reached, kpis.kabupaten.total) == (2, 3)
    assert (kpis.goals.reached, kpis.goals.total) == (4, 17)  # 17, 6, 11, 13
    assert kpis.unmapped_rows == 2
    assert kpis.kota.share == 0.5


def test_kpis_follow_the_filters():
    trainings, participants = _view(provinces=("35",))
    kpis = metrics.compute_kpis(trainings, participants, make_regions())
    assert kpis.trainings == 3
    assert kpis.participants == 2 + 1 + 4
    assert kpis.governments == 2
    assert kpis.provinces.reached == 1
    assert kpis.unmapped_rows == 0


def test_kpis_of_an_empty_view_are_zero_with_denominators():
    trainings, participants = _view(provinces=("99",))
    kpis = metrics.compute_kpis(trainings, participants, make_regions())
    assert (kpis.trainings, kpis.participants, kpis.governments) == (0, 0, 0)
    assert (kpis.kota.reached, kpis.kota.total) == (0, 4)
    assert kpis.goals.total == 17


def test_region_totals_count_the_gazetteer():
    assert metrics.region_totals(make_regions()) == {"provinsi": 3, "kota": 4, "kabupaten": 3}


def test_trainings_per_year_fills_gaps():
    frame = training_metrics.trainings_per_year(*_view())
    assert frame["year"].tolist() == [2018, 2019, 2020, 2021]
    assert frame["trainings"].tolist() == [1, 0, 1, 1]
    assert frame["participants"].tolist() == [7, 0, 4, 4]


def test_trainings_per_year_of_nothing_is_empty():
    frame = training_metrics.trainings_per_year(*_view(provinces=("99",)))
    assert frame.empty
    assert list(frame.columns) == ["year", "trainings", "participants"]


def test_latest_trainings_newest_first_with_counts():
    frame = training_metrics.latest_trainings(*_view(), limit=2)
    assert frame["training_id"].tolist() == ["2021-07-iklim", "2020-03-air"]
    assert frame["participants"].tolist() == [4, 4]
    assert frame["governments"].tolist() == [1, 2]
    # A venue that did not resolve keeps what the file says.
    assert frame.loc[0, "venue_name"] == ""
    assert frame.loc[1, "venue_name"] == "Kota Surakarta"


def test_goal_coverage_lists_all_goals():
    frame = training_metrics.goal_coverage(*_view())
    assert frame["goal"].tolist() == list(range(1, 18))
    by_goal = frame.set_index("goal")
    assert by_goal.loc[17].tolist() == [1, 7, 3]  # trainings, participants, governments
    assert by_goal.loc[6].tolist() == [1, 4, 2]
    assert by_goal.loc[11].tolist() == [1, 4, 2]
    assert by_goal.loc[13].tolist() == [1, 4, 1]
    assert by_goal.loc[1].tolist() == [0, 0, 0]


def test_province_goal_matrix_counts_resolved_delegates():
    frame = training_metrics.province_goal_matrix(_view()[1])
    cells = {
        (row.province_name, row.goal): row.participants for row in frame.itertuples(index=False)
    }
    assert cells == {
        ("Jawa Barat", 17): 3,
        ("Jawa Barat", 6): 2,
        ("Jawa Barat", 11): 2,
        ("Jawa Timur", 17): 2,
        ("Jawa Timur", 6): 1,
        ("Jawa Timur", 11): 1,
        ("Jawa Timur", 13): 4,
        ("Kepulauan Riau", 17): 1,
    }


def test_goals_per_year_has_every_year_and_goal_with_zeros():
    frame = training_metrics.goals_per_year(_view()[0])
    assert frame["year"].tolist() == [2018] * 4 + [2019] * 4 + [2020] * 4 + [2021] * 4
    assert frame["goal"].tolist() == [6, 11, 13, 17] * 4
    per_year = frame.pivot(index="year", columns="goal", values="trainings")
    assert per_year.loc[2018].tolist() == [0, 0, 0, 1]
    assert per_year.loc[2019].tolist() == [0, 0, 0, 0]  # no training that year: zeros
    assert per_year.loc[2020].tolist() == [1, 1, 0, 0]
    assert per_year.loc[2021].tolist() == [0, 0, 1, 0]


def test_time_axes_span_the_chosen_years_even_where_the_view_has_none():
    # SDG 13 only: one training in 2021; the axis still shows 2018-2021 (the dataset's span)
    trainings, participants = _view(goals=(13,))
    frame = training_metrics.goals_per_year(trainings, (2018, 2021))
    assert frame.values.tolist() == [[2018, 13, 0], [2019, 13, 0], [2020, 13, 0], [2021, 13, 1]]
    per_year = training_metrics.trainings_per_year(trainings, participants, (2018, 2021))
    assert per_year["year"].tolist() == [2018, 2019, 2020, 2021]
    assert per_year["trainings"].tolist() == [0, 0, 0, 1]
    assert per_year["participants"].tolist() == [0, 0, 0, 4]


def test_year_axis():
    trainings, _ = _view()
    assert training_metrics.year_axis(trainings) == [2018, 2019, 2020, 2021]
    assert training_metrics.year_axis(trainings, (2019, 2020)) == [2019, 2020]
    assert training_metrics.year_axis(trainings.iloc[0:0]) == []


def test_targets_used_in_framework_order():
    trainings = _view()[0].copy()
    trainings.loc[trainings.index[2], "sdg_targets"] = ("11.a", "6.10", "6.1")
    frame = training_metrics.targets_used(trainings)
    assert frame["target"].tolist() == ["6.1", "6.10", "11.3", "11.a", "17.17"]
    assert frame["trainings"].tolist() == [2, 1, 1, 1, 1]
    assert frame["goal"].tolist() == [6, 6, 11, 11, 17]


def test_aggregate_regions_of_the_whole_dataset():
    # resolved rows carry their seat's coordinates (the sample data leaves them out)
    participants = _view()[1].assign(lat=0.0, lon=0.0)
    frame = metrics.aggregate_regions(participants).sort_values(
        ["participants", "region_name"], ascending=[False, True], kind="stable"
    )
    assert frame["region_name"].tolist()[:2] == ["Kabupaten Malang", "Jawa Barat"]
    surabaya = frame.set_index("region_name").loc["Kota Surabaya"]
    assert (surabaya["trainings"], surabaya["participants"]) == (2, 3)
    assert len(frame) == 5


def test_unmapped_regions_lists_candidates():
    participants = _view()[1]
    ambiguous = metrics.unmapped_regions(participants, "ambiguous")
    assert ambiguous["region"].tolist() == ["Bandung"]
    assert ambiguous["candidates"].tolist() == ["Kota Bandung; Kabupaten Bandung"]
    unresolved = metrics.unmapped_regions(participants, "unresolved")
    assert unresolved["region"].tolist() == ["Kuala Lumpur"]
    assert ambiguous["line"].tolist() == [5]  # header = line 1, fourth data row
    assert unresolved["line"].tolist() == [8]


# --- denominators of the selected provinces and the not-reached list (issue 7, items 2 and 3) --

REAL_REGIONS = load_gazetteer().regions
JAWA_TIMUR = "35"


def test_coverage_denominators_are_those_of_the_selected_provinces():
    assert metrics.coverage_denominators(REAL_REGIONS, (JAWA_TIMUR,)) == {
        "provinsi": 1,
        "kota": 9,
        "kabupaten": 29,
    }
    # Jawa Timur and Jawa Barat (9 kota, 18 kabupaten) together
    assert metrics.coverage_denominators(REAL_REGIONS, ("35", "32")) == {
        "provinsi": 2,
        "kota": 18,
        "kabupaten": 47,
    }
    assert metrics.coverage_denominators(REAL_REGIONS, ()) == {
        "provinsi": 38,
        "kota": 98,
        "kabupaten": 416,
    }


def test_kpis_with_a_province_filter_count_against_that_province():
    trainings, participants = _view(provinces=("35",))
    kpis = metrics.compute_kpis(trainings, participants, REAL_REGIONS, ("35",))
    assert (kpis.kota.reached, kpis.kota.total) == (1, 9)  # Kota Surabaya of 9
    assert (kpis.kabupaten.reached, kpis.kabupaten.total) == (1, 29)  # Kabupaten Malang of 29
    assert (kpis.provinces.reached, kpis.provinces.total) == (1, 1)


def test_unreached_regions_of_jawa_timur_lists_kota_then_kabupaten_by_name():
    unreached = metrics.unreached_regions(REAL_REGIONS, ["35.78", "35.07", "32.04"], ("35",))
    assert list(unreached.columns) == metrics.UNREACHED_COLUMNS
    assert unreached["level"].value_counts().to_dict() == {"kabupaten": 28, "kota": 8}
    assert set(unreached["province_name"]) == {"Jawa Timur"}
    assert "35.78" not in set(unreached["region_code"])  # Kota Surabaya, reached
    assert "35.07" not in set(unreached["region_code"])  # Kabupaten Malang, reached
    assert "35" not in set(unreached["region_code"])  # the province itself is not listed
    levels = unreached["level"].tolist()
    assert levels == ["kota"] * 8 + ["kabupaten"] * 28
    kota_names = unreached.loc[unreached["level"] == "kota", "region_name"].tolist()
    assert kota_names == sorted(kota_names)
    assert kota_names[0] == "Kota Batu"
    assert unreached[["lat", "lon"]].notna().all().all()
    assert not unreached["reached_outside_view"].any()


def test_unreached_regions_without_a_province_cover_the_country():
    unreached = metrics.unreached_regions(REAL_REGIONS, ["35.78"], ())
    assert unreached["level"].value_counts().to_dict() == {"kabupaten": 416, "kota": 97}
    assert unreached["province_name"].is_monotonic_increasing


def test_unreached_regions_flag_regions_reached_outside_the_view():
    unreached = metrics.unreached_regions(
        REAL_REGIONS, ["35.78"], ("35",), reached_elsewhere=["35.79", "35.78", "32.73"]
    )
    flagged = unreached.loc[unreached["reached_outside_view"], "region_code"].tolist()
    assert flagged == ["35.79"]  # Kota Batu: reached only by a training outside the view


def test_unreached_regions_can_be_narrowed_to_one_level():
    unreached = metrics.unreached_regions(REAL_REGIONS, [], ("35",), levels=("kota",))
    assert unreached["level"].tolist() == ["kota"] * 9


def test_reached_codes_in_a_filtered_view_exclude_filtered_out_trainings():
    # Kota Batam and Jawa Barat's own government come to the 2018 training only
    all_codes = metrics.reached_region_codes(make_dataset().participants)
    _, participants = _view(years=(2020, 2021))
    in_view = metrics.reached_region_codes(participants)
    assert in_view < all_codes
    assert all_codes - in_view == {"21.71", "32"}


def test_goal_table_has_one_row_per_goal_of_each_distinct_training():
    rows = pd.DataFrame(
        {
            "training_id": ["t1", "t2", "t1", "t1", "t3"],
            "sdg_goals": [(11, 17), (5,), (11, 17), (11, 17), ()],
            "delegates": [1, 2, 3, 4, 5],
        }
    )
    table = training_metrics.goal_table(rows)
    assert list(table.itertuples(index=False, name=None)) == [("t1", 11), ("t1", 17), ("t2", 5)]
    assert table["goal"].dtype == "int64"
    assert training_metrics.goal_table(rows.iloc[:0]).empty


def test_coverage_table_holds_the_tiles_of_the_view():
    trainings, participants = _view(provinces=("35",))
    kpis = metrics.compute_kpis(trainings, participants, REAL_REGIONS, ("35",))
    table = metrics.coverage_table(kpis)
    assert table[["measure", "reached", "total"]].values.tolist() == [
        ["provinces", 1, 1],
        ["kota", 1, 9],
        ["kabupaten", 1, 29],
        ["goals", 4, 17],  # the three trainings reaching Jawa Timur: SDG 6, 11, 13, 17
    ]
