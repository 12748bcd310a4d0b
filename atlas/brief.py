"""The one-page A4 brief of a view, as PDF (fpdf2) and as a self-contained offline HTML file.

Pure (no streamlit). `build_brief` gathers everything the brief shows from the same functions the
pages use (atlas.metrics: the KPIs with the selected provinces' denominators, the not-yet-reached
list), so the brief's figures are the page's. `brief_pdf` and `brief_html` only lay it out.

Layout rules: nothing is cut by a page break. Blocks (the figures, the map with the QR code, each
table row, each paragraph line) are placed whole; a table continues on the next page between two
rows, with its header repeated. `brief_pdf_layout` returns where every block went (tests check it).

Fonts: DejaVu Sans, vendored in static/fonts (Bitstream Vera licence + public-domain DejaVu
changes, see static/fonts/LICENSE_DEJAVU), embedded in the PDF so Indonesian text (and any
character of a file) prints as written on a machine without those fonts.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from babel import dates as babel_dates

from atlas import REPO_DATA_DIR, links, metrics, training_metrics
from atlas.filters import FilteredView, Filters
from atlas.i18n import format_date, format_number, t
from atlas.schema import PROVINCE_NAME, REGION_NAME, REGION_TYPE, Dataset

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
OUTLINE_PATH = REPO_DATA_DIR / "indonesia_outline.geojson"
INDONESIA_BOUNDS = (94.8, 141.2, -11.2, 6.3)  # lon min, lon max, lat min, lat max
LEVEL_COLOURS = {"provinsi": "#7b6fb0", "kota": "#d95f02", "kabupaten": "#1b9e77"}
UNREACHED_COLOUR = "#9aa3ab"
MAP_SIZE = (6.6, 2.6)  # inches; the PDF places it at 132 mm wide


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


# --- static map (matplotlib, no browser) -----------------------------------------------------


def _outline_polygons(path: Path = OUTLINE_PATH) -> list[list[tuple[float, float]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    polygons: list[list[tuple[float, float]]] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        shapes = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            shapes = [shapes]
        for polygon in shapes:
            polygons.append([(float(x), float(y)) for x, y in polygon[0]])
    return polygons


def _map_bounds(
    regions: pd.DataFrame, provinces: tuple[str, ...]
) -> tuple[float, float, float, float]:
    if not provinces:
        return INDONESIA_BOUNDS
    inside = regions[regions["province_code"].isin(provinces)]
    lon = pd.to_numeric(inside["lon"], errors="coerce").dropna()
    lat = pd.to_numeric(inside["lat"], errors="coerce").dropna()
    if lon.empty:
        return INDONESIA_BOUNDS
    pad_lon = max((lon.max() - lon.min()) * 0.15, 0.6)
    pad_lat = max((lat.max() - lat.min()) * 0.15, 0.6)
    return (lon.min() - pad_lon, lon.max() + pad_lon, lat.min() - pad_lat, lat.max() + pad_lat)


def brief_map_png(
    participants: pd.DataFrame,
    unreached: pd.DataFrame,
    regions: pd.DataFrame,
    provinces: tuple[str, ...],
    lang: str,
) -> bytes:
    """Reached regions (coloured by level, sized by participants) and the kota/kabupaten not
    yet reached (grey rings) over the offline outline of Indonesia, as a PNG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    figure = Figure(figsize=MAP_SIZE, dpi=200)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_facecolor("#dbe8f2")
    axes.add_collection(
        PolyCollection(
            _outline_polygons(), facecolors="#f4f1ea", edgecolors="#8a8f94", linewidths=0.4
        )
    )
    lon_min, lon_max, lat_min, lat_max = _map_bounds(regions, provinces)
    if len(unreached):
        axes.scatter(
            unreached["lon"],
            unreached["lat"],
            s=14,
            facecolors="none",
            edgecolors=UNREACHED_COLOUR,
            linewidths=0.8,
            zorder=2,
        )
    placed = metrics.aggregate_regions(participants)
    for level, colour in LEVEL_COLOURS.items():
        rows = placed[placed[REGION_TYPE] == level]
        if rows.empty:
            continue
        sizes = 18 + 10 * rows["participants"].astype(float).clip(upper=60) ** 0.8
        axes.scatter(
            rows["lon"],
            rows["lat"],
            s=sizes,
            color=colour,
            alpha=0.85,
            edgecolors="#ffffff",
            linewidths=0.6,
            zorder=3,
        )
    if provinces and len(placed) <= 25:
        # the provincial government sits at its capital, next to that city: not labelled
        for row in placed[placed[REGION_TYPE] != "provinsi"].itertuples(index=False):
            axes.annotate(
                str(getattr(row, REGION_NAME)).replace("Kabupaten ", "Kab. "),
                (row.lon, row.lat),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=5.5,
                color="#1b2733",
                zorder=4,
            )
    axes.set_xlim(lon_min, lon_max)
    axes.set_ylim(lat_min, lat_max)
    axes.set_aspect("equal", adjustable="datalim")  # widens the shorter side, keeps the view
    axes.set_xticks([])
    axes.set_yticks([])
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=t(f"level.{level}", lang))
        for level, colour in LEVEL_COLOURS.items()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="none",
            markeredgecolor=UNREACHED_COLOUR,
            label=t("brief.map_unreached", lang),
        )
    )
    axes.legend(handles=handles, loc="lower left", fontsize=6, frameon=True, framealpha=0.9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor="#ffffff")
    return buffer.getvalue()


