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
    REGION_LAT,
    REGION_LON,
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

# aggregate_regions and aggregate_provinces: one row per region / province of the view.
AGGREGATED_REGION_COLUMNS = [
    REGION_CODE,
    REGION_NAME,
    REGION_TYPE,
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_LAT,
    REGION_LON,
    "participants",
    "trainings",
    "titles",
]
AGGREGATED_PROVINCE_COLUMNS = [
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_LAT,
    REGION_LON,
    "participants",
    "governments",
    "trainings",
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


def _mapped_rows(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows resolved to a region with coordinates (others cannot be drawn)."""
    if participants.empty:
        return participants
    mask = participants[REGION_CODE].notna()
    if REGION_STATUS in participants.columns:
        mask &= participants[REGION_STATUS].eq("resolved")
    mask &= participants[REGION_LAT].notna() & participants[REGION_LON].notna()
    return participants.loc[mask]


def aggregate_regions(participants: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved region: participants (sum of delegates), trainings (distinct
    training ids), titles (sorted tuple of distinct titles), level, province and coordinates.
    Sorted by participants, largest first (drawn first, so smaller markers stay clickable)."""
    rows = _mapped_rows(participants)
    if rows.empty:
        return pd.DataFrame(columns=AGGREGATED_REGION_COLUMNS)
    titles = rows["title"] if "title" in rows.columns else rows["training_id"]
    grouped = rows.assign(_title=titles.fillna("").astype(str)).groupby(REGION_CODE, sort=True)
    aggregated = grouped.agg(
        region_name=(REGION_NAME, "first"),
        region_type=(REGION_TYPE, "first"),
        province_code=(PROVINCE_CODE, "first"),
        province_name=(PROVINCE_NAME, "first"),
        lat=(REGION_LAT, "first"),
        lon=(REGION_LON, "first"),
        participants=("delegates", "sum"),
        trainings=("training_id", "nunique"),
        titles=("_title", lambda s: tuple(sorted({x for x in s if x}))),
    ).reset_index()
    aggregated["participants"] = aggregated["participants"].astype("int64")
    aggregated["trainings"] = aggregated["trainings"].astype("int64")
    aggregated = aggregated.sort_values(
        ["participants", REGION_CODE], ascending=[False, True], kind="stable"
    )
    return aggregated[AGGREGATED_REGION_COLUMNS].reset_index(drop=True)


def aggregate_provinces(
    participants: pd.DataFrame, gazetteer_regions: pd.DataFrame
) -> pd.DataFrame:
    """One row per province with any resolved participant: participants, governments reached
    (distinct region codes, the province government itself included) and trainings, placed at
    the province's coordinates from the gazetteer."""
    rows = _mapped_rows(participants)
    if rows.empty:
        return pd.DataFrame(columns=AGGREGATED_PROVINCE_COLUMNS)
    grouped = rows.groupby(PROVINCE_CODE, sort=True).agg(
        province_name=(PROVINCE_NAME, "first"),
        participants=("delegates", "sum"),
        governments=(REGION_CODE, "nunique"),
        trainings=("training_id", "nunique"),
    )
    provinces = gazetteer_regions.loc[
        gazetteer_regions["type"].eq("provinsi"), ["code", "lat", "lon"]
    ]
    placed = grouped.join(provinces.set_index("code"), how="left").reset_index()
    placed = placed.rename(columns={"index": PROVINCE_CODE})
    placed = placed.dropna(subset=["lat", "lon"])
    for column in ("participants", "governments", "trainings"):
        placed[column] = placed[column].astype("int64")
    return placed[AGGREGATED_PROVINCE_COLUMNS].reset_index(drop=True)


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
