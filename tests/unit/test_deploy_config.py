"""deploy/replicas.py serves the production nginx config, changed only where it must be."""

from __future__ import annotations

import difflib
import re
import subprocess
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy.replicas import (
    NGINX_CONF,
    StackError,
    free_port,
    main_nginx_conf,
    nginx_binary,
    render_nginx_conf,
    start_nginx,
    wait_healthy,
)


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_rendering_changes_only_the_replica_list_and_the_listen_line() -> None:
    template = NGINX_CONF.read_text(encoding="utf-8")
    rendered = render_nginx_conf(
        template, ["127.0.0.1:4001", "127.0.0.1:4002", "127.0.0.1:4003"], "127.0.0.1:4000"
    )
    removed = [line[1:].strip() for line in _changed_lines(template, rendered) if line[0] == "-"]
    added = [line[1:].strip() for line in _changed_lines(template, rendered) if line[0] == "+"]
    assert all(line.startswith(("server 127.0.0.1:", "listen ", '"~(^|')) for line in removed)
    assert sorted(added) == [
        '"~(^|\\s)127\\.0\\.0\\.1:4001$" r1;',
        '"~(^|\\s)127\\.0\\.0\\.1:4002$" r2;',
        '"~(^|\\s)127\\.0\\.0\\.1:4003$" r3;',
        "listen 127.0.0.1:4000;  # atlas:listen",
        "server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:4002 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:4003 max_fails=1 fail_timeout=10s;",
    ]


def test_the_replica_header_carries_the_opaque_name_not_the_address() -> None:
    template = NGINX_CONF.read_text(encoding="utf-8")
    headers = [line.split() for line in template.splitlines() if "add_header" in line]
    assert ["add_header", "X-Atlas-Upstream", "$atlas_replica_name", "always;"] in headers
    assert "$upstream_addr" not in " ".join(" ".join(h) for h in headers)


def test_a_config_without_the_marks_is_refused() -> None:
    with pytest.raises(StackError, match="atlas:replicas"):
        render_nginx_conf("upstream atlas_replicas { server a:1; }\n", ["127.0.0.1:1"], "1")
    without_names = re.sub(
        r"# atlas:names begin\n.*?# atlas:names end\n",
        "",
        NGINX_CONF.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    with pytest.raises(StackError, match="atlas:names"):
        render_nginx_conf(without_names, ["127.0.0.1:1"], "1")


def test_rendering_with_a_cache_folder_changes_only_that_line_more(tmp_path) -> None:
    template = NGINX_CONF.read_text(encoding="utf-8")
    plain = render_nginx_conf(template, ["127.0.0.1:4001"], "127.0.0.1:4000")
    cached = render_nginx_conf(template, ["127.0.0.1:4001"], "127.0.0.1:4000", tmp_path / "c")
    changed = _changed_lines(plain, cached)
    assert [line[0] for line in changed] == ["-", "+"]
    assert changed[1][1:].startswith(f"proxy_cache_path {tmp_path / 'c'} levels=1:2")


def test_nginx_keeps_the_frontend_files_and_never_a_page_or_a_sessions_media() -> None:
    """A crowd of new viewers fetches the same ~130 frontend files: nginx asks a replica once.
    Pages, the websocket endpoint and /media/ (a session's own files) always reach a replica."""
    asked: list[str] = []
    # nginx's unprivileged workers write the cache: a folder they can reach (pytest's is private)
    with _backend("replica", asked) as backend, tempfile.TemporaryDirectory() as folder:
        Path(folder).chmod(0o755)
        prefix = Path(folder) / "nginx"
        port = free_port()
        nginx = start_nginx(prefix, [f"127.0.0.1:{backend.server_address[1]}"], port)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, nginx, "nginx", prefix / "error.log")
            cached = ["/static/js/main.1a2b.js", "/component/c/index.html?u=1", "/app/static/x.js"]
            passed = ["/", "/map", "/media/abc.png", "/_stcore/host-config"]
            asked.clear()
            for _ in range(3):
                for path in cached + passed:
                    assert _get(url + path, f"{0:032x}")[0] == "replica"
            assert sorted(asked) == sorted(cached + passed * 3)
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def test_the_rendered_config_passes_nginx_t(tmp_path) -> None:
    site = tmp_path / "atlas.conf"
    site.write_text(
        render_nginx_conf(
            NGINX_CONF.read_text(encoding="utf-8"), ["127.0.0.1:9"], "127.0.0.1:1", tmp_path / "c"
        ),
        encoding="utf-8",
    )
    (tmp_path / "temp").mkdir()
    tmp_path.chmod(0o755)
    conf = tmp_path / "nginx.conf"
    conf.write_text(main_nginx_conf(tmp_path, site, None), encoding="utf-8")
    checked = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "e.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


@contextmanager
def _backend(name: str, paths: list[str] | None = None) -> Iterator[ThreadingHTTPServer]:
    """A plain HTTP server on a free loopback port that answers every GET with `name` (and
    appends each path it was asked for to `paths`)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if paths is not None:
                paths.append(self.path)
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _get(url: str, key: str) -> tuple[str, str | None]:
    """(body, X-Atlas-Upstream) of a GET that carries the routing cookie `key`."""
    request = urllib.request.Request(url, headers={"Cookie": f"atlas_replica={key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Atlas-Upstream")


def test_nginx_names_the_replica_that_answered_without_its_address(tmp_path) -> None:
    """Through the production config in a real nginx: the header is the replica's opaque name,
    also after a failover, when nginx tried a dead replica first ($upstream_addr "a, b")."""
    with _backend("first") as first, _backend("second") as second:
        addresses = [f"127.0.0.1:{s.server_address[1]}" for s in (first, second)]
        port = free_port()
        nginx = start_nginx(tmp_path / "nginx", addresses, port)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, nginx, "nginx", tmp_path / "nginx" / "error.log")
            seen: dict[str, str] = {}
            to_second = None
            for number in range(64):
                key = f"{number:032x}"
                body, header = _get(url + "/", key)
                seen[body] = header or ""
                if body == "second":
                    to_second = key
                    break
            assert to_second is not None, "64 routing keys all hashed to the first replica"
            assert seen["second"] == "r2"
            assert seen.get("first", "r1") == "r1"
            second.shutdown()
            second.server_close()
            # the key still hashes to the dead second replica: nginx tries it, then the first
            body, header = _get(url + "/", to_second)
            assert (body, header) == ("first", "r1")
            error_log = (tmp_path / "nginx" / "error.log").read_text(encoding="utf-8")
            assert "connect() failed" in error_log  # it did try the dead one first
            for value in (*seen.values(), header):
                assert re.fullmatch(r"r[0-9]+", value), value
                assert not any(a in value or a.split(":")[1] in value for a in addresses)
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
