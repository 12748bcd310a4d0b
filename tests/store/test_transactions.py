"""A publish is one transaction: a killed publisher leaves the previous version complete, and two
publishes at the same moment never mix (separate versions, or a clear refusal)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
import sqlalchemy as sa

from atlas.store import service, tables
from atlas.store.records import StaleVersionError
from tests.store.test_versions import NEW_PARTICIPANTS, NEW_TRAINING, PARTICIPANTS, TRAININGS, files

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PUBLISHER = textwrap.dedent(
    """
    import sys
    import pandas as pd
    from atlas.dataset import default_gazetteer
    from atlas.store import service
    from atlas.store.engine import make_engine
    from atlas.store.records import SourceFile
    from atlas.store.store import Store

    url, copies = sys.argv[1], int(sys.argv[2])
    store = Store(make_engine(url))
    def read_file():
        return sys.stdin.buffer.readline().rstrip(b"\\n").replace(b"|", b"\\n")

    trainings = SourceFile("trainings", "trainings.csv", read_file())
    participants = SourceFile("participants", "participants.csv", read_file())
    candidate = service.prepare_against_latest(
        store, trainings, participants, default_gazetteer(), mode="replace"
    )
    content = candidate.content()
    content.participants = pd.concat([content.participants] * copies, ignore_index=True)
    announced = False

    def progress(done, total):
        global announced
        if not announced and done >= total // 2:
            announced = True
            print(f"WRITING {done} of {total}", flush=True)
            sys.stdin.readline()  # wait here, inside the transaction, until killed

    store.publish(content, author="killed", note="never", check_parent=False, progress=progress)
    print("COMMITTED", flush=True)
    """
)


def _count(store, table, content_id) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c.content_id == content_id)
        )


def test_kill_9_during_a_large_publish_leaves_the_previous_version_complete(store, gazetteer):
    first = service.seed_if_empty(store, __import__("atlas").REPO_DATA_DIR, gazetteer)
    before = store.load(first.number)
    publisher = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(store.engine.url.render_as_string(False)), "10000"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": REPO},
    )
    try:
        assert publisher.stdin is not None and publisher.stdout is not None
        publisher.stdin.write(TRAININGS.replace("\n", "|").encode() + b"\n")
        publisher.stdin.write(PARTICIPANTS.replace("\n", "|").encode() + b"\n")
        publisher.stdin.flush()
        announced = publisher.stdout.readline().decode()
        assert announced.startswith("WRITING"), publisher.stderr.read().decode()
        written = int(announced.split()[1])
        assert written >= 20_000  # well inside a 40,000-row publish
        os.kill(publisher.pid, signal.SIGKILL)
        publisher.wait(timeout=30)
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait()
    assert publisher.returncode == -signal.SIGKILL

    # The killed version does not exist, none of its rows are visible, version 1 is whole.
    assert [v.number for v in store.versions()] == [1]
    assert _count(store, tables.participants, 2) == 0
    assert _count(store, tables.participant_personal, 2) == 0
    after = store.load(1)
    assert len(after.participants) == len(before.participants) == 11
    assert after.participants["delegates"].sum() == before.participants["delegates"].sum()
    # and the store takes the next publish normally
    t_file, p_file = files(TRAININGS, PARTICIPANTS)
    candidate = service.prepare_against_latest(store, t_file, p_file, gazetteer, mode="replace")
    version = store.publish(candidate.content(), author="o", note="", expected_parent=1)
    assert version.number == 2 and version.participants == 4


def _candidate(store, gazetteer, trainings, participants, mode="replace"):
    t_file, p_file = files(trainings, participants)
    return service.prepare_against_latest(store, t_file, p_file, gazetteer, mode=mode)


def test_a_publish_prepared_before_another_one_is_refused(store, gazetteer):
    service.seed_if_empty(store, __import__("atlas").REPO_DATA_DIR, gazetteer)
    first = _candidate(store, gazetteer, TRAININGS, PARTICIPANTS, mode="append")
    second = _candidate(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS, mode="append")
    assert first.expected_parent == second.expected_parent == 1
    store.publish(first.content(), author="a", note="", kind="append", expected_parent=1)
    with pytest.raises(StaleVersionError) as refused:
        store.publish(second.content(), author="b", note="", kind="append", expected_parent=1)
    assert (refused.value.expected, refused.value.latest) == (1, 2)
    assert [v.number for v in store.versions()] == [2, 1]
    assert store.load(2).trainings["training_id"].tolist() == ["2018-12-diplomasi-kota", "t1", "t2"]


def _race(publishers):
    barrier = threading.Barrier(len(publishers))
    outcomes: list[object] = [None] * len(publishers)

    def run(index, publish):
        barrier.wait()
        try:
            outcomes[index] = publish()
        except Exception as error:  # the outcome is asserted by the caller
            outcomes[index] = error

    threads = [
        threading.Thread(target=run, args=(index, publish))
        for index, publish in enumerate(publishers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_two_simultaneous_full_publishes_become_two_whole_versions(store, gazetteer):
    service.seed_if_empty(store, __import__("atlas").REPO_DATA_DIR, gazetteer)
    a = _candidate(store, gazetteer, TRAININGS, PARTICIPANTS).content()
    b = _candidate(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS).content()
    outcomes = _race(
        [
            lambda: store.publish(a, author="a", note="A", check_parent=False),
            lambda: store.publish(b, author="b", note="B", check_parent=False),
        ]
    )
    numbers = sorted(outcome.number for outcome in outcomes)
    assert numbers == [2, 3]
    expected = {"A": ["t1", "t2"], "B": ["t3"]}
    for version in store.versions()[:2]:
        dataset = store.load(version.number)
        assert dataset.trainings["training_id"].tolist() == expected[version.note]
        assert set(dataset.participants["training_id"]) == set(expected[version.note])
    assert {v.parent for v in store.versions()[:2]} == {1, 2}


def test_two_simultaneous_publishes_on_the_same_version_one_is_refused(store, gazetteer):
    service.seed_if_empty(store, __import__("atlas").REPO_DATA_DIR, gazetteer)
    a = _candidate(store, gazetteer, TRAININGS, PARTICIPANTS, mode="append").content()
    b = _candidate(store, gazetteer, NEW_TRAINING, NEW_PARTICIPANTS, mode="append").content()
    outcomes = _race(
        [
            lambda: store.publish(a, author="a", note="A", kind="append", expected_parent=1),
            lambda: store.publish(b, author="b", note="B", kind="append", expected_parent=1),
        ]
    )
    refused = [o for o in outcomes if isinstance(o, StaleVersionError)]
    published = [o for o in outcomes if not isinstance(o, Exception)]
    assert len(refused) == 1 and len(published) == 1, outcomes
    assert [v.number for v in store.versions()] == [2, 1]
    winner = published[0]
    trainings = store.load(2).trainings["training_id"].tolist()
    assert trainings == (
        ["2018-12-diplomasi-kota", "t1", "t2"]
        if winner.note == "A"
        else ["2018-12-diplomasi-kota", "t3"]
    )
