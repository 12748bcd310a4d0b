"""Engines for the store: the URL, SQLite's settings, write transactions, and migrations.

- `database_url()`: $ATLAS_DATABASE_URL, else SQLite at var/atlas.db in the repo (git-ignored).
  `postgresql://` and `postgres://` URLs are given the psycopg 3 driver.
- `configure_engine(engine)`: for SQLite, WAL mode, a busy timeout, foreign keys, and explicit
  transactions: a read starts a plain (deferred) BEGIN, a write (`write_connection`) starts
  BEGIN IMMEDIATE, so two writers queue instead of failing half-way, and readers are never
  blocked by a writer (WAL).
- `migrate(engine)`: Alembic upgrade to head, programmatically (atlas/store/migrations), under
  a lock so two processes starting at once do not both create the schema.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url

from atlas import REPO_DATA_DIR

DATABASE_URL_ENV = "ATLAS_DATABASE_URL"
DEFAULT_SQLITE_PATH = REPO_DATA_DIR.parent / "var" / "atlas.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 120_000
_WRITE_OPTION = "atlas_write"
_CONFIGURED = "_atlas_configured"
_PG_MIGRATION_LOCK = 7_735_001  # pg_advisory_lock key of the schema migration


def normalise_url(url: str | URL) -> URL:
    """The URL with the psycopg 3 driver for PostgreSQL; SQLite and others unchanged."""
    parsed = make_url(str(url)) if not isinstance(url, URL) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def database_url() -> URL:
    """$ATLAS_DATABASE_URL, else sqlite:///<repo>/var/atlas.db."""
    configured = os.environ.get(DATABASE_URL_ENV, "").strip()
    if configured:
        return normalise_url(configured)
    return make_url(f"sqlite:///{DEFAULT_SQLITE_PATH}")


SECRETS_FILE = REPO_DATA_DIR.parent / ".streamlit" / "secrets.toml"


def secrets_url(secrets_file: Path = SECRETS_FILE) -> str | None:
    """`[connections.atlas] url` of a secrets file, None when absent or unreadable."""
    try:
        with secrets_file.open("rb") as handle:
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    url = document.get("connections", {}).get("atlas", {}).get("url")
    return url if isinstance(url, str) and url.strip() else None


def configured_url(from_secrets: str | None = None) -> URL:
    """The store's URL: $ATLAS_DATABASE_URL, else the secrets' `[connections.atlas] url`
    (`from_secrets`, or read from .streamlit/secrets.toml), else var/atlas.db."""
    if os.environ.get(DATABASE_URL_ENV, "").strip():
        return database_url()
    url = from_secrets if from_secrets is not None else secrets_url()
    return normalise_url(url) if url else database_url()


def _prepare_sqlite_file(url: URL) -> None:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def configure_engine(engine: Engine) -> Engine:
    """SQLite settings (WAL, busy timeout, foreign keys, explicit BEGIN); idempotent."""
    if getattr(engine, _CONFIGURED, False):
        return engine
    if engine.dialect.name == "sqlite":
        _prepare_sqlite_file(engine.url)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
            # pysqlite's own implicit transactions off: SQLAlchemy's "begin" below decides.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Connection) -> None:
            writing = connection.get_execution_options().get(_WRITE_OPTION, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        engine.dispose()  # connections made before the hooks would miss them
    setattr(engine, _CONFIGURED, True)
    return engine


def make_engine(url: str | URL | None = None) -> Engine:
    """A configured engine for `url` (default: database_url())."""
    resolved = normalise_url(url) if url is not None else database_url()
    if resolved.get_backend_name() == "sqlite":
        _prepare_sqlite_file(resolved)
    return configure_engine(create_engine(resolved, pool_pre_ping=True))


@contextlib.contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back on any exception.
    On SQLite it holds the database's write lock from its first statement."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{_WRITE_OPTION: True})
        with connection.begin():
            yield connection


def _head_revision() -> str:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (creating it in an empty database)."""
    configure_engine(engine)
    if current_revision(engine) == _head_revision():
        return
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with write_connection(engine) as connection:
        if connection.dialect.name == "postgresql":
            # Held until the transaction ends; a second process waits, then finds head.
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
