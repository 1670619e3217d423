"""DfE's conventions where users compare (ADR 0502): LAIT's quartile bands, ranks among the
local areas of the period, the neighbours' mean beside their median, totals against sums."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from sendsight.benchmarking import benchmark, benchmark_all, period_las, total_gaps
from sendsight.benchmarking.text import (
    Polarity,
    format_value,
    neighbours_coverage,
    neighbours_label,
    total_note,
)

REGION = "E12000002"
LAIT_BANDS = Path(__file__).parents[1] / "data" / "lait" / "lait_bands.csv"
POLARITY: dict[str, Polarity] = {"High": "high_is_good", "Low": "low_is_good"}
SCHEMA = {
    "geographic_level": pl.Utf8,
    "area_code": pl.Utf8,
    "value": pl.Float64,
    "symbol": pl.Utf8,
    "release_label": pl.Utf8,
}


def values_of(
    la_values: dict[str, float | None], totals: dict[str, float] | None = None
) -> pl.DataFrame:
    rows = [
        ("national" if code == "E92000001" else "regional", code, value, None, "2025")
        for code, value in (totals or {}).items()
    ]
    rows += [("la", code, value, None, "2025") for code, value in la_values.items()]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def las_of(codes: list[str], region: str = REGION) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "la_code": codes,
            "la_name": [f"Area {code}" for code in codes],
            "region_code": [region] * len(codes),
            "region_name": ["North West"] * len(codes),
        }
    )


def bands(polarity: Polarity, data: list[float]) -> list[str | None]:
    codes = [f"{i:03d}" for i in range(1, len(data) + 1)]
    table = benchmark_all(
        values_of(dict(zip(codes, data, strict=True))), las_of(codes), {}, polarity
    )
    found = dict(zip(table["la_code"], table["quartile_band"], strict=True))
    return [found[code] for code in codes]


# --- Quartile bands: LAIT's rule ------------------------------------------------------------

# 1, 2, 3, 3, 3, 4, 5, 5, 5: R's quantile() gives 3, 3 and 5, each cut held by tied values.
TIED = [1.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0, 5.0, 5.0]


def test_a_value_on_a_cut_falls_in_the_band_below_when_higher_is_better() -> None:
    assert list(np.quantile(TIED, [0.25, 0.5, 0.75])) == [3.0, 3.0, 5.0]
    # The three 5s equal the 75th percentile, so LAIT puts them in B, not A; the 3s are D.
    assert bands("high_is_good", TIED) == list("DDDDDBBBB")


def test_a_value_on_a_cut_is_in_the_better_band_when_lower_is_better() -> None:
    assert bands("low_is_good", TIED) == list("AAAAACCCC")


def test_eight_distinct_values_make_two_per_band_either_way() -> None:
    eight = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0]
    assert bands("high_is_good", eight) == list("DDCCBBAA")
    assert bands("low_is_good", eight) == list("AABBCCDD")


def test_no_band_when_neither_direction_is_better_as_in_lait() -> None:
    assert set(bands("neither", [float(v) for v in range(1, 13)])) == {None}
    codes = [f"{i:03d}" for i in range(1, 9)]
    values = values_of({code: float(i) for i, code in enumerate(codes)})
    result = benchmark("001", values, las_of(codes), {}, "neither")
    assert result.quartile_text == (
        "No quartile band: neither higher nor lower is better for this indicator."
    )


@pytest.mark.parametrize(
    ("measure", "year"),
    [
        ("NEW_KS2_RWM_Sen_Withsta", "2025"),
        ("NEW_KS2_RWM_Sen_Withsta", "2019"),
        ("NEW_KS2_RWM_Sen_W/Osta", "2025"),
        ("SEN_Stat_AVG_Attain8_Score", "2025"),
        ("SusEdOverall_SEN_NoStat_incSpec", "2023"),
        ("Age19_SEN-S_L2EM", "2024"),
        ("SEN_EHC_All_20wks", "2024"),
        ("SEN_AppealableDec", "2022"),
        ("SEN_AppealableDec", "2024"),
    ],
)
def test_every_band_matches_lait_on_its_own_data(measure: str, year: str) -> None:
    extract = lait_extract().filter((pl.col("measure") == measure) & (pl.col("year") == year))
    polarity = POLARITY[extract["polarity"][0]]
    codes = extract["la_code"].to_list()
    values = values_of(dict(zip(codes, extract["value"].to_list(), strict=True)))
    table = benchmark_all(values, las_of(codes), {}, polarity)
    ours = dict(zip(table["la_code"], table["quartile_band"], strict=True))
    differ = [code for code, band in zip(codes, extract["lait_band"], strict=True)
              if ours[code] != band]  # fmt: skip
    assert differ == []


def test_the_lait_extract_holds_ties_on_the_cuts() -> None:
    """So the comparison above tests the tie rule: before it, 49 of these 151 local areas were
    a band better than LAIT gives them (KS2, pupils with an EHC plan, 2024/25)."""
    extract = lait_extract().filter(
        (pl.col("measure") == "NEW_KS2_RWM_Sen_Withsta") & (pl.col("year") == "2025")
    )
    cuts = np.quantile(extract["value"].to_numpy(), [0.25, 0.5, 0.75])
    on_a_cut = extract.filter(pl.col("value").is_in(list(cuts)))
    assert extract.height == 151 and on_a_cut.height == 49


def lait_extract() -> pl.DataFrame:
    return pl.read_csv(LAIT_BANDS, schema_overrides={"la_code": pl.Utf8, "year": pl.Utf8})


# --- Ranks among the local areas of the period ----------------------------------------------


def test_a_past_period_is_ranked_among_the_authorities_of_that_period() -> None:
    every = las_of(["100", "200", "300", "909"])  # 909 abolished since; 300 new since
    values = values_of({"100": 50.0, "200": 30.0, "909": 40.0, "300": None})
    las = period_las(values, every, current={"100", "200", "300"})
    assert sorted(las["la_code"]) == ["100", "200", "300", "909"]
    table = benchmark_all(values, las, {}, "high_is_good")
    ranks = dict(zip(table["la_code"], table["rank"], strict=True))
    assert ranks == {"100": 1, "909": 2, "200": 3, "300": None}
    assert set(table["rank_of"]) == {3}


def test_a_former_authority_without_a_figure_is_not_listed() -> None:
    every = las_of(["100", "200", "909"])
    values = values_of({"100": 50.0, "200": 30.0, "909": None})
    assert period_las(values, every, current={"100", "200"})["la_code"].to_list() == ["100", "200"]


# --- The neighbours' figure -------------------------------------------------------------------


def test_neighbours_mean_is_given_beside_their_median() -> None:
    values = values_of({"001": 5.0, "002": 1.0, "003": 2.0, "004": 10.0})
    result = benchmark(
        "001", values, las_of(["001", "002", "003", "004"]), {"001": ["002", "003", "004"]},
        "high_is_good",
    )  # fmt: skip
    assert result.sn_mean == pytest.approx(13.0 / 3)
    assert result.sn_median == 2.0


def test_neighbours_mean_of_a_half_rounds_up_as_the_house_rounds() -> None:
    values = values_of({"001": 1.0, "002": 3538.0, "003": 3539.0})
    result = benchmark("001", values, las_of(["001", "002", "003"]), {"001": ["002", "003"]},
                       "neither")  # fmt: skip
    assert result.sn_mean == 3538.5
    assert format_value(3538.5, decimals=0) == "3,539"


def test_neighbours_mean_keeps_the_decimal_figure_a_sum_blurs() -> None:
    values = values_of({"001": 1.0, "002": 46.44, "003": 46.45, "004": 46.46})
    result = benchmark("001", values, las_of(["001", "002", "003", "004"]),
                       {"001": ["002", "003", "004"]}, "neither")  # fmt: skip
    assert sum([46.44, 46.45, 46.46]) / 3 != 46.45  # what a plain mean gives
    assert result.sn_mean == 46.45
    assert format_value(result.sn_mean, decimals=1) == "46.5"


def test_neighbours_label_says_what_the_figure_is() -> None:
    assert neighbours_label(10) == "Statistical neighbours (mean of 10)"
    assert neighbours_coverage(8, 10) == (
        "The statistical neighbours' mean and median are of the 8 of 10 neighbours with a figure."
    )
    assert neighbours_coverage(10, 10) is None


# --- Totals against the sum of the local areas shown ----------------------------------------


def test_a_region_total_that_is_not_the_sum_of_its_areas_is_reported() -> None:
    values = values_of({"001": 3000.0, "002": 3109.0},
                       totals={REGION: 6078.0, "E92000001": 6109.0})  # fmt: skip
    gaps = total_gaps(values, las_of(["001", "002"]), decimals=0)
    assert [(g.area_code, g.total, g.la_sum) for g in gaps] == [(REGION, 6078.0, 6109.0)]


def test_a_total_is_not_reported_when_the_sum_agrees_once_rounded() -> None:
    values = values_of({"001": 1.2, "002": 2.2}, totals={REGION: 3.4})
    assert total_gaps(values, las_of(["001", "002"]), decimals=0) == []


def test_the_note_names_both_figures_and_where_they_come_from() -> None:
    note = total_note("Yorkshire and The Humber", 6078.0, "2025", 6109.0,
                      ("2025 sendsight correction",), without_figure=1)  # fmt: skip
    assert note == (
        "Yorkshire and The Humber's total is 6,078 (2025 release); the figures of its local "
        "areas shown add up to 6,109 (from the 2025 sendsight correction release). 1 local area "
        "has no figure to add."
    )
