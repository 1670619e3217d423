"""The only place statistics are read or written. ``session`` is always keyword-only.

Vintages: every release is kept. By default a query takes, for each period, the figure from the
newest release that has it; ``release=`` takes figures as known at that release (newer releases
are ignored), which is what a back-test needs. Release metadata is in ``stat_release``; each
release's cells are one blob on its row, read through the per-process frame of
``statistics.blobs`` (decision 0401).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from sendsight.core.periods import Period
from sendsight.db.base import new_id
from sendsight.statistics import blobs
from sendsight.statistics.errors import UnknownRelease
from sendsight.statistics.models import StatRelease
from sendsight.statistics.registry import IndicatorDef, SourceRef, get_indicator

VALUE_COLUMNS = tuple(blobs.VALUE_SCHEMA)
# A cell's key within its release: ``release_values`` returns cells in this order.
KEY_COLUMNS = ("indicator", "breakdown", "period", "geographic_level", "area_code")
SERIES_SCHEMA = {
    "period": pl.String,
    "geographic_level": pl.String,
    "area_code": pl.String,
    "value": pl.Float64,
    "symbol": pl.String,
    "publication": pl.String,
    "release_label": pl.String,
    "vintage_order": pl.Int64,
    "is_correction": pl.Boolean,
}
PLACE = ["period", "geographic_level", "area_code"]


def statistics_version(*, session: Session) -> tuple[Any, ...]:
    """Identifies the loaded statistics: changes whenever a release is imported or removed."""
    return blobs.version(session)


def list_releases(*, session: Session) -> list[StatRelease]:
    """Every loaded release, by publication then oldest first."""
    query = select(StatRelease).order_by(
        StatRelease.publication, StatRelease.vintage_order, StatRelease.id
    )
    return list(session.scalars(query))


def get_release_or_none(
    publication: str, release_label: str, *, session: Session
) -> StatRelease | None:
    """The release ``release_label`` of ``publication``, or None."""
    query = select(StatRelease).where(
        StatRelease.publication == publication, StatRelease.release_label == release_label
    )
    return session.scalars(query).one_or_none()


def get_release(publication: str, release_label: str, *, session: Session) -> StatRelease:
    """The release ``release_label`` of ``publication``; raises ``UnknownRelease``."""
    found = get_release_or_none(publication, release_label, session=session)
    if found is None:
        raise UnknownRelease(f"No release {release_label!r} of {publication!r} is loaded")
    return found


def count_values(*, session: Session, release_id: str | None = None) -> int:
    """How many published cells are stored (in one release, or in all)."""
    query = select(func.sum(StatRelease.value_count))
    if release_id is not None:
        query = query.where(StatRelease.id == release_id)
    return int(session.scalar(query) or 0)


def release_values(release: StatRelease, *, session: Session) -> pl.DataFrame:
    """Every cell one release holds, as stored (columns ``VALUE_COLUMNS``), in key order."""
    return blobs.release_cells(session, release.id).sort(KEY_COLUMNS)


def release_fingerprints(*, session: Session) -> dict[tuple[str, str], str]:
    """The SHA-256 of the file each loaded release was read from, by (publication, label)."""
    query = select(StatRelease.publication, StatRelease.release_label, StatRelease.sha256)
    return {(p, label): sha for p, label, sha in session.execute(query)}


def create_release(values: pl.DataFrame, *, session: Session, **fields: Any) -> StatRelease:
    """Store a release and its long frame of values (columns ``VALUE_COLUMNS``)."""
    (release_id,) = create_releases([(blobs.stored(values), fields)], session=session)
    found = session.get(StatRelease, release_id)
    assert found is not None  # just inserted in this transaction
    return found


def create_releases(
    releases: Sequence[tuple[blobs.Stored, dict[str, Any]]], *, session: Session
) -> list[str]:
    """Store releases (each its cells ready to store, from ``blobs.stored``, and the
    ``StatRelease`` fields) in one statement, numbered in order; returns their ids."""
    if not releases:
        return []
    # The next numbers; two imports racing for them fail on the unique constraint, not silently.
    first = int(session.scalar(select(func.coalesce(func.max(StatRelease.number), 0) + 1)) or 1)
    rows = [
        {**fields, "id": new_id(), "number": first + offset, "value_count": item.cells.height,
         "values_blob": item.blob}
        for offset, (item, fields) in enumerate(releases)
    ]  # fmt: skip
    session.execute(insert(StatRelease), rows)
    blobs.changed(session)
    for row, (item, _) in zip(rows, releases, strict=True):
        blobs.remember(row["id"], item.cells)
    return [row["id"] for row in rows]


def delete_release(release: StatRelease, *, session: Session) -> None:
    """Remove a release and every value it holds."""
    session.delete(release)
    session.flush()
    blobs.changed(session)


def _vintage_cutoff(release: str | None, loaded: blobs.Loaded) -> int | None:
    if release is None:
        return None
    orders = loaded.releases.filter(pl.col("release_label") == release)["vintage_order"]
    if orders.is_empty():
        raise UnknownRelease(f"No release labelled {release!r} is loaded")
    return int(orders.max())  # type: ignore[arg-type]


def _candidates(
    indicator: IndicatorDef | Sequence[SourceRef],
    session: Session,
    release: str | None,
    *conditions: pl.Expr,
) -> pl.DataFrame:
    """Every stored cell any of the indicator's sources gives (as known at ``release``), with
    its release and priority (the source's place in the indicator's list: 0 is preferred)."""
    sources = indicator.sources if isinstance(indicator, IndicatorDef) else tuple(indicator)
    loaded = blobs.loaded(session)
    cutoff = _vintage_cutoff(release, loaded)
    priority: dict[tuple[str, str], int] = {}
    for place, source in enumerate(sources):
        priority.setdefault((source.publication, source.column), place)
    parts = [
        loaded.by_column[key]
        .filter(
            pl.col("breakdown").is_in(
                {s.breakdown for s in sources if (s.publication, s.column) == key}
            ),
            *conditions,
        )
        .with_columns(pl.lit(place).alias("_priority"))
        for key, place in priority.items()
        if key in loaded.by_column
    ]
    empty = loaded.cells.clear().with_columns(pl.lit(0).alias("_priority"))
    frame = pl.concat(parts) if parts else empty
    return frame if cutoff is None else frame.filter(pl.col("vintage_order") <= cutoff)


def _newest(frame: pl.DataFrame) -> pl.DataFrame:
    """For each period and area keep the figure from the newest release (then first source,
    then first loaded)."""
    ranked = frame.sort(
        [*PLACE, "vintage_order", "_priority", "release_number"],
        descending=[False, False, False, True, False, False],
    )
    kept = ranked.unique(subset=PLACE, keep="first", maintain_order=True)
    return kept.select(list(SERIES_SCHEMA))


def _period_sorted(frame: pl.DataFrame) -> pl.DataFrame:
    keys = [Period.parse(p) for p in frame.get_column("period").to_list()]
    order = sorted(
        range(len(keys)),
        key=lambda i: (keys[i], frame["geographic_level"][i], frame["area_code"][i]),
    )
    return frame[order]


def indicator_series(
    *,
    session: Session,
    indicator_id: str,
    area_code: str,
    level: str = "la",
    release: str | None = None,
) -> pl.DataFrame:
    """One area's values of an indicator for every period, oldest first.

    Columns: period, geographic_level, area_code, value, symbol (a GSS symbol where there is no
    value), publication, release_label, vintage_order, is_correction.
    """
    indicator = get_indicator(indicator_id)
    frame = _candidates(
        indicator,
        session,
        release,
        pl.col("area_code") == area_code,
        pl.col("geographic_level") == level,
    )
    return _period_sorted(_newest(frame))


def release_year(vintage_order: pl.Expr) -> pl.Expr:
    """The year a release was published in, from its vintage order (``YYYY0`` for a release of
    year YYYY; a correction, one above, belongs to the release it corrects)."""
    return vintage_order // 10


def _first_published(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """The cells as known in June ``year``: those of releases published by then, and for any
    period and area no such release has, the cells of the first release year that has it."""
    published = release_year(pl.col("vintage_order"))
    known = frame.filter(published <= year)
    later = frame.join(known.select(PLACE).unique(), on=PLACE, how="anti")
    first = later.filter(published == published.min().over(PLACE))
    return pl.concat([known, first])


def source_values(
    sources: IndicatorDef | Sequence[SourceRef],
    *,
    session: Session,
    level: str = "la",
    published_by: int | None = None,
) -> pl.DataFrame:
    """Every area's values at one geographic level for every period, from an indicator or a
    list of (publication, column, breakdown) sources in order of preference.

    By default the newest release wins for each period and area. With ``published_by`` (a
    year) the values are those first published: from the releases published by June of that
    year (decision 0401), or, for a period and area none of those has, from the first release
    that has it. Columns as ``indicator_series``, sorted by period then area.
    """
    frame = _candidates(sources, session, None, pl.col("geographic_level") == level)
    if published_by is not None:
        frame = _first_published(frame, published_by)
    return _newest(frame).sort("period", "area_code")


def values_for_period(
    *, session: Session, indicator_id: str, period: str | Period, release: str | None = None
) -> pl.DataFrame:
    """Every area's value of an indicator for one period, at all geographic levels."""
    indicator = get_indicator(indicator_id)
    code = period.code if isinstance(period, Period) else Period.parse(period).code
    frame = _candidates(indicator, session, release, pl.col("period") == code)
    return _newest(frame).sort("geographic_level", "area_code")


