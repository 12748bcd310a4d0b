"""The naive baseline of bench.run: a Map page as a first Streamlit + folium app would write it.

One folium.CircleMarker with a tooltip and a popup per participant row, the whole map rebuilt
and sent on every run. The rows are located with the project's resolver (cached per file), so
the comparison is about how the map is built and sent, not about reading files.

bench.run serves it with `streamlit run` from a folder whose static/ is the app's, so Leaflet
comes from the same vendored files as the app's map (no CDN). NAIVE_DATA_DIR names the folder
with participants.csv.
"""

from __future__ import annotations

import os
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from atlas.gazetteer import load_gazetteer
from atlas.participant_regions import resolve_participants
from atlas.schema import REGION_LAT, REGION_LON

VENDOR = "/app/static/vendor"


class OfflineMap(folium.Map):
    default_js = [
        ("leaflet", f"{VENDOR}/leaflet/leaflet.js"),
        ("jquery", f"{VENDOR}/jquery/jquery.min.js"),  # folium's popups use jQuery
    ]
    default_css = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]


@st.cache_data(show_spinner=False)
def located_rows(path: str) -> pd.DataFrame:
    participants = pd.read_csv(path, dtype=str, keep_default_na=False)
    resolved = resolve_participants(participants, load_gazetteer())
    return resolved.dropna(subset=[REGION_LAT, REGION_LON])


rows = located_rows(str(Path(os.environ["NAIVE_DATA_DIR"]) / "participants.csv"))
st.title("Naive map")
fmap = OfflineMap(location=[-2.5, 118.0], zoom_start=5, tiles=None)
for row in rows.itertuples(index=False):
    folium.CircleMarker(
        location=[getattr(row, REGION_LAT), getattr(row, REGION_LON)],
        radius=4,
        tooltip=str(row.institution),
        popup=str(row.region),
    ).add_to(fmap)
st_folium(fmap, height=560, use_container_width=True)
