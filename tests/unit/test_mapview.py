"""The map's aggregation and the folium map built from it (no browser: the HTML is inspected)."""

from __future__ import annotations

import html as html_module
import json
import re

import pandas as pd
import pytest
import streamlit_folium

from atlas import dataset, map_escaping, mapfeatures, maplayers, mapview, metrics, tables

HOSTILE_TITLES = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "${window.__pwned=1}",
    "`;window.__pwned=1;`",
    "</div><svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "back\\slash`${1}`",
]


def participant_rows(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    """Tidy participants frame from (region_code, title, delegates) triples."""
    places = {
        "35.78": ("Kota Surabaya", "kota", "35", "Jawa Timur", -7.2575, 112.7521),
        "33.72": ("Kota Surakarta", "kota", "33", "Jawa Tengah", -7.5666, 110.8167),
        "32": ("Jawa Barat", "provinsi", "32", "Jawa Barat", -6.9147, 107.6098),
        "35.07": ("Kabupaten Malang", "kabupaten", "35", "Jawa Timur", -8.0, 112.6),
    }
    records = []
    for code, title, delegates in rows:
        name, level, province_code, province_name, lat, lon = places[code]
        records.append(
            {
                "training_id": title[:20] or "t",
                "title": title,
                "institution": f"Pemerintah {name}",
                "delegates": delegates,
                "region_status": "resolved",
                "region_code": code,
                "region_name": name,
                "region_type": level,
                "province_code": province_code,
                "province_name": province_name,
                "lat": lat,
                "lon": lon,
            }
        )
    return pd.DataFrame(records)


GAZETTEER = pd.DataFrame(
    {
        "code": ["35", "33", "32", "35.78", "33.72", "35.73", "32.73", "35.07"],
        "name": [
            "Jawa Timur",
            "Jawa Tengah",
            "Jawa Barat",
            "Kota Surabaya",
            "Kota Surakarta",
            "Kota Malang",
            "Kota Bandung",
            "Kabupaten Malang",
        ],
        "type": ["provinsi"] * 3 + ["kota"] * 4 + ["kabupaten"],
        "province_code": ["35", "33", "32", "35", "33", "35", "32", "35"],
        "province_name": [
            "Jawa Timur",
            "Jawa Tengah",
            "Jawa Barat",
            "Jawa Timur",
            "Jawa Tengah",
            "Jawa Timur",
            "Jawa Barat",
            "Jawa Timur",
        ],
        "lat": [-7.25, -7.0, -6.91, -7.2575, -7.5666, -7.98, -6.91, -8.0],
        "lon": [112.75, 110.4, 107.61, 112.7521, 110.8167, 112.63, 107.61, 112.6],
    }
)

TINY_OUTLINE = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[106, -6], [114, -6], [114, -8], [106, -8], [106, -6]]],
                },
            }
        ],
    }
)


def build(participants: pd.DataFrame, lang: str = "id", **kwargs) -> mapview.AtlasMap:
    regions = metrics.aggregate_regions(participants)
    provinces = metrics.aggregate_provinces(participants, GAZETTEER)
    unreached = metrics.unreached_regions(GAZETTEER, set(regions["region_code"]))
    kwargs.setdefault("outline_geojson", TINY_OUTLINE)
    features = mapview.map_features(regions, provinces, unreached, lang)
    return mapview.build_map(features, lang, **kwargs)


def rendered(participants: pd.DataFrame, lang: str = "id", **kwargs) -> str:
    """The whole map as one HTML page (what an export would be)."""
    return build(participants, lang, **kwargs).standalone().get_root().render()


def component_args(atlas_map: mapview.AtlasMap) -> dict:
    """The arguments st_folium sends to the browser for this map, exactly as the Map page
    calls it (the component function is replaced, so no Streamlit runtime is needed)."""
    captured: dict = {}

    def capture(**kwargs):
        captured.update(kwargs)

    original = streamlit_folium._component_func
    streamlit_folium._component_func = capture
    try:
        streamlit_folium.st_folium(
            atlas_map.base,
            key="atlas_map",
            height=560,
            use_container_width=True,
            returned_objects=["last_active_drawing"],
            feature_group_to_add=atlas_map.layers,
            layer_control=atlas_map.control,
        )
    finally:
        streamlit_folium._component_func = original
    captured.pop("on_change")
    return captured


