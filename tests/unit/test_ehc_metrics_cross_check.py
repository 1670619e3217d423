"""``build_facts`` against a plain Polars reference, on random untidy synthetic cases.

The reference groups by text LA code and ``dt.year`` and finds each request's last advice by
joining on ``(la_code, request_id)``: none of the cells, chunks or row links ``build_facts``
uses. The cases have null dates, dates out of order, advice whose request is missing, an LA
with reviews only, rows in shuffled order, text advice types and dates before 1901.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from sendsight.ehc import clock
from sendsight.ehc import frames as fr
from sendsight.ehc.metrics import MEDIANS, STAGES, build_facts, last_advice_on

LAS = ("301", "302", "303")


def _dates(
    rng: np.random.Generator, start: list[date | None], low: int, high: int, nulls: float
) -> list[date | None]:
    steps = rng.integers(low, high, len(start))
    gone = rng.random(len(start)) < nulls
    return [
        None if g or s is None else s + timedelta(int(n))
        for s, n, g in zip(start, steps, gone, strict=True)
    ]


def _blank(rng: np.random.Generator, dates: list[date], share: float) -> list[date | None]:
    """``dates`` with about ``share`` of them null (independently of anything made from them)."""
    return [None if x < share else d for x, d in zip(rng.random(len(dates)), dates, strict=True)]


def _cases(seed: int, first_year: int) -> fr.EhcFrames:
    rng = np.random.default_rng(seed)
    n = 600
    la = rng.choice(LAS, n).tolist()
    arrived = _dates(rng, [date(first_year, 1, 1)] * n, 0, 5 * 365, 0)
    received = _blank(rng, arrived, 0.03)
    decision = rng.choice(["assess", "not_assess", "withdrawn", ""], n).tolist()
    decided = _dates(rng, arrived, -5, 70, 0.1)
    outcome = rng.choice(["issue", "not_issue", "withdrawn", ""], n).tolist()
    requests = pl.DataFrame({
        "la_code": la, "request_id": [f"R{i}" for i in range(n)], "received_on": received,
        "decision": [d or None for d in decision], "decision_on": decided,
        "assessment_outcome": [o or None for o in outcome],
        "assessment_outcome_on": _dates(rng, decided, 20, 120, 0.2),
        "exceptions_apply": [None if x < 0.1 else x < 0.3 for x in rng.random(n)],
        "draft_issued_on": _dates(rng, decided, 30, 130, 0.3),
        "final_issued_on": _dates(rng, decided, 40, 200, 0.35),
    })  # fmt: skip
    m = 1500
    owner = rng.integers(0, n + 40, m)  # some advice for requests that are not there
    late = date(first_year + 5, 6, 1)  # advice with no request comes back after all the rest
    asked = _dates(rng, [arrived[i] if i < n else late for i in owner], 0, 60, 0)
    advice = pl.DataFrame({
        "la_code": [la[i] if i < n else "303" for i in owner],
        "request_id": [f"R{i}" for i in owner],
        "advice_type": rng.choice(fr.ADVICE_TYPES, m).tolist(),
        "requested_on": _blank(rng, asked, 0.02),
        "received_on": _dates(rng, asked, -3, 90, 0.1),
    }).unique(["la_code", "request_id", "advice_type", "requested_on"])  # fmt: skip
    k = 400
    meeting = _dates(rng, [date(first_year, 3, 1)] * k, 0, 5 * 365, 0)
    reviews = pl.DataFrame({
        "la_code": rng.choice([*LAS, "404"], k).tolist(), "plan_id": [f"P{i}" for i in range(k)],
        "person_id": "Q", "review_meeting_on": meeting,
        "decision": [None if x < 0.1 else "maintain" for x in rng.random(k)],
        "decision_on": _dates(rng, meeting, 0, 60, 0.1),
    })  # fmt: skip
    return fr.assemble(requests, advice, reviews)


def _untidy(frames: fr.EhcFrames, seed: int) -> fr.EhcFrames:
    """Rows shuffled and advice types as text: not the contract's order or types."""
    requests, advice, reviews = (f.sample(fraction=1.0, shuffle=True, seed=seed) for f in (
        frames.requests, frames.advice, frames.reviews))  # fmt: skip
    return fr.EhcFrames(requests, advice.with_columns(pl.col("advice_type").cast(pl.String)),
                        reviews)  # fmt: skip


def _count(
    frame: pl.DataFrame, keep: pl.Expr, on: str, name: str, in_time: pl.Expr
) -> pl.DataFrame:
    rows = frame.filter(keep & pl.col(on).is_not_null())
    return rows.group_by("la_code", pl.col(on).dt.year().alias("year")).agg(
        pl.len().alias(name), in_time.fill_null(False).sum().alias(f"{name}_in_time")
    )


