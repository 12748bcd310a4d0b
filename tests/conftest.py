"""Every test gets its own store: ATLAS_DATABASE_URL points at a SQLite file in the test's
temporary folder, so no test reads or writes var/atlas.db, and each app test starts from an
empty store that is seeded from its ATLAS_DATA_DIR (or the bundled data) on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.store.engine import DATABASE_URL_ENV


@pytest.fixture(autouse=True)
def isolated_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'atlas-test.db'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return url