def payload_bytes(atlas_map: mapview.AtlasMap) -> int:
    """Size of the map's arguments as JSON, as they travel over the websocket."""
    return len(json.dumps(component_args(atlas_map)).encode("utf-8"))


def features(atlas_map: mapview.AtlasMap, layer: int) -> list[dict]:
    """The features of one data layer (0 reached, 1 provinces, 2 not reached)."""
    geojson = next(iter(atlas_map.layers[layer]._children.values()))
    assert isinstance(geojson, maplayers.CompactGeoJson)
    return geojson.data["features"]


def test_aggregate_regions_sums_delegates_and_counts_trainings():
    frame = participant_rows(
        [("35.78", "A", 2), ("35.78", "A", 3), ("35.78", "B", 1), ("32", "A", 1)]
    )
    regions = metrics.aggregate_regions(frame).set_index("region_code")
    assert regions.loc["35.78", "participants"] == 6
    assert regions.loc["35.78", "trainings"] == 2
    assert regions.loc["35.78", "titles"] == ("A", "B")
    assert regions.loc["32", "participants"] == 1
    assert regions.loc["32", "region_type"] == "provinsi"
    # largest first, so smaller markers are drawn on top and stay clickable
    assert list(metrics.aggregate_regions(frame)["region_code"]) == ["35.78", "32"]


def test_aggregate_regions_leaves_out_unresolved_and_ambiguous_rows():
    frame = participant_rows([("35.78", "A", 1), ("32", "A", 1)])
    frame.loc[1, "region_status"] = "ambiguous"
    frame.loc[1, ["region_code", "lat", "lon"]] = [None, None, None]
    regions = metrics.aggregate_regions(frame)
    assert list(regions["region_code"]) == ["35.78"]


def test_aggregate_regions_of_empty_frame_has_the_columns():
    empty = participant_rows([]).reindex(columns=participant_rows([("32", "A", 1)]).columns)
    assert list(metrics.aggregate_regions(empty).columns) == metrics.AGGREGATED_REGION_COLUMNS


def test_aggregate_provinces_counts_governments_per_province():
    frame = participant_rows([("35.78", "A", 2), ("35.07", "A", 4), ("32", "B", 1)])
    provinces = metrics.aggregate_provinces(frame, GAZETTEER).set_index("province_code")
    assert provinces.loc["35", "participants"] == 6
    assert provinces.loc["35", "governments"] == 2
    assert provinces.loc["35", ["lat", "lon"]].tolist() == [-7.25, 112.75]
    assert provinces.loc["32", "governments"] == 1


def test_one_feature_per_reached_region_with_its_code_and_kind():
    frame = participant_rows([("35.78", "A", 1)] * 5 + [("33.72", "A", 1), ("32", "B", 2)])
    atlas_map = build(frame)
    reached = features(atlas_map, 0)
    assert [f["properties"]["code"] for f in reached] == ["35.78", "32", "33.72"]  # largest first
    assert {f["properties"]["kind"] for f in reached} == {"region"}
    surabaya = reached[0]
    assert surabaya["geometry"] == {"type": "Point", "coordinates": [112.7521, -7.2575]}
    assert surabaya["properties"]["participants"] == "5"
    assert surabaya["properties"]["level"] == "Kota"
    assert surabaya["properties"]["province"] == "Jawa Timur"
    assert surabaya["properties"]["r"] == mapfeatures.marker_radius(5)
    # provinces layer: one per province reached, keyed by the province code
    provinces = features(atlas_map, 1)
    assert sorted(f["properties"]["code"] for f in provinces) == ["32", "33", "35"]
    assert {f["properties"]["kind"] for f in provinces} == {"province"}
    # not reached: the kota AND kabupaten of the gazetteer not reached (here, all provinces)
    unreached = features(atlas_map, 2)
    assert sorted(f["properties"]["code"] for f in unreached) == ["32.73", "35.07", "35.73"]
    assert {f["properties"]["kind"] for f in unreached} == {"unreached"}


