"""Store tests run twice: on SQLite (a file per test) and on a real PostgreSQL server that this
conftest starts once per test session (a throwaway cluster, removed at the end; a new database
per test). PostgreSQL that cannot be started FAILS the PostgreSQL tests, with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas.dataset import default_gazetteer
from atlas.gazetteer import Gazetteer
from atlas.store.engine import make_engine
from atlas.store.store import Store
from deploy.pgcluster import Cluster, PostgresUnavailable, start_cluster

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL could not be started for the store tests: {error}", pytrace=False)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'atlas.db'}"
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated, empty store on each backend."""
    engine = make_engine(database_url)
    store = Store(engine)
    store.migrate()
    yield store
    engine.dispose()
