"""deploy/replicas.py serves the production nginx config, changed only where it must be."""

from __future__ import annotations

import difflib
import subprocess

import pytest

from deploy.replicas import NGINX_CONF, StackError, main_nginx_conf, nginx_binary, render_nginx_conf


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
    assert all(line.startswith(("server 127.0.0.1:", "listen ")) for line in removed)
    assert sorted(added) == [
        "listen 127.0.0.1:4000;  # atlas:listen",
        "server 127.0.0.1:4001 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:4002 max_fails=1 fail_timeout=10s;",
        "server 127.0.0.1:4003 max_fails=1 fail_timeout=10s;",
    ]


def test_a_config_without_the_marks_is_refused() -> None:
    with pytest.raises(StackError, match="atlas:replicas"):
        render_nginx_conf("upstream atlas_replicas { server a:1; }\n", ["127.0.0.1:1"], "1")


def test_the_rendered_config_passes_nginx_t(tmp_path) -> None:
    site = tmp_path / "atlas.conf"
    site.write_text(
        render_nginx_conf(NGINX_CONF.read_text(encoding="utf-8"), ["127.0.0.1:9"], "127.0.0.1:1"),
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
