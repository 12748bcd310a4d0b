"""The brief as one self-contained offline HTML file: styles inline, the map as a data: PNG,
the QR code as inline SVG, every text escaped, no request at all."""

from __future__ import annotations

import base64
import html

from atlas import links
from atlas.brief import Brief, BriefTable
from atlas.i18n import t

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
