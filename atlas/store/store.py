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

The work is done by one module per job: atlas.store.reading, .writing (with .rows),
.correction_rows and .audit; the records they exchange are in atlas.store.records.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Engine, insert, select

from atlas.store import audit, correction_rows, reading, tables, writing
from atlas.store.engine import configure_engine, migrate, write_connection
from atlas.store.records import (
    DATASET_ID,
    DATASET_NAME,
    Correction,
    PublishedDataset,
    SourceFile,
    StoredRejection,
    VersionContent,
    VersionInfo,
    now_utc,
)
from atlas.store.rows import Progress

STORE_KEY = "store_key"


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
                        id=DATASET_ID, name=DATASET_NAME, created_at=now_utc()
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

    # --- reading versions (atlas.store.reading) --------------------------------------------

    def latest(self) -> VersionInfo | None:
        return reading.latest_version(self.engine)

    def version(self, number: int) -> VersionInfo | None:
        return reading.find_version(self.engine, number)

    def versions(self) -> list[VersionInfo]:
        """Every version, newest first."""
        return reading.all_versions(self.engine)

    def load(self, number: int) -> PublishedDataset:
        """The public Dataset of a version: every column but the personal ones (name, email,
        phone, position, which this method never selects)."""
        return reading.load_version(self.engine, number)

    def personal(self, number: int, rows: Sequence[int] | None = None) -> pd.DataFrame:
        """store_row, name, position, email, phone of a version's participants (all rows, or
        those `rows`). Only for access-protected views and exports."""
        return reading.personal_columns(self.engine, number, rows)

    def rejections(self, number: int, *, with_detail: bool = False) -> list[StoredRejection]:
        """The rejected rows of a version. `with_detail`: with the reasons that quote cell
        values (Rejection.detail; may be personal), for access-protected views only."""
        return reading.version_rejections(self.engine, number, with_detail=with_detail)

    def files(self, number: int) -> list[SourceFile]:
        """The files of a version exactly as they were uploaded, in upload order."""
        return reading.version_files(self.engine, number)

    # --- writing versions (atlas.store.writing) --------------------------------------------

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
        """Write a new version in one transaction and return it (see writing.publish)."""
        return writing.publish(
            self.engine, content, author=author, note=note, kind=kind,
            expected_parent=expected_parent, check_parent=check_parent, progress=progress,
        )  # fmt: skip

    def rollback(
        self, target: int, *, author: str, note: str, expected_parent: int | None
    ) -> VersionInfo:
        """Publish version `target`'s content again as a new version (history is kept)."""
        return writing.rollback(
            self.engine, target, author=author, note=note, expected_parent=expected_parent
        )

    # --- corrections (atlas.store.correction_rows) -----------------------------------------

    def corrections(self) -> list[Correction]:
        return correction_rows.read_corrections(self.engine)

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
        correction_rows.save_correction(
            self.engine, region_key=region_key, province_key=province_key,
            region_text=region_text, province_text=province_text, code=code, outside=outside,
            author=author,
        )  # fmt: skip

    def delete_correction(self, *, region_key: str, province_key: str, author: str) -> None:
        correction_rows.delete_correction(
            self.engine, region_key=region_key, province_key=province_key, author=author
        )

    # --- audit log and access lock-out (atlas.store.audit) ---------------------------------

    def audit(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest audit entries first: at, actor, action, version, detail (dict)."""
        return audit.read_audit(self.engine, limit)

    def failed_attempts(self, client: str, window: dt.timedelta) -> int:
        """Wrong-password attempts of `client` since its first failure, if within `window`."""
        return audit.failed_attempts(self.engine, client, window)

    def record_failed_attempt(self, client: str, window: dt.timedelta) -> int:
        """Count one wrong attempt of `client` (a new window after `window`); the new count."""
        return audit.record_failed_attempt(self.engine, client, window)

    def clear_failed_attempts(self, client: str) -> None:
        audit.clear_failed_attempts(self.engine, client)
