"""Regenerate data/indonesia_outline.geojson: the land outline of Indonesia drawn under the map
markers when online tiles are unreachable.

Source: Natural Earth 1:50m Admin 0 countries (public domain), as TopoJSON in the npm package
world-atlas (ISC), fetched with `npm pack` at a pinned version and checked against its pinned
SHA-512 integrity. The TopoJSON arcs of Indonesia (ISO 3166-1 numeric 360) are decoded here
(no extra dependency), coordinates rounded to 3 decimals (~100 m; plenty at country zoom), and
written as one GeoJSON Feature with a MultiPolygon.

    python scripts/build_outline.py
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "data" / "indonesia_outline.geojson"

PACKAGE = "world-atlas"
VERSION = "2.0.2"
INTEGRITY = (  # the registry's dist.integrity of world-atlas@2.0.2
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoX"
    "nyTU5lFHcYa5ChG0LQ=="
)
TOPOLOGY_MEMBER = "package/countries-50m.json"
INDONESIA_ID = "360"
DECIMALS = 3

Position = tuple[float, float]


def fetch_topology() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        completed = subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        tarball = workdir / completed.stdout.strip().splitlines()[-1]
        digest = (
            "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        )
        if digest != INTEGRITY:
            raise SystemExit(f"{PACKAGE}@{VERSION}: integrity mismatch ({digest})")
        with tarfile.open(tarball, "r:gz") as archive:
            member = archive.extractfile(TOPOLOGY_MEMBER)
            if member is None:
                raise SystemExit(f"{TOPOLOGY_MEMBER} missing from {PACKAGE}@{VERSION}")
            return json.loads(member.read())


def decode_arcs(topology: dict) -> list[list[Position]]:
    """Absolute lon/lat positions of every arc (TopoJSON quantised delta encoding)."""
    (scale_x, scale_y) = topology["transform"]["scale"]
    (translate_x, translate_y) = topology["transform"]["translate"]
    arcs: list[list[Position]] = []
    for arc in topology["arcs"]:
        x = y = 0
        positions: list[Position] = []
        for dx, dy in arc:
            x += dx
            y += dy
            positions.append((x * scale_x + translate_x, y * scale_y + translate_y))
        arcs.append(positions)
    return arcs


def ring_positions(arc_indexes: list[int], arcs: list[list[Position]]) -> list[Position]:
    """Stitch a ring from arc indexes; a negative index ~i means arc i reversed."""
    ring: list[Position] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # consecutive arcs share their joining point
        ring.extend(arc if not ring else arc[1:])
    return ring


def rounded_ring(ring: list[Position]) -> list[list[float]] | None:
    """Round and drop repeated points; None when the ring collapses below a triangle."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def indonesia_outline(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = topology["objects"]["countries"]["geometries"]
    geometry = next(g for g in countries if str(g.get("id")) == INDONESIA_ID)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    multipolygon: list[list[list[list[float]]]] = []
    for polygon in polygons:
        rings = [rounded_ring(ring_positions(ring, arcs)) for ring in polygon]
        if rings[0] is None:
            continue
        multipolygon.append([ring for ring in rings if ring is not None])
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": "Indonesia",
                    "source": f"Natural Earth 1:50m via npm {PACKAGE}@{VERSION}",
                },
                "geometry": {"type": "MultiPolygon", "coordinates": multipolygon},
            }
        ],
    }


def main() -> None:
    outline = indonesia_outline(fetch_topology())
    OUTPUT.write_text(json.dumps(outline, separators=(",", ":")) + "\n", encoding="utf-8")
    polygons = len(outline["features"][0]["geometry"]["coordinates"])
    print(f"{OUTPUT.relative_to(REPO_ROOT)}: {polygons} polygons, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
