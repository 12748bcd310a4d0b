"""atlas.sdg: goals, the 169 targets, and forgiving parsing of what organizers write."""

from __future__ import annotations

from collections import Counter

import pytest

from atlas import sdg

UN_COLOURS = (
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942",
    "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D",
    "#19486A",
)  # fmt: skip
# Targets per goal in the 2030 Agenda (numbered + lettered).
TARGETS_PER_GOAL = (7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19)


def test_seventeen_goals_in_order_with_names_and_colours() -> None:
    goals = sdg.goals()
    assert [goal.number for goal in goals] == list(range(1, 18))
    assert tuple(goal.colour for goal in goals) == UN_COLOURS
    assert goals[0].name_id == "Tanpa Kemiskinan"
    assert goals[0].name_en == "No Poverty"
    assert sdg.goal(11).name("en") == "Sustainable Cities and Communities"
    assert sdg.goal(11).name("id") == "Kota dan Permukiman yang Berkelanjutan"
    assert sdg.goal(17).name_id == "Kemitraan untuk Mencapai Tujuan"
    assert sdg.goal(17).name_en == "Partnerships for the Goals"
    assert all(goal.name_id and goal.name_en for goal in goals)
    assert sdg.goal_colours()[13] == "#3F7E44"
    with pytest.raises(KeyError):
        sdg.goal(18)


def test_169_targets_with_official_counts_per_goal() -> None:
    codes = sdg.target_codes()
    assert len(codes) == 169
    per_goal = Counter(sdg.target_goal(code) for code in codes)
    assert tuple(per_goal[goal] for goal in range(1, 18)) == TARGETS_PER_GOAL
    for code in ("1.1", "1.a", "1.b", "3.d", "8.10", "16.10", "16.b", "17.17", "17.19"):
        assert code in codes
    for code in ("1.c", "17.20", "17.a", "18.1", "3.e", "8.11"):
        assert code not in codes


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        ("11;17", (11, 17)),
        ("SDG 11, SDG 17", (11, 17)),
        ("Goal 11", (11,)),
        ("11 , 17", (11, 17)),
        ("SDGs 17; sdg 11; 11", (11, 17)),
        ("Tujuan 5 dan 10", (5, 10)),
        ("TPB 13", (13,)),
        ("17.0", (17,)),
        ("", ()),
    ],
)
def test_parse_goals_accepts_common_forms(text: str, goals: tuple[int, ...]) -> None:
    parsed = sdg.parse_goals(text)
    assert parsed.goals == goals
    assert parsed.invalid == ()


@pytest.mark.parametrize(
    ("text", "valid", "invalid"),
    [
        ("0; 11", (11,), ("0",)),
        ("SDG 18", (), ("SDG 18",)),
        ("11; kota", (11,), ("kota",)),
        ("11.3", (), ("11.3",)),
    ],
)
def test_parse_goals_reports_what_is_not_a_goal(
    text: str, valid: tuple[int, ...], invalid: tuple[str, ...]
) -> None:
    parsed = sdg.parse_goals(text)
    assert parsed.goals == valid
    assert parsed.invalid == invalid


def test_parse_targets_normalises_and_sorts() -> None:
    parsed = sdg.parse_targets("17.17; Target 11.a, 11.3; 1.A; 06.1; 11.10")
    assert parsed.targets == ("1.a", "6.1", "11.3", "11.a", "17.17")
    assert parsed.invalid == ("11.10",)


def test_target_validity() -> None:
    # what validation reads a sdg_targets cell with
    assert sdg.parse_targets("17.17") == sdg.ParsedTargets(("17.17",), ())
    assert sdg.parse_targets(" 11.A ") == sdg.ParsedTargets(("11.a",), ())
    assert sdg.parse_targets("17.20") == sdg.ParsedTargets((), ("17.20",))
    assert sdg.parse_targets("seventeen") == sdg.ParsedTargets((), ("seventeen",))
    assert sdg.target_goal("Target 16.b") == 16
