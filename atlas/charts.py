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
from atlas.i18n import CATALOGUE, format_date, format_date_span, format_number, t
from atlas.schema import PARTICIPANT_COLUMNS, TRAINING_COLUMNS

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


# --- Tables (the accessible alternative to every chart, and what downloads contain) ----------


def localized_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its columns renamed to the catalogue's `col.<name>` labels (columns
    without a label keep their name)."""
    renames = {
        column: t(f"col.{column}", lang) for column in frame.columns if f"col.{column}" in CATALOGUE
    }
    return frame.rename(columns=renames)


def goal_coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = coverage.assign(goal_name=coverage["goal"].map(lambda n: sdg.goal(int(n)).name(lang)))
    return localized_table(
        table[["goal", "goal_name", "trainings", "participants", "governments"]], lang
    )


def province_goal_table(matrix: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Wide table: one row per province, one column per goal with participants (0 included)."""
    goals = [goal.number for goal in sdg.goals()]
    if matrix.empty:
        return pd.DataFrame(columns=[t("col.province", lang), *[f"SDG {g}" for g in goals]])
    wide = matrix.pivot_table(
        index="province_name", columns="goal", values="participants", aggfunc="sum", fill_value=0
    ).reindex(columns=goals, fill_value=0)
    wide.columns = [f"SDG {goal}" for goal in goals]
    wide.index.name = t("col.province", lang)
    return wide.reset_index()


