"""The map of reached regions: aggregation by region/province and the folium map built from it.

Pure Python (no streamlit). The map is built from aggregates only, one marker per reached
region, so its size depends on the number of regions, never on the number of participant rows.

Every text that may come from an input file (training titles above all) is escaped with
`escape_map_text` before it reaches folium: folium inserts tooltip and popup text unescaped into
JavaScript template literals, so HTML metacharacters, backticks, `${` and backslashes are all
turned into HTML character references.

The browser libraries are served by the app itself (static/vendor/, see
scripts/vendor_assets.py), so the map renders with every non-local request blocked; online tiles
stay the default basemap, and the offline outline of Indonesia (data/indonesia_outline.geojson)
is always drawn under the markers.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from atlas import schema
from atlas.i18n import format_number, t

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OUTLINE_PATH = DATA_DIR / "indonesia_outline.geojson"

# Where Streamlit serves static/ (server.enableStaticServing). Absolute paths: the st_folium
# iframe is served by the same origin as the app.
STATIC_URL = "/app/static/vendor"
LOCAL_JS = [
    ("leaflet", f"{STATIC_URL}/leaflet/leaflet.js"),
    # folium's Popup builds its content with jQuery: `$(`<div>…</div>`)[0]`
    ("jquery", f"{STATIC_URL}/jquery/jquery.min.js"),
]
LOCAL_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)

INDONESIA_BOUNDS = [[-11.2, 94.8], [6.3, 141.2]]
INDONESIA_CENTER = [-2.5, 118.0]

# Colour-blind-safe (ColorBrewer Dark2) plus a stroke pattern per level, so the level is never
# carried by colour alone; the legend shows both and every tooltip names the level in words.
LEVEL_STYLE: dict[str, dict[str, str | None]] = {
    "provinsi": {"color": "#7570b3", "dash": "6 4"},
    "kota": {"color": "#d95f02", "dash": None},
    "kabupaten": {"color": "#1b9e77", "dash": "2 3"},
}
UNREACHED_COLOR = "#6b7280"
MIN_RADIUS = 6.0
MAX_RADIUS = 24.0
MAX_TITLES_IN_POPUP = 5

# CSS classes on the SVG paths: tests and screen readers of the DOM can tell layers apart.
REGION_MARKER_CLASS = "atlas-region-marker"
PROVINCE_MARKER_CLASS = "atlas-province-marker"
UNREACHED_MARKER_CLASS = "atlas-unreached-marker"

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


def unreached_kota(gazetteer_regions: pd.DataFrame, reached_codes: Sequence[str]) -> pd.DataFrame:
    """The kota (cities, all Apeksi members) of the gazetteer not among the reached regions."""
    kota = gazetteer_regions.loc[gazetteer_regions["type"].eq("kota")]
    kota = kota.loc[~kota["code"].isin(set(reached_codes))]
    return kota[["code", "name", "province_name", "lat", "lon"]].dropna(subset=["lat", "lon"])


# --- map building -----------------------------------------------------------------------------


class OfflineMap(folium.Map):
    """folium.Map whose JS/CSS come from the app (static/vendor/) instead of CDNs.

    streamlit-folium collects `default_js`/`default_css` of every element and loads them in the
    component iframe; only Leaflet and jQuery are needed here (no Bootstrap, no awesome-markers,
    no Font Awesome: the map uses circle markers and a hand-made legend)."""

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
          .atlas-popup dt { font-weight: 600; }
          .atlas-popup dd { margin: 0 0 4px 0; }
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


class _FitBoundsNow(MacroElement):
    """fitBounds without animation: the first view is Indonesia, with no zoom animation running
    while someone (or a test) already clicks a marker."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.fitBounds({{ this.bounds_json }}, {animate: false});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitBoundsNow"
        self.bounds_json = json.dumps(bounds)


def _script_json(value: str) -> str:
    """JSON string literal safe inside a <script> element."""
    return json.dumps(value).replace("</", "<\\/")


def marker_radius(participants: int) -> float:
    """Pixel radius growing with the square root of participants, bounded to 6..24."""
    return round(min(MAX_RADIUS, max(MIN_RADIUS, 4.0 + 2.5 * math.sqrt(max(participants, 0)))), 1)


def level_label(level: str, lang: str) -> str:
    key = f"level.{level}"
    try:
        return t(key, lang)
    except KeyError:
        return str(level)


def region_tooltip_text(row: pd.Series, lang: str) -> str:
    """Plain text of a region's tooltip; also how a clicked marker is found again
    (streamlit-folium returns the tooltip's text content)."""
    return t(
        "map.tooltip",
        lang,
        region=row[schema.REGION_NAME],
        level=level_label(row[schema.REGION_TYPE], lang),
        participants=format_number(int(row["participants"]), lang),
    )


