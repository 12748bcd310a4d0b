"""The parts of an .xlsx workbook (a zip of XML parts), opened and parsed with care.

`open_archive` measures the zip before anything is unpacked; `parse_part` streams one XML part
through expat, refusing a document type declaration (the carrier of "billion laughs" and
external entities); `locate_parts` finds the first worksheet and the styles and shared strings
it needs, through the workbook's relationships.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn
from xml.parsers import expat

MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all parts of the workbook, once unzipped
_CHUNK = 1 << 20
_PREFIXED_ROOT = re.compile(rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->)*<[A-Za-z_][\w.-]*:", re.S)


class WorkbookError(ValueError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class Refused(Exception):
    """Raised inside expat handlers to stop parsing; carries the WorkbookError."""

    def __init__(self, error: WorkbookError) -> None:
        super().__init__(error.message)
        self.error = error


def local_name(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def parse_part(
    archive: zipfile.ZipFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None] | None,
    name: str,
) -> None:
    """Stream one XML part through expat with the given handlers; no DTD, no entities."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 65536

    def refuse_dtd(*_args: object) -> NoReturn:
        raise Refused(
            WorkbookError(
                f"{name} is not a workbook Excel writes: a part declares a document type "
                "(entity definitions), which is refused.",
                "xlsx_dtd",
            )
        )

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.ExternalEntityRefHandler = refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with archive.open(part) as stream:
            chunk = stream.read(_CHUNK)
            # Handlers get local names. Parts whose root element has a prefix ("x:worksheet")
            # go through a wrapper that strips it; the usual unprefixed part pays nothing.
            if _PREFIXED_ROOT.search(chunk[:4096]):
                parser.StartElementHandler = lambda tag, attrs: start(local_name(tag), attrs)
                parser.EndElementHandler = lambda tag: end(local_name(tag))
            else:
                parser.StartElementHandler = start
                parser.EndElementHandler = end
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(_CHUNK)
        parser.Parse(b"", True)
    except Refused as refused:
        raise refused.error from None
    except (expat.ExpatError, zipfile.BadZipFile, EOFError, OSError) as error:
        raise WorkbookError(
            f"{name} could not be read as an Excel workbook (damaged part {part}: {error}).",
            "bad_xlsx",
        ) from None


def find_part(archive: zipfile.ZipFile, path: str) -> str | None:
    names = {info.filename.lower(): info.filename for info in archive.infolist()}
    return names.get(path.lstrip("/").lower())


def relationships(archive: zipfile.ZipFile, part: str, name: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, target path inside the zip) of a part's .rels file."""
    folder, base = posixpath.split(part)
    rels_part = find_part(archive, posixpath.join(folder, "_rels", base + ".rels"))
    found: dict[str, tuple[str, str]] = {}
    if rels_part is None:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found[attrs["Id"]] = (attrs.get("Type", ""), posixpath.normpath(path))

    parse_part(archive, rels_part, start, lambda _tag: None, None, name)
    return found


def open_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The workbook's zip, refused before any part is unpacked when it is not a zip, unpacks
    past MAX_UNPACKED_BYTES (sizes from the zip directory, which zipfile also enforces while
    unpacking), or is password-protected."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise WorkbookError(
            f"{name} could not be opened as an Excel workbook ({error}).", "bad_xlsx"
        ) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            f"{name} is too large once unpacked ({unpacked / 1_048_576:,.0f} MB); the limit for "
            f"a workbook is {MAX_UNPACKED_BYTES / 1_048_576:.0f} MB unpacked.",
            "too_large_unpacked",
        )
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookError(
            f"{name} is password-protected; save it without a password.", "encrypted"
        )
    return archive


@dataclass(frozen=True)
class SheetParts:
    """Where the first worksheet and what it refers to are, inside the zip."""

    sheet: str
    styles: str | None
    shared_strings: str | None
    date1904: bool


def _workbook_sheets(
    archive: zipfile.ZipFile, workbook_part: str, name: str
) -> tuple[list[str], bool]:
    """The relationship ids of the worksheets, in order, and whether dates count from 1904."""
    sheet_ids: list[str] = []
    settings = {"date1904": False}

    def workbook_start(tag: str, attrs: dict[str, str]) -> None:
        if tag == "sheet":
            rel = next((v for k, v in attrs.items() if local_name(k) == "id"), None)
            if rel:
                sheet_ids.append(rel)
        elif tag == "workbookPr":
            settings["date1904"] = attrs.get("date1904", "").lower() in ("1", "true")

    parse_part(archive, workbook_part, workbook_start, lambda _tag: None, None, name)
    return sheet_ids, settings["date1904"]


def locate_parts(archive: zipfile.ZipFile, name: str) -> SheetParts:
    """The first worksheet's part and the styles and shared strings of the workbook."""
    workbook_part = find_part(archive, "xl/workbook.xml")
    if workbook_part is None:
        raise WorkbookError(
            f"{name} could not be opened as an Excel workbook (it has no xl/workbook.xml).",
            "bad_xlsx",
        )
    sheet_ids, date1904 = _workbook_sheets(archive, workbook_part, name)
    relations = relationships(archive, workbook_part, name)
    if not sheet_ids or sheet_ids[0] not in relations:
        raise WorkbookError(f"{name} has no worksheet.", "empty")
    sheet_part = find_part(archive, relations[sheet_ids[0]][1])
    if sheet_part is None:
        raise WorkbookError(f"{name} has no worksheet.", "empty")

    def related(kind: str, default: str) -> str | None:
        for rel_type, target in relations.values():
            if rel_type.endswith("/" + kind):
                return find_part(archive, target)
        return find_part(archive, default)

    return SheetParts(
        sheet_part,
        related("styles", "xl/styles.xml"),
        related("sharedStrings", "xl/sharedStrings.xml"),
        date1904,
    )
