"""Deep-dive sampler: a stratified sample of children and young people with EHC plans, and a
case bundle for each (statutory timeline, advice lateness, reviews, front-door history).

Strata (List 1 of the Annex A lists, plus the EHC request): primary need, age band (0 to 4,
5 to 10, 11 to 15, 16 to 25), setting (the establishment's phase, or none), a 20-week breach
(the final plan issued more than 20 weeks after the request: SEND Regulations 2014 reg 13(2)),
elective home education and social care involvement. The sample first takes one case from each
flagged group that has any (breach, EHE, social care), then one from each need and age band in
turn, largest first, so every stratum that exists is covered before any is repeated. Draws use
a ``random.Random`` seeded by the day, so the same day gives the same sample.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

TWENTY_WEEKS: Final = timedelta(weeks=20)  # SEND Regulations 2014 reg 13(2)
SIX_WEEKS: Final = timedelta(weeks=6)  # advice within 6 weeks: SEND Regulations 2014 reg 8(1)
AGE_BANDS: Final = (
    (0, 4, "0 to 4"),
    (5, 10, "5 to 10"),
    (11, 15, "11 to 15"),
    (16, 25, "16 to 25"),
)


@dataclass(frozen=True)
class Sampled:
    """One sampled case: who, why (its strata) and its bundle."""

    unique_id: str
    strata: dict[str, str]
    reason: str
    bundle: dict[str, Any]


def _band(age: int | None) -> str:
    if age is None:
        return "Age not known"
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), "25 or over")


def strata(list_1: pl.DataFrame, requests: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """List 1 with the strata columns."""
    from sendsight.governance.annex_a import _age

    late = (
        requests.filter(pl.col("final_issued_on").is_not_null())
        .with_columns(
            ((pl.col("final_issued_on") - pl.col("received_on")) > TWENTY_WEEKS).alias("breach")
        )
        .group_by("person_id")
        .agg(pl.col("breach").any())
    )
    return (
        list_1.with_columns(_age(as_of).alias("age"))
        .join(late, left_on="unique_id", right_on="person_id", how="left")
        .with_columns(
            pl.col("age").map_elements(_band, return_dtype=pl.String).alias("age_band"),
            pl.col("primary_need").fill_null("Not recorded").alias("need"),
            pl.col("phase").fill_null("No establishment").alias("setting"),
            pl.col("breach").fill_null(False),
            pl.col("elective_home_education").fill_null(False).alias("ehe"),
            pl.col("known_to_csc").fill_null(False).alias("csc"),
        )
        .sort("unique_id")
    )


def choose(frame: pl.DataFrame, size: int, seed: str) -> list[tuple[str, str]]:
    """Up to ``size`` (unique id, reason) pairs (see the module docstring)."""
    rng = random.Random(seed)
    chosen: dict[str, str] = {}

    def take(rows: pl.DataFrame, reason: str) -> None:
        ids = [i for i in rows.get_column("unique_id").to_list() if i not in chosen]
        if ids and len(chosen) < size:
            chosen[rng.choice(ids)] = reason

    for flag, reason in (
        ("breach", "Plan issued after 20 weeks"),
        ("ehe", "Elective home education"),
        ("csc", "Known to children's social care"),
    ):
        take(frame.filter(pl.col(flag)), reason)
    groups: list[tuple[str, pl.DataFrame]] = []
    for column in ("need", "age_band", "setting"):
        counts = frame.group_by(column).len().sort(["len", column], descending=[True, False])
        for value in counts.get_column(column).to_list():
            groups.append(
                (f"{column.replace('_', ' ')}: {value}", frame.filter(pl.col(column) == value))
            )
    for reason, rows in groups:
        if len(chosen) >= size:
            break
        if not rows.filter(pl.col("unique_id").is_in(list(chosen))).height:
            take(rows, reason[:1].upper() + reason[1:])
    return list(chosen.items())


def bundle(
    session: Session,
    *,
    la_code: str,
    person_id: str,
    as_of: date,
    boundary: Any,
    requests_frame: pl.DataFrame,
) -> dict[str, Any]:
    """The case bundle: each request's statutory timeline, advice lateness and the reviews."""
    from sendsight.ehc import queries as eq
    from sendsight.ehc import timeline

    reviews = eq.list_reviews_for(session=session, la_code=la_code, person_id=person_id)
    requests = (
        requests_frame.filter(pl.col("person_id") == person_id).get_column("request_id").to_list()
    )
    steps, advice_rows = [], []
    for request_id in requests:
        found = eq.get_request(session=session, la_code=la_code, request_id=request_id)
        advice = eq.list_advice_for(session=session, la_code=la_code, request_id=request_id)
        steps += [
            {
                "on": s.on,
                "what": s.what,
                "due_on": s.due_on,
                "status": str(s.status) if s.status else "",
            }
            for s in timeline.timeline(found, advice, reviews, as_of, boundary)
        ]
        for a in advice:
            days = (a.received_on - a.requested_on).days if a.received_on else None
            advice_rows.append(
                {
                    "type": a.advice_type,
                    "requested_on": a.requested_on,
                    "received_on": a.received_on,
                    "late": days is not None and days > SIX_WEEKS.days,
                }
            )
    if not requests:
        steps = [
            {
                "on": r.review_meeting_on,
                "what": "Annual review",
                "due_on": None,
                "status": r.decision or "",
            }
            for r in reviews
        ]
    return {
        "timeline": steps,
        "advice": advice_rows,
        "reviews": [
            {"on": r.review_meeting_on, "decision": r.decision or "Not yet decided"}
            for r in reviews
        ],
        "front_door": _front_door(session, la_code, person_id),
    }


def _front_door(session: Session, la_code: str, person_id: str) -> list[dict[str, Any]] | None:
    """Requests for support for this person, when the front-door domain ships them."""
    from sendsight.wiring import optional_module

    module = optional_module("sendsight.frontdoor.queries")
    reader = getattr(module, "history_for_person", None) if module is not None else None
    if reader is None:
        return None
    return [dict(r) for r in reader(session=session, la_code=la_code, person_id=person_id)]


def sample(
    session: Session, *, partnership_id: str, la_code: str, as_of: date, size: int, boundary: Any
) -> list[Sampled]:
    """The stratified sample with each case's bundle."""
    from sendsight.ehc import queries as eq
    from sendsight.governance.lists import build_lists

    built = build_lists(session, partnership_id=partnership_id, la_code=la_code, as_of=as_of)
    requests = eq.load_requests(session=session, la_code=la_code)
    frame = strata(built.list_1, requests, as_of)
    rows = {r["unique_id"]: r for r in frame.iter_rows(named=True)}
    picked = choose(frame, size, f"{la_code}{as_of.isoformat()}")
    return [
        Sampled(
            uid,
            {k: str(rows[uid][k]) for k in ("need", "age_band", "setting", "breach", "ehe", "csc")},
            reason,
            bundle(
                session,
                la_code=la_code,
                person_id=uid,
                as_of=as_of,
                boundary=boundary,
                requests_frame=requests,
            ),
        )
        for uid, reason in picked
    ]
