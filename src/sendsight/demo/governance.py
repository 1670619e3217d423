"""DEMONSTRATION DATA: the pupil-level SEN census, a year of board meetings, commentary and
decisions for the demo partnership.

Nothing here describes a real child: UPNs are valid by their check letter on the made-up LA
number 999 (establishment numbers 8000 upwards, apart from the EHC demo's 9000 upwards), schools
are the demo's made-up URNs (990001 to 990999).

**Census.** SEN support pupils (provision K): Rochdale's (DfE LA 354) published share of pupils on
SEN support, 14.4% in January 2025 (DfE LAIT, ``pct_pupils_sen_support``, shipped in
``statistics/data/lait``), applied to the 38,548 pupils in its schools in January 2023 (DfE
"Special educational needs in England" 2022/23 school-level file, summed for Rochdale), both
Crown copyright, OGL v3.0: 5,551 pupils, not scaled down. EHC plan rows (provision E): one per
person with a current plan in the demo's EHC cases, carrying the fields the EHC case record does
not hold (gender, ethnicity, phase, ...) and, for people the case record has no date of birth,
UPN or need for (plans known only from annual reviews), those too. Seven deliberate problems are
planted among the SEN support rows (``PLANTED``) for the data-quality report to find.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Final

import numpy as np

from sendsight.core.identifiers import UPN_ALPHABET, upn_check_letter
from sendsight.demo.ehc_settings import PRIMARY, SECONDARY

PUPILS_2023: Final = 38_548
SEN_SUPPORT_PCT_2025: Final = 14.4
SEN_SUPPORT_PUPILS: Final = round(PUPILS_2023 * SEN_SUPPORT_PCT_2025 / 100)
# Rochdale's pupils by ethnicity, rounded (DfE "Schools, pupils and their characteristics",
# an approximation for the demo only).
ETHNIC_MIX: Final = (
    ("WBRI", 62),
    ("APKN", 17),
    ("ABAN", 5),
    ("WOTH", 4),
    ("MOTH", 2),
    ("MWAS", 2),
    ("BAFR", 2),
    ("AOTH", 2),
    ("AIND", 1),
    ("OOTH", 1),
    ("MWBC", 1),
    ("CHNE", 1),
)
SUPPORT_NEEDS: Final = (
    ("SLCN", 25),
    ("SEMH", 20),
    ("MLD", 15),
    ("SPLD", 13),
    ("ASD", 10),
    ("NSA", 4),
    ("OTH", 4),
    ("PD", 3),
    ("HI", 2),
    ("VI", 1),
    ("SLD", 1),
    ("MSI", 1),
)
PLANTED: Final = (
    "missing_ethnicity",
    "missing_ethnicity",
    "missing_gender",
    "missing_need",
    "no_establishment",
    "future_dob",
    "duplicate_upn",
)
CSC: Final = ("early_help", "child_in_need", "child_protection", "looked_after")
COLLEGE_URN: Final = "990501"


def _upn(number: int, year: int) -> str:
    body = f"999{8000 + number // 1000:04d}{year % 100:02d}{number % 1000:03d}"
    return upn_check_letter(body) + body


def _uln(rng: random.Random) -> str:
    while True:
        first = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        total = sum(int(d) * (10 - i) for i, d in enumerate(first))
        last = (10 - total) % 11
        if last < 10:
            return first + str(last)


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    names, totals = _CUMULATIVE.get(id(weighted)) or _CUMULATIVE.setdefault(
        id(weighted), _cumulative(weighted)
    )
    return rng.choices(names, cum_weights=totals)[0]


_CUMULATIVE: dict[int, tuple[list[str], list[int]]] = {}


def _age(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _cumulative(weighted: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    names, totals, running = [], [], 0
    for name, weight in weighted:
        running += weight
        names.append(name)
        totals.append(running)
    return names, totals


_PRIMARY: Final = _cumulative(PRIMARY)
_SECONDARY: Final = _cumulative(SECONDARY)
_PHASE: Final = {
    **dict.fromkeys(_PRIMARY[0], "primary"),
    **dict.fromkeys(_SECONDARY[0], "secondary"),
    COLLEGE_URN: "post16",
}


def _school(rng: random.Random, age: int) -> tuple[str | None, str | None]:
    if age < 4:
        return None, None
    if age >= 16:
        return (COLLEGE_URN, "post16") if rng.random() < 0.9 else (None, None)
    names, totals = _PRIMARY if age < 11 else _SECONDARY
    return rng.choices(names, cum_weights=totals)[0], "primary" if age < 11 else "secondary"


def _phase_of(urn: str) -> str:
    return _PHASE.get(urn, "not_applicable")


def _pupil(rng: random.Random, today: date, age: int, need_mix: Any, ehc: bool) -> dict[str, Any]:
    dob = today - timedelta(days=age * 365 + rng.randrange(365))
    school_age = 5 <= _age(dob, today) <= 15
    ehe = school_age and rng.random() < 0.01
    urn, phase = (None, None) if ehe else _school(rng, _age(dob, today))
    return {
        "date_of_birth": dob,
        "gender": "M" if rng.random() < (0.7 if ehc else 0.63) else "F",
        "ethnicity": _pick(rng, ETHNIC_MIX),
        "primary_need": _pick(rng, need_mix),
        "urn": urn,
        "phase": phase,
        "subsidiary_phase": None,
        "elective_home_education": ehe,
        "suspensions": rng.choices((0, 1, 2, 3), (85, 9, 4, 2))[0],
        "permanent_exclusions": 1 if rng.random() < 0.003 else 0,
        "absence_pct": round(rng.uniform(2, 18 if ehc else 14), 1),
        "pupil_premium": rng.random() < 0.38,
        "csc_team": rng.choice(CSC) if rng.random() < (0.14 if ehc else 0.08) else None,
        "disability": rng.random() < (0.45 if ehc else 0.12),
        "uln": None,
        "person_id": None,
    }


def census_rows(plans: Any, today: date, seed: int = 354) -> list[dict[str, Any]]:
    """The demo census: a row per current EHC plan (``plans`` from ``annex_a.current_plans``)
    and the SEN support pupils, with the planted problems."""
    from sendsight.demo.ehc_cases import NEEDS

    rng = random.Random(f"census{seed}{today.isoformat()}")
    rows: list[dict[str, Any]] = []
    number = 0
    for plan in plans.iter_rows(named=True):
        dob = plan["date_of_birth"]
        age = _age(dob, today) if dob else rng.randint(11, 23)
        row = _pupil(rng, today, age, NEEDS, ehc=True)
        if dob:
            row["date_of_birth"] = dob
        if plan["primary_need"]:
            row["primary_need"] = plan["primary_need"]
        if plan["setting_urn"] and _age(row["date_of_birth"], today) < 16:
            row["urn"], row["phase"] = plan["setting_urn"], _phase_of(plan["setting_urn"])
            row["elective_home_education"] = False
        number += 1
        row["upn"] = plan["upn"] or _upn(number, row["date_of_birth"].year + 5)
        if _age(row["date_of_birth"], today) >= 16:
            row["uln"] = _uln(rng)
        rows.append(
            {
                **row,
                "person_id": plan["person_id"],
                "sen_provision": "E",
                "_case_upn": bool(plan["upn"]),
            }
        )
    rows += _support_rows(np.random.default_rng(seed), today, number)
    _plant(rows, today)
    return rows


def _support_rows(gen: np.random.Generator, today: date, number: int) -> list[dict[str, Any]]:
    """The SEN support pupils, drawn all at once (vectorised: the demo is built in many tests)."""
    n = SEN_SUPPORT_PUPILS
    ages = gen.choice(np.arange(4, 18), n, p=_norm([3] + [10] * 11 + [2, 1]))
    days = ages * 365 + gen.integers(0, 365, n)
    ordinal = today.toordinal()
    born = [date.fromordinal(ordinal - int(d)) for d in days]
    real_age = [_age(b, today) for b in born]
    ethnic = gen.choice(len(ETHNIC_MIX), n, p=_norm([w for _, w in ETHNIC_MIX]))
    needs = gen.choice(len(SUPPORT_NEEDS), n, p=_norm([w for _, w in SUPPORT_NEEDS]))
    primary = gen.choice(len(PRIMARY), n, p=_norm([w for _, w in PRIMARY]))
    secondary = gen.choice(len(SECONDARY), n, p=_norm([w for _, w in SECONDARY]))
    college = gen.random(n) < 0.9
    suspensions = gen.choice(4, n, p=_norm([85, 9, 4, 2]))
    excluded = gen.random(n) < 0.003
    absence = np.round(gen.uniform(2, 14, n), 1)
    premium, boys = gen.random(n) < 0.38, gen.random(n) < 0.63
    csc = np.where(gen.random(n) < 0.08, gen.integers(0, len(CSC), n), -1)
    disabled = gen.random(n) < 0.12
    numbers = np.arange(number + 1, number + n + 1)
    upns = _upns(numbers, np.array([b.year + 5 for b in born]))
    rows = []
    for i in range(n):
        age = real_age[i]
        if age < 4:
            urn, phase = None, None
        elif age >= 16:
            urn, phase = (COLLEGE_URN, "post16") if college[i] else (None, None)
        elif age < 11:
            urn, phase = PRIMARY[primary[i]][0], "primary"
        else:
            urn, phase = SECONDARY[secondary[i]][0], "secondary"
        rows.append(
            {
                "upn": upns[i],
                "person_id": None,
                "uln": None,
                "date_of_birth": born[i],
                "gender": "M" if boys[i] else "F",
                "ethnicity": ETHNIC_MIX[ethnic[i]][0],
                "sen_provision": "K",
                "primary_need": SUPPORT_NEEDS[needs[i]][0],
                "urn": urn,
                "phase": phase,
                "subsidiary_phase": None,
                "elective_home_education": False,
                "suspensions": int(suspensions[i]),
                "permanent_exclusions": int(excluded[i]),
                "absence_pct": float(absence[i]),
                "pupil_premium": bool(premium[i]),
                "csc_team": CSC[csc[i]] if csc[i] >= 0 else None,
                "disability": bool(disabled[i]),
            }
        )
    return rows


def _norm(weights: list[int]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    shares: np.ndarray = array / array.sum()
    return shares


def _upns(numbers: np.ndarray, years: np.ndarray) -> list[str]:
    """Demo UPNs (as :func:`_upn`), check letters worked out for all at once."""
    bodies = [
        f"999{8000 + k // 1000:04d}{y % 100:02d}{k % 1000:03d}"
        for k, y in zip(numbers.tolist(), years.tolist(), strict=True)
    ]
    digits = np.frombuffer("".join(bodies).encode(), dtype=np.uint8).reshape(-1, 12) - 48
    # The check letter's weights (UK Government Data Standards Catalogue, UPN v2.0).
    totals = (digits.astype(np.int64) * np.arange(2, 14)).sum(axis=1) % 23
    return [UPN_ALPHABET[t] + b for t, b in zip(totals.tolist(), bodies, strict=True)]


def _plant(rows: list[dict[str, Any]], today: date) -> None:
    """Put the deliberate problems on SEN support pupils of school age (every 500th from the
    first), one problem each."""
    support = [
        r
        for r in rows
        if r["sen_provision"] == "K" and 6 <= _age(r["date_of_birth"], today) <= 14 and r["urn"]
    ]
    # A demo built without case records (for tests) has no EHC pupil to share a UPN with.
    ehc = next((r for r in rows if r.get("_case_upn")), None)
    for problem, row in zip(PLANTED, support[::500], strict=False):
        if problem == "missing_ethnicity":
            row["ethnicity"] = None
        elif problem == "missing_gender":
            row["gender"] = None
        elif problem == "missing_need":
            row["primary_need"] = None
        elif problem == "no_establishment":
            row["urn"], row["phase"] = None, None
        elif problem == "future_dob":
            born = row["date_of_birth"]
            row["date_of_birth"] = born.replace(year=today.year + 1, day=min(born.day, 28))
        elif problem == "duplicate_upn" and ehc is not None:
            # The census gave this SEN support pupil the UPN the EHC case record holds for a
            # child with a plan (whose own census row, matched by person id, has another).
            row["upn"], ehc["upn"] = ehc["upn"], _upn(999_999, 2020)


def seed(session: Any, *, la_code: str, partnership_id: str, today: date) -> None:
    """Seed the census and the board's year; idempotent for a given ``today``."""
    seed_census(session, la_code=la_code, partnership_id=partnership_id, today=today)
    seed_plan(session, la_code=la_code, partnership_id=partnership_id, today=today)
    seed_board(session, la_code=la_code, partnership_id=partnership_id, today=today)


