"""Issue #11: after an EHC import, the scorecard measures fed by EHC facts follow in one step.

Nothing but the import is run: the refresh is wired once (``sendsight.wiring``) and follows
every rebuild of an LA's facts, whoever rebuilds them (web upload, CLI, demo).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.access import queries as access_queries
from sendsight.access.audit import NamedActor
from sendsight.core.events import ChangeKind, subscribers
from sendsight.ehc import imports
from sendsight.outcomes import queries as outcomes
from sendsight.wiring import refresh_scorecard_facts
from tests.conftest import TEST_DATA

TEMPLATE = TEST_DATA / "ehc" / "template"
ACTOR = NamedActor(email="tester@example.test")


def _requests_received(session: Session, partnership_id: str, measure_id: str) -> dict[str, float]:
    values = outcomes.current_values(
        session=session, measure_ids=[measure_id], partnership_id=partnership_id
    )
    return dict(zip(values["period"].to_list(), values["value"].to_list(), strict=True))


def test_the_refresh_is_wired_once_for_every_rebuild_of_facts() -> None:
    # Other domains may follow the same change (commissioning counts it for its cache), but
    # the scorecard refresh is there once, and nothing is wired twice.
    found = subscribers(ChangeKind.EHC_FACTS)
    assert found.count(refresh_scorecard_facts) == 1
    assert len(found) == len(set(found))


def test_an_ehc_import_moves_the_scorecard_measures_it_feeds(seeded_session: Session) -> None:
    partnership = access_queries.partnership_for_la_or_none(session=seeded_session, la_code="354")
    assert partnership is not None
    measure = outcomes.create_measure(
        session=seeded_session, partnership_id=partnership.id, key="requests_from_cases",
        name="Requests for an EHC needs assessment (from our case records)", level="indicator",
        unit="count", decimals=0, frequency="calendar_year", source_kind="fact",
        source_key="ehc_requests_received", la_code="354",
    )  # fmt: skip
    assert _requests_received(seeded_session, partnership.id, measure.id) == {}

    imports.import_template(
        seeded_session, la_code="354", requests=TEMPLATE / "requests.csv",
        advice=TEMPLATE / "advice.csv", reviews=TEMPLATE / "reviews.csv", actor=ACTOR,
    )  # fmt: skip

    after = _requests_received(seeded_session, partnership.id, measure.id)
    # The demo's 2024 requests (755, Rochdale's published figure) plus the template's own.
    assert after["2024"] > 755
    assert after["2019"] == 389


def test_measures_of_another_partnership_are_not_touched(seeded_session: Session) -> None:
    other = access_queries.create_partnership(
        session=seeded_session, name="Elsewhere", la_codes=["350"]
    )
    measure = outcomes.create_measure(
        session=seeded_session, partnership_id=other.id, key="requests_from_cases",
        name="Requests (from case records)", level="indicator", unit="count", decimals=0,
        frequency="calendar_year", source_kind="fact", source_key="ehc_requests_received",
        la_code="354",
    )  # fmt: skip
    imports.import_template(
        seeded_session, la_code="354", requests=TEMPLATE / "requests.csv", actor=ACTOR
    )
    # LA 354 belongs to the demo partnership: its case records never reach another framework.
    assert _requests_received(seeded_session, other.id, measure.id) == {}
