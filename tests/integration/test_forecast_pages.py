"""Forecast pages through the checked Flask test client, signed in as the demo analyst."""

from __future__ import annotations

import csv
import html
import io
import re

import polars as pl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.demo.capacity import seed_demo_capacity
from sendsight.forecasting import history, report
from sendsight.forecasting.scenario_files import parse_scenarios_csv, parse_scenarios_yaml
from tests.conftest import DEMO_TODAY, TEST_DATA, _csrf_from, sign_in
from tests.partnerships import demo_partnership_id

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
    seed_demo_capacity(  # as the demo build does (idempotent)
        seeded_session,
        la_code=DEMO,
        partnership_id=demo_partnership_id(seeded_session),
        today=DEMO_TODAY,
    )
    seeded_session.commit()  # a request closes its session: uncommitted rows would go
    sign_in(client, "analyst")
    page = client.get(f"/forecasts/{DEMO}").get_data(as_text=True)
    assert "<svg" in page and "95% range" in page
    assert (
        f"were within {report.area_accuracy(DEMO, session=seeded_session):.1f}% on average" in page
    )
    assert "judged only on forecasts made before each year" in page
    assert "Chance of a shortfall" in page and "Demonstration" in page
    assert "Independent special schools" in page


def test_area_page_accuracy_is_the_nested_figure(seeded_session: Session) -> None:
    # The page's figure is the nested backtest's one-year error for the area's footprint,
    # not the in-sample error of the shipped method.
    geo = str(
        history.current_las(session=seeded_session).filter(pl.col("la_code") == DEMO)["geo_key"][0]
    )
    rows = report.nested_backtest(session=seeded_session).area_accuracy(geo)
    rows = rows.filter(pl.col("horizon") == 1)
    expected = float((((rows["point"] - rows["actual"]) / rows["actual"]).abs() * 100).mean())
    assert report.area_accuracy(DEMO, session=seeded_session) == pytest.approx(expected)


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


def test_scenario_is_shown_beside_the_baseline_with_ranges_chart_and_csv(
    client: FlaskClient,
) -> None:
    sign_in(client, "analyst")
    page = client.get("/forecasts/202?slower_new_plans=20&resourced_mainstream=50&from_year=2025")
    text = page.get_data(as_text=True)
    assert "Forecast plans each January: baseline and scenario" in text
    assert "Your scenario" in text and "baseline and scenarios</title>" in text
    assert "Scenario: plans by placement" in text
    rows = _csv_rows(client, _csv_link(text))
    assert [r[0] for r in rows[1:]] == ["Baseline"] * 5 + ["Your scenario"] * 5
    assert rows[6][1:5] == ["2025", "20", "0", "50"]
    _assert_each_row_is_on_the_page(rows, text)


def _csv_link(page: str, index: int = 0) -> str:
    links = re.findall(r'href="([^"]*/scenarios\.csv\?[^"]*)"', page)
    return html.unescape(links[index])


def _csv_rows(client: FlaskClient, link: str) -> list[list[str]]:
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _assert_each_row_is_on_the_page(rows: list[list[str]], page: str) -> None:
    """Every figure in the CSV is in the page's table row for that scenario and January."""
    cells = re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(c))).strip() for c in cells]
    for row in rows[1:]:
        name, year, point, l80, u80, l95, u95, diff, special = row[0], *row[5:]
        diff_shown = f"{int(diff):+,}" if int(diff) else "0"
        wanted = (f"{name} {year} {int(point):,} {diff_shown} {int(l80):,} to {int(u80):,} "
                  f"{int(l95):,} to {int(u95):,} {int(special):,}")  # fmt: skip
        assert wanted in texts, wanted
    levers = {(r[0], r[1] or "–", *r[2:5]) for r in rows[1:]}
    for name, start, *values in levers:
        assert " ".join([name, start, *values]) in texts


