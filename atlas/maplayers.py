"""The folium elements of the atlas map: templates for what folium does not do, or does in
more bytes (offline assets, styles, legend, zoom-scaled markers, a fit without animation, a
layer control that hides layers, compact GeoJSON).

Nothing here reads a view's data: atlas.mapview builds the map from these parts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template as FoliumTemplate
from folium.utilities import JsCode, get_bounds, get_obj_in_upper_tree
from jinja2 import Template

from atlas.map_escaping import js_literal, script_json

# Where Streamlit serves static/ (server.enableStaticServing). Absolute paths: the st_folium
# iframe is served by the same origin as the app.
STATIC_URL = "/app/static/vendor"
LOCAL_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]

# Markers shrink when zoomed out, so the crowded kota of Java stay apart at national zoom:
# radius × clamp(ZOOM_SCALE_BASE + ZOOM_SCALE_STEP × (zoom − ZOOM_SCALE_FROM), ZOOM_SCALE_MIN, 1).
ZOOM_SCALE_FROM = 4
ZOOM_SCALE_BASE = 0.4
ZOOM_SCALE_STEP = 0.15
ZOOM_SCALE_MIN = 0.4


class RenderedText(Element):
    """A template's output, added to the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class RenderOnce(MacroElement):
    """MacroElement.render without compiling its output again. branca wraps the header, html
    and script each macro renders in Element(template=output), which Jinja then compiles (and
    renders, when the whole figure is rendered): for the outline and a view's layers that was
    most of the CPU of building a map for each viewer, and Jinja from a file was compiled as
    code (atlas.map_escaping keeps braces out of map text as well). Every element of the atlas map
    renders through this; a class puts it last among its bases, so its own render (and
    folium's, e.g. the layer control's) still runs first."""

    def render(self, **kwargs) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure), "rendered as a child of a figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(
                    RenderedText(macro(self, kwargs)), name=self.get_name()
                )
        for child in self._children.values():
            child.render(**kwargs)
        return ""  # as MacroElement: the parts went to the figure


class AtlasFeatureGroup(folium.FeatureGroup, RenderOnce):
    pass


class AtlasTileLayer(folium.TileLayer, RenderOnce):
    pass


class AtlasTooltip(folium.GeoJsonTooltip, RenderOnce):
    pass


class AtlasPopup(folium.GeoJsonPopup, RenderOnce):
    pass


class OfflineMap(folium.Map, RenderOnce):
    """folium.Map whose JS/CSS come from the app (static/vendor/) instead of CDNs.

    streamlit-folium collects `default_js`/`default_css` of every element and loads them in the
    component iframe; only Leaflet is needed here (no jQuery: GeoJsonPopup builds its content
    with the DOM; no Bootstrap, no awesome-markers, no Font Awesome: circle markers and a
    hand-made legend)."""

    default_js = LOCAL_JS
    default_css = LOCAL_CSS


class MapStyle(RenderOnce):
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


class Legend(RenderOnce):
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
        self.title_json = script_json(title)
        self.html_json = script_json(inner_html)


class ZoomScaledRadii(RenderOnce):
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


class FitBounds(RenderOnce):
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


class AtlasLayerControl(folium.LayerControl, RenderOnce):
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


@dataclass(frozen=True)
class LayerData:
    """A GeoJSON object and its JS literal (atlas.map_escaping), written once. A view's layers
    are shared by everyone looking at it (atlas.derived) and the outline by every map, so a new
    viewer's map does not escape the same features again. Read-only."""

    geojson: dict
    js: str
    bounds: list[list[float | None]]  # folium's [[lat_min, lon_min], [lat_max, lon_max]]

    @classmethod
    def of(cls, geojson: dict) -> LayerData:
        return cls(geojson, js_literal(geojson), get_bounds(geojson, lonlat=True))


class CompactGeoJson(folium.GeoJson, RenderOnce):
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
        data: LayerData,
        *,
        name: str | None = None,
        control: bool = False,
        style: Mapping[str, object] | None = None,
        marker_options: Mapping[str, object] | None = None,
        on_each_feature: JsCode | None = None,
        **options: object,
    ) -> None:
        super().__init__(data.geojson, name=name, control=control)
        self._name = "GeoJson"
        self.data_json = data.js
        self.layer_bounds = data.bounds
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

    def _get_self_bounds(self) -> list[list[float | None]]:
        """The bounds computed with the data (st_folium asks for them on every map)."""
        return self.layer_bounds
