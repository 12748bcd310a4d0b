"""The sidebar filters as a value, and applying them to a Dataset (pure pandas).

Semantics, the same on every page:
- training-level filters (year range, training, SDG goal) select trainings; participants follow
  their training;
- region-level filters (province, government level) select participant rows by their *resolved*
  region; then only trainings that reached at least one selected region remain.
  Ambiguous/unresolved rows have no province or level, so they drop out when such a filter is on.
An empty selection means "all".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.schema import PROVINCE_CODE, REGION_TYPE, Dataset


@dataclass(frozen=True)
class Filters:
    """What the user chose in the sidebar; empty tuples / None mean "no restriction"."""

    provinces: tuple[str, ...] = ()  # province codes, "35"
    years: tuple[int, int] | None = None  # inclusive start-year range
    trainings: tuple[str, ...] = ()  # training_id values
    goals: tuple[int, ...] = ()  # SDG goal numbers 1..17
    levels: tuple[str, ...] = ()  # "provinsi" | "kota" | "kabupaten"

    @property
    def restricts_regions(self) -> bool:
        return bool(self.provinces or self.levels)


@dataclass(frozen=True)
class FilteredView:
    """The rows of a Dataset that pass the filters (same columns as the Dataset's frames)."""

    trainings: pd.DataFrame
    participants: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        return self.trainings.empty


def year_bounds(trainings: pd.DataFrame) -> tuple[int, int] | None:
    """Smallest and largest start year of the trainings, None when there are none."""
    if trainings.empty or "year" not in trainings:
        return None
    years = pd.to_numeric(trainings["year"], errors="coerce").dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())


def _goal_mask(goals_column: pd.Series, wanted: tuple[int, ...]) -> pd.Series:
    wanted_set = set(wanted)
    return goals_column.map(lambda goals: bool(wanted_set.intersection(goals or ())))


def select_trainings(trainings: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Trainings passing the training-level filters (years, training ids, goals)."""
    mask = pd.Series(True, index=trainings.index)
    if filters.years is not None:
        first, last = filters.years
        mask &= trainings["year"].between(first, last)
    if filters.trainings:
        mask &= trainings["training_id"].isin(filters.trainings)
    if filters.goals:
        mask &= _goal_mask(trainings["sdg_goals"], filters.goals)
    return trainings[mask]


def select_participants(participants: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Participant rows whose resolved region passes the region-level filters."""
    mask = pd.Series(True, index=participants.index)
    if filters.provinces:
        mask &= participants[PROVINCE_CODE].isin(filters.provinces)
    if filters.levels:
        mask &= participants[REGION_TYPE].isin(filters.levels)
    return participants[mask]


def apply_filters(dataset: Dataset, filters: Filters) -> FilteredView:
    """The filtered trainings and participants; see the module docstring for the rules."""
    trainings = select_trainings(dataset.trainings, filters)
    participants = dataset.participants[
        dataset.participants["training_id"].isin(trainings["training_id"])
    ]
    participants = select_participants(participants, filters)
    if filters.restricts_regions:
        trainings = trainings[trainings["training_id"].isin(participants["training_id"])]
    return FilteredView(trainings=trainings.copy(), participants=participants.copy())