# The demo's strategic plan: priority, the action carrying it out, impact measure, owner, days
# from today to its due date, status. None is overdue: the outcomes demo plants its own overdue
# actions (tests/integration/test_demo_current.py counts them).
PLAN: Final = (
    (
        "Families wait too long for EHC needs assessments",
        "Review every assessment past 12 weeks each week until plans are issued within 20 weeks",
        "ehcp_20_weeks",
        "EHC assessment team",
        120,
        "at_risk",
    ),
    (
        "Children and young people are not always heard in decisions about them",
        "Record the child's own views, in their words, in every new and reviewed plan",
        "cyp_feel_listened",
        "SEND service",
        180,
        "on_track",
    ),
    (
        "Leaders do not know enough about the quality of alternative provision",
        "Quality-assure every alternative provision placement and report to the board",
        "special_persistent_absence",
        "Commissioning",
        60,
        "on_track",
    ),
)


def seed_plan(session: Any, *, la_code: str, partnership_id: str, today: date) -> None:
    """A few strategic plan priorities carried out as scorecard actions (made once; a later
    refresh moves their due dates and statuses to the new day, as the outcomes demo does)."""
    from sendsight.governance import plan
    from sendsight.outcomes import queries as oq

    held = {
        i.number: i
        for i in plan.list_plan(session=session, partnership_id=partnership_id, la_code=la_code)
    }
    for number, (priority, title, key, owner, days, status) in enumerate(PLAN, start=1):
        action_id = held[number].action_id if number in held else None
        if action_id is None:
            measure = oq.get_measure_by_key_or_none(
                session=session, key=key, partnership_id=partnership_id
            )
            if measure is None:
                continue
            new = plan.NewPriority(la_code, "strategic_plan", number, priority, title,
                                   measure.id, owner, None)  # fmt: skip
            action_id = plan.create_priority(
                session, partnership_id=partnership_id, new=new
            ).action_id
        action = oq.get_action(session=session, action_id=action_id, partnership_id=partnership_id)
        action.due_on, action.status = today + timedelta(days=days), status
    session.flush()


