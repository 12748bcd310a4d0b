"""SDG: coverage of the 17 goals, province × goal, goals over time, target codes used."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import charts, tables, training_metrics
from atlas.i18n import LANGUAGES, t
from atlas.ui.context import PageContext, UrlKeys
from atlas.ui.sidebar import reseed_widgets_from_link
from atlas.ui.widgets import chart_with_table, empty_state

MEASURES = ("trainings", "participants", "governments")


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("sdg.title"))
    st.caption(t("sdg.intro"))

    if ctx.view.is_empty:
        empty_state(ctx)
        return

    # Figures and charts depend on the view (and the language) only: computed once per view
    # and shared by everyone looking at it (atlas.memo).
    coverage = ctx.view.derived.get(
        "goal_coverage",
        lambda: training_metrics.goal_coverage(ctx.view.trainings, ctx.view.participants),
    )
    st.header(t("sdg.coverage"), anchor=False)
    if coverage["trainings"].sum() == 0:
        st.info(t("sdg.no_goals"), icon=":material/info:")
    else:
        goal_sections(ctx, coverage)
    target_section(ctx)


def measure_named(text: str) -> str | None:
    """The measure a link names: its label in either language, or its own name, any case."""
    wanted = text.strip().casefold()
    for name in MEASURES:
        labels = {name, *(t(f"col.{name}", lang) for lang in LANGUAGES)}
        if wanted in {label.casefold() for label in labels}:
            return name
    return None


def normalise_measure_link(ctx: PageContext) -> None:
    """`?ukuran=Participants` opened in Indonesian reads as Peserta: Streamlit puts the shown
    label in the link and only knows the labels of the current language, so a link shared
    across languages would silently fall back to the default measure."""
    if UrlKeys.MEASURE in st.session_state:
        return  # the widget holds the value already; the link follows it
    raw = st.query_params.get(UrlKeys.MEASURE)
    name = measure_named(raw) if raw else None
    if name is not None and raw != ctx.t(f"col.{name}"):
        st.query_params[UrlKeys.MEASURE] = ctx.t(f"col.{name}")
        reseed_widgets_from_link()


def goal_sections(ctx: PageContext, coverage: pd.DataFrame) -> None:
    """Goal coverage (by the measure the link names), province × goal, goals over time."""
    t = ctx.t
    normalise_measure_link(ctx)
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
    once = ctx.view.derived.get
    chosen = measure or "trainings"
    chart_with_table(
        once(
            ("coverage_chart", chosen, ctx.lang),
            lambda: charts.goal_coverage_bars(coverage, chosen, ctx.lang),
        ),
        once(("coverage_table", ctx.lang), lambda: tables.goal_coverage_table(coverage, ctx.lang)),
        ctx=ctx,
        key="sdg_coverage",
        caption=t("sdg.coverage_caption"),
        file_name="sdg_coverage.csv",
    )

    st.header(t("sdg.heatmap"), anchor=False)
    matrix = once(
        "goal_matrix", lambda: training_metrics.province_goal_matrix(ctx.view.participants)
    )
    if matrix.empty:
        st.info(t("empty.title"), icon=":material/info:")
    else:
        chart_with_table(
            once(("heatmap", ctx.lang), lambda: charts.province_goal_heatmap(matrix, ctx.lang)),
            once(("heatmap_table", ctx.lang), lambda: tables.province_goal_table(matrix, ctx.lang)),
            ctx=ctx,
            key="sdg_heatmap",
            caption=t("sdg.heatmap_caption"),
            file_name="sdg_province_goal.csv",
        )

    st.header(t("sdg.over_time"), anchor=False)
    per_year = once(
        "goals_per_year",
        lambda: training_metrics.goals_per_year(ctx.view.trainings, ctx.year_range),
    )
    chart_with_table(
        once(("goals_chart", ctx.lang), lambda: charts.goals_over_time(per_year, ctx.lang)),
        once(("goals_table", ctx.lang), lambda: tables.goals_over_time_table(per_year, ctx.lang)),
        ctx=ctx,
        key="sdg_over_time",
        caption=t("sdg.over_time_caption"),
        file_name="sdg_goals_per_year.csv",
    )


def target_section(ctx: PageContext) -> None:
    """The SDG target codes the trainings in view name."""
    t = ctx.t
    st.header(t("sdg.targets"), anchor=False)
    once = ctx.view.derived.get
    targets = once("targets", lambda: training_metrics.targets_used(ctx.view.trainings))
    if targets.empty:
        st.info(t("sdg.no_targets"), icon=":material/info:")
        return
    chart_with_table(
        once(("targets_chart", ctx.lang), lambda: charts.targets_bars(targets, ctx.lang)),
        once(("targets_table", ctx.lang), lambda: tables.localized_table(targets, ctx.lang)),
        ctx=ctx,
        key="sdg_targets",
        caption=t("sdg.targets_caption"),
        file_name="sdg_targets.csv",
    )
