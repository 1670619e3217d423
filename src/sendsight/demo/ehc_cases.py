"""DEMONSTRATION DATA: synthetic EHC needs assessment cases for the demo area.

Nothing here describes a real child. Ids are pseudonymous (``DEMO-P000123``), there are no
names, and UPNs are built with a correct check letter on a made-up LA number (999) and
establishment, so they pass the check-letter algorithm but belong to no pupil.

The cases are calibrated so that, run through :func:`sendsight.ehc.metrics.build_facts`, each
published calendar year's requests received and plans issued equal Rochdale's (DfE LA code 354)
figures and the 20-week percentages land on the published ones (to rounding). Everything else
(dates within the year, stage lengths, advice, reviews) is invented but plausible.

After the last published year the history goes on, synthetic, to the end of the last complete
month before the demo's ``today`` (:mod:`sendsight.demo.clock`), by one rule: requests, plans and
decisions not to assess grow by 4% a year from the last published year; the share of plans
issued within 20 weeks (SEND Regulations 2014, reg 13(2)) recovers by 8 points a year to at most
70%, and late plans are at most 20 weeks late; decisions within 6 weeks (reg 5(3)) recover by 4
points a year to at most 90%, and late decisions are at most 4 weeks late. Every event after
that month is left out (it has not happened yet), so on ``today`` the open cases are a
realistic mix: most within their deadlines, some overdue by days or weeks.

Target figures: DfE "Education, health and care plans" 2025 release (requests.csv, newplans.csv,
timeliness_20_week.csv, annual_reviews.csv), Crown copyright, Open Government Licence v3.0;
copied as constants for LA 354 only, unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.identifiers import upn_check_letter
from sendsight.demo import clock
from sendsight.demo.ehc_settings import pick_setting
from sendsight.ehc import frames as fr

DEMO_LABEL: Final = "Demonstration data: synthetic cases, not real children"
DEMO_LA_CODE: Final = "354"
DEFAULT_SEED: Final = 354

# Targets from DfE "Education, health and care plans" 2025 release (OGL v3), Rochdale (354):
# requests.csv `requests_received_in_year`.
TARGET_REQUESTS: Final = {2019: 389, 2020: 315, 2021: 414, 2022: 606, 2023: 612, 2024: 755}
# newplans.csv `new_ehc_plans` (breakdown "New EHC plans").
TARGET_PLANS: Final = {2019: 293, 2020: 230, 2021: 319, 2022: 379, 2023: 364, 2024: 480}
# timeliness_20_week.csv `PC_plans_issued_20_weeks_ex` (% within 20 weeks excluding exceptions).
TARGET_PCT_20_WEEKS_EXCL: Final = {
    2019: 55.0, 2020: 97.2, 2021: 95.9, 2022: 91.8, 2023: 47.0, 2024: 42.2,
}  # fmt: skip
# timeliness_20_week.csv (plans_issued_den, plans_issued_den_ex, plans_issued_within_20_weeks,
# plans_issued_20_weeks_ex): gives the share of plans with exceptions and how many of those were
# on time, so the "including exceptions" rate is realistic too.
TIMELINESS_COUNTS: Final = {
    2019: (293, 202, 164, 111), 2020: (230, 213, 217, 207), 2021: (318, 314, 301, 301),
    2022: (389, 379, 353, 348), 2023: (301, 279, 134, 131), 2024: (415, 386, 169, 163),
}  # fmt: skip
# requests.csv `requests_decided_not_to_assess`.
NOT_TO_ASSESS: Final = {2019: 80, 2020: 35, 2021: 124, 2022: 155, 2023: 143, 2024: 182}
# requests.csv `request_outcome_six_weeks_pc` (2023-24 only; earlier years assumed 90%).
PCT_DECISIONS_6_WEEKS: Final = {2023: 92.8, 2024: 76.4}
# annual_reviews.csv `pc_decsion_4weeks` for 2024 (earlier years assumed 55%).
PCT_REVIEWS_4_WEEKS: Final = {2024: 40.6}
PUBLISHED_YEARS: Final = tuple(sorted(TARGET_REQUESTS))
LEGACY_PLANS: Final = 1500  # plans made before 2019 that are reviewed during the demo years

# The synthetic continuation after the last published year (see the module docstring).
GROWTH_PER_YEAR: Final = 0.04
RECOVERY_20_WEEKS: Final = (8.0, 70.0)  # points a year, ceiling (%)
RECOVERY_6_WEEKS: Final = (4.0, 90.0)
RECOVERY_REVIEWS_4_WEEKS: Final = (5.0, 60.0)
# A late plan is issued 1 day to this many days after its 20-week deadline (one bound drawn per
# plan). Published years reach the lateness their timeliness implies; later years are held to
# at most 20 weeks, as a council recovering its timeliness would close its oldest cases first.
LATE_DAYS_PUBLISHED: Final = (60, 200)
LATE_DAYS_SYNTHETIC: Final = (28, 56, 84, 140)

NEEDS: Final = (
    ("ASD", 34), ("SEMH", 18), ("SLCN", 20), ("MLD", 8), ("SPLD", 4), ("SLD", 4),
    ("PMLD", 2), ("PD", 3), ("HI", 2), ("VI", 1), ("MSI", 1), ("DS", 1), ("OTH", 2),
)  # fmt: skip
SOURCES: Final = ("parent", "school", "health", "young_person", "other")


@dataclass(frozen=True)
class YearTargets:
    """What one calendar year's cases are built to show (published, or by the continuation)."""

    requests: int
    plans: int
    pct_20_weeks_excl: float
    share_with_exceptions: float
    exceptions_on_time: float
    not_to_assess: int
    late_days: tuple[int, ...]


