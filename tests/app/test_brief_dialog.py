"""The brief dialog in AppTest: on every page, and its figures are the Overview's."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from atlas import dataset as dataset_module
from atlas.brief import build_brief
from atlas.brief_pdf import brief_pdf
from atlas.filters import Filters, apply_filters
from tests.app.conftest import assert_clean, metric_values


def test_brief_figures_equal_the_overview_tiles(open_page):
    at = open_page("overview", data="demo", provinsi="Jawa Timur")
    assert_clean(at)
    shown = metric_values(at)
    assert shown["Kota anggota Apeksi"] == "7 / 9"  # the selected province's kota
    at.button(key="atlas_brief_open").click().run()
    assert_clean(at)
    assert at.get_by_key("atlas_brief_pdf") is not None
    assert at.get_by_key("atlas_brief_html") is not None

    gazetteer = dataset_module.default_gazetteer()
    demo = dataset_module.load_demo(gazetteer)
    filters = Filters(provinces=("35",))
    brief = build_brief(
        demo,
        apply_filters(demo, filters),
        filters,
        gazetteer.regions,
        "id",
        link="/?data=demo&provinsi=Jawa+Timur",
        version=None,
        generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    text = " ".join(PdfReader(io.BytesIO(brief_pdf(brief))).pages[0].extract_text().split())
    for label, value in shown.items():
        assert f"{label} {value}" in text, (label, value)
    assert len(shown) == 7
