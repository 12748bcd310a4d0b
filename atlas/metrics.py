"""The numbers behind every KPI, chart and table of the dashboard (pure pandas).

Inputs are the filtered frames of `atlas.filters.FilteredView` (columns per `atlas.schema`).
Counting rules, stated once:
- participants = sum of `delegates` (a delegation row counts its size);
- a government is a distinct *resolved* region code (kota, kabupaten or provinsi);
- a province is reached when any resolved participant row lies in it (its own government or one
  of its kota/kabupaten);
- coverage denominators come from the gazetteer and the SDG catalogue, never from constants.
"""

from __future__ import annotations

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
    trainings: pd.DataFrame, participants: pd.DataFrame, regions: pd.DataFrame
) -> Kpis:
    """The Overview KPIs for a filtered view; `regions` is the gazetteer's regions table."""
    totals = region_totals(regions)
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


def trainings_per_year(trainings: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """year, trainings, participants for every year from the first to the last (gaps = 0)."""
    columns = ["year", "trainings", "participants"]
    if trainings.empty:
        return pd.DataFrame(columns=columns).astype("int64")
    per_year = trainings.groupby("year")["training_id"].nunique().rename("trainings")
    delegates = participants.groupby("year")[DELEGATES].sum().rename("participants")
    years = range(int(trainings["year"].min()), int(trainings["year"].max()) + 1)
    frame = pd.concat([per_year, delegates], axis=1).reindex(years, fill_value=0).fillna(0)
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


def goal_coverage(trainings: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """goal, trainings, participants, governments for all 17 goals (0 where not addressed)."""
    goal_numbers = [goal.number for goal in sdg.goals()]
    per_training = _explode_goals(trainings).groupby("goal")["training_id"].nunique()
    rows = _explode_goals(participants)
    per_participants = rows.groupby("goal")[DELEGATES].sum()
    per_governments = resolved(rows).groupby("goal")[REGION_CODE].nunique()
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
    rows = _explode_goals(resolved(participants))
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = (
        rows.groupby([PROVINCE_CODE, PROVINCE_NAME, "goal"])[DELEGATES]
        .sum()
        .rename("participants")
        .reset_index()
    )
    return frame.sort_values([PROVINCE_NAME, "goal"]).reset_index(drop=True)[columns]


def goals_per_year(trainings: pd.DataFrame) -> pd.DataFrame:
    """year, goal, trainings: how many trainings of each start year address each goal."""
    columns = ["year", "goal", "trainings"]
    rows = _explode_goals(trainings)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    frame = rows.groupby(["year", "goal"])["training_id"].nunique().rename("trainings")
    return frame.reset_index().sort_values(["year", "goal"]).reset_index(drop=True)[columns]


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
