"""The data managers' command line: `python -m atlas check --trainings T --participants P`.

Exit status: 0 when every row is accepted and every region resolved; 1 when any row is
rejected or any region is ambiguous or unresolved; 2 when a file cannot be read at all
(including a file missing a required column, or a usage error). Errors go to stderr in plain
words, never as a traceback.

With `--format json` stdout carries exactly one JSON object:
{"trainings": {...} | null, "participants": {...} | null} — a table not given is null.
Without a trainings file, participants' training_id values are not checked (text output says so).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from atlas.dataset import default_gazetteer, resolve_participant_regions
from atlas.loading import UnreadableFileError, read_file_bytes, read_table
from atlas.participant_regions import FUZZY_SKIPPED
from atlas.schema import (
    LINE,
    PROVINCE_CODE,
    REGION_CANDIDATES,
    REGION_CODE,
    REGION_METHOD,
    REGION_NAME,
    REGION_STATUS,
    TableReport,
)
from atlas.typos import FUZZY_MAX_NAMES
from atlas.validation import validate_participants, validate_trainings

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2
STORE_COMMANDS = ("publish", "versions", "export")  # atlas.store.cli


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so main() decides."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="python -m atlas", description="Atlas Pelatihan data tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="validate trainings and participants files and resolve their regions",
        description="Validate the files and resolve every participant's region.",
    )
    check.add_argument("--trainings", type=Path, help="trainings file (.csv or .xlsx)")
    check.add_argument("--participants", type=Path, help="participants file (.csv or .xlsx)")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _read(path: Path, table: str) -> pd.DataFrame:
    # not found, a folder, a FIFO (refused unopened: it would hang the check), permissions
    data = read_file_bytes(path, table)
    return read_table(data, path.name, table=table)


class _ReferenceDataError(Exception):
    pass


def _reference_data() -> Any:
    try:
        return default_gazetteer()
    except Exception as error:
        raise _ReferenceDataError(
            "the reference data of this installation (data/regions.csv, "
            f"data/region_aliases.csv) is damaged or unreadable ({type(error).__name__}); "
            "reinstall those files."
        ) from error


def _report_json(report: TableReport) -> dict[str, Any]:
    return {
        "rows": report.rows,
        "accepted": report.accepted,
        **({"notes": [note.text for note in report.notes]} if report.notes else {}),
        "rejected": [
            {"line": r.line, "column": r.column, "reason": r.detailed_reason}
            for r in report.rejected
        ],
    }


def _none_if_missing(value: object) -> object:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def region_entries(resolved: pd.DataFrame) -> list[dict[str, Any]]:
    """One JSON-ready entry per accepted participant row, in file order."""
    entries = []
    for row in resolved.itertuples(index=False):
        values = row._asdict()
        entries.append(
            {
                "line": int(values[LINE]),
                "input": values["region"],
                "status": values[REGION_STATUS],
                "code": _none_if_missing(values[REGION_CODE]),
                "name": _none_if_missing(values[REGION_NAME]),
                "province_code": _none_if_missing(values[PROVINCE_CODE]),
                "method": _none_if_missing(values[REGION_METHOD]),
                "candidates": list(values[REGION_CANDIDATES] or ()),
            }
        )
    return entries


# Control characters and the bidirectional overrides that can make a line read differently.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _printable(text: object) -> str:
    """Cell text is hostile: no terminal escape sequences or line breaks reach the terminal."""
    return _CONTROL.sub(
        lambda m: (
            f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) > 0xFF else f"\\x{ord(m.group(0)):02x}"
        ),
        str(text),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _write_report_text(out: TextIO, name: str, report: TableReport) -> None:
    out.write(
        f"{_printable(name)}: {_plural(report.rows, 'row')}, {report.accepted} accepted, "
        f"{len(report.rejected)} rejected\n"
    )
    for note in report.notes:
        out.write(f"  note: {_printable(note.text)}\n")
    for rejection in report.rejected:
        column = f", column {rejection.column}" if rejection.column else ""
        # the data manager's own file: the reason with its values
        out.write(f"  line {rejection.line}{column}: {_printable(rejection.detailed_reason)}\n")


def _write_regions_text(out: TextIO, entries: list[dict[str, Any]]) -> None:
    counts = {status: 0 for status in ("resolved", "ambiguous", "unresolved")}
    for entry in entries:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    out.write(
        f"regions: {counts['resolved']} resolved, {counts['ambiguous']} ambiguous, "
        f"{counts['unresolved']} unresolved\n"
    )
    for entry in entries:
        text = _printable(entry["input"])
        if entry["status"] == "resolved":
            detail = f"{entry['code']} {_printable(entry['name'])} ({entry['method']})"
        elif entry["status"] == "ambiguous":
            candidates = ", ".join(_printable(c) for c in entry["candidates"])
            detail = f"AMBIGUOUS, could be: {candidates}"
        else:
            detail = "UNRESOLVED: no Indonesian province, kota or kabupaten matches"
        out.write(f"  line {entry['line']}: {text} -> {detail}\n")


def _check_trainings(raw: pd.DataFrame, path: Path) -> tuple[TableReport, set[str]]:
    """The trainings' report and the accepted training ids."""
    try:
        accepted_trainings, report = validate_trainings(raw)
    except UnreadableFileError as error:
        raise UnreadableFileError(
            f"{path.name}: {error.message}", error.code, table="trainings"
        ) from None
    return report, set(accepted_trainings["training_id"])


