"""Peta / Map: one marker per local government reached, over an outline of Indonesia.

Thin page: aggregation, the GeoJSON layers and the view's bounds come from atlas.mapview, the
coverage figures and the not-reached list from atlas.metrics. The base map stays mounted in the
browser while the filters change (only the data layers are swapped, see st_folium's
`feature_group_to_add`); only the clicked feature comes back from the component, so panning and
zooming never rerun the app. The map with its selected-region panel and the tables below it are
two fragments: a click reruns the first only, a widget under the map the second only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from atlas import derived, mapfeatures, mapview, tables
from atlas.i18n import escape_markdown, format_number
from atlas.ui.context import PageContext
from atlas.ui.widgets import (
    coverage_scope,
    csv_download,
    empty_state,
    table,
    unreached_section,
    xlsx_download,
)

MAP_KEY = "atlas_map"
MAP_HEIGHT = 560
# What the component reports back: the clicked marker's GeoJSON feature (its kind and code).
RETURNED_OBJECTS = ["last_active_drawing"]


@st.fragment
def map_with_selection(
    ctx: PageContext, regions: pd.DataFrame, provinces: pd.DataFrame, unreached: pd.DataFrame
) -> None:
    """The map and, under it, the details of the clicked region (found by its code).

    The map is built on every run of the fragment: st_folium adds the layers to the map it is
    given, so a map object handed over twice would no longer be the same map."""
    atlas_map = mapview.build_map(
        derived.map_features(ctx.dataset, ctx.view, ctx.gazetteer.regions, ctx.lang),
        ctx.lang,
        bounds=mapview.view_bounds(ctx.gazetteer.regions, ctx.filters.provinces),
        # with a province selected, its regions not reached yet are what organizers look for
        show_unreached=bool(ctx.filters.provinces),
    )
    clicked = st_folium(
        atlas_map.base,
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=atlas_map.layers,
        layer_control=atlas_map.control,
    )
    st.caption(ctx.t("map.offline_note"))
    feature = mapfeatures.clicked_feature((clicked or {}).get("last_active_drawing"))
    with st.container(border=True, key="atlas_map_selection"):
        selection_panel(ctx, feature, regions, provinces, unreached)


def _clicked(
    frame: pd.DataFrame, code_column: str, feature: mapfeatures.ClickedFeature
) -> pd.DataFrame:
    """The rows of `frame` whose code is the clicked feature's (none when the view changed)."""
    return frame.loc[frame[code_column].astype(str) == feature.code]


def selection_panel(
    ctx: PageContext,
    feature: mapfeatures.ClickedFeature | None,
    regions: pd.DataFrame,
    provinces: pd.DataFrame,
    unreached: pd.DataFrame,
) -> None:
    """The details of the clicked region, province or not-reached region; else a hint."""
    if feature is not None and feature.kind == mapfeatures.KIND_REGION:
        selected = _clicked(regions, "region_code", feature)
        if not selected.empty:
            name = escape_markdown(selected.iloc[0]["region_name"])
            st.header(ctx.t("map.selected", region=name), anchor=False)
            table(tables.region_table(selected, ctx.lang), key="atlas_map_selected")
            return
    if feature is not None and feature.kind == mapfeatures.KIND_PROVINCE:
        selected = _clicked(provinces, "province_code", feature)
        if not selected.empty:
            row = selected.iloc[0]
            province = escape_markdown(row["province_name"])
            st.header(ctx.t("map.selected", region=province), anchor=False)
            st.markdown(
                ctx.t(
                    "map.province_tooltip",
                    province=province,
                    governments=format_number(int(row["governments"]), ctx.lang),
                    participants=format_number(int(row["participants"]), ctx.lang),
                )
            )
            return
    if feature is not None and feature.kind == mapfeatures.KIND_UNREACHED:
        selected = _clicked(unreached, "region_code", feature)
        if not selected.empty:
            row = selected.iloc[0]
            name = escape_markdown(row["region_name"])
            st.header(ctx.t("map.selected", region=name), anchor=False)
            st.markdown(
                ctx.t(
                    "map.selected_unreached",
                    level=tables.level_label(row["level"], ctx.lang),
                    province=escape_markdown(row["province_name"]),
                )
            )
            return
    st.caption(ctx.t("map.select_hint"))


@st.fragment
def tables_under_the_map(ctx: PageContext, regions: pd.DataFrame, unreached: pd.DataFrame) -> None:
    """The map's table alternative with downloads, and the list of regions not reached yet."""
    st.header(ctx.t("map.table"), anchor=False)
    st.caption(ctx.t("map.table_caption"))
    once = ctx.view.derived.get  # the same tables for every viewer of the view (atlas.memo)
    shown = once(
        ("map_table", ctx.lang),
        lambda: tables.region_table(regions, ctx.lang, max_titles=tables.MAX_TITLES_IN_TABLE),
    )
    table(shown, key="atlas_map_table")
    # every title, for the downloads
    region_rows = once(("map_table_all", ctx.lang), lambda: tables.region_table(regions, ctx.lang))
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
            ctx=ctx,
            label=ctx.t("chart.download_xlsx"),
            file_name="atlas-wilayah.xlsx",
            key="atlas_map_download_xlsx",
        )
    unreached_section(ctx, unreached, key_prefix="atlas_map_unreached")


def render(ctx: PageContext) -> None:
    st.title(ctx.t("map.title"))

    if ctx.view.is_empty:
        empty_state(ctx)
        return

    gazetteer_regions = ctx.gazetteer.regions
    participants = ctx.view.participants
    # Computed once per view and shared by everyone looking at it (atlas.derived).
    regions = derived.map_regions(ctx.view)
    provinces = derived.map_provinces(ctx.view, gazetteer_regions)
    unreached = derived.unreached(ctx.dataset, ctx.view, gazetteer_regions)
    kpis = derived.kpis(ctx.view, gazetteer_regions)

    st.caption(ctx.t("map.caption"))
    with st.container(key="atlas_map_summary"):
        st.markdown(
            ctx.t(
                "map.summary",
                regions=format_number(len(regions), ctx.lang),
                provinces=format_number(kpis.provinces.reached, ctx.lang),
                provinces_total=format_number(kpis.provinces.total, ctx.lang),
                kota=format_number(kpis.kota.reached, ctx.lang),
                kota_total=format_number(kpis.kota.total, ctx.lang),
                kabupaten=format_number(kpis.kabupaten.reached, ctx.lang),
                kabupaten_total=format_number(kpis.kabupaten.total, ctx.lang),
                scope=coverage_scope(ctx),
                participants=format_number(int(regions["participants"].sum()), ctx.lang),
            )
        )
    unmapped = int(participants["delegates"].sum()) - int(regions["participants"].sum())
    if unmapped > 0:
        st.caption(ctx.t("map.unmapped", count=format_number(unmapped, ctx.lang)))
    if regions.empty:
        st.info(ctx.t("map.none"))

    map_with_selection(ctx, regions, provinces, unreached)
    tables_under_the_map(ctx, regions, unreached)
