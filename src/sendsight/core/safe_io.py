"""Inputs that cannot hurt us and exports that cannot attack a spreadsheet.

Every uploaded CSV or XLSX file passes through :func:`read_upload`, and every CSV or XLSX
export is written by :func:`write_csv` or :func:`write_xlsx`.
"""

from __future__ import annotations

import csv
import io
import warnings
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.core.safe_files import (
    COMPRESSED,
    GZIP_MAGIC,
    SAVE_AS_UTF8,
    decode_text,
    megabytes,
    one_line_endings,
    read_file,
    reject,
)

# OWASP "CSV Injection": a spreadsheet treats a cell starting with one of these as a formula
# (tab and carriage return can precede one and are stripped by some importers).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

Rows = Sequence[Sequence[object]]
Table = pl.DataFrame | Rows


def neutralise_formula(cell: str) -> str:
    """Return ``cell`` with a leading apostrophe when a spreadsheet would read it as a formula.

    The apostrophe is the character spreadsheets themselves use to mean "this is text", so a
    person sees the original text and nothing is run. Only text is changed: numbers written
    as numbers (such as -3) never pass through here and stay numeric.
    """
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def _header_and_rows(data: Table, header: Sequence[str] | None) -> tuple[list[str], Rows]:
    if isinstance(data, pl.DataFrame):
        return list(header or data.columns), data.rows()
    return list(header or []), data


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def write_csv(data: Table, *, header: Sequence[str] | None = None) -> str:
    """Write rows (or a frame, whose column names become the header) as CSV text.

    Every text cell, header included, goes through :func:`neutralise_formula`; missing
    values are written as empty cells. Encode as UTF-8 (with a BOM for Excel) when sending.
    """
    head, rows = _header_and_rows(data, header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if head:
        writer.writerow([_csv_text(name) for name in head])
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return buffer.getvalue()


def write_xlsx(
    data: Table, *, header: Sequence[str] | None = None, sheet_title: str = "Data"
) -> bytes:
    """Write rows (or a frame) as a one-sheet Excel workbook and return its bytes.

    Text is always stored as text, never as a formula. Text that would look like a formula
    when edited is given Excel's own "quote prefix" (the hidden leading apostrophe), so the
    cell shows exactly the original text and stays text if someone edits it. Numbers stay
    numbers.
    """
    head, rows = _header_and_rows(data, header)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    if head:
        sheet.append([_xlsx_cell(sheet, name) for name in head])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: object, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=None if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.value = value
        # openpyxl would store text starting with "=" as a formula; force the text type.
        cell.data_type = "s"
        if neutralise_formula(value) != value:
            cell.quotePrefix = True
    return cell


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """Caps that keep a hostile or accidental upload from exhausting memory or time."""

    max_bytes: int = 10_000_000
    max_rows: int = 200_000
    max_line_chars: int = 20_000
    max_uncompressed_bytes: int = 100_000_000
    max_compression_ratio: float = 200.0
    max_members: int = 500
    max_columns: int = 2_000


def file_limits() -> UploadLimits:
    """The limits for case files read from disk by the command line: the upload limits, with
    the size cap (after unzipping a gzip file) from ``SENDSIGHT_IMPORT_MAX_MB``."""
    max_bytes = get_settings().import_max_mb * 1_000_000
    return UploadLimits(max_bytes=max_bytes, max_uncompressed_bytes=max_bytes)


@dataclass(frozen=True, slots=True)
class SniffedFile:
    """An upload whose type was worked out from its bytes: ``kind`` is ``csv`` (``text`` holds
    the decoded text) or ``xlsx`` (``rows`` holds the first sheet's rows of cell values)."""

    filename: str
    kind: str
    text: str | None = None
    rows: list[list[object]] = field(default_factory=list)


_KIND_NAMES = {"csv": "a CSV file", "xlsx": "an Excel workbook (.xlsx)"}


def _reject(filename: str, message: str, line: int | None = None) -> InputRejected:
    return reject(filename, message, line)


def read_upload(
    data: bytes,
    filename: str,
    *,
    allowed: Sequence[str] = ("csv", "xlsx"),
    limits: UploadLimits | None = None,
) -> SniffedFile:
    """Check an uploaded file and return its contents, or raise ``InputRejected``.

    The type comes from the bytes, not the name: an XLSX file is a ZIP archive holding
    ``[Content_Types].xml`` and ``xl/workbook.xml``; a CSV file is UTF-8 text (a BOM is
    allowed) with no NUL bytes. The name's extension must agree. Size, row, line-length and
    (for XLSX) decompression limits are checked before anything is parsed.
    """
    limits = limits or UploadLimits()
    if not data:
        raise _reject(filename, "The selected file is empty")
    if len(data) > limits.max_bytes:
        message = f"The selected file must be smaller than {megabytes(limits.max_bytes)}"
        raise _reject(filename, message)
    kind = _sniff(data, filename)
    _check_name(filename, kind, allowed)
    if kind == "xlsx":
        return SniffedFile(filename, kind, rows=_read_xlsx(data, filename, limits))
    return SniffedFile(filename, kind, text=_read_csv_text(data, filename, limits))


def _sniff(data: bytes, filename: str) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _reject(
            filename, "The file is an old Excel 97-2003 workbook. Save it as .xlsx or CSV"
        )
    if data.startswith(b"PK"):
        if _looks_like_xlsx(data):
            return "xlsx"
        raise _reject(filename, "The file is a ZIP archive but not an Excel workbook (.xlsx)")
    for magic, kind in {GZIP_MAGIC: "compressed with gzip", **COMPRESSED}.items():
        if data.startswith(magic):
            raise _reject(filename, f"The file is {kind}. Extract the CSV file and upload that")
    return "csv"


def _looks_like_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return {"[Content_Types].xml", "xl/workbook.xml"} <= names


def _check_name(filename: str, kind: str, allowed: Sequence[str]) -> None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    wanted = " or ".join(ext.upper() for ext in allowed)
    if extension not in allowed:
        raise _reject(filename, f"The selected file must be a {wanted} file")
    if extension != kind:
        raise _reject(filename, f"The file is called {filename} but it is {_KIND_NAMES[kind]}")


def _read_csv_text(data: bytes, filename: str, limits: UploadLimits) -> str:
    text = one_line_endings(decode_text(data, filename, csv_columns=True, advice=SAVE_AS_UTF8))
    _check_lines(text, filename, limits)
    return text


def read_csv_file(path: Path, filename: str, *, limits: UploadLimits) -> str:
    """The text of the CSV file at ``path``, checked as an upload is (see :func:`read_upload`),
    or raise ``InputRejected``. ``limits.max_bytes`` caps the file and, for a gzip file, what
    it unzips to (:func:`~sendsight.core.safe_files.read_file`)."""
    data = read_file(path, filename, max_bytes=limits.max_bytes)
    if not data:
        raise _reject(filename, "The file is empty")
    return _read_csv_text(data, filename, limits)


def _check_lines(text: str, filename: str, limits: UploadLimits) -> None:
    lines = text.split("\n")
    if len(lines) - (lines[-1] == "") > limits.max_rows + 1:
        raise _reject(filename, f"The file must have no more than {limits.max_rows:,} rows")
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            message = f"Each line must be no longer than {limits.max_line_chars:,} characters"
            raise _reject(filename, message, line=number)


# What openpyxl and zipfile raise on a damaged or hostile workbook (checked by the fuzz tests).
_WORKBOOK_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    ET.ParseError,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    NotImplementedError,
    RuntimeError,
)


