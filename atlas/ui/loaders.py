"""Cached loading at the boundary: the gazetteer (shared, immutable) and datasets keyed by bytes.

The demo dataset goes through `cached_dataset` (st.cache_resource: one read-only object shared
by every session); the published data through the store (below). An upload never does: it is
personal data, so its bytes and the Dataset built from it live in this session's state only
(atlas.ui.context.StateKeys), one upload per session (a new one replaces the old), and go when
the session ends; the memory they took is then given back to the OS (atlas.ui.memory). No
process-wide cache keeps them.
"""

from __future__ import annotations

import dataclasses
import weakref
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from atlas import dataset as dataset_module
from atlas.gazetteer import Gazetteer
from atlas.loading import read_file_bytes
from atlas.schema import LINE, PARTICIPANT_COLUMNS, TRAINING_COLUMNS, Dataset, TableReport
from atlas.store.engine import configured_url
from atlas.store.frames import STORE_ROW
from atlas.store.records import PublishedDataset, VersionInfo
from atlas.store.service import seed_if_empty
from atlas.store.store import Store
from atlas.ui.context import StateKeys
from atlas.ui.memory import release_memory_soon


@st.cache_resource(show_spinner=False)
def cached_gazetteer() -> Gazetteer:
    """The gazetteer of the repo's data/, loaded once per server process."""
    return dataset_module.default_gazetteer()


# st.cache_resource, not st.cache_data: every session gets the same Dataset object (read-only),
# so what pages derive from it (atlas.memo) is computed once, not once per run. Only files of
# the server's own folders come here (the synthetic demo); an upload never does.
@st.cache_resource(show_spinner=False, max_entries=4)
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
    """Both files' bytes; UnreadableFileError (with its table and reason) when one cannot be
    read: missing, a folder, a pipe, too large, not readable."""
    trainings = folder / dataset_module.TRAININGS_FILE
    participants = folder / dataset_module.PARTICIPANTS_FILE
    return (
        read_file_bytes(trainings, "trainings"),
        trainings.name,
        read_file_bytes(participants, "participants"),
        participants.name,
    )


def load_folder_dataset(folder: Path, source: str, gazetteer: Gazetteer) -> Dataset:
    """The dataset of a folder with trainings.csv and participants.csv; OSError when missing."""
    trainings_bytes, trainings_name, participants_bytes, participants_name = _folder_files(folder)
    return cached_dataset(
        trainings_bytes, trainings_name, participants_bytes, participants_name, source, gazetteer
    )


def folder_of(source: str) -> Path:
    """The folder a non-upload source is read from (for the server log)."""
    return dataset_module.demo_dir() if source == "demo" else dataset_module.data_dir()


def load_demo_dataset(gazetteer: Gazetteer) -> Dataset:
    return load_folder_dataset(dataset_module.demo_dir(), "demo", gazetteer)


class HeldUpload:
    """This session's upload Dataset and the key of the files it was built from: the one entry
    in session state. When it is let go (a new upload, *Remove uploaded files*, or the session's
    state dropped after the session ended), the memory freed with it is given back to the OS
    (`release_memory_soon`)."""

    __slots__ = ("__weakref__", "dataset", "key")

    def __init__(self, key: tuple, dataset: Dataset) -> None:
        self.key = key
        self.dataset: Dataset | None = dataset
        weakref.finalize(self, release_memory_soon)


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
    if isinstance(held, HeldUpload) and held.dataset is not None and held.key == key:
        return held.dataset
    forget_uploaded_dataset()  # never two uploads at once
    built = dataset_module.build_dataset(
        trainings_bytes,
        trainings_name,
        participants_bytes,
        participants_name,
        gazetteer,
        synthetic=False,
        source="upload",
    )
    st.session_state[StateKeys.UPLOAD_DATASET] = HeldUpload(key, built)
    release_memory_soon()  # what the build allocated and dropped (raw frames, parser buffers)
    return built


def forget_uploaded_dataset() -> None:
    """Drop this session's upload Dataset (the files are removed by the caller)."""
    held = st.session_state.pop(StateKeys.UPLOAD_DATASET, None)
    if isinstance(held, HeldUpload):
        held.dataset = None  # gone now, even if a finished run still refers to the holder
        held.key = ()
    release_memory_soon()


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


# --- The published data (atlas.store) -------------------------------------------------------
# One Store per database URL and process (st.connection caches the engine; migrations and the
# first-start seed run once). Each version's frames are read once per process and shared by
# every session, read-only (st.cache_resource, keyed by the store's id and the content id):
# a rerun costs one "latest version" query, never a copy of the frames.

