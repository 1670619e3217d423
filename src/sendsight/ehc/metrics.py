"""EHC timeliness metrics per local authority and calendar year, built into fact tables.

Definitions follow DfE's "Education, health and care plans" statistics (SEN2). Each event is
counted in the calendar year in which it happened (its own date, not the request's):

* **requests received** — requests whose ``received_on`` falls in the year;
* **decisions made** — decisions to assess or not to assess, by ``decision_on``; *within 6
  weeks* compares ``decision_on`` with ``received_on`` (SI 2014/1530 reg 5(1));
* **plans issued** — final plans by ``final_issued_on``; *within 20 weeks* compares it with
  ``received_on`` (reg 13(2)). *Including exceptions* counts every plan; *excluding
  exceptions* drops plans where a reg 10(4) exception applies from numerator and denominator;
* **decisions not to issue** — assessment outcome ``not_issue`` by ``assessment_outcome_on``;
  *within 16 weeks* of ``received_on`` (reg 10(1));
* **review decisions** — annual review decisions by ``decision_on``; *within 4 weeks* of the
  review meeting (reg 20);
* **median weeks to final plan** — median of (final − received) days ÷ 7 over plans issued;
* **stage durations** — medians in days over plans issued: request → decision → last advice
  received → draft → final (a stage with a missing date is left out of that stage's median);
* **advice within 6 weeks** — advice returned in the year (by ``received_on``), per advice type,
  where ``received_on`` is within 6 weeks of ``requested_on`` (reg 8(1)); with the mean days
  from request to return (a mean, not a median: a median over every advice row doubled the
  time of a national build).

Percentages are rounded half-up to 1 decimal place and are null where the denominator is 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import polars as pl

from sendsight.ehc import clock
from sendsight.ehc.frames import REQUEST_KEY, EhcFrames

KEY: Final = ["la_code", "year"]
COUNT_COLUMNS: Final = (
    "requests_received", "decisions_made", "decisions_within_6_weeks", "plans_issued",
    "plans_within_20_weeks", "plans_issued_excl_exceptions",
    "plans_within_20_weeks_excl_exceptions", "not_to_issue_decisions",
    "not_to_issue_within_16_weeks", "review_decisions", "review_decisions_within_4_weeks",
)  # fmt: skip
STAGES: Final = (
    ("request_to_decision", "received_on", "decision_on"),
    ("decision_to_last_advice", "decision_on", "last_advice_on"),
    ("last_advice_to_draft", "last_advice_on", "draft_issued_on"),
    ("draft_to_final", "draft_issued_on", "final_issued_on"),
)
PERCENTAGES: Final = (
    ("decisions_within_6_weeks_pct", "decisions_within_6_weeks", "decisions_made"),
    ("plans_within_20_weeks_pct_incl_exceptions", "plans_within_20_weeks", "plans_issued"),
    ("plans_within_20_weeks_pct_excl_exceptions", "plans_within_20_weeks_excl_exceptions",
     "plans_issued_excl_exceptions"),
    ("not_to_issue_within_16_weeks_pct", "not_to_issue_within_16_weeks", "not_to_issue_decisions"),
    ("review_decisions_within_4_weeks_pct", "review_decisions_within_4_weeks", "review_decisions"),
)  # fmt: skip


@dataclass(frozen=True)
class EhcFacts:
    """Fact tables: ``timeliness`` (one row per LA × year) and ``advice`` (per advice type too)."""

    timeliness: pl.DataFrame
    advice: pl.DataFrame


def pct(numerator: str, denominator: str) -> pl.Expr:
    """``100 × numerator ÷ denominator`` rounded half-up to 1 decimal place; null when ÷ 0."""
    num, den = pl.col(numerator).cast(pl.Int64), pl.col(denominator).cast(pl.Int64)
    tenths = (2000 * num + den) // (2 * den)  # exact integer half-up rounding, no float ties
    return pl.when(den > 0).then((tenths / 10).round(1)).otherwise(None)


def build_facts(frames: EhcFrames, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY) -> EhcFacts:
    """Compute every metric for every LA and calendar year found in ``frames``.

    One lazy plan per table, collected together: requests are read once for the events counted
    by their own dates, issued plans once (with each request's last advice), advice once.
    """
    year = year_function(frames)
    requests = frames.requests.lazy()
    received, decisions, not_to_issue = _request_events(requests, year, boundary)
    parts = [
        received,
        decisions,
        _plans(issued_with_last_advice(frames).lazy(), year, boundary),
        not_to_issue,
        _review_decisions(frames.reviews.lazy(), year, boundary),
        _advice(frames.advice.lazy(), year, boundary),
    ]
    collected = pl.collect_all(parts)
    return EhcFacts(timeliness=_combine(collected[:-1]), advice=collected[-1])


def issued_with_last_advice(frames: EhcFrames) -> pl.DataFrame:
    """Requests with a final plan issued, with ``last_advice_on``: the date the request's last
    advice came back (null when none has)."""
    issued = frames.requests.filter(pl.col("final_issued_on").is_not_null())
    return _attach_last_advice(issued, frames.advice)


def _days(start: str, end: str) -> pl.Expr:
    """Calendar days from ``start`` to ``end``, as Int32 (a Date is stored as a day number)."""
    return pl.col(end).cast(pl.Int32) - pl.col(start).cast(pl.Int32)


def _within(start: str, end: str, weeks: int, boundary: clock.Boundary) -> pl.Expr:
    """:func:`sendsight.ehc.clock.within_expr` in Int32 day numbers (null when either is)."""
    days, limit = _days(start, end), 7 * weeks
    return days <= limit if clock.check_boundary(boundary) == "on_or_before" else days < limit


def _count_within(within: pl.Expr, count: str, within_name: str) -> list[pl.Expr]:
    return [pl.len().alias(count), within.fill_null(False).sum().alias(within_name)]


def _request_events(
    requests: pl.LazyFrame, year: YearOf, boundary: clock.Boundary
) -> list[pl.LazyFrame]:
    """Requests received, decisions made and decisions not to issue, from one pass.

    Requests are first counted per LA and the three event years together (a few thousand
    groups), then those counts are summed per LA and each event's own year.
    """
    made = pl.col("decision").is_in(["assess", "not_assess"]) & pl.col("decision_on").is_not_null()
    refused = (pl.col("assessment_outcome") == "not_issue") & pl.col(
        "assessment_outcome_on"
    ).is_not_null()
    decided = _within("received_on", "decision_on", clock.DECISION_WEEKS, boundary)
    refused_in = _within("received_on", "assessment_outcome_on", clock.NOT_TO_ISSUE_WEEKS, boundary)
    grouped = requests.group_by(
        "la_code", year("received_on").alias("year"),
        pl.when(made).then(year("decision_on")).alias("_decision_year"),
        pl.when(refused).then(year("assessment_outcome_on")).alias("_refused_year"),
    ).agg(
        pl.len().alias("requests_received"),
        made.sum().alias("decisions_made"),
        (made & decided.fill_null(False)).sum().alias("decisions_within_6_weeks"),
        refused.sum().alias("not_to_issue_decisions"),
        (refused & refused_in.fill_null(False)).sum().alias("not_to_issue_within_16_weeks"),
    )  # fmt: skip
    return [
        _sum_by(grouped, "year", ("requests_received",)),
        _sum_by(grouped, "_decision_year", ("decisions_made", "decisions_within_6_weeks")),
        _sum_by(grouped, "_refused_year",
                ("not_to_issue_decisions", "not_to_issue_within_16_weeks")),
    ]  # fmt: skip


def _sum_by(grouped: pl.LazyFrame, year: str, counts: tuple[str, ...]) -> pl.LazyFrame:
    """``counts`` summed per LA and ``year``; rows without that event (year null) dropped,
    except for requests received, whose year is the request's own."""
    rows = grouped if year == "year" else grouped.filter(pl.col(year).is_not_null())
    return rows.group_by("la_code", pl.col(year).alias("year")).agg(pl.col(c).sum() for c in counts)


def _plans(issued: pl.LazyFrame, year: YearOf, boundary: clock.Boundary) -> pl.LazyFrame:
    within = _within("received_on", "final_issued_on", clock.FINAL_PLAN_WEEKS, boundary)
    excl = ~pl.col("exceptions_apply").fill_null(False)
    stages = [
        _days(start, end).median().alias(f"median_days_{name}") for name, start, end in STAGES
    ]
    return issued.group_by("la_code", year("final_issued_on").alias("year")).agg(
        *_count_within(within, "plans_issued", "plans_within_20_weeks"),
        excl.sum().alias("plans_issued_excl_exceptions"),
        (within.fill_null(False) & excl).sum().alias("plans_within_20_weeks_excl_exceptions"),
        (_days("received_on", "final_issued_on").median() / 7)
        .round(1, mode="half_away_from_zero")
        .alias("median_weeks_to_final_plan"),
        *stages,
    )


def _review_decisions(
    reviews: pl.LazyFrame, year: YearOf, boundary: clock.Boundary
) -> pl.LazyFrame:
    decided = reviews.filter(pl.col("decision").is_not_null() & pl.col("decision_on").is_not_null())
    within = _within("review_meeting_on", "decision_on", clock.REVIEW_DECISION_WEEKS, boundary)
    return decided.group_by("la_code", year("decision_on").alias("year")).agg(
        _count_within(within, "review_decisions", "review_decisions_within_4_weeks")
    )


def _advice(advice: pl.LazyFrame, year: YearOf, boundary: clock.Boundary) -> pl.LazyFrame:
    returned = advice.filter(pl.col("received_on").is_not_null())
    within = _within("requested_on", "received_on", clock.ADVICE_WEEKS, boundary)
    counts = returned.group_by("la_code", year("received_on").alias("year"), "advice_type").agg(
        *_count_within(within, "advice_returned", "advice_within_6_weeks"),
        _days("requested_on", "received_on").mean().alias("mean_days_to_advice"),
    )
    return counts.with_columns(
        pct("advice_within_6_weeks", "advice_returned").alias("advice_within_6_weeks_pct")
    ).sort("la_code", "year", "advice_type")


def _combine(parts: list[pl.DataFrame]) -> pl.DataFrame:
    keys = pl.concat([p.select(KEY) for p in parts]).unique()
    table = keys
    for part in parts:
        table = table.join(part, on=KEY, how="left")
    table = table.with_columns(pl.col(c).fill_null(0).cast(pl.Int64) for c in COUNT_COLUMNS)
    return table.with_columns(pct(num, den).alias(name) for name, num, den in PERCENTAGES).sort(KEY)


def metrics_for(facts: EhcFacts, la_code: str, year: int) -> dict[str, Any]:
    """The headline metrics of one LA and calendar year, shaped as ``sendsight ehc metrics``.

    Keys: ``la_code, year``, the counts and percentages of :data:`PERCENTAGES`,
    ``median_weeks_to_final_plan`` and ``advice_within_6_weeks_pct`` (an object keyed by advice
    type; a type with no advice returned in the year is omitted). Missing years give zeros.
    """
    row = facts.timeliness.filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    found = row.to_dicts()[0] if row.height else {}
    advice = facts.advice.filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    result: dict[str, Any] = {"la_code": la_code, "year": year}
    for name in _OUTPUT_ORDER:
        result[name] = found.get(name, 0 if name in COUNT_COLUMNS else None)
    by_type = advice.select("advice_type", "advice_within_6_weeks_pct").sort("advice_type")
    result["advice_within_6_weeks_pct"] = dict(by_type.iter_rows())
    return result


_OUTPUT_ORDER: Final = (
    "requests_received", "decisions_made", "decisions_within_6_weeks_pct", "plans_issued",
    "plans_within_20_weeks_pct_incl_exceptions", "plans_within_20_weeks_pct_excl_exceptions",
    "not_to_issue_decisions", "not_to_issue_within_16_weeks_pct", "review_decisions",
    "review_decisions_within_4_weeks_pct", "median_weeks_to_final_plan",
)  # fmt: skip


# --- Calendar years -------------------------------------------------------------------------

YearOf = Callable[[str], pl.Expr]
# A day-indexed year table spanning more than this is not built (``dt.year`` is used instead).
_MAX_TABLE_DAYS: Final = 366 * 200
_YEAR_COLUMNS: Final = {
    "requests": ("received_on", "decision_on", "assessment_outcome_on", "final_issued_on"),
    "advice": ("received_on",),
    "reviews": ("decision_on",),
}


def year_function(frames: EhcFrames) -> YearOf:
    """A function giving the expression for the calendar year of a date column in ``frames``.

    ``dt.year`` converts every date through a civil calendar; looking the year up in a table of
    the days between the earliest and latest date is about three times faster on millions of
    rows, and gives the same years. Dates spread over centuries fall back to ``dt.year``.
    """
    bounds = [
        getattr(frames, table)
        .select(
            pl.min_horizontal(pl.col(cols).min()).cast(pl.Int32).alias("lo"),
            pl.max_horizontal(pl.col(cols).max()).cast(pl.Int32).alias("hi"),
        )
        .row(0)
        for table, cols in _YEAR_COLUMNS.items()
    ]
    lows = [lo for lo, _ in bounds if lo is not None]
    highs = [hi for _, hi in bounds if hi is not None]
    if not lows or max(highs) - min(lows) > _MAX_TABLE_DAYS:
        return lambda column: pl.col(column).dt.year()
    first = min(lows)
    days = pl.Series(np.arange(first, max(highs) + 1, dtype=np.int32)).cast(pl.Date)
    table = days.dt.year()
    return lambda column: pl.lit(table).gather(pl.col(column).cast(pl.Int32) - first)


# --- Last advice per request ----------------------------------------------------------------

_HASH: Final = "_request_key_hash"
_MISSING: Final = np.iinfo(np.int32).min  # stands for "no advice back yet" inside numpy
_RUN_KEY: Final = ("_advice_la_code", "_advice_request_id")


def _key_hash() -> pl.Expr:
    """One 64-bit integer per (LA, request id): the pair's two text hashes combined."""
    return (pl.col("la_code").hash(7) ^ pl.col("request_id").hash(11)).alias(_HASH)


def _attach_last_advice(issued: pl.DataFrame, advice: pl.DataFrame) -> pl.DataFrame:
    """``issued`` with ``last_advice_on``: the latest ``received_on`` of the request's advice.

    Grouping 2.7 million advice rows by a text key dominated a national build. Advice rows are
    sorted by request (see :mod:`sendsight.ehc.frames`), so each request's rows form one run and
    numpy takes the latest date of every run. The runs are joined to the plans on a 64-bit
    hash of the key, then checked: if advice was not sorted (a request in two runs) or two keys
    share a hash, the text group-and-join is used instead, so the result is always exact.
    """
    runs = _advice_runs(advice)
    joined = issued.lazy().with_columns(_key_hash()).join(runs.lazy(), on=_HASH, how="left")
    plans = joined.collect()
    same = pl.col(_RUN_KEY[0]).is_null() | (
        (pl.col(_RUN_KEY[0]) == pl.col("la_code")) & (pl.col(_RUN_KEY[1]) == pl.col("request_id"))
    )
    if plans.height == issued.height and plans.select(same.all()).item():
        return plans.drop(_HASH, *_RUN_KEY)
    return _attach_last_advice_by_text(issued, advice)


def _advice_runs(advice: pl.DataFrame) -> pl.DataFrame:
    """One row per run of consecutive advice rows with one key: hash, key, latest return."""
    columns = advice.select(
        _key_hash(), pl.col("received_on").cast(pl.Int32).fill_null(_MISSING).alias("day")
    )
    hashes = columns.get_column(_HASH).to_numpy()
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]]) if len(hashes) else hashes
    days = columns.get_column("day").to_numpy()
    latest = np.maximum.reduceat(days, starts) if len(starts) else days[:0]
    keys = advice.select(pl.col(k).alias(a) for k, a in zip(REQUEST_KEY, _RUN_KEY, strict=True))
    last = pl.Series("last_advice_on", latest, dtype=pl.Int32)
    return keys[starts].with_columns(
        pl.Series(_HASH, hashes[starts], dtype=pl.UInt64),
        pl.when(last != _MISSING).then(last).cast(pl.Date).alias("last_advice_on"),
    )


def _attach_last_advice_by_text(issued: pl.DataFrame, advice: pl.DataFrame) -> pl.DataFrame:
    last = advice.group_by(REQUEST_KEY).agg(pl.col("received_on").max().alias("last_advice_on"))
    return issued.join(last, on=list(REQUEST_KEY), how="left", maintain_order="left")
