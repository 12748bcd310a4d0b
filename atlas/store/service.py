"""Store operations the app and the CLI share: open a store, seed it, prepare an upload
against the latest version, and export a version."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from atlas.dataset import PARTICIPANTS_FILE, TRAININGS_FILE
from atlas.gazetteer import Gazetteer
from atlas.loading import read_file_bytes
from atlas.schema import PARTICIPANT_COLUMNS, TRAINING_COLUMNS, Dataset
from atlas.store.corrections import RegionAnswer
from atlas.store.prepare import Candidate, prepare_upload, with_personal
from atlas.store.records import SourceFile, StaleVersionError, VersionInfo
from atlas.store.store import Store

SEED_AUTHOR = "system"
SEED_NOTE = "first version, from the data folder"


def corrections_map(store: Store) -> dict[tuple[str, str], RegionAnswer]:
    return {
        (c.region_key, c.province_key): RegionAnswer(c.code, c.outside) for c in store.corrections()
    }


def folder_files(folder: Path) -> tuple[SourceFile, SourceFile]:
    """trainings.csv and participants.csv of a folder (UnreadableFileError with its table and
    reason when one is missing, a folder, a pipe, too large or unreadable)."""
    trainings = folder / TRAININGS_FILE
    participants = folder / PARTICIPANTS_FILE
    return (
        SourceFile("trainings", trainings.name, read_file_bytes(trainings, "trainings")),
        SourceFile(
            "participants", participants.name, read_file_bytes(participants, "participants")
        ),
    )


def seed_if_empty(store: Store, folder: Path, gazetteer: Gazetteer) -> VersionInfo | None:
    """Publish the folder's files as version 1 when the store has no version yet. Another
    process seeding at the same moment wins quietly. Raises OSError / UnreadableFileError."""
    if store.latest() is not None:
        return None
    trainings, participants = folder_files(folder)
    candidate = prepare_upload(trainings, participants, gazetteer, mode="replace")
    try:
        return store.publish(
            candidate.content(),
            author=SEED_AUTHOR,
            note=SEED_NOTE,
            kind="seed",
            expected_parent=None,
        )
    except StaleVersionError:
        return None


def full_dataset(store: Store, number: int) -> Dataset:
    """A version with its personal columns (access-protected uses only)."""
    return with_personal(store.load(number), store.personal(number))


def prepare_against_latest(
    store: Store,
    trainings: SourceFile | None,
    participants: SourceFile,
    gazetteer: Gazetteer,
    *,
    mode: str,
) -> Candidate:
    """prepare_upload with the stored corrections, on top of the latest version."""
    base = store.latest()
    base_dataset = (
        full_dataset(store, base.number) if base is not None and mode == "append" else None
    )
    return prepare_upload(
        trainings,
        participants,
        gazetteer,
        answers=corrections_map(store),
        mode=mode if base is not None else "replace",
        base=base,
        base_dataset=base_dataset,
    )


def _csv_text(frame: pd.DataFrame) -> bytes:
    """Plain CSV of exactly the stored values (for re-publishing; not formula-neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")


def accepted_files(dataset: Dataset) -> tuple[bytes, bytes]:
    """(trainings.csv, participants.csv) of a version's accepted rows in the contract's
    columns: publishing them again gives the same rows."""
    trainings = dataset.trainings.assign(
        start_date=pd.to_datetime(dataset.trainings["start_date"]).dt.date.astype(str),
        end_date=pd.to_datetime(dataset.trainings["end_date"]).dt.date.astype(str),
        sdg_goals=dataset.trainings["sdg_goals"].map(lambda g: ";".join(str(x) for x in g)),
        sdg_targets=dataset.trainings["sdg_targets"].map(lambda g: ";".join(g)),
    )[list(TRAINING_COLUMNS)]
    columns = [c for c in PARTICIPANT_COLUMNS if c in dataset.participants.columns]
    participants = dataset.participants[columns]
    return _csv_text(trainings), _csv_text(participants)


def rejections_csv(store: Store, number: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "file", "line", "column", "reason"])
    for stored in store.rejections(number):
        rejection = stored.rejection
        writer.writerow(
            [stored.table, stored.source_file, rejection.line, rejection.column or "",
             rejection.reason]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def export_version(store: Store, number: int, out_dir: Path) -> list[Path]:
    """Write version `number` to `out_dir`: trainings.csv and participants.csv (accepted rows,
    personal columns included), rejected.csv (the validation report) and original/ (the files
    exactly as uploaded). Returns the paths written."""
    dataset = full_dataset(store, number)
    out_dir.mkdir(parents=True, exist_ok=True)
    trainings, participants = accepted_files(dataset)
    written = []
    for name, data in (
        (TRAININGS_FILE, trainings),
        (PARTICIPANTS_FILE, participants),
        ("rejected.csv", rejections_csv(store, number)),
    ):
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    originals = out_dir / "original"
    originals.mkdir(exist_ok=True)
    for position, file in enumerate(store.files(number), start=1):
        safe = Path(file.name).name or f"file-{position}"
        path = originals / f"{position:02d}-{file.role}-{safe}"
        path.write_bytes(file.data)
        written.append(path)
    return written
