"""What the trainings of a view covered: per year, the latest ones, and per SDG goal and target.

Inputs are the filtered frames of `atlas.filters.FilteredView`; the counting rules are those of
atlas.metrics (participants = delegates, a government = a distinct resolved region), which
counts who was reached.
"""

from __future__ import annotations

import pandas as pd

from atlas import sdg
from atlas.metrics import DELEGATES, resolved
from atlas.schema import PROVINCE_CODE, PROVINCE_NAME, REGION_CODE


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
    frame = frame.sort_values("target", key=lambda codes: codes.map(sdg.target_sort_key))
    return frame.reset_index(drop=True)[columns]
