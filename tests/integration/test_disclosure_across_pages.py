"""Disclosure holds across pages: a crawl of the demo as readers without case-level access.

For each reader, every EHC and settings page and CSV is fetched (every year the pages offer),
its tables parsed, and every *line* a reader can form is checked: a row or column of a table
against its own total, and a row against a total the same reader is shown elsewhere (the
overview's yearly requests received and plans issued, in its table and CSV). A line whose only
unknown is one hidden cell gives that cell away; so does one whose hidden cells can add up to
less than the threshold (each is at least 1). Both must never happen (docs/decisions/0301).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser

from flask.testing import FlaskClient

from sendsight.disclosure import SYMBOLS
from tests.conftest import sign_in

LA = "354"
THRESHOLD = 5


class _Tables(HTMLParser):
    """Every ``<table>`` of a page as rows of cell text (header cells included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(client: FlaskClient, path: str) -> list[list[list[str]]]:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = _Tables()
    parser.feed(response.get_data(as_text=True))
    return parser.tables


def csv_rows(client: FlaskClient, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv", path
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return [row for row in csv.reader(io.StringIO(text)) if row and not row[0].startswith("Note")]


def number(text: str) -> int | None:
    """A shown count, or None for a symbol."""
    if text in SYMBOLS:
        return None
    return int(text.replace(",", ""))


@dataclass
class Audit:
    """What a reader could work out: lines checked and the hidden cells they give away."""

    tables: int = 0
    suppressed: int = 0
    lines: int = 0
    recoverable: list[str] = field(default_factory=list)

    def table(self, cells: list[str]) -> None:
        hidden = sum(cell == "c" for cell in cells)
        if hidden:
            self.tables += 1
            self.suppressed += hidden

    def line(self, where: str, cells: list[str], total: str | int | None) -> None:
        """Check ``cells`` against ``total`` (a cell's text, a known figure, or None: unknown)."""
        if total is None or not any(cell == "c" for cell in cells):
            return
        self.lines += 1
        known_total = total if isinstance(total, int) else number(total)
        unknown = [cell for cell in cells if number(cell) is None]
        shown = sum(n for cell in cells if (n := number(cell)) is not None)
        if known_total is None:
            if not unknown:
                self.recoverable.append(f"{where}: the hidden total is the sum of its parts")
            return
        if len(unknown) == 1:
            self.recoverable.append(f"{where}: {unknown[0]} = {known_total - shown}")
        elif all(cell == "c" for cell in unknown) and known_total - shown < THRESHOLD:
            self.recoverable.append(f"{where}: hidden cells add up to {known_total - shown}")


def overview_totals(client: FlaskClient) -> tuple[dict[int, int], dict[int, int]]:
    """Requests received and plans issued per year, as figures, from the overview's table and
    its CSV (which must agree)."""
    rows = csv_rows(client, f"/ehc/timeliness.csv?la={LA}")
    assert rows[0][1:3] == ["Requests received", "Plans issued"]
    page = next(t for t in html_tables(client, f"/ehc/?la={LA}") if t[0][:3] == rows[0][:3])
    assert [r[:3] for r in page[1:]] == [r[:3] for r in rows[1:]]
    requests = {int(r[0]): n for r in rows[1:] if (n := number(r[1])) is not None}
    plans = {int(r[0]): n for r in rows[1:] if (n := number(r[2])) is not None}
    return requests, plans


def audit_partner(client: FlaskClient) -> Audit:
    audit = Audit()
    requests, plans = overview_totals(client)
    # Plans by month (the CSV has every month; the page the latest 36, the same figures).
    monthly = csv_rows(client, f"/ehc/monthly.csv?la={LA}")[1:]
    by_month = {r[0]: r[1] for r in monthly}
    page = next(t for t in html_tables(client, f"/ehc/?la={LA}") if t[0][0] == "Month")
    assert all(by_month[r[0]] == r[1] for r in page[1:])
    audit.table([r[1] for r in monthly])
    for year in sorted({int(month[:4]) for month in by_month}):
        cells = [cell for month, cell in by_month.items() if month.startswith(f"{year}-")]
        audit.line(f"plans issued by month, {year}", cells, plans.get(year))
    # Pinch points: every year offered, page and CSV.
    first = client.get(f"/ehc/pinch-points?la={LA}").get_data(as_text=True)
    years = [int(y) for y in re.findall(r'<option value="(\d{4})"', first)]
    assert years, "the pinch points page offers no year"
    for year in years:
        rows = csv_rows(client, f"/ehc/pinch-points.csv?la={LA}&year={year}")
        page = html_tables(client, f"/ehc/pinch-points?la={LA}&year={year}")[0]
        assert page == rows, f"pinch points {year}: the page and its CSV differ"
        audit.table([cell for row in rows[1:] for cell in row[1:]])
        for row in rows[1:]:
            audit.line(f"pinch points {year}, {row[0]}", row[1:], plans.get(year))
    # Every setting's page and CSV, and across settings against the LA's totals.
    index = client.get("/settings/").get_data(as_text=True)
    urns = re.findall(r'href="/settings/(\d{6})"', index)
    assert urns, "no setting is listed"
    settings = {urn: audit_setting(client, urn, audit) for urn in urns}
    for year in sorted({year for rows in settings.values() for year in rows}):
        found = [rows[year] for rows in settings.values() if year in rows]
        audit.line(f"requests received at every setting, {year}", [r[1] for r in found],
                   requests.get(year))  # fmt: skip
        audit.line(f"plans issued at every setting, {year}", [r[5] for r in found],
                   plans.get(year))  # fmt: skip
    return audit


def audit_setting(client: FlaskClient, urn: str, audit: Audit) -> dict[int, list[str]]:
    """Check one setting's page and CSV; its rows by year (as in the CSV)."""
    rows = csv_rows(client, f"/settings/{urn}/figures.csv")
    assert rows[0][:2] == ["Year", "Requests received"]
    page = html_tables(client, f"/settings/{urn}")
    shown = [r[1:] for table in page for r in table[1:]]
    assert shown == [r[1:5] for r in rows[1:]] + [r[5:] for r in rows[1:]], urn
    audit.table([cell for row in rows[1:] for cell in row[1:6]])
    for row in rows[1:]:
        audit.line(f"setting {urn}, {row[0]}: requests by decision", row[2:5], row[1])
    return {int(row[0]): row for row in rows[1:]}


def audit_school(client: FlaskClient) -> Audit:
    audit = Audit()
    assert client.get(f"/ehc/?la={LA}").status_code == 403  # no LA totals for a school
    own = client.get("/settings/").location.rsplit("/", 1)[-1]
    audit_setting(client, own, audit)
    return audit


def _report(database: str, role: str, audit: Audit) -> None:
    sys.stdout.write(
        f"\n[{database}] {role}: {audit.tables} tables with hidden cells, {audit.suppressed} "
        f"hidden cells, {audit.lines} lines checked, {len(audit.recoverable)} recoverable\n"
    )


def test_no_hidden_cell_can_be_worked_out_as_a_partner(
    client: FlaskClient, seeded_url: str
) -> None:
    sign_in(client, "partner")
    audit = audit_partner(client)
    _report(seeded_url.split(":", 1)[0], "partner", audit)
    assert audit.tables and audit.lines
    assert audit.recoverable == []


def test_no_hidden_cell_can_be_worked_out_as_a_school(client: FlaskClient, seeded_url: str) -> None:
    sign_in(client, "school")
    audit = audit_school(client)
    _report(seeded_url.split(":", 1)[0], "school", audit)
    assert audit.recoverable == []


def test_rochdale_2024_decision_to_last_advice_no_longer_gives_its_hidden_cell_away(
    client: FlaskClient,
) -> None:
    """Issue #13: the row read ``c,43,72,118,243,0,…``, the overview 480 plans issued, so
    ``c`` was 4. The row now hides a second cell, so it has two unknowns."""
    sign_in(client, "partner")
    _, plans = overview_totals(client)
    rows = csv_rows(client, f"/ehc/pinch-points.csv?la={LA}&year=2024")
    row = next(r for r in rows if r[0] == "Decision to last advice received")
    assert row[1] == "c" and plans[2024] == 480
    assert sum(number(cell) is None for cell in row[1:]) >= 2
    audit = Audit()
    audit.line("pinch points 2024", row[1:], plans[2024])
    assert audit.recoverable == []
