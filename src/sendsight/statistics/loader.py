"""Import DfE open-data files as release vintages, and load the statistics shipped with sendsight.

An import is all-or-nothing inside the caller's transaction (a savepoint): a file with any
problem writes nothing and leaves earlier releases untouched; several files imported together
are read and checked before any is stored. Importing the identical file
again is a no-op, recognised by its SHA-256.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected, Problem
from sendsight.statistics import blobs, queries
from sendsight.statistics.dfe_files import ParsedRelease, as_january, long_frame, parse_dfe_csv
from sendsight.statistics.registry import january_publications


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


@dataclass(frozen=True, slots=True)
class ReleaseFile:
    """A file to import as release ``release_label`` of ``publication`` (see
    ``import_release`` for the other fields)."""

    source: Path | bytes
    publication: str
    release_label: str
    filename: str | None = None
    vintage_order: int | None = None
    published_on: date | None = None
    is_correction: bool = False
    note: str | None = None


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
    item = ReleaseFile(
        path, publication, release_label, filename, vintage_order, published_on, is_correction,
        note,
    )  # fmt: skip
    return import_releases(session, [item])[0]


def import_releases(session: Session, files: Sequence[ReleaseFile]) -> list[ImportReport]:
    """Import several files as releases, all or nothing: every file is read and checked, and
    any problem raised, before anything is stored. A file already loaded under its label is
    left as it is (``unchanged``)."""
    known = queries.release_fingerprints(session=session)
    prepared = _prepare_all(files, dict(known))
    reports, new = [], []
    for item, (release, ready) in zip(files, prepared, strict=True):
        key = (item.publication, item.release_label)
        unchanged = _is_loaded(known.get(key), release, key)
        known[key] = release.sha256
        if not unchanged:
            assert ready is not None  # only a file loaded before this call is not prepared
            new.append((ready, _fields(item, release)))
        reports.append(_report(item, release, unchanged))
    with session.begin_nested():
        queries.create_releases(new, session=session)
    return reports


Prepared = tuple[ParsedRelease, blobs.Stored | None]


def _prepare_all(files: Sequence[ReleaseFile], known: dict[tuple[str, str], str]) -> list[Prepared]:
    """Every file read, checked and (unless loaded before, as ``known`` says) made ready to
    store. Files are independent, so several are read at once, one per processor: Polars
    releases the interpreter lock while it works. The first file with a problem raises it."""

    january = january_publications()

    def prepare(item: ReleaseFile) -> Prepared:
        release = parse_dfe_csv(item.source, item.filename)
        if item.publication in january:
            release = as_january(release)
        if known.get((item.publication, item.release_label)) == release.sha256:
            return release, None
        return release, blobs.stored(long_frame(release))

    workers = min(len(files), os.cpu_count() or 1)
    if workers <= 1:
        return [prepare(item) for item in files]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(prepare, files))


def _is_loaded(sha256: str | None, release: ParsedRelease, key: tuple[str, str]) -> bool:
    if sha256 is None:
        return False
    if sha256 == release.sha256:
        return True
    message = (
        f"Release {key[1]!r} of {key[0]!r} is already loaded from a different file. "
        "Enter a new release label for a revised file"
    )
    raise InputRejected([Problem(release.filename, message)])


def _fields(item: ReleaseFile, release: ParsedRelease) -> dict[str, Any]:
    return {
        "publication": item.publication,
        "release_label": item.release_label,
        "published_on": item.published_on,
        "note": item.note,
        "vintage_order": item.vintage_order or default_vintage_order(item.release_label),
        "source_file": release.filename,
        "sha256": release.sha256,
        "row_count": release.source_rows,
        "is_correction": item.is_correction,
    }


def _report(item: ReleaseFile, release: ParsedRelease, unchanged: bool) -> ImportReport:
    return ImportReport(
        item.publication,
        item.release_label,
        release.filename,
        release.source_rows,
        0 if unchanged else release.values.height,
        unchanged,
        release.indicators,
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
    """The shipped statistics files, in the order they load: ``manifest.yaml`` first, then each
    domain's ``manifest-<domain>.yaml`` in name order."""
    folder = resources.files("sendsight.statistics").joinpath("data")
    names = sorted(
        entry.name
        for entry in folder.iterdir()
        if entry.name.startswith("manifest-") and entry.name.endswith(".yaml")
    )
    # libyaml's loader when installed: the pure-Python one takes longer than reading the CSVs.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [
        _shipped(raw)
        for name in ["manifest.yaml", *names]
        for raw in yaml.load(folder.joinpath(name).read_text("utf-8"), Loader=loader)["files"]
    ]


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
    files = [
        ReleaseFile(
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
    return import_releases(session, files)