def _read_xlsx(data: bytes, filename: str, limits: UploadLimits) -> list[list[object]]:
    try:
        _check_archive(data, filename, limits)
        return _first_sheet_rows(data, filename, limits)
    except InputRejected:
        raise
    except _WORKBOOK_ERRORS:
        raise _reject(filename, "The file is damaged or is not a valid Excel workbook") from None


def _check_archive(data: bytes, filename: str, limits: UploadLimits) -> None:
    """Refuse a ZIP bomb from the central directory alone. Python's zipfile never
    decompresses a member beyond its declared size, so these declared sizes are real bounds."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    if len(members) > limits.max_members:
        raise _reject(filename, f"The workbook has more than {limits.max_members} parts")
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise _reject(filename, "The workbook is too large once unzipped")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise _reject(filename, "The workbook is compressed suspiciously tightly")
    _refuse_doctypes(data, filename)


# A document type declaration is how XML defines entities: "billion laughs" expansion and
# external entities (files or addresses fetched while parsing) both need one. Excel never
# writes one, so any part holding one is refused before openpyxl parses anything.
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_SCAN = 1 << 16


def _refuse_doctypes(data: bytes, filename: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            with archive.open(member) as part:
                if _has_doctype(part):
                    message = "The workbook contains an XML document type declaration. Save "
                    raise _reject(filename, message + "it again from Excel as .xlsx, or as CSV")


def _has_doctype(part: IO[bytes]) -> bool:
    overlap = max(len(d) for d in _DOCTYPES) - 1
    tail = b""
    while chunk := part.read(_SCAN):
        window = tail + chunk
        if any(d in window for d in _DOCTYPES):
            return True
        tail = window[-overlap:]
    return False


def _first_sheet_rows(data: bytes, filename: str, limits: UploadLimits) -> list[list[object]]:
    with warnings.catch_warnings():
        # openpyxl warns about unsupported extensions and styles it ignores; they do not matter
        # for reading values, and must not surface as errors.
        warnings.simplefilter("ignore")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise _reject(filename, "The workbook has no sheets")
            sheet = workbook.worksheets[0]
            # A stray dimension such as A1:XFD1048576 would pad every row; read rows as stored.
            sheet.reset_dimensions()
            rows = _capped_rows(sheet.iter_rows(values_only=True), filename, limits)
        finally:
            workbook.close()
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows


def _capped_rows(
    rows: Iterable[Sequence[object]], filename: str, limits: UploadLimits
) -> list[list[object]]:
    result: list[list[object]] = []
    for row in rows:
        if len(result) > limits.max_rows:
            raise _reject(
                filename, f"The first sheet must have no more than {limits.max_rows:,} rows"
            )
        if len(row) > limits.max_columns:
            message = f"The first sheet must have no more than {limits.max_columns:,} columns"
            raise _reject(filename, message, line=len(result) + 1)
        result.append(list(row))
    return result
