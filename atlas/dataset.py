"""From two input files to one `schema.Dataset`: read, validate, resolve regions, join.

Pure (no streamlit): the UI caches `build_dataset` keyed by file bytes. A file that cannot be
read at all raises `atlas.loading.UnreadableFileError` (a missing required column is one:
`atlas.validation.MissingColumnsError`); every readable row is accepted or reported.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from atlas import REPO_DATA_DIR
from atlas.gazetteer import Gazetteer, load_gazetteer
from atlas.loading import read_table
from atlas.participant_regions import FUZZY_SKIPPED, resolve_participants
from atlas.resolver import resolve_venue
from atlas.schema import (
    LINE,
    PARTICIPANT_COLUMNS,
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_CANDIDATES,
    REGION_CODE,
    REGION_LAT,
    REGION_LON,
    REGION_METHOD,
    REGION_NAME,
    REGION_STATUS,
    REGION_TYPE,
    Dataset,
    RegionMatch,
)
from atlas.validation import validate_participants, validate_trainings

SharedDataset = TypeVar("SharedDataset", bound=Dataset)  # a Dataset or a PublishedDataset

DATA_DIR_ENV = "ATLAS_DATA_DIR"
TRAININGS_FILE = "trainings.csv"
PARTICIPANTS_FILE = "participants.csv"

REGION_COLUMNS = (
    REGION_STATUS,
    REGION_CODE,
    REGION_NAME,
    REGION_TYPE,
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGION_METHOD,
    REGION_CANDIDATES,
    REGION_LAT,
    REGION_LON,
)
# The training columns copied onto every participant row of the joined frame.
JOINED_TRAINING_COLUMNS = ("title", "start_date", "end_date", "year", "sdg_goals", "sdg_targets")
VENUE_CODE = "venue_code"
VENUE_NAME = "venue_name"
VENUE_STATUS = "venue_status"


def data_dir() -> Path:
    """The folder with trainings.csv and participants.csv: $ATLAS_DATA_DIR, else repo data/."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else REPO_DATA_DIR


def demo_dir() -> Path:
    """The synthetic demo dataset shipped with the app (never taken from ATLAS_DATA_DIR)."""
    return REPO_DATA_DIR / "demo"


def default_gazetteer() -> Gazetteer:
    """The gazetteer in the repo's data/ (regions.csv and region_aliases.csv)."""
    return load_gazetteer()