# --- PDF ---------------------------------------------------------------------------------------

PAGE_MARGIN = 12.0
LINE_HEIGHT = 3.1
BODY_SIZE = 6.9
ROW_PADDING = 0.7


@dataclass(frozen=True)
class PlacedBlock:
    """Where a block went: page number (1-based), top and bottom in mm."""

    kind: str
    page: int
    top: float
    bottom: float


def _new_pdf():
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    return pdf


class _Writer:
    """Places blocks whole: a block that does not fit starts on a new page."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.pdf = _new_pdf()
        self.pdf.set_title(brief.title)
        self.pdf.set_creation_date(brief.generated_at)
        self.blocks: list[PlacedBlock] = []
        self.pdf.add_page()

    @property
    def bottom(self) -> float:
        return self.pdf.h - PAGE_MARGIN - 6.0  # room for the page footer

    @property
    def width(self) -> float:
        return self.pdf.w - 2 * PAGE_MARGIN

    def ensure(self, height: float) -> None:
        if self.pdf.get_y() + height > self.bottom:
            self.pdf.add_page()

    def record(self, kind: str, top: float) -> None:
        self.blocks.append(PlacedBlock(kind, self.pdf.page_no(), top, self.pdf.get_y()))

    def text_height(self, text: str, width: float, size: float, style: str = "") -> float:
        self.pdf.set_font("DejaVu", style, size)
        lines = self.pdf.multi_cell(width, LINE_HEIGHT, text, dry_run=True, output="LINES")
        return len(lines) * LINE_HEIGHT

    def paragraph(self, text: str, *, size: float = BODY_SIZE, style: str = "", kind: str = "text"):
        height = self.text_height(text, self.width, size, style)
        self.ensure(height)
        top = self.pdf.get_y()
        self.pdf.set_font("DejaVu", style, size)
        self.pdf.multi_cell(self.width, LINE_HEIGHT, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.record(kind, top)

    def heading(self, text: str, following: float = 10.0) -> None:
        # a heading never ends a page: it moves with the first thing under it
        self.ensure(6.0 + following)
        top = self.pdf.get_y() + 1.0
        self.pdf.set_y(top)
        self.pdf.set_font("DejaVu", "B", 9.5)
        self.pdf.set_text_color(31, 95, 139)
        self.pdf.cell(self.width, 4.6, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(11, 18, 25)
        self.record("heading", top)

    def headlines(self) -> None:
        items = self.brief.headlines
        per_row = len(items)
        tile_w = (self.width - (per_row - 1) * 2.0) / per_row
        tile_h = 11.5
        rows = (len(items) + per_row - 1) // per_row
        self.ensure(rows * (tile_h + 2.0))
        top = self.pdf.get_y()
        for index, item in enumerate(items):
            x = PAGE_MARGIN + (index % per_row) * (tile_w + 2.0)
            y = top + (index // per_row) * (tile_h + 2.0)
            self.pdf.set_draw_color(200, 206, 212)
            self.pdf.rect(x, y, tile_w, tile_h)
            self.pdf.set_xy(x + 1.5, y + 1.0)
            self.pdf.set_font("DejaVu", "", 6.2)
            self.pdf.multi_cell(tile_w - 3, 2.7, item.label, align="L")
            self.pdf.set_xy(x + 1.5, y + 6.0)
            size = 11.0
            self.pdf.set_font("DejaVu", "B", size)
            while size > 6 and self.pdf.get_string_width(item.value) > tile_w - 3:
                size -= 0.5  # "1 / 1 dipilih" fits its tile
                self.pdf.set_font("DejaVu", "B", size)
            self.pdf.cell(tile_w - 3, 5.0, item.value)
        self.pdf.set_xy(PAGE_MARGIN, top + rows * (tile_h + 2.0))
        self.record("headlines", top)

    def map_and_link(self) -> None:
        """The map on the left; on the right the QR code, the live link and the data's
        version, source and generation date."""
        side = 54.0
        map_w = self.width - side - 4.0
        map_h = map_w * MAP_SIZE[1] / MAP_SIZE[0]
        self.ensure(map_h + 4.5)
        top = self.pdf.get_y()
        self.pdf.image(io.BytesIO(self.brief.map_png), x=PAGE_MARGIN, y=top, w=map_w, h=map_h)
        right = PAGE_MARGIN + map_w + 4.0
        qr_size = 27.0
        self.pdf.image(
            io.BytesIO(links.qr_png(self.brief.link, scale=8)), x=right, y=top, w=qr_size
        )
        self.pdf.set_xy(right, top + qr_size + 0.5)
        self.pdf.set_font("DejaVu", "B", 7)
        self.pdf.cell(side, 3.4, self.brief.link_label, new_x="LEFT", new_y="NEXT")
        self.pdf.set_font("DejaVu", "", 5.8)
        self.pdf.multi_cell(
            side, 2.7, self.brief.link, link=self.brief.link, new_x="LEFT", new_y="NEXT", align="L"
        )
        for line in self.brief.footer:
            self.pdf.set_y(self.pdf.get_y() + 0.8)
            self.pdf.set_x(right)
            self.pdf.multi_cell(side, 2.7, line, new_x="LEFT", new_y="NEXT", align="L")
        side_bottom = self.pdf.get_y()
        self.pdf.set_xy(PAGE_MARGIN, top + map_h + 0.6)
        self.pdf.set_font("DejaVu", "", 6.3)
        self.pdf.cell(map_w, 3.2, self.brief.map_caption, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_y(max(self.pdf.get_y(), side_bottom))
        self.record("map", top)

    def _row_height(self, cells: list[str], widths: list[float], style: str) -> float:
        return (
            max(
                self.text_height(cell, width - 1.6, BODY_SIZE, style)
                for cell, width in zip(cells, widths, strict=True)
            )
            + ROW_PADDING
        )

    def _row(self, cells: list[str], widths: list[float], *, header: bool) -> None:
        style = "B" if header else ""
        height = self._row_height(cells, widths, style)
        top = self.pdf.get_y()
        x = PAGE_MARGIN
        if header:
            self.pdf.set_fill_color(234, 240, 245)
            self.pdf.rect(x, top, sum(widths), height, style="F")
        for cell, width in zip(cells, widths, strict=True):
            self.pdf.set_xy(x + 0.8, top + ROW_PADDING / 2)
            self.pdf.set_font("DejaVu", style, BODY_SIZE)
            self.pdf.multi_cell(width - 1.6, LINE_HEIGHT, cell, align="L")
            x += width
        self.pdf.set_draw_color(214, 219, 224)
        self.pdf.line(PAGE_MARGIN, top + height, PAGE_MARGIN + sum(widths), top + height)
        self.pdf.set_xy(PAGE_MARGIN, top + height)
        self.record("table-header" if header else "table-row", top)

    def table(self, table: BriefTable) -> None:
        scale = self.width / sum(table.widths)
        widths = [width * scale for width in table.widths]
        header_h = self._row_height(table.columns, widths, "B")
        first_h = self._row_height(table.rows[0], widths, "") if table.rows else LINE_HEIGHT
        self.heading(table.title, following=header_h + first_h)
        if not table.rows:
            self.paragraph(table.empty_text)
            return
        self._row(table.columns, widths, header=True)
        for row in table.rows:
            height = self._row_height(row, widths, "")
            if self.pdf.get_y() + height > self.bottom:
                self.pdf.add_page()
                self._row(table.columns, widths, header=True)  # header repeated
            self._row(row, widths, header=False)

    def footer_lines(self) -> None:
        total = self.pdf.pages_count
        for number in range(1, total + 1):
            self.pdf.page = number
            self.pdf.set_xy(PAGE_MARGIN, self.pdf.h - PAGE_MARGIN - 3.5)
            self.pdf.set_font("DejaVu", "", 6.2)
            self.pdf.set_text_color(80, 88, 96)
            label = t("brief.page", self.brief.lang, page=number, pages=total)
            self.pdf.cell(
                self.width, 3.5, f"Atlas Pelatihan · {self.brief.scope} · {label}", align="R"
            )
        self.pdf.page = total


def _write_pdf(brief: Brief) -> _Writer:
    writer = _Writer(brief)
    pdf = writer.pdf
    top = pdf.get_y()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(writer.width, 6.0, brief.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(writer.width, LINE_HEIGHT, brief.filter_text, new_x="LMARGIN", new_y="NEXT")
    if brief.synthetic_note:
        pdf.set_text_color(150, 90, 0)
        pdf.set_font("DejaVu", "B", 8)
        pdf.multi_cell(
            writer.width, LINE_HEIGHT, brief.synthetic_note, new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_text_color(11, 18, 25)
    writer.record("title", top)
    pdf.set_y(pdf.get_y() + 1.5)
    writer.headlines()
    writer.map_and_link()
    for table in brief.tables:
        writer.table(table)
    # last: in a national view this list runs to hundreds of names
    writer.heading(brief.unreached_title)
    for line in brief.unreached_lines:
        writer.paragraph(line)
    writer.footer_lines()
    return writer


def brief_pdf(brief: Brief) -> bytes:
    """The brief as an A4 PDF with the DejaVu fonts embedded."""
    return bytes(_write_pdf(brief).pdf.output())


def brief_pdf_layout(brief: Brief) -> tuple[bytes, list[PlacedBlock], float]:
    """The PDF, where every block went, and the lowest y (mm) content may reach on a page."""
    writer = _write_pdf(brief)
    return bytes(writer.pdf.output()), writer.blocks, writer.bottom


# --- HTML --------------------------------------------------------------------------------------

HTML_CSS = """
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #0b1219;
  font-size: 9pt; line-height: 1.35; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; color: #1f5f8b; margin: 4mm 0 1.5mm; break-after: avoid; }
