"""A planner compares scenarios from a file on Rochdale's forecast, with and without JavaScript.

Every page reached is checked for an OK status and for accessibility (axe-core).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.pages import ForecastPage, SignInPage, download, heading, table_rows

pytestmark = pytest.mark.e2e

BAD = Path(__file__).parents[1] / "data" / "forecast" / "scenarios_bad.csv"


@pytest.fixture(params=["page", "page_no_js"], ids=["javascript", "no-javascript"])
def browser_page(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


def test_planner_uploads_the_example_scenarios_then_a_file_with_problems(
    server_url: str, browser_page: Any, tmp_path: Path
) -> None:
    SignInPage(browser_page, server_url).sign_in("analyst")
    forecast = ForecastPage(browser_page, server_url).open("354")
    example = tmp_path / "example.csv"
    example.write_text(download(browser_page, "example CSV file"), encoding="utf-8")

    shown = forecast.compare_file(example)
    assert heading(browser_page) == "Compare scenarios from a file: Rochdale"
    names = [row[0] for row in table_rows(shown.side_by_side)]
    assert names == ["Baseline", "Early help", "Post-19 transitions"]
    figures = list(csv.reader(io.StringIO(download(browser_page, "Download these figures (CSV)"))))
    assert [r[0] for r in figures[1:]] == [name for name in names for _ in range(5)]

    refused = shown.compare_file(BAD)
    assert [p.split(":")[0] for p in refused.problems()] == [
        "scenarios_bad.csv, line 3, column 'lever'",
        "scenarios_bad.csv, line 4, column 'value'",
        "scenarios_bad.csv, line 5, column 'from_year'",
    ]
    assert browser_page.title().startswith("Error: Compare scenarios from a file")


def test_a_partner_sees_the_forecast_rounded_with_its_symbols_explained(
    server_url: str, page: Any, tmp_path: Path
) -> None:
    """Without case-level access the forecast page (checked by axe-core), its table and its CSV
    show figures rounded to the nearest 10, and say so; small breakdown figures are ``c``."""
    SignInPage(page, server_url).sign_in("partner")
    forecast = ForecastPage(page, server_url).open("354")
    assert page.get_by_text("rounded to the nearest 10 for viewers without case-level access",
                            exact=False).count() == 1  # fmt: skip
    table = page.get_by_role("table", name="Forecast EHC plans each January")
    numbers = [int(n.replace(",", "")) for row in table_rows(table) for cell in row[1:]
               for n in re.findall(r"\d[\d,]*", cell)]  # fmt: skip
    assert len(numbers) == 5 * 5 and all(n % 10 == 0 for n in numbers)
    need = page.get_by_role("table", name=re.compile("Forecast plans by primary need"))
    assert any(cell == "c" for row in table_rows(need) for cell in row[1:])
    assert page.get_by_role("heading", name="What the symbols mean").count() >= 1
    rows = list(csv.reader(io.StringIO(download(page, "Download this table (CSV)"))))
    assert [int(v) % 10 for row in rows[1:6] for v in row[1:]] == [0] * 25
    assert rows[-1][0].startswith("Note: Forecasts and the figures worked out from them")

    example = tmp_path / "example.csv"
    example.write_text(download(page, "example CSV file"), encoding="utf-8")
    forecast.compare_file(example)
    figures = list(csv.reader(io.StringIO(download(page, "Download these figures (CSV)"))))
    assert all(int(r[6]) % 10 == 0 for r in figures[1:] if not r[0].startswith("Note: "))
