from dataclasses import replace

import pandas as pd
import pytest

from atlas.filters import (
    Filters,
    apply_filters,
    filter_options,
    province_code_for,
    restrict_filters,
    year_bounds,
)
from atlas.gazetteer import load_gazetteer
from tests.sample_data import make_dataset

GAZETTEER = load_gazetteer()


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


def test_an_unfiltered_view_copies_nothing_and_still_protects_the_shared_frames():
    import numpy as np

    dataset = make_dataset()
    before = dataset.participants.copy()
    view = apply_filters(dataset, Filters())
    # the view reads the dataset's own arrays (no copy per rerun of a shared version) ...
    assert np.shares_memory(
        view.participants["delegates"].to_numpy(), dataset.participants["delegates"].to_numpy()
    )
    assert view.participants is not dataset.participants
    # ... and a page writing into it does not change the shared dataset (copy-on-write)
    view.participants["delegates"] = 0
    view.participants["extra"] = 1
    pd.testing.assert_frame_equal(dataset.participants, before)


def test_year_bounds():
    dataset = make_dataset()
    assert year_bounds(dataset.trainings) == (2018, 2021)
    assert year_bounds(dataset.trainings.iloc[0:0]) is None


# --- a new dataset keeps only the filter values it contains (issue 7, item 1) -----------------


def test_filter_options_say_what_a_dataset_contains():
    options = filter_options(make_dataset())
    assert options.years == (2018, 2021)
    assert options.single_year is None
    assert options.trainings == {"2018-12-diplomasi-kota", "2020-03-air", "2021-07-iklim"}
    assert options.provinces == {"21", "32", "35"}  # resolved rows only
    assert options.goals == {6, 11, 13, 17}
    assert options.levels == {"kota", "kabupaten", "provinsi"}


def test_restrict_filters_drops_values_the_dataset_lacks_and_the_year_range():
    chosen = Filters(
        provinces=("35", "11"),
        years=(2019, 2020),
        trainings=("2020-03-air", "gone"),
        goals=(11, 1),
        levels=("kota",),
    )
    kept = restrict_filters(chosen, filter_options(make_dataset()))
    assert kept == Filters(
        provinces=("35",), years=None, trainings=("2020-03-air",), goals=(11,), levels=("kota",)
    )


def test_active_filters_are_named_in_sidebar_order():
    assert Filters().active() == ()
    assert Filters(levels=("kota",), provinces=("35",), years=(2019, 2020)).active() == (
        "provinces",
        "years",
        "levels",
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jawa Timur", "35"),
        ("jawa timur", "35"),
        ("Jatim", "35"),
        ("jatim", "35"),
        ("35", "35"),
        ("East Java", "35"),
        ("DKI", "31"),
        ("Yogyakarta", "34"),  # Kota Yogyakarta is not a province: the province is meant
        ("Atlantis", None),
        ("35.78", None),  # Kota Surabaya's code is no province
        ("", None),
    ],
)
def test_province_code_for_link_values(text, code):
    assert province_code_for(GAZETTEER, text) == code