def periods(
    *,
    session: Session,
    indicator_id: str,
    release: str | None = None,
    values_only: bool = False,
) -> list[Period]:
    """The periods for which any LA has a figure for the indicator, oldest first.

    By default a GSS symbol counts as a figure; with ``values_only`` only numbers do.
    """
    indicator = get_indicator(indicator_id)
    conditions = [pl.col("geographic_level") == "la"]
    if values_only:
        conditions.append(pl.col("value").is_not_null())
    frame = _candidates(indicator, session, release, *conditions)
    return sorted({Period.parse(p) for p in frame.get_column("period").unique().to_list()})


def latest_period(
    *, session: Session, indicator_id: str, release: str | None = None
) -> Period | None:
    """The newest period in which at least one LA has a number (not only symbols) for the
    indicator, or None if there is none."""
    found = periods(session=session, indicator_id=indicator_id, release=release, values_only=True)
    return found[-1] if found else None


CORRECTION_SCHEMA = {
    "publication": pl.String,
    "indicator": pl.String,
    "period": pl.String,
    "geographic_level": pl.String,
    "area_code": pl.String,
    "published_value": pl.Float64,
    "published_release": pl.String,
    "corrected_value": pl.Float64,
    "correction_release": pl.String,
    "note": pl.String,
}
CELL = ["publication", "indicator", "period", "geographic_level", "area_code", "breakdown"]


