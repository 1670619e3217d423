"""Pure rules of the directory: query-string filters, search words, ages, pages, dates."""

from __future__ import annotations

from datetime import date

import pytest

from sendsight.core.errors import InputRejected
from sendsight.directory import filters, oruk, search
from sendsight.directory.exchange import services_in
from sendsight.directory.freshness import months_before
from sendsight.directory.taxonomies import bands_for, term_id


def test_search_strings_become_plain_words_whatever_syntax_they_hold() -> None:
    assert search.words('autism" OR 1=1; -- NEAR(x*) %_') == ["autism", "or", "1", "1", "near", "x"]
    assert search.words("") == []
    assert len(search.words("a " * 50)) == search.MAX_WORDS


@pytest.mark.parametrize("per_page", ["0", "-3", "201", "ten", "2.5"])
def test_per_page_outside_1_to_200_is_refused_naming_it(per_page: str) -> None:
    with pytest.raises(InputRejected) as refused:
        filters.paging({"per_page": per_page})
    assert refused.value.problems[0].column == "per_page"


def test_paging_defaults_to_page_1_of_50() -> None:
    assert filters.paging({}) == filters.Paging(1, 50)


def test_oruk_filters_read_every_parameter_and_name_each_bad_one() -> None:
    term = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    query = filters.oruk_query({"taxonomy_term_id": term, "minimum_age": "5", "day": "saturday",
                                "start_time": "09:00", "search": "swim"})  # fmt: skip
    assert (query.term_ids, query.minimum_age, query.day, query.start_time) == (
        (term,),
        5.0,
        "SA",
        "09:00",
    )
    with pytest.raises(InputRejected) as refused:
        filters.oruk_query({"taxonomy_id": "x", "day": "someday", "end_time": "25:00",
                            "maximum_age": "-1", "modified_after": "yesterday"})  # fmt: skip
    assert {p.column for p in refused.value.problems} == {
        "taxonomy_id", "day", "end_time", "maximum_age", "modified_after"
    }  # fmt: skip


def test_the_page_object_follows_orUK_consistency_rules() -> None:
    last = oruk.page([{}] * 3, total=43, number=5, per_page=10)
    assert (last["total_pages"], last["last_page"], last["first_page"], last["size"]) == (
        5, True, False, 3
    )  # fmt: skip
    empty = oruk.page([], total=0, number=1, per_page=10)
    assert empty["empty"] and empty["total_pages"] == 1 and empty["first_page"]


def test_age_bands_are_those_a_range_overlaps() -> None:
    assert bands_for(4, 11) == ["0-4", "5-10", "11-15"]
    assert bands_for(None, None) == ["0-4", "5-10", "11-15", "16-19", "20-25"]


def test_term_ids_are_stable_per_partnership_and_differ_between_them() -> None:
    assert term_id("p1", "need", "ASD") == term_id("p1", "need", "ASD")
    assert term_id("p1", "need", "ASD") != term_id("p2", "need", "ASD")


def test_months_before_keeps_the_day_or_uses_the_months_last() -> None:
    assert months_before(date(2026, 12, 3), 6) == date(2026, 6, 3)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)


def test_a_feed_may_be_a_package_a_page_or_pages() -> None:
    service = {"id": "x"}
    assert services_in([service]) == [service]
    assert services_in({"contents": [service]}) == [service]
    assert services_in([{"contents": [service]}, {"contents": [service]}]) == [service, service]


def test_empty_optional_fields_are_left_out_of_orUK_json() -> None:
    assert oruk._clean({"a": None, "b": "", "c": [], "d": 0, "e": "x"}) == {"d": 0, "e": "x"}
