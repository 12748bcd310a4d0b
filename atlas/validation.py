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
from collections.abc import Callable, Collection, Iterable

import numpy as np
import pandas as pd

from atlas import sdg
from atlas.levels import LEVEL_SYNONYMS
from atlas.loading import (
    CLEANED_HEADERS,
    EXTRA_CELLS,
    FORMULA_CELLS,
    RECODED_LINES,
    TRUNCATED_LINES,
    UnreadableFileError,
)
from atlas.schema import (
    LINE,
    PARTICIPANT_COLUMNS,
    PARTICIPANT_REQUIRED,
    TRAINING_COLUMNS,
    TRAINING_REQUIRED,
    FileNote,
    Rejection,
    TableReport,
)


class MissingColumnsError(UnreadableFileError):
    """A required column is missing: the file is refused as a whole."""

    def __init__(self, message: str, missing: tuple[str, ...], *, table: str | None = None) -> None:
        super().__init__(message, "missing_columns", table=table)
        self.missing = missing


# --- Dates ---------------------------------------------------------------------------------

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

# A time of day after the date (a spreadsheet datetime cell) does not change the day.
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[\s\-.]+([a-z]+)\.?[\s\-.,]+(\d{4})")
_MONTH_NAME_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
# "Selasa, 18 Desember 2018": the day of the week is noise.
_WEEKDAY = re.compile(
    r"^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\s*,?\s*"
)


