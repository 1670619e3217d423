"""Page objects for the browser tests: what a visitor can see and do, found by role and name.

Every navigation goes through :func:`follow` or ``visit``, so every page reached is checked for
an OK status and for serious or critical accessibility failures (axe-core).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.e2e.conftest import PASSWORD, assert_accessible, visit


def follow(page: Any, action: Callable[[], None]) -> Any:
    """Do ``action`` (a click or a submit), wait for the page it leads to, check it is OK and
    accessible, and return its response (after any redirects)."""
    with page.expect_navigation() as navigation:
        action()
    response = navigation.value
    assert response is not None and response.ok, f"{page.url} -> {response and response.status}"
    assert_accessible(page)
    return response


def heading(page: Any) -> str:
    """The page's one level-1 heading."""
    return str(page.get_by_role("heading", level=1).inner_text()).strip()


def table_rows(table: Any) -> list[list[str]]:
    """The text of each body row's cells (row headers included), in order."""
    rows = table.locator("tbody").get_by_role("row")
    return [
        [str(text).strip() for text in rows.nth(i).locator("th, td").all_inner_texts()]
        for i in range(rows.count())
    ]


@dataclass
class StartPage:
    """The service's start page, with the local area search."""

    page: Any
    base: str

    def open(self) -> StartPage:
        visit(self.page, self.base + "/")
        return self

    def search(self, words: str) -> OverviewPage:
        self.page.get_by_role("searchbox", name="Find a local area").fill(words)
        follow(self.page, self.page.get_by_role("button", name="Search").click)
        return OverviewPage(self.page)


@dataclass
class OverviewPage:
    """A local area's overview: one card per key indicator."""

    page: Any

    def open_indicator(self, title: str) -> IndicatorPage:
        follow(self.page, self.page.get_by_role("link", name=title, exact=True).click)
        return IndicatorPage(self.page)

    def open_neighbours(self) -> NeighboursPage:
        follow(self.page, self.page.get_by_role("link", name="statistical neighbours").click)
        return NeighboursPage(self.page)


@dataclass
class IndicatorPage:
    """One indicator over time for one area, with a chart, a table and a CSV download."""

    page: Any

    @property
    def table(self) -> Any:
        return self.page.get_by_role("table", name="by period")

    def compare_all_areas(self) -> AllAreasPage:
        follow(self.page, self.page.get_by_role("link", name="Compare all local areas").click)
        return AllAreasPage(self.page)

    def back_to_area(self, la_name: str) -> OverviewPage:
        crumbs = self.page.get_by_role("navigation", name="Breadcrumb")
        follow(self.page, crumbs.get_by_role("link", name=la_name).click)
        return OverviewPage(self.page)


@dataclass
class AllAreasPage:
    """Every local area's figure for one indicator, sortable by links in the column headings."""

    page: Any

    @property
    def table(self) -> Any:
        return self.page.locator("table#all-areas")

    def column_link(self, column: str) -> Any:
        header = self.table.get_by_role("columnheader", name=column)
        return header.get_by_role("link")

    def sort_by(self, column: str) -> AllAreasPage:
        follow(self.page, self.column_link(column).click)
        return self

    def rows(self) -> list[list[str]]:
        return table_rows(self.table)

    def download_csv(self) -> str:
        """Click the table's download link and return the file's text."""
        link = self.page.get_by_role("link", name="Download this table as CSV")
        with self.page.expect_download() as download:
            link.click()
        path = download.value.path()
        assert path is not None, "the download did not complete"
        return Path(path).read_text(encoding="utf-8-sig")

    def open_area(self, la_name: str) -> IndicatorPage:
        follow(self.page, self.table.get_by_role("link", name=la_name, exact=True).click)
        return IndicatorPage(self.page)

    def choose_period(self, label: str) -> AllAreasPage:
        self.page.get_by_label("Period").select_option(label=label)
        follow(self.page, self.page.get_by_role("button", name="Show period").click)
        return self


@dataclass
class NeighboursPage:
    """An area and its 10 statistical neighbours."""

    page: Any

    def area_names(self) -> list[str]:
        return [row[1] for row in table_rows(self.page.get_by_role("table"))]


@dataclass
class SignInPage:
    """The email-and-password sign-in form."""

    page: Any
    base: str

    def sign_in(self, role: str) -> None:
        visit(self.page, f"{self.base}/sign-in")
        self.page.get_by_label("Email address").fill(f"{role}@demo.sendsight.test")
        self.page.get_by_label("Password", exact=True).fill(PASSWORD)
        follow(self.page, self.page.get_by_role("button", name="Sign in").click)

    def sign_out(self) -> None:
        menu = self.page.get_by_role("navigation", name="Menu")
        follow(self.page, menu.get_by_role("button", name="Sign out").click)


def download(page: Any, name: str) -> str:
    """Click the link called ``name`` and return the downloaded file's text."""
    with page.expect_download() as started:
        page.get_by_role("link", name=name).click()
    path = started.value.path()
    assert path is not None, "the download did not complete"
    return Path(path).read_text(encoding="utf-8-sig")


@dataclass
class ForecastPage:
    """An LA's forecast of EHC plans, with the form to compare scenarios from a file."""

    page: Any
    base: str

    def open(self, la_code: str) -> ForecastPage:
        visit(self.page, f"{self.base}/forecasts/{la_code}")
        return self

    def compare_file(self, path: Path) -> ScenarioComparisonPage:
        return compare_scenario_file(self.page, path)


def compare_scenario_file(page: Any, path: Path) -> ScenarioComparisonPage:
    """Upload a scenario file through the form on the page and follow to the comparison."""
    page.get_by_label("Scenario file (CSV or YAML)").set_input_files(str(path))
    follow(page, page.get_by_role("button", name="Compare scenarios").click)
    return ScenarioComparisonPage(page)


@dataclass
class ScenarioComparisonPage:
    """A scenario file's scenarios beside the baseline, or the problems that stopped them."""

    page: Any

    @property
    def side_by_side(self) -> Any:
        return self.page.get_by_role("table", name="Forecast plans each January")

    def problems(self) -> list[str]:
        summary = self.page.get_by_role("alert")
        return [str(t).strip() for t in summary.get_by_role("listitem").all_inner_texts()]

    def compare_file(self, path: Path) -> ScenarioComparisonPage:
        return compare_scenario_file(self.page, path)
