"""Commissioning joined to the other domains on real databases: the scorecard names the
contract each measure serves, the needs page shows the ICB's health waits, and the cycle view
shows the co-production that shaped each priority."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.cli import cli
from sendsight.commissioning import cycle, needs, queries
from sendsight.coproduction import queries as coproduction
from sendsight.core.errors import NotFound
from sendsight.outcomes import queries as outcomes
from tests.conftest import DEMO_TODAY, sign_in
from tests.partnerships import demo_partnership_id, new_partnership_id


def _served(session: Session, pid: str) -> tuple[str, list[tuple[str, str]]]:
    """A measure that is some contract's KPI, and its contracts."""
    found = queries.contracts_for_measures(session=session, partnership_id=pid)
    measure_id = sorted(found)[0]
    return measure_id, found[measure_id]


def test_contracts_for_measures_lists_each_measures_contracts_by_reference(
    seeded_session: Session,
) -> None:
    pid = demo_partnership_id(seeded_session)
    found = queries.contracts_for_measures(session=seeded_session, partnership_id=pid)
    held = queries.contracts_by_measure(session=seeded_session, partnership_id=pid)
    assert found and {m: [c for c, _ in v] for m, v in found.items()} == {
        m: [c.id for c in v] for m, v in held.items()
    }
    other = new_partnership_id(seeded_session, "Other commissioning partnership", ["355"])
    assert queries.contracts_for_measures(session=seeded_session, partnership_id=other) == {}


def test_the_measure_page_names_the_contracts_the_measure_serves(
    client: FlaskClient, seeded_session: Session
) -> None:
    pid = demo_partnership_id(seeded_session)
    measure_id, contracts = _served(seeded_session, pid)
    sign_in(client, "analyst")
    page = client.get(f"/scorecard/measures/{measure_id}").get_data(as_text=True)
    assert "Serves contract" in page
    for contract_id, title in contracts:
        assert f'href="/commissioning/contracts/{contract_id}"' in page and title in page
    unserved = next(
        m
        for m in outcomes.list_measures(session=seeded_session, partnership_id=pid)
        if m.id not in queries.contracts_for_measures(session=seeded_session, partnership_id=pid)
    )
    assert "Serves contract" not in client.get(f"/scorecard/measures/{unserved.id}").get_data(
        as_text=True
    )


def test_the_scorecard_row_links_its_contract_and_follows_a_new_link(
    client: FlaskClient, seeded_session: Session
) -> None:
    pid = demo_partnership_id(seeded_session)
    sign_in(client, "analyst")
    first = client.get("/scorecard").get_data(as_text=True)
    shown = re.findall(
        r'Serves contract: <a class="govuk-link" href="/commissioning/contracts/', first
    )
    assert shown
    # A new contract for a measure on the first page shows at once (the cached table is not).
    measure_id = re.findall(r'href="/scorecard/measures/([0-9a-f-]+)"', first)[0]
    queries.upsert_contracts(
        session=seeded_session,
        rows=[
            {
                "reference": "JOIN-1",
                "title": "Joined-up test contract",
                "provider": "Acme",
                "service_key": None,
                "value_pence": 100,
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2028, 1, 1),
                "extension_months": 0,
                "commissioners": ["health"],
            }
        ],
        partnership_id=pid,
        la_code="354",
    )
    contract = next(
        c
        for c in queries.list_contracts(session=seeded_session, partnership_id=pid)
        if c.reference == "JOIN-1"
    )
    queries.link_measures(
        session=seeded_session,
        contract_id=contract.id,
        measure_ids=[measure_id],
        partnership_id=pid,
    )
    again = client.get("/scorecard").get_data(as_text=True)
    assert "Joined-up test contract" in again and "Joined-up test contract" not in first


