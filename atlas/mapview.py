"""The map of reached regions, built with folium from the view's aggregates.

Pure Python (no streamlit). The map is data, not objects: each layer is one `folium.GeoJson`
FeatureCollection of points (atlas.mapfeatures) whose properties carry the region code and the
(already escaped, atlas.map_escaping) texts of its tooltip and popup, and one small script
styles and sizes the markers in the browser (atlas.maplayers). Its size grows with the number of
regions drawn (at most the 514 kabupaten/kota and 38 provinces of the gazetteer), never with the
number of participant rows; a participant count only changes the digits of a property and the
bounded marker radius.

Three layers, one per kind (the `kind` property): reached governments (kota, kabupaten and
provincial governments), totals per province, and the kota and kabupaten not reached yet.

`build_map` returns the parts separately: the base map (tiles, outline, legend, styles), which
depends only on the language and so stays mounted in the browser while filters change, and the
data layers plus their layer control, which st_folium swaps in place (`feature_group_to_add`).
The layers also carry the fit to the view's bounds (the selected provinces, else Indonesia).

The browser libraries are served by the app itself (static/vendor/, see
scripts/vendor_assets.py), so the map renders with every non-local request blocked; online tiles
stay the default basemap, and the offline outline of Indonesia (data/indonesia_outline.geojson)
is always drawn under the markers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from folium.utilities import JsCode

from atlas import REPO_DATA_DIR, schema
from atlas.i18n import t
from atlas.map_escaping import escape_map_text, js_literal
from atlas.mapfeatures import (
    MIN_RADIUS,
    PROVINCE_RING_PX,
    province_features,
    region_features,
    unreached_features,
)
from atlas.maplayers import (
    AtlasFeatureGroup,
    AtlasLayerControl,
    AtlasPopup,
    AtlasTileLayer,
    AtlasTooltip,
    CompactGeoJson,
    FitBounds,
    LayerData,
    Legend,
    MapStyle,
    OfflineMap,
    ZoomScaledRadii,
)
from atlas.tables import level_label

OUTLINE_PATH = REPO_DATA_DIR / "indonesia_outline.geojson"

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

# [[south, west], [north, east]]: Sabang to Merauke, Miangas to Rote.
INDONESIA_BOUNDS = [[-11.2, 94.8], [6.3, 141.2]]
INDONESIA_CENTER = [-2.5, 118.0]
# Pixels kept free around the fitted regions, and the closest zoom a fit may choose (a province
# whose regions lie close together is not shown at street level).
FIT_PADDING_PX = 24
FIT_MAX_ZOOM = 10

# Colour-blind-safe (ColorBrewer Dark2) plus a stroke pattern per level, so the level is never
# carried by colour alone; the legend shows both and every tooltip names the level in words.
LEVEL_STYLE: dict[str, dict[str, str | None]] = {
    "provinsi": {"color": "#7570b3", "dash": "6 4"},
    "kota": {"color": "#d95f02", "dash": None},
    "kabupaten": {"color": "#1b9e77", "dash": "2 3"},
}
PROVINCE_COLOR = "#1f5f8b"
UNREACHED_COLOR = "#6b7280"
UNREACHED_RADIUS = 4

# CSS classes on the SVG paths: tests and screen readers of the DOM can tell layers apart.
REGION_MARKER_CLASS = "atlas-region-marker"
PROVINCE_MARKER_CLASS = "atlas-province-marker"
UNREACHED_MARKER_CLASS = "atlas-unreached-marker"


# --- the view's bounds ------------------------------------------------------------------------


def view_bounds(
    gazetteer_regions: pd.DataFrame, provinces: Iterable[str] = ()
) -> list[list[float]]:
    """[[south, west], [north, east]] of the seats of every region (province, kota, kabupaten)
    of the selected provinces in the gazetteer; all of Indonesia when none is selected (or none
    of the selected codes is known)."""
    wanted = set(provinces)
    if not wanted:
        return [list(corner) for corner in INDONESIA_BOUNDS]
    inside = gazetteer_regions.loc[gazetteer_regions["province_code"].isin(wanted)]
    inside = inside.dropna(subset=["lat", "lon"])
    if inside.empty:
        return [list(corner) for corner in INDONESIA_BOUNDS]
    return [
        [float(inside["lat"].min()), float(inside["lon"].min())],
        [float(inside["lat"].max()), float(inside["lon"].max())],
    ]


def _style_markers_js(lang: str) -> JsCode:
    """onEachFeature: stroke and fill of the feature's level (its `level` property holds the
    level in words of `lang`, escaped like every property)."""
    styles: dict[str, dict[str, object]] = {}
    for level, style in LEVEL_STYLE.items():
        label = escape_map_text(level_label(level, lang))
        styles[label] = {"color": style["color"], "fillColor": style["color"]}
        if style["dash"]:
            styles[label]["dashArray"] = style["dash"]
    return JsCode(
        f"function(feature,layer){{var style={js_literal(styles)}"
        "[feature.properties.level];if(style){layer.setStyle(style)}}"
    )


def _legend_html(lang: str) -> str:
    rows = []
    for level in schema.LEVELS:
        style = LEVEL_STYLE[level]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        swatch = (
            '<svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="8" '
            f'fill="{style["color"]}" fill-opacity="0.55" stroke="{style["color"]}" '
            f'stroke-width="2.5"{dash}/></svg>'
        )
        rows.append(
            f'<div class="atlas-legend-row">{swatch}<span>'
            f"{escape_map_text(level_label(level, lang))}</span></div>"
        )
    swatch = (
        '<svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="4" '
        f'fill="#ffffff" stroke="{UNREACHED_COLOR}" stroke-width="1.5"/></svg>'
    )
    rows.append(
        f'<div class="atlas-legend-row">{swatch}<span>'
        f"{escape_map_text(t('map.legend_unreached', lang))}</span></div>"
    )
    size_note = f"<div>{escape_map_text(t('map.legend_size', lang))}</div>"
    title = f'<div class="atlas-legend-title">{escape_map_text(t("map.legend_title", lang))}</div>'
    return title + "".join(rows) + size_note


@lru_cache(maxsize=1)
def load_outline(path: Path = OUTLINE_PATH) -> str:
    """The offline Indonesia outline as GeoJSON text (read once per process)."""
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _outline_data() -> LayerData:
    """The outline as the map writes it, written once per process (every map draws it)."""
    return LayerData.of(json.loads(load_outline()))


def _aliases(keys: Sequence[str], lang: str) -> list[str]:
    return [escape_map_text(t(key, lang)) for key in keys]


def _point_layer(
    data: LayerData,
    *,
    marker_options: Mapping[str, object],
    tooltip_fields: Sequence[tuple[str, str]],
    popup_fields: Sequence[tuple[str, str]] = (),
    on_each_feature: JsCode | None = None,
    lang: str,
) -> folium.GeoJson:
    """One GeoJson layer of points drawn as circle markers, tooltip (and popup) from the
    features' properties; fields are (property, i18n key of its label)."""
    layer = CompactGeoJson(data, marker_options=marker_options, on_each_feature=on_each_feature)
    if not data.geojson["features"]:
        return layer  # folium checks the fields against the first feature
    AtlasTooltip(
        fields=[field for field, _ in tooltip_fields],
        aliases=_aliases([key for _, key in tooltip_fields], lang),
        class_name="atlas-tooltip",
        sticky=False,
    ).add_to(layer)
    if popup_fields:
        AtlasPopup(
            fields=[field for field, _ in popup_fields],
            aliases=_aliases([key for _, key in popup_fields], lang),
            class_name="atlas-popup",
            localize=False,
            max_width=320,
        ).add_to(layer)
    return layer