class DateProblem(ValueError):
    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def parse_date(text: str) -> dt.date:
    """Parse one date as organizers write it; DateProblem (with a plain reason) otherwise."""
    cleaned = _WEEKDAY.sub("", re.sub(r"\s+", " ", text.strip().lower()))
    parts: tuple[int, int, int] | None = None
    if match := _ISO.fullmatch(cleaned):
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _DAY_FIRST.fullmatch(cleaned):
        year = int(match.group(3))
        year = year + 2000 if len(match.group(3)) == 2 else year
        parts = (year, int(match.group(2)), int(match.group(1)))
    elif (match := _DAY_MONTH_NAME.fullmatch(cleaned)) and match.group(2) in MONTHS:
        parts = (int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    elif (match := _MONTH_NAME_DAY.fullmatch(cleaned)) and match.group(1) in MONTHS:
        parts = (int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    if parts is None:
        raise DateProblem(
            f"{_quote(text)} is not a date in a known form (use 2018-12-18, 18/12/2018 "
            "or 18 Desember 2018)",
            "bad_date",
        )
    try:
        date = dt.date(*parts)
    except ValueError:
        raise DateProblem(f"{_quote(text)} is not a real date", "impossible_date") from None
    first, last = date_range()
    if not first <= date.year <= last:
        two_digits = match is not None and match.re is _DAY_FIRST and len(match.group(3)) == 2
        read_as = (
            f" (a two-digit year is read as 20{match.group(3)})"
            if two_digits and match is not None
            else ""
        )
        raise DateProblem(
            f"{_quote(text)} is outside the accepted years {first}–{last}{read_as}",
            "date_out_of_range",
        )
    return date


MIN_YEAR = 1990
YEARS_AHEAD = 5  # trainings are planned, but not further than next year + 5


def date_range(today: dt.date | None = None) -> tuple[int, int]:
    """The years a training date may have: 1990 to next year + 5 (2031 in 2025)."""
    year = (today or dt.date.today()).year
    return MIN_YEAR, year + 1 + YEARS_AHEAD


# --- Helpers -------------------------------------------------------------------------------

Problem = tuple[str | None, str, str, str | None]  # column, code, public reason, detail


def _quote(value: object, limit: int = 60) -> str:
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def _require_columns(raw: pd.DataFrame, required: tuple[str, ...], table: str) -> None:
    missing = tuple(column for column in required if column not in raw.columns)
    if missing:
        found = [c for c in raw.columns if c not in (LINE, EXTRA_CELLS)]
        raise MissingColumnsError(
            f"The {table} file has no {', '.join(missing)} column"
            f"{'s' if len(missing) > 1 else ''} (required). Columns found: "
            f"{', '.join(found) if found else 'none'}.",
            missing,
            table=table,
        )


def _clean_strings(raw: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Only the contract's columns, as stripped strings ("" when blank or absent), plus line."""
    clean = pd.DataFrame(index=raw.index)
    for column in columns:
        if column in raw.columns:
            clean[column] = _stripped(raw[column])
        else:
            clean[column] = pd.Series("", index=raw.index, dtype=object)
    clean[LINE] = raw[LINE].astype("int64") if LINE in raw.columns else range(2, len(raw) + 2)
    return clean


def _stripped(values: pd.Series) -> pd.Series:
    """Each cell as stripped text, "" when blank (a plain loop: no round trip through Arrow)."""
    cells = [
        value.strip() if type(value) is str else "" if pd.isna(value) else str(value).strip()
        for value in values.tolist()
    ]
    return pd.Series(cells, index=values.index, dtype=object)


def _map_unique(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """Apply `function` once per distinct value (files repeat the same ids and dates)."""
    results = {value: function(value) for value in values.unique()}
    return values.map(results)


class _Problems:
    """Problems per row position, in the order the checks found them. Each has a public reason
    (no cell value that may be personal) and, when it quotes values, a detail."""

    def __init__(self) -> None:
        self.by_position: dict[int, list[Problem]] = {}

    def add(
        self,
        position: int,
        column: str | None,
        code: str,
        reason: str,
        detail: str | None = None,
    ) -> None:
        self.by_position.setdefault(position, []).append((column, code, reason, detail))

    def add_mask(
        self,
        mask: pd.Series,
        column: str | None,
        code: str,
        reason: Callable[[int], str],
        detail: Callable[[int], str] | None = None,
    ) -> None:
        for position in mask.to_numpy().nonzero()[0]:
            where = int(position)
            self.add(where, column, code, reason(where), detail(where) if detail else None)

    def rejections(self, lines: pd.Series) -> list[Rejection]:
        line_values = lines.to_numpy()
        rejected = []
        for position in sorted(self.by_position):
            problems = self.by_position[position]
            column, code, _, _ = problems[0]
            reason = "; ".join(problem[2] for problem in problems)
            detail = (
                "; ".join(problem[3] or problem[2] for problem in problems)
                if any(problem[3] is not None for problem in problems)
                else None
            )
            found = tuple((problem[0], problem[1]) for problem in problems)
            rejected.append(
                Rejection(int(line_values[position]), column, reason, code, detail, found)
            )
        return rejected

    def accepted_mask(self, length: int) -> np.ndarray:
        mask = np.ones(length, dtype=bool)
        mask[list(self.by_position)] = False
        return mask


def _check_required(
    frame: pd.DataFrame,
    required: tuple[str, ...],
    problems: _Problems,
    formula_cells: Collection[tuple[int, str]] = (),
) -> None:
    """A required cell that is blank; a workbook formula without a saved value is said so (the
    cell is not empty in Excel, it was never calculated and saved)."""
    lines = frame[LINE].to_numpy()
    formulas = set(formula_cells)
    for column in required:
        blank = (frame[column] == "").to_numpy()
        for position in blank.nonzero()[0]:
            where = int(position)
            if (int(lines[where]), column) in formulas:
                problems.add(
                    where,
                    column,
                    "formula_no_value",
                    f"{column} is a formula without a saved value; open the file in Excel "
                    "and save it again (or paste the values)",
                )
            else:
                problems.add(where, column, "required", f"{column} is empty")


EXTRA_CELLS_REASON = (
    "the row has more cells than the header has columns; a comma or semicolon inside a value "
    "needs quotes"
)


TRUNCATED_REASON = (
    "the file ends in the middle of this row (no line break at the end, and fewer cells than "
    "the header or an unclosed quote): the file may have been cut short"
)


def _check_truncated(raw: pd.DataFrame, frame: pd.DataFrame, problems: _Problems) -> None:
    truncated = raw.attrs.get(TRUNCATED_LINES) or ()
    if truncated:
        problems.add_mask(
            frame[LINE].isin(truncated), None, "truncated_row", lambda _p: TRUNCATED_REASON
        )


def _notes(raw: pd.DataFrame) -> list[FileNote]:
    """What the reader should know about the file although no row is rejected for it."""
    notes = []
    cleaned = tuple(raw.attrs.get(CLEANED_HEADERS) or ())
    if cleaned:
        notes.append(
            FileNote(
                "cleaned_headers",
                cleaned,
                "invisible characters (zero-width or non-breaking spaces) were removed from the "
                f"header{'s' if len(cleaned) > 1 else ''} {', '.join(_quote(h) for h in cleaned)}",
            )
        )
    recoded = tuple(str(line) for line in raw.attrs.get(RECODED_LINES) or ())
    if recoded:
        shown = ", ".join(recoded[:10]) + (" …" if len(recoded) > 10 else "")
        many = len(recoded) > 1
        notes.append(
            FileNote(
                "recoded_lines",
                recoded,
                f"the file is UTF-8 but text line{'s' if many else ''} {shown} "
                f"{'are' if many else 'is'} not: read as Windows-1252; check "
                f"{'their' if many else 'its'} accented letters",
            )
        )
    return notes


def _check_extra_cells(raw: pd.DataFrame, problems: _Problems) -> None:
    if EXTRA_CELLS not in raw.columns:
        return
    extras = raw[EXTRA_CELLS].fillna("").astype(str).to_numpy()
    for position, extra in enumerate(extras):
        if extra:
            problems.add(
                position,
                None,
                "extra_cells",
                EXTRA_CELLS_REASON,
                f"the row has more cells than the header has columns ({_quote(extra)}); "
                "a comma or semicolon inside a value needs quotes",
            )


# --- Trainings -----------------------------------------------------------------------------


def _date_or_problem(text: str) -> dt.date | DateProblem | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except DateProblem as problem:
        return problem


def validate_trainings(raw: pd.DataFrame) -> tuple[pd.DataFrame, TableReport]:
    """Accepted trainings (contract in atlas.schema) and the report of every rejected row."""
    _require_columns(raw, TRAINING_REQUIRED, "trainings")
    frame = _clean_strings(raw, TRAINING_COLUMNS).reset_index(drop=True)
    raw = raw.reset_index(drop=True)
    problems = _Problems()
    lines = frame[LINE]
    _check_truncated(raw, frame, problems)  # first: a cut row's other problems follow from it

    _check_required(frame, TRAINING_REQUIRED, problems, raw.attrs.get(FORMULA_CELLS, ()))

    ids = frame["training_id"]
    duplicated = ids.duplicated(keep="first") & (ids != "")
    if duplicated.any():
        first_line = dict(
            zip(
                ids[~ids.duplicated(keep="first")],
                lines[~ids.duplicated(keep="first")],
                strict=True,
            )
        )
        problems.add_mask(
            duplicated,
            "training_id",
            "duplicate_id",
            lambda p: f"training_id {_quote(ids[p])} is already used on line {first_line[ids[p]]}",
        )

    starts = _map_unique(frame["start_date"], _date_or_problem)
    ends = _map_unique(frame["end_date"], _date_or_problem)
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

    parsed_goals = _map_unique(frame["sdg_goals"], sdg.parse_goals)
    parsed_targets = _map_unique(frame["sdg_targets"], sdg.parse_targets)
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
            problems.add(
                position,
                "sdg_targets",
                "bad_target",
                f"sdg_targets: {', '.join(_quote(v) for v in parsed.invalid)} "
                f"{'is not an SDG target code' if len(parsed.invalid) == 1 else 'are not SDG target codes'}"  # noqa: E501
                " (such as 11.3 or 17.17)",
            )

    _check_extra_cells(raw, problems)

    keep = problems.accepted_mask(len(frame))
    accepted = frame[keep].copy()
    accepted["start_date"] = pd.to_datetime(
        pd.Series(list(starts[keep]), index=accepted.index, dtype=object)
    ).astype("datetime64[ns]")
    end_values = [
        end if isinstance(end, dt.date) else start
        for start, end in zip(starts[keep], ends[keep], strict=True)
    ]
    accepted["end_date"] = pd.to_datetime(
        pd.Series(end_values, index=accepted.index, dtype=object)
    ).astype("datetime64[ns]")
    accepted["sdg_targets"] = pd.Series(
        [parsed.targets for parsed in parsed_targets[keep]], index=accepted.index, dtype=object
    )
    accepted["sdg_goals"] = pd.Series(
        [
            tuple(sorted(set(goals.goals) | {sdg.target_goal(t) for t in targets.targets}))
            for goals, targets in zip(parsed_goals[keep], parsed_targets[keep], strict=True)
        ],
        index=accepted.index,
        dtype=object,
    )
    accepted = accepted.reset_index(drop=True)
    report = TableReport(len(frame), len(accepted), problems.rejections(lines), _notes(raw))
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


def validate_participants(
    raw: pd.DataFrame, known_training_ids: Iterable[str] | None = None
) -> tuple[pd.DataFrame, TableReport]:
    """Accepted participant rows and the report of every rejected row.

    `known_training_ids`: the accepted trainings' ids; a row naming another id is rejected.
    None skips that check (participants validated without a trainings file).
    """
    _require_columns(raw, PARTICIPANT_REQUIRED, "participants")
    frame = _clean_strings(raw, PARTICIPANT_COLUMNS).reset_index(drop=True)
    raw = raw.reset_index(drop=True)
    problems = _Problems()
    _check_truncated(raw, frame, problems)  # first: a cut row's other problems follow from it

    _check_required(frame, PARTICIPANT_REQUIRED, problems, raw.attrs.get(FORMULA_CELLS, ()))

    if known_training_ids is not None:
        known: Collection[str] = (
            known_training_ids
            if isinstance(known_training_ids, set | frozenset)
            else set(known_training_ids)
        )
        ids = frame["training_id"]
        unknown = (ids != "") & ~ids.isin(known)
        problems.add_mask(
            unknown,
            "training_id",
            "unknown_training",
            lambda _p: "training_id is not in the trainings file (or that training was rejected)",
            lambda p: (
                f"training_id {_quote(ids[p])} is not in the trainings file "
                "(or that training was rejected)"
            ),
        )

    delegates = _map_unique(frame["delegates"], _parse_delegates)
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

    _check_extra_cells(raw, problems)

    keep = problems.accepted_mask(len(frame))
    accepted = frame[keep].copy()
    accepted["delegates"] = delegates[keep].astype("int64")
    accepted["level"] = levels[keep].astype(object)
    accepted = accepted.reset_index(drop=True)
    report = TableReport(len(frame), len(accepted), problems.rejections(frame[LINE]), _notes(raw))
    return accepted, report
