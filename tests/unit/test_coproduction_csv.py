"""The co-production CSV: every problem found by line and column, activities merged by key."""

from __future__ import annotations

from datetime import date

import pytest

from sendsight.coproduction.csvfile import COLUMNS, parse_csv
from sendsight.core.errors import InputRejected

HEADER = ",".join(COLUMNS)
GOOD = (
    "a1,2026-03-04,Forum,forum,co_design,co_design,Forum; Council,easy_read; bsl,"
    "parents_carers:all=12; age_band:11-15=4; need:ASD=3,s1,Reviews,Reviews are paperwork,"
    "will,One-page profiles,2026-09-30,Head of SEND,in_progress,2026-04-01,cyp_listened"
)


def _parse(*rows: str) -> list:  # type: ignore[type-arg]
    return parse_csv(
        "\n".join((HEADER, *rows)) + "\n", filename="log.csv", measure_ids={"cyp_listened": "m-1"}
    )


def _problems(*rows: str) -> list[tuple[int | None, str | None]]:
    with pytest.raises(InputRejected) as caught:
        _parse(*rows)
    return [(p.line, p.column) for p in caught.value.problems]


def test_a_good_row_becomes_an_activity_with_counts_and_an_answered_item() -> None:
    [activity] = _parse(GOOD)
    assert activity.held_on == date(2026, 3, 4)
    assert activity.partners == ("Forum", "Council")
    assert activity.counts == {
        ("parents_carers", "all"): 12,
        ("age_band", "11-15"): 4,
        ("need", "ASD"): 3,
    }
    [item] = activity.themes
    assert (item.response_kind, item.will_by_on, item.measure_id) == (
        "will",
        date(2026, 9, 30),
        "m-1",
    )


def test_rows_sharing_an_activity_key_add_items_to_one_activity() -> None:
    second = GOOD.replace(",s1,Reviews,", ",s2,Transport,")
    [activity] = _parse(GOOD, second)
    assert [t.key for t in activity.themes] == ["s1", "s2"]


def test_every_bad_cell_is_reported_with_its_line_and_column() -> None:
    bad = (
        GOOD.replace("2026-03-04", "2026-02-30")
        .replace(",forum,", ",chat,")
        .replace("age_band:11-15", "age_band:11-14")
        .replace("cyp_listened", "nope")
    )
    assert _problems(GOOD, bad) == [
        (3, "held_on"),
        (3, "method"),
        (3, "participants"),
        (3, "measure_key"),
    ]


def test_a_promise_needs_its_date_and_a_refusal_its_reason() -> None:
    no_date = GOOD.replace("2026-09-30", "")
    no_reason = GOOD.replace(",s1,", ",s2,").replace("will,One-page profiles", "cannot,")
    assert _problems(no_date, no_reason) == [(2, "will_by_on"), (3, "response")]


def test_an_activity_whose_rows_disagree_is_refused() -> None:
    other = GOOD.replace(",s1,", ",s2,").replace(",Forum,forum,", ",Another,forum,")
    assert _problems(GOOD, other) == [(3, "title")]


def test_a_repeated_item_key_and_unknown_columns_are_refused() -> None:
    assert _problems(GOOD, GOOD) == [(3, "said_key")]
    with pytest.raises(InputRejected) as caught:
        parse_csv(HEADER + ",colour\n", filename="log.csv", measure_ids={})
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "colour")]


def test_an_unpublishable_response_is_refused() -> None:
    unanswered = GOOD.replace("will,One-page profiles,2026-09-30", ",,")
    assert _problems(unanswered) == [(2, "published_on")]
