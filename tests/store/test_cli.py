"""`python -m atlas publish | versions | export` against a configured database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from atlas import REPO_DATA_DIR
from atlas.store.engine import DATABASE_URL_ENV
from tests.store.test_versions import NEW_PARTICIPANTS, NEW_TRAINING, PARTICIPANTS, TRAININGS

REPO = REPO_DATA_DIR.parent


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    """The CLI in this process (atlas.cli.main, as `python -m atlas` calls it)."""
    import contextlib
    import io
    import os

    from atlas.cli import main

    stdout, stderr = io.StringIO(), io.StringIO()
    previous = os.environ.get(DATABASE_URL_ENV)
    os.environ[DATABASE_URL_ENV] = url
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(list(args))
    finally:
        if previous is None:
            os.environ.pop(DATABASE_URL_ENV, None)
        else:
            os.environ[DATABASE_URL_ENV] = previous
    return subprocess.CompletedProcess(args, status, stdout.getvalue(), stderr.getvalue())


def run_process(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "atlas", *args],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", DATABASE_URL_ENV: url, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def written(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (
        ("trainings.csv", TRAININGS),
        ("participants.csv", PARTICIPANTS),
        ("new_trainings.csv", NEW_TRAINING),
        ("new_participants.csv", NEW_PARTICIPANTS),
        ("changed.csv", TRAININGS.replace("Aksi Iklim", "Aksi Iklim Baru")),
    ):
        paths[name] = tmp_path / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_publish_versions_export(database_url, written, tmp_path):
    first = run(
        database_url, "publish", "--trainings", str(written["trainings.csv"]),
        "--participants", str(written["participants.csv"]), "--note", "first", "--author", "cli",
    )  # fmt: skip
    # Kuala Lumpur is unresolved: published, with exit status 1 as `check` has it
    assert first.returncode == 1, first.stderr
    assert "published version 1 (publish" in first.stdout
    assert "regions: 3 resolved, 0 ambiguous, 1 unresolved" in first.stdout

    second = run(
        database_url, "publish", "--append", "--trainings", str(written["new_trainings.csv"]),
        "--participants", str(written["new_participants.csv"]), "--note", "second",
    )  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert "published version 2 (append" in second.stdout

    conflict = run(
        database_url, "publish", "--append", "--trainings", str(written["changed.csv"]),
        "--participants", str(written["participants.csv"]), "--note", "third",
    )  # fmt: skip
    assert conflict.returncode == 2
    assert "already published with other content: t2" in conflict.stderr
    assert "Nothing was published" in conflict.stderr

    listed = run(database_url, "versions", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    versions = json.loads(listed.stdout)
    assert [(v["version"], v["note"], v["trainings"], v["participants"]) for v in versions] == [
        (2, "second", 3, 13),
        (1, "first", 2, 7),
    ]
    text = run(database_url, "versions")
    assert "version 2 (append" in text.stdout and "note: first" in text.stdout

    out = tmp_path / "export"
    exported = run(database_url, "export", "--version", "1", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert (out / "original" / "01-trainings-trainings.csv").read_text() == TRAININGS
    assert "siti@example.org" in (out / "participants.csv").read_text()
    missing = run(database_url, "export", "--version", "7", "--out", str(out))
    assert missing.returncode == 2 and "there is no version 7" in missing.stderr


def test_unreadable_file_publishes_nothing(database_url, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run(
        database_url, "publish", "--trainings", str(empty), "--participants", str(empty),
        "--note", "x",
    )  # fmt: skip
    assert result.returncode == 2
    assert "is empty" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(run(database_url, "versions", "--format", "json").stdout) == []


def test_unreachable_database_is_a_plain_error(tmp_path):
    result = run_process("postgresql://nobody@127.0.0.1:9/none", "versions")
    assert result.returncode == 2
    assert "the database cannot be used" in result.stderr and "Traceback" not in result.stderr