def test_the_html_has_one_marker_layer_per_kind_not_one_object_per_marker():
    frame = participant_rows([("35.78", "A", 1)] * 5 + [("33.72", "A", 1), ("32", "B", 2)])
    html = rendered(frame)
    assert html.count("L.geoJson(") == 4  # outline + reached + provinces + not reached
    assert html.count("L.circleMarker(") == 3  # one pointToLayer per data layer
    assert "new L.CircleMarker(" not in html and "L.tooltip(" not in html
    for marker_class in (
        mapview.REGION_MARKER_CLASS,
        mapview.PROVINCE_MARKER_CLASS,
        mapview.UNREACHED_MARKER_CLASS,
    ):
        assert html.count(f"className:'{marker_class}'") == 1


def test_map_size_does_not_grow_with_participant_rows():
    # The same regions with the same totals: 10 rows of 1,000 delegates vs 10,000 rows of 1.
    codes = ["35.78", "33.72", "32", "35.07", "35.78", "33.72", "32", "35.07", "35.78", "33.72"]
    few = participant_rows([(code, "Pelatihan A", 1000) for code in codes])
    many = participant_rows([(code, "Pelatihan A", 1) for code in codes for _ in range(1000)])
    assert len(many) == 10_000
    assert payload_bytes(build(few)) == payload_bytes(build(many))


def test_map_size_is_bounded_for_different_totals():
    codes = ["35.78", "33.72", "32", "35.07"]
    small = participant_rows([(code, "Pelatihan A", 1) for code in codes])
    large = participant_rows([(code, "Pelatihan A", 1) for code in codes for _ in range(2500)])
    # only the digits of the counts (and the bounded radius) differ
    assert abs(payload_bytes(build(large)) - payload_bytes(build(small))) < 200


def test_payload_with_every_region_reached_and_the_real_outline_is_within_budget():
    """Issue 12's budget: <= 250 KB over the websocket with all 514 kabupaten/kota and the 38
    provinces reached, long titles, and the outline of Indonesia."""
    gazetteer = dataset.default_gazetteer().regions
    assert len(gazetteer) == 552
    rows = [
        {
            "training_id": f"t{index}",
            "title": f"Pelatihan Peningkatan Kapasitas Pemerintah Daerah Angkatan {index:02d}",
            "delegates": 123_456,
            "region_status": "resolved",
            "region_code": region.code,
            "region_name": region.name,
            "region_type": region.type,
            "province_code": region.province_code,
            "province_name": region.province_name,
            "lat": region.lat,
            "lon": region.lon,
        }
        for region in gazetteer.itertuples()
        for index in range(10)
    ]
    frame = pd.DataFrame(rows)
    regions = metrics.aggregate_regions(frame)
    atlas_map = mapview.build_map(
        mapview.map_features(
            regions,
            metrics.aggregate_provinces(frame, gazetteer),
            metrics.unreached_regions(gazetteer, set(regions["region_code"])),
            "id",
        ),
        "id",
    )
    assert len(features(atlas_map, 0)) == 552 and len(features(atlas_map, 1)) == 38
    assert payload_bytes(atlas_map) <= 250 * 1024


def test_payload_is_deterministic_and_the_base_map_does_not_depend_on_the_view():
    # Identical reruns send identical bytes (Streamlit then sends a reference to the cached
    # message); another view changes only the layers, so the component stays mounted.
    frame = participant_rows([("35.78", "A", 1), ("32", "B", 2)])
    first, second = component_args(build(frame)), component_args(build(frame))
    assert first == second
    other = component_args(
        build(participant_rows([("33.72", "C", 7)]), bounds=[[-8.0, 110.0], [-7.0, 111.0]])
    )
    assert other["feature_group"] != first["feature_group"]
    for unchanged in ("script", "header", "html", "key"):
        assert other[unchanged] == first[unchanged], unchanged