def goals_over_time_table(per_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = per_year.assign(goal_name=per_year["goal"].map(lambda n: sdg.goal(int(n)).name(lang)))
    return localized_table(table[["year", "goal", "goal_name", "trainings"]], lang)


def latest_trainings_table(latest: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Dates as one short span ("18–19 Des 2018", so the table fits a 1400 px screen with the
    sidebar open), goals as "11; 17"."""
    table = latest.assign(
        dates=[
            format_date_span(start, end, lang)
            for start, end in zip(latest["start_date"], latest["end_date"], strict=True)
        ],
        sdg_goals=latest["sdg_goals"].map(_joined),
        venue=latest["venue_name"].fillna(""),
    )
    columns = [
        "title",
        "dates",
        "venue",
        "sdg_goals",
        "participants",
        "governments",
    ]
    return localized_table(table[columns], lang)


def coverage_export(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The coverage tiles as a table (metrics.coverage_table), measures said in words."""
    table = coverage.assign(
        measure=coverage["measure"].map(lambda name: t(f"coverage.{name}", lang))
    )
    return localized_table(table, lang)


UNREACHED_TABLE_COLUMNS = [
    "region_code",
    "region_name",
    "level",
    "province_name",
    "reached_outside_view",
]


def unreached_table(unreached: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The not-reached kota and kabupaten (metrics.unreached_regions) for reading and download:
    code, name, type in words, province, and whether trainings outside the view reached it."""
    yes, no = t("unreached.yes", lang), t("unreached.no", lang)
    table = unreached.assign(
        level=unreached["level"].map(lambda level: t(f"level.{level}", lang)),
        reached_outside_view=unreached["reached_outside_view"].map(
            lambda flag: yes if bool(flag) else no
        ),
    )
    return localized_table(table[UNREACHED_TABLE_COLUMNS], lang)


def gender_table(counts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The suppressed gender breakdown (privacy.gender_counts) for reading: categories in
    words, hidden cells as the word "disembunyikan" (never a number)."""
    hidden = t("privacy.hidden", lang)
    table = pd.DataFrame(
        {
            "gender": counts["gender"].map(lambda category: t(f"gender.{category}", lang)),
            "participants": counts["participants"].map(
                lambda value: hidden if pd.isna(value) else format_number(int(value), lang)
            ),
        }
    )
    return localized_table(table, lang)


def _joined(values: object) -> str:
    return "; ".join(str(value) for value in values) if isinstance(values, tuple | list) else ""


TRAININGS_TABLE_COLUMNS = list(TRAINING_COLUMNS)


def trainings_table(trainings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The filtered trainings for reading: dates in words, goals and targets joined, the venue
    by its official name where it resolved."""
    venue = trainings["venue"]
    if "venue_name" in trainings:
        venue = trainings["venue_name"].where(trainings["venue_name"].notna(), venue)
    table = trainings.sort_values("start_date", ascending=False).assign(
        start_date=lambda f: f["start_date"].map(lambda value: format_date(value, lang)),
        end_date=lambda f: f["end_date"].map(lambda value: format_date(value, lang)),
        sdg_goals=lambda f: f["sdg_goals"].map(_joined),
        sdg_targets=lambda f: f["sdg_targets"].map(_joined),
        venue=venue,
    )
    return localized_table(table[TRAININGS_TABLE_COLUMNS], lang)


PARTICIPANTS_TABLE_COLUMNS = [
    "line",
    "title",
    "institution",
    "region",
    "region_name",
    "region_type",
    "province_name",
    "region_status",
    "delegates",
]
PERSONAL_TABLE_COLUMNS = ["name", "gender", "position", "email", "phone"]


def participants_table(participants: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Participant rows for reading: level and region status in words. Personal columns appear
    only when the frame still has them (the detail view)."""
    frame = participants.sort_values("line")
    table = frame.assign(
        region_type=frame["region_type"].map(
            lambda level: t(f"level.{level}", lang) if isinstance(level, str) and level else ""
        ),
        region_status=frame["region_status"].map(
            lambda status: t(f"status.{status}", lang) if isinstance(status, str) else ""
        ),
        province_name=frame["province_name"].fillna(""),
        region_name=frame["region_name"].fillna(""),
    )
    # Personal columns (detail view only) next to the institution, where the reader looks.
    personal = [c for c in PERSONAL_TABLE_COLUMNS if c in table.columns]
    columns = ["line", "title", "institution", *personal]
    columns += [c for c in PARTICIPANTS_TABLE_COLUMNS if c not in columns and c in table.columns]
    return localized_table(table[columns], lang)


def _translated_reason(rejection: object, lang: str) -> str | None:
    """The reason in the page's language from the problems' codes ("Tanggal tidak sah";
    several problems each with its column); None when some code has no translation."""
    code = getattr(rejection, "code", None)
    problems = getattr(rejection, "problems", ()) or (
        ((getattr(rejection, "column", None), code),) if code else ()
    )
    if not problems or any(f"reason.{code}" not in CATALOGUE for _, code in problems):
        return None
    several = len(problems) > 1
    return "; ".join(
        t(f"reason.{code}", lang) + (f" ({column})" if several and column else "")
        for column, code in problems
    )


def rejections_table(
    rejections: list, table_label: str, lang: str, *, detail: bool = False
) -> pd.DataFrame:
    """line, column, reason of rejected rows (atlas.schema.Rejection). In Indonesian the reason
    is said from the problems' codes, entirely in Indonesian; the loader's English wording is
    the English text, and the fallback for a code without translation. The public reason
    quotes no participants value; `detail=True` (access-protected view only) quotes them (in
    Indonesian as "rincian", the values being the file's own)."""
    rows = []
    for rejection in rejections:
        reason = rejection.detailed_reason if detail else rejection.reason
        translated = _translated_reason(rejection, lang) if lang != "en" else None
        if translated is not None:
            reason = translated
            if detail and rejection.detail is not None:
                reason = t("data.reason_detail", lang, reason=translated, detail=rejection.detail)
        rows.append(
            {
                "table": table_label,
                "line": rejection.line,
                "column": rejection.column or "",
                "reason": reason,
            }
        )
    frame = pd.DataFrame(rows, columns=["table", "line", "column", "reason"])
    return localized_table(frame, lang)


# --- Export frames: canonical column names, so a downloaded file can be uploaded again ------

PUBLIC_REGION_COLUMNS = [
    "region_status",
    "region_code",
    "region_name",
    "region_type",
    "province_code",
    "province_name",
]


def trainings_export(trainings: pd.DataFrame) -> pd.DataFrame:
    """The trainings with the contract's columns (dates ISO, goals "11;17")."""
    frame = trainings.sort_values("start_date", ascending=False)
    frame = frame.assign(
        sdg_goals=frame["sdg_goals"].map(lambda goals: ";".join(str(g) for g in goals or ())),
        sdg_targets=frame["sdg_targets"].map(lambda codes: ";".join(codes or ())),
    )
    return frame[TRAININGS_TABLE_COLUMNS].reset_index(drop=True)


def participants_export(participants: pd.DataFrame) -> pd.DataFrame:
    """Participant rows with the contract's columns the frame still has (the public view has
    no personal ones) plus the resolved region."""
    columns = [c for c in PARTICIPANT_COLUMNS if c in participants.columns]
    columns += [c for c in PUBLIC_REGION_COLUMNS if c in participants.columns]
    return participants.sort_values("line")[columns].reset_index(drop=True)