def year_targets(year: int, base_year: int = PUBLISHED_YEARS[-1]) -> YearTargets:
    """A published year's figures; after ``base_year``, the continuation rule's."""
    if year <= base_year:
        den, den_ex, within, within_ex = TIMELINESS_COUNTS[year]
        return YearTargets(
            TARGET_REQUESTS[year], TARGET_PLANS[year], TARGET_PCT_20_WEEKS_EXCL[year],
            (den - den_ex) / den, (within - within_ex) / (den - den_ex) if den > den_ex else 0.0,
            NOT_TO_ASSESS[year], LATE_DAYS_PUBLISHED,
        )  # fmt: skip
    base, ahead = year_targets(base_year, base_year), year - base_year
    growth = (1 + GROWTH_PER_YEAR) ** ahead
    return YearTargets(
        round(base.requests * growth), round(base.plans * growth),
        _recover(base.pct_20_weeks_excl, ahead, RECOVERY_20_WEEKS),
        base.share_with_exceptions, base.exceptions_on_time,
        round(base.not_to_assess * growth), LATE_DAYS_SYNTHETIC,
    )  # fmt: skip


def _recover(start: float, years: int, rule: tuple[float, float]) -> float:
    points, ceiling = rule
    return max(start, min(ceiling, start + points * years))


@dataclass
class _Builder:
    rng: random.Random
    end: date
    places: random.Random
    base_year: int
    first_year: int
    requests: list[dict[str, object]] = field(default_factory=list)
    advice: list[dict[str, object]] = field(default_factory=list)
    reviews: list[dict[str, object]] = field(default_factory=list)

    def next_number(self) -> int:
        return len(self.requests) + 1

    def pct_decided_6_weeks(self, year: int) -> float:
        if year <= self.base_year:
            return PCT_DECISIONS_6_WEEKS.get(year, 90.0)
        start = PCT_DECISIONS_6_WEEKS.get(self.base_year, 90.0)
        return _recover(start, year - self.base_year, RECOVERY_6_WEEKS)

    def pct_reviews_4_weeks(self, year: int) -> float:
        if year <= self.base_year:
            return PCT_REVIEWS_4_WEEKS.get(year, 55.0)
        start = PCT_REVIEWS_4_WEEKS.get(self.base_year, 55.0)
        return _recover(start, year - self.base_year, RECOVERY_REVIEWS_4_WEEKS)


