from dataclasses import replace

import pandas as pd

from atlas.filters import Filters, apply_filters, year_bounds
from tests.app.sample_data import make_dataset


def _ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["training_id"].unique())


def test_no_filters_keeps_everything():
    dataset = make_dataset()
    view = apply_filters(dataset, Filters())
    assert len(view.trainings) == 3
    assert len(view.participants) == len(dataset.participants)
    assert not view.is_empty


def test_year_range_selects_trainings_and_their_participants():
    view = apply_filters(make_dataset(), Filters(years=(2019, 2020)))
    assert _ids(view.trainings) == ["2020-03-air"]
    assert _ids(view.participants) == ["2020-03-air"]
    assert len(view.participants) == 3


def test_training_filter():
    view = apply_filters(make_dataset(), Filters(trainings=("2021-07-iklim",)))
    assert _ids(view.trainings) == ["2021-07-iklim"]
    assert view.participants["delegates"].sum() == 4


def test_goal_filter_matches_any_goal_of_a_training():
    view = apply_filters(make_dataset(), Filters(goals=(11, 13)))
    assert _ids(view.trainings) == ["2020-03-air", "2021-07-iklim"]


def test_province_filter_selects_rows_and_trainings_that_reached_it():
    view = apply_filters(make_dataset(), Filters(provinces=("21",)))
    assert _ids(view.trainings) == ["2018-12-diplomasi-kota"]
    assert list(view.participants["region_name"]) == ["Kota Batam"]


def test_province_filter_drops_unmapped_rows():
    view = apply_filters(make_dataset(), Filters(provinces=("32", "35")))
    assert set(view.participants["region_status"]) == {"resolved"}
    assert _ids(view.trainings) == ["2018-12-diplomasi-kota", "2020-03-air", "2021-07-iklim"]


def test_level_filter():
    view = apply_filters(make_dataset(), Filters(levels=("kabupaten",)))
    assert sorted(view.participants["region_name"]) == ["Kabupaten Bandung", "Kabupaten Malang"]
    assert _ids(view.trainings) == ["2020-03-air", "2021-07-iklim"]


def test_filters_combine_with_and():
    filters = Filters(provinces=("35",), years=(2018, 2020), levels=("kota",))
    view = apply_filters(make_dataset(), filters)
    assert sorted(view.participants["training_id"]) == ["2018-12-diplomasi-kota", "2020-03-air"]
    assert set(view.participants["region_name"]) == {"Kota Surabaya"}


def test_a_province_without_data_leaves_an_empty_view():
    view = apply_filters(make_dataset(), Filters(provinces=("91",)))
    assert view.is_empty
    assert view.participants.empty


def test_filtering_does_not_touch_the_dataset():
    dataset = make_dataset()
    before = dataset.participants.copy()
    view = apply_filters(dataset, replace(Filters(), years=(2018, 2018)))
    view.participants["delegates"] = 0
    pd.testing.assert_frame_equal(dataset.participants, before)


def test_year_bounds():
    dataset = make_dataset()
    assert year_bounds(dataset.trainings) == (2018, 2021)
    assert year_bounds(dataset.trainings.iloc[0:0]) is None