VERSION_PARAM = "versi"
STORE_CONNECTION = "atlas"
VERSION_CACHE_ENTRIES = 4
PINNED_VERSION_KEY = "atlas_pinned_version"  # session state: the ?versi=N of this session


def _secrets_store_url() -> str | None:
    """`[connections.atlas] url` of st.secrets, None without it."""
    try:
        section = st.secrets["connections"][STORE_CONNECTION]
        url = section.get("url")
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None
    return url if isinstance(url, str) and url.strip() else None


def store_url() -> str:
    """$ATLAS_DATABASE_URL, else the secrets' [connections.atlas] url, else var/atlas.db."""
    return configured_url(_secrets_store_url()).render_as_string(hide_password=False)


@st.cache_resource(show_spinner=False)
def _ready_store(url: str, _engine: Engine, _gazetteer: Gazetteer) -> Store:
    """The store of `url`, migrated, and seeded with data_dir() when it has no version yet.
    An exception is not cached: the next run tries again."""
    store = Store(_engine)
    store.migrate()
    seed_if_empty(store, dataset_module.data_dir(), _gazetteer)
    return store


def atlas_store(gazetteer: Gazetteer) -> Store:
    """The configured store through st.connection("atlas", type="sql")."""
    url = store_url()
    connection = st.connection(STORE_CONNECTION, type="sql", url=url, pool_pre_ping=True)
    return _ready_store(url, connection.engine, gazetteer)


@st.cache_resource(show_spinner=False, max_entries=VERSION_CACHE_ENTRIES)
def _content_dataset(store_key: str, content: int, _number: int, _store: Store) -> PublishedDataset:
    """The public frames of one stored content (shared by every session; never mutate).
    A rollback shares its target's content, and so its cache entry."""
    # Built once and never changed: out of the garbage collector's sight (atlas.dataset).
    return dataset_module.freeze_shared(_store.load(_number))


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[str, PublishedDataset]:
    """The last published dataset this process loaded, per store URL: shown (with a warning)
    when the database cannot be reached."""
    return {}


def published_dataset(store: Store, info: VersionInfo, url: str) -> PublishedDataset:
    """Version `info` of the store, from the process-wide cache; the frames are shared."""
    cached = _content_dataset(store.key(), info.content, info.number, store)
    dataset = dataclasses.replace(cached, version=info.number, published=info)
    _last_good()[url] = dataset
    return dataset


def last_good_dataset(url: str) -> PublishedDataset | None:
    return _last_good().get(url)


def pinned_version() -> int | None:
    """The version pinned by `?versi=N` (kept for the session, and in the URL across pages)."""
    if PINNED_VERSION_KEY not in st.session_state:
        raw = str(st.query_params.get(VERSION_PARAM, "")).strip()
        st.session_state[PINNED_VERSION_KEY] = int(raw) if raw.isdigit() and int(raw) > 0 else None
    pinned = st.session_state[PINNED_VERSION_KEY]
    if pinned is None:
        if VERSION_PARAM in st.query_params:
            del st.query_params[VERSION_PARAM]
    else:
        st.query_params[VERSION_PARAM] = str(pinned)
    return pinned


def unpin_version() -> None:
    """on_click: follow the latest version again."""
    st.session_state[PINNED_VERSION_KEY] = None


def detail_participants(dataset: Dataset, participants: pd.DataFrame) -> pd.DataFrame:
    """`participants` (rows of `dataset`) with their personal columns, for the access-protected
    detail view: read from the store for a published version (never cached), as they are
    otherwise (demo, this session's upload)."""
    if not isinstance(dataset, PublishedDataset) or dataset.version is None:
        return participants
    store = atlas_store(cached_gazetteer())
    personal = store.personal(dataset.version, participants[STORE_ROW].tolist())
    merged = participants.drop(
        columns=[c for c in personal.columns if c != STORE_ROW and c in participants.columns]
    ).merge(personal, on=STORE_ROW, how="left", validate="1:1")
    merged.index = participants.index
    return merged


def rejections_for_view(dataset: Dataset, *, detail: bool) -> tuple[list, list]:
    """(trainings, participants) rejections to show. For a published version in the detail
    view, with the quoted values (Rejection.detail) read from the store, never cached."""
    trainings = dataset.trainings_report.rejected
    participants = dataset.participants_report.rejected
    if not detail or not isinstance(dataset, PublishedDataset) or dataset.version is None:
        return trainings, participants
    store = atlas_store(cached_gazetteer())
    stored = store.rejections(dataset.version, with_detail=True)
    return (
        [r.rejection for r in stored if r.table == "trainings"],
        [r.rejection for r in stored if r.table == "participants"],
    )
