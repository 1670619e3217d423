"""The only place statistics tables are read or written. ``session`` is always keyword-only.

Vintages: every release is kept. By default a query takes, for each period, the figure from the
newest release that has it; ``release=`` takes figures as known at that release (newer releases
are ignored), which is what a back-test needs.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from sendsight.core.periods import Period
from sendsight.statistics.errors import UnknownRelease
from sendsight.statistics.models import StatRelease, StatValue
from sendsight.statistics.registry import IndicatorDef, get_indicator

VALUE_COLUMNS = (
    "indicator",
    "period",
    "geographic_level",
    "area_code",
    "breakdown",
    "value",
    "symbol",
)
# The primary key of ``stat_value`` without the release: rows are written in this order.
KEY_COLUMNS = ("indicator", "breakdown", "period", "geographic_level", "area_code")
GROUP_COLUMNS = KEY_COLUMNS[:-1]
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
    query = select(func.count()).select_from(StatValue)
    if release_id is not None:
        query = query.join(StatRelease, StatRelease.number == StatValue.release_number).where(
            StatRelease.id == release_id
        )
    return int(session.scalar(query) or 0)


def release_values(release: StatRelease, *, session: Session) -> pl.DataFrame:
    """Every cell one release holds, as stored (columns ``VALUE_COLUMNS``), in key order."""
    query = (
        select(*(getattr(StatValue, c) for c in VALUE_COLUMNS))
        .where(StatValue.release_number == release.number)
        .order_by(*(getattr(StatValue, c) for c in KEY_COLUMNS))
    )
    rows = [tuple(r) for r in session.execute(query)]
    schema = {c: pl.Float64 if c == "value" else pl.String for c in VALUE_COLUMNS}
    return pl.DataFrame(rows, schema=schema, orient="row")


def create_release(values: pl.DataFrame, *, session: Session, **fields: Any) -> StatRelease:
    """Store a release and its long frame of values (columns ``VALUE_COLUMNS``) in bulk."""
    # The next number; two imports racing for it fail on its unique constraint, not silently.
    number = session.scalar(select(func.coalesce(func.max(StatRelease.number), 0) + 1))
    release = StatRelease(**fields, number=number, value_count=values.height)
    session.add(release)
    session.flush()
    _bulk_insert(session, release.number, values)
    return release


def delete_release(release: StatRelease, *, session: Session) -> None:
    """Remove a release and every value it holds."""
    session.execute(delete(StatValue).where(StatValue.release_number == release.number))
    session.delete(release)
    session.flush()


def _bulk_insert(session: Session, release_number: int, values: pl.DataFrame) -> None:
    """Insert with the driver directly, inside the caller's transaction: the ORM would build
    tens of thousands of objects for no benefit."""
    connection = session.connection()
    driver = connection.connection.driver_connection
    frame = values.select(VALUE_COLUMNS)
    if connection.dialect.name == "postgresql":
        _copy_postgres(driver, release_number, frame)
    else:
        _insert_sqlite(driver, release_number, frame)


def _copy_postgres(driver: Any, release_number: int, frame: pl.DataFrame) -> None:
    columns = (*VALUE_COLUMNS, "release_number")
    sql = f"COPY stat_value ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
    rows = frame.with_columns(pl.lit(release_number).alias("release_number"))
    with driver.cursor().copy(sql) as copy:
        copy.write(rows.write_csv(include_header=False))


# One statement per group of cells that share an indicator, breakdown, period and level; the
# group's areas, values and symbols travel as one JSON array that SQLite unpacks itself, so
# Python binds about a thousand rows rather than every one of the 60,000 cells.
SQLITE_INSERT = (
    "INSERT INTO stat_value (release_number, indicator, breakdown, period, geographic_level,"
    " area_code, value, symbol) SELECT ?, ?, ?, ?, ?, json_extract(value, '$[0]'),"
    " json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(?)"
)


def _insert_sqlite(driver: Any, release_number: int, frame: pl.DataFrame) -> None:
    # Area codes, levels and symbols are checked on import (digits, GSS codes, a fixed list of
    # symbols), so they need no JSON escaping; values are finite numbers.
    cell = pl.format(
        '["{}",{},{}]',
        "area_code",
        pl.col("value").cast(pl.String).fill_null("null"),
        pl.concat_str(pl.lit('"'), "symbol", pl.lit('"')).fill_null("null"),
    )
    groups = frame.group_by(GROUP_COLUMNS, maintain_order=True).agg(
        pl.concat_str(pl.lit("["), cell.str.join(","), pl.lit("]")).alias("cells")
    )
    rows = groups.select(pl.lit(release_number), *GROUP_COLUMNS, "cells").rows()
    driver.cursor().executemany(SQLITE_INSERT, rows)


def _vintage_cutoff(release: str | None, session: Session) -> int | None:
    if release is None:
        return None
    orders = session.scalars(
        select(StatRelease.vintage_order).where(StatRelease.release_label == release)
    ).all()
    if not orders:
        raise UnknownRelease(f"No release labelled {release!r} is loaded")
    return max(orders)


def _candidates(
    indicator: IndicatorDef, session: Session, cutoff: int | None, *conditions: Any
) -> pl.DataFrame:
    """Every stored cell any of the indicator's sources gives, with its release and priority
    (the source's place in the indicator's list: 0 is preferred)."""
    matches = [
        and_(
            StatValue.indicator == s.column,
            StatValue.breakdown == s.breakdown,
            StatRelease.publication == s.publication,
        )
        for s in indicator.sources
    ]
    query = (
        select(
            StatValue.period,
            StatValue.geographic_level,
            StatValue.area_code,
            StatValue.value,
            StatValue.symbol,
            StatRelease.publication,
            StatRelease.release_label,
            StatRelease.vintage_order,
            StatRelease.is_correction,
            StatValue.indicator,
        )
        .join(StatRelease, StatRelease.number == StatValue.release_number)
        .where(or_(*matches), *conditions)
        .order_by(
            StatValue.period,
            StatValue.geographic_level,
            StatValue.area_code,
            StatRelease.vintage_order,
            StatValue.release_number,
            StatValue.indicator,
            StatValue.breakdown,
        )
    )
    if cutoff is not None:
        query = query.where(StatRelease.vintage_order <= cutoff)
    rows = session.execute(query).all()
    schema = {**SERIES_SCHEMA, "indicator": pl.String}
    frame = pl.DataFrame([tuple(r) for r in rows], schema=schema, orient="row")
    priority = pl.DataFrame(
        {
            "publication": [s.publication for s in indicator.sources],
            "indicator": [s.column for s in indicator.sources],
            "_priority": list(range(len(indicator.sources))),
        },
        schema={"publication": pl.String, "indicator": pl.String, "_priority": pl.Int64},
    ).unique(subset=["publication", "indicator"], keep="first", maintain_order=True)
    return frame.join(priority, on=["publication", "indicator"], how="left", maintain_order="left")


def _newest(frame: pl.DataFrame) -> pl.DataFrame:
    """For each period and area keep the figure from the newest release (then first source)."""
    key = ["period", "geographic_level", "area_code"]
    ranked = frame.sort(
        [*key, "vintage_order", "_priority"], descending=[False, False, False, True, False]
    )
    kept = ranked.unique(subset=key, keep="first", maintain_order=True)
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
        _vintage_cutoff(release, session),
        StatValue.area_code == area_code,
        StatValue.geographic_level == level,
    )
    return _period_sorted(_newest(frame))


def values_for_period(
    *, session: Session, indicator_id: str, period: str | Period, release: str | None = None
) -> pl.DataFrame:
    """Every area's value of an indicator for one period, at all geographic levels."""
    indicator = get_indicator(indicator_id)
    code = period.code if isinstance(period, Period) else Period.parse(period).code
    frame = _candidates(
        indicator, session, _vintage_cutoff(release, session), StatValue.period == code
    )
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
    conditions = [StatValue.geographic_level == "la"]
    if values_only:
        conditions.append(StatValue.value.is_not(None))
    frame = _candidates(indicator, session, _vintage_cutoff(release, session), *conditions)
    return sorted({Period.parse(p) for p in frame.get_column("period").unique().to_list()})


