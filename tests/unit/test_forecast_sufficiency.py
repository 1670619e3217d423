from pathlib import Path

import polars as pl
import pytest

from sendsight.core.errors import InputRejected
from sendsight.forecasting import (
    forecast_caseload,
    parse_capacity_csv,
    split_to_current_las,
    sufficiency,
)
from sendsight.forecasting.sufficiency import setting_demand
from tests import published

DATA = Path(__file__).parents[1] / "data" / "forecast"


@pytest.fixture(scope="module")
def demand() -> pl.DataFrame:
    return split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 2),
        session=published.session(),
    )


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_capacity_file_with_unknown_setting_bad_year_or_negative_places_is_refused() -> None:
    with pytest.raises(InputRejected) as caught:
        parse_capacity_csv(_read("capacity_bad.csv"), filename="capacity_bad.csv")
    where = [(p.file, p.line, p.column) for p in caught.value.problems]
    assert where == [
        ("capacity_bad.csv", n, c) for n, c in ((3, "setting"), (4, "year"), (5, "places"))
    ]


def test_a_good_capacity_file_is_read_with_whole_places() -> None:
    capacity = parse_capacity_csv(_read("capacity_good.csv"))
    assert capacity.height == 4 and capacity["places"].sum() == 1040
    assert capacity["places"].dtype == pl.Int64 and capacity["note"].to_list() == [""] * 4


def test_chance_of_shortfall_falls_as_places_rise(demand) -> None:  # type: ignore[no-untyped-def]
    need = setting_demand(demand, session=published.session()).filter(
        pl.col("la_code") == "202",
        pl.col("setting") == "special",
        pl.col("need") == "all",
        pl.col("target_year") == 2026,
    )
    places = [need["lower_95"][0], need["point"][0], need["upper_95"][0]]
    capacity = pl.DataFrame(
        {
            "la_code": "202",
            "setting": "special",
            "need": "all",
            "year": [2026] * 3,
            "places": places,
        }
    )
    result = sufficiency(capacity, demand, session=published.session()).sort("places")
    chance = result["p_shortfall"].to_list()
    assert chance[0] > 0.9 and chance[1] == pytest.approx(0.5, abs=0.15) and chance[2] < 0.1
    assert result["surplus"][2] > 0 > result["surplus"][0]
