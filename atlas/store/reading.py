"""Reading versions: their list, a version's public dataset, its personal columns (for
access-protected views only), its rejected rows and its files as uploaded."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, select

from atlas.dataset import join_participants
from atlas.schema import Rejection, TableReport
from atlas.store import frames, tables
from atlas.store.frames import Columns
from atlas.store.records import (
    PublishedDataset,
    SourceFile,
    StoredRejection,
    UnknownVersionError,
    VersionInfo,
    version_info,
)


def latest_version(engine: Engine) -> VersionInfo | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.versions).order_by(tables.versions.c.id.desc()).limit(1)
        ).first()
    return version_info(row) if row is not None else None


def find_version(engine: Engine, number: int) -> VersionInfo | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(tables.versions).where(tables.versions.c.id == number)
        ).first()
    return version_info(row) if row is not None else None


def all_versions(engine: Engine) -> list[VersionInfo]:
    """Every version, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(tables.versions).order_by(tables.versions.c.id.desc())
        ).all()
    return [version_info(row) for row in rows]


def require_version(engine: Engine, number: int) -> VersionInfo:
    info = find_version(engine, number)
    if info is None:
        raise UnknownVersionError(number)
    return info


def _content_columns(connection: Connection, columns: Sequence, table, content: int) -> Columns:
    """A content's rows of `table`, column by column (name -> values in row order): plain
    tuples, not a mapping per row, which was most of reading a large version."""
    result = connection.execute(
        select(*columns).where(table.c.content_id == content).order_by(table.c.row)
    )
    names = list(result.keys())
    rows = result.fetchall()
    values = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return dict(zip(names, values, strict=True))


def load_version(engine: Engine, number: int) -> PublishedDataset:
    """The public Dataset of a version: every column but the personal ones (name, email,
    phone, position, which this function never selects)."""
    info = require_version(engine, number)
    content = info.content
    public_columns = [c for c in tables.participants.c if c.name != "content_id"]
    with engine.connect() as connection:
        training_rows = _content_columns(connection, [tables.trainings], tables.trainings, content)
        participant_rows = _content_columns(
            connection, public_columns, tables.participants, content
        )
        rejected = content_rejections(connection, content)
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


def personal_columns(
    engine: Engine, number: int, rows: Sequence[int] | None = None
) -> pd.DataFrame:
    """store_row, name, position, email, phone of a version's participants (all rows, or
    those `rows`). Only for access-protected views and exports."""
    content = require_version(engine, number).content
    table = tables.participant_personal
    query = select(
        table.c.row.label(frames.STORE_ROW),
        table.c.name,
        table.c.position,
        table.c.email,
        table.c.phone,
    ).where(table.c.content_id == content)
    with engine.connect() as connection:
        result = connection.execute(query.order_by(table.c.row)).all()
    frame = pd.DataFrame(
        result, columns=[frames.STORE_ROW, "name", "position", "email", "phone"]
    ).astype({frames.STORE_ROW: "int64"})
    if rows is not None:
        frame = frame[frame[frames.STORE_ROW].isin(list(rows))]
    return frame.reset_index(drop=True)


def content_rejections(
    connection: Connection, content: int, with_detail: bool = False
) -> list[StoredRejection]:
    """The rejected rows stored under `content`, with the detailed reasons when asked."""
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


def version_rejections(
    engine: Engine, number: int, *, with_detail: bool = False
) -> list[StoredRejection]:
    """The rejected rows of a version. `with_detail`: with the reasons that quote cell
    values (Rejection.detail; may be personal), for access-protected views only."""
    content = require_version(engine, number).content
    with engine.connect() as connection:
        return content_rejections(connection, content, with_detail)


def version_files(engine: Engine, number: int) -> list[SourceFile]:
    """The files of a version exactly as they were uploaded, in upload order."""
    content = require_version(engine, number).content
    with engine.connect() as connection:
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