def _reference_counts(frames: fr.EhcFrames, boundary: clock.Boundary) -> dict[str, pl.DataFrame]:
    req, rev = fr.stored(frames.requests), frames.reviews
    weeks = {"decision_on": clock.DECISION_WEEKS, "assessment_outcome_on": clock.NOT_TO_ISSUE_WEEKS,
             "final_issued_on": clock.FINAL_PLAN_WEEKS}  # fmt: skip
    within = {c: clock.within_expr("received_on", c, w, boundary) for c, w in weeks.items()}
    counted = ~pl.col("exceptions_apply").fill_null(False)
    made = pl.col("decision").is_in(["assess", "not_assess"])
    return {
        "requests_received": _count(req, pl.lit(True), "received_on", "n", pl.lit(False)),
        "decisions_made": _count(req, made, "decision_on", "n", within["decision_on"]),
        "plans_issued": _count(req, pl.lit(True), "final_issued_on", "n",
                               within["final_issued_on"]),
        "plans_issued_excl_exceptions": _count(req, counted, "final_issued_on", "n",
                                               within["final_issued_on"]),
        "not_to_issue_decisions": _count(req, pl.col("assessment_outcome") == "not_issue",
                                         "assessment_outcome_on", "n",
                                         within["assessment_outcome_on"]),
        "review_decisions": _count(rev, pl.col("decision").is_not_null(), "decision_on", "n",
                                   clock.within_expr("review_meeting_on", "decision_on",
                                                     clock.REVIEW_DECISION_WEEKS, boundary)),
    }  # fmt: skip


IN_TIME = {
    "decisions_made": "decisions_within_6_weeks", "plans_issued": "plans_within_20_weeks",
    "plans_issued_excl_exceptions": "plans_within_20_weeks_excl_exceptions",
    "not_to_issue_decisions": "not_to_issue_within_16_weeks",
    "review_decisions": "review_decisions_within_4_weeks",
}  # fmt: skip


def _last_advice(frames: fr.EhcFrames) -> pl.DataFrame:
    """Every request's key and the latest date its advice came back, found by text."""
    last = (
        fr.stored(frames.advice)
        .group_by("la_code", "request_id")
        .agg(pl.col("received_on").max().alias("last_advice_on"))
    )
    requests = fr.stored(frames.requests).select("la_code", "request_id")
    return requests.join(last, on=["la_code", "request_id"], how="left")


def _reference_medians(frames: fr.EhcFrames) -> pl.DataFrame:
    plans = fr.stored(frames.requests).filter(pl.col("final_issued_on").is_not_null())
    plans = plans.join(_last_advice(frames), on=["la_code", "request_id"], how="left")
    gap = {name: (pl.col(end) - pl.col(start)).dt.total_days() for name, start, end in STAGES}
    whole = (pl.col("final_issued_on") - pl.col("received_on")).dt.total_days().median()
    return plans.group_by("la_code", pl.col("final_issued_on").dt.year().alias("year")).agg(
        (whole / 7).round(1, mode="half_away_from_zero").alias(MEDIANS[0]),
        *(g.median().alias(f"median_days_{name}") for name, g in gap.items()),
    )


def _reference_advice(frames: fr.EhcFrames, boundary: clock.Boundary) -> pl.DataFrame:
    advice = fr.stored(frames.advice).filter(pl.col("received_on").is_not_null())
    within = clock.within_expr("requested_on", "received_on", clock.ADVICE_WEEKS, boundary)
    days = (pl.col("received_on") - pl.col("requested_on")).dt.total_days()
    return advice.group_by(
        "la_code", pl.col("received_on").dt.year().alias("year"),
        pl.col("advice_type").cast(pl.String),
    ).agg(
        pl.len().alias("advice_returned"),
        within.fill_null(False).sum().alias("advice_within_6_weeks"),
        days.mean().alias("mean_days_to_advice"),
    )  # fmt: skip


def _ours(table: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return table.select("la_code", pl.col("year").cast(pl.Int32), *columns)


def _same(ours: pl.DataFrame, theirs: pl.DataFrame, key: list[str]) -> None:
    theirs = theirs.select(ours.columns).cast(ours.schema)
    assert_frame_equal(ours.sort(key), theirs.sort(key), check_exact=False)


@pytest.mark.parametrize("boundary", ["on_or_before", "before"])
@pytest.mark.parametrize(("seed", "first_year", "untidy"), [(1, 2019, False), (2, 2019, True),
                                                              (3, 1897, True)])  # fmt: skip
def test_build_facts_agrees_with_a_plain_polars_reference(
    boundary: clock.Boundary, seed: int, first_year: int, untidy: bool
) -> None:
    frames = _cases(seed, first_year)
    facts = build_facts(_untidy(frames, seed) if untidy else frames, boundary)
    key = ["la_code", "year"]
    for name, theirs in _reference_counts(frames, boundary).items():
        columns = [name] + ([IN_TIME[name]] if name in IN_TIME else [])
        mine = _ours(facts.timeliness.filter(pl.col(name) > 0), columns)
        reference = theirs.rename({"n": name, "n_in_time": IN_TIME.get(name, "n_in_time")})
        _same(mine, reference, key)
    mine = _ours(facts.timeliness.filter(pl.col("plans_issued") > 0), list(MEDIANS))
    _same(mine, _reference_medians(frames), key)
    advice = ["advice_type", "advice_returned", "advice_within_6_weeks", "mean_days_to_advice"]
    _same(_ours(facts.advice, advice), _reference_advice(frames, boundary), [*key, "advice_type"])
    assert facts.timeliness.height == facts.timeliness.select(key).unique().height
    linked = fr.linked(_untidy(frames, seed) if untidy else frames)
    last = linked.requests.select("la_code", "request_id", last_advice_on(linked))
    _same(last, _last_advice(frames), ["la_code", "request_id"])
    assert set(facts.timeliness.get_column("la_code")) == {*LAS, "404"}
