"""The brief as an A4 PDF (fpdf2), with the DejaVu fonts embedded.

Layout rules: nothing is cut by a page break. Blocks (the figures, the map with the QR code, each
table row, each paragraph line) are placed whole; a table continues on the next page between two
rows, with its header repeated. `brief_pdf_layout` returns where every block went (tests check it).

Fonts: DejaVu Sans, vendored in static/fonts (Bitstream Vera licence + public-domain DejaVu
changes, see static/fonts/LICENSE_DEJAVU), embedded in the PDF so Indonesian text (and any
character of a file) prints as written on a machine without those fonts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from atlas import links
from atlas.brief import Brief, BriefTable
from atlas.brief_map import MAP_SIZE
from atlas.i18n import t

FONT_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
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