def test_the_needs_page_shows_the_icbs_waits_against_england_and_other_icbs(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    page = client.get("/commissioning/needs").get_data(as_text=True)
    assert "NHS Greater Manchester integrated care board" in page
    assert "Speech and language therapy" in page and "60.2%" in page  # England, paediatrics
    assert re.search(r"\d+ of 3\d", page)  # rank among the ICBs that reported
    assert "Community Health Services Waiting Lists" in page  # the source publication
    found = needs.matrix(
        seeded_session,
        partnership_id=demo_partnership_id(seeded_session),
        la_code="354",
        today=DEMO_TODAY,
    )
    slcn = [e for c in found.cells if c.need == "slcn" for e in c.evidence]
    assert any(
        e.startswith("NHS Greater Manchester ICB, speech and language therapy") for e in slcn
    )


def test_the_health_waits_csv_has_england_and_every_icb(client: FlaskClient) -> None:
    sign_in(client, "partner")
    response = client.get("/commissioning/needs/health-waits.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 43 * 4 and {r["month"] for r in rows} == {"2023-10"}
    manchester = [r for r in rows if r["area"] == "Greater Manchester"]
    assert len(manchester) == 4 and all(r["rank_among_icbs"] for r in manchester)


def test_a_partnership_without_an_icb_is_asked_to_name_one(seeded_session: Session) -> None:
    other = new_partnership_id(seeded_session, "No ICB partnership", ["355"])
    found = needs.matrix(seeded_session, partnership_id=other, la_code="355", today=DEMO_TODAY)
    assert (found.icb, found.health) == (None, ())
    queries.set_health_area(session=seeded_session, partnership_id=other, icb="Devon")
    found = needs.matrix(seeded_session, partnership_id=other, la_code="355", today=DEMO_TODAY)
    assert found.icb == "Devon" and len(found.health) == 4
    pid = demo_partnership_id(seeded_session)
    assert queries.get_health_area_or_none(session=seeded_session, partnership_id=pid) == (
        "Greater Manchester"
    )


def test_set_icb_names_the_partnerships_icb_or_refuses_an_unknown_one(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", seeded_url)
    refused = CliRunner().invoke(cli, ["commissioning", "set-icb", "Rochdale", "--la", "354"])
    assert refused.exit_code != 0 and "No integrated care board" in refused.output
    done = CliRunner().invoke(
        cli, ["commissioning", "set-icb", "NHS Greater Manchester ICB", "--la", "354"]
    )
    assert done.exit_code == 0 and "NHS Greater Manchester ICB" in done.output


def test_each_priority_shows_the_co_production_that_shaped_it(
    client: FlaskClient, seeded_session: Session
) -> None:
    pid = demo_partnership_id(seeded_session)
    found = {p.service.service_key: p for p in cycle.priorities(seeded_session, partnership_id=pid)}
    breaks = found["pmld-short-breaks"].shaped_by
    assert breaks and all(s.topic == "Short breaks" for s in breaks)
    assert not found["sld-special"].shaped_by
    sign_in(client, "analyst")
    page = client.get("/commissioning/").get_data(as_text=True)
    assert "You said: “We want short breaks at weekends" in page
    assert f'href="/coproduction/activities/{breaks[0].activity_id}"' in page


def test_an_item_linked_to_a_priority_measure_shaped_it(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    item = next(
        t
        for a in coproduction.list_activities(session=seeded_session, partnership_id=pid)
        for t in a.themes
        if t.measure_id
    )
    queries.upsert_contracts(
        session=seeded_session,
        rows=[
            {
                "reference": "JOIN-2",
                "title": "Measure-linked contract",
                "provider": "Acme",
                "service_key": "sld-special",
                "value_pence": 100,
                "starts_on": date(2026, 1, 1),
                "ends_on": date(2026, 1, 1) + timedelta(days=900),
                "extension_months": 0,
                "commissioners": ["education"],
            }
        ],
        partnership_id=pid,
        la_code="354",
    )
    contract = next(
        c
        for c in queries.list_contracts(session=seeded_session, partnership_id=pid)
        if c.reference == "JOIN-2"
    )
    queries.link_measures(
        session=seeded_session,
        contract_id=contract.id,
        measure_ids=[item.measure_id],
        partnership_id=pid,
    )
    found = {p.service.service_key: p for p in cycle.priorities(seeded_session, partnership_id=pid)}
    assert item.id in {s.said_item_id for s in found["sld-special"].shaped_by}


def test_another_partnerships_priority_cannot_be_linked(seeded_session: Session) -> None:
    other = new_partnership_id(seeded_session, "Other commissioning partnership", ["355"])
    with pytest.raises(NotFound):
        queries.link_coproduction(
            session=seeded_session,
            partnership_id=other,
            service_key="pmld-short-breaks",
            said_item_ids=["x"],
        )


def test_a_change_to_the_case_records_moves_the_cached_matrix(seeded_session: Session) -> None:
    from sqlalchemy import select

    from sendsight.config import get_settings
    from sendsight.ehc import facts
    from sendsight.ehc.models import EhcRequest

    pid = demo_partnership_id(seeded_session)

    def vi_plans() -> int:
        found = needs.matrix(seeded_session, partnership_id=pid, la_code="354", today=DEMO_TODAY)
        return sum(c.local_plans for c in found.cells if c.need == "vi" and c.level == "all")

    before, version = vi_plans(), queries.case_version(session=seeded_session, la_code="354")
    plan = seeded_session.scalars(
        select(EhcRequest)
        .where(
            EhcRequest.la_code == "354",
            EhcRequest.final_issued_on.is_not(None),
            EhcRequest.primary_need == "ASD",
            EhcRequest.date_of_birth > DEMO_TODAY - timedelta(days=365 * 18),
        )
        .order_by(EhcRequest.request_id)
    ).first()
    assert plan is not None
    plan.primary_need = "VI"
    seeded_session.flush()
    assert vi_plans() == before  # nothing announced the change yet: the cached matrix stands
    facts.rebuild_facts(
        seeded_session, la_codes=["354"], boundary=get_settings().ehc_deadline_boundary
    )
    assert queries.case_version(session=seeded_session, la_code="354") == version + 1
    assert vi_plans() == before + 1
