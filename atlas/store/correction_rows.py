"""The stored region corrections: one row per region text + province hint (atlas.store.corrections
applies them to an upload)."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select

from atlas.store import tables
from atlas.store.audit import write_audit
from atlas.store.engine import write_connection
from atlas.store.records import DATASET_ID, Correction, as_utc, now_utc


def read_corrections(engine: Engine) -> list[Correction]:
    table = tables.corrections
    with engine.connect() as connection:
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
            as_utc(row.created_at),
            row.author,
        )
        for row in rows
    ]


def save_correction(
    engine: Engine,
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
    with write_connection(engine) as connection:
        _delete_correction(connection, region_key, province_key)
        connection.execute(
            insert(tables.corrections).values(
                dataset_id=DATASET_ID,
                region_key=region_key,
                province_key=province_key,
                region_text=region_text,
                province_text=province_text,
                code=code,
                outside=outside,
                created_at=now_utc(),
                author=author,
            )
        )
        write_audit(
            connection,
            author,
            "correction",
            None,
            {"region": region_text, "province": province_text, "code": code,
             "outside": outside},
        )  # fmt: skip


def delete_correction(engine: Engine, *, region_key: str, province_key: str, author: str) -> None:
    with write_connection(engine) as connection:
        _delete_correction(connection, region_key, province_key)
        write_audit(
            connection,
            author,
            "correction_removed",
            None,
            {"region_key": region_key, "province_key": province_key},
        )


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
