"""The map of reached regions: aggregation by region/province and the folium map built from it.

Pure Python (no streamlit). The map is data, not objects: each layer is one `folium.GeoJson`
FeatureCollection of points whose properties carry the region code and the (already escaped)
texts of its tooltip and popup, and one small script styles and sizes the markers in the
browser. Its size grows with the number of regions drawn (at most the 514 kabupaten/kota and
38 provinces of the gazetteer), never with the number of participant rows; a participant count
only changes the digits of a property and the bounded marker radius.

Three layers, one per kind (the `kind` property): reached governments (kota, kabupaten and
provincial governments), totals per province, and the kota and kabupaten not reached yet.
A click is matched back by the clicked feature's `kind` and `code` (streamlit-folium returns
the clicked feature as GeoJSON in `last_active_drawing`), never by re-formatting tooltips.

`build_map` returns the parts separately: the base map (tiles, outline, legend, styles), which
depends only on the language and so stays mounted in the browser while filters change, and the
data layers plus their layer control, which st_folium swaps in place (`feature_group_to_add`).
The layers also carry the fit to the view's bounds (the selected provinces, else Indonesia).

Every text that may come from an input file is escaped with `escape_map_text` before it reaches
folium: GeoJsonTooltip/GeoJsonPopup put property values into `innerHTML`, so HTML
metacharacters, and also backticks, `$` and backslashes, become HTML character references.

The browser libraries are served by the app itself (static/vendor/, see
scripts/vendor_assets.py), so the map renders with every non-local request blocked; online tiles
stay the default basemap, and the offline outline of Indonesia (data/indonesia_outline.geojson)
is always drawn under the markers.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template as FoliumTemplate
from folium.utilities import JsCode, get_obj_in_upper_tree
from jinja2 import Template

from atlas import schema
from atlas.i18n import format_number, t

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OUTLINE_PATH = DATA_DIR / "indonesia_outline.geojson"

# Where Streamlit serves static/ (server.enableStaticServing). Absolute paths: the st_folium
# iframe is served by the same origin as the app.
STATIC_URL = "/app/static/vendor"
LOCAL_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]

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
MIN_RADIUS = 6.0
MAX_RADIUS = 24.0
PROVINCE_RING_PX = 6  # a province total is a ring this much wider than a region marker
UNREACHED_RADIUS = 4
MAX_TITLES_IN_POPUP = 1
MAX_TITLE_CHARS = 60  # a popup previews titles; the details under the map list them in full
MAX_TITLES_IN_TABLE = 3  # the table under the map; its downloads list every title
COORDINATE_DIGITS = 4  # ~11 m, the gazetteer's own precision

# Markers shrink when zoomed out, so the crowded kota of Java stay apart at national zoom:
# radius × clamp(ZOOM_SCALE_BASE + ZOOM_SCALE_STEP × (zoom − ZOOM_SCALE_FROM), ZOOM_SCALE_MIN, 1).
ZOOM_SCALE_FROM = 4
ZOOM_SCALE_BASE = 0.4
ZOOM_SCALE_STEP = 0.15
ZOOM_SCALE_MIN = 0.4

# CSS classes on the SVG paths: tests and screen readers of the DOM can tell layers apart.
REGION_MARKER_CLASS = "atlas-region-marker"
PROVINCE_MARKER_CLASS = "atlas-province-marker"
UNREACHED_MARKER_CLASS = "atlas-unreached-marker"

# The `kind` property of each layer's features.
KIND_REGION = "region"
KIND_PROVINCE = "province"
KIND_UNREACHED = "unreached"

REGION_COLUMNS = [
    schema.REGION_CODE,
    schema.REGION_NAME,
    schema.REGION_TYPE,
    schema.PROVINCE_CODE,
    schema.PROVINCE_NAME,
    schema.REGION_LAT,
    schema.REGION_LON,
    "participants",
    "trainings",
    "titles",
]
PROVINCE_COLUMNS = [
    schema.PROVINCE_CODE,
    schema.PROVINCE_NAME,
    schema.REGION_LAT,
    schema.REGION_LON,
    "participants",
    "governments",
    "trainings",
]


# --- escaping ---------------------------------------------------------------------------------


def escape_map_text(value: object) -> str:
    """Text safe inside folium tooltips/popups: HTML-escaped, and without any character that
    means something in a JavaScript template literal (backtick, `$`, backslash)."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    escaped = html.escape(text, quote=True)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


