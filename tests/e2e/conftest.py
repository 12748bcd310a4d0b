"""End-to-end harness: a real `streamlit run app.py` and Debian's Chromium driven by Playwright.

- The app runs headless on a free loopback port; fixtures wait on its health endpoint (polling
  with a deadline) and stop it at the end of the session.
- Every browser context blocks each request that does not go to the app's own origin: offline
  is the default condition of every test here. Blocked URLs are recorded per context.
- Every page gets a dialog listener and a sentinel check: hostile payloads in the fixtures set
  `window.__pwned` or call alert(); `assert_no_script_ran(page)` checks all frames.
- Chromium missing: the tests FAIL with a clear message, unless ATLAS_SKIP_E2E=1 is set.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

REPO_ROOT = Path(__file__).resolve().parents[2]
E2E_DATA = Path(__file__).resolve().parent / "data"
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
VIEWPORT = {"width": 1600, "height": 1300}
STARTUP_TIMEOUT_S = 90.0
SKIP_ENV = "ATLAS_SKIP_E2E"
ARTIFACTS = REPO_ROOT / "test-artifacts"


# What a page shows can take a while to arrive on a busy 2-core machine (a CI runner, or this
# suite's own servers and browsers): every expectation waits up to 20 s for it, never sleeps.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    e2e_dir = Path(__file__).resolve().parent
    for item in items:
        if e2e_dir in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if os.environ.get(SKIP_ENV) == "1":
                item.add_marker(pytest.mark.skip(reason=f"{SKIP_ENV}=1 set explicitly"))


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """One `streamlit run app.py` process."""

    data_dir: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, log_dir: Path) -> AppServer:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(self.extra_env)
        env["PYTHONUNBUFFERED"] = "1"
        if self.data_dir is not None:
            env["ATLAS_DATA_DIR"] = str(self.data_dir)
        # A store of its own (seeded from its data folder on first start), unless given one.
        env["ATLAS_DATABASE_URL"] = self.extra_env.get(
            "ATLAS_DATABASE_URL", f"sqlite:///{log_dir / f'atlas-{self.port}.db'}"
        )
        self.log_path = log_dir / f"streamlit-{self.port}.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                *self.extra_args,
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        health = f"{self.url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(health, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            # polling interval of the health check, not a synchronisation sleep
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit not healthy after {STARTUP_TIMEOUT_S}s:\n{self.log()}")

    def log(self) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


@pytest.fixture(scope="session")
def server_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("streamlit-logs")


@pytest.fixture(scope="session")
def app_server(server_log_dir: Path) -> Iterator[AppServer]:
    """The app on its bundled data (the 2018 training)."""
    server = AppServer().start(server_log_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hostile_server(server_log_dir: Path) -> Iterator[AppServer]:
    """The app with ATLAS_DATA_DIR pointing at files full of script payloads."""
    server = AppServer(data_dir=E2E_DATA / "hostile").start(server_log_dir)
    yield server
    server.stop()


DETAIL_PASSWORD = "e2e-kata-sandi"


@pytest.fixture(scope="session")
def secret_server(server_log_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """The app with a detail-view password in a secrets file of its own (--secrets.files)."""
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(f'detail_password = "{DETAIL_PASSWORD}"\n', encoding="utf-8")
    server = AppServer(
        data_dir=E2E_DATA / "personal", extra_args=["--secrets.files", str(secrets)]
    ).start(server_log_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (`make chromium` or "
            f"`apt-get install chromium`) or set {SKIP_ENV}=1 to skip the end-to-end tests "
            "explicitly.",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@dataclass
class BlockedRequests:
    urls: list[str] = field(default_factory=list)


def block_non_local(context, allowed_origin: str, blocked: BlockedRequests) -> None:
    """Abort every request whose origin is not the app's own."""
    allowed = urlsplit(allowed_origin)

    def handle(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        same_origin = (parts.scheme, parts.hostname, parts.port) == (
            allowed.scheme,
            allowed.hostname,
            allowed.port,
        )
        if same_origin or parts.scheme in ("data", "blob", "about"):
            route.continue_()
        else:
            blocked.urls.append(url)
            route.abort()

    context.route("**/*", handle)


# Runs first in every frame (the map iframe included): marks the frame as inspected. Hostile
# payloads would set window.__pwned or open a dialog; both are checked by the tests.
SENTINEL_SCRIPT = "window.__atlasSentinel = 'clean';"


@dataclass
class BrowserSession:
    """A browser context with its page, dialog log and blocked-request log."""

    context: object
    page: object
    base_url: str
    dialogs: list[str]
    blocked: BlockedRequests

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)

    def close(self) -> None:
        self.context.close()


def open_session(browser, server: AppServer, *, accept_downloads: bool = False) -> BrowserSession:
    context = browser.new_context(
        viewport=VIEWPORT, accept_downloads=accept_downloads, locale="id-ID"
    )
    context.set_default_timeout(30_000)
    blocked = BlockedRequests()
    block_non_local(context, server.url, blocked)
    context.add_init_script(SENTINEL_SCRIPT)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}:{dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return BrowserSession(context, page, server.url, dialogs, blocked)


@pytest.fixture
def session(browser, app_server: AppServer, request: pytest.FixtureRequest):
    browser_session = open_session(browser, app_server, accept_downloads=True)
    yield browser_session
    _save_failure_screenshot(browser_session, request)
    browser_session.close()


@pytest.fixture
def hostile_session(browser, hostile_server: AppServer, request: pytest.FixtureRequest):
    browser_session = open_session(browser, hostile_server, accept_downloads=True)
    yield browser_session
    _save_failure_screenshot(browser_session, request)
    browser_session.close()


def _save_failure_screenshot(browser_session: BrowserSession, request: pytest.FixtureRequest):
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            browser_session.page.screenshot(
                path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', request.node.name)}.png"),
                full_page=True,
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
