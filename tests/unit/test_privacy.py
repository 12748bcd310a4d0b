"""Personal fields out of the public view; small counts suppressed."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from atlas import privacy
from atlas.schema import PERSONAL_COLUMNS


def people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "training_id": ["t1"] * 6,
            "institution": ["Pemkot A"] * 6,
            "province_name": ["Jawa Timur"] * 4 + ["Jawa Barat"] * 2,
            "name": list("abcdef"),
            "email": [f"{x}@example.org" for x in "abcdef"],
            "phone": ["0812"] * 6,
            "position": ["Staf"] * 6,
            "gender": ["P", "Perempuan", "L", "laki-laki", "F", ""],
            "delegates": [1, 1, 1, 1, 1, 4],
        }
    )


def test_public_participants_drops_personal_columns_and_gender():
    public = privacy.public_participants(people())
    for column in (*PERSONAL_COLUMNS, "gender"):
        assert column not in public.columns
    assert list(public.columns) == ["training_id", "institution", "province_name", "delegates"]


def test_public_participants_accepts_frames_without_personal_columns():
    frame = pd.DataFrame({"institution": ["x"], "delegates": [1]})
    assert list(privacy.public_participants(frame).columns) == ["institution", "delegates"]


def test_suppression_blanks_one_and_two_by_default():
    counts = pd.DataFrame({"group": list("abcde"), "n": [0, 1, 2, 3, 10]})
    suppressed = privacy.suppress_breakdown(counts, "n")
    assert suppressed["n"].isna().tolist() == [False, True, True, False, False]
    assert suppressed["n"].dropna().tolist() == [0, 3, 10]
    assert counts["n"].tolist() == [0, 1, 2, 3, 10], "input must not be modified"


def test_suppression_threshold_is_configurable():
    counts = pd.DataFrame({"n": [1, 4, 5]})
    assert privacy.suppress_breakdown(counts, "n", min_count=5)["n"].isna().tolist() == [
        True,
        True,
        False,
    ]
    assert privacy.suppress_breakdown(counts, "n", min_count=1)["n"].tolist() == [1, 4, 5]
    with pytest.raises(ValueError):
        privacy.suppress_breakdown(counts, "n", min_count=0)


def test_configured_min_count_reads_the_environment(monkeypatch):
    monkeypatch.setenv(privacy.MIN_COUNT_ENV, "5")
    assert privacy.configured_min_count() == 5
    monkeypatch.setenv(privacy.MIN_COUNT_ENV, "zero")
    assert privacy.configured_min_count() == privacy.DEFAULT_MIN_COUNT
    monkeypatch.delenv(privacy.MIN_COUNT_ENV)
    assert privacy.configured_min_count() == 3


@pytest.mark.parametrize(
    ("raw", "category"),
    [
        ("P", "female"),
        (" perempuan ", "female"),
        ("L", "male"),
        ("Laki-laki", "male"),
        ("", "unknown"),
        (None, "unknown"),
        ("x", "other"),
    ],
)
def test_normalize_gender(raw, category):
    assert privacy.normalize_gender(raw) == category


def test_gender_counts_are_suppressed_and_complete():
    counts = privacy.gender_counts(people()).set_index("gender")["participants"]
    assert counts.index.tolist() == list(privacy.GENDER_CATEGORIES)
    # male = 2 is below 3; with female 3 shown, male would be 9 - 3 - 0 - 4 (the view's
    # participant total is public), so the smallest other cell (female, 3) is hidden too
    assert pd.isna(counts["male"])
    assert pd.isna(counts["female"])
    assert counts["other"] == 0
    assert counts["unknown"] == 4  # one delegation of 4 without gender


def test_gender_counts_per_group_suppress_small_cells():
    counts = privacy.gender_counts(people(), by=["province_name"])
    east = counts[counts["province_name"] == "Jawa Timur"].set_index("gender")["participants"]
    assert pd.isna(east["female"]) and pd.isna(east["male"])  # 2 each
    assert (east["other"], east["unknown"]) == (0, 0)
    west = counts[counts["province_name"] == "Jawa Barat"].set_index("gender")["participants"]
    assert pd.isna(west["female"])  # the one F
    assert pd.isna(west["unknown"])  # else 5 - 4 = 1 woman, recovered from the group's total
    assert len(counts) == 2 * len(privacy.GENDER_CATEGORIES)


def _breakdown(values: list[int]) -> list[object]:
    frame = pd.DataFrame({"gender": list(privacy.GENDER_CATEGORIES)[: len(values)], "n": values})
    column = privacy.suppress_breakdown(frame, "n")["n"]
    return [None if pd.isna(value) else int(value) for value in column]


@pytest.mark.parametrize(
    ("values", "published"),
    [
        ([10, 20, 0, 5], [10, 20, 0, 5]),  # nothing small: everything shown
        ([1, 20, 0, 5], [None, 20, 0, None]),  # 1 hidden, and the smallest other cell (5)
        ([1, 1, 0, 40], [None, None, 0, None]),  # 1 + 1 < 3: a third cell hidden
        ([2, 0, 0, 0], [None, None, None, None]),  # the only persons: zeros hide them
        ([0, 0, 0, 0], [0, 0, 0, 0]),
        ([2, 7, 3, 9], [None, 7, None, 9]),  # the smallest other cell (3) is hidden with the 2
    ],
)
def test_suppress_breakdown_leaves_no_cell_recoverable(values, published):
    assert _breakdown(values) == published


def test_no_hidden_cell_can_be_recovered_from_the_total():
    # Every breakdown of up to 4 cells with values 0..4: the hidden cells are none, or at least
    # two holding at least min_count persons together, or all of the cells.
    for values in itertools.product(range(5), repeat=4):
        published = _breakdown(list(values))
        hidden = [value for value, shown in zip(values, published, strict=True) if shown is None]
        shown_small = [v for v in published if v is not None and 1 <= v < 3]
        assert shown_small == [], values
        if hidden and len(hidden) < len(values):
            assert len(hidden) >= 2 and sum(hidden) >= 3, values


def test_suppress_breakdown_threshold_follows_min_count():
    frame = pd.DataFrame({"gender": ["female", "male"], "n": [4, 30]})
    assert privacy.suppress_breakdown(frame, "n", min_count=5)["n"].isna().tolist() == [True, True]
    assert privacy.suppress_breakdown(frame, "n", min_count=1)["n"].tolist() == [4, 30]
    with pytest.raises(ValueError):
        privacy.suppress_breakdown(frame, "n", min_count=0)
