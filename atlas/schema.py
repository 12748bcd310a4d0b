"""The shapes that flow through Atlas Pelatihan, in one place.

Data flows one way:

    bytes -> loading.read_table -> validation.validate_* -> participant_regions.resolve_participants
          -> dataset.build_dataset (one tidy joined frame) -> filters -> metrics/charts/map/exports

Every module agrees on the column names below; nothing else should spell them as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from atlas.memo import Memo

# --- Input columns (canonical names after header aliasing) -------------------------------------

LINE = "line"  # spreadsheet line number of the row (header = line 1); added by loading

TRAINING_COLUMNS = (
    "training_id",
    "title",
    "start_date",
    "end_date",
    "venue",
    "organizer",
    "partners",
    "theme",
    "method",
    "sdg_goals",
    "sdg_targets",
    "source_url",
)
TRAINING_REQUIRED = ("training_id", "title", "start_date")

PARTICIPANT_COLUMNS = (
    "training_id",
    "institution",
    "region",
    "province",
    "level",
    "name",
    "gender",
    "position",
    "email",
    "phone",
    "delegates",
)
PARTICIPANT_REQUIRED = ("training_id", "institution", "region")

# Personal data: never in the public view (see atlas.privacy).
PERSONAL_COLUMNS = ("name", "email", "phone", "position")

# Indonesian (and common English) header aliases -> canonical column. Headers are compared
# after lower-casing and collapsing spaces/hyphens to underscores.
HEADER_ALIASES: dict[str, str] = {
    "instansi": "institution",
    "lembaga": "institution",
    "daerah": "region",
    "wilayah": "region",
    "kota": "region",
    "kabupaten_kota": "region",
    "kab_kota": "region",
    "provinsi": "province",
    "tingkat": "level",
    "jenis_pemerintahan": "level",
    "nama": "name",
    "jenis_kelamin": "gender",
    "jabatan": "position",
    "surel": "email",
    "e_mail": "email",
    "telepon": "phone",
    "no_hp": "phone",
    "hp": "phone",
    "jumlah_peserta": "delegates",
    "jumlah": "delegates",
    "id_pelatihan": "training_id",
    "kode_pelatihan": "training_id",
    "judul": "title",
    "nama_pelatihan": "title",
    "tanggal_mulai": "start_date",
    "tanggal_selesai": "end_date",
    "tempat": "venue",
    "lokasi": "venue",
    "penyelenggara": "organizer",
    "mitra": "partners",
    "tema": "theme",
    "metode": "method",
    "tujuan_sdg": "sdg_goals",
    "sdg": "sdg_goals",
    "target_sdg": "sdg_targets",
    "sumber": "source_url",
    "tautan": "source_url",
}

GovernmentLevel = Literal["provinsi", "kota", "kabupaten"]
LEVELS: tuple[GovernmentLevel, ...] = ("provinsi", "kota", "kabupaten")

# --- Accepted trainings frame (validation.validate_trainings -> .accepted) ------------------
# training_id: str, title: str, start_date / end_date: datetime64[ns] (end defaults to start),
# venue, organizer, partners, theme, method, source_url: str ("" when blank),
# sdg_goals: tuple[int, ...] (sorted, unique, 1..17), sdg_targets: tuple[str, ...] ("17.9"),
# line: int. Plus venue resolution: venue_code, venue_name (None when not resolved).

# --- Accepted participants frame (validation.validate_participants -> .accepted) -------------
# training_id, institution, region, province, level, name, gender, position, email, phone: str
# ("" when blank); delegates: int >= 1; line: int.

# --- Region resolution columns (participant_regions.resolve_participants adds these) ---------
REGION_STATUS = "region_status"  # "resolved" | "ambiguous" | "unresolved"
REGION_CODE = "region_code"  # Kemendagri code, "35.78" or "32" for a province; None if not resolved
REGION_NAME = "region_name"  # official name, "Kota Surabaya"; None if not resolved
REGION_TYPE = "region_type"  # "provinsi" | "kota" | "kabupaten"; None if not resolved
PROVINCE_CODE = "province_code"  # "35"; None if not resolved
PROVINCE_NAME = "province_name"  # "Jawa Timur"; None if not resolved
REGION_METHOD = "region_method"  # "code" | "exact" | "alias" | "fuzzy"; None if not resolved
REGION_CANDIDATES = "region_candidates"  # tuple[str, ...] of official names (ambiguous rows)
REGION_LAT = "lat"
REGION_LON = "lon"

RegionStatus = Literal["resolved", "ambiguous", "unresolved"]
RegionMethod = Literal["code", "exact", "alias", "fuzzy"]


@dataclass(frozen=True)
class Rejection:
    """One rejected input row: line as a spreadsheet numbers it, the column (None when the
    reason concerns the whole row or file) and a plain-words reason.

    `reason` is public: it names the column and the problem and never quotes a participants
    cell (any of them may hold a name, e-mail or phone, shifted there by an unquoted comma) nor
    an extra cell. `detail` says the same with the values quoted, for the file's owner only
    (the CLI, the access-protected detail view); None when the reason quotes nothing."""

    line: int
    column: str | None
    reason: str
    code: str | None = None  # stable id of the check ("bad_date", ...), for translation in the UI
    detail: str | None = None
    # (column, code) of every problem of the row, in order (a row can fail several checks)
    problems: tuple[tuple[str | None, str], ...] = ()

    @property
    def detailed_reason(self) -> str:
        """The reason with the values quoted (the detail when there is one)."""
        return self.detail if self.detail is not None else self.reason


@dataclass(frozen=True)
class RegionMatch:
    """The outcome of resolving one free-text region."""

    status: RegionStatus
    code: str | None = None
    name: str | None = None
    type: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    method: RegionMethod | None = None
    candidates: tuple[str, ...] = ()
    score: float | None = None  # fuzzy similarity 0..100 when method == "fuzzy"


@dataclass(frozen=True)
class FileNote:
    """Something the reader should know about a file although no row is rejected for it:
    `code` ("cleaned_headers" | "recoded_lines"), the `values` it is about (header names, text
    line numbers: never cell values) and the English `text` (the CLI)."""

    code: str
    values: tuple[str, ...]
    text: str


@dataclass
class TableReport:
    """Validation outcome of one input table. rows == accepted + len(rejected), always."""

    rows: int
    accepted: int
    rejected: list[Rejection] = field(default_factory=list)
    notes: list[FileNote] = field(default_factory=list)  # about the file as a whole


@dataclass
class Dataset:
    """Everything the pages need, built once per set of input files.

    trainings: accepted trainings (columns above) plus `year` (int).
    participants: the tidy joined frame: accepted participant rows + region resolution
        columns + the training's title, start_date, end_date, year, sdg_goals, sdg_targets.
        Ambiguous and unresolved rows are kept (they count as participants).
    trainings_report / participants_report: counts and rejections per table.
    """

    trainings: pd.DataFrame
    participants: pd.DataFrame
    trainings_report: TableReport
    participants_report: TableReport
    synthetic: bool = False  # True for the demo dataset: label it on every page
    source: str = "bundled"  # "bundled" | "demo" | "upload"
    # Distinct region names left unresolved without a typo search: the file had more distinct
    # names needing one than atlas.typos.FUZZY_MAX_NAMES.
    typo_search_skipped: int = 0
    # What pages derive from this dataset (filter options, the view of each filter...),
    # computed once and shared with whoever shares the dataset (atlas.memo).
    derived: Memo = field(default_factory=Memo, repr=False, compare=False)
