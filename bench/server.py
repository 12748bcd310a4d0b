"""A `streamlit run` on a free loopback port for the benchmarks; its memory as the OS sees it."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 120.0


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_bytes(pid: int) -> int:
    """Resident set size of a process now (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds every core of this machine has spent busy since boot (/proc/stat: user, nice,
    system, irq, softirq, steal): what all processes used, the server's and the clients'."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class PeakRss:
    """Samples a process's RSS every `interval` seconds in a thread; `peak` is the largest."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = rss_bytes(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes(self.pid))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes(self.pid))


class StreamlitServer:
    """`streamlit run <script>` headless on 127.0.0.1:<free port>, stopped on exit."""

    def __init__(self, script: Path, env: dict[str, str], cwd: Path = REPO) -> None:
        self.script = script
        self.cwd = cwd
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def __enter__(self) -> StreamlitServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(self.env)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script),
             "--server.headless", "true", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.enableStaticServing", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=self.cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)  # polling interval of the health check
        log = self.log()
        self.__exit__()
        raise RuntimeError(f"streamlit not healthy after {STARTUP_TIMEOUT_S:.0f} s:\n{log}")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-3000:]

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


def atlas_server(data_dir: Path) -> StreamlitServer:
    """The dashboard (app.py) on the bundled-data view of `data_dir`."""
    return StreamlitServer(REPO / "app.py", data_env(data_dir))


def data_env(data_dir: Path) -> dict[str, str]:
    """The environment that shows `data_dir` as the published data: its files, and a store of
    its own beside them (seeded from them on first start). Without a store of its own a run
    would show whatever var/atlas.db was seeded with first."""
    return {
        "ATLAS_DATA_DIR": str(data_dir),
        "ATLAS_DATABASE_URL": f"sqlite:///{data_dir / 'atlas-bench.db'}",
    }


@contextlib.contextmanager
def naive_server(data_dir: Path) -> Iterator[StreamlitServer]:
    """bench/naive_map.py served from a folder whose static/ is the app's (Streamlit serves
    static/ next to the script), so Leaflet loads from the vendored files."""
    with tempfile.TemporaryDirectory(prefix="atlas-naive-") as folder:
        root = Path(folder)
        shutil.copy(REPO / "bench" / "naive_map.py", root / "naive_map.py")
        (root / "static").symlink_to(REPO / "static", target_is_directory=True)
        server = StreamlitServer(root / "naive_map.py", {"NAIVE_DATA_DIR": str(data_dir)}, root)
        with server:
            yield server
