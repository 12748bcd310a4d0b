"""The hosting files say what the code needs: secrets example, Community Cloud layout, Dockerfile.

The nginx site config is checked with `nginx -t` in tests/unit/test_deploy_config.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SECRETS_EXAMPLE = REPO / ".streamlit" / "secrets.toml.example"
DOCKERFILE = REPO / "deploy" / "Dockerfile"
CODE_DIRS = ("atlas", "views", "deploy")


def code_files() -> list[Path]:
    files = [REPO / "app.py"]
    for folder in CODE_DIRS:
        files += sorted((REPO / folder).rglob("*.py"))
    return files


def secret_keys_read_by_the_code() -> set[str]:
    """Top-level secret names the code reads, found the ways the code spells them:
    `st.secrets["name"]`, constants named *_SECRET / *_SECTION, and `st.connection("name")`
    (which reads `[connections.name]`)."""
    keys: set[str] = set()
    for path in code_files():
        text = path.read_text(encoding="utf-8")
        keys.update(re.findall(r"st\.secrets\[\s*\"(\w+)\"\s*\]", text))
        keys.update(re.findall(r"^\w+_(?:SECRET|SECTION)\s*=\s*\"(\w+)\"", text, re.M))
        for name in re.findall(r"^STORE_CONNECTION\s*=\s*\"(\w+)\"", text, re.M):
            keys.add(f"connections.{name}")
        if "st.connection(" in text and "STORE_CONNECTION" not in text:
            keys.update(
                f"connections.{n}" for n in re.findall(r"st\.connection\(\s*\"(\w+)\"", text)
            )
    keys.discard("connections")  # the section itself; its entries are listed by name
    return keys


def test_the_scan_finds_what_the_app_is_known_to_read():
    assert secret_keys_read_by_the_code() >= {
        "detail_password",
        "detail_allowed_emails",
        "auth",
        "connections.atlas",
    }


def test_secrets_example_covers_every_secret_the_code_reads():
    example = tomllib.loads(SECRETS_EXAMPLE.read_text(encoding="utf-8"))
    for key in secret_keys_read_by_the_code():
        node = example
        for part in key.split("."):
            assert part in node, f"{key} missing from {SECRETS_EXAMPLE.name}"
            node = node[part]
    # what st.login and st.connection need to work
    assert {"redirect_uri", "cookie_secret", "client_id", "client_secret"} <= set(example["auth"])
    assert example["connections"]["atlas"]["url"].startswith("postgresql")


def test_secrets_file_is_ignored_and_the_example_is_not():
    def ignored(path: str) -> bool:
        result = subprocess.run(
            ["git", "check-ignore", "-q", path], cwd=REPO, check=False, capture_output=True
        )
        return result.returncode == 0

    assert ignored(".streamlit/secrets.toml")
    assert not ignored(".streamlit/secrets.toml.example")
    assert ".streamlit/secrets.toml" in (REPO / ".dockerignore").read_text(encoding="utf-8")


def test_community_cloud_layout():
    """Entry app.py and requirements.txt at the root, every runtime import pinned there."""
    assert (REPO / "app.py").is_file()
    requirements = (REPO / "requirements.txt").read_text(encoding="utf-8")
    pins = dict(
        line.split("==", 1) for line in requirements.splitlines() if "==" in line and line[0] != "#"
    )
    for package in ("streamlit", "segno", "fpdf2", "matplotlib", "openpyxl"):
        assert package in pins, package
    assert (REPO / ".streamlit" / "config.toml").is_file()
    assert 'requires-python = ">=3.11"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "Python 3.11" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_served_dashboard_neither_watches_its_sources_nor_collects_after_every_run():
    """The watcher registers every module for each new session (bench/RESULTS.md); `make dev`
    turns it on for editing."""
    import tomllib

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["runner"]["postScriptGC"] is False  # atlas.ui.memory collects ended sessions
    assert config["server"]["enableWebsocketCompression"] is True  # a fifth of the bytes
    dev = (REPO / "Makefile").read_text(encoding="utf-8").split("\ndev:", 1)[1].split("\n\n")[0]
    assert "--server.fileWatcherType auto" in dev


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def healthcheck_command() -> list[str]:
    (rest,) = [rest for keyword, rest in dockerfile_instructions() if keyword == "HEALTHCHECK"]
    return json.loads(rest[rest.index("CMD") + 3 :].strip())


def test_dockerfile_runs_as_a_non_root_user_with_a_health_check():
    instructions = dockerfile_instructions()
    keywords = [keyword for keyword, _ in instructions]
    assert instructions[0] == ("FROM", "python:3.11-slim")
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    # nothing runs as root after the switch, and the app is the container's command
    assert keywords.index("USER") < keywords.index("CMD")
    assert "RUN" not in keywords[keywords.index("USER") :]
    assert "/_stcore/health" in " ".join(healthcheck_command())
    (command,) = [json.loads(rest) for keyword, rest in instructions if keyword == "CMD"]
    assert command[:5] == ["python", "-m", "streamlit", "run", "app.py"]
    assert "--server.port=8501" in command and "8501" in " ".join(healthcheck_command())
    assert ("COPY", "requirements.txt ./") in instructions


def test_dockerfile_sets_the_allocator_settings_the_readme_states():
    (env,) = [rest for keyword, rest in dockerfile_instructions() if keyword == "ENV"]
    settings = dict(item.split("=", 1) for item in env.replace("\\", " ").split())
    assert settings["MALLOC_ARENA_MAX"] == "2"
    assert settings["PYTHONMALLOC"] == "malloc"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`MALLOC_ARENA_MAX=2` and `PYTHONMALLOC=malloc`" in readme
