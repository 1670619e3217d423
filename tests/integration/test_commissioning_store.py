"""Commissioning records on real databases: the demo, imports (all or nothing, idempotent),
expiry alerts, the needs matrix, the cost ahead and the pages."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.commissioning import contracts, costs, imports, needs, queries
from sendsight.commissioning.models import Contribution
from sendsight.core.errors import InputRejected, NotFound
from sendsight.demo import commissioning as demo
from sendsight.notify.models import MailMessage
from sendsight.statistics import queries as statistics
from tests.conftest import DEMO_TODAY, _csrf_from, sign_in, sign_out
from tests.partnerships import demo_partnership_id, new_partnership_id
from tests.tenancy import commissioning as tenancy

HEADER = ("financial_year,subject_kind,subject_id,amount,education_share,health_share,"
          "social_care_share,budget_arrangement,high_needs_category\n")  # fmt: skip


def _snapshot(session: Session, partnership_id: str) -> tuple[object, ...]:
    return (
        [(c.reference, c.ends_on, c.value_pence) for c in
         queries.list_contracts(session=session, partnership_id=partnership_id)],
        [(r.subject_id, r.amount_pence, r.health_bp) for r in
         queries.list_contributions(session=session, partnership_id=partnership_id)],
        [(b.plan_id, b.element, b.amount_pence) for b in
         queries.list_budgets(session=session, partnership_id=partnership_id)],
    )  # fmt: skip


def test_the_demo_has_twenty_contracts_with_measures_and_is_idempotent(
    seeded_session: Session,
) -> None:
    pid = demo_partnership_id(seeded_session)
    held = queries.list_contracts(session=seeded_session, partnership_id=pid)
    assert len(held) == 20
    assert all(
        queries.contract_measures(session=seeded_session, contract_id=c.id, partnership_id=pid)
        for c in held
    )
    budgets = queries.list_budgets(session=seeded_session, partnership_id=pid)
    assert len({b.plan_id for b in budgets}) == 186  # Rochdale, January 2025 (DfE)
    before = _snapshot(seeded_session, pid)
    demo.seed(seeded_session, la_code="354", partnership_id=pid, today=DEMO_TODAY)
    assert _snapshot(seeded_session, pid) == before


def test_demo_unit_costs_sit_within_the_published_range(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    own = queries.unit_costs(session=seeded_session, partnership_id=pid, la_code="354")
    for placement, indicator in (("special", "hn-cost-special-place"),
                                 ("independent_special", "hn-cost-independent-special-place"),
                                 ("mainstream", "hn-cost-mainstream-plan")):  # fmt: skip
        values = (
            statistics.values_for_period(
                session=seeded_session, indicator_id=indicator, period="2021-22"
            )
            .filter(pl.col("geographic_level") == "la")["value"]
            .drop_nulls()
        )
        assert values.min() <= own[placement].annual_cost <= values.max(), placement


def test_a_ledger_with_one_bad_row_stores_nothing_and_a_good_one_twice_changes_nothing(
    seeded_session: Session,
) -> None:
    pid = demo_partnership_id(seeded_session)
    plan = queries.issued_plan_ids(session=seeded_session, la_codes=["354"])[-1]
    count = len(queries.list_contributions(session=seeded_session, partnership_id=pid))
    bad = (
        HEADER
        + f'2030-31,plan,{plan},"£1,000",50,50,0,separate,special\n'
        + ("2030-31,service,asd-outreach,£500,50,25,20,pooled,services\n")
    )
    try:
        imports.import_ledger(seeded_session, bad, filename="l.csv", partnership_id=pid,
                              la_code="354")  # fmt: skip
        raise AssertionError("the file should be refused")
    except InputRejected as exc:
        assert [(p.line, p.column) for p in exc.problems] == [(3, "education_share")]
    assert len(queries.list_contributions(session=seeded_session, partnership_id=pid)) == count
    good = bad.replace("50,25,20", "50,25,25")
    first = imports.import_ledger(seeded_session, good, filename="l.csv", partnership_id=pid,
                                  la_code="354")  # fmt: skip
    again = imports.import_ledger(seeded_session, good, filename="l.csv", partnership_id=pid,
                                  la_code="354")  # fmt: skip
    assert (first.added, again.added, again.changed) == (2, 0, 0)
    stored = seeded_session.scalars(
        select(Contribution).where(
            Contribution.subject_id == plan, Contribution.financial_year == 2030
        )
    ).one()
    assert stored.amount_pence == 100_000


def test_contracts_ending_within_six_months_are_alerted_once(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    queued = contracts.queue_expiry_alerts(seeded_session, partnership_id=pid, today=DEMO_TODAY,
                                           base_url="https://example.test")  # fmt: skip
    assert queued >= 1
    mail = seeded_session.scalars(
        select(MailMessage).where(MailMessage.kind == contracts.MAIL_KIND)
    ).all()
    assert len(mail) == queued and "DEMO-C005" in mail[0].body
    assert contracts.queue_expiry_alerts(seeded_session, partnership_id=pid, today=DEMO_TODAY,
                                         base_url="https://example.test") == 0  # fmt: skip


def test_the_needs_matrix_ranks_gaps_with_evidence(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    found = needs.matrix(seeded_session, partnership_id=pid, la_code="354", today=DEMO_TODAY)
    assert found.year is not None
    gaps = [c.gap for c in found.cells]
    assert gaps == sorted(gaps, reverse=True)
    top = found.cells[0]
    assert top.has_demand and top.evidence
    assert any(c.places for c in found.cells) and any(c.local_plans for c in found.cells)
    assert needs.matrix_frame(found).height == len(found.cells)


def test_the_cost_ahead_covers_three_years_and_levers_save_money(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    base = costs.projection(seeded_session, partnership_id=pid, la_code="354")
    moved = costs.projection(seeded_session, partnership_id=pid, la_code="354",
                             levers=costs.Levers(to_special=10))  # fmt: skip
    assert base.totals.height == 3
    low, point, high = (base.totals.row(0, named=True)[k] for k in
                        ("cost_lower_80", "cost_point", "cost_upper_80"))  # fmt: skip
    assert low < point < high
    assert moved.final_cost() < base.final_cost()


def test_every_page_opens_for_an_analyst(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    for path in ("/commissioning/", "/commissioning/needs", "/commissioning/ledger",
                 "/commissioning/contracts", "/commissioning/budgets",
                 "/commissioning/costs?to_special=5&target=40000000",
                 "/commissioning/ledger/import", "/commissioning/budgets/import",
                 "/commissioning/contracts/import"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    for path in ("/commissioning/needs.csv", "/commissioning/ledger.csv",
                 "/commissioning/costs.csv"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "text/csv", path


def test_a_partner_sees_totals_but_cannot_import_plan_level_files(client: FlaskClient) -> None:
    sign_in(client, "partner")
    assert client.get("/commissioning/ledger").status_code == 200
    assert client.get("/commissioning/ledger/import").status_code == 403
    assert client.get("/commissioning/budgets/import").status_code == 403


def test_a_contract_page_shows_its_measures(client: FlaskClient, seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    first = queries.list_contracts(session=seeded_session, partnership_id=pid)[0]
    sign_in(client, "analyst")
    page = client.get(f"/commissioning/contracts/{first.id}").get_data(as_text=True)
    measure = queries.contract_measures(
        session=seeded_session, contract_id=first.id, partnership_id=pid
    )[0]
    assert first.reference in page and measure.name in page


def test_a_ledger_upload_is_audited_and_bad_files_name_line_and_column(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    token = _csrf_from(client.get("/commissioning/ledger/import").get_data(as_text=True))
    body = HEADER + "2031-32,service,nope,-£5,100,0,0,separate,services\n"
    page = client.post("/commissioning/ledger/import", data={
        "csrf_token": token, "file": (io.BytesIO(body.encode()), "ledger.csv")},
    ).get_data(as_text=True)  # fmt: skip
    assert "nothing was imported" in page
    assert "line 2, column &#39;subject_id&#39;" in page and "column &#39;amount&#39;" in page
    assert date.today()  # the page is dated by the server, not the test


def test_another_partnerships_contract_is_not_found(
    client: FlaskClient, seeded_session: Session
) -> None:
    other = new_partnership_id(seeded_session, "Other commissioning partnership", ["355"])
    ids = tenancy.make(seeded_session, partnership_id=other, la_code="355", admin=None,
                       tag="Beta")  # fmt: skip
    seeded_session.commit()
    sign_in(client, "analyst")
    assert client.get(f"/commissioning/contracts/{ids['contract_id']}").status_code == 404
    page = client.get("/commissioning/contracts").get_data(as_text=True)
    assert "Beta " not in page
    try:
        queries.get_contract(session=seeded_session, contract_id=ids["contract_id"],
                             partnership_id=demo_partnership_id(seeded_session))  # fmt: skip
        raise AssertionError("another partnership's contract must not be found")
    except NotFound:
        pass


def test_small_personal_budget_groups_are_hidden_from_partners_only(
    client: FlaskClient,
) -> None:
    # The demo has one health-only and one integrated personal budget (as Rochdale published).
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">c</td>'
    sign_in(client, "partner")
    assert client.get("/commissioning/budgets").get_data(as_text=True).count(cell) >= 2
    sign_out(client)
    sign_in(client, "analyst")
    assert cell not in client.get("/commissioning/budgets").get_data(as_text=True)


def test_a_contribution_entered_in_the_form_is_checked_like_a_file_row(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    path = "/commissioning/ledger/new"
    form = {"financial_year": "2031-32", "subject_kind": "service",
            "subject_id": "asd-outreach", "amount": "£1,500.50", "education_share": "50",
            "health_share": "30", "social_care_share": "30", "budget_arrangement": "aligned",
            "high_needs_category": "services"}  # fmt: skip
    token = _csrf_from(client.get(path).get_data(as_text=True))
    page = client.post(path, data={**form, "csrf_token": token}).get_data(as_text=True)
    assert "The three shares must add up to 100%" in page and "Contribution saved" not in page
    page = client.post(path, data={**form, "social_care_share": "20", "csrf_token": token})
    assert "Contribution saved" in page.get_data(as_text=True)
    stored = seeded_session.scalars(
        select(Contribution).where(Contribution.financial_year == 2031)
    ).one()
    assert (stored.amount_pence, stored.health_bp) == (150_050, 3000)
