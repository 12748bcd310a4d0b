"""Between the domain's frames (atlas.schema) and the store's rows (atlas.store.tables).

`trainings_rows` / `participants_rows` / `personal_rows` turn accepted frames into rows to
insert; `trainings_frame` / `participants_frame` turn stored rows back into frames with exactly
the dtypes `atlas.dataset.build_dataset` produces (dates datetime64[ns], goals as tuples of int,
targets and candidates as tuples of str, None where a region column is empty, NaN coordinates).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from atlas.dataset import REGION_COLUMNS, VENUE_CODE, VENUE_NAME, VENUE_STATUS
from atlas.schema import LINE, PERSONAL_COLUMNS, REGION_CANDIDATES, REGION_LAT, REGION_LON

SOURCE_FILE = "source_file"  # the uploaded file a row came from
STORE_ROW = "store_row"  # the row's number inside its version (joins the personal columns)

TRAINING_TEXT_COLUMNS = (
    "training_id", "title", "venue", "organizer", "partners", "theme", "method", "source_url",
)  # fmt: skip
PARTICIPANT_TEXT_COLUMNS = ("training_id", "institution", "region", "province", "level", "gender")
REGION_TEXT_COLUMNS = tuple(
    c for c in REGION_COLUMNS if c not in (REGION_CANDIDATES, REGION_LAT, REGION_LON)
)
PERSONAL_STORED = tuple(PERSONAL_COLUMNS)  # name, email, phone, position


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _optional(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _column(frame: pd.DataFrame, name: str) -> list[Any]:
    if name in frame.columns:
        return frame[name].tolist()
    return [None] * len(frame)


def trainings_rows(
    trainings: pd.DataFrame, content_id: int, first_row: int = 0
) -> list[dict[str, Any]]:
    """Insertable rows of an accepted trainings frame (with year, venue_* and source_file)."""
    starts = pd.to_datetime(trainings["start_date"]).dt.date.tolist()
    ends = pd.to_datetime(trainings["end_date"]).dt.date.tolist()
    columns = {name: _column(trainings, name) for name in TRAINING_TEXT_COLUMNS}
    goals = _column(trainings, "sdg_goals")
    targets = _column(trainings, "sdg_targets")
    lines = _column(trainings, LINE)
    years = _column(trainings, "year")
    sources = _column(trainings, SOURCE_FILE)
    statuses = _column(trainings, VENUE_STATUS)
    codes = _column(trainings, VENUE_CODE)
    names = _column(trainings, VENUE_NAME)
    rows = []
    for index in range(len(trainings)):
        row: dict[str, Any] = {"content_id": content_id, "row": first_row + index}
        for name, values in columns.items():
            row[name] = _text(values[index])
        row["start_date"] = starts[index]
        row["end_date"] = ends[index]
        row["sdg_goals"] = ";".join(str(int(g)) for g in goals[index] or ())
        row["sdg_targets"] = ";".join(str(c) for c in targets[index] or ())
        row["line"] = int(lines[index])
        row["source_file"] = _text(sources[index])
        row["year"] = int(years[index]) if years[index] is not None else starts[index].year
        row["venue_status"] = _optional(statuses[index])
        row["venue_code"] = _optional(codes[index])
        row["venue_name"] = _optional(names[index])
        rows.append(row)
    return rows


PUBLIC_PARTICIPANT_COLUMNS = (
    "content_id", "row", *PARTICIPANT_TEXT_COLUMNS, "delegates", "line", "source_file",
    *REGION_TEXT_COLUMNS, REGION_CANDIDATES, "lat", "lon",
)  # fmt: skip
PERSONAL_PARTICIPANT_COLUMNS = ("content_id", "row", *PERSONAL_STORED)


def _texts(frame: pd.DataFrame, name: str) -> list[str]:
    if name not in frame.columns:
        return [""] * len(frame)
    return frame[name].fillna("").astype(str).tolist()


def _optionals(frame: pd.DataFrame, name: str) -> list[str | None]:
    if name not in frame.columns:
        return [None] * len(frame)
    values = frame[name].astype(object)
    return values.where(values.notna(), None).tolist()


def _floats(frame: pd.DataFrame, name: str) -> list[float | None]:
    if name not in frame.columns:
        return [None] * len(frame)
    values = pd.to_numeric(frame[name], errors="coerce").astype(object)
    return values.where(values.notna(), None).tolist()


def participants_rows(
    participants: pd.DataFrame, content_id: int, first_row: int = 0
) -> tuple[list[tuple], list[tuple]]:
    """(public rows, personal rows) of accepted participants with their region columns, as
    tuples in the order of PUBLIC_PARTICIPANT_COLUMNS / PERSONAL_PARTICIPANT_COLUMNS."""
    count = len(participants)
    rows = list(range(first_row, first_row + count))
    contents = [content_id] * count
    delegates = (
        pd.to_numeric(participants["delegates"]).fillna(1).astype("int64").tolist()
        if "delegates" in participants.columns
        else [1] * count
    )
    statuses = [status or "unresolved" for status in _optionals(participants, "region_status")]
    encoded: dict[tuple, str] = {}
    candidates = []
    for value in (
        participants[REGION_CANDIDATES].tolist()
        if REGION_CANDIDATES in participants.columns
        else [()] * count
    ):
        key = tuple(value or ())
        if key not in encoded:
            encoded[key] = json.dumps(list(key), ensure_ascii=False)
        candidates.append(encoded[key])
    region_values = [
        statuses if name == "region_status" else _optionals(participants, name)
        for name in REGION_TEXT_COLUMNS
    ]
    public = list(
        zip(
            contents,
            rows,
            *[_texts(participants, name) for name in PARTICIPANT_TEXT_COLUMNS],
            delegates,
            participants[LINE].astype("int64").tolist(),
            _texts(participants, SOURCE_FILE),
            *region_values,
            candidates,
            _floats(participants, REGION_LAT),
            _floats(participants, REGION_LON),
            strict=True,
        )
    )
    personal = list(
        zip(contents, rows, *[_texts(participants, name) for name in PERSONAL_STORED], strict=True)
    )
    return public, personal


def _goals(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(";") if part)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(";") if part)


def _dates(values: Iterable[object]) -> pd.Series:
    return pd.to_datetime(pd.Series(list(values), dtype=object)).astype("datetime64[ns]")


Columns = Mapping[str, Sequence[Any]]  # a stored table read column by column (name -> values)


def trainings_frame(columns: Columns) -> pd.DataFrame:
    """The accepted trainings frame of a version (with year, venue_* and source_file)."""
    frame = pd.DataFrame({name: _record_column(columns, name) for name in TRAINING_TEXT_COLUMNS})
    frame["start_date"] = _dates(columns["start_date"])
    frame["end_date"] = _dates(columns["end_date"])
    frame["sdg_goals"] = pd.Series([_goals(text) for text in columns["sdg_goals"]], dtype=object)
    frame["sdg_targets"] = pd.Series(
        [_codes(text) for text in columns["sdg_targets"]], dtype=object
    )
    frame[LINE] = _record_column(columns, "line", "int64")
    frame["year"] = _record_column(columns, "year", "int64")
    for name in (VENUE_STATUS, VENUE_CODE, VENUE_NAME):
        frame[name] = _record_column(columns, name)
    frame[SOURCE_FILE] = _record_column(columns, "source_file")
    ordered = ["training_id", "title", "start_date", "end_date", "venue", "organizer",
               "partners", "theme", "method", "sdg_goals", "sdg_targets", "source_url", LINE,
               "year", VENUE_STATUS, VENUE_CODE, VENUE_NAME, SOURCE_FILE]  # fmt: skip
    return frame[ordered]


def _record_column(columns: Columns, name: str, dtype: object = object) -> pd.Series:
    return pd.Series(list(columns[name]), dtype=dtype)


def _located(columns: Columns, name: str) -> pd.Series:
    """A coordinate column: NaN where the region has none (None in the database)."""
    return pd.Series(list(columns[name]), dtype=float)


def _candidates(texts: Sequence[str | None]) -> pd.Series:
    """The stored JSON lists of candidate codes as tuples, each distinct text parsed once
    (most rows share "[]" or a few ambiguous names' lists)."""
    parsed = {text: tuple(json.loads(text or "[]")) for text in set(texts)}
    return pd.Series([parsed[text] for text in texts], dtype=object)


def _personal(columns: Columns, personal: Mapping[int, Mapping[str, Any]] | None) -> dict:
    """The personal columns (with gender between them), or gender alone without `personal`."""
    if personal is None:
        return {"gender": _record_column(columns, "gender")}
    data: dict[str, pd.Series] = {}
    for name in ("name", "gender", "position", "email", "phone"):
        if name == "gender":
            data[name] = _record_column(columns, "gender")
        else:
            data[name] = pd.Series(
                [personal.get(row, {}).get(name, "") for row in columns["row"]], dtype=object
            )
    return data


def participants_frame(
    columns: Columns,
    personal: Mapping[int, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Accepted participants with region columns (not yet joined with their trainings).
    `personal` (row -> name/email/phone/position) adds the personal columns; without it the
    frame has none of them."""
    data: dict[str, pd.Series] = {
        name: _record_column(columns, name)
        for name in PARTICIPANT_TEXT_COLUMNS[:5]  # training_id .. level
    }
    data.update(_personal(columns, personal))
    data["delegates"] = _record_column(columns, "delegates", "int64")
    data[LINE] = _record_column(columns, "line", "int64")
    for name in REGION_TEXT_COLUMNS:
        data[name] = _record_column(columns, name)
    data[REGION_CANDIDATES] = _candidates(columns[REGION_CANDIDATES])
    data[REGION_LAT] = _located(columns, "lat")
    data[REGION_LON] = _located(columns, "lon")
    data[SOURCE_FILE] = _record_column(columns, "source_file")
    data[STORE_ROW] = _record_column(columns, "row", "int64")
    return pd.DataFrame(data)