def test_hidden_layers_are_taken_off_the_map_by_the_layer_control():
    # st_folium adds every feature group to the map; the control removes those shown=False.
    frame = participant_rows([("35.78", "A", 1)])
    control = component_args(build(frame))["layer_control"]
    assert "map_div.removeLayer(feature_group_feature_group_1)" in control
    assert "map_div.removeLayer(feature_group_feature_group_2)" in control
    assert "removeLayer(feature_group_feature_group_0)" not in control
    shown = component_args(build(frame, show_unreached=True))["layer_control"]
    assert "removeLayer(feature_group_feature_group_2)" not in shown


def test_the_layers_fit_the_map_to_the_bounds_of_the_view():
    frame = participant_rows([("35.78", "A", 1)])
    national = component_args(build(frame))["feature_group"]
    assert (
        'map_div.fitBounds([[-11.2, 94.8], [6.3, 141.2]], {"padding": [24, 24], "maxZoom": 10, '
        '"animate": false})' in national
    )
    jawa_timur = component_args(build(frame, bounds=[[-8.2325, 111.1033], [-6.8976, 114.3576]]))
    assert (
        "map_div.fitBounds([[-8.2325, 111.1033], [-6.8976, 114.3576]]"
        in (jawa_timur["feature_group"])
    )


def test_view_bounds_of_jawa_timur_come_from_the_gazetteer():
    gazetteer = dataset.default_gazetteer().regions
    # Banyuwangi (south, east), Tuban (north), Pacitan (west): seats of the 39 regions
    assert mapview.view_bounds(gazetteer, ["35"]) == [[-8.2325, 111.1033], [-6.8976, 114.3576]]
    jawa_timur = gazetteer[gazetteer["province_code"] == "35"]
    assert len(jawa_timur) == 39
    (south, west), (north, east) = mapview.view_bounds(gazetteer, ["35"])
    assert jawa_timur["lat"].between(south, north).all()
    assert jawa_timur["lon"].between(west, east).all()
    # two provinces: the union; none (or an unknown code): Indonesia
    both = mapview.view_bounds(gazetteer, ["35", "33"])
    assert both[0][1] < west and both[1][1] == east
    assert mapview.view_bounds(gazetteer, []) == mapview.INDONESIA_BOUNDS
    assert mapview.view_bounds(gazetteer, ["99"]) == mapview.INDONESIA_BOUNDS


def test_markers_are_sized_by_participants_within_bounds():
    assert mapfeatures.marker_radius(0) == mapfeatures.MIN_RADIUS
    assert mapfeatures.MIN_RADIUS < mapfeatures.marker_radius(1) < mapfeatures.marker_radius(2)
    assert mapfeatures.marker_radius(10) < mapfeatures.marker_radius(40)
    assert mapfeatures.marker_radius(1_000_000) == mapfeatures.MAX_RADIUS


def test_markers_shrink_with_zoom_in_the_browser_script():
    html = rendered(participant_rows([("35.78", "A", 1)]))
    assert 'map.on("zoomend"' in html and 'map.on("layeradd"' in html
    assert "layer.setRadius(p.r * scale())" in html


def test_level_is_carried_by_stroke_pattern_and_words_not_only_colour():
    frame = participant_rows([("35.78", "A", 1), ("32", "A", 1), ("35.07", "A", 1)])
    html = rendered(frame, "en")
    # the style per level, keyed by the level in words that every feature carries
    assert "Province:{color:'#7570b3',fillColor:'#7570b3',dashArray:'6 4'}" in html
    assert "'Regency (kabupaten)':{color:'#1b9e77',fillColor:'#1b9e77',dashArray:'2 3'}" in html
    levels = {f["properties"]["level"] for f in features(build(frame, "en"), 0)}
    assert levels == {"City (kota)", "Province", "Regency (kabupaten)"}
    assert 'let aliases = ["Official region", "Level", "Participants"];' in html  # tooltip


