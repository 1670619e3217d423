"""Extra EHC facts (monthly, stage distribution), page rows and the last-advice key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sendsight.ehc import metrics, pages, timeline
from sendsight.ehc.facts import band_labels, build_all_facts, monthly_timeliness, stage_distribution
from sendsight.ehc.frames import EhcFrames
from sendsight.ehc.models import EhcAdvice, EhcRequest
from sendsight.ehc.template import read_template

DATA = Path(__file__).parent.parent / "data" / "ehc" / "template"


@pytest.fixture(scope="module")
def frames() -> EhcFrames:
    return read_template("999", DATA / "requests.csv", DATA / "advice.csv", DATA / "reviews.csv")


def test_monthly_facts_count_plans_in_their_month_of_issue(frames: EhcFrames) -> None:
    monthly = monthly_timeliness(frames)
    # T-R001 issued 2024-05-27 on day 140 (in time); T-R002 2024-08-30 with an exception.
    assert monthly.select("month", "plans_issued", "plans_within_20_weeks").rows() == [
        ("2024-05", 1, 1), ("2024-08", 1, 0),
    ]  # fmt: skip
    assert monthly.get_column("plans_within_20_weeks_pct_excl_exceptions").to_list() == [
        100.0, None,
    ]  # fmt: skip


def test_strict_boundary_makes_the_day_140_plan_late_in_the_monthly_facts(
    frames: EhcFrames,
) -> None:
    monthly = monthly_timeliness(frames, boundary="before")
    assert monthly.get_column("plans_within_20_weeks").to_list() == [0, 0]


def test_a_whole_process_of_exactly_20_weeks_falls_in_the_20_to_26_week_band(
    frames: EhcFrames,
) -> None:
    stages = stage_distribution(frames).filter(pl.col("stage") == "request_to_final")
    # 140 days is 20 weeks exactly; 211 days is 30 weeks and 1 day.
    assert stages.select("weeks_band", "plans").rows() == [
        ("20 to 26 weeks", 1), ("26 weeks or more", 1),
    ]  # fmt: skip


def test_band_labels_cover_every_band_once() -> None:
    labels = band_labels()
    assert labels[0] == "under 2 weeks" and labels[-1] == "26 weeks or more"
    assert len(labels) == len(set(labels)) == 9


def test_fact_frames_have_the_columns_of_their_tables(frames: EhcFrames) -> None:
    from sendsight.ehc.models import FtEhcAdvice, FtEhcMonthly, FtEhcStage, FtEhcTimeliness

    built = build_all_facts(frames)
    base = {"id", "created_at_utc", "updated_at_utc"}
    for frame, model in ((built.timeliness, FtEhcTimeliness), (built.advice, FtEhcAdvice),
                         (built.monthly, FtEhcMonthly), (built.stages, FtEhcStage)):  # fmt: skip
        assert set(frame.columns) == {c.name for c in model.__table__.columns} - base


def test_last_advice_is_the_latest_return_of_the_requests_advice(frames: EhcFrames) -> None:
    plans = metrics.issued_with_last_advice(frames)
    first = plans.sort("request_id").select("request_id", "last_advice_on").row(0)
    assert first == ("T-R001", date(2024, 4, 2))


def test_last_advice_is_the_same_when_advice_rows_are_not_sorted_by_request(
    frames: EhcFrames,
) -> None:
    # Dealt out one row per request in turn, a request's rows are no longer next to each other.
    turn = pl.int_range(pl.len()).over("request_id")
    shuffled = EhcFrames(frames.requests, frames.advice.sort(turn, "request_id"), frames.reviews)
    runs = shuffled.advice.select(pl.col("request_id").rle_id().max() + 1).item()
    assert runs > shuffled.advice.get_column("request_id").n_unique()

    def last(f: EhcFrames) -> list[tuple[object, ...]]:
        plans = metrics.issued_with_last_advice(f)
        return plans.select("request_id", "last_advice_on").sort("request_id").rows()

    assert last(shuffled) == last(frames)
    assert any(day is not None for _, day in last(frames))


def test_protected_guard_hides_small_counts_and_rates_built_on_them() -> None:
    guard = pages.Guard(protect=True, threshold=5)
    assert (guard.count(3), guard.count(0), guard.count(12)) == ("c", "0", "12")
    assert guard.rate(2, 10) == "c" and guard.rate(6, 12) == "50.0"
    assert any(line.startswith("c = confidential") for line in guard.notes())


def test_unprotected_guard_shows_figures_as_computed() -> None:
    guard = pages.Guard(protect=False)
    assert (guard.count(3), guard.rate(2, 3), guard.rate(0, 0)) == ("3", "66.7", "z")


def test_timeline_marks_a_late_final_plan() -> None:
    request = EhcRequest(received_on=date(2024, 1, 1), decision="assess",
                         decision_on=date(2024, 2, 1), final_issued_on=date(2024, 6, 1),
                         assessment_outcome="issue", draft_issued_on=None)  # fmt: skip
    advice = [EhcAdvice(advice_type="health", requested_on=date(2024, 2, 2), received_on=None)]
    events = timeline.timeline(request, advice, [], as_of=date(2024, 12, 1))
    final = next(e for e in events if e.what == "Final plan issued")
    assert final.due_on == date(2024, 5, 20) and final.status == timeline.Status.MISSED
    outstanding = [e for e in events if e.on is None]
    assert events[-len(outstanding) :] == outstanding  # what is still outstanding comes last
    assert any(e.what.startswith("Health advice") for e in outstanding)
