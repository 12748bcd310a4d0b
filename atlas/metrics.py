"""The numbers behind every KPI, chart and table of the dashboard (pure pandas).

Inputs are the filtered frames of `atlas.filters.FilteredView` (columns per `atlas.schema`).
Counting rules, stated once:
- participants = sum of `delegates` (a delegation row counts its size);
- a government is a distinct *resolved* region code (kota, kabupaten or provinsi);
- a province is reached when any resolved participant row lies in it (its own government or one
  of its kota/kabupaten);
- coverage denominators come from the gazetteer and the SDG catalogue, never from constants,
  and are those of the selected provinces (all 38 when none is selected);
- "reached" always means reached *in the current view*: a region whose only participants came
  to trainings outside the filters (other years, trainings, goals) is not reached in this view,
  so it appears in `unreached_regions`; pass `reached_elsewhere` to flag such regions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from atlas import sdg
from atlas.schema import (
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_CODE,
    REGION_NAME,
    REGION_STATUS,
    REGION_TYPE,
)

DELEGATES = "delegates"
LOCAL_LEVELS = ("kota", "kabupaten")  # the local governments coverage and not-reached lists count
UNREACHED_COLUMNS = [
    REGION_CODE,
    REGION_NAME,
    "level",
    PROVINCE_CODE,
    PROVINCE_NAME,
    "lat",
    "lon",
    "reached_outside_view",
]


@dataclass(frozen=True)
class Coverage:
    reached: int
    total: int

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0


@dataclass(frozen=True)
class Kpis:
    trainings: int
    participants: int
    governments: int
    provinces: Coverage  # provinces with any government reached (its own or a kota/kabupaten)
    provincial_governments: int  # provincial governments (Pemprov) themselves reached
    kota: Coverage
    kabupaten: Coverage
    goals: Coverage
    unmapped_rows: int  # participant rows whose region is ambiguous or unresolved


def region_totals(regions: pd.DataFrame) -> dict[str, int]:
    """Number of regions per type in the gazetteer: {"provinsi": 38, "kota": 98, ...}."""
    counts = regions["type"].value_counts()
    return {level: int(counts.get(level, 0)) for level in ("provinsi", "kota", "kabupaten")}


def _regions_of_provinces(
    gazetteer_regions: pd.DataFrame, provinces: Sequence[str] | tuple
) -> pd.DataFrame:
    """The gazetteer rows of the selected province codes; all rows when none is selected."""
    if not provinces:
        return gazetteer_regions
    return gazetteer_regions[gazetteer_regions["province_code"].isin(set(provinces))]


def coverage_denominators(
    gazetteer_regions: pd.DataFrame, provinces: Sequence[str] | tuple = ()
) -> dict[str, int]:
    """Regions per type within the selected provinces (every province when none is selected):
    {"provinsi": 1, "kota": 9, "kabupaten": 29} for Jawa Timur ("35")."""
    return region_totals(_regions_of_provinces(gazetteer_regions, provinces))


def unreached_regions(
    gazetteer_regions: pd.DataFrame,
    reached_codes: Iterable[str],
    provinces: Sequence[str] | tuple = (),
    *,
    levels: Collection[str] = LOCAL_LEVELS,
    reached_elsewhere: Iterable[str] = (),
) -> pd.DataFrame:
    """The kota and kabupaten of the selected provinces (all when none) not in `reached_codes`.

    `reached_codes` are the region codes reached in the current view. `levels` narrows the
    list to some of "kota" / "kabupaten" (e.g. a government-level filter). `reached_elsewhere`
    are codes reached by trainings outside the view: such rows get reached_outside_view=True.
    Columns: UNREACHED_COLUMNS; ordered by province name, kota before kabupaten, then name."""
    wanted = [level for level in LOCAL_LEVELS if level in set(levels)]
    rows = _regions_of_provinces(gazetteer_regions, provinces)
    rows = rows[rows["type"].isin(wanted) & ~rows["code"].isin(set(reached_codes))]
    elsewhere = set(reached_elsewhere)
    frame = pd.DataFrame(
        {
            REGION_CODE: rows["code"].astype(str),
            REGION_NAME: rows["name"].astype(str),
            "level": rows["type"].astype(str),
            PROVINCE_CODE: rows["province_code"].astype(str),
            PROVINCE_NAME: rows["province_name"].astype(str),
            "lat": pd.to_numeric(rows["lat"], errors="coerce"),
            "lon": pd.to_numeric(rows["lon"], errors="coerce"),
            "reached_outside_view": rows["code"].isin(elsewhere),
        }
    )
    frame["_level_order"] = frame["level"].map({level: i for i, level in enumerate(LOCAL_LEVELS)})
    frame = frame.sort_values([PROVINCE_NAME, "_level_order", REGION_NAME, REGION_CODE])
    return frame.drop(columns="_level_order").reset_index(drop=True)[UNREACHED_COLUMNS]


def reached_region_codes(participants: pd.DataFrame) -> set[str]:
    """The distinct resolved region codes of participant rows (what "reached" counts)."""
    # Distinct values first: the set is built from ~500 codes, not from every row.
    codes = participants.loc[participants[REGION_STATUS] == "resolved", REGION_CODE]
    return {str(code) for code in codes.dropna().unique()}


def resolved(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows with a resolved region."""
    return participants[participants[REGION_STATUS] == "resolved"]


