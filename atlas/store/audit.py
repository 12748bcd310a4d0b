"""The audit log and the access lock-out counters (wrong passwords per client).

Every write of the store adds its audit entry inside its own transaction (`write_audit` takes
the caller's connection), so an entry exists exactly when the change does.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from atlas.store import tables
from atlas.store.engine import write_connection
from atlas.store.records import as_utc, now_utc


def write_audit(
    connection: Connection, actor: str, action: str, version: int | None, detail: dict[str, Any]
) -> None:
    """Add one audit entry in the caller's transaction."""
    connection.execute(
        insert(tables.audit_log).values(
            at=now_utc(),
            actor=actor,
            action=action,
            version_id=version,
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def read_audit(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    """The newest audit entries first: at, actor, action, version, detail (dict)."""
    table = tables.audit_log
    with engine.connect() as connection:
        rows = connection.execute(select(table).order_by(table.c.id.desc()).limit(limit)).all()
    return [
        {
            "at": as_utc(row.at),
            "actor": row.actor,
            "action": row.action,
            "version": row.version_id,
            "detail": json.loads(row.detail),
        }
        for row in rows
    ]


def failed_attempts(engine: Engine, client: str, window: dt.timedelta) -> int:
    """Wrong-password attempts of `client` since its first failure, if within `window`."""
    table = tables.access_failures
    with engine.connect() as connection:
        row = connection.execute(select(table).where(table.c.client == client)).first()
    if row is None or as_utc(row.first_at) < now_utc() - window:
        return 0
    return int(row.failures)


def _count_failure(connection: Connection, client: str, window: dt.timedelta) -> int:
    """Count one wrong attempt in the caller's transaction; the new count."""
    table = tables.access_failures
    now = now_utc()
    row = connection.execute(select(table).where(table.c.client == client)).first()
    if row is None:
        connection.execute(
            insert(table).values(client=client, failures=1, first_at=now, last_at=now)
        )
        return 1
    if as_utc(row.first_at) < now - window:
        connection.execute(
            update(table)
            .where(table.c.client == client)
            .values(failures=1, first_at=now, last_at=now)
        )
        return 1
    connection.execute(
        update(table)
        .where(table.c.client == client)
        .values(failures=table.c.failures + 1, last_at=now)
    )
    return int(row.failures) + 1


def record_failed_attempt(engine: Engine, client: str, window: dt.timedelta) -> int:
    """Count one wrong attempt of `client` (a new window after `window`); the new count."""
    for _ in range(2):  # a concurrent first failure of the same client: retry as update
        try:
            with write_connection(engine) as connection:
                count = _count_failure(connection, client, window)
                write_audit(connection, client, "access_denied", None, {"count": count})
            return count
        except IntegrityError:
            continue
    raise RuntimeError("could not record the failed attempt")


def clear_failed_attempts(engine: Engine, client: str) -> None:
    table = tables.access_failures
    with write_connection(engine) as connection:
        removed = connection.execute(delete(table).where(table.c.client == client)).rowcount
        if removed:
            write_audit(connection, client, "access_granted", None, {"cleared": removed})
