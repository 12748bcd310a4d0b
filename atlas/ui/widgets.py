"""Small rendering helpers shared by the pages: banners, empty state, KPI tiles, and the
chart + table + download block every chart uses (the table is the accessible alternative)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from atlas import export, tables
from atlas.filters import year_bounds
from atlas.i18n import format_number
from atlas.metrics import Coverage
from atlas.ui.context import PageContext
from atlas.ui.exports import export_about_of_view
from atlas.ui.sidebar import active_filters_label, clear_filters

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def source_banner(ctx: PageContext) -> None:
    """The synthetic label (demo) or the upload note, and the active-filters notice: drawn once
    per run by app.py above whichever page runs, so every page carries them."""
    if ctx.synthetic:
        st.warning(ctx.t("synthetic.badge"), icon=":material/science:")
    elif ctx.source == "upload":
        st.info(ctx.t("upload.badge"), icon=":material/upload_file:")
    active_filters_notice(ctx)


FILTER_NAME_KEYS = {
    "provinces": "filters.province",
    "years": "filters.years",
    "trainings": "filters.training",
    "goals": "filters.sdg",
    "levels": "filters.level",
}


def active_filters_notice(ctx: PageContext) -> None:
    """At the top of every page while a filter hides data: which filters, and a button that
    clears them ("2 saringan aktif · hapus"), so a narrowed view is never mistaken for all."""
    active = ctx.filters.active()
    if not active:
        return
    names = ", ".join(ctx.t(FILTER_NAME_KEYS[name]) for name in active)
    with st.container(key="atlas_active_filters", horizontal=True, vertical_alignment="center"):
        st.caption(ctx.t("filters.active_list", names=names), width="content")
        st.button(
            active_filters_label(ctx.filters, ctx.lang),
            on_click=clear_filters,
            args=(year_bounds(ctx.dataset.trainings),),
            key="atlas_clear_filters_page",
            type="tertiary",
            icon=":material/filter_alt_off:",
            help=ctx.t("filters.reset_help"),
        )


def empty_state(ctx: PageContext) -> None:
    """The friendly message shown when the filters (or the data) leave nothing."""
    if ctx.dataset.trainings.empty:
        st.info(ctx.t("empty.dataset"), icon=":material/inbox:")
    else:
        st.info(
            f"**{ctx.t('empty.title')}** {ctx.t('empty.hint')}", icon=":material/filter_alt_off:"
        )


def count_tile(label: str, value: int, help_text: str, ctx: PageContext) -> None:
    st.metric(label, format_number(value, ctx.lang), help=help_text, border=True)


def coverage_tile(
    label: str, coverage: Coverage, help_text: str, ctx: PageContext, *, selected: bool = False
) -> None:
    """ "11 / 98" (or "1 / 1 dipilih" when the total is a selection) with a progress bar."""
    value = ctx.t(
        "kpi.of_selected" if selected else "kpi.of",
        value=format_number(coverage.reached, ctx.lang),
        total=format_number(coverage.total, ctx.lang),
    )
    st.metric(label, value, help=help_text, border=True)
    st.progress(min(max(coverage.share, 0.0), 1.0))


def coverage_scope(ctx: PageContext) -> str:
    """ "di seluruh Indonesia" or "di provinsi terpilih (Jawa Timur)": what the denominators of
    the coverage figures count, for their help texts."""
    if not ctx.filters.provinces:
        return ctx.t("kpi.scope_all")
    regions = ctx.gazetteer.regions
    names = regions.loc[
        regions["type"].eq("provinsi") & regions["code"].isin(ctx.filters.provinces), "name"
    ]
    return ctx.t("kpi.scope_selected", provinces=", ".join(sorted(names)))


def csv_download(frame: pd.DataFrame, *, label: str, file_name: str, key: str) -> None:
    """A CSV download (UTF-8 with BOM, formulas neutralised) of a table, built on click."""
    st.download_button(
        label,
        # Deferred: the file is built when clicked, so a large table never slows the page run.
        data=partial(export.to_csv_bytes, frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def xlsx_download(
    frame: pd.DataFrame, *, ctx: PageContext, label: str, file_name: str, key: str
) -> None:
    """An XLSX download (text cells as strings, formulas neutralised, an About sheet saying
    what view of `ctx` it holds), built on click."""
    st.download_button(
        label,
        data=partial(export.to_xlsx_bytes, frame, "data", export_about_of_view(ctx)),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def table(frame: pd.DataFrame, key: str) -> None:
    """A read-only table in a keyed container (tests and CSS find it by `key`). st.dataframe
    draws cells as text, so file content is never interpreted as HTML."""
    with st.container(key=key):
        st.dataframe(frame, hide_index=True, width="stretch")


def chart_with_table(
    figure: go.Figure,
    data: pd.DataFrame,
    *,
    ctx: PageContext,
    key: str,
    caption: str,
    file_name: str,
) -> None:
    """Chart and table in two tabs, the caption saying what is counted, and a CSV download."""
    st.caption(caption)
    chart_tab, table_tab = st.tabs([ctx.t("chart.tab_chart"), ctx.t("chart.tab_table")])
    with chart_tab:
        st.plotly_chart(figure, key=f"{key}_chart", config=PLOTLY_CONFIG, width="stretch")
    with table_tab:
        table(data, key=f"{key}_table")
    csv_download(
        data, label=ctx.t("chart.download_csv"), file_name=file_name, key=f"{key}_download"
    )


def unreached_section(ctx: PageContext, unreached: pd.DataFrame, key_prefix: str) -> None:
    """The kota and kabupaten not reached in the current view (metrics.unreached_regions) as a
    translated table with CSV and XLSX downloads, one click away in an expander. Keys:
    f"{key_prefix}_table", f"{key_prefix}_download_csv", f"{key_prefix}_download_xlsx"."""
    counts = unreached["level"].value_counts()
    summary = ctx.t(
        "unreached.summary",
        kota=format_number(int(counts.get("kota", 0)), ctx.lang),
        kabupaten=format_number(int(counts.get("kabupaten", 0)), ctx.lang),
    )
    with st.container(key=f"{key_prefix}_section"):
        st.subheader(ctx.t("unreached.header"), anchor=False)
        st.caption(ctx.t("unreached.caption"))
        if unreached.empty:
            st.success(ctx.t("unreached.none"), icon=":material/check_circle:")
            return
        rows = tables.unreached_table(unreached, ctx.lang)
        with st.expander(summary, icon=":material/location_off:"):
            table(rows, key=f"{key_prefix}_table")
            left, right = st.columns(2)
            with left:
                csv_download(
                    rows,
                    label=ctx.t("unreached.download_csv"),
                    file_name="atlas-belum-terjangkau.csv",
                    key=f"{key_prefix}_download_csv",
                )
            with right:
                xlsx_download(
                    rows,
                    ctx=ctx,
                    label=ctx.t("unreached.download_xlsx"),
                    file_name="atlas-belum-terjangkau.xlsx",
                    key=f"{key_prefix}_download_xlsx",
                )
