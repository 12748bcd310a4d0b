"""`python -m atlas publish | versions | export`: the store from the command line.

    python -m atlas publish --trainings T --participants P --note "..." [--append [--replace]]
    python -m atlas versions [--format json]
    python -m atlas export [--version N] --out DIR

The database is the configured one (atlas.store.engine.configured_url: $ATLAS_DATABASE_URL, else
`[connections.atlas] url` in .streamlit/secrets.toml, else var/atlas.db), or `--database URL`.
Exit status as `check`: 0 published and every row accepted and resolved; 1 published with rows
rejected or regions not resolved; 2 nothing published or written (a file cannot be read, a
conflict without --replace, another version published meanwhile, the database unreachable, a
usage error). Messages in plain words on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError

from atlas.cli import _printable
from atlas.dataset import default_gazetteer
from atlas.loading import UnreadableFileError
from atlas.store import service
from atlas.store.engine import configured_url, make_engine
from atlas.store.prepare import Candidate, ConflictError
from atlas.store.records import SourceFile, StaleVersionError, UnknownVersionError, VersionInfo
from atlas.store.store import Store

COMMANDS = ("publish", "versions", "export")
EXIT_OK, EXIT_PROBLEMS, EXIT_NOT_DONE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m atlas", description="Atlas Pelatihan store tools.")
    parser.add_argument("--database", help="SQLAlchemy URL (default: the configured database)")
    commands = parser.add_subparsers(dest="command", required=True)
    publish = commands.add_parser("publish", help="publish files as a new version")
    publish.add_argument("--trainings", type=Path, help="trainings file (.csv or .xlsx)")
    publish.add_argument("--participants", type=Path, required=True)
    publish.add_argument("--note", required=True, help="what changed, shown in the history")
    publish.add_argument("--author", default=None, help="default: the login name")
    publish.add_argument(
        "--append", action="store_true", help="add to the latest version instead of replacing it"
    )
    publish.add_argument(
        "--replace", action="store_true", help="with --append: replace conflicting trainings"
    )
    versions = commands.add_parser("versions", help="list the published versions")
    versions.add_argument("--format", choices=("text", "json"), default="text")
    export = commands.add_parser("export", help="write a version's files to a folder")
    export.add_argument("--version", type=int, help="version number (default: the latest)")
    export.add_argument("--out", type=Path, required=True)
    for sub in (publish, versions, export):
        sub.add_argument("--database", help=argparse.SUPPRESS, default=argparse.SUPPRESS)
    return parser


def _source(path: Path, role: str) -> SourceFile:
    try:
        return SourceFile(role, path.name, path.read_bytes())
    except FileNotFoundError:
        raise UnreadableFileError(f"{path}: no such file.", "not_found") from None
    except IsADirectoryError:
        raise UnreadableFileError(f"{path} is a folder, not a file.", "not_found") from None
    except OSError as error:
        raise UnreadableFileError(
            f"{path} cannot be opened ({error.strerror}).", "not_found"
        ) from None


def _describe(version: VersionInfo) -> str:
    date = version.created_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"version {version.number} ({version.kind}, {date}, by {_printable(version.author)}): "
        f"{version.trainings} trainings, {version.participants} participant rows "
        f"({version.participants_total} participants); rejected: {version.rejected_trainings} "
        f"trainings, {version.rejected_participants} participant rows"
    )


def _write_problems(candidate: Candidate, out: TextIO) -> None:
    """The upload's duplicate and rejected rows, one line each."""
    for row in candidate.duplicates.itertuples(index=False):
        out.write(
            f"  duplicate: {_printable(row.source_file)} line {row.line} repeats "
            f"{_printable(row.duplicate_of)}\n"
        )
    for report, name in (
        (candidate.dataset.trainings_report, "trainings"),
        (candidate.dataset.participants_report, "participants"),
    ):
        for rejection in report.rejected:
            column = f", column {rejection.column}" if rejection.column else ""
            out.write(f"  {name} line {rejection.line}{column}: {_printable(rejection.reason)}\n")


