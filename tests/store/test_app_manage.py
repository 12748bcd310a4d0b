"""The workspace page (Kelola data / Manage data) in AppTest: access, lock-out across reloads,
upload -> report -> correction -> publish, conflicts, a stale review, history and rollback."""

from __future__ import annotations

import pytest

from atlas.i18n import t
from atlas.store.engine import DATABASE_URL_ENV, make_engine
from atlas.store.store import Store
from atlas.ui import auth
from tests.app.conftest import (
    TINY_PARTICIPANTS,
    TINY_TRAININGS,
    metric_values,
    switch_to,
    write_data_dir,
)
from tests.app.conftest import new_app as app

PASSWORD = "kata-sandi-pengelola"
UPLOAD_TRAININGS = "training_id,title,start_date,sdg_goals\nw1,Pelatihan Baru,2024-03-04,11\n"
UPLOAD_PARTICIPANTS = (
    "training_id,institution,region,delegates\n"
    "w1,Pemerintah Kota Medan,Kota Medan,4\n"
    "w1,Bappeda,Bandung,2\n"
)


@pytest.fixture
def store_url(monkeypatch, tmp_path) -> str:
    folder = write_data_dir(tmp_path / "tiny", TINY_TRAININGS, TINY_PARTICIPANTS)
    monkeypatch.setenv("ATLAS_DATA_DIR", str(folder))
    url = f"sqlite:///{tmp_path / 'manage.db'}"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return url


def with_secret(at):
    at.secrets["detail_password"] = PASSWORD
    return at


def unlocked(lang: str = "en"):
    """A session that opened the detail view on the Data page, now on the workspace page."""
    at = with_secret(app(lang=lang))
    switch_to(at, "data")
    at.run()
    at.text_input(key=auth.PASSWORD_WIDGET_KEY).input(PASSWORD)
    next(b for b in at.button if b.label == t("auth.unlock_button", lang)).click()
    at.run()
    assert not at.exception
    switch_to(at, "manage")
    return at.run()


def csv(name: str, text: str) -> tuple[str, bytes, str]:
    return (name, text.encode("utf-8"), "text/csv")


def check_upload(at, trainings: str | None, participants: str, mode: str = "replace"):
    at.radio(key="atlas_manage_mode").set_value(mode)
    if trainings is not None:
        at.file_uploader(key="atlas_manage_trainings").set_value(csv("trainings.csv", trainings))
    at.file_uploader(key="atlas_manage_participants").set_value(
        csv("participants.csv", participants)
    )
    at.run()
    at.button(key="atlas_manage_check").click()
    return at.run()


def test_the_workspace_is_not_in_the_navigation_without_access(store_url):
    at = with_secret(app(lang="en"))
    switch_to(at, "manage")
    at.run()
    titles = [title.value for title in at.title]
    assert "Manage data" not in titles  # no such page for this visitor: the default page runs
    assert titles[0] == "Overview"


def test_wrong_passwords_lock_the_client_out_across_reloads(store_url):
    at = with_secret(app(lang="en"))
    switch_to(at, "data")
    at.run()
    for _ in range(auth.MAX_ATTEMPTS):
        at.text_input(key=auth.PASSWORD_WIDGET_KEY).input("falsch")
        next(b for b in at.button if b.label == "Open detail view").click()
        at.run()
    # a reload is a new session: the count is in the database, per client
    reloaded = with_secret(app(lang="en"))
    switch_to(reloaded, "data")
    reloaded.run()
    assert not reloaded.exception
    assert len(reloaded.text_input) == 0
    assert any("Too many wrong attempts" in e.value for e in reloaded.error)
    assert Store(make_engine(store_url)).failed_attempts("local", auth.LOCKOUT_WINDOW) == 5


