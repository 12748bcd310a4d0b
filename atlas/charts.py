"""Plotly figures and display tables built from the aggregates of `atlas.metrics` (no streamlit).

Every title, axis, legend and hover label comes from the i18n catalogue in the page's language;
numbers in hovers follow the locale's separators. SDG goals use their official UN colours.
Goal colours are never the only carrier of meaning: each bar and cell is labelled with its goal.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from atlas import sdg
from atlas.i18n import format_number, t

PRIMARY = "#1f5f8b"
SECONDARY = "#d95f02"
FONT = {"family": "sans-serif", "size": 13, "color": "#1b2733"}


def _separators(lang: str) -> str:
    """Plotly's decimal and thousands separators for the language ("1.234" in Indonesian)."""
    return ",." if lang == "id" else ".,"


def _layout(figure: go.Figure, lang: str, height: int = 360) -> go.Figure:
    figure.update_layout(
        separators=_separators(lang),
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": "sans-serif"}},
    )
    figure.update_xaxes(gridcolor="#e5e8eb", zeroline=False)
    figure.update_yaxes(gridcolor="#e5e8eb", zeroline=False)
    return figure


def count_step(max_value: float) -> int:
    """A whole-number tick step giving at most about six ticks: 1, 2, 5, 10, 20, 50, ..."""
    target = max(float(max_value), 1.0) / 5
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= target:
                return factor * magnitude
        magnitude *= 10


def _count_axis(max_value: float) -> dict:
    """Axis settings for counts: whole-number ticks from 0, never "0,5 pelatihan"."""
    return {"rangemode": "tozero", "tickformat": ",d", "dtick": count_step(max_value)}


def goal_label(number: int, lang: str) -> str:
    """ "SDG 11 · Kota dan Permukiman yang Berkelanjutan"."""
    return f"SDG {number} · {sdg.goal(number).name(lang)}"


def trainings_over_time(per_year: pd.DataFrame, lang: str) -> go.Figure:
    """Bars: trainings per start year; line: participants per year (second axis)."""
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    years = per_year["year"].astype(str)
    figure.add_trace(
        go.Bar(
            x=years,
            y=per_year["trainings"],
            name=t("col.trainings", lang),
            marker_color=PRIMARY,
            hovertemplate="%{x}: %{y:,d}<extra>" + t("col.trainings", lang) + "</extra>",
        ),
        secondary_y=False,
    )
    figure.add_trace(
        go.Scatter(
            x=years,
            y=per_year["participants"],
            name=t("col.participants", lang),
            mode="lines+markers",
            line={"color": SECONDARY, "width": 2, "dash": "dot"},
            marker={"symbol": "diamond", "size": 9},
            hovertemplate="%{x}: %{y:,d}<extra>" + t("col.participants", lang) + "</extra>",
        ),
        secondary_y=True,
    )
    _year_axis(figure, per_year["year"], lang)
    figure.update_yaxes(
        title_text=t("col.trainings", lang),
        secondary_y=False,
        **_count_axis(per_year["trainings"].max() if len(per_year) else 0),
    )
    figure.update_yaxes(
        title_text=t("col.participants", lang),
        secondary_y=True,
        showgrid=False,
        **_count_axis(per_year["participants"].max() if len(per_year) else 0),
    )
    # A lone year would otherwise be one bar across the whole chart.
    figure.update_layout(bargap=0.6 if len(per_year) <= 3 else 0.2)
    return _layout(figure, lang)


def _year_axis(figure: go.Figure, years: pd.Series, lang: str) -> None:
    """A category axis of years in calendar order, every year shown (also those with 0);
    without the explicit order Plotly orders categories by first appearance across traces."""
    order = sorted(set(years.astype(int)))
    figure.update_xaxes(
        title_text=t("col.year", lang),
        type="category",
        categoryorder="array",
        categoryarray=[str(year) for year in order],
    )


def goal_coverage_bars(coverage: pd.DataFrame, measure: str, lang: str) -> go.Figure:
    """Horizontal bars for the 17 goals (goal 1 on top) of one measure:
    "trainings" | "participants" | "governments"."""
    colours = sdg.goal_colours()
    labels = [goal_label(int(goal), lang) for goal in coverage["goal"]]
    values = coverage[measure]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=[colours[int(goal)] for goal in coverage["goal"]],
            text=[format_number(value, lang) for value in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,d}<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed", title_text=None)
    figure.update_xaxes(
        title_text=t(f"col.{measure}", lang), **_count_axis(values.max() if len(values) else 0)
    )
    return _layout(figure, lang, height=520)


def province_goal_heatmap(matrix: pd.DataFrame, lang: str) -> go.Figure:
    """Provinces (rows, alphabetical) × goals 1..17 (columns); cell = participants."""
    goals = [goal.number for goal in sdg.goals()]
    table = matrix.pivot_table(
        index="province_name", columns="goal", values="participants", aggfunc="sum", fill_value=0
    ).reindex(columns=goals, fill_value=0)
    text = [[format_number(value, lang) if value else "" for value in row] for row in table.values]
    figure = go.Figure(
        go.Heatmap(
            z=table.values,
            x=[f"SDG {goal}" for goal in goals],
            y=list(table.index),
            colorscale="Blues",
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y} · %{x}: %{z:,d}<extra></extra>",
            colorbar={
                "title": {"text": t("col.participants", lang), "side": "right"},
                "tickformat": ",d",
                "dtick": count_step(matrix["participants"].max() if len(matrix) else 0),
            },
            xgap=1,
            ygap=1,
        )
    )
    figure.update_yaxes(autorange="reversed", title_text=t("col.province", lang))
    figure.update_xaxes(title_text=t("col.goal", lang), side="top")
    return _layout(figure, lang, height=max(260, 28 * len(table.index) + 120))


def goals_over_time(per_year: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars: trainings per start year, one segment (official colour) per goal."""
    colours = sdg.goal_colours()
    figure = go.Figure()
    for goal, rows in per_year.groupby("goal", sort=True):
        number = int(goal)
        figure.add_trace(
            go.Bar(
                x=rows["year"].astype(str),
                y=rows["trainings"],
                name=f"SDG {number}",
                marker_color=colours[number],
                hovertemplate=goal_label(number, lang) + " · %{x}: %{y:,d}<extra></extra>",
            )
        )
    stacked_max = per_year.groupby("year")["trainings"].sum().max() if len(per_year) else 0
    figure.update_layout(
        barmode="stack",
        showlegend=True,
        bargap=0.6 if per_year["year"].nunique() <= 3 else 0.2,
    )
    _year_axis(figure, per_year["year"], lang)
    figure.update_yaxes(title_text=t("col.trainings", lang), **_count_axis(stacked_max))
    return _layout(figure, lang)


def targets_bars(targets: pd.DataFrame, lang: str) -> go.Figure:
    """One bar per target code used, coloured by its goal."""
    colours = sdg.goal_colours()
    figure = go.Figure(
        go.Bar(
            x=targets["target"].map(lambda code: f"{code}"),
            y=targets["trainings"],
            marker_color=[colours[int(goal)] for goal in targets["goal"]],
            text=[f"SDG {goal}" for goal in targets["goal"]],
            textposition="inside",
            hovertemplate=t("col.target", lang) + " %{x}: %{y:,d}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=t("col.target", lang), type="category")
    figure.update_yaxes(
        title_text=t("col.trainings", lang), **_count_axis(targets["trainings"].max())
    )
    figure.update_layout(bargap=0.6 if len(targets) <= 3 else 0.2)
    return _layout(figure, lang, height=320)