def _publish(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    if args.trainings is None and not args.append:
        raise _UsageError("--trainings is needed unless --append adds participants")
    if args.replace and not args.append:
        raise _UsageError("--replace only goes with --append")
    trainings = _source(args.trainings, "trainings") if args.trainings else None
    participants = _source(args.participants, "participants")
    mode = "append" if args.append else "replace"
    candidate = service.prepare_against_latest(
        store, trainings, participants, default_gazetteer(), mode=mode
    )
    if candidate.conflicts and not args.replace:
        ids = ", ".join(_printable(i) for i in candidate.conflicts)
        sys.stderr.write(
            f"error: already published with other content: {ids}. Nothing was published; "
            "use --replace to replace them.\n"
        )
        return EXIT_NOT_DONE
    _write_problems(candidate, out)
    statuses = candidate.dataset.participants["region_status"].value_counts()
    version = store.publish(
        candidate.content(replace_conflicts=args.replace),
        author=args.author or getpass.getuser(),
        note=args.note,
        kind="append" if args.append else "publish",
        expected_parent=candidate.expected_parent,
        check_parent=args.append,
    )
    out.write(
        f"regions: {int(statuses.get('resolved', 0))} resolved, "
        f"{int(statuses.get('ambiguous', 0))} ambiguous, "
        f"{int(statuses.get('unresolved', 0))} unresolved\n"
    )
    out.write("published " + _describe(version) + "\n")
    return EXIT_PROBLEMS if candidate.problems else EXIT_OK


def _versions(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    listed = store.versions()
    if args.format == "json":
        document = [
            {
                "version": v.number, "parent": v.parent, "content": v.content, "kind": v.kind,
                "created_at": v.created_at.isoformat(), "author": v.author, "note": v.note,
                "trainings": v.trainings, "participant_rows": v.participants,
                "participants": v.participants_total,
                "rejected_trainings": v.rejected_trainings,
                "rejected_participant_rows": v.rejected_participants,
            }
            for v in listed
        ]  # fmt: skip
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if not listed:
        out.write("no version published yet\n")
    for version in listed:
        out.write(_describe(version) + "\n")
        if version.note:
            out.write(f"  note: {_printable(version.note)}\n")
    return EXIT_OK


def _export(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    number = args.version
    if number is None:
        latest = store.latest()
        if latest is None:
            sys.stderr.write("error: no version published yet; nothing to export\n")
            return EXIT_NOT_DONE
        number = latest.number
    written = service.export_version(store, number, args.out)
    out.write(f"version {number}: wrote {len(written)} files to {_printable(args.out)}\n")
    return EXIT_OK


def main(argv: Sequence[str], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        args = _parser().parse_args(list(argv))
        store = Store(make_engine(args.database or configured_url()))
        store.migrate()
        handler = {"publish": _publish, "versions": _versions, "export": _export}[args.command]
        return handler(store, args, out)
    except _UsageError as error:
        sys.stderr.write(f"usage: python -m atlas {'|'.join(COMMANDS)} ...\nerror: {error}\n")
    except UnreadableFileError as error:
        sys.stderr.write(f"error: {_printable(error.message)} Nothing was published.\n")
    except ConflictError as error:
        sys.stderr.write(f"error: conflicting trainings {error.training_ids}\n")
    except StaleVersionError as error:
        sys.stderr.write(
            f"error: version {error.latest} was published while this one was prepared; "
            "run the command again. Nothing was published.\n"
        )
    except UnknownVersionError as error:
        sys.stderr.write(f"error: there is no version {error.number}\n")
    except SQLAlchemyError as error:
        sys.stderr.write(
            f"error: the database cannot be used ({type(error).__name__}); nothing was written.\n"
        )
    except OSError as error:
        sys.stderr.write(f"error: {_printable(error)}\n")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was published\n")
    return EXIT_NOT_DONE
