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

from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from sendsight.ehc import clock
from sendsight.ehc.frames import REQUEST_KEY, EhcFrames

KEY: Final = ["la_code", "year"]
_KEY: Final = "_request_key_hash"
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
    """Compute every metric for every LA and calendar year found in ``frames``."""
    requests = frames.requests.lazy()
    parts = [
        _requests_received(requests),
        _decisions(requests, boundary),
        _plans(*_with_last_advice(frames), boundary),
        _not_to_issue(requests, boundary),
        _review_decisions(frames.reviews.lazy(), boundary),
    ]
    collected = pl.collect_all([*parts, _advice(frames.advice.lazy(), boundary)])
    timeliness = _combine(collected[:-1])
    return EhcFacts(timeliness=timeliness, advice=collected[-1])


def _key_hash() -> pl.Expr:
    return pl.struct(*REQUEST_KEY).hash().alias(_KEY)


def _with_last_advice(
    frames: EhcFrames, *, exact: bool = False
) -> tuple[pl.LazyFrame, pl.LazyFrame, list[str]]:
    """Issued plans, the date each request's last advice came back, and the key joining them.

    Grouping and joining 2.7 million advice rows on two text columns dominated a national build,
    so the pair is hashed to one 64-bit integer. The hash is used only when no two requests
    share one (requests are unique by key and advice always belongs to a request), so the
    result is exactly that of the text join, which remains the fallback.
    """
    requests, key = frames.requests, list(REQUEST_KEY)
    if not exact:
        hashed = requests.with_columns(_key_hash())
        exact = hashed.get_column(_KEY).n_unique() != hashed.height
        requests, key = (requests, key) if exact else (hashed, [_KEY])
    issued = requests.filter(pl.col("final_issued_on").is_not_null())
    advice = frames.advice.lazy() if exact else frames.advice.lazy().with_columns(_key_hash())
    last = advice.group_by(key).agg(pl.col("received_on").max().alias("last_advice_on"))
    return issued.lazy(), last, key


def _year(column: str) -> pl.Expr:
    return pl.col(column).dt.year().alias("year")


def _count_within(within: pl.Expr, count: str, within_name: str) -> list[pl.Expr]:
    return [pl.len().alias(count), within.fill_null(False).sum().alias(within_name)]


def _requests_received(requests: pl.LazyFrame) -> pl.LazyFrame:
    return requests.group_by("la_code", _year("received_on")).agg(
        pl.len().alias("requests_received")
    )


def _decisions(requests: pl.LazyFrame, boundary: clock.Boundary) -> pl.LazyFrame:
    made = requests.filter(
        pl.col("decision").is_in(["assess", "not_assess"]) & pl.col("decision_on").is_not_null()
    )
    within = clock.within_expr("received_on", "decision_on", clock.DECISION_WEEKS, boundary)
    return made.group_by("la_code", _year("decision_on")).agg(
        _count_within(within, "decisions_made", "decisions_within_6_weeks")
    )


def _plans(
    issued: pl.LazyFrame, last_advice: pl.LazyFrame, key: list[str], boundary: clock.Boundary
) -> pl.LazyFrame:
    issued = issued.join(last_advice, on=key, how="left")
    within = clock.within_expr("received_on", "final_issued_on", clock.FINAL_PLAN_WEEKS, boundary)
    excl = ~pl.col("exceptions_apply").fill_null(False)
    days = (pl.col("final_issued_on") - pl.col("received_on")).dt.total_days()
    stages = [
        (pl.col(end) - pl.col(start)).dt.total_days().median().alias(f"median_days_{name}")
        for name, start, end in STAGES
    ]
    return issued.group_by("la_code", _year("final_issued_on")).agg(
        *_count_within(within, "plans_issued", "plans_within_20_weeks"),
        excl.sum().alias("plans_issued_excl_exceptions"),
        (within.fill_null(False) & excl).sum().alias("plans_within_20_weeks_excl_exceptions"),
        (days.median() / 7)
        .round(1, mode="half_away_from_zero")
        .alias("median_weeks_to_final_plan"),
        *stages,
    )


def _not_to_issue(requests: pl.LazyFrame, boundary: clock.Boundary) -> pl.LazyFrame:
    decided = requests.filter(
        (pl.col("assessment_outcome") == "not_issue")
        & pl.col("assessment_outcome_on").is_not_null()
    )
    within = clock.within_expr(
        "received_on", "assessment_outcome_on", clock.NOT_TO_ISSUE_WEEKS, boundary
    )
    return decided.group_by("la_code", _year("assessment_outcome_on")).agg(
        _count_within(within, "not_to_issue_decisions", "not_to_issue_within_16_weeks")
    )


def _review_decisions(reviews: pl.LazyFrame, boundary: clock.Boundary) -> pl.LazyFrame:
    decided = reviews.filter(pl.col("decision").is_not_null() & pl.col("decision_on").is_not_null())
    within = clock.within_expr(
        "review_meeting_on", "decision_on", clock.REVIEW_DECISION_WEEKS, boundary
    )
    return decided.group_by("la_code", _year("decision_on")).agg(
        _count_within(within, "review_decisions", "review_decisions_within_4_weeks")
    )


def _advice(advice: pl.LazyFrame, boundary: clock.Boundary) -> pl.LazyFrame:
    returned = advice.filter(pl.col("received_on").is_not_null())
    within = clock.within_expr("requested_on", "received_on", clock.ADVICE_WEEKS, boundary)
    days = (pl.col("received_on") - pl.col("requested_on")).dt.total_days()
    counts = returned.group_by("la_code", _year("received_on"), "advice_type").agg(
        *_count_within(within, "advice_returned", "advice_within_6_weeks"),
        days.mean().alias("mean_days_to_advice"),
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
