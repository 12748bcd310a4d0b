"""Privacy in the browser: personal fields stay out of the public view; the detail view opens
only with the password from st.secrets."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DETAIL_PASSWORD, open_session
from tests.e2e.helpers import GRID_CELL, grid_texts, main_text, open_page, wait_idle

pytestmark = pytest.mark.e2e

PERSONAL_VALUES = (
    "Peserta Fiktif Satu",
    "peserta.fiktif.satu@example.org",
    "+62 812 0000 1111",
    "Kepala Bagian Kerja Sama",
)


def page_has_no_personal_data(page) -> None:
    text = main_text(page) + " ".join(grid_texts(page, wait=False))
    for value in PERSONAL_VALUES:
        assert value not in text, value


def participants_csv(page) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Participants (CSV)").click()
    with open(info.value.path(), "rb") as handle:
        return handle.read().decode("utf-8-sig")


@pytest.fixture
def secret_session(browser, secret_server):
    browser_session = open_session(browser, secret_server, accept_downloads=True)
    yield browser_session
    browser_session.close()


def test_public_view_hides_personal_fields_on_every_page(secret_session):
    for path, heading in (
        ("/", "Overview"),
        ("/map", "Map of reach"),
        ("/sdg", "SDG coverage"),
        ("/data", "Data"),
    ):
        page = open_page(secret_session, f"{path}?lang=en", heading)
        page_has_no_personal_data(page)
    exported = participants_csv(page)
    header = next(csv.reader(io.StringIO(exported)))
    assert not {"Name", "Email", "Phone", "Position", "Gender"} & set(header)
    for value in PERSONAL_VALUES:
        assert value not in exported


def test_detail_view_needs_the_password(secret_session):
    page = open_page(secret_session, "/data?lang=en", "Data")
    page.get_by_text("Detail view (personal data)").click()
    password = page.get_by_label("Detail view password")
    password.fill("wrong-password")
    page.get_by_role("button", name="Open detail view").click()
    expect(page.get_by_text("Wrong password.")).to_be_visible()
    page_has_no_personal_data(page)

    page.get_by_label("Detail view password").fill(DETAIL_PASSWORD)
    page.get_by_role("button", name="Open detail view").click()
    expect(page.get_by_text("Detail view open for this session.")).to_be_visible()
    wait_idle(page)
    # the participants grid is redrawn with the personal columns
    expect(page.locator(GRID_CELL, has_text="Peserta Fiktif Satu").first).to_be_attached(
        timeout=30_000
    )
    assert "Peserta Fiktif Satu" in participants_csv(page)


def test_without_a_secret_the_detail_view_is_disabled(session):
    page = open_page(session, "/data?lang=en", "Data")
    page.get_by_text("Detail view (personal data)").click()
    expect(page.get_by_text("The detail view is not open on this dashboard.")).to_be_visible()
    expect(page.get_by_text("ask the training's organizer")).to_be_visible()
    # setup hints are for the README, not for every visitor
    expect(page.get_by_text("detail_password")).to_have_count(0)
    expect(page.get_by_label("Detail view password")).to_have_count(0)
