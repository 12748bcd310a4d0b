"""What the store reads and writes: versions, files, rejections, corrections, and its errors."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from atlas.schema import Dataset, Rejection

DATASET_ID = 1
DATASET_NAME = "atlas"


class StaleVersionError(RuntimeError):
    """Another version was published since this one was prepared: review again."""

    def __init__(self, expected: int | None, latest: int | None) -> None:
        super().__init__(f"expected latest version {expected}, found {latest}")
        self.expected = expected
        self.latest = latest


class UnknownVersionError(LookupError):
    def __init__(self, number: int) -> None:
        super().__init__(f"no version {number}")
        self.number = number


@dataclass(frozen=True)
class VersionInfo:
    number: int
    parent: int | None
    content: int  # the version whose rows this version shows (itself, or a rollback target)
    kind: str  # seed | publish | append | rollback
    created_at: dt.datetime  # UTC
    author: str
    note: str
    trainings: int
    participants: int  # accepted participant rows
    participants_total: int  # sum of delegates
    trainings_rows: int
    participants_rows: int
    rejected_trainings: int
    rejected_participants: int
    typo_search_skipped: int = 0


@dataclass(frozen=True)
class SourceFile:
    """One file as it was uploaded."""

    role: str  # trainings | participants
    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class StoredRejection:
    table: str  # trainings | participants
    source_file: str
    rejection: Rejection


@dataclass
class VersionContent:
    """What a publish writes. New rows (`trainings`, `participants`: accepted frames with region
    columns and `source_file`; participants may carry the personal columns) are added to the
    rows of version `base` (None: nothing carried over), leaving out the base's trainings in
    `drop_training_ids` with their participants, and the participants (only) of the trainings
    in `drop_participants_of`."""

    trainings: pd.DataFrame
    participants: pd.DataFrame
    rejections: list[StoredRejection] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    base: int | None = None
    drop_training_ids: frozenset[str] = frozenset()
    drop_participants_of: frozenset[str] = frozenset()  # their trainings stay
    typo_search_skipped: int = 0  # region names left out of the typo search (new rows)


@dataclass
class PublishedDataset(Dataset):
    """A Dataset read from the store, with the version it shows (`version`: its number)."""

    version: int | None = None
    published: VersionInfo | None = None


@dataclass(frozen=True)
class Correction:
    region_key: str
    province_key: str
    region_text: str
    province_text: str
    code: str | None  # None when outside
    outside: bool
    created_at: dt.datetime
    author: str


def now_utc() -> dt.datetime:
    """Now, in UTC (what every timestamp of the store is)."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back (stored as UTC); PostgreSQL aware ones.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def version_info(row: Any) -> VersionInfo:
    """The VersionInfo of a row of the versions table."""
    return VersionInfo(
        number=row.id,
        parent=row.parent_id,
        content=row.content_id,
        kind=row.kind,
        created_at=as_utc(row.created_at),
        author=row.author,
        note=row.note,
        trainings=row.trainings,
        participants=row.participants,
        participants_total=row.participants_total,
        trainings_rows=row.trainings_rows,
        participants_rows=row.participants_rows,
        rejected_trainings=row.rejected_trainings,
        rejected_participants=row.rejected_participants,
        typo_search_skipped=row.typo_search_skipped,
    )
