"""Peta / Map: one marker per local government reached, over an outline of Indonesia.

Thin page: aggregation and the folium map come from atlas.mapview. Only the clicked marker's
tooltip comes back from the component, so panning and zooming never rerun the app.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from atlas import mapview
from atlas.i18n import format_number
from atlas.ui.context import page_context
from atlas.ui.widgets import csv_download, empty_state, table, xlsx_download

MAP_KEY = "atlas_map"
MAP_HEIGHT = 560

ctx = page_context()  # also draws the demo/upload label
st.title(ctx.t("map.title"))

if ctx.view.is_empty:
    empty_state(ctx)
    st.stop()

participants = ctx.view.participants
regions = mapview.aggregate_regions(participants)
provinces = mapview.aggregate_provinces(participants, ctx.gazetteer.regions)
unreached = mapview.unreached_kota(ctx.gazetteer.regions, list(regions["region_code"]))

st.caption(ctx.t("map.caption"))
st.markdown(
    ctx.t(
        "map.summary",
        regions=format_number(len(regions), ctx.lang),
        provinces=format_number(regions["province_code"].nunique(), ctx.lang),
        participants=format_number(int(regions["participants"].sum()), ctx.lang),
    )
)
unmapped = int(participants["delegates"].sum()) - int(regions["participants"].sum())
if unmapped > 0:
    st.caption(ctx.t("map.unmapped", count=format_number(unmapped, ctx.lang)))
if regions.empty:
    st.info(ctx.t("map.none"))

fmap = mapview.build_map(regions, provinces, unreached, ctx.lang)
clicked = st_folium(
    fmap,
    key=MAP_KEY,
    height=MAP_HEIGHT,
    use_container_width=True,
    returned_objects=["last_object_clicked_tooltip"],
)
st.caption(ctx.t("map.offline_note"))

selected_code = mapview.find_region_by_tooltip(
    regions, (clicked or {}).get("last_object_clicked_tooltip"), ctx.lang
)
with st.container(border=True):
    if selected_code is None:
        st.caption(ctx.t("map.select_hint"))
    else:
        selected = regions.loc[regions["region_code"] == selected_code]
        row = selected.iloc[0]
        st.header(ctx.t("map.selected", region=row["region_name"]), anchor=False)
        table(mapview.region_table(selected, ctx.lang), key="atlas_map_selected")

st.header(ctx.t("map.table"), anchor=False)
st.caption(ctx.t("map.table_caption"))
region_rows = mapview.region_table(regions, ctx.lang)
table(region_rows, key="atlas_map_table")
download_csv, download_xlsx = st.columns(2)
with download_csv:
    csv_download(
        region_rows,
        label=ctx.t("chart.download_csv"),
        file_name="atlas-wilayah.csv",
        key="atlas_map_download_csv",
    )
with download_xlsx:
    xlsx_download(
        region_rows,
        label=ctx.t("chart.download_xlsx"),
        file_name="atlas-wilayah.xlsx",
        key="atlas_map_download_xlsx",
    )
