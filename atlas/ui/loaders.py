"""Cached loading at the boundary: the gazetteer (shared, immutable) and datasets keyed by bytes.

Uploaded bytes live in this session's state only (atlas.ui.context.StateKeys); `cached_dataset`
is keyed on the bytes themselves, so two sessions share a cache entry only when they hold the
very same files, and st.cache_data hands each caller its own copy of the Dataset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from atlas import dataset as dataset_module
from atlas.regions import Gazetteer
from atlas.schema import LINE, PARTICIPANT_COLUMNS, TRAINING_COLUMNS, Dataset, TableReport


@st.cache_resource(show_spinner=False)
def cached_gazetteer() -> Gazetteer:
    """The gazetteer of the repo's data/, loaded once per server process."""
    return dataset_module.default_gazetteer()


@st.cache_data(show_spinner=False, max_entries=16)
def cached_dataset(
    trainings_bytes: bytes,
    trainings_name: str,
    participants_bytes: bytes,
    participants_name: str,
    source: str,
    _gazetteer: Gazetteer,
) -> Dataset:
    """build_dataset for these exact bytes (the gazetteer is shared and not part of the key)."""
    return dataset_module.build_dataset(
        trainings_bytes,
        trainings_name,
        participants_bytes,
        participants_name,
        _gazetteer,
        synthetic=source == "demo",
        source=source,
    )


def _folder_files(folder: Path) -> tuple[bytes, str, bytes, str]:
    trainings = folder / dataset_module.TRAININGS_FILE
    participants = folder / dataset_module.PARTICIPANTS_FILE
    return trainings.read_bytes(), trainings.name, participants.read_bytes(), participants.name


def load_folder_dataset(folder: Path, source: str, gazetteer: Gazetteer) -> Dataset:
    """The dataset of a folder with trainings.csv and participants.csv; OSError when missing."""
    trainings_bytes, trainings_name, participants_bytes, participants_name = _folder_files(folder)
    return cached_dataset(
        trainings_bytes, trainings_name, participants_bytes, participants_name, source, gazetteer
    )


def load_bundled_dataset(gazetteer: Gazetteer) -> Dataset:
    """data_dir(): $ATLAS_DATA_DIR when set, else the repo's data/ (the 2018 training)."""
    return load_folder_dataset(dataset_module.data_dir(), "bundled", gazetteer)


def load_demo_dataset(gazetteer: Gazetteer) -> Dataset:
    return load_folder_dataset(dataset_module.demo_dir(), "demo", gazetteer)


def load_uploaded_dataset(
    trainings_bytes: bytes,
    trainings_name: str,
    participants_bytes: bytes,
    participants_name: str,
    gazetteer: Gazetteer,
) -> Dataset:
    return cached_dataset(
        trainings_bytes, trainings_name, participants_bytes, participants_name, "upload", gazetteer
    )


def empty_dataset(source: str = "bundled") -> Dataset:
    """A dataset with the contract's columns and no rows: pages show their empty state on it
    (used when the chosen data cannot be loaded)."""
    trainings_columns = [
        *TRAINING_COLUMNS,
        LINE,
        "year",
        dataset_module.VENUE_STATUS,
        dataset_module.VENUE_CODE,
        dataset_module.VENUE_NAME,
    ]
    participants_columns = [
        *PARTICIPANT_COLUMNS,
        LINE,
        *dataset_module.REGION_COLUMNS,
        *dataset_module.JOINED_TRAINING_COLUMNS,
    ]
    return Dataset(
        trainings=pd.DataFrame(columns=trainings_columns),
        participants=pd.DataFrame(columns=participants_columns),
        trainings_report=TableReport(rows=0, accepted=0),
        participants_report=TableReport(rows=0, accepted=0),
        synthetic=source == "demo",
        source=source,
    )
