"""Rank, rank sentence, quartile band and comparators for every local area."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from sendsight.benchmarking import benchmark, benchmark_all
from sendsight.benchmarking.text import Polarity

REGION = "E12000002"


def make_values(
    la_values: dict[str, float | None],
    *,
    symbols: dict[str, str] | None = None,
    england: float | None = 50.0,
    region: float | None = 48.0,
) -> pl.DataFrame:
    symbols = symbols or {}
    rows: list[tuple[str, str, float | None, str | None]] = [
        ("national", "E92000001", england, None),
        ("regional", REGION, region, None),
    ]
    rows += [("la", code, value, symbols.get(code)) for code, value in la_values.items()]
    return pl.DataFrame(
        rows,
        schema={"geographic_level": pl.Utf8, "area_code": pl.Utf8, "value": pl.Float64,
                "symbol": pl.Utf8},
        orient="row",
    )  # fmt: skip


def make_las(codes: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "la_code": codes,
            "la_name": [f"Area {code}" for code in codes],
            "region_code": [REGION] * len(codes),
            "region_name": ["North West"] * len(codes),
        }
    )


def ranks_by_code(table: pl.DataFrame) -> dict[str, int | None]:
    return dict(zip(table["la_code"].to_list(), table["rank"].to_list(), strict=True))


def test_highest_value_ranks_first_when_higher_is_better() -> None:
    values = make_values({"001": 10.0, "002": 30.0, "003": 20.0})
    table = benchmark_all(values, make_las(["001", "002", "003"]), {}, "high_is_good")
    assert ranks_by_code(table) == {"001": 3, "002": 1, "003": 2}


def test_lowest_value_ranks_first_when_lower_is_better() -> None:
    values = make_values({"001": 10.0, "002": 30.0, "003": 20.0})
    table = benchmark_all(values, make_las(["001", "002", "003"]), {}, "low_is_good")
    assert ranks_by_code(table) == {"001": 1, "002": 3, "003": 2}


def test_tied_areas_share_the_better_rank_and_the_next_rank_is_skipped() -> None:
    values = make_values({"001": 40.0, "002": 60.0, "003": 60.0, "004": 30.0})
    table = benchmark_all(values, make_las(["001", "002", "003", "004"]), {}, "high_is_good")
    assert ranks_by_code(table) == {"001": 3, "002": 1, "003": 1, "004": 4}
    labels = dict(zip(table["la_code"], table["rank_label"], strict=True))
    assert labels == {"001": "3rd", "002": "=1st", "003": "=1st", "004": "4th"}


def test_suppressed_and_missing_values_are_not_ranked_or_counted() -> None:
    values = make_values({"001": 10.0, "002": None, "003": 5.0}, symbols={"002": "c"})
    las = make_las(["001", "002", "003", "004"])
    table = benchmark_all(values, las, {}, "high_is_good")
    assert ranks_by_code(table) == {"001": 1, "003": 2, "002": None, "004": None}
    assert set(table["rank_of"].to_list()) == {2}


def test_a_value_flagged_low_reliability_is_still_ranked() -> None:
    values = make_values({"001": 10.0, "002": 20.0}, symbols={"002": "u"})
    table = benchmark_all(values, make_las(["001", "002"]), {}, "high_is_good")
    assert ranks_by_code(table) == {"001": 2, "002": 1}


def test_a_value_with_a_suppression_symbol_beside_it_is_not_ranked() -> None:
    values = make_values({"001": 10.0, "002": 0.0}, symbols={"002": "low"})
    table = benchmark_all(values, make_las(["001", "002"]), {}, "high_is_good")
    assert ranks_by_code(table)["002"] is None


def test_all_las_table_lists_best_rank_first_and_unranked_last() -> None:
    values = make_values({"001": 10.0, "002": None, "003": 30.0})
    table = benchmark_all(values, make_las(["001", "002", "003"]), {}, "high_is_good")
    assert table["la_code"].to_list() == ["003", "001", "002"]


def test_rank_sentence_names_the_area_rank_count_and_polarity() -> None:
    values = make_values({"001": 10.0, "002": 30.0, "003": 20.0})
    result = benchmark("003", values, make_las(["001", "002", "003"]), {}, "high_is_good")
    assert result.rank_sentence == (
        "Area 003 ranks 2nd of 3 local areas with data; higher is better."
    )


def test_rank_sentence_for_neither_polarity_speaks_of_highest_value() -> None:
    values = make_values({"001": 10.0, "002": 30.0, "003": 20.0})
    result = benchmark("003", values, make_las(["001", "002", "003"]), {}, "neither")
    assert result.rank_sentence == (
        "Area 003 has the 2nd highest value of 3 local areas; "
        "neither higher nor lower is better in itself."
    )


def test_rank_sentence_says_why_a_suppressed_area_is_not_ranked() -> None:
    values = make_values({"001": 10.0, "002": None}, symbols={"002": "c"})
    result = benchmark("002", values, make_las(["001", "002"]), {}, "low_is_good")
    assert result.rank is None
    assert "not ranked" in result.rank_sentence
    assert "confidentiality" in result.rank_sentence


def test_england_and_region_values_come_from_their_rows() -> None:
    values = make_values({"001": 10.0}, england=41.5, region=39.25)
    result = benchmark("001", values, make_las(["001"]), {}, "high_is_good")
    assert result.england == 41.5
    assert (result.region.code, result.region.value) == (REGION, 39.25)


def test_neighbour_median_uses_only_neighbours_with_data() -> None:
    values = make_values(
        {"001": 1.0, "002": 10.0, "003": 20.0, "004": None, "005": 40.0},
        symbols={"004": "x"},
    )
    neighbours = {"001": ["002", "003", "004", "005", "999"]}
    las = make_las(["001", "002", "003", "004", "005"])
    result = benchmark("001", values, las, neighbours, "high_is_good")
    assert result.sn_median == 20.0
    assert (result.sn_with_data, result.sn_count) == (3, 5)


def test_neighbour_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    values = make_values({"001": 1.0, "002": 10.0, "003": 20.0, "004": 35.0, "005": 40.0})
    las = make_las(["001", "002", "003", "004", "005"])
    result = benchmark("001", values, las, {"001": ["002", "003", "004", "005"]}, "neither")
    assert result.sn_median == pytest.approx((20.0 + 35.0) / 2)


def test_area_without_neighbours_has_no_median() -> None:
    values = make_values({"001": 1.0, "002": 2.0})
    result = benchmark("001", values, make_las(["001", "002"]), {"002": ["001"]}, "neither")
    assert result.sn_median is None
    assert (result.sn_with_data, result.sn_count) == (0, 0)


def _bands(polarity: Polarity, data: list[float]) -> dict[str, str | None]:
    codes = [f"{i:03d}" for i in range(1, len(data) + 1)]
    values = make_values(dict(zip(codes, data, strict=True)))
    table = benchmark_all(values, make_las(codes), {}, polarity)
    return dict(zip(table["la_code"], table["quartile_band"], strict=True))


EIGHT = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]


def test_band_a_is_the_highest_quarter_when_higher_is_better() -> None:
    bands = _bands("high_is_good", EIGHT)
    assert [bands[f"{i:03d}"] for i in range(1, 9)] == list("DDCCBBAA")


def test_band_a_is_the_lowest_quarter_when_lower_is_better() -> None:
    bands = _bands("low_is_good", EIGHT)
    assert [bands[f"{i:03d}"] for i in range(1, 9)] == list("AABBCCDD")


def test_no_bands_for_neither_polarity_as_in_lait() -> None:
    bands = _bands("neither", EIGHT)
    assert set(bands.values()) == {None}


def test_band_cuts_match_numpy_linear_quantiles() -> None:
    data = [3.0, 7.5, 1.0, 9.0, 4.0, 4.0, 12.0, 6.5, 2.0]
    q25, q50, q75 = np.quantile(data, [0.25, 0.5, 0.75], method="linear")
    bands = _bands("high_is_good", data)
    for i, value in enumerate(data, start=1):
        # LAIT: each quarter is closed at its top cut, so a value on a cut is in the lower band.
        expected = "D" if value <= q25 else "C" if value <= q50 else "B" if value <= q75 else "A"
        assert bands[f"{i:03d}"] == expected


def test_no_quartile_indicator_has_no_bands_and_says_so() -> None:
    values = make_values({f"00{i}": float(i) for i in range(1, 9)})
    las = make_las([f"00{i}" for i in range(1, 9)])
    result = benchmark("001", values, las, {}, "high_is_good", no_quartile=True)
    assert result.quartile_band is None
    assert result.quartile_text == "Quartile bands are not used for this indicator."


def test_fewer_than_four_areas_with_data_get_no_band() -> None:
    bands = _bands("high_is_good", [1.0, 2.0, 3.0])
    assert set(bands.values()) == {None}
