"""Files read from disk that cannot hurt us: size capped, compression capped, text checked.

The command line reads case files from disk rather than from an upload form. :func:`read_file`
reads at most a settings-given number of bytes; a gzip file is decompressed as a stream and
refused as soon as it grows past the same cap (a 600 KB gzip file can hold gigabytes); any other
compressed format is refused. :func:`decode_text` turns bytes into text or says exactly where
(byte, line and, for a CSV file, column) the file stops being UTF-8 text. No refusal quotes the
file's content: it may identify a child.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from pathlib import Path
from typing import Final

from sendsight.core.errors import InputRejected, Problem

GZIP_MAGIC: Final = b"\x1f\x8b"
# Signatures of compressed formats that are refused (gzip is read, ZIP may be an XLSX workbook).
COMPRESSED: Final = {
    b"PK\x03\x04": "a ZIP archive",
    b"BZh": "compressed with bzip2",
    b"\xfd7zXZ\x00": "compressed with xz",
    b"\x28\xb5\x2f\xfd": "compressed with Zstandard",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}
SAVE_AS_UTF8: Final = "Save the file as CSV UTF-8 (in Excel: File, Save as, CSV UTF-8)"
SAVE_TEXT_AS_UTF8: Final = "Save the file as UTF-8 text (in a text editor: Save as, UTF-8)"
_BOM: Final = b"\xef\xbb\xbf"


def reject(
    filename: str, message: str, line: int | None = None, column: str | None = None
) -> InputRejected:
    """An ``InputRejected`` carrying the one problem ``message`` (never the file's content)."""
    problem = Problem(filename, message, line=line, column=column)
    return InputRejected([problem], summary=f"{filename}: {message}")


def megabytes(n: int) -> str:
    """``n`` bytes as a short size for messages ("20 MB")."""
    return f"{n / 1_000_000:g} MB"


def read_file(path: Path, filename: str, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, gunzipped if it is a gzip file, or raise ``InputRejected``.

    At most ``max_bytes`` are ever held: a larger file, or a gzip file that grows larger while
    it is decompressed, is refused. A file in any other compressed format is refused.
    """
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise reject(filename, f"The file must be smaller than {megabytes(max_bytes)}")
        if data.startswith(GZIP_MAGIC):
            return _gunzip(data, filename, max_bytes)
    for magic, kind in COMPRESSED.items():
        if data.startswith(magic):
            raise reject(filename, f"The file is {kind}. Extract the CSV file and import that")
    return data


def _gunzip(data: bytes, filename: str, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            # GzipFile.read(n) decompresses a piece at a time and stops at n bytes.
            found = unzipped.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error):
        raise reject(filename, "The gzip file is damaged or incomplete") from None
    if len(found) > max_bytes:
        message = f"Once unzipped, the file must be smaller than {megabytes(max_bytes)}"
        raise reject(filename, message)
    return found


def decode_text(
    data: bytes, filename: str, *, csv_columns: bool = False, advice: str = SAVE_TEXT_AS_UTF8
) -> str:
    """``data`` as UTF-8 text (a leading byte order mark is dropped), or raise
    ``InputRejected`` naming the byte, line (and, with ``csv_columns``, the CSV column) where
    the file holds a NUL byte or stops being UTF-8, followed by ``advice``. Nothing is
    replaced or guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise reject(filename, f"The file is saved as UTF-16 text. {advice}")
    body = data.removeprefix(_BOM)
    skipped = len(data) - len(body)
    nul = body.find(b"\x00")
    if nul >= 0:
        message = f"The file contains binary data (a NUL byte) at byte {nul + skipped}. "
        raise _located(body, nul, filename, message + advice, csv_columns)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = (
            f"The file is not saved as UTF-8 (the first unreadable byte is byte "
            f"{exc.start + skipped}). {advice}"
        )
        raise _located(body, exc.start, filename, message, csv_columns) from None


def _located(
    body: bytes, offset: int, filename: str, message: str, csv_columns: bool
) -> InputRejected:
    line, column = locate(body, offset, csv_columns=csv_columns)
    return reject(filename, message, line=line, column=column)


def locate(body: bytes, offset: int, *, csv_columns: bool = False) -> tuple[int, str | None]:
    """The line (counting from 1) holding byte ``offset`` and, with ``csv_columns``, the header
    name (or number) of the CSV column it falls in. Lines end at a line feed, or at a carriage
    return in a file that has no line feed."""
    newline = b"\n" if b"\n" in body or b"\r" not in body else b"\r"
    line = body.count(newline, 0, offset) + 1
    if not csv_columns or line == 1:
        return line, None
    start = body.rfind(newline, 0, offset) + 1
    fields = _fields(body[start:offset])
    header_end = body.find(newline)
    header = _fields(body[: header_end if header_end >= 0 else len(body)])
    index = max(len(fields) - 1, 0)
    return line, header[index].strip() if index < len(header) else str(index + 1)


def _fields(raw: bytes) -> list[str]:
    # Only to count commas, so an unreadable byte may be replaced here: nothing is shown.
    text = raw.replace(b"\x00", b" ").decode("utf-8", "replace").rstrip("\r")
    try:
        return next(csv.reader([text]), [""]) or [""]
    except csv.Error:
        return text.split(",")


def one_line_endings(text: str) -> str:
    """Text whose lines end with a carriage return alone (old Mac "CSV (Macintosh)" files)
    with each carriage return read as a line end; any other text unchanged."""
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text