def test_upload_fix_a_region_and_publish(store_url):
    at = unlocked()
    assert [title.value for title in at.title] == ["Manage data"]
    at = check_upload(at, UPLOAD_TRAININGS, UPLOAD_PARTICIPANTS, mode="append")
    assert not at.exception
    assert "New trainings: w1" in [m.value for m in at.markdown]
    # "Bandung" is ambiguous: listed once, with its candidates first
    fix = at.selectbox(key="atlas_fix_0")
    assert fix.options[:4] == [
        "— choose or search —",
        "Kabupaten Bandung (Jawa Barat, 32.04)",
        "Kota Bandung (Jawa Barat, 32.73)",
        "Outside Indonesia / not a local government",
    ]
    fix.set_value("32.73")
    at.button(key="atlas_fix_save_0").click()
    at.run()
    assert not at.exception
    assert "Every region is resolved." in [s.value for s in at.success]
    at.text_input(key="atlas_manage_note").input("pelatihan 2024")
    at.button(key="atlas_manage_publish").click()
    at.run()
    assert [s.value for s in at.success][0].startswith(
        "Version 2 published: 3 trainings, 14 participants."
    )
    store = Store(make_engine(store_url))
    latest = store.latest()
    assert (latest.number, latest.kind, latest.note) == (2, "append", "pelatihan 2024")
    assert latest.author == "password holder (local)"
    bandung = store.load(2).participants.set_index("institution").loc["Bappeda"]
    assert (bandung["region_code"], bandung["region_method"]) == ("32.73", "correction")
    # a second visitor without access sees the new figures
    public = app(lang="en")
    switch_to(public, "overview")
    assert metric_values(public.run())["Participants"] == "14"


def test_a_conflict_is_refused_until_replace_is_ticked(store_url):
    at = unlocked()
    changed = TINY_TRAININGS.replace("Pelatihan Air Kota", "Pelatihan Air Bersih")
    at = check_upload(at, changed, TINY_PARTICIPANTS, mode="append")
    assert "Already published with other content: t1\\-2019." in at.warning[0].value
    at.button(key="atlas_manage_publish").click()
    at.run()
    assert at.error[0].value == "Some trainings conflict. Tick the replacement or fix the file."
    assert Store(make_engine(store_url)).latest().number == 1
    at.checkbox(key="atlas_manage_replace").check()
    at.button(key="atlas_manage_publish").click()
    at.run()
    store = Store(make_engine(store_url))
    assert store.latest().number == 2
    assert "Pelatihan Air Bersih" in store.load(2).trainings["title"].tolist()


def test_a_review_overtaken_by_another_publish_is_refused(store_url):
    organizer_a = check_upload(unlocked(), UPLOAD_TRAININGS, UPLOAD_PARTICIPANTS, mode="append")
    organizer_b = check_upload(unlocked(), UPLOAD_TRAININGS.replace("w1", "w2"),
                               UPLOAD_PARTICIPANTS.replace("w1", "w2"), mode="append")  # fmt: skip
    organizer_a.button(key="atlas_manage_publish").click()
    organizer_a.run()
    organizer_b.button(key="atlas_manage_publish").click()
    organizer_b.run()
    assert organizer_b.error[0].value == (
        "The data changed since you started (another version was published). Review again."
    )
    store = Store(make_engine(store_url))
    assert [v.number for v in store.versions()] == [2, 1]
    assert "w2" not in store.load(2).trainings["training_id"].tolist()


def test_history_downloads_and_rollback(store_url):
    at = check_upload(unlocked(), UPLOAD_TRAININGS, UPLOAD_PARTICIPANTS, mode="replace")
    at.button(key="atlas_manage_publish").click()
    at.run()
    versions = at.get_by_key("manage_versions").dataframe[0].value
    assert versions["Version"].tolist() == [2, 1]
    at.selectbox(key="atlas_manage_version").set_value(1)
    at.run()
    keys = {button.key for button in at.get("download_button")}
    assert {"atlas_manage_file_1_0", "atlas_manage_file_1_1", "atlas_manage_report_1"} <= keys
    at.button(key="atlas_manage_rollback").click()
    at.run()
    assert "Version 3 published with the content of version 1." in [s.value for s in at.success]
    store = Store(make_engine(store_url))
    assert (store.latest().number, store.latest().content) == (3, 1)
    public = app(lang="en")
    switch_to(public, "overview")
    assert metric_values(public.run())["Participants"] == "8"