def latest_period(
    *, session: Session, indicator_id: str, release: str | None = None
) -> Period | None:
    """The newest period in which at least one LA has a number (not only symbols) for the
    indicator, or None if there is none."""
    found = periods(session=session, indicator_id=indicator_id, release=release, values_only=True)
    return found[-1] if found else None


def corrections(*, session: Session) -> pl.DataFrame:
    """Every value a correction release replaced: what was published, what is shown, and why.

    Columns: publication, indicator, period, geographic_level, area_code, published_value,
    published_release, corrected_value, correction_release, note.
    """
    fixes = session.execute(
        select(
            StatRelease.publication,
            StatValue.indicator,
            StatValue.period,
            StatValue.geographic_level,
            StatValue.area_code,
            StatValue.breakdown,
            StatValue.value,
            StatRelease.release_label,
            StatRelease.vintage_order,
            StatRelease.note,
        )
        .join(StatRelease, StatRelease.number == StatValue.release_number)
        .where(StatRelease.is_correction.is_(True))
        .order_by(
            StatRelease.publication,
            StatValue.indicator,
            StatValue.period,
            StatValue.area_code,
            StatRelease.vintage_order,
            StatValue.geographic_level,
            StatValue.breakdown,
            StatValue.release_number,
        )
    ).all()
    rows = [_correction_row(fix, session) for fix in fixes]
    schema = {
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
    return pl.DataFrame(rows, schema=schema, orient="row")


def _correction_row(fix: Any, session: Session) -> tuple[Any, ...]:
    original = session.execute(
        select(StatValue.value, StatRelease.release_label)
        .join(StatRelease, StatRelease.number == StatValue.release_number)
        .where(
            StatRelease.publication == fix.publication,
            StatRelease.is_correction.is_(False),
            StatRelease.vintage_order < fix.vintage_order,
            StatValue.indicator == fix.indicator,
            StatValue.period == fix.period,
            StatValue.geographic_level == fix.geographic_level,
            StatValue.area_code == fix.area_code,
            StatValue.breakdown == fix.breakdown,
        )
        .order_by(StatRelease.vintage_order.desc(), StatValue.release_number)
    ).first()
    published, label = (original.value, original.release_label) if original else (None, None)
    return (
        fix.publication,
        fix.indicator,
        fix.period,
        fix.geographic_level,
        fix.area_code,
        published,
        label,
        fix.value,
        fix.release_label,
        fix.note,
    )
