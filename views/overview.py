"""Ringkasan / Overview: where trainings reached and how far coverage has come."""

from __future__ import annotations

import streamlit as st

from atlas import charts, derived, metrics, privacy, tables, training_metrics
from atlas.i18n import format_number
from atlas.ui.context import PageContext
from atlas.ui.widgets import (
    chart_with_table,
    count_tile,
    coverage_scope,
    coverage_tile,
    csv_download,
    empty_state,
    table,
    unreached_section,
)


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("overview.title"))
    st.caption(t("overview.intro"))

    if ctx.view.is_empty:
        empty_state(ctx)
        return

    trainings, participants = ctx.view.trainings, ctx.view.participants
    regions = ctx.gazetteer.regions
    kpis = derived.kpis(ctx.view, regions)  # once per view, shared (atlas.derived)
    kpi_tiles(ctx, kpis)

    csv_download(
        tables.coverage_export(metrics.coverage_table(kpis), ctx.lang),
        label=t("overview.coverage_download"),
        file_name="atlas-cakupan.csv",
        key="overview_coverage_download",
    )

    if kpis.unmapped_rows:
        st.caption(t("overview.unresolved_note", count=format_number(kpis.unmapped_rows, ctx.lang)))

    unreached = derived.unreached(ctx.dataset, ctx.view, regions)
    unreached_section(ctx, unreached, key_prefix="overview_unreached")

    st.header(t("overview.gender"), anchor=False)
    min_count = privacy.configured_min_count()
    st.caption(t("overview.gender_caption", below=format_number(min_count - 1, ctx.lang)))
    # What follows depends on the view (and the language) only: computed once per view and
    # shared by everyone looking at it (atlas.memo).
    once = ctx.view.derived.get
    genders = once(
        ("genders", min_count), lambda: privacy.gender_counts(participants, min_count=min_count)
    )
    table(
        once(("gender_table", min_count, ctx.lang), lambda: tables.gender_table(genders, ctx.lang)),
        key="overview_gender",
    )

    st.header(t("overview.over_time"), anchor=False)
    per_year = once(
        "trainings_per_year",
        lambda: training_metrics.trainings_per_year(trainings, participants, ctx.year_range),
    )
    chart_with_table(
        once(("over_time_chart", ctx.lang), lambda: charts.trainings_over_time(per_year, ctx.lang)),
        once(("over_time_table", ctx.lang), lambda: tables.localized_table(per_year, ctx.lang)),
        ctx=ctx,
        key="overview_over_time",
        caption=t("overview.over_time_caption"),
        file_name="trainings_per_year.csv",
    )

    st.header(t("overview.latest"), anchor=False)
    st.caption(t("overview.latest_caption"))
    latest = once("latest", lambda: training_metrics.latest_trainings(trainings, participants))
    table(
        once(("latest_table", ctx.lang), lambda: tables.latest_trainings_table(latest, ctx.lang)),
        key="overview_latest",
    )


def kpi_tiles(ctx: PageContext, kpis: metrics.Kpis) -> None:
    """The count tiles (trainings, participants, governments) and the coverage tiles."""
    t = ctx.t
    with st.container(key="kpi_counts"):
        first, second, third = st.columns(3)
        with first:
            count_tile(t("kpi.trainings"), kpis.trainings, t("kpi.trainings_help"), ctx)
        with second:
            count_tile(t("kpi.participants"), kpis.participants, t("kpi.participants_help"), ctx)
        with third:
            count_tile(t("kpi.governments"), kpis.governments, t("kpi.governments_help"), ctx)

    with st.container(key="kpi_coverage"):
        columns = st.columns(4)
        tiles = [
            ("kpi.provinces", kpis.provinces),
            ("kpi.kota", kpis.kota),
            ("kpi.kabupaten", kpis.kabupaten),
            ("kpi.sdgs", kpis.goals),
        ]
        scope = coverage_scope(ctx)
        for column, (key, coverage) in zip(columns, tiles, strict=True):
            with column:
                help_text = t(
                    f"{key}_help",
                    total=format_number(coverage.total, ctx.lang),
                    governments=format_number(kpis.provincial_governments, ctx.lang),
                    scope=scope,
                )
                selected = key == "kpi.provinces" and bool(ctx.filters.provinces)
                coverage_tile(t(key), coverage, help_text, ctx, selected=selected)
