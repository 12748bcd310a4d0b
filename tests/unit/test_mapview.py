"""The map's aggregation and the folium map built from it (no browser: the HTML is inspected)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from atlas import mapview

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


def rendered(participants: pd.DataFrame, lang: str = "id", **kwargs) -> str:
    regions = mapview.aggregate_regions(participants)
    provinces = mapview.aggregate_provinces(participants, GAZETTEER)
    unreached = mapview.unreached_kota(GAZETTEER, list(regions["region_code"]))
    fmap = mapview.build_map(regions, provinces, unreached, lang, **kwargs)
    return fmap.get_root().render()


def test_aggregate_regions_sums_delegates_and_counts_trainings():
    frame = participant_rows(
        [("35.78", "A", 2), ("35.78", "A", 3), ("35.78", "B", 1), ("32", "A", 1)]
    )
    regions = mapview.aggregate_regions(frame).set_index("region_code")
    assert regions.loc["35.78", "participants"] == 6
    assert regions.loc["35.78", "trainings"] == 2
    assert regions.loc["35.78", "titles"] == ("A", "B")
    assert regions.loc["32", "participants"] == 1
    assert regions.loc["32", "region_type"] == "provinsi"
    # largest first, so smaller markers are drawn on top and stay clickable
    assert list(mapview.aggregate_regions(frame)["region_code"]) == ["35.78", "32"]


def test_aggregate_regions_leaves_out_unresolved_and_ambiguous_rows():
    frame = participant_rows([("35.78", "A", 1), ("32", "A", 1)])
    frame.loc[1, "region_status"] = "ambiguous"
    frame.loc[1, ["region_code", "lat", "lon"]] = [None, None, None]
    regions = mapview.aggregate_regions(frame)
    assert list(regions["region_code"]) == ["35.78"]


def test_aggregate_regions_of_empty_frame_has_the_columns():
    empty = participant_rows([]).reindex(columns=participant_rows([("32", "A", 1)]).columns)
    assert list(mapview.aggregate_regions(empty).columns) == mapview.REGION_COLUMNS


def test_aggregate_provinces_counts_governments_per_province():
    frame = participant_rows([("35.78", "A", 2), ("35.07", "A", 4), ("32", "B", 1)])
    provinces = mapview.aggregate_provinces(frame, GAZETTEER).set_index("province_code")
    assert provinces.loc["35", "participants"] == 6
    assert provinces.loc["35", "governments"] == 2
    assert provinces.loc["35", ["lat", "lon"]].tolist() == [-7.25, 112.75]
    assert provinces.loc["32", "governments"] == 1


def test_unreached_kota_lists_only_cities_not_reached():
    unreached = mapview.unreached_kota(GAZETTEER, ["35.78", "32"])
    assert sorted(unreached["code"]) == ["32.73", "33.72", "35.73"]


def test_one_marker_per_reached_region():
    frame = participant_rows([("35.78", "A", 1)] * 5 + [("33.72", "A", 1), ("32", "B", 2)])
    html = rendered(frame, outline_geojson=TINY_OUTLINE)
    assert html.count(f'"className": "{mapview.REGION_MARKER_CLASS}"') == 3
    assert html.count(f'"className": "{mapview.UNREACHED_MARKER_CLASS}"') == 2


def test_map_size_does_not_grow_with_participant_rows():
    # The same regions with the same totals: 10 rows of 1,000 delegates vs 10,000 rows of 1.
    codes = ["35.78", "33.72", "32", "35.07", "35.78", "33.72", "32", "35.07", "35.78", "33.72"]
    few = participant_rows([(code, "Pelatihan A", 1000) for code in codes])
    many = participant_rows([(code, "Pelatihan A", 1) for code in codes for _ in range(1000)])
    assert len(many) == 10_000
    assert len(rendered(few, outline_geojson=TINY_OUTLINE)) == len(
        rendered(many, outline_geojson=TINY_OUTLINE)
    )


def test_map_size_is_bounded_for_different_totals():
    codes = ["35.78", "33.72", "32", "35.07"]
    small = participant_rows([(code, "Pelatihan A", 1) for code in codes])
    large = participant_rows([(code, "Pelatihan A", 1) for code in codes for _ in range(2500)])
    small_size = len(rendered(small, outline_geojson=TINY_OUTLINE))
    large_size = len(rendered(large, outline_geojson=TINY_OUTLINE))
    # only the digits of the counts (and the bounded radius) differ
    assert abs(large_size - small_size) < 200


def test_markers_are_sized_by_participants_within_bounds():
    assert mapview.marker_radius(0) == mapview.MIN_RADIUS
    assert mapview.MIN_RADIUS < mapview.marker_radius(1) < mapview.marker_radius(2)
    assert mapview.marker_radius(10) < mapview.marker_radius(40)
    assert mapview.marker_radius(1_000_000) == mapview.MAX_RADIUS


def test_level_is_carried_by_stroke_pattern_and_words_not_only_colour():
    frame = participant_rows([("35.78", "A", 1), ("32", "A", 1), ("35.07", "A", 1)])
    html = rendered(frame, "en", outline_geojson=TINY_OUTLINE)
    assert '"dashArray": "6 4"' in html  # province outline dashed
    assert '"dashArray": "2 3"' in html  # kabupaten dotted
    assert "Kota Surabaya · City (kota) · participants: 1" in html
    assert "Jawa Barat · Province · participants: 1" in html
    assert "Regency (kabupaten)" in html  # legend and tooltip in words


@pytest.mark.parametrize("payload", HOSTILE_TITLES)
def test_hostile_titles_are_escaped_in_popups(payload: str):
    frame = participant_rows([("35.78", payload, 1)])
    html = rendered(frame, outline_geojson=TINY_OUTLINE)
    # a `javascript:` text is harmless as text (never an href); the others must not survive
    if any(char in payload for char in "<>`$\\"):
        assert payload not in html
    popup_lines = [line for line in html.splitlines() if "atlas-popup" in line and "$(`" in line]
    assert len(popup_lines) == 1
    popup = popup_lines[0]
    # the template literal `…` carries no live backtick, ${ or backslash from the payload
    inner = popup.split("$(`", 1)[1].rsplit("`)[0]", 1)[0]
    assert "`" not in inner
    assert "${" not in inner
    assert "\\" not in inner
    assert "<script" not in inner.lower()
    assert "<img" not in inner.lower()
    assert "<svg" not in inner.lower()
    assert mapview.escape_map_text(payload) in inner


def test_escape_map_text_round_trips_through_html_unescaping():
    import html as html_module

    for payload in HOSTILE_TITLES:
        escaped = mapview.escape_map_text(payload)
        assert not re.search(r"[<>`$\\\"']", escaped)
        assert html_module.unescape(escaped) == payload
    assert mapview.escape_map_text(None) == ""
    assert mapview.escape_map_text(float("nan")) == ""


def test_map_loads_only_locally_served_assets():
    frame = participant_rows([("35.78", "A", 1)])
    fmap = mapview.build_map(
        mapview.aggregate_regions(frame),
        mapview.aggregate_provinces(frame, GAZETTEER),
        mapview.unreached_kota(GAZETTEER, ["35.78"]),
        outline_geojson=TINY_OUTLINE,
    )
    html = fmap.get_root().render()
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


def test_vendored_assets_exist_for_every_link():
    from pathlib import Path

    static_root = Path(mapview.__file__).resolve().parent.parent / "static"
    for _, url in mapview.LOCAL_JS + mapview.LOCAL_CSS:
        path = static_root / url.removeprefix("/app/static/")
        assert path.is_file(), path
        assert path.stat().st_size > 1000


def test_without_tiles_the_map_has_no_remote_url_at_all():
    frame = participant_rows([("35.78", "A", 1)])
    html = rendered(frame, tiles=False, outline_geojson=TINY_OUTLINE)
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
    html = rendered(frame)
    assert '"MultiPolygon"' in html


def test_find_region_by_tooltip_matches_what_the_component_returns():
    frame = participant_rows([("35.78", "A", 1234), ("32", "A", 1)])
    regions = mapview.aggregate_regions(frame)
    text = mapview.region_tooltip_text(regions.iloc[0], "id")
    assert text == "Kota Surabaya · Kota · 1.234 peserta"
    # streamlit-folium returns the tooltip's trimmed text content
    assert mapview.find_region_by_tooltip(regions, f"  {text}\n ", "id") == "35.78"
    assert mapview.find_region_by_tooltip(regions, "Kota Lain · Kota · 1 peserta", "id") is None
    assert mapview.find_region_by_tooltip(regions, None, "id") is None


def test_region_table_is_translated():
    frame = participant_rows([("35.78", "A", 2), ("35.78", "B", 1)])
    table = mapview.region_table(mapview.aggregate_regions(frame), "en")
    assert list(table.columns)[:3] == ["Official region", "Code", "Level"]
    assert table.iloc[0]["Participants"] == 3
    assert table.iloc[0]["Title"] == "A; B"
