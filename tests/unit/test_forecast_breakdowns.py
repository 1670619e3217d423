import polars as pl
import pytest

from sendsight.forecasting import (
    breakdown_by_need,
    breakdown_by_placement,
    forecast_caseload,
    split_to_current_las,
)
from tests import published


@pytest.fixture(scope="module")
def total() -> pl.DataFrame:
    return split_to_current_las(
        forecast_caseload(published.history(published.small_caseload_panel()), 2025, 2),
        session=published.session(),
    )


@pytest.mark.parametrize("split", [breakdown_by_placement, breakdown_by_need])
def test_parts_add_up_to_the_total_forecast_for_every_bound(total, split) -> None:  # type: ignore[no-untyped-def]
    cols = ["point", "lower_80", "upper_80", "lower_95", "upper_95"]
    summed = (
        split(total, session=published.session())
        .group_by("la_code", "target_year")
        .agg(pl.col(cols).sum())
    )
    both = total.join(summed, on=["la_code", "target_year"], suffix="_sum")
    assert both.height == total.height
    for col in cols:
        assert (both[col] - both[f"{col}_sum"]).abs().max() < 1e-6


def test_placement_groups_are_the_five_named_in_the_issue(total) -> None:  # type: ignore[no-untyped-def]
    parts = set(breakdown_by_placement(total, session=published.session())["part"].unique())
    assert parts == {"mainstream", "special", "independent_special", "post16", "other"}