# --- aggregation ------------------------------------------------------------------------------


def _mapped_rows(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows resolved to a region with coordinates (others cannot be drawn)."""
    if participants.empty:
        return participants
    mask = participants[schema.REGION_CODE].notna()
    if schema.REGION_STATUS in participants.columns:
        mask &= participants[schema.REGION_STATUS].eq("resolved")
    mask &= participants[schema.REGION_LAT].notna() & participants[schema.REGION_LON].notna()
    return participants.loc[mask]


def aggregate_regions(participants: pd.DataFrame) -> pd.DataFrame:
    """One row per resolved region: participants (sum of delegates), trainings (distinct
    training ids), titles (sorted tuple of distinct titles), level, province and coordinates.
    Sorted by participants, largest first (drawn first, so smaller markers stay clickable)."""
    rows = _mapped_rows(participants)
    if rows.empty:
        return pd.DataFrame(columns=REGION_COLUMNS)
    titles = rows["title"] if "title" in rows.columns else rows["training_id"]
    grouped = rows.assign(_title=titles.fillna("").astype(str)).groupby(
        schema.REGION_CODE, sort=True
    )
    aggregated = grouped.agg(
        region_name=(schema.REGION_NAME, "first"),
        region_type=(schema.REGION_TYPE, "first"),
        province_code=(schema.PROVINCE_CODE, "first"),
        province_name=(schema.PROVINCE_NAME, "first"),
        lat=(schema.REGION_LAT, "first"),
        lon=(schema.REGION_LON, "first"),
        participants=("delegates", "sum"),
        trainings=("training_id", "nunique"),
        titles=("_title", lambda s: tuple(sorted({x for x in s if x}))),
    ).reset_index()
    aggregated["participants"] = aggregated["participants"].astype("int64")
    aggregated["trainings"] = aggregated["trainings"].astype("int64")
    aggregated = aggregated.sort_values(
        ["participants", schema.REGION_CODE], ascending=[False, True], kind="stable"
    )
    return aggregated[REGION_COLUMNS].reset_index(drop=True)


def aggregate_provinces(
    participants: pd.DataFrame, gazetteer_regions: pd.DataFrame
) -> pd.DataFrame:
    """One row per province with any resolved participant: participants, governments reached
    (distinct region codes, the province government itself included) and trainings, placed at
    the province's coordinates from the gazetteer."""
    rows = _mapped_rows(participants)
    if rows.empty:
        return pd.DataFrame(columns=PROVINCE_COLUMNS)
    grouped = rows.groupby(schema.PROVINCE_CODE, sort=True).agg(
        province_name=(schema.PROVINCE_NAME, "first"),
        participants=("delegates", "sum"),
        governments=(schema.REGION_CODE, "nunique"),
        trainings=("training_id", "nunique"),
    )
    provinces = gazetteer_regions.loc[
        gazetteer_regions["type"].eq("provinsi"), ["code", "lat", "lon"]
    ]
    placed = grouped.join(provinces.set_index("code"), how="left").reset_index()
    placed = placed.rename(columns={"index": schema.PROVINCE_CODE})
    placed = placed.dropna(subset=["lat", "lon"])
    for column in ("participants", "governments", "trainings"):
        placed[column] = placed[column].astype("int64")
    return placed[PROVINCE_COLUMNS].reset_index(drop=True)


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


# --- features (the map's data) ----------------------------------------------------------------


def marker_radius(participants: int) -> float:
    """Pixel radius growing with the square root of participants, bounded to 6..24."""
    return round(min(MAX_RADIUS, max(MIN_RADIUS, 4.0 + 2.5 * math.sqrt(max(participants, 0)))), 1)


def level_label(level: str, lang: str) -> str:
    key = f"level.{level}"
    try:
        return t(key, lang)
    except KeyError:
        return str(level)


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


# --- clicks -----------------------------------------------------------------------------------


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


def find_clicked_region(regions: pd.DataFrame, value: object) -> str | None:
    """The code of the reached region whose marker was clicked, if it is in `regions`."""
    clicked = clicked_feature(value)
    if clicked is None or clicked.kind != KIND_REGION:
        return None
    if not regions[schema.REGION_CODE].astype(str).eq(clicked.code).any():
        return None
    return clicked.code


# --- map building -----------------------------------------------------------------------------


class OfflineMap(folium.Map):
    """folium.Map whose JS/CSS come from the app (static/vendor/) instead of CDNs.

    streamlit-folium collects `default_js`/`default_css` of every element and loads them in the
    component iframe; only Leaflet is needed here (no jQuery: GeoJsonPopup builds its content
    with the DOM; no Bootstrap, no awesome-markers, no Font Awesome: circle markers and a
    hand-made legend)."""

    default_js = LOCAL_JS
    default_css = LOCAL_CSS


class _MapStyle(MacroElement):
    """Sea-coloured background, so the outline reads as land when tiles do not load."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container { background: #dbe8f2; }
          .atlas-legend { background: #ffffff; color: #1b2733; padding: 6px 8px;
            border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.35); font: 13px/1.4 sans-serif; }
          .atlas-legend-title { font-weight: 600; margin-bottom: 2px; }
          .atlas-legend-row { display: flex; align-items: center; gap: 6px; }
          .atlas-popup th, .atlas-tooltip th { text-align: left; padding-right: 8px; }
          .atlas-popup ul { margin: 0; padding-left: 16px; }
        </style>
        {% endmacro %}
        """
    )


