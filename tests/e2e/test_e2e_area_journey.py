"""A visitor explores Rochdale's published SEND figures, with and without JavaScript.

Every page reached is checked for an OK status and for accessibility (axe-core, via ``follow``
and ``visit``).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from sendsight.statistics.registry import get_indicator
from tests.e2e.conftest import visit
from tests.e2e.pages import AllAreasPage, StartPage, heading

pytestmark = pytest.mark.e2e

AREA = "Rochdale"
INDICATOR = get_indicator("pct-20-weeks-excl-exceptions")
MISSING = float("inf")  # a GSS symbol instead of a figure sorts after every number


def _number(text: str) -> float:
    """A figure as shown (``46.4%``, ``1,234``) as a number; a symbol as ``MISSING``."""
    cleaned = text.replace(",", "").replace("%", "").strip()
    return float(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else MISSING


@pytest.fixture(params=["page", "page_no_js"], ids=["javascript", "no-javascript"])
def browser_page(request: pytest.FixtureRequest) -> Any:
    """The same journey in a browser with JavaScript and in one without it."""
    return request.getfixturevalue(request.param)


def _check_sorting(table: AllAreasPage) -> None:
    table.sort_by("Local area")
    assert "sort=name" in table.page.url and "order=asc" in table.page.url
    names = [row[1] for row in table.rows()]
    assert names == sorted(names)
    table.sort_by("Local area")
    assert "order=desc" in table.page.url
    names = [row[1] for row in table.rows()]
    assert names == sorted(names, reverse=True)
    table.sort_by("Value")
    values = [_number(row[3]) for row in table.rows()]
    assert values == sorted(values)
    assert len(set(values)) > 1, "every area showed the same figure"


def _check_download(table: AllAreasPage) -> None:
    first = table.rows()[0]
    records = list(csv.DictReader(io.StringIO(table.download_csv())))
    assert len(records) == len(table.rows())
    assert records[0]["la_name"] == first[1]
    assert records[0]["region"] == first[2]
    assert _number(records[0]["value"]) == _number(first[3])


def test_visitor_finds_rochdale_compares_all_areas_downloads_and_sees_neighbours(
    server_url: str, browser_page: Any
) -> None:
    overview = StartPage(browser_page, server_url).open().search(AREA)
    assert heading(browser_page) == f"{AREA}: SEND at a glance"

    indicator = overview.open_indicator(INDICATOR.title)
    assert heading(browser_page) == f"{INDICATOR.title}: {AREA}"
    assert indicator.table.locator("tbody").get_by_role("row").count() > 0

    table = indicator.compare_all_areas()
    assert heading(browser_page) == f"{INDICATOR.title}: all local areas"
    assert len(table.rows()) > 100, "the all-areas table should list every local area"
    _check_sorting(table)
    _check_download(table)

    overview = table.open_area(AREA).back_to_area(AREA)
    neighbours = overview.open_neighbours()
    assert heading(browser_page) == f"{AREA}: statistical neighbours"
    names = neighbours.area_names()
    assert names[0] == AREA
    assert len(names) == 11 and AREA not in names[1:]


def test_period_selector_shows_an_earlier_period(server_url: str, browser_page: Any) -> None:
    visit(browser_page, f"{server_url}/indicators/{INDICATOR.id}/all")
    options = browser_page.get_by_label("Period").locator("option").all_inner_texts()
    assert len(options) > 1, "the indicator should have more than one period"
    earlier = options[-1].strip()
    AllAreasPage(browser_page).choose_period(earlier)
    caption = browser_page.locator("table#all-areas caption").inner_text()
    assert caption.strip().endswith(earlier)
