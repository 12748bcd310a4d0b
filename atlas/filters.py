"""The sidebar filters as a value, and applying them to a Dataset (pure pandas).

Semantics, the same on every page:
- training-level filters (year range, training, SDG goal) select trainings; participants follow
  their training;
- region-level filters (province, government level) select participant rows by their *resolved*
  region; then only trainings that reached at least one selected region remain.
  Ambiguous/unresolved rows have no province or level, so they drop out when such a filter is on.
An empty selection means "all".

When the dataset changes (bundled, demo, an upload, a new version), `restrict_filters` drops
every filter value the new dataset does not contain (`filter_options`) and resets the year
range to the new dataset's full range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas.gazetteer import Gazetteer, compact
from atlas.memo import Memo
from atlas.schema import PROVINCE_CODE, REGION_STATUS, REGION_TYPE, Dataset


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

    def active(self) -> tuple[str, ...]:
        """Names of the filters that restrict the view, in sidebar order."""
        chosen = {
            "provinces": bool(self.provinces),
            "years": self.years is not None,
            "trainings": bool(self.trainings),
            "goals": bool(self.goals),
            "levels": bool(self.levels),
        }
        return tuple(name for name, on in chosen.items() if on)


@dataclass(frozen=True)
class FilterOptions:
    """The values of a dataset the filters can select (what "the dataset contains")."""

    years: tuple[int, int] | None
    trainings: frozenset[str]
    provinces: frozenset[str]  # province codes of resolved participant rows
    goals: frozenset[int]
    levels: frozenset[str]

    @property
    def single_year(self) -> int | None:
        """The year when every training starts in the same year (no range to choose)."""
        if self.years is not None and self.years[0] == self.years[1]:
            return self.years[0]
        return None


def filter_options(dataset: Dataset) -> FilterOptions:
    """What `dataset` contains for each filter."""
    trainings = dataset.trainings
    participants = dataset.participants
    goals: set[int] = set()
    for listed in trainings["sdg_goals"]:
        goals.update(int(goal) for goal in listed or ())
    resolved = participants[participants[REGION_STATUS] == "resolved"]
    return FilterOptions(
        years=year_bounds(trainings),
        trainings=frozenset(trainings["training_id"].astype(str)),
        provinces=frozenset(resolved[PROVINCE_CODE].dropna().astype(str)),
        goals=frozenset(goals),
        levels=frozenset(resolved[REGION_TYPE].dropna().astype(str)),
    )


def options_of(dataset: Dataset) -> FilterOptions:
    """filter_options(dataset), computed once per dataset."""
    return dataset.derived.get("filter_options", lambda: filter_options(dataset))


def restrict_filters(filters: Filters, options: FilterOptions) -> Filters:
    """The filters a new dataset keeps: values it does not contain dropped, the year range
    reset to its full range (None)."""
    return Filters(
        provinces=tuple(code for code in filters.provinces if code in options.provinces),
        years=None,
        trainings=tuple(tid for tid in filters.trainings if tid in options.trainings),
        goals=tuple(goal for goal in filters.goals if goal in options.goals),
        levels=tuple(level for level in filters.levels if level in options.levels),
    )


def province_code_for(gazetteer: Gazetteer, text: object) -> str | None:
    """The province code a link value names: the official name in any case ("jawa timur"), a
    gazetteer alias ("Jatim", "East Java") or the Kemendagri code ("35"); None otherwise."""
    key = compact(str(text or ""))
    if not key:
        return None
    provinces = gazetteer.regions[gazetteer.regions["type"] == "provinsi"]
    codes = set(provinces["code"])
    if key in codes:
        return key
    candidates = [
        code
        for index in (gazetteer.by_name, gazetteer.by_alias)
        for code in index.get(key, ())
        if code in codes
    ]
    found = set(candidates)
    return found.pop() if len(found) == 1 else None


# Views kept per dataset (the last ones asked for): each holds its rows' frames.
VIEW_ENTRIES = 8


@dataclass(frozen=True)
class FilteredView:
    """The rows of a Dataset that pass the filters (same columns as the Dataset's frames).
    `derived` holds what pages compute from this view (shared with every viewer of it)."""

    trainings: pd.DataFrame
    participants: pd.DataFrame
    filters: Filters = Filters()  # what selected these rows
    derived: Memo = field(default_factory=Memo, repr=False, compare=False)

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


def training_mask(trainings: pd.DataFrame, filters: Filters) -> pd.Series:
    """True for trainings passing the training-level filters (years, training ids, goals)."""
    mask = pd.Series(True, index=trainings.index)
    if filters.years is not None:
        first, last = filters.years
        mask &= trainings["year"].between(first, last)
    if filters.trainings:
        mask &= trainings["training_id"].isin(filters.trainings)
    if filters.goals:
        mask &= _goal_mask(trainings["sdg_goals"], filters.goals)
    return mask


def participant_mask(participants: pd.DataFrame, filters: Filters) -> pd.Series:
    """True for participant rows whose resolved region passes the region-level filters."""
    mask = pd.Series(True, index=participants.index)
    if filters.provinces:
        mask &= participants[PROVINCE_CODE].isin(filters.provinces)
    if filters.levels:
        mask &= participants[REGION_TYPE].isin(filters.levels)
    return mask


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows of `frame` where `mask` holds. All of them: a new frame object over the same
    data (pandas' copy-on-write keeps the shared frame unchanged whatever the page does with
    it), so an unfiltered view copies nothing."""
    if bool(mask.all()):
        return frame.copy(deep=False)
    return frame[mask]


def apply_filters(dataset: Dataset, filters: Filters) -> FilteredView:
    """The filtered trainings and participants; see the module docstring for the rules.

    Filters are boolean masks over the dataset's frames, which may be shared by every session
    (a published version): nothing is copied when a mask keeps every row."""
    trainings_mask = training_mask(dataset.trainings, filters)
    participants = dataset.participants
    mask = participant_mask(participants, filters)
    if not bool(trainings_mask.all()):
        kept = dataset.trainings.loc[trainings_mask.to_numpy(), "training_id"]
        mask &= participants["training_id"].isin(kept)
    if filters.restricts_regions:
        reached = participants.loc[mask.to_numpy(), "training_id"].unique()
        trainings_mask &= dataset.trainings["training_id"].isin(reached)
    return FilteredView(
        trainings=_rows(dataset.trainings, trainings_mask),
        participants=_rows(participants, mask),
        filters=filters,
    )


def view_of(dataset: Dataset, filters: Filters) -> FilteredView:
    """apply_filters(dataset, filters), computed once per dataset and filters (the last
    VIEW_ENTRIES views of a dataset are kept): every viewer of the same view shares it."""
    views = dataset.derived.get("views", lambda: Memo(VIEW_ENTRIES))
    return views.get(filters, lambda: apply_filters(dataset, filters))
