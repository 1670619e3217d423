"""Forecasts through disclosure control: readers without case-level access (partner, admin) see
every modelled figure rounded to the nearest 10, small ones as ``c``, on the page, in its chart
and in its CSV files; readers with case-level access (analyst, caseworker) see whole plans."""

from __future__ import annotations

import csv
import html
import io
import math
import re
from collections.abc import Iterator

import polars as pl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.demo.capacity import seed_demo_capacity
from sendsight.forecasting import queries, report
from sendsight.forecasting.pages import Figures, comparison_rows, forecast_rows
from sendsight.forecasting.scenario_compare import compare_scenarios
from sendsight.forecasting.scenario_files import Scenario
from sendsight.reference.codes import need_label
from sendsight.web.forecast_charts import forecast_chart, scenario_chart
from tests.conftest import DEMO_TODAY, TEST_DATA, _csrf_from, sign_in, sign_out
from tests.partnerships import demo_partnership_id

CAMDEN, DEMO = "202", "354"
ROUNDED = "rounded to the nearest 10 for viewers without case-level access"
WITHOUT = ["partner", "admin"]
WITH = ["analyst", "caseworker"]


def _r10(value: float) -> int:
    """Nearest 10, halves up: worked out here, not with the code under test."""
    return int(math.floor(value / 10 + 0.5) * 10)


def _texts(page: str) -> list[str]:
    """Each table row of the page as plain text (charts left out)."""
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(r))).strip() for r in rows]