@dataclass
class AtlasMap:
    """The map in parts, as st_folium takes them: `base` (same for every view in a language),
    `layers` (the data, swapped in place when filters change) and their `control`."""

    base: folium.Map
    layers: list[folium.FeatureGroup]
    control: folium.LayerControl

    def standalone(self) -> folium.Map:
        """Everything on one folium map (an HTML export, tests). Consumes the parts."""
        for layer in self.layers:
            layer.add_to(self.base)
        self.control.add_to(self.base)
        return self.base


def build_base_map(lang: str = "id", *, tiles: bool = True, outline_geojson: str | None = None):
    """Tiles (optional), the offline outline, marker sizing, legend: no data of the view."""
    fmap = OfflineMap(
        location=INDONESIA_CENTER,
        zoom_start=5,
        min_zoom=4,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
    )
    MapStyle().add_to(fmap)
    if tiles:
        AtlasTileLayer(
            tiles=TILE_URL,
            attr=TILE_ATTRIBUTION,
            name=t("map.layer_tiles", lang),
            max_zoom=18,
            control=True,
        ).add_to(fmap)
    CompactGeoJson(
        _outline_data() if outline_geojson is None else LayerData.of(json.loads(outline_geojson)),
        name=t("map.layer_outline", lang),
        style={"color": "#5b6b7a", "weight": 0.8, "fillColor": "#f4f1e8", "fillOpacity": 0.35},
        interactive=False,
        smoothFactor=1.0,
    ).add_to(fmap)
    ZoomScaledRadii().add_to(fmap)
    Legend(t("map.legend_title", lang), _legend_html(lang)).add_to(fmap)
    return fmap