@pytest.mark.parametrize("payload", HOSTILE_TITLES)
def test_hostile_titles_are_escaped_in_every_property(payload: str):
    frame = participant_rows([("35.78", payload, 1)])
    atlas_map = build(frame)
    (feature,) = features(atlas_map, 0)
    trainings = feature["properties"]["trainings"]
    assert trainings == "1: " + map_escaping.escape_map_text(payload)
    for layer in range(3):
        for item in features(atlas_map, layer):
            for value in item["properties"].values():
                if isinstance(value, str):
                    assert not re.search(r"[<>`$\\\"']", value), value
    html = rendered(frame)
    # the raw payload is nowhere in the page (a `javascript:` text is harmless as text)
    if any(char in payload for char in "<>`$\\"):
        assert payload not in html
    assert map_escaping.escape_map_text(payload) in html
    for tag in ("<script>window", "<img src=x", "<svg onload"):
        assert tag not in html


JINJA_PAYLOADS = [
    "{{ 7*7 }}",
    "{{ lipsum.__globals__.os.getpid() }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# comment #}shown",
    "{{'{{'}} nested",
    "{% endif %} {{",  # does not parse: compiling it raised, and the Map page with it
]


@pytest.mark.parametrize("payload", JINJA_PAYLOADS)
def test_a_template_in_a_title_is_text_not_jinja_run_on_the_server(payload: str, monkeypatch):
    """branca compiles each rendered script as a Jinja template again (MacroElement.render).
    The Map page's layers were compiled, not rendered: a title whose Jinja does not parse made
    the page raise. A whole map rendered as one page (standalone) ran it: here the payload
    would call os.getpid (any Python is reachable from `lipsum.__globals__`)."""
    import os

    calls: list[int] = []
    real_getpid = os.getpid
    monkeypatch.setattr(os, "getpid", lambda: calls.append(1) or real_getpid())
    frame = participant_rows([("35.78", f"Pelatihan {payload}", 1)])
    html = rendered(frame)
    args = component_args(build(frame))  # the Map page's own path: st_folium renders the map
    sent = args["script"] + args["feature_group"] + args["html"] + args["header"]
    assert calls == []
    for output in (html, sent):
        assert "Pelatihan 49" not in output and "looploop" not in output
        assert "{{" not in output and "{%" not in output and "{#" not in output
    (feature,) = features(build(frame), 0)
    assert html_module.unescape(feature["properties"]["trainings"]) == f"1: Pelatihan {payload}"


def test_js_literal_cannot_be_broken_out_of():
    literal = map_escaping.js_literal(
        {"a": "it's </script><!-- \\ \n \u2028", "b c": [1, 2.0, 2.5, None, True], "d": 1e20}
    )
    assert literal == (
        "{a:'it\\'s \\x3c/script\\x3e\\x3c!-- \\\\ \\n \\u2028','b c':[1,2,2.5,null,true],"
        "d:100000000000000000000}"
    )
    assert "</" not in literal and "<!--" not in literal


def test_escape_map_text_round_trips_through_html_unescaping():
    import html as html_module

    for payload in HOSTILE_TITLES:
        escaped = map_escaping.escape_map_text(payload)
        assert not re.search(r"[<>`$\\\"']", escaped)
        assert html_module.unescape(escaped) == payload
    assert map_escaping.escape_map_text(None) == ""
    assert map_escaping.escape_map_text(float("nan")) == ""


def test_popup_titles_are_shortened_and_counted():
    frame = participant_rows([("35.78", "B" * 80, 1), ("35.78", "A", 1), ("35.78", "C", 1)])
    frame["training_id"] = ["t1", "t2", "t3"]
    (feature,) = features(build(frame), 0)
    assert feature["properties"]["trainings"] == "3: A; dan 2 lainnya"
    single = participant_rows([("35.78", "B" * 80, 1)])
    (feature,) = features(build(single), 0)
    shown = feature["properties"]["trainings"]
    assert shown == "1: " + "B" * (mapfeatures.MAX_TITLE_CHARS - 1) + "…"


