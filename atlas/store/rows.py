"""Writing a version's rows: files (each stored once, by content), trainings, participants
(public and personal columns in their two tables) and rejected rows, in the caller's
transaction, in chunks, reporting progress."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Connection, func, insert, select

from atlas.store import frames, tables
from atlas.store.records import SourceFile, StoredRejection

CHUNK_ROWS = 5_000

Progress = Callable[[int, int], None]  # (rows written, rows to write)


def next_row(connection: Connection, table, content: int) -> int:
    """The first free row number of `table` under `content`."""
    return int(
        connection.scalar(
            select(func.coalesce(func.max(table.c.row) + 1, 0)).where(table.c.content_id == content)
        )
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


def store_files(connection: Connection, content: int, files: list[SourceFile]) -> None:
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


class Written:
    """Rows written so far, reported to the caller's `progress` after every chunk."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.rows = 0

    def add(self, rows: int) -> None:
        self.rows += rows
        if self.progress is not None:
            self.progress(self.rows, self.total)


def write_trainings(
    connection: Connection, trainings: pd.DataFrame, number: int, written: Written
) -> None:
    first = next_row(connection, tables.trainings, number)
    for chunk in _chunks(frames.trainings_rows(trainings, number, first)):
        connection.execute(insert(tables.trainings), chunk)
        written.add(len(chunk))


def write_participants(
    connection: Connection, participants: pd.DataFrame, number: int, written: Written
) -> None:
    """The public and the personal columns, in their two tables, chunk by chunk."""
    first = next_row(connection, tables.participants, number)
    public_rows, personal_rows = frames.participants_rows(participants, number, first)
    for start in range(0, len(public_rows), CHUNK_ROWS):
        chunk = slice(start, start + CHUNK_ROWS)
        _bulk_insert(
            connection, tables.participants, frames.PUBLIC_PARTICIPANT_COLUMNS,
            public_rows[chunk],
        )  # fmt: skip
        _bulk_insert(
            connection, tables.participant_personal,
            frames.PERSONAL_PARTICIPANT_COLUMNS, personal_rows[chunk],
        )  # fmt: skip
        written.add(len(public_rows[chunk]))


def write_rejections(
    connection: Connection, rejections: list[StoredRejection], number: int
) -> None:
    """The rejected rows, and their detailed reasons (which may quote personal values) apart."""
    first = next_row(connection, tables.rejections, number)
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
        for index, stored in enumerate(rejections)
    ]
    for chunk in _chunks(rejection_rows):
        connection.execute(insert(tables.rejections), chunk)
    detail_rows = [
        {"content_id": number, "row": first + index, "detail": stored.rejection.detail}
        for index, stored in enumerate(rejections)
        if stored.rejection.detail
    ]
    for chunk in _chunks(detail_rows):
        connection.execute(insert(tables.rejection_details), chunk)