def resolve_participant_regions(participants: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Accepted participants plus every region column of atlas.schema (REGION_COLUMNS)."""
    resolved = resolve_participants(participants, gazetteer)
    missing = [column for column in REGION_COLUMNS if column not in resolved.columns]
    if missing:
        raise RuntimeError(f"region resolution did not add {', '.join(missing)}")
    return resolved


def resolve_venues(trainings: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Add venue_status, venue_code and venue_name (None when blank or not resolved); each
    distinct venue resolved once. A blank venue has status None."""
    result = trainings.copy()
    matches: dict[str, RegionMatch | None] = {
        venue: resolve_venue(gazetteer, venue) if venue else None
        for venue in result["venue"].unique()
    }
    found = [matches[venue] for venue in result["venue"]]

    def column(values: list[str | None]) -> pd.Series:
        return pd.Series(values, index=result.index, dtype=object)

    result[VENUE_STATUS] = column([m.status if m else None for m in found])
    result[VENUE_CODE] = column([m.code if m and m.status == "resolved" else None for m in found])
    result[VENUE_NAME] = column([m.name if m and m.status == "resolved" else None for m in found])
    return result


def join_participants(participants: pd.DataFrame, trainings: pd.DataFrame) -> pd.DataFrame:
    """Participants (with region columns) plus their training's title, dates, year and SDGs."""
    training_part = trainings[["training_id", *JOINED_TRAINING_COLUMNS]]
    joined = participants.merge(training_part, on="training_id", how="left", validate="m:1")
    ordered = [
        *[c for c in PARTICIPANT_COLUMNS if c in joined.columns],
        LINE,
        *REGION_COLUMNS,
        *JOINED_TRAINING_COLUMNS,
    ]
    rest = [c for c in joined.columns if c not in ordered]
    return joined[ordered + rest]


def build_dataset(
    trainings_bytes: bytes,
    trainings_name: str,
    participants_bytes: bytes,
    participants_name: str,
    gazetteer: Gazetteer | None = None,
    *,
    synthetic: bool = False,
    source: str = "bundled",
) -> Dataset:
    """Read, validate, resolve and join two input files into a Dataset.

    Participants are checked against the *accepted* trainings, so a participant of a rejected
    training is rejected too (its reason says so). Raises UnreadableFileError when a file
    cannot be read at all.
    """
    if gazetteer is None:
        gazetteer = default_gazetteer()
    trainings_raw = read_table(trainings_bytes, trainings_name, table="trainings")
    participants_raw = read_table(participants_bytes, participants_name, table="participants")
    trainings, trainings_report = validate_trainings(trainings_raw)
    participants, participants_report = validate_participants(
        participants_raw, set(trainings["training_id"])
    )
    trainings["year"] = trainings["start_date"].dt.year.astype("int64")
    trainings = resolve_venues(trainings, gazetteer)
    participants = resolve_participant_regions(participants, gazetteer)
    typo_search_skipped = int(participants.attrs.get(FUZZY_SKIPPED, 0))
    joined = join_participants(participants, trainings)
    return Dataset(
        trainings=trainings,
        participants=joined,
        trainings_report=trainings_report,
        participants_report=participants_report,
        synthetic=synthetic,
        source=source,
        typo_search_skipped=typo_search_skipped,
    )


def share_repeated_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text column's repeated values pointing at one string object.

    Rows read from a file or a database hold a new string object per cell, although a
    column such as region_status or province_name has a handful of distinct values: at 100k
    rows about 5 MB per column. After this, a column costs 8 bytes a row plus its distinct
    values. Values, dtypes and order are unchanged; columns with missing values or with lists
    (SDG goals) are left as they are."""
    shared = frame.copy(deep=False)
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object or values.empty or not values.notna().all():
            continue
        try:
            codes, uniques = pd.factorize(values)
        except TypeError:  # unhashable cells (lists)
            continue
        if len(uniques) < len(values):
            distinct = np.asarray(uniques, dtype=object)
            shared[column] = pd.Series(distinct.take(codes), index=values.index, dtype=object)
    shared.attrs = dict(frame.attrs)
    return shared


def freeze_shared(shared: SharedDataset) -> SharedDataset:
    """Call once after building a dataset that every session of the process shares (and never
    mutates): its text columns share their repeated strings (share_repeated_strings), then
    collect and move every object alive now (this dataset, the gazetteer, imported modules)
    to the collector's permanent generation. Its cells then cost nothing in the full garbage
    collections that every session's reruns trigger. Returns `shared`."""
    shared.trainings = share_repeated_strings(shared.trainings)
    shared.participants = share_repeated_strings(shared.participants)
    gc.collect()
    gc.freeze()
    return shared


def load_folder(
    folder: Path,
    gazetteer: Gazetteer | None = None,
    *,
    synthetic: bool = False,
    source: str = "bundled",
) -> Dataset:
    """build_dataset on folder/trainings.csv and folder/participants.csv."""
    trainings_path = folder / TRAININGS_FILE
    participants_path = folder / PARTICIPANTS_FILE
    return build_dataset(
        trainings_path.read_bytes(),
        trainings_path.name,
        participants_path.read_bytes(),
        participants_path.name,
        gazetteer,
        synthetic=synthetic,
        source=source,
    )


def load_bundled(gazetteer: Gazetteer | None = None) -> Dataset:
    """The default dataset: data_dir() (ATLAS_DATA_DIR when set, else the 2018 training)."""
    return load_folder(data_dir(), gazetteer, synthetic=False, source="bundled")


def load_demo(gazetteer: Gazetteer | None = None) -> Dataset:
    """The synthetic demo dataset in data/demo/ (always labelled synthetic)."""
    return load_folder(demo_dir(), gazetteer, synthetic=True, source="demo")