def region_popup_html(row: pd.Series, lang: str) -> str:
    titles = list(row["titles"])
    shown = "".join(f"<li>{escape_map_text(title)}</li>" for title in titles[:MAX_TITLES_IN_POPUP])
    if len(titles) > MAX_TITLES_IN_POPUP:
        more = t(
            "map.more_titles", lang, count=format_number(len(titles) - MAX_TITLES_IN_POPUP, lang)
        )
        shown += f"<li>{escape_map_text(more)}</li>"
    fields = [
        (t("col.region_name", lang), escape_map_text(row[schema.REGION_NAME])),
        (t("col.level", lang), escape_map_text(level_label(row[schema.REGION_TYPE], lang))),
        (t("col.province", lang), escape_map_text(row[schema.PROVINCE_NAME])),
        (
            t("col.participants", lang),
            escape_map_text(format_number(int(row["participants"]), lang)),
        ),
        (
            t("col.trainings", lang),
            escape_map_text(format_number(int(row["trainings"]), lang)) + f"<ul>{shown}</ul>",
        ),
    ]
    body = "".join(f"<dt>{escape_map_text(label)}</dt><dd>{value}</dd>" for label, value in fields)
    return f'<dl class="atlas-popup">{body}</dl>'


def _legend_html(lang: str, show_unreached: bool) -> str:
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
    if show_unreached:
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


def build_map(
    regions: pd.DataFrame,
    provinces: pd.DataFrame,
    unreached: pd.DataFrame,
    lang: str = "id",
    *,
    tiles: bool = True,
    outline_geojson: str | None = None,
) -> folium.Map:
    """The folium map: offline outline, reached regions (one marker each), a province layer
    and a not-yet-reached kota layer (both toggleable, off at first), legend and layer control.

    `regions`, `provinces`, `unreached` come from aggregate_regions, aggregate_provinces and
    unreached_kota. `tiles=False` leaves out the online basemap (tests, offline previews)."""
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
    folium.GeoJson(
        outline_geojson if outline_geojson is not None else load_outline(),
        name=t("map.layer_outline", lang),
        style_function=lambda _feature: {
            "color": "#5b6b7a",
            "weight": 0.8,
            "fillColor": "#f4f1e8",
            "fillOpacity": 0.35,
        },
        interactive=False,
        control=False,
        smooth_factor=1.0,
    ).add_to(fmap)

    reached_layer = folium.FeatureGroup(name=t("map.layer_regions", lang), show=True)
    for _, row in regions.iterrows():
        style = LEVEL_STYLE.get(row[schema.REGION_TYPE], LEVEL_STYLE["kota"])
        folium.CircleMarker(
            location=[float(row[schema.REGION_LAT]), float(row[schema.REGION_LON])],
            radius=marker_radius(int(row["participants"])),
            color=style["color"],
            weight=2.5,
            dash_array=style["dash"],
            fill=True,
            fill_color=style["color"],
            fill_opacity=0.55,
            class_name=REGION_MARKER_CLASS,
            tooltip=folium.Tooltip(escape_map_text(region_tooltip_text(row, lang))),
            popup=folium.Popup(region_popup_html(row, lang), max_width=320),
        ).add_to(reached_layer)
    reached_layer.add_to(fmap)

    province_layer = folium.FeatureGroup(name=t("map.layer_provinces", lang), show=False)
    for _, row in provinces.iterrows():
        tooltip = t(
            "map.province_tooltip",
            lang,
            province=row[schema.PROVINCE_NAME],
            governments=format_number(int(row["governments"]), lang),
            participants=format_number(int(row["participants"]), lang),
        )
        folium.CircleMarker(
            location=[float(row[schema.REGION_LAT]), float(row[schema.REGION_LON])],
            radius=marker_radius(int(row["participants"])) + 6,
            color="#1f5f8b",
            weight=3,
            fill=False,
            class_name=PROVINCE_MARKER_CLASS,
            tooltip=folium.Tooltip(escape_map_text(tooltip)),
        ).add_to(province_layer)
    province_layer.add_to(fmap)

    show_unreached = not unreached.empty
    if show_unreached:
        unreached_layer = folium.FeatureGroup(name=t("map.layer_unreached", lang), show=False)
        for _, row in unreached.iterrows():
            folium.CircleMarker(
                location=[float(row["lat"]), float(row["lon"])],
                radius=4,
                color=UNREACHED_COLOR,
                weight=1.5,
                fill=True,
                fill_color="#ffffff",
                fill_opacity=0.9,
                class_name=UNREACHED_MARKER_CLASS,
                tooltip=folium.Tooltip(
                    escape_map_text(t("map.unreached_tooltip", lang, region=row["name"]))
                ),
            ).add_to(unreached_layer)
        unreached_layer.add_to(fmap)

    _Legend(t("map.legend_title", lang), _legend_html(lang, show_unreached)).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    _FitBoundsNow(INDONESIA_BOUNDS).add_to(fmap)
    return fmap


def find_region_by_tooltip(regions: pd.DataFrame, tooltip: str | None, lang: str) -> str | None:
    """The region code whose tooltip text is `tooltip` (what st_folium returns on a click)."""
    if not tooltip:
        return None
    wanted = " ".join(tooltip.split())
    for _, row in regions.iterrows():
        if " ".join(region_tooltip_text(row, lang).split()) == wanted:
            return str(row[schema.REGION_CODE])
    return None


def region_table(regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The aggregated regions as a readable table (the map's table alternative)."""
    return pd.DataFrame(
        {
            t("col.region_name", lang): regions[schema.REGION_NAME],
            t("col.region_code", lang): regions[schema.REGION_CODE],
            t("col.level", lang): [level_label(x, lang) for x in regions[schema.REGION_TYPE]],
            t("col.province", lang): regions[schema.PROVINCE_NAME],
            t("col.participants", lang): regions["participants"],
            t("col.trainings", lang): regions["trainings"],
            t("col.title", lang): ["; ".join(titles) for titles in regions["titles"]],
        }
    )
