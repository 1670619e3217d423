"""Import DfE open-data files as release vintages, and load the statistics shipped with sendsight.

An import is all-or-nothing inside the caller's transaction (a savepoint): a file with any
problem writes nothing and leaves earlier releases untouched. Importing the identical file
again is a no-op, recognised by its SHA-256.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.ingest.dfe_stats import long_frame, parse_dfe_csv
from sendsight.statistics import queries


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did. ``unchanged`` is true when this exact file was already loaded."""

    publication: str
    release_label: str
    source_file: str
    rows_read: int
    values_written: int
    unchanged: bool
    indicators: tuple[str, ...]


def default_vintage_order(release_label: str) -> int:
    """A release's place in time from the year its label starts with ("2025" → 20250)."""
    digits = release_label[:4]
    return int(digits) * 10 if digits.isdigit() else 0


def import_release(
    session: Session,
    path: Path | bytes,
    publication: str,
    release_label: str,
    *,
    filename: str | None = None,
    vintage_order: int | None = None,
    published_on: date | None = None,
    is_correction: bool = False,
    note: str | None = None,
) -> ImportReport:
    """Import one DfE open-data CSV as release ``release_label`` of ``publication``.

    A new label is a new vintage; the same label with different contents is refused (give the
    revised file its own label) so a published vintage never changes under a back-test.
    """
    parsed = parse_dfe_csv(path, filename)
    existing = queries.get_release_or_none(publication, release_label, session=session)
    if existing is not None:
        if existing.sha256 == parsed.sha256:
            return ImportReport(
                publication,
                release_label,
                parsed.filename,
                parsed.source_rows,
                0,
                True,
                parsed.indicators,
            )
        raise InputRejected(
            [
                Problem(
                    parsed.filename,
                    f"Release {release_label!r} of {publication!r} is already loaded "
                    "from a different file. Enter a new release label for a revised file",
                )
            ]
        )
    with session.begin_nested():
        queries.create_release(
            long_frame(parsed),
            session=session,
            publication=publication,
            release_label=release_label,
            published_on=published_on,
            note=note,
            vintage_order=vintage_order or default_vintage_order(release_label),
            source_file=parsed.filename,
            sha256=parsed.sha256,
            row_count=parsed.source_rows,
            is_correction=is_correction,
        )
    return ImportReport(
        publication,
        release_label,
        parsed.filename,
        parsed.source_rows,
        parsed.values.height,
        False,
        parsed.indicators,
    )


@dataclass(frozen=True, slots=True)
class ShippedFile:
    """One statistics file shipped in ``statistics/data`` (listed in ``manifest.yaml``)."""

    file: str
    publication: str
    release_label: str
    vintage_order: int
    published_on: date | None
    is_correction: bool
    note: str | None


def shipped_files() -> list[ShippedFile]:
    """The shipped statistics files, in the order they load."""
    text = (
        resources.files("sendsight.statistics").joinpath("data", "manifest.yaml").read_text("utf-8")
    )
    # libyaml's loader when installed: the pure-Python one takes longer than reading the CSVs.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [_shipped(raw) for raw in yaml.load(text, Loader=loader)["files"]]


def _shipped(raw: dict[str, Any]) -> ShippedFile:
    note = raw.get("note")
    return ShippedFile(
        file=raw["file"],
        publication=raw["publication"],
        release_label=str(raw["release"]),
        vintage_order=int(raw["vintage_order"]),
        published_on=raw.get("published_on"),
        is_correction=bool(raw.get("is_correction", False)),
        note=" ".join(note.split()) if note else None,
    )


def shipped_path(relative: str) -> Path:
    """The filesystem path of a shipped statistics file."""
    return Path(str(resources.files("sendsight.statistics").joinpath("data", relative)))


def load_shipped_statistics(session: Session) -> list[ImportReport]:
    """Import every shipped statistics file; files already loaded are left as they are."""
    return [
        import_release(
            session,
            shipped_path(item.file),
            item.publication,
            item.release_label,
            filename=item.file,
            vintage_order=item.vintage_order,
            published_on=item.published_on,
            is_correction=item.is_correction,
            note=item.note,
        )
        for item in shipped_files()
    ]