def _csv(client: FlaskClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _forecast(la_code: str, seeded_session: Session) -> list[tuple[int, list[float]]]:
    frame = (
        report.current_forecast(session=seeded_session)
        .filter(pl.col("la_code") == la_code)
        .sort("target_year")
    )
    columns = ("point", "lower_80", "upper_80", "lower_95", "upper_95")
    return [(int(r[0]), list(r[1:])) for r in frame.select("target_year", *columns).rows()]


def _row_text(year: int, figures: list[int]) -> str:
    point, l80, u80, l95, u95 = figures
    return f"{year} {point:,} {l80:,} to {u80:,} {l95:,} to {u95:,}"


@pytest.fixture
def demo_places(seeded_session: Session) -> Iterator[None]:
    seed_demo_capacity(  # as the demo build does
        seeded_session,
        la_code=DEMO,
        partnership_id=demo_partnership_id(seeded_session),
        today=DEMO_TODAY,
    )
    seeded_session.commit()  # a request closes its session: uncommitted rows would go
    yield


# --- the forecast table, its chart and its CSV --------------------------------------------------


@pytest.mark.parametrize("role", WITHOUT)
def test_without_case_level_access_the_forecast_table_and_csv_are_rounded(
    client: FlaskClient, role: str, seeded_session: Session
) -> None:
    sign_in(client, role)
    page = client.get(f"/forecasts/{CAMDEN}").get_data(as_text=True)
    texts = _texts(page)
    assert ROUNDED in page
    for year, values in _forecast(CAMDEN, seeded_session):
        rounded, exact = [_r10(v) for v in values], [round(v) for v in values]
        assert rounded != exact  # else this test could not tell them apart
        assert _row_text(year, rounded) in texts
        assert _row_text(year, exact) not in texts
    rows = _csv(client, f"/forecasts/{CAMDEN}.csv")
    assert rows[0][:2] == ["Year", "Forecast plans"]
    expected = [
        [str(year), *(str(_r10(v)) for v in values)]
        for year, values in _forecast(CAMDEN, seeded_session)
    ]
    assert rows[1 : 1 + report.HORIZON] == expected
    assert rows[1 + report.HORIZON :] == [[f"Note: Forecasts and the figures worked out from them "
                                           f"are {ROUNDED}."]]  # fmt: skip


@pytest.mark.parametrize("role", WITH)
def test_with_case_level_access_the_forecast_table_and_csv_are_exact(
    client: FlaskClient, role: str, seeded_session: Session
) -> None:
    sign_in(client, role)
    page = client.get(f"/forecasts/{CAMDEN}").get_data(as_text=True)
    texts = _texts(page)
    assert ROUNDED not in page
    for year, values in _forecast(CAMDEN, seeded_session):
        assert _row_text(year, [round(v) for v in values]) in texts
    rows = _csv(client, f"/forecasts/{CAMDEN}.csv")
    expected = [
        [str(year), *(str(round(v)) for v in values)]
        for year, values in _forecast(CAMDEN, seeded_session)
    ]
    assert rows[1:] == expected  # no notes: nothing is rounded or hidden


@pytest.mark.parametrize(("role", "protect"), [("partner", True), ("analyst", False)])
def test_the_chart_plots_what_the_table_shows(
    client: FlaskClient, role: str, protect: bool, seeded_session: Session
) -> None:
    sign_in(client, role)
    page = client.get(f"/forecasts/{CAMDEN}").get_data(as_text=True)
    found = report.area_report(CAMDEN, report.Levers(), None, session=seeded_session)
    assert found is not None

    def chart(rounded: bool) -> str:
        return forecast_chart(found, forecast_rows(found.forecast, Figures(protect=rounded)))

    assert chart(protect) in page
    assert chart(not protect) not in page  # the two charts differ, and the other one is not shown


def test_the_rounding_base_is_a_setting(seeded_url: str, seeded_session: Session) -> None:
    from sendsight.config import Settings
    from sendsight.web import create_app
    from tests.conftest import CheckedClient

    settings = Settings(database_url=seeded_url, environment="test", secret_key="test-secret-key",
                        disclosure_modelled_round_to=100)  # fmt: skip
    app = create_app(settings, sessions=lambda: seeded_session)  # type: ignore[arg-type]
    app.config.update(TESTING=True)
    app.test_client_class = CheckedClient
    client = app.test_client()
    sign_in(client, "partner")
    rows = _csv(client, f"/forecasts/{CAMDEN}.csv")
    hundreds = [[str(y), *(str(math.floor(v / 100 + 0.5) * 100) for v in values)]
                for y, values in _forecast(CAMDEN, seeded_session)]  # fmt: skip
    assert rows[1 : 1 + report.HORIZON] == hundreds
    assert "nearest 100" in rows[-1][0]


@pytest.mark.parametrize(("role", "rounded"), [("partner", True), ("caseworker", False)])
def test_the_england_table_is_rounded_only_without_case_level_access(
    client: FlaskClient, role: str, rounded: bool, seeded_session: Session
) -> None:
    sign_in(client, role)
    texts = _texts(client.get("/forecasts").get_data(as_text=True))
    first = report.national_summary(session=seeded_session).row(0, named=True)
    shown = _r10 if rounded else round
    wanted = (f"{first['target_year']} {shown(first['point']):,} "
              f"{shown(first['lower_80']):,} to {shown(first['upper_80']):,}")  # fmt: skip
    assert wanted in texts


# --- breakdowns and places --------------------------------------------------------------------


def test_small_parts_of_a_breakdown_are_c_and_the_page_says_why(
    client: FlaskClient, seeded_session: Session
) -> None:
    found = report.area_report(DEMO, report.Levers(), None, session=seeded_session)
    assert found is not None
    small = found.by_need.filter(pl.col("point") > 0, pl.col("point") < 5)
    assert not small.is_empty()  # a rare need in the demonstration area
    sign_in(client, "partner")
    page = client.get(f"/forecasts/{DEMO}").get_data(as_text=True)
    texts = _texts(page)
    years = sorted(set(found.by_need["target_year"].to_list()))
    for (part,), group in found.by_need.group_by("part"):
        points = group.sort("target_year")["point"].to_list()
        cells = ["c" if 0 < v < 5 else f"{_r10(v):,}" for v in points]
        assert " ".join([need_label(str(part)), *cells]) in texts
    assert len(years) == report.HORIZON
    assert "the rounded parts may not add up to the rounded total" in page
    assert "What the symbols mean" in page and "smaller than 5 either way are hidden" in page
    sign_out(client)
    sign_in(client, "analyst")
    assert "What the symbols mean" not in client.get(f"/forecasts/{DEMO}").get_data(as_text=True)


@pytest.mark.usefixtures("demo_places")
@pytest.mark.parametrize(("role", "protect"), [("partner", True), ("analyst", False)])
def test_places_stay_exact_while_demand_and_shortfall_are_rounded(
    client: FlaskClient, seeded_session: Session, role: str, protect: bool
) -> None:
    capacity = queries.capacity_for(
        session=seeded_session, la_code=DEMO, partnership_id=demo_partnership_id(seeded_session)
    )
    found = report.area_report(DEMO, report.Levers(), capacity, session=seeded_session)
    assert found is not None and found.sufficiency is not None
    sign_in(client, role)
    page = client.get(f"/forecasts/{DEMO}").get_data(as_text=True)
    texts = _texts(page)
    rows = found.sufficiency.filter(pl.col("setting") == "special", pl.col("need") == "all")
    assert rows.height == report.HORIZON
    for row in rows.iter_rows(named=True):
        surplus = row["surplus"]
        if protect:
            demand, size = f"{_r10(row['point']):,}", _r10(abs(surplus))
            shown = "c" if abs(surplus) < 5 else f"{'-' if surplus < 0 else '+'}{size:,}"
        else:
            demand, shown = f"{round(row['point']):,}", f"{round(surplus):+,}"
        chance = f"{math.floor(row['p_shortfall'] * 100 + 0.5):.0f}%"
        assert f"{row['year']} {row['places']:,} {demand} {shown} {chance}" in texts
    assert ("places minus forecast demand may not equal" in page) is protect


# --- scenarios, goal-seek and scenario files ----------------------------------------------------


def _scenario_csv_link(page: str) -> str:
    return html.unescape(re.findall(r'href="([^"]*/scenarios\.csv\?[^"]*)"', page)[0])


def _assert_rounded_comparison(rows: list[list[str]], table: pl.DataFrame) -> None:
    """Each figure of the comparison CSV is the raw figure rounded to 10 (or ``c``), the
    difference rounded on its own with its sign kept, then the notes."""
    figures = [r for r in rows[1:] if not r[0].startswith("Note: ")]
    assert len(figures) == table.height
    for row, raw in zip(figures, table.iter_rows(named=True), strict=True):
        assert row[0] == raw["scenario"] and int(row[5]) == raw["target_year"]
        columns = ("point", "lower_80", "upper_80", "lower_95", "upper_95")
        assert [int(v) for v in row[6:11]] == [_r10(raw[c]) for c in columns]
        diff = raw["difference"]
        size = abs(diff)
        wanted = (
            "0" if size == 0 else "c" if size < 5 else str(int(math.copysign(_r10(size), diff)))
        )
        assert row[11] == wanted
        assert int(row[12]) == _r10(raw["special_school"])
    notes = [r[0] for r in rows[1:] if r[0].startswith("Note: ")]
    assert notes[0] == f"Note: Forecasts and the figures worked out from them are {ROUNDED}."
    assert any("difference may not equal the gap" in note for note in notes)


def _assert_on_the_page(rows: list[list[str]], page: str) -> None:
    texts = _texts(page)
    for row in (r for r in rows[1:] if not r[0].startswith("Note: ")):
        name, year, point, l80, u80, l95, u95, diff, special = row[0], *row[5:]

        def n(text: str) -> str:
            return text if text in ("c", "0") or text.startswith("-") else f"{int(text):,}"

        shown_diff = diff if diff in ("c", "0") else f"{int(diff):+,}"
        wanted = (f"{name} {year} {n(point)} {shown_diff} {n(l80)} to {n(u80)} "
                  f"{n(l95)} to {n(u95)} {n(special)}")  # fmt: skip
        assert wanted in texts, wanted


def test_a_scenario_and_its_csv_are_rounded_for_a_partner(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    page = client.get(
        f"/forecasts/{CAMDEN}?slower_new_plans=20&resourced_mainstream=50&from_year=2025"
    ).get_data(as_text=True)
    rows = _csv(client, _scenario_csv_link(page))
    chosen = Scenario("Your scenario", 2025, {"slower_new_plans": 20, "resourced_mainstream": 50})
    forecast = report.current_forecast(session=seeded_session).filter(pl.col("la_code") == CAMDEN)
    table = compare_scenarios(forecast, [chosen], session=seeded_session)
    _assert_rounded_comparison(rows, table)
    _assert_on_the_page(rows, page)
    found = report.area_report(CAMDEN, report.Levers(), None, session=seeded_session)
    assert found is not None
    for protect in (True, False):  # the chart plots the rounded figures, not the exact ones
        chart = scenario_chart(found, comparison_rows(table, Figures(protect=protect)))
        assert (chart in page) is protect
    assert "Scenario: plans by placement" in page


def test_a_scenario_is_exact_for_an_analyst(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "analyst")
    page = client.get(f"/forecasts/{CAMDEN}?slower_new_plans=20&from_year=2025")
    rows = _csv(client, _scenario_csv_link(page.get_data(as_text=True)))
    forecast = report.current_forecast(session=seeded_session).filter(pl.col("la_code") == CAMDEN)
    table = compare_scenarios(
        forecast,
        [Scenario("Your scenario", 2025, {"slower_new_plans": 20})],
        session=seeded_session,
    )
    assert [int(r[6]) for r in rows[1:]] == [round(v) for v in table["point"]]
    assert not any(r[0].startswith("Note: ") for r in rows)


def test_an_uploaded_scenario_file_is_rounded_for_a_partner(client: FlaskClient) -> None:
    sign_in(client, "partner")
    form_page = client.get(f"/forecasts/{CAMDEN}/scenarios").get_data(as_text=True)
    data = (TEST_DATA / "forecast" / "scenarios_good.csv").read_bytes()
    response = client.post(f"/forecasts/{CAMDEN}/scenarios", content_type="multipart/form-data",
                           data={"csrf_token": _csrf_from(form_page),
                                 "file": (io.BytesIO(data), "s.csv")})  # fmt: skip
    page = response.get_data(as_text=True)
    assert ROUNDED in page
    rows = _csv(client, _scenario_csv_link(page))
    names = list(dict.fromkeys(r[0] for r in rows[1:] if not r[0].startswith("Note: ")))
    assert names == ["Baseline", "Early help", "Post-19 transitions"]
    _assert_on_the_page(rows, page)
    assert all(int(r[6]) % 10 == 0 for r in rows[1:] if not r[0].startswith("Note: "))


def _rounds_down(seeded_session: Session) -> tuple[str, int, float]:
    """An LA and January whose central forecast rounds down (say 2,524 shown as 2,520)."""
    fc = report.current_forecast(session=seeded_session).filter(
        pl.col("target_year") == report.latest_year(session=seeded_session) + 5
    )
    for la_code, year, point in fc.select("la_code", "target_year", "point").rows():
        if 1 < point % 10 < 4 and point > 1_000:
            return str(la_code), int(year), float(point)
    raise AssertionError("no forecast rounds down")


def test_goal_seek_for_a_partner_answers_about_the_rounded_forecast(
    client: FlaskClient, seeded_session: Session
) -> None:
    la_code, year, point = _rounds_down(seeded_session)
    goal = _r10(point)  # under the exact forecast, but the rounded forecast already meets it
    url = f"/forecasts/{la_code}?seek_lever=slower_new_plans&seek_year={year}&seek_goal={goal}"
    exact = report.seek(
        la_code,
        "slower_new_plans",
        year,
        goal,
        report.latest_year(session=seeded_session) + 1,
        session=seeded_session,
    )
    assert exact is not None and exact > 0  # an analyst is told the lever must move
    sign_in(client, "analyst")
    assert f"A value of {exact:g} for" in client.get(url).get_data(as_text=True)
    sign_out(client)
    sign_in(client, "partner")
    page = client.get(url).get_data(as_text=True)
    # Trying one goal after another must not reveal the unrounded forecast.
    assert "A value of 0 for" in page and "rounded to the nearest 10, to" in page