def generate_cases(
    la_code: str = DEMO_LA_CODE,
    years: Iterable[int] = PUBLISHED_YEARS,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Synthetic (requests, advice, reviews) frames in the CSV template's shape, as at ``today``.

    ``years`` are the published years to calibrate on; the history continues after the last of
    them to the end of the last complete month before ``today`` (default: the real today), and
    holds no event after it. ``la_code`` is recorded nowhere in the rows (the template is per
    LA); it is accepted so the demo can name other areas, but only 354's figures are targets.
    """
    chosen = sorted(years)
    unknown = [y for y in chosen if y not in TARGET_REQUESTS]
    if unknown or la_code != DEMO_LA_CODE:
        raise ValueError(f"Only LA {DEMO_LA_CODE} in 2019 to 2024 has targets: {la_code} {unknown}")
    cut = clock.last_complete_month_end(clock.resolve(today))
    # One year past the cut, so that cases open at the cut are the start of real later events.
    built = chosen + list(range(chosen[-1] + 1, cut.year + 2))
    builder = _Builder(random.Random(seed), date(built[-1], 12, 31),
                       random.Random(f"urn{seed}"), chosen[-1], chosen[0])  # fmt: skip
    for year in built:
        _add_plans(builder, year)
    for year in built:
        _add_other_requests(builder, year)
    _add_reviews(builder, built[0])
    return censor(_to_frames(builder), cut)


def generate_frames(seed: int = DEFAULT_SEED, today: date | None = None) -> fr.EhcFrames:
    """The demo cases as normalised frames (what importing :func:`write_template_csvs` gives)."""
    requests, advice, reviews = generate_cases(seed=seed, today=today)
    with_la = [
        f.with_columns(pl.lit(DEMO_LA_CODE).alias("la_code")) for f in (requests, advice, reviews)
    ]
    requests = with_la[0].with_columns(pl.col("exceptions_apply").cast(pl.Boolean))
    return fr.assemble(requests, with_la[1], with_la[2])


def write_template_csvs(
    directory: Path, seed: int = DEFAULT_SEED, today: date | None = None
) -> dict[str, Path]:
    """Write ``requests.csv``, ``advice.csv``, ``reviews.csv`` and a README to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, frame in zip(
        ("requests", "advice", "reviews"), generate_cases(seed=seed, today=today), strict=True
    ):
        paths[name] = directory / f"{name}.csv"
        frame.write_csv(paths[name], date_format="%Y-%m-%d")
    (directory / "README.txt").write_text(f"{DEMO_LABEL}. Generated by sendsight.demo.\n")
    return paths


def _day_in(rng: random.Random, year: int) -> date:
    start = date(year, 1, 1)
    return start + timedelta(days=rng.randrange((date(year + 1, 1, 1) - start).days))


def _split(n: int, share: float) -> int:
    return int(round(n * share))


def _add_plans(b: _Builder, year: int) -> None:
    """Plans issued in ``year``: exactly the target count, on-time shares as targeted."""
    target = year_targets(year, b.base_year)
    n = target.plans
    n_exc = _split(n, target.share_with_exceptions)
    n_ex = n - n_exc
    on_time = [True] * _split(n_ex, target.pct_20_weeks_excl / 100)
    on_time += [False] * (n_ex - len(on_time))
    exc_on_time = _split(n_exc, target.exceptions_on_time)
    on_time_exc = [True] * exc_on_time + [False] * (n_exc - exc_on_time)
    cases = [(t, False) for t in on_time] + [(t, True) for t in on_time_exc]
    b.rng.shuffle(cases)
    for within_20, exceptions in cases:
        final = _day_in(b.rng, year)
        # Day 140 is the last day of the 20 weeks (reg 13(2)); a late plan is 1 to N days over.
        days = (
            b.rng.randint(84, 140)
            if within_20
            else b.rng.randint(141, 140 + b.rng.choice(target.late_days))
        )
        _add_plan_case(b, final - timedelta(days=days), final, exceptions)


def _decision_days(b: _Builder, received: date) -> int:
    """Days to the decision whether to assess: within 6 weeks (reg 5(3)) at the year's rate."""
    share = b.pct_decided_6_weeks(received.year) / 100
    return b.rng.randint(14, 42) if b.rng.random() < share else b.rng.randint(43, 70)


def _add_plan_case(b: _Builder, received: date, final: date, exceptions: bool) -> None:
    total = (final - received).days
    decided = received + timedelta(days=min(_decision_days(b, received), total - 45))
    draft = final - timedelta(days=b.rng.randint(15, 28))
    row = _request_row(b, received)
    row.update(decision="assess", decision_on=decided, assessment_outcome="issue",
               assessment_outcome_on=draft - timedelta(days=1), draft_issued_on=draft,
               final_issued_on=final, exceptions_apply=int(exceptions))  # fmt: skip
    _add_advice(b, str(row["request_id"]), decided, draft)


def _add_advice(b: _Builder, request_id: str, decided: date, draft: date | None) -> None:
    kinds = ["education", "health", "educational_psychology"]
    if b.rng.random() < 0.3:
        kinds[1] = "social_care"
    for kind in kinds:
        requested = decided + timedelta(days=b.rng.randint(1, 5))
        received: date | None = requested + timedelta(days=b.rng.randint(14, 70))
        if draft is not None and received is not None and received >= draft:
            spare = max(1, (draft - requested).days)
            received = requested + timedelta(days=b.rng.randrange(spare))
        if received is not None and received > b.end:
            received = None
        b.advice.append({"request_id": request_id, "advice_type": kind,
                         "requested_on": requested, "received_on": received})  # fmt: skip


def _request_row(b: _Builder, received: date) -> dict[str, object]:
    number = b.next_number()
    age_days = b.rng.randint(2 * 365, 17 * 365)
    row: dict[str, object] = {
        "request_id": f"DEMO-R{number:06d}", "person_id": f"DEMO-P{number:06d}",
        "date_of_birth": received - timedelta(days=age_days),
        "upn": _demo_upn(number, received.year) if age_days > 4 * 365 else None,
        "request_source": b.rng.choice(SOURCES), "received_on": received,
        "decision": None, "decision_on": None, "assessment_outcome": None,
        "assessment_outcome_on": None, "exceptions_apply": 0, "draft_issued_on": None,
        "final_issued_on": None,
        "primary_need": b.rng.choices([n for n, _ in NEEDS], [w for _, w in NEEDS])[0],
        "setting_urn": pick_setting(b.places, age_days),
    }  # fmt: skip
    if received.year < b.first_year:
        # Before the first calibrated year there are only the requests behind its plans: a
        # partial year, so it is left out of every setting's figures.
        row["setting_urn"] = None
    b.requests.append(row)
    return row


def _demo_upn(number: int, year: int) -> str:
    """A UPN valid by its check letter on the made-up LA number 999 (no real LA uses it)."""
    body = f"999{9000 + number // 1000:04d}{year % 100:02d}{number % 1000:03d}"
    return upn_check_letter(body) + body


def _add_other_requests(b: _Builder, year: int) -> None:
    """Requests that did not lead to a plan, topping ``year`` up to its target total."""
    target = year_targets(year, b.base_year)
    received_count = sum(1 for r in b.requests if _year_of(r["received_on"]) == year)
    missing = target.requests - received_count
    if missing < 0:
        raise ValueError(f"{year}: plans alone need {received_count} requests")
    not_assess = min(missing, target.not_to_assess)
    for index in range(missing):
        row = _request_row(b, _day_in(b.rng, year))
        if index < not_assess:
            _close(b, row, "not_assess")
        else:
            _close(b, row, b.rng.choice(("not_issue", "withdrawn", "not_issue")))


def _year_of(value: object) -> int:
    return value.year if isinstance(value, date) else 0


def _close(b: _Builder, row: dict[str, object], outcome: str) -> None:
    received = row["received_on"]
    assert isinstance(received, date)
    decided = received + timedelta(days=_decision_days(b, received))
    row["primary_need"] = None
    if decided > b.end:
        return
    row["decision_on"] = decided
    if outcome in ("not_assess", "withdrawn"):
        row["decision"] = outcome
        return
    row["decision"] = "assess"
    outcome_on = received + timedelta(days=b.rng.randint(70, 126))
    if outcome_on <= b.end:
        row["assessment_outcome"], row["assessment_outcome_on"] = outcome, outcome_on
    _add_advice(b, str(row["request_id"]), decided, outcome_on)


def _add_reviews(b: _Builder, first_year: int) -> None:
    plans: list[tuple[str, str, date]] = [
        (str(r["request_id"]).replace("-R", "-E"), str(r["person_id"]), r["final_issued_on"])
        for r in b.requests
        if isinstance(r["final_issued_on"], date)
    ]
    for number in range(1, LEGACY_PLANS + 1):
        made = date(2012, 1, 1) + timedelta(days=b.rng.randrange(7 * 365))
        plans.append((f"DEMO-L{number:06d}", f"DEMO-Q{number:06d}", made))
    first_day = date(first_year, 1, 1)
    for plan_id, person_id, made in plans:
        meeting = made
        while True:
            # Reviewed within 12 months of the plan or the last review (reg 18).
            meeting = meeting + timedelta(days=365 - b.rng.randint(0, 40))
            if meeting > b.end:
                break
            if meeting >= first_day and _add_review(b, plan_id, person_id, meeting) == "cease":
                break


def _add_review(b: _Builder, plan_id: str, person_id: str, meeting: date) -> str | None:
    share = b.pct_reviews_4_weeks(meeting.year) / 100
    days = b.rng.randint(5, 28) if b.rng.random() < share else b.rng.randint(29, 100)
    decided: date | None = meeting + timedelta(days=days)
    decision: str | None = b.rng.choices(("maintain", "amend", "cease"), (60, 36, 4))[0]
    amended: date | None = None
    if decided is not None and decided > b.end:
        decided, decision = None, None
    elif decision == "amend" and decided is not None:
        amended = decided + timedelta(days=b.rng.randint(14, 70))
        amended = amended if amended <= b.end else None
    b.reviews.append({"plan_id": plan_id, "person_id": person_id, "review_meeting_on": meeting,
                      "decision": decision, "decision_on": decided,
                      "amended_plan_issued_on": amended})  # fmt: skip
    return decision


def _to_frames(b: _Builder) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    from sendsight.ehc.template import ADVICE_COLUMNS, REQUEST_COLUMNS, REVIEW_COLUMNS

    out = []
    for rows, columns in ((b.requests, REQUEST_COLUMNS), (b.advice, ADVICE_COLUMNS),
                          (b.reviews, REVIEW_COLUMNS)):  # fmt: skip
        schema = {c.name: _dtype(c.kind) for c in columns}
        out.append(pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema))
    return out[0], out[1], out[2]


