"""The store: immutable dataset versions in a SQL database, behind one class.

`Store(engine)` is pure (no Streamlit): tests and the CLI build it from a URL, the app from
`st.connection`. Every write is one transaction (`engine.write_connection`):

- `publish(content, ...)`: a new version from a `VersionContent` (new rows, optionally on top of
  an earlier version's rows), its original files, rejected rows and an audit entry. With
  `expected_parent` the publish is refused (`StaleVersionError`) when another version was
  published since the organizer started reviewing, so two publishes never mix.
- `rollback(target, ...)`: a new version whose content is an earlier version's (no copy).

Reads: `latest()`, `version(n)`, `versions()`, `load(n)` (public columns only: the personal table
is never read there), `personal(n)` (name, email, phone, position: for access-protected views),
`files(n)`, `audit()`. Corrections and the access lock-out counters live here too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from atlas.dataset import join_participants
from atlas.schema import Dataset, Rejection, TableReport
from atlas.store import frames, tables
from atlas.store.engine import configure_engine, migrate, write_connection

DATASET_ID = 1
DATASET_NAME = "atlas"
STORE_KEY = "store_key"
CHUNK_ROWS = 5_000

Progress = Callable[[int, int], None]  # (rows written, rows to write)


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite gives naive datetimes back (stored as UTC); PostgreSQL aware ones.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _version_info(row: Any) -> VersionInfo:
    return VersionInfo(
        number=row.id,
        parent=row.parent_id,
        content=row.content_id,
        kind=row.kind,
        created_at=_utc(row.created_at),
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


def _bulk_insert(
    connection: Connection, table, columns: Sequence[str], rows: Sequence[tuple]
) -> None:
    """Insert many rows of plain values in the current transaction: COPY on PostgreSQL,
    executemany on SQLite (no per-row statement compilation)."""
    if not rows:
        return
    names = ", ".join(f'"{name}"' for name in columns)
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None  # an open connection has its DBAPI connection
        cursor = driver.cursor()
        try:
            with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', list(rows))


def _chunks(rows: Sequence[dict[str, Any]], size: int = CHUNK_ROWS) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


class Store:
    """The versions, corrections, audit log and access counters in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = configure_engine(engine)

    # --- setup -----------------------------------------------------------------------------

    def migrate(self) -> None:
        """Create or upgrade the schema, and the store's identity row and dataset row."""
        migrate(self.engine)
        with write_connection(self.engine) as connection:
            if connection.scalar(select(tables.datasets.c.id)) is None:
                connection.execute(
                    insert(tables.datasets).values(
                        id=DATASET_ID, name=DATASET_NAME, created_at=_now()
                    )
                )
            key = select(tables.store_meta.c.value).where(tables.store_meta.c.key == STORE_KEY)
            if connection.scalar(key) is None:
                connection.execute(
                    insert(tables.store_meta).values(key=STORE_KEY, value=uuid.uuid4().hex)
                )

    def key(self) -> str:
        """A random id of this database, made once: cache keys use it with a version number,
        so two databases' version 1 never share a cache entry."""
        with self.engine.connect() as connection:
            value = connection.scalar(
                select(tables.store_meta.c.value).where(tables.store_meta.c.key == STORE_KEY)
            )
        if value is None:
            raise RuntimeError("the store is not initialised; call Store.migrate() first")
        return str(value)

    # --- reading versions ------------------------------------------------------------------

    def latest(self) -> VersionInfo | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(tables.versions).order_by(tables.versions.c.id.desc()).limit(1)
            ).first()
        return _version_info(row) if row is not None else None

    def version(self, number: int) -> VersionInfo | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(tables.versions).where(tables.versions.c.id == number)
            ).first()
        return _version_info(row) if row is not None else None

    def versions(self) -> list[VersionInfo]:
        """Every version, newest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(tables.versions).order_by(tables.versions.c.id.desc())
            ).all()
        return [_version_info(row) for row in rows]

    def _require(self, number: int) -> VersionInfo:
        info = self.version(number)
        if info is None:
            raise UnknownVersionError(number)
        return info

    def load(self, number: int) -> PublishedDataset:
        """The public Dataset of a version: every column but the personal ones (name, email,
        phone, position, which this method never selects)."""
        info = self._require(number)
        content = info.content
        public_columns = [c for c in tables.participants.c if c.name != "content_id"]
        with self.engine.connect() as connection:
            training_rows = (
                connection.execute(
                    select(tables.trainings)
                    .where(tables.trainings.c.content_id == content)
                    .order_by(tables.trainings.c.row)
                )
                .mappings()
                .all()
            )
            participant_rows = (
                connection.execute(
                    select(*public_columns)
                    .where(tables.participants.c.content_id == content)
                    .order_by(tables.participants.c.row)
                )
                .mappings()
                .all()
            )
            rejected = self._rejections(connection, content)
        trainings = frames.trainings_frame(training_rows)
        participants = join_participants(frames.participants_frame(participant_rows), trainings)
        return PublishedDataset(
            trainings=trainings,
            participants=participants,
            trainings_report=TableReport(
                info.trainings_rows,
                info.trainings,
                [r.rejection for r in rejected if r.table == "trainings"],
            ),
            participants_report=TableReport(
                info.participants_rows,
                info.participants,
                [r.rejection for r in rejected if r.table == "participants"],
            ),
            synthetic=False,
            source="bundled",
            typo_search_skipped=info.typo_search_skipped,
            version=info.number,
            published=info,
        )

    def personal(self, number: int, rows: Sequence[int] | None = None) -> pd.DataFrame:
        """store_row, name, position, email, phone of a version's participants (all rows, or
        those `rows`). Only for access-protected views and exports."""
        content = self._require(number).content
        table = tables.participant_personal
        query = select(
            table.c.row.label(frames.STORE_ROW),
            table.c.name,
            table.c.position,
            table.c.email,
            table.c.phone,
        ).where(table.c.content_id == content)
        with self.engine.connect() as connection:
            result = connection.execute(query.order_by(table.c.row)).all()
        frame = pd.DataFrame(
            result, columns=[frames.STORE_ROW, "name", "position", "email", "phone"]
        ).astype({frames.STORE_ROW: "int64"})
        if rows is not None:
            frame = frame[frame[frames.STORE_ROW].isin(list(rows))]
        return frame.reset_index(drop=True)

    def _rejections(
        self, connection: Connection, content: int, with_detail: bool = False
    ) -> list[StoredRejection]:
        table = tables.rejections
        details: dict[int, str] = {}
        if with_detail:
            detail_table = tables.rejection_details
            details = dict(
                connection.execute(
                    select(detail_table.c.row, detail_table.c.detail).where(
                        detail_table.c.content_id == content
                    )
                ).all()
            )
        rows = connection.execute(
            select(table).where(table.c.content_id == content).order_by(table.c.row)
        ).all()
        return [
            StoredRejection(
                row.table_name,
                row.source_file,
                Rejection(row.line, row.column_name, row.reason, row.code, details.get(row.row)),
            )
            for row in rows
        ]

    def rejections(self, number: int, *, with_detail: bool = False) -> list[StoredRejection]:
        """The rejected rows of a version. `with_detail`: with the reasons that quote cell
        values (Rejection.detail; may be personal), for access-protected views only."""
        content = self._require(number).content
        with self.engine.connect() as connection:
            return self._rejections(connection, content, with_detail)

    def files(self, number: int) -> list[SourceFile]:
        """The files of a version exactly as they were uploaded, in upload order."""
        content = self._require(number).content
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    tables.version_files.c.role,
                    tables.version_files.c.name,
                    tables.files.c.content,
                )
                .join(tables.files, tables.files.c.id == tables.version_files.c.file_id)
                .where(tables.version_files.c.content_id == content)
                .order_by(tables.version_files.c.position)
            ).all()
        return [SourceFile(row.role, row.name, bytes(row.content)) for row in rows]

    # --- writing versions ------------------------------------------------------------------

    def _lock_and_check(
        self, connection: Connection, expected_parent: int | None, check_parent: bool
    ) -> int | None:
        """Take the dataset's write lock; the latest version number (refusing a stale one)."""
        if connection.dialect.name == "postgresql":
            connection.execute(
                select(tables.datasets.c.id)
                .where(tables.datasets.c.id == DATASET_ID)
                .with_for_update()
            )
        latest = connection.scalar(select(func.max(tables.versions.c.id)))
        if check_parent and latest != expected_parent:
            raise StaleVersionError(expected_parent, latest)
        return latest

    def _insert_version(
        self, connection: Connection, number: int, parent: int | None, content: int, **values
    ) -> None:
        connection.execute(
            insert(tables.versions).values(
                id=number,
                dataset_id=DATASET_ID,
                parent_id=parent,
                content_id=content,
                created_at=_now(),
                **values,
            )
        )

    def _store_files(self, connection: Connection, content: int, files: list[SourceFile]) -> None:
        start = connection.scalar(
            select(func.coalesce(func.max(tables.version_files.c.position) + 1, 0)).where(
                tables.version_files.c.content_id == content
            )
        )
        for offset, file in enumerate(files):
            digest = file.sha256
            file_id = connection.scalar(
                select(tables.files.c.id).where(tables.files.c.sha256 == digest)
            )
            if file_id is None:
                file_id = connection.execute(
                    insert(tables.files)
                    .values(sha256=digest, size=len(file.data), content=file.data)
                    .returning(tables.files.c.id)
                ).scalar_one()
            connection.execute(
                insert(tables.version_files).values(
                    content_id=content,
                    position=start + offset,
                    role=file.role,
                    name=file.name,
                    file_id=file_id,
                )
            )

    def _copy_base(
        self, connection: Connection, base_content: int, content: VersionContent, number: int
    ) -> None:
        """Copy the base version's rows (minus what the content replaces) under `number`, in
        the database (INSERT ... SELECT), keeping their row numbers."""
        drop_trainings = sorted(content.drop_training_ids)
        drop_participants = sorted(content.drop_training_ids | content.drop_participants_of)
        base_participants = tables.participants.c
        kept_rows = select(base_participants.row).where(
            base_participants.content_id == base_content,
            base_participants.training_id.not_in(drop_participants),
        )
        for table in (
            tables.trainings,
            tables.participants,
            tables.participant_personal,
            tables.rejections,
            tables.rejection_details,
        ):
            columns = [c for c in table.c if c.name != "content_id"]
            query = select(literal(number).label("content_id"), *columns).where(
                table.c.content_id == base_content
            )
            if table is tables.trainings and drop_trainings:
                query = query.where(table.c.training_id.not_in(drop_trainings))
            if table is tables.participants and drop_participants:
                query = query.where(table.c.training_id.not_in(drop_participants))
            if table is tables.participant_personal and drop_participants:
                query = query.where(table.c.row.in_(kept_rows))
            connection.execute(
                insert(table).from_select(["content_id", *[c.name for c in columns]], query)
            )
        files = select(
            literal(number).label("content_id"),
            tables.version_files.c.position,
            tables.version_files.c.role,
            tables.version_files.c.name,
            tables.version_files.c.file_id,
        ).where(tables.version_files.c.content_id == base_content)
        connection.execute(
            insert(tables.version_files).from_select(
                ["content_id", "position", "role", "name", "file_id"], files
            )
        )

    def _next_row(self, connection: Connection, table, content: int) -> int:
        return int(
            connection.scalar(
                select(func.coalesce(func.max(table.c.row) + 1, 0)).where(
                    table.c.content_id == content
                )
            )
        )

    def _count(self, connection: Connection, content: int) -> dict[str, int]:
        def count(table, *conditions) -> int:
            return int(
                connection.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.content_id == content, *conditions)
                )
                or 0
            )

        rejected_t = count(tables.rejections, tables.rejections.c.table_name == "trainings")
        rejected_p = count(tables.rejections, tables.rejections.c.table_name == "participants")
        trainings = count(tables.trainings)
        participants = count(tables.participants)
        total = connection.scalar(
            select(func.coalesce(func.sum(tables.participants.c.delegates), 0)).where(
                tables.participants.c.content_id == content
            )
        )
        return {
            "trainings": trainings,
            "participants": participants,
            "participants_total": int(total or 0),
            "trainings_rows": trainings + rejected_t,
            "participants_rows": participants + rejected_p,
            "rejected_trainings": rejected_t,
            "rejected_participants": rejected_p,
        }

    def publish(
        self,
        content: VersionContent,
        *,
        author: str,
        note: str,
        kind: str = "publish",
        expected_parent: int | None = None,
        check_parent: bool = True,
        progress: Progress | None = None,
    ) -> VersionInfo:
        """Write a new version in one transaction and return it.

        `expected_parent`: the latest version the organizer reviewed against (None: an empty
        store); another latest version raises StaleVersionError and nothing is written.
        `check_parent=False` publishes on top of whatever is latest (a full replacement)."""
        training_count = len(content.trainings)
        participant_count = len(content.participants)
        total_rows = training_count + participant_count
        with write_connection(self.engine) as connection:
            latest = self._lock_and_check(connection, expected_parent, check_parent)
            number = (latest or 0) + 1
            if content.base is not None:
                base_content = self._content_of(connection, content.base)
            # The version row first (the rows reference it); its counts are set at the end.
            self._insert_version(
                connection, number, latest, number, kind=kind, author=author, note=note,
                trainings=0, participants=0, participants_total=0, trainings_rows=0,
                participants_rows=0, rejected_trainings=0, rejected_participants=0,
            )  # fmt: skip
            if content.base is not None:
                self._copy_base(connection, base_content, content, number)
            self._store_files(connection, number, content.files)
            written = 0
            first = self._next_row(connection, tables.trainings, number)
            for chunk in _chunks(frames.trainings_rows(content.trainings, number, first)):
                connection.execute(insert(tables.trainings), chunk)
                written += len(chunk)
                if progress is not None:
                    progress(written, total_rows)
            first = self._next_row(connection, tables.participants, number)
            public_rows, personal_rows = frames.participants_rows(
                content.participants, number, first
            )
            for start in range(0, len(public_rows), CHUNK_ROWS):
                part = slice(start, start + CHUNK_ROWS)
                _bulk_insert(
                    connection, tables.participants, frames.PUBLIC_PARTICIPANT_COLUMNS,
                    public_rows[part],
                )  # fmt: skip
                _bulk_insert(
                    connection, tables.participant_personal,
                    frames.PERSONAL_PARTICIPANT_COLUMNS, personal_rows[part],
                )  # fmt: skip
                written += len(public_rows[part])
                if progress is not None:
                    progress(written, total_rows)
            first = self._next_row(connection, tables.rejections, number)
            rejection_rows = [
                {
                    "content_id": number,
                    "row": first + index,
                    "table_name": stored.table,
                    "source_file": stored.source_file,
                    "line": stored.rejection.line,
                    "column_name": stored.rejection.column,
                    "reason": stored.rejection.reason,
                    "code": stored.rejection.code,
                }
                for index, stored in enumerate(content.rejections)
            ]
            for chunk in _chunks(rejection_rows):
                connection.execute(insert(tables.rejections), chunk)
            detail_rows = [
                {"content_id": number, "row": first + index, "detail": stored.rejection.detail}
                for index, stored in enumerate(content.rejections)
                if stored.rejection.detail
            ]
            for chunk in _chunks(detail_rows):
                connection.execute(insert(tables.rejection_details), chunk)
            counts = self._count(connection, number)
            base_skipped = 0
            if content.base is not None:
                base_skipped = int(
                    connection.scalar(
                        select(tables.versions.c.typo_search_skipped).where(
                            tables.versions.c.id == content.base
                        )
                    )
                    or 0
                )
            counts["typo_search_skipped"] = base_skipped + content.typo_search_skipped
            connection.execute(
                update(tables.versions).where(tables.versions.c.id == number).values(**counts)
            )
            self._audit(
                connection,
                author,
                kind,
                number,
                {
                    "note": note,
                    "base": content.base,
                    "replaced_trainings": sorted(content.drop_training_ids),
                    "replaced_participants_of": sorted(content.drop_participants_of),
                    "files": [
                        {"role": f.role, "name": f.name, "sha256": f.sha256} for f in content.files
                    ],
                    **counts,
                },
            )
            row = connection.execute(
                select(tables.versions).where(tables.versions.c.id == number)
            ).one()
        return _version_info(row)

    def _content_of(self, connection: Connection, number: int) -> int:
        content = connection.scalar(
            select(tables.versions.c.content_id).where(tables.versions.c.id == number)
        )
        if content is None:
            raise UnknownVersionError(number)
        return int(content)

    def rollback(
        self, target: int, *, author: str, note: str, expected_parent: int | None
    ) -> VersionInfo:
        """Publish version `target`'s content again as a new version (history is kept)."""
        with write_connection(self.engine) as connection:
            latest = self._lock_and_check(connection, expected_parent, True)
            source = connection.execute(
                select(tables.versions).where(tables.versions.c.id == target)
            ).first()
            if source is None:
                raise UnknownVersionError(target)
            number = (latest or 0) + 1
            counts = {
                name: getattr(source, name)
                for name in (
                    "trainings", "participants", "participants_total", "trainings_rows",
                    "participants_rows", "rejected_trainings", "rejected_participants",
                    "typo_search_skipped",
                )
            }  # fmt: skip
            self._insert_version(
                connection, number, latest, source.content_id, kind="rollback", author=author,
                note=note, **counts,
            )  # fmt: skip
            self._audit(connection, author, "rollback", number, {"target": target, "note": note})
            row = connection.execute(
                select(tables.versions).where(tables.versions.c.id == number)
            ).one()
        return _version_info(row)

    # --- corrections -----------------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        table = tables.corrections
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(table).where(table.c.dataset_id == DATASET_ID).order_by(table.c.id)
            ).all()
        return [
            Correction(
                row.region_key,
                row.province_key,
                row.region_text,
                row.province_text,
                row.code,
                bool(row.outside),
                _utc(row.created_at),
                row.author,
            )
            for row in rows
        ]

    def save_correction(
        self,
        *,
        region_key: str,
        province_key: str,
        region_text: str,
        province_text: str,
        code: str | None,
        outside: bool,
        author: str,
    ) -> None:
        """Store (or replace) the correction of one region text + province hint."""
        if (code is None) == (not outside):
            raise ValueError("a correction is either a region code or 'outside', not both")
        table = tables.corrections
        with write_connection(self.engine) as connection:
            _delete_correction(connection, region_key, province_key)
            connection.execute(
                insert(table).values(
                    dataset_id=DATASET_ID,
                    region_key=region_key,
                    province_key=province_key,
                    region_text=region_text,
                    province_text=province_text,
                    code=code,
                    outside=outside,
                    created_at=_now(),
                    author=author,
                )
            )
            self._audit(
                connection,
                author,
                "correction",
                None,
                {"region": region_text, "province": province_text, "code": code,
                 "outside": outside},
            )  # fmt: skip

    def delete_correction(self, *, region_key: str, province_key: str, author: str) -> None:
        with write_connection(self.engine) as connection:
            _delete_correction(connection, region_key, province_key)
            self._audit(
                connection,
                author,
                "correction_removed",
                None,
                {"region_key": region_key, "province_key": province_key},
            )

    # --- audit log -------------------------------------------------------------------------

    def _audit(
        self,
        connection: Connection,
        actor: str,
        action: str,
        version: int | None,
        detail: dict[str, Any],
    ) -> None:
        connection.execute(
            insert(tables.audit_log).values(
                at=_now(),
                actor=actor,
                action=action,
                version_id=version,
                detail=json.dumps(detail, ensure_ascii=False, default=str),
            )
        )

    def audit(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest audit entries first: at, actor, action, version, detail (dict)."""
        table = tables.audit_log
        with self.engine.connect() as connection:
            rows = connection.execute(select(table).order_by(table.c.id.desc()).limit(limit)).all()
        return [
            {
                "at": _utc(row.at),
                "actor": row.actor,
                "action": row.action,
                "version": row.version_id,
                "detail": json.loads(row.detail),
            }
            for row in rows
        ]

    # --- access lock-out -------------------------------------------------------------------

    def failed_attempts(self, client: str, window: dt.timedelta) -> int:
        """Wrong-password attempts of `client` since its first failure, if within `window`."""
        table = tables.access_failures
        with self.engine.connect() as connection:
            row = connection.execute(select(table).where(table.c.client == client)).first()
        if row is None or _utc(row.first_at) < _now() - window:
            return 0
        return int(row.failures)

    def record_failed_attempt(self, client: str, window: dt.timedelta) -> int:
        """Count one wrong attempt of `client` (a new window after `window`); the new count."""
        table = tables.access_failures
        now = _now()
        for _ in range(2):  # a concurrent first failure of the same client: retry as update
            try:
                with write_connection(self.engine) as connection:
                    row = connection.execute(select(table).where(table.c.client == client)).first()
                    if row is None:
                        connection.execute(
                            insert(table).values(
                                client=client, failures=1, first_at=now, last_at=now
                            )
                        )
                        count = 1
                    elif _utc(row.first_at) < now - window:
                        connection.execute(
                            update(table)
                            .where(table.c.client == client)
                            .values(failures=1, first_at=now, last_at=now)
                        )
                        count = 1
                    else:
                        connection.execute(
                            update(table)
                            .where(table.c.client == client)
                            .values(failures=table.c.failures + 1, last_at=now)
                        )
                        count = int(row.failures) + 1
                    self._audit(connection, client, "access_denied", None, {"count": count})
                return count
            except IntegrityError:
                continue
        raise RuntimeError("could not record the failed attempt")

    def clear_failed_attempts(self, client: str) -> None:
        table = tables.access_failures
        with write_connection(self.engine) as connection:
            removed = connection.execute(delete(table).where(table.c.client == client)).rowcount
            if removed:
                self._audit(connection, client, "access_granted", None, {"cleared": removed})


def _delete_correction(connection: Connection, region_key: str, province_key: str) -> None:
    """Remove the correction of one region text + province hint (replaced or withdrawn)."""
    table = tables.corrections
    connection.execute(
        delete(table).where(
            table.c.dataset_id == DATASET_ID,
            table.c.region_key == region_key,
            table.c.province_key == province_key,
        )
    )
