"""The printable brief: content from the view, PDF text and layout, self-contained HTML."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from atlas import dataset as dataset_module
from atlas.brief import build_brief, short_date_range
from atlas.brief_html import brief_html
from atlas.brief_pdf import brief_pdf, brief_pdf_layout
from atlas.filters import Filters, apply_filters

GENERATED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
LINK = "https://atlas.example.org/?data=demo&provinsi=Jawa+Timur"
# Demo data, Jawa Timur: counted by hand from data/demo/participants.csv with the gazetteer
# (9 kota and 29 kabupaten in the province).
JATIM_FIGURES = {
    "Pelatihan": "11",
    "Peserta": "53",
    "Pemerintah daerah": "13",
    "Provinsi terjangkau": "1 / 1 dipilih",
    "Kota anggota Apeksi": "7 / 9",
    "Kabupaten": "5 / 29",
    "Tujuan SDG": "10 / 17",
}


@pytest.fixture(scope="module")
def gazetteer():
    return dataset_module.default_gazetteer()


@pytest.fixture(scope="module")
def demo(gazetteer):
    return dataset_module.load_demo(gazetteer)


def make_brief(dataset, gazetteer, filters=None, lang="id", version=None):
    filters = filters or Filters()
    view = apply_filters(dataset, filters)
    return build_brief(
        dataset,
        view,
        filters,
        gazetteer.regions,
        lang,
        link=LINK,
        version=version,
        generated_at=GENERATED,
    )


@pytest.fixture(scope="module")
def jatim(demo, gazetteer):
    return make_brief(demo, gazetteer, Filters(provinces=("35",)))


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_headline_figures_use_the_selected_provinces_denominators(jatim):
    assert {item.label: item.value for item in jatim.headlines} == JATIM_FIGURES
    assert jatim.title == "Ringkasan jangkauan pelatihan — Jawa Timur"
    assert jatim.filter_text == "Saringan: Jawa Timur"


def test_unreached_lists_name_the_provinces_kota_and_kabupaten(jatim):
    kota, kabupaten = jatim.unreached_lines
    assert kota == "Kota (2 dari 9 belum): Kota Batu, Kota Pasuruan"
    assert kabupaten.startswith("Kabupaten (24 dari 29 belum): Kabupaten Bangkalan, ")
    assert kabupaten.count("Kabupaten ") == 1 + 24


def test_pdf_is_one_a4_page_with_the_figures_and_embedded_fonts(jatim):
    data = brief_pdf(jatim)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        210,
        297,
    )
    text = flat(reader.pages[0].extract_text())
    for label, value in JATIM_FIGURES.items():
        assert f"{label} {value}" in text, label
    assert "Kota Mojokerto" in text and "Kota Batu, Kota Pasuruan" in text
    assert "Pelatihan Data Terpilah Gender untuk Perencanaan" in text
    assert "14–18 Jul 2019" in text
    assert "Versi data: belum ada versi terbit" in text
    assert "Data sintetis (demo)" in text
    assert LINK in text.replace(" ", "")
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [font.get_object()["/DescendantFonts"][0].get_object() for font in fonts.values()]
    names = {str(d["/BaseFont"]).split("+")[-1] for d in descriptors}
    assert names == {"DejaVuSansBook", "DejaVuSansBold"}  # PostScript names of the TTFs
    assert all("/FontFile2" in d["/FontDescriptor"].get_object() for d in descriptors)


def test_english_brief_and_version(demo, gazetteer):
    brief = make_brief(demo, gazetteer, Filters(provinces=("35",)), lang="en", version="4")
    text = flat(pdf_text(brief_pdf(brief))[0])
    assert "Training reach brief — Jawa Timur" in text
    assert "Apeksi cities 7 / 9" in text and "Regencies 5 / 29" in text
    assert "Data version: 4" in text
    assert "14–18 Jul 2019" in text


def test_long_brief_breaks_between_rows_only(demo, gazetteer):
    """The whole demo (every province): several pages, no block cut by a page break, every
    table header repeated where its table continues."""
    brief = make_brief(demo, gazetteer)
    data, blocks, bottom = brief_pdf_layout(brief)
    pages = pdf_text(data)
    assert len(pages) >= 2
    for block in blocks:
        assert block.bottom > block.top, block
        assert block.bottom <= bottom + 1e-6, block
    rows = [block for block in blocks if block.kind == "table-row"]
    assert len(rows) >= sum(len(table.rows) for table in brief.tables)
    first_on_page = {}
    for block in blocks:
        first_on_page.setdefault(block.page, block)
    for page, block in first_on_page.items():
        if page > 1:
            assert block.kind in ("table-header", "heading", "text"), (page, block)
    # a region named on page 1 is not repeated as a half row on page 2
    reached = brief.tables[0].rows
    assert sum(flat(text).count(reached[-1][0]) for text in pages) >= 1


def test_file_text_is_printed_as_written_and_escaped_in_html(gazetteer):
    trainings = (
        "training_id,title,start_date,end_date,venue,sdg_goals\n"
        't1,"Lokakarya <script>alert(1)</script> «Ü» & ţ",2019-05-06,2019-05-07,Kota Surabaya,11\n'
    )
    participants = "training_id,institution,region\nt1,Pemerintah Kota Surabaya,Kota Surabaya\n"
    dataset = dataset_module.build_dataset(
        trainings.encode(), "trainings.csv", participants.encode(), "participants.csv", gazetteer
    )
    brief = make_brief(dataset, gazetteer)
    text = flat(pdf_text(brief_pdf(brief))[0])
    assert "Lokakarya <script>alert(1)</script> «Ü» & ţ" in text
    page = brief_html(brief)
    assert "<script>" not in page
    assert "Lokakarya &lt;script&gt;alert(1)&lt;/script&gt; «Ü» &amp; ţ" in page


def test_html_is_self_contained(jatim):
    page = brief_html(jatim)
    assert "default-src 'none'" in page
    # no resource is loaded from anywhere: images are data: URLs, the QR code inline SVG
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(
        s.startswith("data:") or s == LINK.replace("&", "&amp;") for s in sources
    )
    assert "<link" not in page and "<script" not in page and "@import" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    for label, value in JATIM_FIGURES.items():
        assert f'<div class="label">{label}</div><div class="value">{value}</div>' in page


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        ("2018-12-18", "2018-12-19", "id", "18–19 Des 2018"),
        ("2018-11-30", "2018-12-02", "id", "30 Nov – 2 Des 2018"),
        ("2018-12-31", "2019-01-02", "en", "31 Dec 2018 – 2 Jan 2019"),
        ("2018-12-18", None, "en", "18 Dec 2018"),
    ],
)
def test_short_date_range(start, end, lang, expected):
    end_value = pd.Timestamp(end) if end else None
    assert short_date_range(pd.Timestamp(start), end_value, lang) == expected
