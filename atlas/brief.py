"""What the one-page brief of a view says (pure, no streamlit).

`build_brief` gathers everything the brief shows from the same functions the pages use
(atlas.metrics: the KPIs with the selected provinces' denominators, the not-yet-reached list),
so the brief's figures are the page's. atlas.brief_pdf (an A4 PDF) and atlas.brief_html (a
self-contained offline HTML file) only lay it out; atlas.brief_map draws its static map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from babel import dates as babel_dates

from atlas import metrics, training_metrics
from atlas.brief_map import brief_map_png
from atlas.filters import FilteredView, Filters
from atlas.i18n import format_date, format_number, t
from atlas.schema import PROVINCE_NAME, REGION_NAME, REGION_TYPE, Dataset


@dataclass(frozen=True)
class Headline:
    label: str
    value: str  # as the page shows it: "7", "7 / 9"


@dataclass(frozen=True)
class BriefTable:
    title: str
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    empty_text: str = ""


@dataclass(frozen=True)
class Brief:
    lang: str
    title: str
    scope: str  # "Jawa Timur" | "Seluruh Indonesia"
    filter_text: str
    synthetic_note: str | None
    headlines: list[Headline]
    tables: list[BriefTable]  # governments reached, SDG coverage, trainings
    unreached_title: str
    unreached_lines: list[str]  # one paragraph per level: "Kota (2 dari 9 belum): …"
    map_png: bytes
    map_caption: str
    link: str
    link_label: str
    footer: list[str]  # data version, source, generated
    generated_at: dt.datetime
    meta: dict[str, str] = field(default_factory=dict)


# --- content ----------------------------------------------------------------------------------


def _province_names(regions: pd.DataFrame, codes: tuple[str, ...]) -> list[str]:
    provinces = regions[regions["type"] == "provinsi"].set_index("code")["name"]
    return [str(provinces.get(code, code)) for code in codes]


def filter_description(
    filters: Filters, dataset: Dataset, regions: pd.DataFrame, lang: str
) -> tuple[str, str]:
    """(scope, filter text): the provinces (or all of Indonesia) and the other filters."""
    names = _province_names(regions, filters.provinces)
    scope = ", ".join(names) if names else t("brief.scope_all", lang)
    parts: list[str] = []
    if filters.years is not None:
        parts.append(t("brief.filter_years", lang, first=filters.years[0], last=filters.years[1]))
    if filters.trainings:
        titles = dataset.trainings.set_index("training_id")["title"]
        parts.append("; ".join(str(titles.get(tid, tid)) for tid in filters.trainings))
    if filters.goals:
        parts.append(", ".join(f"SDG {goal}" for goal in filters.goals))
    if filters.levels:
        parts.append(", ".join(t(f"level.{level}", lang) for level in filters.levels))
    if names:
        parts.insert(0, scope)
    text = " · ".join(parts) if parts else t("brief.filter_none", lang)
    return scope, f"{t('brief.filter', lang)}: {text}"


def _coverage_value(coverage: metrics.Coverage, lang: str, *, selected: bool = False) -> str:
    return t(
        "kpi.of_selected" if selected else "kpi.of",
        lang,
        value=format_number(coverage.reached, lang),
        total=format_number(coverage.total, lang),
    )


def headline_figures(kpis: metrics.Kpis, lang: str, *, provinces_selected: bool) -> list[Headline]:
    """The Overview's tiles, labelled and formatted as the page shows them ("1 / 1 dipilih"
    for provinces when the total is a selection)."""
    return [
        Headline(t("kpi.trainings", lang), format_number(kpis.trainings, lang)),
        Headline(t("kpi.participants", lang), format_number(kpis.participants, lang)),
        Headline(t("kpi.governments", lang), format_number(kpis.governments, lang)),
        Headline(
            t("kpi.provinces", lang),
            _coverage_value(kpis.provinces, lang, selected=provinces_selected),
        ),
        Headline(t("kpi.kota", lang), _coverage_value(kpis.kota, lang)),
        Headline(t("kpi.kabupaten", lang), _coverage_value(kpis.kabupaten, lang)),
        Headline(t("kpi.sdgs", lang), _coverage_value(kpis.goals, lang)),
    ]


def reached_table(participants: pd.DataFrame, lang: str, *, with_province: bool) -> BriefTable:
    """Governments reached, with the trainings each attended and its participants (the
    province column only when the view spans more than one province)."""
    rows: list[list[str]] = []
    reached = metrics.aggregate_regions(participants).sort_values(
        ["participants", REGION_NAME], ascending=[False, True], kind="stable"
    )
    for row in reached.itertuples(index=False):
        cells = [
            str(getattr(row, REGION_NAME)),
            t(f"level.{getattr(row, REGION_TYPE)}", lang),
            str(getattr(row, PROVINCE_NAME)),
            "; ".join(row.titles),
            format_number(int(row.participants), lang),
        ]
        rows.append(cells if with_province else cells[:2] + cells[3:])
    columns = [
        t("brief.col_government", lang),
        t("col.region_type", lang),
        t("col.province", lang),
        t("brief.col_attended", lang),
        t("col.participants", lang),
    ]
    widths = [3.0, 2.1, 2.2, 6.8, 1.6]
    if not with_province:
        del columns[2], widths[2]
    return BriefTable(
        title=t("brief.reached", lang),
        columns=columns,
        rows=rows,
        widths=widths,
        empty_text=t("brief.reached_none", lang),
    )


def unreached_lines(unreached: pd.DataFrame, totals: dict[str, int], lang: str) -> list[str]:
    """One line per level: "Kota (2 dari 9 belum): Kota Batu, Kota Blitar"."""
    lines = []
    for level in ("kota", "kabupaten"):
        names = unreached.loc[unreached["level"] == level, REGION_NAME].astype(str).tolist()
        head = t(
            "brief.unreached_level",
            lang,
            level=t(f"level.{level}", lang),
            count=format_number(len(names), lang),
            total=format_number(totals.get(level, 0), lang),
        )
        body = ", ".join(names) if names else t("brief.unreached_none", lang)
        lines.append(f"{head}: {body}")
    return lines


def sdg_table(trainings: pd.DataFrame, participants: pd.DataFrame, lang: str) -> BriefTable:
    """The goals the view's trainings address (one column each) with their trainings,
    participants and governments (one row each): compact enough for a one-page brief."""
    coverage = training_metrics.goal_coverage(trainings, participants)
    coverage = coverage[coverage["trainings"] > 0]
    goals = [int(goal) for goal in coverage["goal"]]
    rows = [
        [t(f"col.{measure}", lang)] + [format_number(int(v), lang) for v in coverage[measure]]
        for measure in ("trainings", "participants", "governments")
    ]
    return BriefTable(
        title=t("brief.sdg", lang),
        columns=[t("col.goal", lang)] + [f"SDG {goal}" for goal in goals],
        rows=rows if goals else [],
        widths=[2.4] + [1.0] * len(goals),
        empty_text=t("brief.sdg_none", lang),
    )


def short_date_range(start: object, end: object, lang: str) -> str:
    """ "18–19 Des 2018", "30 Nov – 2 Des 2018", "18 Des 2018" (one day)."""
    if start is None or pd.isna(start):
        return "–"
    first = pd.Timestamp(start).date()
    last = first if end is None or pd.isna(end) else pd.Timestamp(end).date()
    locale = "id" if lang == "id" else "en"

    def fmt(value: dt.date, pattern: str) -> str:
        return babel_dates.format_date(value, pattern, locale=locale)

    if last == first:
        return fmt(first, "d MMM y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{fmt(last, 'd MMM y')}"
    if first.year == last.year:
        return f"{fmt(first, 'd MMM')} – {fmt(last, 'd MMM y')}"
    return f"{fmt(first, 'd MMM y')} – {fmt(last, 'd MMM y')}"


def trainings_table(trainings: pd.DataFrame, participants: pd.DataFrame, lang: str) -> BriefTable:
    """Every training of the view, newest first, with dates, venue, goals and participants."""
    latest = training_metrics.latest_trainings(
        trainings, participants, limit=max(len(trainings), 1)
    )
    ends = trainings.set_index("training_id")["end_date"]
    rows = [
        [
            str(row.title),
            short_date_range(row.start_date, ends.get(row.training_id), lang),
            "" if pd.isna(row.venue_name) else str(row.venue_name),
            "; ".join(str(goal) for goal in (row.sdg_goals or ())),
            format_number(int(row.participants), lang),
        ]
        for row in latest.itertuples(index=False)
    ]
    return BriefTable(
        title=t("brief.trainings", lang),
        columns=[
            t("col.title", lang),
            t("brief.col_dates", lang),
            t("brief.col_venue", lang),
            "SDG",
            t("col.participants", lang),
        ],
        rows=rows,
        widths=[5.8, 2.4, 3.0, 1.0, 1.7],
    )


def build_brief(
    dataset: Dataset,
    view: FilteredView,
    filters: Filters,
    regions: pd.DataFrame,
    lang: str,
    *,
    link: str,
    version: str | None,
    generated_at: dt.datetime,
) -> Brief:
    """Everything the brief of this view shows; `regions` is the gazetteer's regions table."""
    trainings, participants = view.trainings, view.participants
    kpis = metrics.compute_kpis(trainings, participants, regions, filters.provinces)
    totals = metrics.coverage_denominators(regions, filters.provinces)
    levels = [level for level in filters.levels if level in ("kota", "kabupaten")]
    unreached = metrics.unreached_regions(
        regions,
        metrics.reached_region_codes(participants),
        filters.provinces,
        **({"levels": levels} if levels else {}),
    )
    scope, filter_text = filter_description(filters, dataset, regions, lang)
    source = t(f"brief.source_{dataset.source}", lang)
    urls = sorted(
        {str(url) for url in trainings.get("source_url", []) if isinstance(url, str) and url}
    )
    if urls:
        source = f"{source} · {', '.join(urls)}"
    stamp = generated_at.strftime("%H:%M %Z").strip()
    footer = [
        f"{t('brief.version', lang)}: {version if version else t('brief.version_none', lang)}",
        f"{t('brief.source', lang)}: {source}",
        f"{t('brief.generated', lang)}: {format_date(generated_at, lang)}, {stamp}",
    ]
    return Brief(
        lang=lang,
        title=f"{t('brief.heading', lang)} — {scope}",
        scope=scope,
        filter_text=filter_text,
        synthetic_note=t("synthetic.badge", lang) if dataset.synthetic else None,
        headlines=headline_figures(kpis, lang, provinces_selected=bool(filters.provinces)),
        tables=[
            reached_table(participants, lang, with_province=len(filters.provinces) != 1),
            sdg_table(trainings, participants, lang),
            trainings_table(trainings, participants, lang),
        ],
        unreached_title=t("brief.unreached", lang),
        unreached_lines=unreached_lines(unreached, totals, lang),
        map_png=brief_map_png(participants, unreached, regions, filters.provinces, lang),
        map_caption=t("brief.map", lang),
        link=link,
        link_label=t("brief.link", lang),
        footer=footer,
        generated_at=generated_at,
    )