def total_participants(participants: pd.DataFrame) -> int:
    return int(participants[DELEGATES].sum()) if not participants.empty else 0


def goals_addressed(trainings: pd.DataFrame) -> set[int]:
    """The SDG goals at least one training lists."""
    found: set[int] = set()
    for goals in trainings["sdg_goals"]:
        found.update(goals or ())
    return found


def compute_kpis(
    trainings: pd.DataFrame,
    participants: pd.DataFrame,
    regions: pd.DataFrame,
    provinces: Sequence[str] | tuple = (),
) -> Kpis:
    """The Overview KPIs for a filtered view; `regions` is the gazetteer's regions table and
    `provinces` the selected province codes, whose regions are the denominators."""
    totals = coverage_denominators(regions, provinces)
    reached = resolved(participants)
    codes_by_type = reached.groupby(REGION_TYPE)[REGION_CODE].nunique()
    return Kpis(
        trainings=int(trainings["training_id"].nunique()),
        participants=total_participants(participants),
        governments=int(reached[REGION_CODE].nunique()),
        provinces=Coverage(int(reached[PROVINCE_CODE].nunique()), totals["provinsi"]),
        provincial_governments=int(codes_by_type.get("provinsi", 0)),
        kota=Coverage(int(codes_by_type.get("kota", 0)), totals["kota"]),
        kabupaten=Coverage(int(codes_by_type.get("kabupaten", 0)), totals["kabupaten"]),
        goals=Coverage(len(goals_addressed(trainings)), len(sdg.goals())),
        unmapped_rows=int(len(participants) - len(reached)),
    )


def coverage_table(kpis: Kpis) -> pd.DataFrame:
    """measure, reached, total, share of the coverage tiles (what their download holds): the
    totals are those of the view (the selected provinces' regions)."""
    rows = [
        ("provinces", kpis.provinces),
        ("kota", kpis.kota),
        ("kabupaten", kpis.kabupaten),
        ("goals", kpis.goals),
    ]
    return pd.DataFrame(
        [
            {
                "measure": name,
                "reached": coverage.reached,
                "total": coverage.total,
                "share": round(coverage.share, 4),
            }
            for name, coverage in rows
        ]
    )


def year_axis(trainings: pd.DataFrame, years: tuple[int, int] | None = None) -> list[int]:
    """Every year of a time axis, in order: `years` (the chosen range, or the dataset's) when
    given, else the first to the last start year of `trainings`; [] when there is nothing."""
    if years is not None:
        first, last = years
    elif trainings.empty:
        return []
    else:
        first, last = int(trainings["year"].min()), int(trainings["year"].max())
    return list(range(int(first), int(last) + 1))


