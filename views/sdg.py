"""SDG: coverage of the 17 goals, province × goal, goals over time, target codes used."""

from __future__ import annotations

import streamlit as st

from atlas import charts, metrics
from atlas.ui.context import UrlKeys, page_context
from atlas.ui.widgets import chart_with_table, empty_state

MEASURES = ("trainings", "participants", "governments")

ctx = page_context()
t = ctx.t

st.title(t("sdg.title"))
st.caption(t("sdg.intro"))

if ctx.view.is_empty:
    empty_state(ctx)
    st.stop()

trainings, participants = ctx.view.trainings, ctx.view.participants
coverage = metrics.goal_coverage(trainings, participants)

st.header(t("sdg.coverage"), anchor=False)
if coverage["trainings"].sum() == 0:
    st.info(t("sdg.no_goals"), icon=":material/info:")
else:
    measure = st.segmented_control(
        t("sdg.measure"),
        options=MEASURES,
        default="trainings",
        format_func=lambda name: t(f"col.{name}"),
        key=UrlKeys.MEASURE,
        required=True,
        bind="query-params",
        persist_state="session",
    )
    chart_with_table(
        charts.goal_coverage_bars(coverage, measure or "trainings", ctx.lang),
        charts.goal_coverage_table(coverage, ctx.lang),
        ctx=ctx,
        key="sdg_coverage",
        caption=t("sdg.coverage_caption"),
        file_name="sdg_coverage.csv",
    )

    st.header(t("sdg.heatmap"), anchor=False)
    matrix = metrics.province_goal_matrix(participants)
    if matrix.empty:
        st.info(t("empty.title"), icon=":material/info:")
    else:
        chart_with_table(
            charts.province_goal_heatmap(matrix, ctx.lang),
            charts.province_goal_table(matrix, ctx.lang),
            ctx=ctx,
            key="sdg_heatmap",
            caption=t("sdg.heatmap_caption"),
            file_name="sdg_province_goal.csv",
        )

    st.header(t("sdg.over_time"), anchor=False)
    per_year = metrics.goals_per_year(trainings, ctx.year_range)
    chart_with_table(
        charts.goals_over_time(per_year, ctx.lang),
        charts.goals_over_time_table(per_year, ctx.lang),
        ctx=ctx,
        key="sdg_over_time",
        caption=t("sdg.over_time_caption"),
        file_name="sdg_goals_per_year.csv",
    )

st.header(t("sdg.targets"), anchor=False)
targets = metrics.targets_used(trainings)
if targets.empty:
    st.info(t("sdg.no_targets"), icon=":material/info:")
else:
    chart_with_table(
        charts.targets_bars(targets, ctx.lang),
        charts.localized_table(targets, ctx.lang),
        ctx=ctx,
        key="sdg_targets",
        caption=t("sdg.targets_caption"),
        file_name="sdg_targets.csv",
    )