def _dtype(kind: str) -> pl.DataType:
    return {"date": pl.Date(), "flag": pl.Int8()}.get(kind, pl.String())


def _happened(cut: date, on: str, *values: str) -> list[pl.Expr]:
    """``on`` and the ``values`` it dates, blanked where ``on`` is after ``cut``."""
    done = pl.col(on) <= cut
    return [pl.when(done).then(pl.col(c)).otherwise(None).alias(c) for c in (on, *values)]


def censor(
    frames: tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame], cut: date
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The cases as they stood at the end of ``cut``: later requests and events left out."""
    requests, advice, reviews = frames
    requests = requests.filter(pl.col("received_on") <= cut).with_columns(
        *_happened(cut, "decision_on", "decision"),
        *_happened(cut, "assessment_outcome_on", "assessment_outcome"),
        *_happened(cut, "draft_issued_on"), *_happened(cut, "final_issued_on"),
    )  # fmt: skip
    advice = advice.filter(pl.col("requested_on") <= cut).with_columns(
        *_happened(cut, "received_on")
    )
    reviews = (
        reviews.filter(pl.col("review_meeting_on") <= cut)
        .with_columns(*_happened(cut, "decision_on", "decision", "amended_plan_issued_on"))
        .with_columns(*_happened(cut, "amended_plan_issued_on"))
    )
    return requests, advice, reviews


def _remove_ungenerated(session: Session, la_code: str, frames: fr.EhcFrames) -> bool:
    """Delete stored rows the generated cases no longer hold (a demo built on an earlier day
    numbered and dated its cases differently); True when any went."""
    from sendsight.ehc import queries
    from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview

    removed = 0
    for model, frame, key in ((EhcAdvice, frames.advice, fr.ADVICE_KEY),
                              (EhcReview, frames.reviews, fr.REVIEW_KEY),
                              (EhcRequest, frames.requests, fr.REQUEST_KEY)):  # fmt: skip
        keys = fr.stored(frame).select(key)  # keys only: nothing to insert or update
        removed += queries.sync_rows(
            session=session,
            model=model,
            incoming=keys,
            key=key,
            la_code=la_code,
            delete_missing=True,
        ).deleted
    return removed > 0


def seed_demo_cases(
    session: Session, *, la_code: str = DEMO_LA_CODE, today: date | None = None
) -> bool:
    """Store the synthetic cases for ``la_code`` as at ``today`` and build its EHC facts.

    Idempotent for a given ``today``. The cases are calibrated on Rochdale's (354) published
    figures whichever code they are stored under. Returns True when anything changed (only then
    is the import logged).
    """
    from sendsight.config import get_settings
    from sendsight.ehc import facts, queries

    generated = generate_frames(today=today)
    frames = fr.EhcFrames(*(
        f.with_columns(pl.lit(la_code).alias("la_code"))
        for f in (generated.requests, generated.advice, generated.reviews)
    ))  # fmt: skip
    boundary = get_settings().ehc_deadline_boundary
    counts = queries.upsert_cases(session=session, la_code=la_code, frames=frames)
    removed = _remove_ungenerated(session, la_code, frames)
    facts.rebuild_facts(session, la_codes=[la_code], boundary=boundary)
    changed = removed or any(c.inserted or c.updated for c in counts.values())
    if changed:
        queries.create_import(session=session, la_code=la_code, source="demo",
                              files=["synthetic demonstration cases"],
                              imported_by="demo", counts=counts)  # fmt: skip
    return changed