.filter { margin: 0 0 1mm; }
.synthetic { color: #965a00; font-weight: bold; margin: 0 0 2mm; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0;
  break-inside: avoid; }
.tile { border: 1px solid #c8ced4; padding: 1.5mm 2mm; }
.tile .label { font-size: 7.5pt; }
.tile .value { font-size: 13pt; font-weight: bold; }
.map { display: flex; gap: 5mm; align-items: flex-start; break-inside: avoid; }
.map figure { margin: 0; flex: 1; }
.map img { width: 100%; height: auto; display: block; }
.map figcaption { font-size: 7.5pt; }
.live { width: 36mm; font-size: 7pt; overflow-wrap: anywhere; }
.live svg { width: 34mm; height: 34mm; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; }
th { background: #eaf0f5; text-align: left; }
th, td { padding: 1mm 1.2mm; border-bottom: 1px solid #d6dbe0; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
footer { margin-top: 3mm; font-size: 7.5pt; color: #4f5860; }
"""


# Nothing may be fetched: images are data: URLs, styles inline, no script at all.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _html_table(table: BriefTable) -> str:
    out = [f"<h2>{html.escape(table.title)}</h2>"]
    if not table.rows:
        out.append(f"<p>{html.escape(table.empty_text)}</p>")
        return "\n".join(out)
    head = "".join(f"<th>{html.escape(column)}</th>" for column in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


def brief_html(brief: Brief) -> str:
    """The brief as one HTML file: styles inline, map as a data: PNG, QR code as inline SVG,
    every text escaped; it makes no request at all (a strict CSP says so to the browser)."""
    tiles = "".join(
        f'<div class="tile"><div class="label">{html.escape(item.label)}</div>'
        f'<div class="value">{html.escape(item.value)}</div></div>'
        for item in brief.headlines
    )
    map_data = base64.b64encode(brief.map_png).decode("ascii")
    synthetic = (
        f'<p class="synthetic">{html.escape(brief.synthetic_note)}</p>'
        if brief.synthetic_note
        else ""
    )
    unreached = "".join(f"<p>{html.escape(line)}</p>" for line in brief.unreached_lines)
    footer = "".join(f"<div>{html.escape(line)}</div>" for line in brief.footer)
    link = html.escape(brief.link, quote=True)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(brief.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(brief.title)}</title>
<style>{HTML_CSS}</style>
</head>
<body>
<h1>{html.escape(brief.title)}</h1>
<p class="filter">{html.escape(brief.filter_text)}</p>
{synthetic}
<section class="tiles" aria-label="{html.escape(t("brief.headline", brief.lang))}">{tiles}</section>
<section class="map">
<figure><img src="data:image/png;base64,{map_data}" alt="{html.escape(brief.map_caption)}">
<figcaption>{html.escape(brief.map_caption)}</figcaption></figure>
<div class="live">{links.qr_svg(brief.link)}
<div><strong>{html.escape(brief.link_label)}</strong></div>
<a href="{link}">{html.escape(brief.link)}</a></div>
</section>
{"".join(_html_table(table) for table in brief.tables)}
<h2>{html.escape(brief.unreached_title)}</h2>
{unreached}
<footer>{footer}</footer>
</body>
</html>
"""