def test_a_lever_value_out_of_range_is_reported_next_to_its_field(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    text = client.get("/forecasts/202?slower_new_plans=-5").get_data(as_text=True)
    assert "There is a problem" in text and "Enter a number from 0 to 100" in text


def test_goal_seek_reports_the_lever_value_needed(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    fc = report.current_forecast(session=seeded_session).filter(la_code="202", target_year=2030)
    goal = int(fc["point"][0] * 0.9)
    text = client.get(
        f"/forecasts/202?seek_lever=slower_new_plans&seek_year=2030&seek_goal={goal}"
    ).get_data(as_text=True)
    value = report.seek("202", "slower_new_plans", 2030, goal, 2026, session=seeded_session)
    assert value is not None and f"A value of {value:g} for" in text


def test_an_unknown_area_is_not_found(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    assert client.get("/forecasts/999").status_code == 404


def test_lever_errors_put_error_in_the_title_and_show_no_scenario(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    text = client.get("/forecasts/202?slower_new_plans=20&from_year=2031").get_data(as_text=True)
    assert "<title>Error: Forecast of EHC plans" in text
    assert "Enter a year from 2025 to 2029" in text and "Your scenario" not in text


def test_goal_seek_shows_the_forecast_at_the_value_found_with_a_csv(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    fc = report.current_forecast(session=seeded_session).filter(la_code="202", target_year=2030)
    goal = int(fc["point"][0] * 0.9)
    text = client.get(
        f"/forecasts/202?seek_lever=more_ceasing_19plus&seek_year=2030&seek_goal={goal}"
        "&from_year=2027"
    ).get_data(as_text=True)
    value = report.seek("202", "more_ceasing_19plus", 2030, goal, 2027, session=seeded_session)
    assert value is not None and "starting in 2027" in text
    rows = _csv_rows(client, _csv_link(text))
    assert rows[-1][0] == f"More plans cease at 19 and over: {value:g}"
    assert rows[-1][1] == "2027" and float(rows[-1][3]) == value
    assert int(rows[-1][6]) <= goal
    _assert_each_row_is_on_the_page(rows, text)


# --- scenario files -----------------------------------------------------------------------------

GOOD_CSV = (TEST_DATA / "forecast" / "scenarios_good.csv").read_bytes()
GOOD_YAML = (TEST_DATA / "forecast" / "scenarios_good.yaml").read_bytes()


def _upload(client: FlaskClient, data: bytes | None, name: str = "scenarios.csv") -> str:
    page = client.get("/forecasts/202").get_data(as_text=True)
    assert 'action="/forecasts/202/scenarios"' in page  # the form is on the forecast page
    form = {"csrf_token": _csrf_from(page)}
    if data is not None:
        form["file"] = (io.BytesIO(data), name)  # type: ignore[assignment]
    response = client.post("/forecasts/202/scenarios", data=form,
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "name"), [(GOOD_CSV, "s.csv"), (GOOD_YAML, "s.yaml")])
def test_a_scenario_file_is_shown_side_by_side_with_the_baseline(
    client: FlaskClient, data: bytes, name: str
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, data, name)
    assert '<h1 class="govuk-heading-l">Compare scenarios from a file: Camden' in text
    assert "baseline and scenarios</title>" in text  # the chart
    assert "Forecast plans each January: baseline and scenarios" in text
    assert "The file is not stored" in text
    rows = _csv_rows(client, _csv_link(text))
    assert list(dict.fromkeys(r[0] for r in rows[1:])) == [
        "Baseline", "Early help", "Post-19 transitions",
    ]  # fmt: skip
    assert len(rows) == 1 + 3 * report.HORIZON
    _assert_each_row_is_on_the_page(rows, text)


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("scenarios_bad.csv", ["line 3, column &#39;lever&#39;", "line 4, column &#39;value&#39;",
                               "line 5, column &#39;from_year&#39;"]),
        ("scenarios_bad.yaml", ["line 4, column &#39;scenarios[0].colour&#39;",
                                "line 6, column &#39;scenarios[0].levers.slower_new_plans&#39;",
                                "line 8, column &#39;scenarios[1].from_year&#39;"]),
    ],
)  # fmt: skip
def test_a_bad_scenario_file_shows_each_problem_in_the_error_summary(
    client: FlaskClient, name: str, where: list[str]
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, (TEST_DATA / "forecast" / name).read_bytes(), name)
    assert "<title>Error: Compare scenarios from a file" in text
    assert "govuk-error-summary" in text and 'href="#file"' in text
    for place in where:
        assert f"{name}, {place}" in text
    assert "Forecast plans each January" not in text


def test_a_scenario_starting_before_the_forecast_is_refused(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    text = _upload(client, b"scenario,lever,value,from_year\nPast,slower_new_plans,5,2020\n")
    assert "line 2, column &#39;from_year&#39;: Enter a year from 2025 to 2029" in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (None, "", "Select a scenario file"),
        (b"scenario,lever,value,from_year\n", "notes.txt", "must be a CSV or YAML file"),
        (b"", "empty.csv", "The selected file is empty"),
    ],
)
def test_a_missing_or_wrong_kind_of_file_is_refused(
    client: FlaskClient, data: bytes | None, name: str, message: str
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, data, name)
    assert "<title>Error: " in text and message in text


def test_the_comparison_page_opens_with_the_form_and_example_files(client: FlaskClient) -> None:
    sign_in(client, "partner")
    text = client.get("/forecasts/202/scenarios").get_data(as_text=True)
    assert 'type="file"' in text and "Compare scenarios" in text
    for fmt, parse in (("csv", parse_scenarios_csv), ("yaml", parse_scenarios_yaml)):
        response = client.get(f"/forecasts/scenarios/example.{fmt}")
        assert (
            response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
        )
        body = response.get_data(as_text=True).lstrip("\ufeff")
        assert [s.name for s in parse("example", body, years=(2025, 2029))] == [
            "Early help", "Post-19 transitions",
        ]  # fmt: skip


def test_a_scenario_csv_link_with_a_bad_scenario_is_refused(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    bad = "scenario,lever,value,from_year\nX,fewer_tribunals,5,2026\n"
    response = client.get("/forecasts/202/scenarios.csv", query_string={"scenarios": bad})
    assert response.status_code == 400
    assert "line 2, column &#39;lever&#39;" in response.get_data(as_text=True)


def test_comparing_scenarios_needs_signing_in_and_an_area(client: FlaskClient) -> None:
    assert client.get("/forecasts/202/scenarios").status_code == 302
    sign_in(client, "analyst")
    assert client.get("/forecasts/999/scenarios").status_code == 404
    assert client.get("/forecasts/999/scenarios.csv?scenarios=x").status_code == 404
