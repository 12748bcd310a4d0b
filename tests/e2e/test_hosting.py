"""The Dockerfile's HEALTHCHECK command, run as written against a live server (Docker itself
cannot run here): healthy when the app answers, unhealthy when nothing listens."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.conftest import free_port
from tests.unit.test_hosting import healthcheck_command

pytestmark = pytest.mark.e2e


def run_healthcheck(port: int) -> int:
    command = [part.replace("8501", str(port)) for part in healthcheck_command()]
    assert command[0] == "python"
    return subprocess.run([sys.executable, *command[1:]], check=False, timeout=30).returncode


def test_healthcheck_passes_on_a_running_app(app_server):
    assert run_healthcheck(app_server.port) == 0


def test_healthcheck_fails_without_a_server():
    assert run_healthcheck(free_port()) != 0
