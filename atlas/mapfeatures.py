"""The map's data: GeoJSON features of reached governments, province totals and regions not
reached yet, and the lookup of a clicked feature.

Each feature's properties carry the region code and the (already escaped) texts of its tooltip
and popup. A click is matched back by the clicked feature's `kind` and `code` (streamlit-folium
returns the clicked feature as GeoJSON in `last_active_drawing`), never by re-formatting
tooltips.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from atlas.i18n import format_number, t
from atlas.map_escaping import escape_map_text
from atlas.tables import level_label

# The `kind` property of each layer's features.
KIND_REGION = "region"
KIND_PROVINCE = "province"
KIND_UNREACHED = "unreached"

MIN_RADIUS = 6.0
MAX_RADIUS = 24.0
PROVINCE_RING_PX = 6  # a province total is a ring this much wider than a region marker
MAX_TITLES_IN_POPUP = 1
MAX_TITLE_CHARS = 60  # a popup previews titles; the details under the map list them in full
COORDINATE_DIGITS = 4  # ~11 m, the gazetteer's own precision


def marker_radius(participants: int) -> float:
    """Pixel radius growing with the square root of participants, bounded to 6..24."""
    return round(min(MAX_RADIUS, max(MIN_RADIUS, 4.0 + 2.5 * math.sqrt(max(participants, 0)))), 1)


def _point(lat: float | str, lon: float | str) -> dict:
    return {
        "type": "Point",
        "coordinates": [round(float(lon), COORDINATE_DIGITS), round(float(lat), COORDINATE_DIGITS)],
    }


def _feature(kind: str, code: object, lat: float | str, lon: float | str, properties: dict) -> dict:
    """A GeoJSON point whose every string property is escaped for innerHTML."""
    escaped = {
        key: escape_map_text(value) if isinstance(value, str) else value
        for key, value in {"kind": kind, "code": str(code), **properties}.items()
    }
    return {"type": "Feature", "geometry": _point(lat, lon), "properties": escaped}


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_TITLE_CHARS else text[: MAX_TITLE_CHARS - 1].rstrip() + "…"


def _trainings_text(count: int, titles: Sequence[str], lang: str) -> str:
    """ "7: A; B; C; dan 4 lainnya": the count and up to MAX_TITLES_IN_POPUP titles."""
    shown = [_shortened(title) for title in titles[:MAX_TITLES_IN_POPUP]]
    if len(titles) > MAX_TITLES_IN_POPUP:
        shown.append(
            t("map.more_titles", lang, count=format_number(len(titles) - MAX_TITLES_IN_POPUP, lang))
        )
    text = format_number(count, lang)
    return f"{text}: {'; '.join(shown)}" if shown else text


def region_features(regions: pd.DataFrame, lang: str) -> dict:
    """The reached governments (from aggregate_regions) as a FeatureCollection, largest first.

    Properties: kind, code, name, level (in words; it also picks the marker style), province,
    participants (formatted), trainings (the count and the first titles, each cut to
    MAX_TITLE_CHARS), r (marker radius in pixels). No property holds markup: every string is
    escaped text."""
    features = []
    for row in regions.itertuples(index=False):
        features.append(
            _feature(
                KIND_REGION,
                row.region_code,
                row.lat,
                row.lon,
                {
                    "name": row.region_name,
                    "level": level_label(row.region_type, lang),
                    "province": row.province_name,
                    "participants": format_number(int(row.participants), lang),
                    "trainings": _trainings_text(int(row.trainings), list(row.titles), lang),
                    "r": marker_radius(int(row.participants)),
                },
            )
        )
    return {"type": "FeatureCollection", "features": features}


def province_features(provinces: pd.DataFrame, lang: str) -> dict:
    """Totals per province (from aggregate_provinces): kind, code (province code), name,
    governments, participants (formatted), r."""
    features = [
        _feature(
            KIND_PROVINCE,
            row.province_code,
            row.lat,
            row.lon,
            {
                "name": row.province_name,
                "governments": format_number(int(row.governments), lang),
                "participants": format_number(int(row.participants), lang),
                "r": marker_radius(int(row.participants)) + PROVINCE_RING_PX,
            },
        )
        for row in provinces.itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


def unreached_features(unreached: pd.DataFrame, lang: str) -> dict:
    """The regions not reached yet (atlas.metrics.unreached_regions): kind, code, name, level
    (words), province."""
    features = [
        _feature(
            KIND_UNREACHED,
            row.region_code,
            row.lat,
            row.lon,
            {
                "name": row.region_name,
                "level": level_label(row.level, lang),
                "province": row.province_name,
            },
        )
        for row in unreached.dropna(subset=["lat", "lon"]).itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class ClickedFeature:
    """What was clicked on the map: the layer kind and the region (or province) code."""

    kind: str
    code: str


def clicked_feature(value: object) -> ClickedFeature | None:
    """The kind and code of the feature st_folium reports as clicked (`last_active_drawing`,
    the clicked marker's GeoJSON), None for anything else (no click yet, a non-atlas layer)."""
    if not isinstance(value, Mapping):
        return None
    properties = value.get("properties")
    if not isinstance(properties, Mapping):
        return None
    kind, code = properties.get("kind"), properties.get("code")
    if kind not in (KIND_REGION, KIND_PROVINCE, KIND_UNREACHED) or not isinstance(code, str):
        return None
    # codes are digits and dots, so escaping left them as they are
    return ClickedFeature(kind=str(kind), code=html.unescape(code))