class _Legend(MacroElement):
    """A Leaflet control showing what colour and stroke pattern mean. Its HTML is built only
    from catalogue strings (escaped anyway) and handed to the browser as a JSON string."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", "atlas-legend");
            div.setAttribute("role", "group");
            div.setAttribute("aria-label", {{ this.title_json }});
            div.innerHTML = {{ this.html_json }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, inner_html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.title_json = _script_json(title)
        self.html_json = _script_json(inner_html)


class _ZoomScaledRadii(MacroElement):
    """Sizes every atlas marker from its `r` property, scaled by zoom (see ZOOM_SCALE_*): when a
    marker is added (the data layers arrive after the base map) and after every zoom."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function scale() {
                var s = {{ this.base }} + {{ this.step }} * (map.getZoom() - {{ this.start }});
                return Math.max({{ this.minimum }}, Math.min(1, s));
            }
            function size(layer) {
                var p = layer.feature && layer.feature.properties;
                if (p && typeof p.r === "number" && layer.setRadius) {
                    layer.setRadius(p.r * scale());
                }
            }
            map.on("layeradd", function (e) { size(e.layer); });
            map.on("zoomend", function () { map.eachLayer(size); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ZoomScaledRadii"
        self.base = ZOOM_SCALE_BASE
        self.step = ZOOM_SCALE_STEP
        self.start = ZOOM_SCALE_FROM
        self.minimum = ZOOM_SCALE_MIN


class _FitBounds(MacroElement):
    """fitBounds without animation, run when its layer arrives: a filter change refits the map
    that stays mounted, and nobody (no test either) clicks into a running zoom animation."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.map_name }}.fitBounds({{ this.bounds_json }}, {{ this.options_json }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], padding: int, max_zoom: int) -> None:
        super().__init__()
        self._name = "FitBounds"
        self.bounds_json = json.dumps(bounds)
        self.options_json = json.dumps(
            {"padding": [padding, padding], "maxZoom": max_zoom, "animate": False}
        )
        self.map_name = ""

    def render(self, **kwargs) -> str:
        self.map_name = get_obj_in_upper_tree(self, folium.Map).get_name()
        return super().render(**kwargs)


class AtlasLayerControl(folium.LayerControl):
    """The layer control, which also takes the layers that start hidden off the map again:
    st_folium adds every `feature_group_to_add` to the map, whatever its `show`."""

    # folium 0.20's LayerControl script, plus the removal of the hidden layers at its end.
    _template = FoliumTemplate(
        """
        {% macro script(this,kwargs) %}
            var {{ this.get_name() }}_layers = {
                base_layers : {
                    {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
                overlays :  {
                    {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }} : {{val}},
                    {%- endfor %}
                },
            };
            let {{ this.get_name() }} = L.control.layers(
                {{ this.get_name() }}_layers.base_layers,
                {{ this.get_name() }}_layers.overlays,
                {{ this.options|tojavascript }}
            ).addTo({{this._parent.get_name()}});
            {%- for name in this.hidden %}
            {{ this._parent.get_name() }}.removeLayer({{ name }});
            {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hidden: list[str] = []

    def render(self, **kwargs) -> str:
        assert self._parent is not None  # rendered as a child of its map
        self.hidden = [
            item.get_name()
            for item in self._parent._children.values()
            if isinstance(item, folium.FeatureGroup) and not item.show
        ]
        return super().render(**kwargs)


_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
# Characters that must not appear literally in a single-quoted JavaScript string inside a
# <script> element: quote, backslash, line breaks and the start of "</script" or "<!--".
_JS_STRING_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
    "<": "\\x3c",
    ">": "\\x3e",
}
_JS_STRING_PATTERN = re.compile("|".join(re.escape(char) for char in _JS_STRING_ESCAPES))


def js_literal(value: object) -> str:
    """`value` (JSON-like: dict, list, str, number, bool, None) as a compact JavaScript literal:
    bare keys where they are identifiers, single-quoted strings. Inside the JSON that carries
    the component's arguments over the websocket, every double quote would cost a backslash
    more; the map's strings are escaped text, so single quotes need no escaping there."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return "'" + _JS_STRING_PATTERN.sub(lambda m: _JS_STRING_ESCAPES[m.group()], value) + "'"
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            name = str(key) if _IDENTIFIER.fullmatch(str(key)) else js_literal(str(key))
            items.append(f"{name}:{js_literal(item)}")
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(js_literal(item) for item in value) + "]"
    raise TypeError(f"no JavaScript literal for {type(value).__name__}")


class CompactGeoJson(folium.GeoJson):
    """folium.GeoJson whose data goes to the browser as compact JSON with one script of a few
    lines: points become L.circleMarker with `marker_options`, `style` (static) applies to
    every shape, `on_each_feature` runs per feature. GeoJsonTooltip/GeoJsonPopup bind to it as
    to any GeoJson. folium's own template spells every default of every option and writes the
    data with spaces: for 600 points that is a quarter more bytes over the websocket."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {{ this.layer_options_js }});
        {{ this.get_name() }}.addData({{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data: dict | str,
        *,
        name: str | None = None,
        control: bool = False,
        style: Mapping[str, object] | None = None,
        marker_options: Mapping[str, object] | None = None,
        on_each_feature: JsCode | None = None,
        **options: object,
    ) -> None:
        super().__init__(data, name=name, control=control)
        self._name = "GeoJson"
        parts = [f"{key}:{js_literal(value)}" for key, value in options.items()]
        if style is not None:
            parts.append(f"style:{js_literal(dict(style))}")
        if marker_options is not None:
            parts.append(
                "pointToLayer:function(feature,latlng){return L.circleMarker(latlng,"
                f"{js_literal(dict(marker_options))})}}"
            )
        if on_each_feature is not None:
            parts.append(f"onEachFeature:{on_each_feature.js_code}")
        self.layer_options_js = "{" + ",".join(parts) + "}"

    def render(self, **kwargs) -> str:
        self.data_json = js_literal(self.data)
        return super().render(**kwargs)


def _script_json(value: str) -> str:
    """JSON string literal safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


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


def _aliases(keys: Sequence[str], lang: str) -> list[str]:
    return [escape_map_text(t(key, lang)) for key in keys]


def _point_layer(
    data: dict,
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
    if not data["features"]:
        return layer  # folium checks the fields against the first feature
    folium.GeoJsonTooltip(
        fields=[field for field, _ in tooltip_fields],
        aliases=_aliases([key for _, key in tooltip_fields], lang),
        class_name="atlas-tooltip",
        sticky=False,
    ).add_to(layer)
    if popup_fields:
        folium.GeoJsonPopup(
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
    _MapStyle().add_to(fmap)
    if tiles:
        folium.TileLayer(
            tiles=TILE_URL,
            attr=TILE_ATTRIBUTION,
            name=t("map.layer_tiles", lang),
            max_zoom=18,
            control=True,
        ).add_to(fmap)
    CompactGeoJson(
        json.loads(outline_geojson if outline_geojson is not None else load_outline()),
        name=t("map.layer_outline", lang),
        style={"color": "#5b6b7a", "weight": 0.8, "fillColor": "#f4f1e8", "fillOpacity": 0.35},
        interactive=False,
        smoothFactor=1.0,
    ).add_to(fmap)
    _ZoomScaledRadii().add_to(fmap)
    _Legend(t("map.legend_title", lang), _legend_html(lang)).add_to(fmap)
    return fmap


def build_map(
    regions: pd.DataFrame,
    provinces: pd.DataFrame,
    unreached: pd.DataFrame,
    lang: str = "id",
    *,
    bounds: list[list[float]] | None = None,
    show_unreached: bool = False,
    tiles: bool = True,
    outline_geojson: str | None = None,
) -> AtlasMap:
    """The map of a view: base map, then three GeoJson layers — reached governments (shown),
    totals per province (hidden at first) and regions not reached yet (hidden at first unless
    `show_unreached`) — and the fit to `bounds` (default: Indonesia).

    `regions`, `provinces` come from aggregate_regions and aggregate_provinces, `unreached` from
    atlas.metrics.unreached_regions. `tiles=False` leaves out the online
    basemap (tests, offline previews)."""
    base = build_base_map(lang, tiles=tiles, outline_geojson=outline_geojson)

    reached_layer = folium.FeatureGroup(name=t("map.layer_regions", lang), show=True)
    _point_layer(
        region_features(regions, lang),
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
    _FitBounds(
        bounds if bounds is not None else INDONESIA_BOUNDS, FIT_PADDING_PX, FIT_MAX_ZOOM
    ).add_to(reached_layer)

    province_layer = folium.FeatureGroup(name=t("map.layer_provinces", lang), show=False)
    _point_layer(
        province_features(provinces, lang),
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

    unreached_layer = folium.FeatureGroup(name=t("map.layer_unreached", lang), show=show_unreached)
    _point_layer(
        unreached_features(unreached, lang),
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

    control = AtlasLayerControl(collapsed=False, position="topright")
    return AtlasMap(
        base=base, layers=[reached_layer, province_layer, unreached_layer], control=control
    )


def _titles_cell(titles: Sequence[str], limit: int | None, lang: str) -> str:
    if limit is None or len(titles) <= limit:
        return "; ".join(titles)
    more = t("map.more_titles", lang, count=format_number(len(titles) - limit, lang))
    return "; ".join([*titles[:limit], more])


def region_table(
    regions: pd.DataFrame, lang: str, *, max_titles: int | None = None
) -> pd.DataFrame:
    """The aggregated regions as a readable table (the map's table alternative). `max_titles`
    keeps the titles column short on screen ("A; B; C; dan 127 lainnya"): at 100k rows a
    region has ~130 trainings, and every title of every region would be ~1 MB for the browser;
    the downloads take the table with every title."""
    return pd.DataFrame(
        {
            t("col.region_name", lang): regions[schema.REGION_NAME],
            t("col.region_code", lang): regions[schema.REGION_CODE],
            t("col.level", lang): [level_label(x, lang) for x in regions[schema.REGION_TYPE]],
            t("col.province", lang): regions[schema.PROVINCE_NAME],
            t("col.participants", lang): regions["participants"],
            t("col.trainings", lang): regions["trainings"],
            t("col.title", lang): [
                _titles_cell(list(titles), max_titles, lang) for titles in regions["titles"]
            ],
        }
    )