MEETINGS: Final = 6  # a year of meetings, every two months, plus the next one
COMMENTS: Final = (
    "Demand rose faster than planned this quarter; a recovery plan with weekly case review "
    "started last month and the backlog is falling.",
    "Two posts were vacant for most of the period; both are now filled and we expect the "
    "measure to recover by the next meeting.",
    "The dip reflects a change in how referrals are recorded, not fewer children helped; we "
    "are correcting the earlier months.",
)
DECISIONS: Final = (
    (
        "Agree the EHC timeliness recovery plan and review it at every meeting",
        "EHC assessment team",
        "measure",
        "plans_20_weeks",
        "in_progress",
    ),
    (
        "Commission twelve more specialist resourced places for autistic pupils",
        "Commissioning",
        "contract",
        "Resourced provision 2027",
        "agreed",
    ),
    (
        "Ask schools' forum to fund early help for pupils on SEN support",
        "Education",
        "action",
        "",
        "completed",
    ),
    (
        "Publish the co-produced Local Offer review with families",
        "Parent carer forum",
        "action",
        "",
        "completed",
    ),
    (
        "Extend the speech and language therapy contract by a year",
        "Health",
        "contract",
        "SLT contract 2025",
        "agreed",
    ),
    (
        "Set a target for annual reviews completed within four weeks",
        "EHC assessment team",
        "measure",
        "reviews_4_weeks",
        "in_progress",
    ),
)


