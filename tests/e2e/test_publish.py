"""Publishing in a real browser: an organizer signs in, uploads, fixes an ambiguous region and
publishes; a second browser context without access opens the plain link and sees the new
figures, while `?versi=1` still shows the old ones."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import AppServer, open_session
from tests.e2e.helpers import (
    assert_no_exception,
    check_files_to_append,
    csv_file,
    nav_to,
    open_page,
    wait_idle,
)

pytestmark = pytest.mark.e2e

PASSWORD = "e2e-kata-sandi-pengelola"
TRAININGS = "training_id,title,start_date,sdg_goals\nw-2024,Pelatihan Kota Cerdas,2024-03-04,11\n"
PARTICIPANTS = (
    "training_id,institution,region,delegates\n"
    "w-2024,Pemerintah Kota Medan,Kota Medan,4\n"
    "w-2024,Bappeda,Bandung,2\n"
)


@pytest.fixture
def publish_server(server_log_dir, tmp_path_factory):
    """The app on the bundled 2018 training (seeded as version 1 into a fresh SQLite store),
    with an organizer password."""
    secrets = tmp_path_factory.mktemp("publish-secrets") / "secrets.toml"
    secrets.write_text(f'detail_password = "{PASSWORD}"\n', encoding="utf-8")
    store = tmp_path_factory.mktemp("publish-store") / "atlas.db"
    server = AppServer(
        extra_env={"ATLAS_DATABASE_URL": f"sqlite:///{store}"},
        extra_args=["--secrets.files", str(secrets)],
    ).start(server_log_dir)
    yield server
    server.stop()


def participants_metric(page):
    return page.locator('[data-testid="stMetric"]', has_text="Participants").locator(
        '[data-testid="stMetricValue"]'
    )


def test_organizer_publishes_and_everyone_sees_it(browser, publish_server):
    organizer = open_session(browser, publish_server)
    viewer = None
    try:
        page = open_page(organizer, "/data?lang=en", "Data")
        page.get_by_text("Detail view (personal data)").click()
        page.get_by_label("Detail view password").fill(PASSWORD)
        page.get_by_role("button", name="Open detail view").click()
        wait_idle(page)
        page = nav_to(page, "Manage data", "Manage data")

        check_files_to_append(
            page,
            [csv_file("trainings.csv", TRAININGS), csv_file("participants.csv", PARTICIPANTS)],
            timeout=60_000,
        )
        expect(page.get_by_text("New trainings: w-2024")).to_be_visible()

        # "Bandung" is ambiguous (Kota or Kabupaten): choose Kota Bandung and save it
        fix = page.locator(".st-key-atlas_fix_row_0")
        expect(fix).to_contain_text("Bandung")
        fix.locator('[data-testid="stSelectbox"]').click()
        page.get_by_role("option", name="Kota Bandung (Jawa Barat, 32.73)").click()
        wait_idle(page)
        fix.get_by_role("button", name="Save correction").click()
        wait_idle(page)
        expect(page.get_by_text("Every region is resolved.")).to_be_visible()

        page.get_by_label("Version note (what changed)").fill("Pelatihan 2024")
        page.get_by_role("button", name="Publish as a new version").click()
        wait_idle(page)
        expect(
            page.get_by_text("Version 2 published: 2 trainings, 17 participants.")
        ).to_be_visible()
        assert_no_exception(page)

        # a second browser context, no access: the plain link shows version 2
        viewer = open_session(browser, publish_server)
        public = open_page(viewer, "/?lang=en", "Overview")
        expect(participants_metric(public)).to_have_text("17", timeout=30_000)
        expect(public.get_by_text("Data version 2 · published")).to_be_visible()
        expect(public.locator('[data-testid="stSidebarNav"]')).not_to_contain_text("Manage data")
        # the pinned link still shows the 2018 training alone
        pinned = open_page(viewer, "/?lang=en&versi=1", "Overview")
        expect(participants_metric(pinned)).to_have_text("11", timeout=30_000)
        expect(pinned.get_by_text("Data version 1 · published")).to_be_visible()
        assert_no_exception(pinned)
    finally:
        organizer.close()
        if viewer is not None:
            viewer.close()