def _check_participants(
    raw: pd.DataFrame, path: Path, known_ids: set[str] | None
) -> tuple[TableReport, list[dict[str, Any]]]:
    """The participants' report and the region of every accepted row (region_entries)."""
    try:
        accepted, report = validate_participants(raw, known_ids)
    except UnreadableFileError as error:
        raise UnreadableFileError(
            f"{path.name}: {error.message}", error.code, table="participants"
        ) from None
    resolved = resolve_participant_regions(accepted, _reference_data())
    skipped = int(resolved.attrs.get(FUZZY_SKIPPED, 0))
    if skipped:
        sys.stderr.write(
            f"warning: {skipped:,} distinct region names were not checked for typos (more "
            f"than {FUZZY_MAX_NAMES:,} in this file need it); they stay unresolved\n"
        )
    return report, region_entries(resolved)


def check(
    trainings_path: Path | None,
    participants_path: Path | None,
    output_format: str,
    out: TextIO,
) -> int:
    """Run the check; write the report to `out`; return the exit status (0 or 1).
    Raises UnreadableFileError when a file cannot be read at all."""
    trainings_raw = _read(trainings_path, "trainings") if trainings_path else None
    participants_raw = _read(participants_path, "participants") if participants_path else None

    trainings_report = participants_report = None
    known_ids: set[str] | None = None
    if trainings_raw is not None and trainings_path is not None:
        trainings_report, known_ids = _check_trainings(trainings_raw, trainings_path)
    entries: list[dict[str, Any]] = []
    if participants_raw is not None and participants_path is not None:
        participants_report, entries = _check_participants(
            participants_raw, participants_path, known_ids
        )

    problems = any(
        report is not None and report.rejected for report in (trainings_report, participants_report)
    ) or any(entry["status"] != "resolved" for entry in entries)

    try:
        _write_output(
            out, output_format, trainings_path, participants_path, trainings_report,
            participants_report, known_ids, entries, problems,
        )  # fmt: skip
    except BrokenPipeError:
        # `... | head`: the reader has gone; the exit status still tells the result.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PROBLEMS if problems else EXIT_OK


def _write_output(
    out: TextIO,
    output_format: str,
    trainings_path: Path | None,
    participants_path: Path | None,
    trainings_report: TableReport | None,
    participants_report: TableReport | None,
    known_ids: set[str] | None,
    entries: list[dict[str, Any]],
    problems: bool,
) -> None:
    if output_format == "json":
        document: dict[str, Any] = {
            "trainings": _report_json(trainings_report) if trainings_report else None,
            "participants": (
                {**_report_json(participants_report), "regions": entries}
                if participants_report
                else None
            ),
        }
        text = json.dumps(document, ensure_ascii=False, indent=2)
        try:
            text.encode(getattr(out, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            # a stdout that cannot say every character gets JSON's own \u escapes, still valid
            text = json.dumps(document, ensure_ascii=True, indent=2)
        out.write(text + "\n")
    else:
        if trainings_report is not None and trainings_path is not None:
            _write_report_text(out, trainings_path.name, trainings_report)
        if participants_report is not None and participants_path is not None:
            _write_report_text(out, participants_path.name, participants_report)
            if known_ids is None:
                out.write(
                    "  training_id not checked against trainings: no --trainings file given\n"
                )
            _write_regions_text(out, entries)
        out.write(
            "result: " + ("problems found\n" if problems else "all rows accepted and resolved\n")
        )
    out.flush()


def _survive_any_terminal_encoding() -> None:
    """A stdout that cannot encode a character (PYTHONIOENCODING=ascii, a cp1252 console) shows
    it as a backslash escape instead of dying halfway through the report."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _survive_any_terminal_encoding()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # The store's commands (atlas.store.cli), also after a leading `--database URL`.
    command = arguments[2:3] if arguments[:1] == ["--database"] else arguments[:1]
    if command and command[0] in STORE_COMMANDS:
        from atlas.store.cli import main as store_main  # publish | versions | export

        return store_main(arguments)
    try:
        args = _parser().parse_args(arguments)
        if args.trainings is None and args.participants is None:
            raise _UsageError("give --trainings, --participants or both")
        return check(args.trainings, args.participants, args.format, sys.stdout)
    except _UsageError as error:
        sys.stderr.write(
            f"usage: python -m atlas check [--trainings T] [--participants P] "
            f"[--format text|json]\nerror: {_printable(error)}\n"
        )
        return EXIT_UNREADABLE
    except UnreadableFileError as error:
        table = f"{error.table} file: " if error.table else ""
        # the message quotes file names, headers and first lines: escape what a terminal obeys
        sys.stderr.write(f"error: {table}{_printable(error.message)}\n")
        return EXIT_UNREADABLE
    except _ReferenceDataError as error:
        sys.stderr.write(f"error: {_printable(error)}\n")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_UNREADABLE
    except Exception as error:  # the boundary: never a traceback for a data manager
        sys.stderr.write(
            f"error: the check could not finish ({type(error).__name__}: {_printable(error)})\n"
        )
        return EXIT_UNREADABLE