def corrections(*, session: Session) -> pl.DataFrame:
    """Every value a correction release replaced: what was published, what is shown, and why.

    Columns: publication, indicator, period, geographic_level, area_code, published_value,
    published_release, corrected_value, correction_release, note. The published value is the
    one in the newest earlier release of the same publication that is not a correction.
    """
    cells = blobs.loaded(session).cells
    fixes = cells.filter(pl.col("is_correction")).with_row_index("_fix")
    originals = (
        fixes.select("_fix", *CELL, "vintage_order")
        .join(cells.filter(~pl.col("is_correction")), on=CELL, suffix="_old")
        .filter(pl.col("vintage_order_old") < pl.col("vintage_order"))
        .sort(["_fix", "vintage_order_old", "release_number"], descending=[False, True, False])
        .unique(subset="_fix", keep="first", maintain_order=True)
        .select("_fix", pl.col("value").alias("published_value"),
                pl.col("release_label").alias("published_release"))
    )  # fmt: skip
    joined = fixes.join(originals, on="_fix", how="left").sort(
        "publication", "indicator", "period", "area_code", "vintage_order", "geographic_level",
        "breakdown", "release_number",
    )  # fmt: skip
    return joined.select(
        *CELL[:-1],
        "published_value",
        "published_release",
        pl.col("value").alias("corrected_value"),
        pl.col("release_label").alias("correction_release"),
        "note",
    ).cast(CORRECTION_SCHEMA)  # type: ignore[arg-type]
