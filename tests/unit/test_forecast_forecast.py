import polars as pl
import pytest

from sendsight.forecasting import ForecastError, forecast_caseload, shipped, split_to_current_las


def test_truncating_the_panel_after_the_origin_gives_identical_forecasts() -> None:
    panel = shipped.caseload_panel()
    full = forecast_caseload(panel, 2021, 3)
    cut = forecast_caseload(panel.filter(pl.col("year") <= 2021), 2021, 3)
    assert full.equals(cut)


def test_changing_a_later_year_does_not_change_the_forecast() -> None:
    panel = shipped.caseload_panel()
    changed = panel.with_columns(
        pl.when(pl.col("year") > 2020).then(pl.col("value") * 3).otherwise(pl.col("value"))
    )
    assert forecast_caseload(panel, 2020, 2).equals(forecast_caseload(changed, 2020, 2))


def test_intervals_are_nested_around_the_point_and_widen_with_horizon() -> None:
    fc = forecast_caseload(shipped.caseload_panel(), 2025, 3)
    assert (fc["lower_95"] <= fc["lower_80"]).all() and (fc["upper_80"] <= fc["upper_95"]).all()
    assert ((fc["lower_80"] <= fc["point"]) & (fc["point"] <= fc["upper_80"])).all()
    width = fc.group_by("target_year").agg((pl.col("upper_95") / pl.col("lower_95")).median())
    assert width.sort("target_year")["upper_95"].is_sorted()


def test_an_area_with_two_januaries_falls_back_to_the_naive_method_and_says_why() -> None:
    panel = pl.concat(
        [
            shipped.caseload_panel(),
            pl.DataFrame(
                {"geo_key": ["999", "999"], "year": [2024, 2025], "value": [100.0, 120.0]}
            ),
        ]
    )
    fc = forecast_caseload(panel, 2025, 1).filter(pl.col("geo_key") == "999")
    assert fc["method"][0] == "naive" and fc["point"][0] == 120.0
    assert "Januaries of history" in fc["note"][0]


def test_current_las_of_a_merged_footprint_share_its_forecast() -> None:
    fc = forecast_caseload(shipped.caseload_panel(), 2025, 1)
    las = split_to_current_las(fc)
    dorset = las.filter(pl.col("la_code").is_in(["838", "839"]))["point"].sum()
    assert dorset == pytest.approx(fc.filter(pl.col("geo_key") == "G_DORSET_BCP")["point"][0])
    assert las["la_code"].n_unique() == 153


def test_an_as_of_year_outside_the_data_is_refused() -> None:
    with pytest.raises(ForecastError, match="as-of year"):
        forecast_caseload(shipped.caseload_panel(), 2031, 1)


def test_new_plans_issued_in_or_after_the_origin_year_are_not_used() -> None:
    panel, plans = shipped.caseload_panel(), shipped.new_plans_panel()
    changed = plans.with_columns(
        pl.when(pl.col("year") >= 2021).then(pl.col("value") * 5).otherwise(pl.col("value"))
    )
    later_changed = forecast_caseload(panel, 2021, 2, new_plans=changed)
    assert forecast_caseload(panel, 2021, 2).equals(later_changed)
    assert not forecast_caseload(panel, 2022, 1).equals(
        forecast_caseload(panel, 2022, 1, new_plans=changed)
    )


def test_the_fallback_note_gives_the_naive_methods_own_past_accuracy() -> None:
    panel = pl.concat(
        [
            shipped.caseload_panel(),
            pl.DataFrame(
                {"geo_key": ["999", "999"], "year": [2024, 2025], "value": [100.0, 120.0]}
            ),
        ]
    )
    note = forecast_caseload(panel, 2025, 1).filter(pl.col("geo_key") == "999")["note"][0]
    assert "Over 2018–2024 the naive method's 1-year forecasts were" in note
    assert "% out on average" in note