def _reached_layer(regions: LayerData, lang: str, bounds: list[list[float]]) -> folium.FeatureGroup:
    """The reached governments (shown), with the fit to the view's bounds."""
    reached_layer = AtlasFeatureGroup(name=t("map.layer_regions", lang), show=True)
    _point_layer(
        regions,
        marker_options={
            "radius": MIN_RADIUS,
            "weight": 2.5,
            "fillOpacity": 0.55,
            "className": REGION_MARKER_CLASS,
        },
        on_each_feature=_style_markers_js(lang),
        tooltip_fields=[
            ("name", "col.region_name"),
            ("level", "col.level"),
            ("participants", "col.participants"),
        ],
        popup_fields=[
            ("name", "col.region_name"),
            ("level", "col.level"),
            ("province", "col.province"),
            ("participants", "col.participants"),
            ("trainings", "col.trainings"),
        ],
        lang=lang,
    ).add_to(reached_layer)
    FitBounds(bounds, FIT_PADDING_PX, FIT_MAX_ZOOM).add_to(reached_layer)
    return reached_layer


def _province_layer(provinces: LayerData, lang: str) -> folium.FeatureGroup:
    """Totals per province (hidden at first)."""
    province_layer = AtlasFeatureGroup(name=t("map.layer_provinces", lang), show=False)
    _point_layer(
        provinces,
        marker_options={
            "radius": MIN_RADIUS + PROVINCE_RING_PX,
            "color": PROVINCE_COLOR,
            "weight": 3,
            "fill": False,
            "className": PROVINCE_MARKER_CLASS,
        },
        tooltip_fields=[
            ("name", "col.province"),
            ("governments", "col.governments"),
            ("participants", "col.participants"),
        ],
        lang=lang,
    ).add_to(province_layer)
    return province_layer


def _unreached_layer(unreached: LayerData, lang: str, *, show: bool) -> folium.FeatureGroup:
    """The kota and kabupaten not reached yet (hidden at first unless `show`)."""
    unreached_layer = AtlasFeatureGroup(name=t("map.layer_unreached", lang), show=show)
    _point_layer(
        unreached,
        marker_options={
            "radius": UNREACHED_RADIUS,
            "color": UNREACHED_COLOR,
            "weight": 1.5,
            "fillColor": "#ffffff",
            "fillOpacity": 0.9,
            "className": UNREACHED_MARKER_CLASS,
        },
        tooltip_fields=[
            ("name", "col.region_name"),
            ("level", "col.level"),
            ("province", "col.province"),
        ],
        lang=lang,
    ).add_to(unreached_layer)
    return unreached_layer


@dataclass(frozen=True)
class MapFeatures:
    """A view's three layers in one language, as data (atlas.mapfeatures) and as the JS the map
    sends. The same for every viewer of that view, so atlas.derived keeps one per view and
    language: a new viewer's map is assembled from it, not written again."""

    regions: LayerData
    provinces: LayerData
    unreached: LayerData


def map_features(
    regions: pd.DataFrame, provinces: pd.DataFrame, unreached: pd.DataFrame, lang: str = "id"
) -> MapFeatures:
    """`regions`, `provinces` come from atlas.metrics.aggregate_regions and aggregate_provinces,
    `unreached` from atlas.metrics.unreached_regions."""
    return MapFeatures(
        regions=LayerData.of(region_features(regions, lang)),
        provinces=LayerData.of(province_features(provinces, lang)),
        unreached=LayerData.of(unreached_features(unreached, lang)),
    )


def build_map(
    features: MapFeatures,
    lang: str = "id",
    *,
    bounds: list[list[float]] | None = None,
    show_unreached: bool = False,
    tiles: bool = True,
    outline_geojson: str | None = None,
) -> AtlasMap:
    """The map of a view: base map, then three GeoJson layers — reached governments (shown),
    totals per province (hidden at first) and regions not reached yet (hidden at first unless
    `show_unreached`) — and the fit to `bounds` (default: Indonesia). The folium objects are
    new on every call (st_folium adds the layers to the map it is given); the features are
    not. `tiles=False` leaves out the online basemap (tests, offline previews)."""
    base = build_base_map(lang, tiles=tiles, outline_geojson=outline_geojson)
    layers = [
        _reached_layer(features.regions, lang, bounds if bounds is not None else INDONESIA_BOUNDS),
        _province_layer(features.provinces, lang),
        _unreached_layer(features.unreached, lang, show=show_unreached),
    ]
    control = AtlasLayerControl(collapsed=False, position="topright")
    return AtlasMap(base=base, layers=layers, control=control)
