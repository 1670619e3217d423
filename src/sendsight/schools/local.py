"""Local measures (ADR 1303): the requests for support a school's pupils need, per 100 pupils,
and what became of them, from the partnership's own case records. Frames in, frames out.

* ``ehc_requests_per_100`` — requests for an EHC needs assessment about pupils at the school
  received in the 12 months to the day (any requester), per 100 pupils on roll;
* ``ehc_requests_assessed_pct`` — of those requests decided, the share the LA agreed to assess;
* ``frontdoor_requests_per_100`` — requests for support made to the front door about pupils at
  the school in the same 12 months, per 100 pupils on roll;
* ``frontdoor_support_pct`` — of those requests routed, the share routed to support
  (information and advice, outreach or a Local Offer service) rather than to a panel or a
  statutory assessment.

Expected values come from similar schools **within the LA** only (the ``LOCAL_PEERS`` nearest
of the same type, on size, free school meals and English as an additional language, as ADR
1302): how often a school asks depends on the LA's own offer and thresholds, so schools
elsewhere say little about it. Limits are ADR 1302's over-dispersed funnel limits around the
expected rate, for the school's denominator (pupils on roll, or requests decided or routed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from sendsight.schools import method

LOCAL_PEERS = 10
WINDOW_DAYS = 365
#: Front-door routes that give support without a panel or a statutory assessment.
SUPPORT_ROUTES = ("information_advice", "local_offer_service", "outreach")


@dataclass(frozen=True)
class LocalMeasure:
    """A local measure: its key, the words for it, its count and the count it is out of."""

    key: str
    label: str
    count: str
    denominator: str


LOCAL_MEASURES: tuple[LocalMeasure, ...] = (
    LocalMeasure(
        "ehc_requests_per_100",
        "EHC needs assessment requests per 100 pupils, last 12 months",
        "ehc_requests",
        "pupils",
    ),
    LocalMeasure(
        "ehc_requests_assessed_pct",
        "EHC needs assessment requests agreed, of those decided (%)",
        "ehc_assessed",
        "ehc_decided",
    ),
    LocalMeasure(
        "frontdoor_requests_per_100",
        "Front-door requests for support per 100 pupils, last 12 months",
        "fd_requests",
        "pupils",
    ),
    LocalMeasure(
        "frontdoor_support_pct",
        "Front-door requests routed to support without a panel or assessment (%)",
        "fd_support",
        "fd_routed",
    ),
)
LOCAL_KEYS = tuple(m.key for m in LOCAL_MEASURES)
LOCAL_BY_KEY = {m.key: m for m in LOCAL_MEASURES}
COUNT_COLUMNS = (
    "ehc_requests",
    "ehc_decided",
    "ehc_assessed",
    "fd_requests",
    "fd_routed",
    "fd_support",
)
_COUNTS_SCHEMA = {"urn": pl.String, **dict.fromkeys(COUNT_COLUMNS, pl.Int64)}


def window(until: date) -> tuple[date, date]:
    """The first and last day of the 12 months ending on ``until`` (both counted)."""
    return until - timedelta(days=WINDOW_DAYS - 1), until


def request_counts(
    ehc: pl.DataFrame, frontdoor: pl.DataFrame | None, *, until: date
) -> pl.DataFrame:
    """(urn, ehc_requests, ehc_decided, ehc_assessed, fd_requests, fd_routed, fd_support) for
    every URN named on a request received in the 12 months to ``until``.

    ``ehc`` needs ``setting_urn``, ``received_on`` and ``decision`` (``assess`` / ``not_assess``
    / ``withdrawn`` / null); ``frontdoor`` needs ``setting_urn``, ``received_on`` and ``route``
    (None when the front door is not installed: its counts are then null)."""
    first, last = window(until)

    def recent(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(
            pl.col("setting_urn").is_not_null() & pl.col("received_on").is_between(first, last)
        ).rename({"setting_urn": "urn"})

    decision = pl.col("decision")
    ehc_counts = (
        recent(ehc)
        .group_by("urn")
        .agg(
            ehc_requests=pl.len().cast(pl.Int64),
            ehc_decided=decision.is_in(["assess", "not_assess"]).sum().cast(pl.Int64),
            ehc_assessed=(decision == "assess").sum().cast(pl.Int64),
        )
    )
    if frontdoor is None:
        fd_counts = pl.DataFrame(schema={"urn": pl.String})
    else:
        route = pl.col("route")
        fd_counts = (
            recent(frontdoor)
            .group_by("urn")
            .agg(
                fd_requests=pl.len().cast(pl.Int64),
                fd_routed=route.is_not_null().sum().cast(pl.Int64),
                fd_support=route.is_in(list(SUPPORT_ROUTES)).sum().cast(pl.Int64),
            )
        )
    joined = ehc_counts.join(fd_counts, on="urn", how="full", coalesce=True)
    ehc_fill = [pl.col(c).fill_null(0) for c in COUNT_COLUMNS[:3]]
    fd_fill = [pl.col(c).fill_null(0) for c in COUNT_COLUMNS[3:] if frontdoor is not None]
    out = joined.with_columns(*ehc_fill, *fd_fill)
    return out.select(
        [
            pl.col(n).cast(k) if n in out.columns else pl.lit(None, k).alias(n)
            for n, k in _COUNTS_SCHEMA.items()
        ]
    ).sort("urn")


def with_counts(schools: pl.DataFrame, counts: pl.DataFrame, *, frontdoor: bool) -> pl.DataFrame:
    """``schools`` with each count column: 0 where no request named the school (null for the
    front-door counts when the front door is not installed)."""
    joined = schools.join(counts, on="urn", how="left")
    fill = COUNT_COLUMNS if frontdoor else COUNT_COLUMNS[:3]
    return joined.with_columns(*[pl.col(c).fill_null(0) for c in fill])


def local_values(schools: pl.DataFrame) -> pl.DataFrame:
    """(row, urn, school_type, pupils, measure, value, count) for each school and local measure
    with a denominator above 0; ``pupils`` is the measure's denominator."""
    frame = schools.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    parts = [
        frame.select(
            "row",
            "urn",
            "school_type",
            pl.col(m.denominator).cast(pl.Float64).alias("pupils"),
            pl.lit(m.key).alias("measure"),
            (100.0 * pl.col(m.count).cast(pl.Float64) / pl.col(m.denominator)).alias("value"),
            pl.col(m.count).cast(pl.Int64).alias("count"),
        )
        for m in LOCAL_MEASURES
    ]
    return pl.concat(parts).filter(pl.col("pupils") > 0)


def local_funnel(
    schools: pl.DataFrame, *, peers: int = LOCAL_PEERS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The funnel frame of every school and local measure (with ``row``, ``count`` and the
    denominator as ``pupils``) and the similar-school pairs used, all within each school's LA.

    ``schools`` needs ``urn``, ``la_code``, ``school_type``, ``pupils``, ``fsm``, ``eal`` and
    the count columns (see :func:`with_counts`)."""
    pairs = method.similar_rows(schools, national=0, local=peers)
    values = local_values(schools)
    expected = method.expected_values(values.drop("count"), pairs, LOCAL_KEYS)
    return method.funnel(values, expected), pairs
