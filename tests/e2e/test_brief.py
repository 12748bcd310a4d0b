"""The printable brief downloaded from the app: PDF (text checked, page 1 rendered to PNG) and
offline HTML (opened in Chromium with every non-local request blocked)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, BlockedRequests
from tests.e2e.helpers import open_page

pytestmark = pytest.mark.e2e


def download_brief(page, opener: str, pdf_label: str, html_label: str) -> tuple[bytes, bytes]:
    page.get_by_role("button", name=opener).click()
    dialog = page.get_by_role("dialog")
    files = []
    for label in (pdf_label, html_label):
        with page.expect_download() as info:
            dialog.get_by_role("button", name=label).click()
        files.append(Path(info.value.path()).read_bytes())
    return files[0], files[1]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split())


def render_html_offline(browser, html: bytes, tmp_path: Path) -> tuple[str, list[str]]:
    """Open the HTML file from disk with every request other than the file itself blocked."""
    path = tmp_path / "brief.html"
    path.write_bytes(html)
    context = browser.new_context()
    blocked = BlockedRequests()

    def handle(route) -> None:
        if route.request.url == path.as_uri() or route.request.url.startswith("data:"):
            route.continue_()
        else:
            blocked.urls.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        image = page.locator("figure img")
        expect(image).to_be_visible()
        assert page.evaluate("() => document.querySelector('figure img').naturalWidth") > 500
        expect(page.locator(".live svg")).to_be_visible()
        return page.locator("body").inner_text(), blocked.urls
    finally:
        context.close()


def test_brief_demo_jawa_timur_pdf_and_offline_html(session, browser, tmp_path):
    page = open_page(session, "/?data=demo&provinsi=Jawa+Timur", "Ringkasan")
    pdf, html = download_brief(page, "Ringkasan cetak", "Unduh PDF", "Unduh HTML (luring)")
    pages, text = pdf_text(pdf)
    assert pages == 1
    for figure in ("Kota anggota Apeksi 7 / 9", "Kabupaten 5 / 29", "Peserta 53"):
        assert figure in text
    assert "Kota (2 dari 9 belum): Kota Batu, Kota Pasuruan" in text
    # the live link in the brief is this view's
    assert f"{session.base_url}/?data=demo&provinsi=Jawa+Timur" in text.replace(" ", "")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief-jatim.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(ARTIFACTS / "brief-jatim.pdf"),
                str(ARTIFACTS / "brief-jatim"),
            ],
            check=True,
        )
        assert (ARTIFACTS / "brief-jatim.png").stat().st_size > 50_000
    body, blocked = render_html_offline(browser, html, tmp_path)
    assert blocked == []
    assert "Kota anggota Apeksi\n7 / 9" in body
    assert "Kota Mojokerto" in body


def test_brief_bundled_data_and_english(session, browser, tmp_path):
    page = open_page(session, "/map?lang=en", "Map of reach")
    pdf, html = download_brief(page, "Printable brief", "Download PDF", "Download HTML (offline)")
    # all of Indonesia: the 500-odd kota and kabupaten not yet reached continue on page 2
    pages, text = pdf_text(pdf)
    assert pages == 2
    assert "Training reach brief — All of Indonesia" in text
    assert "Apeksi cities 8 / 98" in text  # the 2018 training: 8 kota of the 98
    assert "Pelatihan Diplomasi Kota" in text and "18–19 Dec 2018" in text
    body, blocked = render_html_offline(browser, html, tmp_path)
    assert blocked == []
    assert "Pelatihan Diplomasi Kota" in body
