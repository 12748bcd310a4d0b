"""The SDG framework: 17 goals (names in Indonesian and English, official colours) and the
169 target codes, read from data/sdg_goals.csv and data/sdg_targets.csv.

Parsing is forgiving about how organizers write goals ("11;17", "SDG 11, SDG 17", "Goal 11",
"Tujuan 11", "11 , 17") and strict about what they mean: a goal outside 1-17 or a target code
that is not in the framework is reported, never dropped silently.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from atlas import REPO_DATA_DIR

GOAL_COUNT = 17
TARGET_COUNT = 169


@dataclass(frozen=True)
class Goal:
    number: int
    name_id: str
    name_en: str
    colour: str  # official UN colour, "#E5243B"

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@cache
def goals() -> tuple[Goal, ...]:
    """The 17 goals in order (goal 1 first)."""
    with (REPO_DATA_DIR / "sdg_goals.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    catalogue = tuple(
        Goal(int(row["goal"]), row["name_id"], row["name_en"], row["colour"]) for row in rows
    )
    if [goal.number for goal in catalogue] != list(range(1, GOAL_COUNT + 1)):
        raise ValueError("sdg_goals.csv must list goals 1..17 in order")
    return catalogue


def goal(number: int) -> Goal:
    """One goal by number (1..17); KeyError otherwise."""
    if not 1 <= number <= GOAL_COUNT:
        raise KeyError(number)
    return goals()[number - 1]


def goal_colours() -> dict[int, str]:
    return {g.number: g.colour for g in goals()}


@cache
def target_codes() -> frozenset[str]:
    """All 169 target codes, e.g. "1.1", "1.a", "17.19"."""
    with (REPO_DATA_DIR / "sdg_targets.csv").open(encoding="utf-8", newline="") as handle:
        codes = frozenset(row["target"] for row in csv.DictReader(handle))
    if len(codes) != TARGET_COUNT:
        raise ValueError(f"sdg_targets.csv must list {TARGET_COUNT} targets, found {len(codes)}")
    return codes


def target_goal(code: str) -> int:
    """The goal a target belongs to: "17.17" -> 17."""
    return int(normalize_target(code).split(".", 1)[0])


# Separators organizers use between items; "." stays inside target codes.
_SEPARATORS = re.compile(r"[;,/|\n]+|\s+(?:dan|and|&)\s+", re.IGNORECASE)
# Words in front of a goal number: "SDG 11", "SDGs 11", "Goal 11", "Tujuan 11", "TPB 11", "#11".
_GOAL_PREFIX = re.compile(r"^(?:sdgs?|goals?|tujuan|tpb)?\s*[-#:.]?\s*", re.IGNORECASE)
_TARGET_PREFIX = re.compile(r"^(?:sdgs?|targets?|target\s+sdg|tpb)?\s*[-#:]?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedGoals:
    goals: tuple[int, ...]  # sorted, unique, all within 1..17
    invalid: tuple[str, ...]  # the items that are not goals 1..17, as written


@dataclass(frozen=True)
class ParsedTargets:
    targets: tuple[str, ...]  # sorted by (goal, target), unique, all in the framework
    invalid: tuple[str, ...]  # items that are not target codes of the framework, as written


def _split_items(text: str) -> list[str]:
    return [item.strip() for item in _SEPARATORS.split(text or "") if item and item.strip()]


def parse_goals(text: str) -> ParsedGoals:
    """ "11;17", "SDG 11, SDG 17", "Goal 11", "11 , 17" -> goals (11, 17).

    "SDG 11 dan 17" also works. Anything that is not a whole number 1..17 after removing the
    "SDG"/"Goal"/"Tujuan" prefix is returned in `invalid`.
    """
    found: set[int] = set()
    invalid: list[str] = []
    for item in _split_items(text):
        bare = _GOAL_PREFIX.sub("", item, count=1).strip()
        # "11.0" from a spreadsheet number cell is goal 11.
        number = re.fullmatch(r"0*(\d{1,2})(?:\.0+)?", bare)
        if number and 1 <= int(number.group(1)) <= GOAL_COUNT:
            found.add(int(number.group(1)))
        else:
            invalid.append(item)
    return ParsedGoals(tuple(sorted(found)), tuple(invalid))


def normalize_target(code: str) -> str:
    """ "Target 17.17" -> "17.17"; " 1.A " -> "1.a"; leading zeros dropped ("06.1" -> "6.1")."""
    bare = _TARGET_PREFIX.sub("", (code or "").strip(), count=1).strip().lower()
    match = re.fullmatch(r"0*(\d{1,2})\s*\.\s*([0-9]{1,2}|[a-z])", bare)
    if not match:
        return bare
    goal_part, target_part = match.groups()
    if target_part.isdigit():
        target_part = str(int(target_part))
    return f"{int(goal_part)}.{target_part}"


def target_sort_key(code: str) -> tuple[int, int, str]:
    """Numeric order of target codes: 1.1 < 1.2 < 1.10 < 1.a."""
    goal_part, target_part = code.split(".", 1)
    if target_part.isdigit():
        return (int(goal_part), int(target_part), "")
    return (int(goal_part), 100, target_part)


def parse_targets(text: str) -> ParsedTargets:
    """ "17.17; 11.3" or "Target 11.a, 17.9" -> targets; unknown codes ("17.20") in `invalid`."""
    valid = target_codes()
    found: set[str] = set()
    invalid: list[str] = []
    for item in _split_items(text):
        code = normalize_target(item)
        if code in valid:
            found.add(code)
        else:
            invalid.append(item)
    return ParsedTargets(tuple(sorted(found, key=target_sort_key)), tuple(invalid))