def meeting_days(today: date) -> list[date]:
    """The year's meetings (third Thursday of every other month) and the next one."""
    days = []
    year, month = today.year, today.month
    for step in range(-2 * MEETINGS, 3, 2):
        y, m = divmod(year * 12 + month - 1 + step, 12)
        first = date(y, m + 1, 1)
        days.append(first + timedelta(days=(3 - first.weekday()) % 7 + 14))
    past = [d for d in days if d < today][-MEETINGS:]
    upcoming = [d for d in days if d >= today][:1]
    return past + upcoming


def seed_board(session: Any, *, la_code: str, partnership_id: str, today: date) -> None:
    """The year's board meetings with issued packs, owners' commentary and decisions, and the
    next meeting with commentary asked for (idempotent: a day's meetings are made once)."""
    from datetime import UTC, datetime, time

    from sendsight.governance import commentary, pack, queries

    days = meeting_days(today)
    if (
        queries.get_meeting_on(session=session, meeting_on=days[-1], partnership_id=partnership_id)
        is not None
    ):
        return
    loaded = pack.Loaded(session, partnership_id)
    forecast: list[dict[str, Any]] | None = None
    for number, day in enumerate(days):
        meeting = queries.get_meeting_on(
            session=session, meeting_on=day, partnership_id=partnership_id
        )
        meeting = meeting or queries.create_meeting(
            session=session,
            partnership_id=partnership_id,
            meeting_on=day,
            title=f"SEND partnership board, {day.strftime('%-d %B %Y')}",
        )
        if meeting.issued_at_utc is not None:
            continue
        built = pack.build_pack(
            session,
            partnership_id=partnership_id,
            la_codes=[la_code],
            meeting_on=day,
            title=meeting.title,
            loaded=loaded,
            # The forecast costs seconds cold (every LA's forecast and its nested backtest),
            # and is the same for every pack built from these statistics: worked out once.
            forecast=forecast,
        )
        forecast = built["forecast"]
        asked_on = day - timedelta(days=pack.COMMENTARY_DAYS_BEFORE)
        if asked_on > today:
            continue
        asked = commentary.ask(
            session,
            meeting=meeting,
            pack=built,
            today=asked_on,
            base_url="http://localhost",
            send=day >= today,
        )
        texts = {}
        for index, row in enumerate(asked):
            if day >= today and index % 2:
                continue  # the next meeting: some owners have not answered yet
            answered = datetime.combine(asked_on + timedelta(days=4), time(10), tzinfo=UTC)
            commentary.answer(
                session,
                commentary=row,
                text=COMMENTS[(number + index) % 3],
                by_email=row.owner_email,
                at=answered,
            )
            texts[row.measure_key] = row.text
        if day >= today:
            continue
        for item in built["exceptions"]:
            item["commentary"] = texts.get(item["key"])
        decision = DECISIONS[number % len(DECISIONS)]
        queries.create_decision(
            session=session,
            partnership_id=partnership_id,
            meeting_id=meeting.id,
            decided_on=day,
            summary=decision[0],
            owner=decision[1],
            concerns_kind=decision[2],
            concerns_ref=decision[3] or None,
            status=decision[4],
            due_on=day + timedelta(days=120) if decision[4] == "in_progress" else None,
        )
        built["decisions"].insert(
            0,
            {
                "decided_on": day.isoformat(),
                "summary": decision[0],
                "owner": decision[1],
                "concerns": decision[2],
                "ref": decision[3],
                "status": decision[4],
            },
        )
        issued = datetime.combine(day - timedelta(days=7), time(9), tzinfo=UTC)
        if built["has_data"]:
            pack.issue(session, meeting=meeting, pack=built, issued_by="demo", at=issued)


def seed_census(session: Any, *, la_code: str, partnership_id: str, today: date) -> None:
    """Store the demo census for ``la_code`` (unchanged when it is already there)."""
    import hashlib

    from sendsight.ehc import queries as ehc_queries
    from sendsight.governance import annex_a, queries
    from sendsight.governance.census import CensusFile

    last = queries.latest_census_import(
        session=session, partnership_id=partnership_id, la_code=la_code
    )
    if last is not None and last.imported_by == "demo" and last.census_date == today:
        return  # built for this day already (the same day always builds the same census)
    frames = ehc_queries.load_frames(session=session, la_code=la_code)
    plans = annex_a.current_plans(frames.requests, frames.reviews, today)
    rows = census_rows(plans, today)
    # Built from the day alone (see above), so the day and the count stand for the content.
    digest = hashlib.sha256(f"demo census {today.isoformat()} {len(rows)}".encode()).hexdigest()
    queries.store_census(
        session=session,
        partnership_id=partnership_id,
        la_code=la_code,
        census=CensusFile("demonstration census", rows, digest),
        census_date=today,
        imported_by="demo",
    )
