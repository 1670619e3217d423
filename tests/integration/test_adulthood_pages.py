"""The cohort page on the demo: three charts (destinations by status, the supported-internship
funnel, the published NEET benchmark), each beside a table of the same figures and a CSV; the
figures shown to a reader without case-level access follow the configured threshold."""

from __future__ import annotations

import csv
import io

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import CheckedClient, sign_in

CHART_TABLES = ("destination-status", "internship-funnel", "neet-benchmark")
FUNNEL = "Supported internships: from starting to a sustained paid job (every year)"


def _funnel(client: FlaskClient) -> list[list[str]]:
    """The funnel's rows in the cohort CSV: [caption, stage, interns, share of starts]."""
    body = client.get("/adulthood/cohort.csv").get_data(as_text=True)
    return [row for row in csv.reader(io.StringIO(body)) if row[0] == FUNNEL][1:]


def _app_with_threshold(seeded_url: str, session: Session, threshold: int) -> Flask:
    from sendsight.config import Settings
    from sendsight.web import create_app

    settings = Settings(
        database_url=seeded_url,
        environment="test",
        secret_key="test-secret-key",
        disclosure_threshold=threshold,
    )
    app = create_app(settings, sessions=lambda: session)  # type: ignore[arg-type]
    app.config.update(TESTING=True)
    app.test_client_class = CheckedClient
    return app


def test_each_chart_sits_beside_its_table_and_a_csv(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    page = client.get("/adulthood/").get_data(as_text=True)
    assert page.count('<figure class="app-chart">') == 3
    for ident in CHART_TABLES:
        assert f'href="#{ident}"' in page and f'id="{ident}"' in page
    assert "/areas/354/indicators/neet-nk-16-17-ehc-plan.csv" in page
    body = client.get("/adulthood/cohort.csv").get_data(as_text=True)
    assert "by status" in body and "from starting to a sustained paid job" in body


def test_the_funnel_on_the_demo_narrows_from_starts_to_sustained_jobs(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    counts = [int(row[2].replace(",", "")) for row in _funnel(client)]
    assert len(counts) == 5 and counts[0] > 0
    assert counts == sorted(counts, reverse=True)


def test_a_partner_sees_counts_under_the_configured_threshold_hidden(
    seeded_url: str, seeded_session: Session
) -> None:
    client = _app_with_threshold(seeded_url, seeded_session, 100_000).test_client()
    sign_in(client, "partner")
    rows = _funnel(client)
    assert len(rows) == 5 and all(row[2] == "c" and row[3] == "c" for row in rows)
    assert 'href="#neet-benchmark"' in client.get("/adulthood/").get_data(as_text=True)


def test_the_young_people_list_is_paged_and_a_page_past_the_end_is_not_found(
    client: FlaskClient,
) -> None:
    sign_in(client, "caseworker")
    first = client.get("/adulthood/young-people").get_data(as_text=True)
    assert first.count('href="/adulthood/young-people/') == 50
    assert 'class="govuk-pagination"' in first and "page 1 of" in first
    second = client.get("/adulthood/young-people?page=2")
    assert second.status_code == 200 and "page 2 of" in second.get_data(as_text=True)
    assert client.get("/adulthood/young-people?page=9999").status_code == 404


def test_the_commissioning_signal_reads_the_local_offer_and_names_what_nobody_offers(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sendsight.adulthood import queries
    from sendsight.demo.access import demo_partnership

    partnership_id = str(demo_partnership(seeded_session, la_code="354").id)
    held = queries.get_summary_or_none(
        session=seeded_session, partnership_id=partnership_id, la_code="354"
    )
    assert held is not None
    sources = {p["source"] for p in held.figures["programmes"]}
    assert sources == {"Partnership list", "Local Offer"}
    sign_in(client, "analyst")
    page = client.get("/adulthood/").get_data(as_text=True)
    signal = page.split('id="signal"')[1]
    assert "Wanted, but nobody offers it" in signal and "On offer" in signal
