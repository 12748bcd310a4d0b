"""What the checks of both tables share: the problems found per row, and the row checks that
apply to any table (required cells, a row cut short, cells beyond the header, file notes).

A reason is public (atlas.validation's rules): it names the column and the problem; values
go into the detail, for the file's owner only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np
import pandas as pd

from atlas.dates import quoted as _quote
from atlas.loading import (
    CLEANED_HEADERS,
    EXTRA_CELLS,
    RECODED_LINES,
    TRUNCATED_LINES,
    UnreadableFileError,
)
from atlas.schema import LINE, FileNote, Rejection


class MissingColumnsError(UnreadableFileError):
    """A required column is missing: the file is refused as a whole."""

    def __init__(self, message: str, missing: tuple[str, ...], *, table: str | None = None) -> None:
        super().__init__(message, "missing_columns", table=table)
        self.missing = missing


Problem = tuple[str | None, str, str, str | None]  # column, code, public reason, detail


def require_columns(raw: pd.DataFrame, required: tuple[str, ...], table: str) -> None:
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


def clean_strings(raw: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """Only the contract's columns, as stripped strings ("" when blank or absent), plus line."""
    clean = pd.DataFrame(index=raw.index)
    for column in columns:
        if column in raw.columns:
            clean[column] = stripped(raw[column])
        else:
            clean[column] = pd.Series("", index=raw.index, dtype=object)
    clean[LINE] = raw[LINE].astype("int64") if LINE in raw.columns else range(2, len(raw) + 2)
    return clean


def stripped(values: pd.Series) -> pd.Series:
    """Each cell as stripped text, "" when blank (a plain loop: no round trip through Arrow)."""
    cells = [
        value.strip() if type(value) is str else "" if pd.isna(value) else str(value).strip()
        for value in values.tolist()
    ]
    return pd.Series(cells, index=values.index, dtype=object)


def map_unique(values: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """Apply `function` once per distinct value (files repeat the same ids and dates)."""
    results = {value: function(value) for value in values.unique()}
    return values.map(results)


class Problems:
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


def check_required(
    frame: pd.DataFrame,
    required: tuple[str, ...],
    problems: Problems,
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


def check_truncated(raw: pd.DataFrame, frame: pd.DataFrame, problems: Problems) -> None:
    truncated = raw.attrs.get(TRUNCATED_LINES) or ()
    if truncated:
        problems.add_mask(
            frame[LINE].isin(truncated), None, "truncated_row", lambda _p: TRUNCATED_REASON
        )


def file_notes(raw: pd.DataFrame) -> list[FileNote]:
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


def check_extra_cells(raw: pd.DataFrame, problems: Problems) -> None:
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
