"""A corpus of malformed EHC case files, made here from synthetic rows (issue 12, item 7).

Each :class:`Case` is one requests file that once crashed ``sendsight ehc import`` (a traceback
printing a child's UPN and date of birth), was silently altered, or was accepted when it should
not have been. ``where`` is the (line, column) the refusal must name, and ``words`` a phrase its
message must hold; ``where`` None means the file is accepted (a documented conversion).
No refusal may quote :data:`SECRETS`, the synthetic child's identifiers.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile
from dataclasses import dataclass

HEADER = (
    "request_id,person_id,date_of_birth,upn,request_source,received_on,decision,decision_on,"
    "assessment_outcome,assessment_outcome_on,final_issued_on\n"
)
UPN = "J999900019001"  # valid check letter; synthetic (LA 999 does not exist)
BAD_UPN = "A999900019001"  # the same with a wrong check letter
DOB = "2015-03-02"
ROW = f"Q-R001,Q-P001,{DOB},{UPN},parent,2024-01-08,assess,2024-02-12,issue,2024-05-01,2024-05-27\n"
SECRETS = (UPN, BAD_UPN, DOB, "Q-R001", "Q-P001", "0000-01-01", "2015-02-31", "1015-03-02")


@dataclass(frozen=True)
class Case:
    """One malformed (or oddly made) requests file and what must become of it."""

    name: str
    data: bytes
    where: tuple[int | None, str | None] | None
    words: str
    database: bool = False  # reached the database before (PostgreSQL refused it with a trace)


def _text(row: str = ROW, header: str = HEADER) -> bytes:
    return (header + row).encode("utf-8")


def _zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("requests.csv", data)
    return buffer.getvalue()


def valid_requests() -> bytes:
    """A requests file with one valid row (the synthetic child of :data:`SECRETS`)."""
    return _text()


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip file of a valid header and ``megabytes`` MB of rows: a few hundred KB on disk."""
    rows = ("Q-R,Q-P,2015-03-02,,,2024-01-08,,,,,\n" * 30_000).encode()
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
        packed.write(HEADER.encode())
        for _ in range(megabytes * 1_000_000 // len(rows) + 1):
            packed.write(rows)
    return out.getvalue()


def cases() -> list[Case]:
    """Every case, in a fixed order."""
    long_id = "Q" * 101
    return [
        Case(
            "year-zero.csv",
            _text(ROW.replace(DOB, "0000-01-01")),
            (2, "date_of_birth"),
            "between 1900 and 2099",
        ),
        Case(
            "year-1015.csv",
            _text(ROW.replace(DOB, "1015-03-02")),
            (2, "date_of_birth"),
            "between 1900 and 2099",
        ),
        Case(
            "year-9999.csv",
            _text(ROW.replace("2024-01-08", "9999-01-08")),
            (2, "received_on"),
            "between 1900 and 2099",
        ),
        Case(
            "feb-31.csv", _text(ROW.replace(DOB, "2015-02-31")), (2, "date_of_birth"), "real date"
        ),
        Case(
            "month-13.csv",
            _text(ROW.replace("2024-02-12", "2024-13-12")),
            (2, "decision_on"),
            "real date",
        ),
        Case("gzip-named-csv.csv", gzip.compress(_text()), None, "1 added"),
        Case("gzip-bomb.csv", gzip_bomb(3), (None, None), "Once unzipped"),
        Case("gzip-cut-short.csv", gzip.compress(_text())[:40], (None, None), "damaged"),
        Case("zip.csv", _zip(_text()), (None, None), "ZIP archive"),
        Case("bzip2.csv", bz2.compress(_text()), (None, None), "bzip2"),
        Case("xz.csv", lzma.compress(_text()), (None, None), "xz"),
        Case(
            "nul-byte.csv", _text(ROW.replace("Q-P001", "Q-P\x00001")), (2, "person_id"), "NUL byte"
        ),
        Case(
            "latin-1.csv",
            (HEADER + ROW.replace("parent", "m\xe8re")).encode("latin-1"),
            (2, "request_source"),
            "UTF-8",
        ),
        Case(
            "windows-1252.csv",
            (HEADER + ROW.replace("parent", "\u201cparent\u201d")).encode("cp1252"),
            (2, "request_source"),
            "UTF-8",
        ),
        Case("utf-16.csv", (HEADER + ROW).encode("utf-16"), (None, None), "UTF-16"),
        Case(
            "long-request-id.csv",
            _text(ROW.replace("Q-R001", long_id)),
            (2, "request_id"),
            "100 characters or fewer",
            database=True,
        ),
        Case(
            "long-person-id.csv",
            _text(ROW.replace("Q-P001", long_id)),
            (2, "person_id"),
            "100 characters or fewer",
            database=True,
        ),
        Case(
            "long-source.csv",
            _text(ROW.replace("parent", "p" * 51)),
            (2, "request_source"),
            "50 characters or fewer",
            database=True,
        ),
        Case(
            "megabyte-id.csv",
            _text(ROW.replace("Q-R001", "Q" * 1_000_000)),
            (2, None),
            "no longer than 20,000 characters",
            database=True,
        ),
        Case("cr-line-endings.csv", _text().replace(b"\n", b"\r"), None, "1 added"),
        Case("bad-upn.csv", _text(ROW.replace(UPN, BAD_UPN)), (2, "upn"), "check letter"),
        Case(
            "born-after-request.csv",
            _text(ROW.replace(DOB, "2024-03-02")),
            (2, "date_of_birth"),
            "date of birth must be before",
        ),
        Case("duplicate-request.csv", _text(ROW + ROW), (3, "request_id"), "only once"),
        Case("empty.csv", b"", (None, None), "empty"),
        Case("bom-only.csv", b"\xef\xbb\xbf", (None, None), "header row"),
        Case("header-only.csv", HEADER.encode(), None, "0 added"),
    ]
