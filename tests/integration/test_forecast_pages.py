"""Forecast pages through the checked Flask test client, signed in as the demo analyst."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.demo.capacity import seed_demo_capacity
from sendsight.forecasting import report
from tests.conftest import sign_in

DEMO = "354"


def test_forecasts_need_signing_in(client: FlaskClient) -> None:
    assert client.get("/forecasts").status_code == 302


def test_index_lists_areas_and_choosing_one_opens_its_forecast(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    page = client.get("/forecasts").get_data(as_text=True)
    assert "Rochdale (354)" in page and "England" in page
    assert client.get("/forecasts?la_code=202").headers["Location"].endswith("/forecasts/202")


def test_area_page_shows_chart_accuracy_breakdowns_and_demo_places(
    client: FlaskClient, seeded_session: Session
) -> None:
    seed_demo_capacity(seeded_session, la_code=DEMO)  # as the demo build does (idempotent)
    seeded_session.commit()  # a request closes its session: uncommitted rows would go
    sign_in(client, "analyst")
    page = client.get(f"/forecasts/{DEMO}").get_data(as_text=True)
    assert "<svg" in page and "95% range" in page
    assert f"were within {report.area_accuracy(DEMO):.1f}% on average" in page
    assert "Chance of a shortfall" in page and "Demonstration" in page
    assert "independent special" in page


def test_an_area_without_entered_places_says_so(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    page = client.get("/forecasts/202").get_data(as_text=True)
    assert "No place numbers have been entered" in page


def test_csv_has_exactly_the_rows_of_the_page_table(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    body = client.get("/forecasts/202.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    page = client.get("/forecasts/202").get_data(as_text=True)
    assert len(rows) == 1 + report.HORIZON
    for row in rows[1:]:
        assert f"{int(row[1]):,}" in page and f"{int(row[2]):,} to {int(row[3]):,}" in page


def test_scenario_is_shown_beside_the_baseline(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    page = client.get("/forecasts/202?slower_new_plans=20&resourced_mainstream=50&from_year=2025")
    text = page.get_data(as_text=True)
    assert "Forecast plans: baseline and scenario" in text
    assert "Scenario: plans by placement" in text


def test_a_lever_value_out_of_range_is_reported_next_to_its_field(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    text = client.get("/forecasts/202?slower_new_plans=-5").get_data(as_text=True)
    assert "There is a problem" in text and "Enter a number from 0 to 100" in text


def test_goal_seek_reports_the_lever_value_needed(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    fc = report.current_forecast().filter(la_code="202", target_year=2030)
    goal = int(fc["point"][0] * 0.9)
    text = client.get(
        f"/forecasts/202?seek_lever=slower_new_plans&seek_year=2030&seek_goal={goal}"
    ).get_data(as_text=True)
    value = report.seek("202", "slower_new_plans", 2030, goal, 2026)
    assert value is not None and f"A value of {value:.1f} brings" in text


def test_an_unknown_area_is_not_found(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    assert client.get("/forecasts/999").status_code == 404
