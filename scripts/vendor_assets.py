"""Vendor the browser libraries the map needs into static/vendor/ (served at /app/static/vendor/).

The map must render with every non-local request blocked, so Leaflet and jQuery (folium's popups
call `$(...)`) are served by the app itself instead of a CDN. Each package is fetched from the npm
registry with `npm pack` at a pinned version, its tarball checked against the pinned SHA-512
integrity, and only the files listed below are copied. The result is committed; run this script
again only to change a version (then update the pins and static/vendor/LICENSES.md).

    python scripts/vendor_assets.py
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "static" / "vendor"


@dataclass(frozen=True)
class NpmAsset:
    """One npm package at a pinned version and the files taken from its tarball."""

    name: str
    version: str
    integrity: str  # the registry's dist.integrity
    files: dict[str, str]  # path inside the tarball ("package/...") -> path under static/vendor/


ASSETS = (
    NpmAsset(
        name="leaflet",
        version="1.9.4",
        integrity=(
            "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
        ),
        files={
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
    ),
    NpmAsset(
        name="jquery",
        version="3.7.1",
        integrity=(
            "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg=="
        ),
        files={
            "package/dist/jquery.min.js": "jquery/jquery.min.js",
            "package/LICENSE.txt": "jquery/LICENSE.txt",
        },
    ),
)


def _npm_pack(spec: str, workdir: Path) -> Path:
    completed = subprocess.run(
        ["npm", "pack", spec, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball_name = completed.stdout.strip().splitlines()[-1]
    return workdir / tarball_name


def _sri_sha512(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode("ascii")


def vendor_asset(asset: NpmAsset, workdir: Path) -> list[Path]:
    """Fetch one package, verify it, copy its files; return the written paths."""
    tarball = _npm_pack(f"{asset.name}@{asset.version}", workdir)
    actual = _sri_sha512(tarball)
    if actual != asset.integrity:
        raise SystemExit(
            f"{asset.name}@{asset.version}: integrity mismatch\n  expected {asset.integrity}\n"
            f"  got      {actual}"
        )
    written: list[Path] = []
    with tarfile.open(tarball, "r:gz") as archive:
        for member_name, target in asset.files.items():
            member = archive.getmember(member_name)
            source = archive.extractfile(member)
            if source is None:
                raise SystemExit(f"{asset.name}: {member_name} is not a file")
            destination = VENDOR_DIR / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read())
            written.append(destination)
    return written


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for asset in ASSETS:
            package_dir = VENDOR_DIR / asset.name
            if package_dir.exists():
                shutil.rmtree(package_dir)
            for path in vendor_asset(asset, workdir):
                print(path.relative_to(REPO_ROOT))


if __name__ == "__main__":
    main()