def test_clicked_feature_is_found_by_its_code():
    frame = participant_rows([("35.78", "A", 1234), ("32", "A", 1)])
    atlas_map = build(frame)
    # what st_folium returns as last_active_drawing: Leaflet's toGeoJSON() of the marker
    surabaya = next(f for f in features(atlas_map, 0) if f["properties"]["code"] == "35.78")
    clicked = json.loads(json.dumps(surabaya))
    assert mapfeatures.clicked_feature(clicked) == mapfeatures.ClickedFeature("region", "35.78")
    # the province total of Jawa Timur and the not-reached Kota Malang are other kinds
    province = next(f for f in features(atlas_map, 1) if f["properties"]["code"] == "35")
    assert mapfeatures.clicked_feature(province) == mapfeatures.ClickedFeature("province", "35")
    malang = next(f for f in features(atlas_map, 2) if f["properties"]["code"] == "35.73")
    assert mapfeatures.clicked_feature(malang) == mapfeatures.ClickedFeature("unreached", "35.73")
    # nothing clicked yet, a feature of no atlas layer
    assert mapfeatures.clicked_feature(None) is None
    assert mapfeatures.clicked_feature({"type": "Feature", "properties": {}}) is None


def test_map_loads_only_locally_served_assets():
    html = rendered(participant_rows([("35.78", "A", 1)]))
    script_sources = re.findall(r'<script src="([^"]+)"', html)
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert script_sources and stylesheets
    for url in script_sources + stylesheets:
        assert url.startswith("/app/static/vendor/"), url
    # The only remote URL left is the optional tile layer (and its attribution link).
    remote = set(re.findall(r"https?://[^\s\"'\\)]+", html))
    assert remote <= {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
    }
    args = component_args(build(participant_rows([("35.78", "A", 1)])))
    for url in args["js_links"] + args["css_links"]:
        assert url.startswith("/app/static/vendor/"), url


def test_vendored_assets_exist_for_every_link():
    from pathlib import Path

    static_root = Path(mapview.__file__).resolve().parent.parent / "static"
    for _, url in maplayers.LOCAL_JS + maplayers.LOCAL_CSS:
        path = static_root / url.removeprefix("/app/static/")
        assert path.is_file(), path
        assert path.stat().st_size > 1000


def test_without_tiles_the_map_has_no_remote_url_at_all():
    html = rendered(participant_rows([("35.78", "A", 1)]), tiles=False)
    assert "tile.openstreetmap.org" not in html


def test_offline_outline_is_always_drawn_and_small():
    assert mapview.OUTLINE_PATH.stat().st_size < 300_000
    outline = json.loads(mapview.load_outline())
    geometry = outline["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    lons = [p[0] for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    lats = [p[1] for polygon in geometry["coordinates"] for ring in polygon for p in ring]
    # Sabang to Merauke, Miangas to Rote
    assert 94.5 < min(lons) < 96 and 140.5 < max(lons) < 141.5
    assert -11.5 < min(lats) < -10 and 5 < max(lats) < 6.5
    frame = participant_rows([("35.78", "A", 1)])
    atlas_map = build(frame, outline_geojson=None)
    assert "type:'MultiPolygon'" in component_args(atlas_map)["script"]


def test_region_table_is_translated():
    frame = participant_rows([("35.78", "A", 2), ("35.78", "B", 1)])
    table = tables.region_table(metrics.aggregate_regions(frame), "en")
    assert list(table.columns)[:3] == ["Official region", "Code", "Level"]
    assert table.iloc[0]["Participants"] == 3
    assert table.iloc[0]["Title"] == "A; B"


def test_region_table_on_screen_keeps_titles_short_and_the_download_keeps_them_all():
    titles = ["A", "B", "C", "D", "E"]
    frame = participant_rows([("35.78", title, 1) for title in titles])
    frame["training_id"] = titles
    regions = metrics.aggregate_regions(frame)
    shown = tables.region_table(regions, "id", max_titles=3)
    assert shown.iloc[0]["Judul"] == "A; B; C; dan 2 lainnya"
    assert shown.iloc[0]["Pelatihan"] == 5
    assert tables.region_table(regions, "id").iloc[0]["Judul"] == "A; B; C; D; E"
