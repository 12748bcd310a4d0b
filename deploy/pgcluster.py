"""A throwaway PostgreSQL cluster (Debian's postgresql) for tests, benchmarks and replicas.

PostgreSQL refuses to run as root, so as root the cluster is created and started as the
`postgres` user (runuser) in a fresh directory under the system temp dir, listening on a free
loopback port and a socket in that directory; `stop()` shuts it down and removes it.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    pass


def postgres_bin() -> Path:
    """The newest /usr/lib/postgresql/<n>/bin holding initdb and pg_ctl."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if not candidates:
        found = shutil.which("initdb")
        if found is None:
            raise PostgresUnavailable(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run "
                "`make test` (it installs Debian's postgresql where possible) or "
                "`apt-get install postgresql`."
            )
        return Path(found).parent
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    directory: Path
    port: int
    bin_dir: Path
    as_user: str | None  # run the server as this user (we are root), else as ourselves

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> Cluster:
        initdb = self._run(
            self.bin_dir / "initdb", "-D", self.data_dir, "-U", SERVER_USER, "-A", "trust",
            "-E", "UTF8", "--no-locale",
        )  # fmt: skip
        if initdb.returncode != 0:
            raise PostgresUnavailable(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
        options = (
            f"-k {self.directory} -p {self.port} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=100"
        )
        started = self._run(
            self.bin_dir / "pg_ctl", "-D", self.data_dir, "-o", options, "-l",
            self.directory / "server.log", "-w", "-t", "60", "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = (self.directory / "server.log").read_text(errors="replace")[-3000:]
            raise PostgresUnavailable(f"pg_ctl start failed:\n{started.stderr}\n{log}")
        return self

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            engine.dispose()
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = sa.make_url(url).database
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            engine.dispose()

    def stop(self) -> None:
        if self.data_dir.exists():
            self._run(self.bin_dir / "pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb + pg_ctl start in a new temp directory; PostgresUnavailable with the reason."""
    bin_dir = postgres_bin()
    as_user = None
    directory = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam(SERVER_USER)
        except KeyError:
            shutil.rmtree(directory, ignore_errors=True)
            raise PostgresUnavailable(
                f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
            ) from None
        os.chown(directory, account.pw_uid, account.pw_gid)
        as_user = SERVER_USER
    cluster = Cluster(directory, _free_port(), bin_dir, as_user)
    try:
        return cluster.start()
    except Exception:
        cluster.stop()
        raise
