"""What the front door tells commissioners: the last 12 months' requests that show demand for
services, in the needs-against-provision matrix's own codes (``commissioning/needs.py``).

Two kinds of request are counted, each as one row per matrix cell:

- **unmet need**: requests declined because no suitable service exists (triage ticked "no
  suitable service exists"), whatever route they then took;
- **routed to a service**: requests routed to a Local Offer service or to outreach or
  specialist teaching, the demand those targeted services meet.

Requests routed to a panel or to a statutory assessment are left out: the matrix already counts
the EHC plans they lead to. Information and advice needs no places.

Need: the child's primary need from the EHC request the front door made, when it made one;
otherwise "semh" for the social, emotional and mental health area; the other three broad areas
of need each span several of the matrix's needs, so they count under "all" rather than a guess.
Locality: the school's, None when the request named no school.
Age band: the child's age on the day the request was received. Level of the continuum: what
the route (or, for unmet need, what was asked for) is a service of.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from sendsight.commissioning.vocab import age_band
from sendsight.ehc.models import EhcRequest
from sendsight.forecasting.breakdowns import NEEDS
from sendsight.frontdoor.models import FdRequest
from sendsight.notify.reminders import london_today

WINDOW_DAYS: Final = 365
SERVICE_ROUTES: Final = ("local_offer_service", "outreach")
LEVEL_OF_ROUTE: Final = {"local_offer_service": "targeted", "outreach": "targeted"}
LEVEL_OF_ASK: Final = {
    "advice": "universal",
    "service": "targeted",
    "outreach": "targeted",
    "ehc_assessment": "specialist",
}
# The front door's broad areas that map to exactly one of the matrix's needs.
NEED_OF_AREA: Final = {"semh": "semh"}


def unmet_need(
    *, session: Session, partnership_id: str, la_code: str, today: date | None = None
) -> list[dict[str, Any]]:
    """Counts of the last 12 months' unmet-need declines and requests routed to a service, by
    ``need``, ``age_band``, ``locality`` and ``level`` (see the module's rules), with ``kind``
    (``unmet_need`` or ``routed_to_service``). Sorted, so the matrix is the same every time."""
    until = today or london_today()
    query = (
        select(
            FdRequest.unmet_need,
            FdRequest.route,
            FdRequest.asked_for,
            FdRequest.need_area,
            FdRequest.date_of_birth,
            FdRequest.received_on,
            FdRequest.locality,
            EhcRequest.primary_need,
        )
        .outerjoin(
            EhcRequest,
            and_(
                EhcRequest.la_code == FdRequest.la_code,
                EhcRequest.request_id == FdRequest.ehc_request_id,
            ),
        )
        .where(
            FdRequest.partnership_id == partnership_id,
            FdRequest.la_code == la_code,
            FdRequest.received_on > until - timedelta(days=WINDOW_DAYS),
            FdRequest.received_on <= until,
            FdRequest.unmet_need | FdRequest.route.in_(SERVICE_ROUTES),
        )
    )
    counted: Counter[tuple[str, str, str, str, str]] = Counter()
    for unmet, route, asked, area, born, received, locality, primary in session.execute(query):
        kind = "unmet_need" if unmet else "routed_to_service"
        level = LEVEL_OF_ASK.get(asked, "targeted") if unmet else LEVEL_OF_ROUTE[route or ""]
        counted[(_need(area, primary), _band(born, received), locality or "", level, kind)] += 1
    return [
        {"need": n, "age_band": b, "locality": loc or None, "level": lv, "kind": k, "count": c}
        for (n, b, loc, lv, k), c in sorted(counted.items())
    ]


def _need(area: str, primary_need: str | None) -> str:
    code = (primary_need or "").lower()
    if code in NEEDS:
        return code
    return NEED_OF_AREA.get(area, "all")


def _band(born: date, on: date) -> str:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age_band(max(age, 0))
