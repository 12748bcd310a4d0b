"""From uploaded files to what a publish writes, with everything the preview must show first.

`prepare_upload(...)` reads and validates the files like the Data page (atlas.loading,
atlas.validation, atlas.participant_regions), applies the stored region corrections, and
compares the upload with the version it will be published on:

- mode "replace": the new version is exactly the upload (both files needed);
- mode "append": the new version is the base version plus the upload. A training_id that already
  exists with other content (its row, or participants the upload gives for it) is a *conflict*:
  refused unless the organizer chooses to replace it. The same content again (or the same row
  with no participants in the upload) changes nothing. A participants file
  without a trainings file adds participants to trainings the base version has.

Participant rows that repeat a row of the same upload or of the base version (same training,
institution, region, personal fields and delegates, ignoring case and spaces) are reported as
duplicates; they are kept (the organizer decides, by fixing the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas.dataset import join_participants, resolve_participant_regions, resolve_venues
from atlas.gazetteer import Gazetteer
from atlas.loading import UnreadableFileError, read_table
from atlas.participant_regions import FUZZY_SKIPPED
from atlas.schema import LINE, TRAINING_COLUMNS, Dataset, TableReport
from atlas.store.corrections import RegionAnswer, apply_corrections
from atlas.store.frames import SOURCE_FILE, STORE_ROW
from atlas.store.records import SourceFile, StoredRejection, VersionContent, VersionInfo
from atlas.validation import validate_participants, validate_trainings

TRAINING_COMPARED = tuple(c for c in TRAINING_COLUMNS)
PARTICIPANT_COMPARED = (
    "training_id", "institution", "region", "province", "level", "name", "gender", "position",
    "email", "phone", "delegates",
)  # fmt: skip


class ConflictError(RuntimeError):
    """Trainings that exist with other content; publish with replace to overwrite them."""

    def __init__(self, training_ids: list[str]) -> None:
        super().__init__(f"trainings already published with other content: {training_ids}")
        self.training_ids = training_ids


@dataclass
class Candidate:
    """An upload ready to publish, and what the preview shows about it."""

    dataset: Dataset  # the upload as it will be stored (corrections applied; personal columns)
    files: list[SourceFile]
    mode: str  # replace | append
    base: VersionInfo | None
    new_trainings: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)  # source_file, line, of
    participants_only: bool = False

    @property
    def expected_parent(self) -> int | None:
        return self.base.number if self.base is not None else None

    def content(self, *, replace_conflicts: bool = False) -> VersionContent:
        """What publish writes; ConflictError when there are conflicts and no replace."""
        if self.conflicts and not replace_conflicts:
            raise ConflictError(list(self.conflicts))
        rejections = [
            StoredRejection("trainings", self._file_name("trainings"), rejection)
            for rejection in self.dataset.trainings_report.rejected
        ] + [
            StoredRejection("participants", self._file_name("participants"), rejection)
            for rejection in self.dataset.participants_report.rejected
        ]
        trainings = self.dataset.trainings
        participants = self.dataset.participants
        if self.mode == "replace":
            return VersionContent(
                trainings,
                participants,
                rejections,
                list(self.files),
                typo_search_skipped=self.dataset.typo_search_skipped,
            )
        written = set(self.new_trainings) | set(self.conflicts)
        if self.participants_only:
            trainings = trainings.iloc[0:0]
        else:
            trainings = trainings[trainings["training_id"].isin(written)]
        participants = participants[participants["training_id"].isin(written)]
        conflicts = frozenset(self.conflicts)
        return VersionContent(
            trainings,
            participants,
            rejections,
            list(self.files),
            base=self.expected_parent,
            drop_training_ids=frozenset() if self.participants_only else conflicts,
            drop_participants_of=conflicts if self.participants_only else frozenset(),
            typo_search_skipped=self.dataset.typo_search_skipped,
        )

    def _file_name(self, role: str) -> str:
        return next((file.name for file in self.files if file.role == role), "")

    @property
    def problems(self) -> bool:
        """Rows rejected or regions not resolved (the CLI's exit status 1)."""
        reports = (self.dataset.trainings_report, self.dataset.participants_report)
        if any(report.rejected for report in reports):
            return True
        return bool((self.dataset.participants["region_status"] != "resolved").any())


def _read(file: SourceFile, table: str):
    return read_table(file.data, file.name, table=table)


def _key_frame(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """One normalised text key per row over `columns` (missing columns count as blank)."""
    parts = []
    for column in columns:
        values = frame[column] if column in frame.columns else pd.Series("", index=frame.index)
        parts.append(
            values.map(lambda v: " ".join(str(v if v is not None else "").split()).casefold())
        )
    if not parts:
        return pd.Series("", index=frame.index)
    key = parts[0]
    for part in parts[1:]:
        key = key + "\x1f" + part
    return key


def _training_keys(trainings: pd.DataFrame) -> dict[str, str]:
    frame = trainings.assign(
        start_date=pd.to_datetime(trainings["start_date"]).dt.date.astype(str),
        end_date=pd.to_datetime(trainings["end_date"]).dt.date.astype(str),
        sdg_goals=trainings["sdg_goals"].map(lambda g: ";".join(str(x) for x in g or ())),
        sdg_targets=trainings["sdg_targets"].map(lambda g: ";".join(g or ())),
    )
    keys = _key_frame(frame, TRAINING_COMPARED)
    return dict(zip(trainings["training_id"], keys, strict=True))


def _participant_sets(participants: pd.DataFrame) -> dict[str, list[str]]:
    keys = _key_frame(participants, PARTICIPANT_COMPARED)
    grouped: dict[str, list[str]] = {}
    for training_id, key in zip(participants["training_id"], keys, strict=True):
        grouped.setdefault(training_id, []).append(key)
    return {training_id: sorted(values) for training_id, values in grouped.items()}


def _duplicates(
    upload: pd.DataFrame, kept_base: pd.DataFrame | None, participants_name: str
) -> pd.DataFrame:
    columns = [SOURCE_FILE, LINE, "training_id", "institution", "duplicate_of"]
    keys = _key_frame(upload, PARTICIPANT_COMPARED)
    seen: dict[str, str] = {}
    if kept_base is not None and not kept_base.empty:
        base_keys = _key_frame(kept_base, PARTICIPANT_COMPARED)
        for key, source, line in zip(
            base_keys, kept_base[SOURCE_FILE], kept_base[LINE], strict=True
        ):
            seen.setdefault(key, f"{source}:{int(line)}")
    rows = []
    for key, line, training_id, institution in zip(
        keys, upload[LINE], upload["training_id"], upload["institution"], strict=True
    ):
        if key in seen:
            rows.append([participants_name, int(line), training_id, institution, seen[key]])
        else:
            seen[key] = f"{participants_name}:{int(line)}"
    return pd.DataFrame(rows, columns=columns)


def _upload_trainings(
    trainings_file: SourceFile | None,
    trainings_raw: pd.DataFrame | None,
    base_dataset: Dataset | None,
    gazetteer: Gazetteer,
) -> tuple[pd.DataFrame, TableReport]:
    """The upload's trainings, validated and with venues resolved; without a trainings file
    (participants added to published trainings) the base version's."""
    if trainings_raw is None:
        assert base_dataset is not None
        return base_dataset.trainings, TableReport(0, 0)
    trainings, trainings_report = validate_trainings(trainings_raw)
    trainings["year"] = trainings["start_date"].dt.year.astype("int64")
    trainings = resolve_venues(trainings, gazetteer)
    trainings[SOURCE_FILE] = trainings_file.name if trainings_file else ""
    return trainings, trainings_report


def _source_files(
    trainings_file: SourceFile | None, participants_file: SourceFile
) -> list[SourceFile]:
    """The uploaded files, each with the role it plays."""
    files = [f for f in (trainings_file, participants_file) if f is not None]
    for file, role in ((trainings_file, "trainings"), (participants_file, "participants")):
        if file is not None:
            files[files.index(file)] = SourceFile(role, file.name, file.data)
    return files


def prepare_upload(
    trainings_file: SourceFile | None,
    participants_file: SourceFile,
    gazetteer: Gazetteer,
    *,
    answers: dict[tuple[str, str], RegionAnswer] | None = None,
    mode: str = "replace",
    base: VersionInfo | None = None,
    base_dataset: Dataset | None = None,
) -> Candidate:
    """Validate, resolve, correct and compare an upload. `base_dataset` (the base version
    with personal columns) is needed for mode "append". Raises UnreadableFileError."""
    if mode not in ("replace", "append"):
        raise ValueError(f"unknown mode {mode!r}")
    if trainings_file is None and (mode != "append" or base_dataset is None):
        raise UnreadableFileError(
            "a trainings file is needed unless participants are added to published trainings",
            "trainings_needed",
        )
    trainings_raw = _read(trainings_file, "trainings") if trainings_file is not None else None
    participants_raw = _read(participants_file, "participants")
    trainings, trainings_report = _upload_trainings(
        trainings_file, trainings_raw, base_dataset, gazetteer
    )
    known = set(trainings["training_id"])
    participants, participants_report = validate_participants(participants_raw, known)
    participants = resolve_participant_regions(participants, gazetteer)
    typo_search_skipped = int(participants.attrs.get(FUZZY_SKIPPED, 0))
    participants = apply_corrections(participants, answers or {}, gazetteer)
    participants[SOURCE_FILE] = participants_file.name
    joined = join_participants(participants, trainings)
    dataset = Dataset(
        trainings=trainings,
        participants=joined,
        trainings_report=trainings_report,
        participants_report=participants_report,
        source="upload",
        typo_search_skipped=typo_search_skipped,
    )
    candidate = Candidate(
        dataset=dataset,
        files=_source_files(trainings_file, participants_file),
        mode=mode,
        base=base,
        participants_only=trainings_file is None,
    )
    if mode == "replace" or base_dataset is None:
        candidate.new_trainings = list(trainings["training_id"])
        candidate.duplicates = _duplicates(joined, None, participants_file.name)
        return candidate
    _compare_with_base(candidate, base_dataset, participants_file.name)
    return candidate


def _compare_with_base(candidate: Candidate, base: Dataset, participants_name: str) -> None:
    upload = candidate.dataset
    base_participants = _participant_sets(base.participants)
    upload_participants = _participant_sets(upload.participants)
    if candidate.participants_only:
        for training_id in dict.fromkeys(upload.participants["training_id"]):
            existing = base_participants.get(training_id)
            if existing is None:
                candidate.new_trainings.append(training_id)
            elif existing == upload_participants.get(training_id, []):
                candidate.unchanged.append(training_id)
            else:
                candidate.conflicts.append(training_id)
    else:
        base_keys = _training_keys(base.trainings)
        upload_keys = _training_keys(upload.trainings)
        for training_id, key in upload_keys.items():
            if training_id not in base_keys:
                candidate.new_trainings.append(training_id)
            elif base_keys[training_id] == key and upload_participants.get(training_id) in (
                None,
                base_participants.get(training_id, []),
            ):
                # The same row, and the same participants or none given: nothing to change.
                candidate.unchanged.append(training_id)
            else:
                candidate.conflicts.append(training_id)
    written = set(candidate.new_trainings) | set(candidate.conflicts)
    kept_base = base.participants[~base.participants["training_id"].isin(candidate.conflicts)]
    added = upload.participants[upload.participants["training_id"].isin(written)]
    candidate.duplicates = _duplicates(added, kept_base, participants_name)


def with_personal(dataset: Dataset, personal: pd.DataFrame) -> Dataset:
    """The dataset with the personal columns of `personal` (store_row, name, position, email,
    phone) joined onto its participants by store_row."""
    participants = dataset.participants.drop(
        columns=[c for c in ("name", "position", "email", "phone") if c in dataset.participants]
    ).merge(personal, on=STORE_ROW, how="left", validate="1:1")
    for column in ("name", "position", "email", "phone"):
        participants[column] = participants[column].fillna("").astype(object)
    return Dataset(
        trainings=dataset.trainings,
        participants=participants,
        trainings_report=dataset.trainings_report,
        participants_report=dataset.participants_report,
        synthetic=dataset.synthetic,
        source=dataset.source,
        typo_search_skipped=dataset.typo_search_skipped,
    )
