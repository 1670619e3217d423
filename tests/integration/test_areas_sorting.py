"""The all-areas table's sort links and period selector, followed as a visitor would follow them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from tests.integration.test_areas_pages import (
    KEY_INDICATOR,
    LA,
    get_ok,
    html_table,
    page_tree,
    shown_number,
    text_of,
)

ALL = f"/indicators/{KEY_INDICATOR}/all"
COLUMNS = {"rank": "Rank", "name": "Local area", "region": "Region", "value": "Value"}


def _rank(label: str) -> int | None:
    match = re.fullmatch(r"=?(\d+)(st|nd|rd|th)", label)
    return int(match.group(1)) if match else None


def _sort_key(column: str, row: list[Any]) -> Any:
    """The value a row is sorted on, or None when it has no figure (sorted last either way)."""
    if column == "rank":
        return _rank(text_of(row[0]))
    if column == "name":
        return text_of(row[1])
    if column == "region":
        return text_of(row[2])
    value = shown_number(text_of(row[3]))
    return value if isinstance(value, float) else None


def assert_sorted(rows: list[list[Any]], column: str, descending: bool) -> None:
    """Rows are in ``column`` order (ties by area name, A to Z), rows without a value last."""
    keys: list[tuple[Any, str]] = [(_sort_key(column, r), text_of(r[1])) for r in rows]
    present = [k for k in keys if k[0] is not None]
    assert keys[: len(present)] == present, "rows without a value must come last"
    assert len({k[0] for k in present}) > 1, f"nothing to sort on in {column}"
    expected = sorted(present, key=lambda k: k[1])
    expected.sort(key=lambda k: k[0], reverse=descending)  # stable: names stay A to Z in ties
    assert present == expected


def header_links(body: str) -> dict[str, str]:
    """Each sortable column's link, by column key."""
    tree = page_tree(body)
    table = next(t for t in tree.findall(".//table") if t.get("id") == "all-areas")
    links = {text_of(a).split(" (sorted")[0].rstrip(" ▲▼"): a.get("href")
             for a in table.findall("./thead/tr/th/a")}  # fmt: skip
    return {key: links[title] for key, title in COLUMNS.items()}


def query_of(href: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(href).query).items()}


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("column", sorted(COLUMNS))
def test_table_is_in_the_order_asked_for(client: FlaskClient, column: str, order: str) -> None:
    _, rows = html_table(get_ok(client, f"{ALL}?sort={column}&order={order}"), "all-areas")
    assert_sorted(rows, column, order == "desc")


@pytest.mark.parametrize("column", sorted(COLUMNS))
def test_a_column_link_sorts_ascending_then_the_same_link_reverses_it(
    client: FlaskClient, column: str
) -> None:
    first = header_links(get_ok(client, ALL))[column]
    body = get_ok(client, first)
    if column != "rank":  # the default order is by rank, ascending: its link reverses it at once
        assert query_of(first)["order"] == "asc"
        assert_sorted(html_table(body, "all-areas")[1], column, descending=False)
        body = get_ok(client, header_links(body)[column])
    assert_sorted(html_table(body, "all-areas")[1], column, descending=True)
    back = header_links(body)[column]
    assert query_of(back)["order"] == "asc"


def test_the_sorted_column_says_so_to_screen_reader_users(client: FlaskClient) -> None:
    body = get_ok(client, f"{ALL}?sort=value&order=desc")
    titles, _ = html_table(body, "all-areas")
    assert "Value (sorted descending) ▼" in titles
    assert [t for t in titles if "sorted" in t] == ["Value (sorted descending) ▼"]


def test_sort_links_keep_the_period_and_the_highlighted_area(client: FlaskClient) -> None:
    periods = _period_codes(get_ok(client, ALL))
    earlier = periods[-1]
    body = get_ok(client, f"{ALL}?period={earlier}&la={LA}")
    for href in header_links(body).values():
        query = query_of(href)
        assert query["period"] == earlier and query["la"] == LA


def test_unknown_sort_is_refused_with_a_400_naming_the_parameter(client: FlaskClient) -> None:
    response = client.get(f"{ALL}?sort=la_code;drop&order=asc")
    assert response.status_code == 400
    assert "sort=la_code;drop" in response.get_data(as_text=True)


def test_highlighted_area_is_marked_in_the_table(client: FlaskClient) -> None:
    _, rows = html_table(get_ok(client, f"{ALL}?la={LA}"), "all-areas")
    strong = [text_of(r[1]) for r in rows if r[1].find(".//strong") is not None]
    assert strong == ["Rochdale"]


# --- The period selector --------------------------------------------------------------------------


def _period_codes(body: str) -> list[str]:
    """The selector's options, as listed (newest first)."""
    select = page_tree(body).find(".//select[@name='period']")
    return [option.get("value") for option in select.findall("option")]


def _selected(body: str) -> str:
    select = page_tree(body).find(".//select[@name='period']")
    chosen = [o.get("value") for o in select.findall("option") if o.get("selected") is not None]
    assert len(chosen) == 1
    return str(chosen[0])


def test_period_selector_lists_periods_newest_first_with_the_shown_one_chosen(
    client: FlaskClient,
) -> None:
    body = get_ok(client, ALL)
    codes = _period_codes(body)
    assert len(codes) > 1 and codes == sorted(codes, reverse=True)
    assert _selected(body) == codes[0]


def test_choosing_a_period_shows_that_period_in_the_table_and_csv(client: FlaskClient) -> None:
    latest = get_ok(client, ALL)
    earlier = _period_codes(latest)[-1]
    body = get_ok(client, f"{ALL}?period={earlier}")
    assert _selected(body) == earlier
    caption = text_of(page_tree(body).find(".//table[@id='all-areas']/caption"))
    assert caption != text_of(page_tree(latest).find(".//table[@id='all-areas']/caption"))
    link = next(a.get("href") for a in page_tree(body).findall(".//a")
                if text_of(a) == "Download this table as CSV")  # fmt: skip
    assert query_of(link)["period"] == earlier


def test_period_form_keeps_the_chosen_sort_and_order(client: FlaskClient) -> None:
    body = get_ok(client, f"{ALL}?sort=value&order=desc")
    forms = page_tree(body).findall(".//form")
    form = next(f for f in forms if f.find(".//select[@name='period']") is not None)
    hidden = {i.get("name"): i.get("value") for i in form.findall(".//input[@type='hidden']")}
    assert hidden.get("sort") == "value"
    assert hidden.get("order") == "desc", "changing the period would lose the descending order"
