"""What the requests tell us: volumes by source, school, need, locality and month; triage times
against the target; the mix of routes; panel decision rates with funnel limits; re-requests for
the same child within 12 months; and requests declined because no suitable service exists.

Pure functions: frames in (from ``queries.requests_frame`` and ``queries.decisions_frame``),
figures out. Triage time is the working days from receipt to the route decision
(``workdays.py``); a request is *triaged in time* when its route was decided within the
partnership's target.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final

import polars as pl

from sendsight.frontdoor import funnel, vocab

RE_REQUEST_DAYS: Final = 365
PHASES: Final = (
    ("early_years", 0, 5),
    ("primary", 5, 11),
    ("secondary", 11, 16),
    ("post16", 16, 26),
)


def year_bounds(year: int) -> tuple[date, date]:
    """First and last day of calendar ``year``."""
    return date(year, 1, 1), date(year, 12, 31)


def mark_re_requests(requests: pl.DataFrame) -> pl.DataFrame:
    """Add ``re_request``: the same child had an earlier request in the 12 months before."""
    ordered = requests.sort("person_id", "received_on", maintain_order=True)
    previous = pl.col("received_on").shift(1).over("person_id")
    return ordered.with_columns(
        ((pl.col("received_on") - previous).dt.total_days() <= RE_REQUEST_DAYS)
        .fill_null(False)
        .alias("re_request")
    )


def counts(
    frame: pl.DataFrame, column: str, labels: dict[str, str] | None = None
) -> dict[str, int]:
    """Rows per value of ``column`` (every known label first, with zeros), blanks as ``none``."""
    found = frame.group_by(column).len().sort(column, nulls_last=True)
    out: dict[str, int] = dict.fromkeys(labels or {}, 0)
    for value, n in found.iter_rows():
        out[str(value) if value is not None else "none"] = int(n)
    return out


def triage_summary(requests: pl.DataFrame, route_days: int) -> dict[str, Any]:
    """Routed requests, the median working days to route, and the share within target (%)."""
    routed = requests.filter(pl.col("working_days_to_route").is_not_null())
    days = routed.get_column("working_days_to_route")
    within = int((days <= route_days).sum()) if routed.height else 0
    median = days.median() if routed.height else None
    return {
        "routed": routed.height,
        "median": None if median is None else float(median),  # type: ignore[arg-type]
        "within_target": within,
        "share_within_target": round(100 * within / routed.height, 1) if routed.height else None,
        "target_working_days": route_days,
    }


def with_phase(decisions: pl.DataFrame) -> pl.DataFrame:
    """Add ``phase`` from the child's age on the day of the decision."""
    age = (pl.col("decided_on") - pl.col("date_of_birth")).dt.total_days() // 365
    phase = pl.lit(None, dtype=pl.String())
    for name, low, high in reversed(PHASES):
        phase = pl.when((age >= low) & (age < high)).then(pl.lit(name)).otherwise(phase)
    return decisions.with_columns(phase.alias("phase"))


def panel_rates(decisions: pl.DataFrame, unit: str = "panel_name") -> list[dict[str, Any]]:
    """Decisions and agreement rates per ``unit`` with funnel limits (see ``funnel.py``)."""
    frame = with_phase(decisions) if unit == "phase" else decisions
    return funnel.funnel(frame, unit).to_dicts()


def stats(
    requests: pl.DataFrame,
    decisions: pl.DataFrame,
    *,
    year: int,
    route_days: int,
    la_code: str,
) -> dict[str, Any]:
    """The year's front door figures (``requests`` received in the year and earlier, for the
    re-requests; ``decisions`` made in the year)."""
    start, end = year_bounds(year)
    marked = mark_re_requests(requests)
    in_year = marked.filter(pl.col("received_on").is_between(start, end))
    by_route = counts(
        in_year.with_columns(pl.col("route").fill_null("not_yet_routed")),
        "route",
        dict.fromkeys([*vocab.ROUTES, "not_yet_routed"], ""),
    )
    return {
        "la_code": la_code,
        "year": year,
        "requests": {
            "total": in_year.height,
            **by_route,
            "by_route": by_route,
            "by_source": counts(in_year, "source", vocab.SOURCES),
            "by_need": counts(in_year, "need_area", vocab.NEED_AREAS),
        },
        "triage": triage_summary(in_year, route_days),
        "panels": [_panel(row) for row in panel_rates(decisions)],
        "re_requests_within_12_months": int(in_year.get_column("re_request").sum()),
        "unmet_need": int(in_year.get_column("unmet_need").fill_null(False).sum()),
        "resolved_without_statutory_assessment": _resolved(in_year),
    }


def _panel(row: dict[str, Any]) -> dict[str, Any]:
    return {"panel": row["panel_name"], **{k: v for k, v in row.items() if k != "panel_name"}}


def _resolved(requests: pl.DataFrame) -> dict[str, Any]:
    routed = requests.filter(pl.col("route").is_not_null())
    met = routed.filter(
        ~pl.col("route").is_in(["statutory_assessment", "panel"]) & ~pl.col("unmet_need")
    ).height
    share = round(100 * met / routed.height, 1) if routed.height else None
    return {"routed": routed.height, "resolved": met, "share": share}


def monthly(requests: pl.DataFrame, route_days: int) -> pl.DataFrame:
    """Per month received (``YYYY-MM``): requests, routed, routed in time, resolved without a
    statutory assessment (the scorecard's front-door measures)."""
    if requests.height == 0:
        return pl.DataFrame(
            schema={
                "month": pl.String(),
                "requests": pl.UInt32(),
                "routed": pl.UInt32(),
                "in_time": pl.UInt32(),
                "resolved": pl.UInt32(),
            }
        )
    routed = pl.col("route").is_not_null()
    resolved = (
        routed & ~pl.col("route").is_in(["statutory_assessment", "panel"]) & ~pl.col("unmet_need")
    )
    return (
        requests.with_columns(pl.col("received_on").dt.strftime("%Y-%m").alias("month"))
        .group_by("month")
        .agg(
            pl.len().alias("requests"),
            routed.sum().alias("routed"),
            (pl.col("working_days_to_route") <= route_days).sum().alias("in_time"),
            resolved.sum().alias("resolved"),
        )
        .sort("month")
    )


def previous_year_start(year: int) -> date:
    """The day from which requests are read to find re-requests in ``year``."""
    return date(year, 1, 1) - timedelta(days=RE_REQUEST_DAYS)
