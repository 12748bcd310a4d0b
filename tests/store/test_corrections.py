"""Region corrections: stored once, applied to this and every later upload (method
"correction"), never to a code typed in the file; and the access lock-out counters."""

from __future__ import annotations

import datetime as dt

from atlas.store import service
from atlas.store.corrections import correction_key, regions_to_fix
from tests.store.test_versions import files

TRAININGS = "training_id,title,start_date\nc1,Pelatihan,2020-01-01\n"
PARTICIPANTS = (
    "training_id,institution,region,province,delegates\n"
    "c1,Bappeda,Bandung,,2\n"
    "c1,Dinas,Bandung,,1\n"
    "c1,Delegasi,Kuala Lumpur,,1\n"
    "c1,Pemerintah,32.73,,1\n"
    "c1,Pemerintah,99.99,,1\n"
)


def _prepare(store, gazetteer, participants=PARTICIPANTS):
    t_file, p_file = files(TRAININGS, participants)
    return service.prepare_against_latest(store, t_file, p_file, gazetteer, mode="replace")


def test_regions_to_fix_lists_each_undecided_text_once(store, gazetteer):
    candidate = _prepare(store, gazetteer)
    table = regions_to_fix(candidate.dataset.participants)
    assert table[["region", "status", "rows"]].values.tolist() == [
        ["Bandung", "ambiguous", 2],
        ["Kuala Lumpur", "unresolved", 1],
    ]  # 99.99 is a code typed in the file: not offered for correction
    assert table.loc[0, "candidates"] == ("Kabupaten Bandung", "Kota Bandung")


def test_a_stored_correction_applies_to_later_uploads(store, gazetteer):
    region_key, province_key = correction_key("Bandung", "")
    store.save_correction(
        region_key=region_key, province_key=province_key, region_text="Bandung",
        province_text="", code="32.73", outside=False, author="organizer",
    )  # fmt: skip
    kuala = correction_key("Kuala Lumpur", "")
    store.save_correction(
        region_key=kuala[0], province_key=kuala[1], region_text="Kuala Lumpur",
        province_text="", code=None, outside=True, author="organizer",
    )  # fmt: skip
    candidate = _prepare(store, gazetteer, PARTICIPANTS.replace("Bandung,,", " BANDUNG ,,"))
    rows = candidate.dataset.participants.set_index("line")
    assert rows.loc[2, ["region_status", "region_code", "region_method"]].tolist() == [
        "resolved", "32.73", "correction",
    ]  # fmt: skip
    assert rows.loc[4, ["region_status", "region_code", "region_method"]].tolist() == [
        "unresolved", None, "correction",
    ]  # fmt: skip
    # the code typed in the file is the file's answer, corrected or not
    assert rows.loc[5, ["region_code", "region_method"]].tolist() == ["32.73", "code"]
    assert rows.loc[6, ["region_status", "region_method"]].tolist() == ["unresolved", None]
    assert regions_to_fix(candidate.dataset.participants).empty
    version = store.publish(candidate.content(), author="o", note="", expected_parent=None)
    stored = store.load(version.number).participants.set_index("line")
    assert stored.loc[3, ["region_name", "region_method"]].tolist() == [
        "Kota Bandung", "correction",
    ]  # fmt: skip
    assert [c.region_text for c in store.corrections()] == ["Bandung", "Kuala Lumpur"]
    assert [e["action"] for e in store.audit()][-2:] == ["correction", "correction"]


def test_a_correction_with_a_province_hint_needs_that_hint(store, gazetteer):
    key = correction_key("Bandung", "Jawa Barat")
    store.save_correction(
        region_key=key[0], province_key=key[1], region_text="Bandung",
        province_text="Jawa Barat", code="32.04", outside=False, author="o",
    )  # fmt: skip
    participants = PARTICIPANTS.replace("c1,Bappeda,Bandung,,2", "c1,Bappeda,Bandung,Jawa Barat,2")
    rows = _prepare(store, gazetteer, participants).dataset.participants.set_index("line")
    assert rows.loc[2, "region_code"] == "32.04"
    assert rows.loc[3, "region_status"] == "ambiguous"  # no province hint: still undecided


def test_failed_attempts_count_per_client_in_the_database(store):
    window = dt.timedelta(minutes=15)
    assert store.failed_attempts("10.0.0.1", window) == 0
    assert [store.record_failed_attempt("10.0.0.1", window) for _ in range(3)] == [1, 2, 3]
    assert store.failed_attempts("10.0.0.1", window) == 3
    assert store.failed_attempts("10.0.0.2", window) == 0
    # an expired window starts again
    assert store.failed_attempts("10.0.0.1", dt.timedelta(seconds=-1)) == 0
    assert store.record_failed_attempt("10.0.0.1", dt.timedelta(seconds=-1)) == 1
    store.clear_failed_attempts("10.0.0.1")
    assert store.failed_attempts("10.0.0.1", window) == 0
