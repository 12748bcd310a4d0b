"""Several app replicas behind nginx, sharing one PostgreSQL, on this machine (`make replicas`).

    python -m deploy.replicas [--replicas 2] [--port 8080] [--data-dir DIR] [--secrets FILE]

Starts, in a new temporary directory:
1. a throwaway PostgreSQL cluster (deploy/pgcluster.py; as root it runs as `postgres`) with a
   database `atlas`, migrated and seeded from the data folder (ATLAS_DATA_DIR or --data-dir);
2. N `streamlit run app.py` processes on free loopback ports, each with ATLAS_DATABASE_URL
   pointing at that database and one shared cookie secret (XSRF tokens and st.login cookies
   must verify on every replica);
3. Debian's nginx in front, with deploy/nginx/atlas.conf (the production config) rendered only
   in its replica list and listen port; as root its workers run as an unprivileged user.
Then waits until /_stcore/health answers through nginx, prints the URL, and keeps running until
Ctrl-C or SIGTERM. Everything it started is stopped, and the directory removed, on exit and on
any failure while starting.

`Stack` is the same thing as a Python API (the e2e tests and bench/bench_replicas.py use it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.pgcluster import Cluster, PostgresUnavailable, start_cluster

REPO = Path(__file__).resolve().parents[1]
NGINX_CONF = REPO / "deploy" / "nginx" / "atlas.conf"
HEALTH_PATH = "/_stcore/health"
STARTUP_TIMEOUT_S = 120.0
DATABASE_NAME = "atlas"
WORKER_USERS = ("www-data", "nobody")
_REPLICAS_BLOCK = re.compile(
    r"(?P<indent>[ \t]*)# atlas:replicas begin\n.*?# atlas:replicas end\n", re.DOTALL
)
_NAMES_BLOCK = re.compile(
    r"(?P<indent>[ \t]*)# atlas:names begin\n.*?# atlas:names end\n", re.DOTALL
)
_LISTEN_LINE = re.compile(r"(?m)^(?P<indent>[ \t]*)listen [^;]+;(?P<mark>[ \t]*# atlas:listen)$")
_CACHE_LINE = re.compile(
    r"(?m)^(?P<head>proxy_cache_path )(?P<path>\S+)(?P<tail> .*# atlas:cache)$"
)


class StackError(RuntimeError):
    pass


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replica_name(index: int) -> str:
    """The opaque name nginx reports (X-Atlas-Upstream) for the index-th replica of its list."""
    return f"r{index + 1}"


def _replace_block(template: str, pattern: re.Pattern[str], mark: str, lines: list[str]) -> str:
    block = pattern.search(template)
    assert block is not None
    indent = block.group("indent")
    body = "".join(f"{indent}{line}\n" for line in lines)
    return (
        template[: block.start()]
        + f"{indent}# {mark} begin\n{body}{indent}# {mark} end\n"
        + template[block.end() :]
    )


def render_nginx_conf(
    template: str, upstreams: list[str], listen: str, cache_dir: Path | None = None
) -> str:
    """atlas.conf with its replica list, the replicas' opaque names, its listen address and
    (given `cache_dir`) the folder of its static-file cache replaced, nothing else."""
    marks = (_REPLICAS_BLOCK, _NAMES_BLOCK, _LISTEN_LINE, _CACHE_LINE)
    if any(p.search(template) is None for p in marks):
        raise StackError(
            "deploy/nginx/atlas.conf has lost its atlas:replicas / atlas:names / atlas:listen / "
            "atlas:cache marks"
        )
    if cache_dir is not None:
        template = _CACHE_LINE.sub(lambda m: f"{m['head']}{cache_dir}{m['tail']}", template)
    servers = [f"server {u} max_fails=1 fail_timeout=10s;" for u in upstreams]
    # the last address of $upstream_addr (see the map's comment in atlas.conf)
    names = [f'"~(^|\\s){re.escape(u)}$" {replica_name(i)};' for i, u in enumerate(upstreams)]
    replaced = _replace_block(template, _REPLICAS_BLOCK, "atlas:replicas", servers)
    replaced = _replace_block(replaced, _NAMES_BLOCK, "atlas:names", names)
    return _LISTEN_LINE.sub(lambda m: f"{m['indent']}listen {listen};{m['mark']}", replaced)


def nginx_binary() -> str:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file():
            return candidate
    raise StackError(
        "nginx is not installed: run `make replicas` (it installs Debian's nginx where possible) "
        "or `apt-get install nginx`."
    )


def _worker_user() -> str | None:
    """The unprivileged user nginx's workers run as when we are root (None: not root)."""
    if os.geteuid() != 0:
        return None
    for name in WORKER_USERS:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise StackError("running as root and there is no www-data or nobody user for nginx")


