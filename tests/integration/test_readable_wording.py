"""Numbers and words that read right, on the main pages every role sees: counts without false
decimals, codes spelled out, local authorities and schools by name, and a glossary to explain
the rest (issue #13, item 5)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import sign_in

COUNCIL_ROLES = ("analyst", "partner", "caseworker", "admin")
LA = "354"
MAIN_PAGES = (
    "/",
    f"/areas/{LA}",
    f"/areas/{LA}/indicators/ehc-plans-january",
    f"/areas/{LA}/neighbours",
    "/indicators/ehc-plans-january/all",
    "/scorecard",
    "/scorecard/services",
    "/scorecard/report",
    f"/ehc/?la={LA}",
    f"/ehc/pinch-points?la={LA}",
    f"/forecasts/{LA}",
    f"/forecasts/{LA}/places",
    "/settings/",
    "/settings/990105",  # a made-up school with no organisation in the partnership
    "/glossary",
)
NUMBERED_NAMES = re.compile(r"Local authority \d{3}|Setting \d{6}")
# A count of a thousand or more written with ".0": percentages and rates never reach 1,000, so
# a grouped figure ending ".0" in a table is a count shown with a false decimal ("154,489.0").
FALSE_DECIMAL = re.compile(r"\b\d{1,3}(?:,\d{3})+\.0\b")
# Columns that hold nothing but counts: any decimal point in them is false.
COUNT_HEADERS = re.compile(r"^(Requests received|Plans issued|Places|\d{4})$")
RAW_CODES = frozenset(
    "asd hi mld msi oth pd pmld semh slcn sld spld vi ds nsa need_unknown need unknown "
    "mainstream special independent_special independent special post16 other".split()
)


class _Tables(HTMLParser):
    """Every table cell's text, with the text of its column's header."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[str, str]] = []
        self._headers: list[str] = []
        self._row: list[str] = []
        self._text: list[str] | None = None
        self._in_head = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head, self._headers = True, []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._text = []
        elif tag == "span" and "govuk-visually-hidden" in (dict(attrs).get("class") or ""):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._text is not None:
            text = " ".join("".join(self._text).split())
            if self._in_head:
                self._headers.append(text)
            else:
                column = len(self._row)
                header = self._headers[column] if column < len(self._headers) else ""
                self.cells.append((header, text))
                self._row.append(text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _cells(page: str) -> list[tuple[str, str]]:
    parser = _Tables()
    parser.feed(page)
    return parser.cells


def _get(client: FlaskClient, path: str) -> str:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _measure_pages(client: FlaskClient) -> list[str]:
    return sorted(
        set(re.findall(r'href="(/scorecard/measures/[0-9a-f-]{36})"', _get(client, "/scorecard")))
    )


def _problems(path: str, page: str) -> list[str]:
    found = [f"{path}: {hit}" for hit in NUMBERED_NAMES.findall(page)]
    for header, text in _cells(page):
        if FALSE_DECIMAL.search(text):
            found.append(f"{path}: false decimal in {text!r} ({header})")
        if COUNT_HEADERS.match(header) and re.fullmatch(r"[\d,]+\.\d+", text):
            found.append(f"{path}: count {text!r} under {header!r}")
        if text in RAW_CODES:
            found.append(f"{path}: raw code {text!r} ({header})")
    return found


def _navigation(page: str) -> str:
    found = re.search(r'<nav[^>]*aria-label="Menu".*?</nav>', page, re.S)
    assert found, "no navigation"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


@pytest.mark.parametrize("role", COUNCIL_ROLES)
def test_main_pages_name_places_and_show_counts_and_codes_as_words(app: Flask, role: str) -> None:
    client = app.test_client()
    sign_in(client, role)
    problems = []
    for path in [*MAIN_PAGES, *_measure_pages(client)]:
        problems += _problems(path, _get(client, path))
    assert not problems, "\n".join(problems)


def test_a_school_user_sees_their_school_by_name(client: FlaskClient) -> None:
    sign_in(client, "school")
    page = _get(client, "/settings/")
    assert not _problems("/settings/", page)
    assert "Brookfield Primary School" in page or "Hollins Lane" in page or "Millbrook" in page


@pytest.mark.parametrize("role", COUNCIL_ROLES)
def test_schools_and_settings_are_in_the_navigation_for_council_roles(
    app: Flask, role: str
) -> None:
    client = app.test_client()
    sign_in(client, role)
    assert "Schools and settings" in _navigation(_get(client, "/"))
    listing = _get(client, "/settings/")
    assert '<h1 class="govuk-heading-l">Schools and settings</h1>' in listing
    assert "Ashfield Primary School" in listing  # a made-up school without an organisation


def test_the_glossary_is_public_and_explains_each_term_and_symbol(client: FlaskClient) -> None:
    page = _get(client, "/glossary")
    for anchor in ("ehc-plan", "oba", "sen2", "quartile-band", "statistical-neighbours"):
        assert f'id="{anchor}"' in page, anchor
    for symbol in ("c", "low", "x", "z"):
        assert f'id="symbol-{symbol}"' in page, symbol
    assert "Outcomes-based accountability (OBA)" in page


@pytest.mark.parametrize("path", [f"/ehc/?la={LA}", "/scorecard"])
def test_the_ehc_overview_and_scorecard_link_to_the_glossary(
    client: FlaskClient, path: str
) -> None:
    sign_in(client, "analyst")
    assert 'href="/glossary#' in _get(client, path)


def test_a_target_for_a_percentage_measure_reads_as_a_percentage(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    measures = {path: _get(client, path) for path in _measure_pages(client)}
    within_20_weeks = next(
        page for page in measures.values() if "<title>New EHC plans issued within 20 weeks" in page
    )
    targets = [text for header, text in _cells(within_20_weeks) if header == "Target"]
    assert "45%" in targets  # the demo's 45.0 target, not "45.0"


def test_measure_csvs_carry_figures_as_shown_without_float_noise(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    noisy = re.compile(r"\d\.\d{7,}")  # 23.200000000000003, not 23.2
    for path in _measure_pages(client):
        body = client.get(f"{path}.csv").get_data(as_text=True)
        assert body.count("\n") > 1, path
        assert not noisy.search(body), (path, noisy.search(body))
