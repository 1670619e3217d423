"""The board pack for a meeting date, as data: built from the scorecard, EHC facts, actions,
commentary and decisions *as they stood on that date*, and frozen when issued.

A pack is a JSON-able dict (``build_pack``). Every measure is judged from its values for periods
that had ended by the meeting date (``outcomes.scorecard.build_row`` on the truncated history),
so the pack for an earlier date shows what could have been known then. Figures go through
disclosure control as for anyone without case-level access (the pack is read by partners, and
its public summary by anyone). Issuing (``issue``) stores the dict and its SHA-256 digest on the
meeting; the session then refuses to change or delete that meeting (``_refuse_issued_changes``),
so an issued pack is exactly what the board saw. HTML and PDF are rendered from the stored dict.

Each outcome's headline measures carry their turn-the-curve data (values, targets, baseline),
and the forecast and place sufficiency are frozen with the rest (``pack_forecast``), so an
archived pack draws its charts exactly as issued.

Other domains' sections (self-assessment, "you said, we did") are read only when those domains
ship their queries (``sendsight.wiring.optional_module``); otherwise the section says "not yet
recorded".
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import polars as pl
from sqlalchemy import event
from sqlalchemy.orm import Session

from sendsight.core.errors import PermissionDenied, SendsightError
from sendsight.governance import queries
from sendsight.governance.models import BoardMeeting

PACK_VERSION: Final = 2  # 2: turn-the-curve data per measure, headline measures, forecast
COMMENTARY_DAYS_BEFORE: Final = 14  # owners are asked this many days before the meeting
NOT_RECORDED: Final = "Not yet recorded"
# Turn-the-curve charts per outcome: two curves an outcome; every indicator's (23 in the demo)
# doubled the PDF's length and the time WeasyPrint takes (decision 1203).
HEADLINES: Final = 2


class PackRefused(SendsightError):
    """A pack cannot be issued (already issued, or there is no data for the date)."""


def _period_filter(history: pl.DataFrame, frequency: str, meeting_on: date) -> pl.DataFrame:
    """The values for periods that had ended by ``meeting_on`` (period ends rise with index)."""
    from sendsight.outcomes import periods

    if history.is_empty():
        return history
    indexes = sorted(set(history.get_column("period_index").to_list()), reverse=True)
    last = next(
        (i for i in indexes if periods.end_of(periods.from_index(int(i), frequency)) <= meeting_on),
        None,
    )
    return history.head(0) if last is None else history.filter(pl.col("period_index") <= last)


class Loaded:
    """The partnership's measures, values, targets and actions, loaded once for any number of
    packs (the demo issues a year's packs from one load)."""

    def __init__(self, session: Session, partnership_id: str) -> None:
        from sendsight.outcomes import queries as oq
        from sendsight.outcomes import scorecard as sc

        self.measures = oq.list_measures(session=session, partnership_id=partnership_id)
        self.context = sc.load_context(session, self.measures, partnership_id=partnership_id)
        self.histories = sc.split(self.context.values)
        self.statements = {
            o.id: o.statement
            for o in oq.list_outcomes(session=session, partnership_id=partnership_id)
        }


def _measure_rows(loaded: Loaded, meeting_on: date, threshold: int) -> list[dict[str, Any]]:
    from sendsight.disclosure.viewpoint import Viewpoint
    from sendsight.outcomes import scorecard as sc

    measures, context, histories = loaded.measures, loaded.context, loaded.histories
    statements = loaded.statements
    viewpoint = Viewpoint(case_level=False, threshold=threshold)
    rows = []
    for measure in sorted(measures, key=lambda m: (m.level != "indicator", m.position, m.key)):
        view = sc.MeasureView.of(measure)
        history = _period_filter(
            sc.history_of(view, histories, context), view.frequency, meeting_on
        )
        row = sc.build_row(view, history, context, today=meeting_on, viewpoint=viewpoint)
        tail = history.tail(sc.SPARK_POINTS).get_column("period_index").to_list()
        labels = [_label(int(i), view.frequency) for i in tail]
        rows.append(
            {
                "key": view.key,
                "name": view.name,
                "level": view.level,
                "unit": view.unit,
                "outcome": statements.get(view.outcome_id or "", "Not linked to an outcome"),
                "owner": view.owner_organisation,
                "period": row.latest_label,
                "shown": row.shown,
                "target": row.target,
                "target_rag": str(row.target_rag),
                "baseline_rag": str(row.baseline_rag),
                "trend": row.trend.text if row.trend else "",
                "labels": labels,
                "values": list(row.spark),
                "targets": [context.targets.get((view.id, int(i))) for i in tail],
                "decimals": view.decimals,
                "baseline": _frozen_baseline(row.baseline, view.frequency),
                "polarity": view.polarity,
            }
        )
    return rows


def _label(index: int, frequency: str) -> str:
    from sendsight.outcomes import periods

    return periods.label(periods.from_index(index, frequency).code, frequency)


def _frozen_baseline(baseline: Any, frequency: str) -> dict[str, Any] | None:
    """Where the curve was heading from the latest value (the trend baseline, after disclosure
    control), as the pack keeps it: a label, estimate and 80% range per future period."""
    if baseline is None or not baseline.points:
        return None
    return {
        "method": baseline.method,
        "labels": [_label(p.period_index, frequency) for p in baseline.points],
        "estimate": [p.estimate for p in baseline.points],
        "lower": [p.lower for p in baseline.points],
        "upper": [p.upper for p in baseline.points],
    }


def headline(rows: list[dict[str, Any]]) -> list[str]:
    """The keys of an outcome's headline measures: its first ``HEADLINES`` indicators (in the
    scorecard's order) with a value by the meeting date, or else its first measures with one
    (the curves the board is asked to turn; the scorecard summary has every measure)."""
    with_data = [r for r in rows if r["period"]]
    indicators = [r["key"] for r in with_data if r["level"] == "indicator"]
    return (indicators or [r["key"] for r in with_data])[:HEADLINES]


def _exception_reason(row: dict[str, Any]) -> str | None:
    reasons = []
    if row["target_rag"] == "red":
        reasons.append("off target")
    if row["baseline_rag"] == "red":
        reasons.append("worse than its baseline")
    return " and ".join(reasons).capitalize() if reasons else None


def exceptions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The measures off target or worse than their baseline, with why."""
    found = []
    for row in rows:
        why = _exception_reason(row)
        if why and row["period"]:
            found.append(
                {
                    "key": row["key"],
                    "name": row["name"],
                    "owner": row["owner"],
                    "shown": row["shown"],
                    "period": row["period"],
                    "why": why,
                }
            )
    return found


def _ehc(
    session: Session, la_codes: list[str], meeting_on: date, threshold: int
) -> list[dict[str, Any]]:
    from sendsight.disclosure import protect_count
    from sendsight.ehc import queries as eq

    out = []
    for la_code in la_codes:
        facts = eq.read_facts(session=session, la_code=la_code, table="timeliness")
        if facts.is_empty():
            continue
        for r in (
            facts.filter(pl.col("year") <= meeting_on.year)
            .sort("year")
            .tail(4)
            .iter_rows(named=True)
        ):
            plans = protect_count(r["plans_issued"], threshold=threshold)
            pct = r["plans_within_20_weeks_pct_excl_exceptions"]
            shown_pct = "x" if plans.value is None or pct is None else f"{pct:.1f}%"
            out.append(
                {
                    "la_code": la_code,
                    "year": r["year"],
                    "plans": str(plans),
                    "pct_20_weeks": shown_pct,
                    "partial": r["year"] == meeting_on.year,
                }
            )
    return out


def _actions(
    session: Session, partnership_id: str, meeting_on: date
) -> dict[str, list[dict[str, Any]]]:
    from sendsight.outcomes import queries as oq
    from sendsight.outcomes.vocab import OPEN_STATUSES

    due, overdue = [], []
    horizon = meeting_on + timedelta(days=90)
    for action in oq.list_actions(session=session, partnership_id=partnership_id):
        if action.status not in OPEN_STATUSES or action.due_on is None:
            continue
        item = {
            "title": action.title,
            "owner": action.owner_organisation,
            "due_on": action.due_on.isoformat(),
            "status": action.status,
        }
        if action.due_on < meeting_on:
            overdue.append(item)
        elif action.due_on <= horizon:
            due.append(item)
    key = lambda i: (i["due_on"], i["title"])  # noqa: E731
    return {"due": sorted(due, key=key), "overdue": sorted(overdue, key=key)}


def _optional_section(
    name: str, function: str, session: Session, partnership_id: str, meeting_on: date
) -> list[dict[str, Any]] | None:
    """Another domain's rows for the pack, or None when that domain does not ship them."""
    from sendsight.wiring import optional_module

    module = optional_module(name)
    reader = getattr(module, function, None) if module is not None else None
    if reader is None:
        return None
    rows = reader(session=session, partnership_id=partnership_id, upto=meeting_on)
    return [dict(r) for r in rows]


def build_pack(
    session: Session,
    *,
    partnership_id: str,
    la_codes: list[str],
    meeting_on: date,
    title: str,
    threshold: int = 5,
    loaded: Loaded | None = None,
    with_forecast: bool = True,
    forecast: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The pack for ``meeting_on`` as a JSON-able dict (see the module docstring).

    ``with_forecast`` false leaves the forecast section out (``None``: "not frozen in this
    pack"). ``forecast`` gives the section already worked out (the forecast is the same for
    every pack built from the same statistics: the demo builds a year of packs with one).
    """
    from sendsight.governance.pack_forecast import forecast_section

    loaded = loaded or Loaded(session, partnership_id)
    rows = _measure_rows(loaded, meeting_on, threshold)
    ehc = _ehc(session, la_codes, meeting_on, threshold)
    with_data = [r for r in rows if r["period"]]
    meeting = queries.get_meeting_on(
        session=session, meeting_on=meeting_on, partnership_id=partnership_id
    )
    commentary = {}
    if meeting is not None:
        commentary = {
            c.measure_key: {
                "text": c.text,
                "owner": c.owner_email,
                "requested_on": c.requested_on.isoformat(),
            }
            for c in queries.list_commentary(
                session=session, partnership_id=partnership_id, meeting_id=meeting.id
            )
        }
    found = exceptions(rows)
    for item in found:
        item["commentary"] = commentary.get(item["key"], {}).get("text")
    decisions = [
        {
            "decided_on": d.decided_on.isoformat(),
            "summary": d.summary,
            "owner": d.owner,
            "concerns": d.concerns_kind,
            "ref": d.concerns_ref or "",
            "status": d.status,
        }
        for d in queries.list_decisions(
            session=session, partnership_id=partnership_id, upto=meeting_on
        )
    ]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["outcome"]].append(row)
    return {
        "version": PACK_VERSION,
        "title": title,
        "meeting_on": meeting_on.isoformat(),
        "has_data": bool(with_data or ehc),
        "data_date": _data_date(with_data, ehc, meeting_on),
        "scorecard": [
            {"outcome": k, "rows": v, "headline": headline(v)} for k, v in groups.items()
        ],
        "exceptions": found,
        "ehc": ehc,
        "forecast": (
            forecast
            if forecast is not None
            else forecast_section(
                session, partnership_id=partnership_id, la_codes=la_codes, threshold=threshold
            )
        )
        if with_forecast and (with_data or ehc)
        else None,
        "actions": _actions(session, partnership_id, meeting_on),
        "decisions": decisions,
        "self_assessment": _optional_section(
            "sendsight.assessment.queries", "pack_summary", session, partnership_id, meeting_on
        ),
        "you_said_we_did": _optional_section(
            "sendsight.coproduction.queries", "pack_summary", session, partnership_id, meeting_on
        ),
        "threshold": threshold,
    }


def _data_date(
    rows: list[dict[str, Any]], ehc: list[dict[str, Any]], meeting_on: date
) -> str | None:
    """The last day the pack's figures cover: the meeting date when there is any, else None."""
    return meeting_on.isoformat() if rows or ehc else None


def digest(pack: dict[str, Any]) -> str:
    """SHA-256 of the pack's canonical JSON (shown on the pack, so a copy can be checked)."""
    return hashlib.sha256(json.dumps(pack, sort_keys=True, default=str).encode()).hexdigest()


def issue(
    session: Session,
    *,
    meeting: BoardMeeting,
    pack: dict[str, Any],
    issued_by: str,
    at: datetime | None = None,
) -> BoardMeeting:
    """Freeze ``pack`` on ``meeting``; refused when already issued or when it has no data."""
    if meeting.issued_at_utc is not None:
        raise PackRefused("This pack has been issued already: an issued pack is never changed")
    if not pack["has_data"]:
        raise PackRefused(f"There is no data for {pack['meeting_on']}: nothing to issue")
    meeting.pack = pack
    meeting.pack_digest = digest(pack)
    meeting.data_date = date.fromisoformat(pack["data_date"])
    meeting.issued_at_utc = at or datetime.now(UTC)
    meeting.issued_by = issued_by[:254]
    session.flush()
    return meeting


@event.listens_for(Session, "before_flush")
def _refuse_issued_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, BoardMeeting):
            continue
        state = obj.__dict__.get("_sa_instance_state")
        history = state.attrs.issued_at_utc.history if state is not None else None
        was_issued = (
            history is not None
            and bool(history.deleted or history.unchanged)
            and ((history.deleted or history.unchanged)[0] is not None)
        )
        if was_issued and (obj in session.deleted or session.is_modified(obj)):
            raise PermissionDenied("An issued board pack is archived: it cannot be changed")
