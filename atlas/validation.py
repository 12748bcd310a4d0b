"""Validating the two input tables: every row ends up accepted or rejected with a reason.

`validate_trainings(raw)` and `validate_participants(raw, known_training_ids)` take the frames of
strings that `atlas.loading.read_table` produces and return `(accepted, TableReport)`.

Rules (so the counts always add up: rows == accepted + len(rejected)):

- A row with several problems is rejected once; its Rejection names the first problem's column
  and code, and its reason lists every problem, separated by "; ".
- A file that lacks a required column is refused as a whole (`MissingColumnsError`, a kind of
  `UnreadableFileError`): it is not this table, and rejecting every row with the same reason
  would hide the one fix needed. The message names the missing and the found columns.
- A target code implies its goal: `sdg_targets` 11.3 adds goal 11 to `sdg_goals` (a target
  belongs to exactly one goal, so this cannot be wrong).
- `delegates`: blank means 1; "3", "3.0", "3,0" (how spreadsheets write whole numbers) are 3;
  "0", "-1", "2.5", "1.000" (a thousands separator or a decimal? we refuse to guess) are rejected.
- `level`: blank is fine; kota, kabupaten, provinsi, in any case, plus the level words of
  atlas.levels (kab, kab., prov., propinsi, city, regency, pemkot, ...); anything else is rejected.
- Cells beyond the header's columns (an unquoted comma shifted the row) reject the row.
- A reason is public: it names the column and the problem. It quotes a value only from the
  trainings table's own columns (ids, dates, goals, targets), never from the participants
  table, where an unquoted comma in a name shifts phone and e-mail into delegates or level,
  and never an extra cell. `Rejection.detail` quotes the values, for the file's owner only.
- Dates: ISO 2018-12-18, 18/12/2018 (day first, also with - or .), 18 Desember 2018 with
  Indonesian or English month names and abbreviations (Agu, Agt, Okt, Des, Dec, ...). An
  impossible date (31/02/2018) is rejected with that reason. A two-digit year yy is 20yy
  (18/12/18 is 2018). A date outside the years `date_range()` (1990 to next year + 5) is
  rejected: 18/12/0218, 0001-01-01 or 01/01/99 (2099) is a typo, never a training, and a date
  pandas cannot hold must not stop the whole file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable

import pandas as pd

from atlas import sdg
from atlas.dates import DateProblem, parse_date
from atlas.dates import quoted as _quote
from atlas.levels import LEVEL_SYNONYMS
from atlas.loading import FORMULA_CELLS
from atlas.row_checks import (  # noqa: F401 (MissingColumnsError: part of this module's API)
    MissingColumnsError,
    Problems,
    check_extra_cells,
    check_required,
    check_truncated,
    clean_strings,
    file_notes,
    map_unique,
    require_columns,
)
from atlas.schema import (
    LINE,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_REQUIRED,
    TRAINING_COLUMNS,
    TRAINING_REQUIRED,
    TableReport,
)

# --- Trainings -----------------------------------------------------------------------------


def _first_checks(
    raw: pd.DataFrame, required: tuple[str, ...], columns: tuple[str, ...], table: str
) -> tuple[pd.DataFrame, pd.DataFrame, Problems]:
    """What every table goes through first: its required columns (MissingColumnsError), the
    contract's columns as stripped strings, a row cut short, required cells left blank.
    (raw and frame indexed 0..n-1, and the problems found.)"""
    require_columns(raw, required, table)
    frame = clean_strings(raw, columns).reset_index(drop=True)
    raw = raw.reset_index(drop=True)
    problems = Problems()
    check_truncated(raw, frame, problems)  # first: a cut row's other problems follow from it
    check_required(frame, required, problems, raw.attrs.get(FORMULA_CELLS, ()))
    return raw, frame, problems


def _date_or_problem(text: str) -> dt.date | DateProblem | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except DateProblem as problem:
        return problem


def _check_duplicate_ids(frame: pd.DataFrame, problems: Problems) -> None:
    ids, lines = frame["training_id"], frame[LINE]
    duplicated = ids.duplicated(keep="first") & (ids != "")
    if not duplicated.any():
        return
    firsts = ~ids.duplicated(keep="first")
    first_line = dict(zip(ids[firsts], lines[firsts], strict=True))
    problems.add_mask(
        duplicated,
        "training_id",
        "duplicate_id",
        lambda p: f"training_id {_quote(ids[p])} is already used on line {first_line[ids[p]]}",
    )


def _check_dates(frame: pd.DataFrame, problems: Problems) -> tuple[pd.Series, pd.Series]:
    """Start and end dates (a date, or None when blank) of every row; problems for the rest."""
    starts = map_unique(frame["start_date"], _date_or_problem)
    ends = map_unique(frame["end_date"], _date_or_problem)
    for column, parsed in (("start_date", starts), ("end_date", ends)):
        for position, value in enumerate(parsed.to_numpy()):
            if isinstance(value, DateProblem):
                problems.add(position, column, value.code, f"{column}: {value.reason}")
    for position, (start, end) in enumerate(zip(starts.to_numpy(), ends.to_numpy(), strict=True)):
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            problems.add(
                position,
                "end_date",
                "end_before_start",
                f"end_date {end.isoformat()} is before start_date {start.isoformat()}",
            )
    return starts, ends


def _check_goals(frame: pd.DataFrame, problems: Problems) -> tuple[pd.Series, pd.Series]:
    """The parsed SDG goals and targets of every row; problems for codes that are neither."""
    parsed_goals = map_unique(frame["sdg_goals"], sdg.parse_goals)
    parsed_targets = map_unique(frame["sdg_targets"], sdg.parse_targets)
    for position, parsed in enumerate(parsed_goals.to_numpy()):
        if parsed.invalid:
            problems.add(
                position,
                "sdg_goals",
                "bad_goal",
                f"sdg_goals: {', '.join(_quote(v) for v in parsed.invalid)} "
                f"{'is not a goal' if len(parsed.invalid) == 1 else 'are not goals'} "
                "(SDG goals are numbered 1 to 17)",
            )
    for position, parsed in enumerate(parsed_targets.to_numpy()):
        if parsed.invalid:
            one = len(parsed.invalid) == 1
            problems.add(
                position,
                "sdg_targets",
                "bad_target",
                f"sdg_targets: {', '.join(_quote(v) for v in parsed.invalid)} "
                f"{'is not an SDG target code' if one else 'are not SDG target codes'}"
                " (such as 11.3 or 17.17)",
            )
    return parsed_goals, parsed_targets


def _as_datetimes(values: list, index: pd.Index) -> pd.Series:
    return pd.to_datetime(pd.Series(values, index=index, dtype=object)).astype("datetime64[ns]")


def _typed_trainings(
    accepted: pd.DataFrame,
    starts: pd.Series,
    ends: pd.Series,
    goals: pd.Series,
    targets: pd.Series,
) -> pd.DataFrame:
    """The accepted rows with real dates (a blank end is the start) and goal/target tuples
    (a target adds its goal)."""
    index = accepted.index
    accepted["start_date"] = _as_datetimes(list(starts), index)
    accepted["end_date"] = _as_datetimes(
        [
            end if isinstance(end, dt.date) else start
            for start, end in zip(starts, ends, strict=True)
        ],
        index,
    )
    accepted["sdg_targets"] = pd.Series([p.targets for p in targets], index=index, dtype=object)
    accepted["sdg_goals"] = pd.Series(
        [
            tuple(sorted(set(g.goals) | {sdg.target_goal(code) for code in t.targets}))
            for g, t in zip(goals, targets, strict=True)
        ],
        index=index,
        dtype=object,
    )
    return accepted.reset_index(drop=True)


def validate_trainings(raw: pd.DataFrame) -> tuple[pd.DataFrame, TableReport]:
    """Accepted trainings (contract in atlas.schema) and the report of every rejected row."""
    raw, frame, problems = _first_checks(raw, TRAINING_REQUIRED, TRAINING_COLUMNS, "trainings")
    _check_duplicate_ids(frame, problems)
    starts, ends = _check_dates(frame, problems)
    goals, targets = _check_goals(frame, problems)
    check_extra_cells(raw, problems)

    keep = problems.accepted_mask(len(frame))
    accepted = _typed_trainings(
        frame[keep].copy(), starts[keep], ends[keep], goals[keep], targets[keep]
    )
    report = TableReport(
        len(frame), len(accepted), problems.rejections(frame[LINE]), file_notes(raw)
    )
    return accepted, report


# --- Participants --------------------------------------------------------------------------

_WHOLE_NUMBER = re.compile(r"\+?0*(\d{1,9})(?:[.,]0{1,2})?")


def _parse_delegates(text: str) -> int | None:
    """ "3", "3.0" -> 3; blank -> 1; anything else (0, -1, 2.5, 1.000, abc) -> None."""
    if text == "":
        return 1
    match = _WHOLE_NUMBER.fullmatch(text)
    if not match or int(match.group(1)) < 1:
        return None
    return int(match.group(1))


def _check_known_trainings(
    frame: pd.DataFrame, known_training_ids: Iterable[str], problems: Problems
) -> None:
    known: Collection[str] = (
        known_training_ids
        if isinstance(known_training_ids, set | frozenset)
        else set(known_training_ids)
    )
    ids = frame["training_id"]
    problems.add_mask(
        (ids != "") & ~ids.isin(known),
        "training_id",
        "unknown_training",
        lambda _p: "training_id is not in the trainings file (or that training was rejected)",
        lambda p: (
            f"training_id {_quote(ids[p])} is not in the trainings file "
            "(or that training was rejected)"
        ),
    )


def validate_participants(
    raw: pd.DataFrame, known_training_ids: Iterable[str] | None = None
) -> tuple[pd.DataFrame, TableReport]:
    """Accepted participant rows and the report of every rejected row.

    `known_training_ids`: the accepted trainings' ids; a row naming another id is rejected.
    None skips that check (participants validated without a trainings file).
    """
    raw, frame, problems = _first_checks(
        raw, PARTICIPANT_REQUIRED, PARTICIPANT_COLUMNS, "participants"
    )
    if known_training_ids is not None:
        _check_known_trainings(frame, known_training_ids, problems)
    delegates = map_unique(frame["delegates"], _parse_delegates)
    problems.add_mask(
        delegates.isna(),
        "delegates",
        "bad_delegates",
        lambda _p: "delegates is not a whole number of 1 or more",
        lambda p: f"delegates {_quote(frame['delegates'][p])} is not a whole number of 1 or more",
    )

    levels = (
        frame["level"].str.lower().map(lambda v: LEVEL_SYNONYMS.get(v, "" if v == "" else None))
    )
    problems.add_mask(
        levels.isna(),
        "level",
        "bad_level",
        lambda _p: "level is not one of kota, kabupaten, provinsi",
        lambda p: f"level {_quote(frame['level'][p])} is not one of kota, kabupaten, provinsi",
    )

    check_extra_cells(raw, problems)

    keep = problems.accepted_mask(len(frame))
    accepted = frame[keep].copy()
    accepted["delegates"] = delegates[keep].astype("int64")
    accepted["level"] = levels[keep].astype(object)
    accepted = accepted.reset_index(drop=True)
    report = TableReport(
        len(frame), len(accepted), problems.rejections(frame[LINE]), file_notes(raw)
    )
    return accepted, report
