"""Writing versions: a publish (new rows, optionally on top of an earlier version's rows) and a
rollback (an earlier version's content as a new version). Each is one transaction
(`write_connection`) that takes the dataset's write lock first, so two publishes never mix, and
writes its audit entry inside the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, insert, literal, select, update

from atlas.store import tables
from atlas.store.audit import write_audit
from atlas.store.engine import write_connection
from atlas.store.records import (
    DATASET_ID,
    StaleVersionError,
    UnknownVersionError,
    VersionContent,
    VersionInfo,
    now_utc,
    version_info,
)
from atlas.store.rows import (
    Progress,
    Written,
    store_files,
    write_participants,
    write_rejections,
    write_trainings,
)


def _lock_and_check(
    connection: Connection, expected_parent: int | None, check_parent: bool
) -> int | None:
    """Take the dataset's write lock; the latest version number (refusing a stale one)."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            select(tables.datasets.c.id).where(tables.datasets.c.id == DATASET_ID).with_for_update()
        )
    latest = connection.scalar(select(func.max(tables.versions.c.id)))
    if check_parent and latest != expected_parent:
        raise StaleVersionError(expected_parent, latest)
    return latest


def _insert_version(
    connection: Connection, number: int, parent: int | None, content: int, **values
) -> None:
    connection.execute(
        insert(tables.versions).values(
            id=number,
            dataset_id=DATASET_ID,
            parent_id=parent,
            content_id=content,
            created_at=now_utc(),
            **values,
        )
    )


def _copy_base(
    connection: Connection, base_content: int, content: VersionContent, number: int
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


def _count(connection: Connection, content: int) -> dict[str, int]:
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


def _content_of(connection: Connection, number: int) -> int:
    content = connection.scalar(
        select(tables.versions.c.content_id).where(tables.versions.c.id == number)
    )
    if content is None:
        raise UnknownVersionError(number)
    return int(content)


def _typo_search_skipped(connection: Connection, content: VersionContent) -> int:
    """Names the typo search skipped: the base version's plus the new rows'."""
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
    return base_skipped + content.typo_search_skipped


def _publish_detail(note: str, content: VersionContent, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "note": note,
        "base": content.base,
        "replaced_trainings": sorted(content.drop_training_ids),
        "replaced_participants_of": sorted(content.drop_participants_of),
        "files": [{"role": f.role, "name": f.name, "sha256": f.sha256} for f in content.files],
        **counts,
    }


def publish(
    engine: Engine,
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
    written = Written(progress, len(content.trainings) + len(content.participants))
    with write_connection(engine) as connection:
        latest = _lock_and_check(connection, expected_parent, check_parent)
        number = (latest or 0) + 1
        base_content = None if content.base is None else _content_of(connection, content.base)
        # The version row first (the rows reference it); its counts are set at the end.
        _insert_version(
            connection, number, latest, number, kind=kind, author=author, note=note,
            trainings=0, participants=0, participants_total=0, trainings_rows=0,
            participants_rows=0, rejected_trainings=0, rejected_participants=0,
        )  # fmt: skip
        if base_content is not None:
            _copy_base(connection, base_content, content, number)
        store_files(connection, number, content.files)
        write_trainings(connection, content.trainings, number, written)
        write_participants(connection, content.participants, number, written)
        write_rejections(connection, content.rejections, number)
        counts = _count(connection, number)
        counts["typo_search_skipped"] = _typo_search_skipped(connection, content)
        connection.execute(
            update(tables.versions).where(tables.versions.c.id == number).values(**counts)
        )
        write_audit(connection, author, kind, number, _publish_detail(note, content, counts))
        row = connection.execute(
            select(tables.versions).where(tables.versions.c.id == number)
        ).one()
    return version_info(row)


def rollback(
    engine: Engine, target: int, *, author: str, note: str, expected_parent: int | None
) -> VersionInfo:
    """Publish version `target`'s content again as a new version (history is kept)."""
    with write_connection(engine) as connection:
        latest = _lock_and_check(connection, expected_parent, True)
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
        _insert_version(
            connection, number, latest, source.content_id, kind="rollback", author=author,
            note=note, **counts,
        )  # fmt: skip
        write_audit(connection, author, "rollback", number, {"target": target, "note": note})
        row = connection.execute(
            select(tables.versions).where(tables.versions.c.id == number)
        ).one()
    return version_info(row)