def main_nginx_conf(prefix: Path, site_conf: Path, user: str | None) -> str:
    """A minimal nginx.conf: every path in `prefix`, the site config included in http."""
    user_line = f"user {user};\n" if user else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user_line}worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"    access_log {prefix / 'access.log'};\n"
        f"{temp}\n"
        f"    include {site_conf};\n"
        "}\n"
    )


def start_nginx(prefix: Path, upstreams: list[str], port: int) -> subprocess.Popen:
    """nginx in the foreground with atlas.conf rendered for `upstreams`, listening on
    127.0.0.1:`port`, every file of it in the new folder `prefix` (its error log: error.log)."""
    (prefix / "temp").mkdir(parents=True)
    prefix.chmod(0o755)
    site = prefix / "atlas.conf"
    site.write_text(
        render_nginx_conf(
            NGINX_CONF.read_text(encoding="utf-8"),
            upstreams,
            f"127.0.0.1:{port}",
            cache_dir=prefix / "cache",
        ),
        encoding="utf-8",
    )
    conf = prefix / "nginx.conf"
    conf.write_text(main_nginx_conf(prefix, site, _worker_user()), encoding="utf-8")
    base = [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise StackError(f"nginx -t refused the config:\n{checked.stderr}")
    return subprocess.Popen(
        [*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_healthy(url: str, process: subprocess.Popen | None, what: str, log: Path) -> None:
    """Poll `url` + /_stcore/health until it answers 200 (StackError after the deadline or when
    the process exits)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StackError(f"{what} exited early:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url + HEALTH_PATH, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling interval of the health check
    raise StackError(f"{what} not healthy after {STARTUP_TIMEOUT_S:.0f}s:\n{_tail(log)}")


def _tail(path: Path, size: int = 4000) -> str:
    with contextlib.suppress(OSError):
        return path.read_text(encoding="utf-8", errors="replace")[-size:]
    return ""


def _stop(process: subprocess.Popen | None, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@dataclass
class Replica:
    """One `streamlit run app.py` process."""

    port: int
    process: subprocess.Popen
    log_path: Path
    name: str = ""  # what nginx reports in X-Atlas-Upstream for it (r1, r2, ...)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crashed machine would: no clean shutdown of its sessions."""
        if self.alive():
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        _stop(self.process)


@dataclass
class Stack:
    """PostgreSQL + N replicas + nginx; `with Stack(...) as stack:` stops all of it at the end."""

    replicas: int = 2
    port: int = 0  # nginx's loopback port; 0: a free one
    data_dir: Path | None = None  # the seed data (default: ATLAS_DATA_DIR or the repo's data/)
    secrets_file: Path | None = None  # passed to every replica as --secrets.files
    extra_env: dict[str, str] = field(default_factory=dict)
    directory: Path | None = None
    cluster: Cluster | None = None
    database_url: str = ""
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    cookie_secret: str = field(default_factory=lambda: secrets.token_hex(32))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Stack:
        if self.replicas < 1:
            raise StackError("at least one replica")
        try:
            self.directory = Path(tempfile.mkdtemp(prefix="atlas-replicas-"))
            self.directory.chmod(0o755)  # nginx's workers (unprivileged) read below it
            self._start_database()
            self.members = [self._start_replica(free_port()) for _ in range(self.replicas)]
            for index, member in enumerate(self.members):
                member.name = replica_name(index)
            for member in self.members:
                wait_healthy(member.url, member.process, f"replica {member.port}", member.log_path)
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_database(self) -> None:
        from atlas.dataset import data_dir, default_gazetteer
        from atlas.store.engine import make_engine
        from atlas.store.service import seed_if_empty
        from atlas.store.store import Store

        self.cluster = start_cluster()
        self.database_url = self.cluster.create_database(DATABASE_NAME)
        engine = make_engine(self.database_url)
        try:
            store = Store(engine)
            store.migrate()
            seed_if_empty(store, self.data_dir or data_dir(), default_gazetteer())
        finally:
            engine.dispose()

    def _start_replica(self, port: int) -> Replica:
        assert self.directory is not None
        env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
        env.update(self.extra_env)
        env["PYTHONUNBUFFERED"] = "1"
        env["ATLAS_DATABASE_URL"] = self.database_url
        env["STREAMLIT_SERVER_COOKIE_SECRET"] = self.cookie_secret  # not accepted as a CLI flag
        if self.data_dir is not None:
            env["ATLAS_DATA_DIR"] = str(self.data_dir)
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.port", str(port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if self.secrets_file is not None:
            command += ["--secrets.files", str(self.secrets_file)]
        log_path = self.directory / f"replica-{port}.log"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        return Replica(port, process, log_path)

    def _start_nginx(self) -> None:
        assert self.directory is not None
        self.port = self.port or free_port()
        self.nginx = start_nginx(
            self.directory / "nginx", [r.address for r in self.members], self.port
        )
        wait_healthy(self.url, self.nginx, "nginx", self.directory / "nginx" / "error.log")

    def restart(self, replica: Replica) -> None:
        """A stopped or killed replica started again on its port (nginx's list is unchanged)."""
        replica.stop()
        replica.process = self._start_replica(replica.port).process
        wait_healthy(replica.url, replica.process, f"replica {replica.port}", replica.log_path)

    def replica_named(self, name: str) -> Replica:
        """The replica nginx reported by its opaque name (X-Atlas-Upstream)."""
        for replica in self.members:
            if replica.name == name:
                return replica
        raise KeyError(name)

    def stop(self) -> None:
        """Stop nginx, the replicas and PostgreSQL; remove the directory. Idempotent."""
        _stop(self.nginx)
        self.nginx = None
        for replica in self.members:
            replica.stop()
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def failed_member(self) -> str | None:
        """What has exited unexpectedly (None: all running)."""
        if self.nginx is not None and self.nginx.poll() is not None:
            return "nginx"
        for replica in self.members:
            if not replica.alive():
                return f"replica {replica.port}"
        return None


def _on_signal(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx port on 127.0.0.1 (0: free)")
    parser.add_argument("--data-dir", type=Path, help="seed data folder (default: ATLAS_DATA_DIR)")
    parser.add_argument("--secrets", type=Path, help="secrets.toml for every replica")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _on_signal)
    stack = Stack(
        replicas=args.replicas, port=args.port, data_dir=args.data_dir, secrets_file=args.secrets
    )
    try:
        stack.start()
        print(f"Atlas Pelatihan: {stack.url}  (nginx in front of {args.replicas} replicas)")
        for replica in stack.members:
            print(f"  replica {replica.url} pid {replica.pid}")
        print(f"  database {stack.database_url}")
        print("Ctrl-C stops everything.", flush=True)
        while (failed := stack.failed_member()) is None:
            time.sleep(1)  # supervision interval
        print(f"{failed} exited; stopping everything", file=sys.stderr)
        return 1
    except (StackError, PostgresUnavailable) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
