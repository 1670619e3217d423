"""Local area pages and their CSV files, on SQLite and PostgreSQL: each page answers, each CSV
holds exactly the figures of the table beside it, and unknown things are "Page not found"."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import html5lib
import pytest
from flask.testing import FlaskClient

from sendsight.benchmarking.text import ordinal
from sendsight.statistics.registry import list_indicators

LA, LA_NAME, FORMER_LA = "354", "Rochdale", "836"  # 836: Poole, merged into BCP in April 2019
INDICATOR_IDS = [i.id for i in list_indicators()]
KEY_INDICATOR = "pct-20-weeks-excl-exceptions"


# --- Reading pages and files ------------------------------------------------------------------


def page_tree(body: str) -> Any:
    """A page as an element tree (HTML namespace dropped)."""
    return html5lib.parse(body, namespaceHTMLElements=False)


def text_of(element: Any) -> str:
    """An element's text as a reader sees it: visually hidden text included, spaces collapsed."""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def html_table(body: str, table_id: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """A table's column titles and its body rows (each cell an element)."""
    tree = page_tree(body)
    tables = tree.findall(".//table")
    table = next(t for t in tables if table_id is None or t.get("id") == table_id)
    titles = [text_of(th) for th in table.findall("./thead/tr/th")]
    rows = [list(tr) for tr in table.findall("./tbody/tr")]
    return titles, rows


def csv_rows(body: str) -> list[list[str]]:
    """A CSV file's rows, header first (a UTF-8 byte order mark is ignored)."""
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def shown_number(text: str) -> float | str:
    """A figure as shown on a page (``46.4%``, ``1,234``) as a number; a symbol or a note stays
    text as shown."""
    cleaned = text.replace(",", "").replace("%", "").strip()
    return float(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else text.strip()


def csv_number(text: str) -> float | str:
    """A CSV figure as a number; a symbol stays text."""
    return float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else text


def get_ok(client: FlaskClient, url: str, mimetype: str = "text/html") -> str:
    """The body of a page that must answer 200 with ``mimetype``."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} -> {response.status_code}"
    assert response.mimetype == mimetype, f"{url} is {response.mimetype}"
    return response.get_data(as_text=True)


def assert_table_matches_csv(cells: list[list[Any]], records: list[list[str]]) -> None:
    """Each indicator-table row equals the CSV row: the period, then each figure."""
    assert len(cells) == len(records) > 0
    for row, record in zip(cells, records, strict=True):
        assert text_of(row[0]) == record[0]
        assert [shown_number(text_of(c)) for c in row[1:]] == [csv_number(v) for v in record[1:]]


# --- Pages answer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/areas", f"/areas/{LA}", f"/areas/{LA}/neighbours", "/indicators", "/data-sources",
     "/accessibility", "/cookies", "/privacy"],
)  # fmt: skip
def test_public_page_answers_with_a_page(client: FlaskClient, url: str) -> None:
    assert "<h1" in get_ok(client, url)


def test_overview_links_to_each_key_indicator_and_every_link_works(client: FlaskClient) -> None:
    body = get_ok(client, f"/areas/{LA}")
    links = {a.get("href") for a in page_tree(body).findall(".//a")}
    indicator_links = sorted(h for h in links if h and h.startswith(f"/areas/{LA}/indicators/"))
    assert len(indicator_links) >= 6
    for href in indicator_links:
        get_ok(client, href)


def test_indicators_page_links_to_an_all_areas_table_for_every_indicator(
    client: FlaskClient,
) -> None:
    tree = page_tree(get_ok(client, "/indicators"))
    hrefs = [a.get("href") for a in tree.findall(".//table//a")]
    assert hrefs == [f"/indicators/{ident}/all" for ident in INDICATOR_IDS]
    for href in hrefs:
        get_ok(client, href)


@pytest.mark.parametrize("indicator_id", INDICATOR_IDS)
def test_indicator_csv_holds_exactly_the_indicator_table(
    client: FlaskClient, indicator_id: str
) -> None:
    page = get_ok(client, f"/areas/{LA}/indicators/{indicator_id}")
    response = client.get(f"/areas/{LA}/indicators/{indicator_id}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    records = csv_rows(response.get_data(as_text=True))
    titles, cells = html_table(page, "figures")
    assert records[0][0] == "period" and records[0][1] == titles[1] == LA_NAME
    assert_table_matches_csv(cells, records[1:])


def _all_areas_record(row: list[Any]) -> list[object]:
    """What one all-areas table row says, in the CSV's terms."""
    href = row[1].find(".//a").get("href")
    code = re.fullmatch(r"/areas/(\d{3})/indicators/[\w-]+", href)
    assert code, href
    return [code.group(1), text_of(row[1]), text_of(row[2]), shown_number(text_of(row[3])),
            text_of(row[0]), text_of(row[4])]  # fmt: skip


def _csv_record(record: dict[str, str]) -> list[object]:
    rank = record["rank"]
    label = ("=" if record["tied"] == "yes" else "") + ordinal(int(rank)) if rank else ""
    return [record["la_code"], record["la_name"], record["region"], csv_number(record["value"]),
            label, record["quartile_band"]]  # fmt: skip


def all_areas_pairs(
    client: FlaskClient, query: str
) -> tuple[list[list[object]], list[list[object]]]:
    """The all-areas table and its CSV download (the page's own link), row by row, comparable."""
    page = get_ok(client, f"/indicators/{KEY_INDICATOR}/all{query}")
    link = next(a.get("href") for a in page_tree(page).findall(".//a")
                if text_of(a) == "Download this table as CSV")  # fmt: skip
    body = get_ok(client, link, "text/csv")
    records = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    _, rows = html_table(page, "all-areas")
    return [_all_areas_record(r) for r in rows], [_csv_record(r) for r in records]


@pytest.mark.parametrize("query", ["", "?sort=name&order=desc", "?sort=value&order=asc"])
def test_all_areas_csv_holds_exactly_the_table_in_the_order_shown(
    client: FlaskClient, query: str
) -> None:
    table, records = all_areas_pairs(client, query)
    assert len(table) > 100
    assert table == records


def test_every_all_areas_csv_row_names_the_period_in_the_caption(client: FlaskClient) -> None:
    page = get_ok(client, f"/indicators/{KEY_INDICATOR}/all")
    caption = text_of(page_tree(page).find(".//table[@id='all-areas']/caption"))
    body = get_ok(client, f"/indicators/{KEY_INDICATOR}/all.csv", "text/csv")
    periods = {r["period"] for r in csv.DictReader(io.StringIO(body.removeprefix("\ufeff")))}
    assert len(periods) == 1 and caption.endswith(periods.pop())


def test_neighbours_page_lists_the_area_then_its_ten_neighbours(client: FlaskClient) -> None:
    _, rows = html_table(get_ok(client, f"/areas/{LA}/neighbours"))
    names = [text_of(r[1]) for r in rows]
    assert names[0] == LA_NAME and len(names) == 11 and LA_NAME not in names[1:]
    assert [text_of(r[0]) for r in rows] == ["This area", *[str(n) for n in range(1, 11)]]


def test_csv_downloads_start_with_a_byte_order_mark_so_excel_reads_utf8(
    client: FlaskClient,
) -> None:
    # `sendsight.core.safe_io.write_csv`: "Encode as UTF-8 (with a BOM for Excel) when sending".
    for url in (
        f"/areas/{LA}/indicators/{KEY_INDICATOR}.csv",
        f"/indicators/{KEY_INDICATOR}/all.csv",
    ):
        assert client.get(url).get_data().startswith(b"\xef\xbb\xbf"), url


# --- Finding an area ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [LA_NAME, LA_NAME.upper(), LA])
def test_search_with_one_match_goes_straight_to_the_area(client: FlaskClient, query: str) -> None:
    response = client.get("/areas", query_string={"q": query})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/areas/{LA}")


def test_search_with_several_matches_lists_them(client: FlaskClient) -> None:
    body = get_ok(client, "/areas?q=North")
    heading = next(text_of(h) for h in page_tree(body).findall(".//h2") if "match" in text_of(h))
    count = int(heading.split()[0])
    assert count > 1 and "‘North’" in heading


def test_search_with_no_match_says_so_and_offers_the_full_list(client: FlaskClient) -> None:
    body = get_ok(client, "/areas?q=Atlantis")
    assert "0 areas match ‘Atlantis’" in body
    assert "Check the spelling" in body and f'href="/areas/{LA}"' in body


# --- Not found ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/areas/999", "/areas/abc", f"/areas/{FORMER_LA}", "/areas/999/neighbours",
     f"/areas/999/indicators/{KEY_INDICATOR}", f"/areas/999/indicators/{KEY_INDICATOR}.csv",
     f"/areas/{LA}/indicators/no-such-indicator", f"/areas/{LA}/indicators/no-such-indicator.csv",
     "/indicators/no-such-indicator/all", "/indicators/no-such-indicator/all.csv",
     f"/indicators/{KEY_INDICATOR}/all?period=1990",
     f"/indicators/{KEY_INDICATOR}/all.csv?period=1990",
     "/no-such-page"],
)  # fmt: skip
def test_unknown_area_indicator_or_period_is_page_not_found(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.get_data(as_text=True)


@pytest.mark.parametrize("period", ["not-a-period", "2024/27", "%00"])
def test_a_malformed_period_is_a_client_error_not_a_crash(client: FlaskClient, period: str) -> None:
    response = client.get(f"/indicators/{KEY_INDICATOR}/all", query_string={"period": period})
    assert response.status_code in (400, 404)
    assert response.mimetype == "text/html"