def trainings_per_year(
    trainings: pd.DataFrame,
    participants: pd.DataFrame,
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """year, trainings, participants for every year of `year_axis` (in order, gaps = 0)."""
    columns = ["year", "trainings", "participants"]
    axis = year_axis(trainings, years)
    if trainings.empty or not axis:
        return pd.DataFrame(columns=columns).astype("int64")
    per_year = trainings.groupby("year")["training_id"].nunique().rename("trainings")
    delegates = participants.groupby("year")[DELEGATES].sum().rename("participants")
    frame = pd.concat([per_year, delegates], axis=1).reindex(axis, fill_value=0).fillna(0)
    frame.index.name = "year"
    return frame.astype("int64").reset_index()[columns]


def latest_trainings(
    trainings: pd.DataFrame, participants: pd.DataFrame, limit: int = 10
) -> pd.DataFrame:
    """The newest trainings first with their participants and governments in the view."""
    columns = [
        "training_id",
        "title",
        "start_date",
        "end_date",
        "venue_name",
        "sdg_goals",
        "participants",
        "governments",
    ]
    if trainings.empty:
        return pd.DataFrame(columns=columns)
    delegates = participants.groupby("training_id")[DELEGATES].sum().rename("participants")
    governments = (
        resolved(participants).groupby("training_id")[REGION_CODE].nunique().rename("governments")
    )
    frame = trainings.sort_values(["start_date", "training_id"], ascending=[False, True]).head(
        limit
    )
    frame = frame.join(delegates, on="training_id").join(governments, on="training_id")
    frame[["participants", "governments"]] = (
        frame[["participants", "governments"]].fillna(0).astype("int64")
    )
    if "venue_name" not in frame:
        frame["venue_name"] = None
    frame["venue_name"] = frame["venue_name"].where(frame["venue_name"].notna(), frame["venue"])
    return frame[columns].reset_index(drop=True)


def _explode_goals(frame: pd.DataFrame) -> pd.DataFrame:
    exploded = frame.assign(goal=frame["sdg_goals"].map(lambda goals: list(goals or ())))
    exploded = exploded.explode("goal")
    exploded = exploded[exploded["goal"].notna()]
    return exploded.astype({"goal": "int64"})


def goal_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Tidy training_id, goal: one row per goal of each distinct training in `frame` (trainings,
    or participant rows carrying their training's sdg_goals). Per-goal figures join this small
    table to aggregates instead of exploding every participant row into one row per goal."""
    if frame.empty:
        return pd.DataFrame({"training_id": [], "goal": pd.Series([], dtype="int64")})
    distinct = frame.drop_duplicates("training_id")[["training_id", "sdg_goals"]]
    return _explode_goals(distinct)[["training_id", "goal"]].reset_index(drop=True)


def goal_coverage(trainings: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """goal, trainings, participants, governments for all 17 goals (0 where not addressed)."""
    goal_numbers = [goal.number for goal in sdg.goals()]
    per_training = goal_table(trainings).groupby("goal")["training_id"].nunique()
    goals = goal_table(participants)
    delegates = participants.groupby("training_id", as_index=False)[DELEGATES].sum()
    per_participants = delegates.merge(goals, on="training_id").groupby("goal")[DELEGATES].sum()
    governments = resolved(participants)[["training_id", REGION_CODE]].drop_duplicates()
    per_governments = (
        governments.merge(goals, on="training_id").groupby("goal")[REGION_CODE].nunique()
    )
    frame = pd.DataFrame(
        {
            "trainings": per_training,
            "participants": per_participants,
            "governments": per_governments,
        }
    )
    frame = frame.reindex(goal_numbers).fillna(0).astype("int64")
    frame.index.name = "goal"
    return frame.reset_index()


def province_goal_matrix(participants: pd.DataFrame) -> pd.DataFrame:
    """Long table province_code, province_name, goal, participants (delegates) for resolved
    rows; only combinations with participants appear."""
    columns = [PROVINCE_CODE, PROVINCE_NAME, "goal", "participants"]
    rows = resolved(participants)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    keys = ["training_id", PROVINCE_CODE, PROVINCE_NAME]
    per_training = rows.groupby(keys, as_index=False)[DELEGATES].sum()
    frame = (
        per_training.merge(goal_table(rows), on="training_id")
        .groupby([PROVINCE_CODE, PROVINCE_NAME, "goal"])[DELEGATES]
        .sum()
        .rename("participants")
        .reset_index()
    )
    if frame.empty:
        return pd.DataFrame(columns=columns)
    return frame.sort_values([PROVINCE_NAME, "goal"]).reset_index(drop=True)[columns]


def goals_per_year(trainings: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """year, goal, trainings: how many trainings of each start year address each goal, for
    every year of `year_axis` and every goal the trainings address (0 where none), ordered by
    year then goal."""
    columns = ["year", "goal", "trainings"]
    rows = _explode_goals(trainings)
    axis = year_axis(trainings, years)
    if rows.empty or not axis:
        return pd.DataFrame(columns=columns).astype("int64")
    counts = rows.groupby(["year", "goal"])["training_id"].nunique().rename("trainings")
    grid = pd.MultiIndex.from_product(
        [axis, sorted(int(goal) for goal in rows["goal"].unique())], names=["year", "goal"]
    )
    frame = counts.reindex(grid, fill_value=0).astype("int64").reset_index()
    return frame[columns]


def _target_order(code: str) -> tuple[int, int, str]:
    """Numeric order of target codes: 1.1 < 1.2 < 1.10 < 1.a."""
    goal_part, target_part = code.split(".", 1)
    if target_part.isdigit():
        return (int(goal_part), int(target_part), "")
    return (int(goal_part), 100, target_part)


def targets_used(trainings: pd.DataFrame) -> pd.DataFrame:
    """target, goal, trainings for each SDG target code the trainings list."""
    columns = ["target", "goal", "trainings"]
    rows = trainings.assign(target=trainings["sdg_targets"].map(lambda codes: list(codes or ())))
    rows = rows.explode("target")
    rows = rows[rows["target"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = rows.groupby("target")["training_id"].nunique().rename("trainings").reset_index()
    frame["goal"] = frame["target"].map(sdg.target_goal)
    frame = frame.sort_values("target", key=lambda codes: codes.map(_target_order))
    return frame.reset_index(drop=True)[columns]


def participants_by_region(participants: pd.DataFrame) -> pd.DataFrame:
    """region_code, region_name, region_type, province_name, trainings, participants for resolved
    rows, most participants first (the aggregate behind maps and region tables)."""
    columns = [REGION_CODE, REGION_NAME, REGION_TYPE, PROVINCE_NAME, "trainings", "participants"]
    rows = resolved(participants)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = rows.groupby([REGION_CODE, REGION_NAME, REGION_TYPE, PROVINCE_NAME]).agg(
        trainings=("training_id", "nunique"), participants=(DELEGATES, "sum")
    )
    frame = frame.reset_index().sort_values(["participants", REGION_NAME], ascending=[False, True])
    return frame.reset_index(drop=True)[columns]


def region_status_counts(participants: pd.DataFrame) -> dict[str, int]:
    """Participant rows per region status: {"resolved": 130, "ambiguous": 18, "unresolved": 6}."""
    counts = participants[REGION_STATUS].value_counts()
    return {
        status: int(counts.get(status, 0)) for status in ("resolved", "ambiguous", "unresolved")
    }


def unmapped_regions(participants: pd.DataFrame, status: str) -> pd.DataFrame:
    """Rows whose region is `status` ("ambiguous" | "unresolved"): line, input, institution,
    candidates — what the quality report lists."""
    rows = participants[participants[REGION_STATUS] == status]
    frame = pd.DataFrame(
        {
            "line": rows["line"],
            "training_id": rows["training_id"],
            "institution": rows["institution"],
            "region": rows["region"],
            "candidates": rows.get(
                "region_candidates", pd.Series(index=rows.index, dtype=object)
            ).map(lambda names: "; ".join(names) if isinstance(names, tuple | list) else ""),
        }
    )
    return frame.sort_values("line").reset_index(drop=True)
