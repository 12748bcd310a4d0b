"""Cached loading at the boundary: the gazetteer (shared, immutable) and datasets keyed by bytes.

The bundled and demo datasets go through `cached_dataset` (st.cache_data, shared by every
session). An upload never does: it is personal data, so its bytes and the Dataset built from it
live in this session's state only (atlas.ui.context.StateKeys), one upload per session (a new
one replaces the old), and go when the session ends. No process-wide cache keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from atlas import dataset as dataset_module
from atlas.regions import Gazetteer
from atlas.schema import LINE, PARTICIPANT_COLUMNS, TRAINING_COLUMNS, Dataset, TableReport
from atlas.ui.context import StateKeys


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
    """The Dataset of this session's uploaded files, built once and held in this session's
    state only: the one entry there is replaced by the next upload and ends with the session."""
    # The key holds the very bytes objects kept in session state: comparing it on a rerun is an
    # identity check, not a pass over megabytes.
    key = (trainings_name, trainings_bytes, participants_name, participants_bytes)
    held = st.session_state.get(StateKeys.UPLOAD_DATASET)
    if held is not None and held[0] == key:
        return held[1]
    st.session_state.pop(StateKeys.UPLOAD_DATASET, None)  # never two uploads at once
    built = dataset_module.build_dataset(
        trainings_bytes,
        trainings_name,
        participants_bytes,
        participants_name,
        gazetteer,
        synthetic=False,
        source="upload",
    )
    st.session_state[StateKeys.UPLOAD_DATASET] = (key, built)
    return built


def forget_uploaded_dataset() -> None:
    """Drop this session's upload Dataset (the files are removed by the caller)."""
    st.session_state.pop(StateKeys.UPLOAD_DATASET, None)


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
