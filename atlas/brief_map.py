"""The brief's static map (matplotlib, no browser): reached regions and the kota/kabupaten not
yet reached over the offline outline of Indonesia, as a PNG."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from atlas import REPO_DATA_DIR, metrics
from atlas.i18n import t
from atlas.schema import REGION_NAME, REGION_TYPE

OUTLINE_PATH = REPO_DATA_DIR / "indonesia_outline.geojson"
INDONESIA_BOUNDS = (94.8, 141.2, -11.2, 6.3)  # lon min, lon max, lat min, lat max
LEVEL_COLOURS = {"provinsi": "#7b6fb0", "kota": "#d95f02", "kabupaten": "#1b9e77"}
UNREACHED_COLOUR = "#9aa3ab"
MAP_SIZE = (6.6, 2.6)  # inches; the PDF places it at 132 mm wide


def _outline_polygons(path: Path = OUTLINE_PATH) -> list[list[tuple[float, float]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    polygons: list[list[tuple[float, float]]] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        shapes = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            shapes = [shapes]
        for polygon in shapes:
            polygons.append([(float(x), float(y)) for x, y in polygon[0]])
    return polygons


def _map_bounds(
    regions: pd.DataFrame, provinces: tuple[str, ...]
) -> tuple[float, float, float, float]:
    if not provinces:
        return INDONESIA_BOUNDS
    inside = regions[regions["province_code"].isin(provinces)]
    lon = pd.to_numeric(inside["lon"], errors="coerce").dropna()
    lat = pd.to_numeric(inside["lat"], errors="coerce").dropna()
    if lon.empty:
        return INDONESIA_BOUNDS
    pad_lon = max((lon.max() - lon.min()) * 0.15, 0.6)
    pad_lat = max((lat.max() - lat.min()) * 0.15, 0.6)
    return (lon.min() - pad_lon, lon.max() + pad_lon, lat.min() - pad_lat, lat.max() + pad_lat)


def _draw_reached(axes, placed: pd.DataFrame) -> None:
    """Reached regions (metrics.aggregate_regions), coloured by level, sized by participants."""
    for level, colour in LEVEL_COLOURS.items():
        rows = placed[placed[REGION_TYPE] == level]
        if rows.empty:
            continue
        sizes = 18 + 10 * rows["participants"].astype(float).clip(upper=60) ** 0.8
        axes.scatter(
            rows["lon"],
            rows["lat"],
            s=sizes,
            color=colour,
            alpha=0.85,
            edgecolors="#ffffff",
            linewidths=0.6,
            zorder=3,
        )


def _label_reached(axes, placed: pd.DataFrame) -> None:
    """Names next to the reached kota and kabupaten (a province's few)."""
    # the provincial government sits at its capital, next to that city: not labelled
    for row in placed[placed[REGION_TYPE] != "provinsi"].itertuples(index=False):
        axes.annotate(
            str(getattr(row, REGION_NAME)).replace("Kabupaten ", "Kab. "),
            (row.lon, row.lat),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=5.5,
            color="#1b2733",
            zorder=4,
        )


def _legend_handles(lang: str) -> list:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=t(f"level.{level}", lang))
        for level, colour in LEVEL_COLOURS.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            markeredgecolor=UNREACHED_COLOUR,
            label=t("brief.map_unreached", lang),
        )
    )
    return handles


def brief_map_png(
    participants: pd.DataFrame,
    unreached: pd.DataFrame,
    regions: pd.DataFrame,
    provinces: tuple[str, ...],
    lang: str,
) -> bytes:
    """Reached regions (coloured by level, sized by participants) and the kota/kabupaten not
    yet reached (grey rings) over the offline outline of Indonesia, as a PNG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    figure = Figure(figsize=MAP_SIZE, dpi=200)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_facecolor("#dbe8f2")
    axes.add_collection(
        PolyCollection(
            _outline_polygons(), facecolors="#f4f1ea", edgecolors="#8a8f94", linewidths=0.4
        )
    )
    lon_min, lon_max, lat_min, lat_max = _map_bounds(regions, provinces)
    if len(unreached):
        axes.scatter(
            unreached["lon"],
            unreached["lat"],
            s=14,
            facecolors="none",
            edgecolors=UNREACHED_COLOUR,
            linewidths=0.8,
            zorder=2,
        )
    placed = metrics.aggregate_regions(participants)
    _draw_reached(axes, placed)
    if provinces and len(placed) <= 25:
        _label_reached(axes, placed)
    axes.set_xlim(lon_min, lon_max)
    axes.set_ylim(lat_min, lat_max)
    axes.set_aspect("equal", adjustable="datalim")  # widens the shorter side, keeps the view
    axes.set_xticks([])
    axes.set_yticks([])
    axes.legend(
        handles=_legend_handles(lang), loc="lower left", fontsize=6, frameon=True, framealpha=0.9
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="#ffffff")
    return buffer.getvalue()
