import numpy as np
import polars as pl
import pytest

from sendsight.forecasting import ForecastError, forecast_caseload, split_to_current_las
from sendsight.forecasting.engine import COMBINED, RECOMMENDED
from sendsight.forecasting.flows import (
    PIPELINE_SERIES,
    PREVALENCE,
    least_absolute_deviations,
    request_regression,
)
from sendsight.forecasting.forecast import build_engine
from sendsight.forecasting.methods import national_growth
from sendsight.forecasting.panel import to_matrix
from tests import published


def test_truncating_the_panel_after_the_origin_gives_identical_forecasts() -> None:
    panel = published.small_caseload_panel()
    full = forecast_caseload(published.history(panel), 2021, 3)
    cut = forecast_caseload(published.history(panel.filter(pl.col("year") <= 2021)), 2021, 3)
    assert full.equals(cut)


def test_changing_a_later_year_does_not_change_the_forecast() -> None:
    panel = published.small_caseload_panel()
    changed = panel.with_columns(
        pl.when(pl.col("year") > 2020).then(pl.col("value") * 3).otherwise(pl.col("value"))
    )
    assert forecast_caseload(published.history(panel), 2020, 2).equals(
        forecast_caseload(published.history(changed), 2020, 2)
    )


def test_intervals_are_nested_around_the_point_and_widen_with_horizon() -> None:
    fc = forecast_caseload(published.history(published.small_caseload_panel()), 2025, 3)
    assert (fc["lower_95"] <= fc["lower_80"]).all() and (fc["upper_80"] <= fc["upper_95"]).all()
    assert ((fc["lower_80"] <= fc["point"]) & (fc["point"] <= fc["upper_80"])).all()
    width = fc.group_by("target_year").agg((pl.col("upper_95") / pl.col("lower_95")).median())
    assert width.sort("target_year")["upper_95"].is_sorted()


def test_an_area_with_two_januaries_falls_back_to_the_naive_method_and_says_why() -> None:
    panel = pl.concat(
        [
            published.small_caseload_panel(),
            pl.DataFrame(
                {"geo_key": ["999", "999"], "year": [2024, 2025], "value": [100.0, 120.0]}
            ),
        ]
    )
    fc = forecast_caseload(published.history(panel), 2025, 1).filter(pl.col("geo_key") == "999")
    assert fc["method"][0] == "naive" and fc["point"][0] == 120.0
    assert "Januaries of history" in fc["note"][0]


def test_current_las_of_a_merged_footprint_share_its_forecast() -> None:
    fc = forecast_caseload(published.history(), 2025, 1)
    las = split_to_current_las(fc, session=published.session())
    dorset = las.filter(pl.col("la_code").is_in(["838", "839"]))["point"].sum()
    assert dorset == pytest.approx(fc.filter(pl.col("geo_key") == "838+839")["point"][0])
    assert las["la_code"].n_unique() == 153


def test_an_as_of_year_outside_the_data_is_refused() -> None:
    with pytest.raises(ForecastError, match="as-of year"):
        forecast_caseload(published.history(), 2031, 1)


def test_new_plans_issued_in_or_after_the_origin_year_are_not_used() -> None:
    panel, plans = published.small_caseload_panel(), published.new_plans_panel()
    # Only some areas change: the regressions read each area's rate relative to England's,
    # which scaling every area alike would leave as it was.
    later = (pl.col("year") >= 2021) & pl.col("geo_key").str.starts_with("3")
    changed = plans.with_columns(
        pl.when(later).then(pl.col("value") * 5).otherwise(pl.col("value"))
    )
    later_changed = forecast_caseload(published.history(panel, new_plans=changed), 2021, 2)
    assert forecast_caseload(published.history(panel), 2021, 2).equals(later_changed)
    assert not forecast_caseload(published.history(panel), 2022, 1).equals(
        forecast_caseload(published.history(panel, new_plans=changed), 2022, 1)
    )


def test_the_fallback_note_gives_the_naive_methods_own_past_accuracy() -> None:
    panel = pl.concat(
        [
            published.small_caseload_panel(),
            pl.DataFrame(
                {"geo_key": ["999", "999"], "year": [2024, 2025], "value": [100.0, 120.0]}
            ),
        ]
    )
    note = forecast_caseload(published.history(panel), 2025, 1).filter(pl.col("geo_key") == "999")[
        "note"
    ][0]
    assert "Over 2018–2024 the naive method's 1-year forecasts were" in note
    assert "% out on average" in note


def test_pipeline_figures_for_the_origin_year_or_later_are_not_used() -> None:
    panel, pipeline = published.small_caseload_panel(), published.pipeline_panel()
    series = ("requests", "refused", "issued", "issued_20_weeks")
    changed = pipeline.with_columns(
        pl.when(pl.col("year") >= 2021).then(pl.col(c) * 5).otherwise(pl.col(c)) for c in series
    )
    later_changed = forecast_caseload(published.history(panel, pipeline=changed), 2021, 2)
    assert forecast_caseload(published.history(panel), 2021, 2).equals(later_changed)
    assert not forecast_caseload(published.history(panel), 2022, 1).equals(
        forecast_caseload(published.history(panel, pipeline=changed), 2022, 1)
    )


def test_each_pipeline_series_moves_the_forecast() -> None:
    panel, pipeline = published.small_caseload_panel(), published.pipeline_panel()
    plain = forecast_caseload(published.history(panel), 2024, 1)
    for column in ("requests", "refused", "issued", "issued_20_weeks"):
        halved = pipeline.with_columns(
            pl.when(pl.col("geo_key") == "202").then(pl.col(column) / 2).otherwise(pl.col(column))
        )
        moved = forecast_caseload(published.history(panel, pipeline=halved), 2024, 1)
        assert not moved.equals(plain), column


def test_an_area_without_any_regression_input_gets_the_combined_forecast() -> None:
    keys, first, matrix = to_matrix(published.small_caseload_panel())
    engine = build_engine(
        keys,
        first,
        matrix,
        published.history(
            new_plans=published.new_plans_panel().filter(pl.col("geo_key") != "202"),
            pipeline=published.pipeline_panel().filter(pl.col("geo_key") != "202"),
            prevalence=published.prevalence_panel().filter(pl.col("geo_key") != "202"),
        ),
    )
    camden, other = keys.index("202"), keys.index("203")
    led, combined = engine.point(RECOMMENDED, 2024, 1), engine.point(COMBINED, 2024, 1)
    assert led[camden] == combined[camden]
    assert led[other] != pytest.approx(combined[other], rel=1e-6)


def test_an_area_without_pipeline_figures_is_fitted_on_the_inputs_it_has() -> None:
    # Nested fallback: the regression refitted on the inputs the area still has (its new
    # plans and its share of pupils with a plan), rather than "combined".
    keys, first, matrix = to_matrix(published.small_caseload_panel())
    without = published.pipeline_panel().filter(pl.col("geo_key") != "202")
    engine = build_engine(keys, first, matrix, published.history(pipeline=without))
    full = build_engine(keys, first, matrix, published.history())
    camden = keys.index("202")
    led, combined = engine.point(RECOMMENDED, 2024, 1), engine.point(COMBINED, 2024, 1)
    assert np.isfinite(led[camden])
    assert led[camden] != pytest.approx(combined[camden], rel=1e-6)
    assert led[camden] != pytest.approx(full.point(RECOMMENDED, 2024, 1)[camden], rel=1e-6)
    shares = published.prevalence_panel()
    doubled = shares.with_columns(
        pl.when(pl.col("geo_key") == "202")
        .then(pl.col(PREVALENCE) * 2)
        .otherwise(pl.col(PREVALENCE))
    )
    moved = build_engine(
        keys, first, matrix, published.history(pipeline=without, prevalence=doubled)
    )
    assert moved.point(RECOMMENDED, 2024, 1)[camden] != pytest.approx(led[camden], rel=1e-6)


def test_the_request_regression_learns_how_accepted_requests_drive_growth() -> None:
    # Synthetic areas whose growth is England's 8% plus 0.05 × how far their accepted-request
    # rate is above England's (as a proportion); new plans, timeliness and the share of
    # pupils with a plan carry no signal.
    rng = np.random.default_rng(7)
    areas, years = 80, 9
    signal = rng.normal(0, 0.4, (areas, years))
    above = np.zeros((areas, years))
    caseload = np.empty((areas, years))
    caseload[:, 0] = rng.uniform(800, 4000, areas)
    pipeline = {name: np.full((areas, years), np.nan) for name in (*PIPELINE_SERIES, PREVALENCE)}
    inflow = np.full((areas, years), np.nan)
    for t in range(1, years):
        before = caseload[:, t - 1]
        accepted = 0.2 * before * np.exp(signal[:, t])
        above[:, t] = accepted / before / (accepted.sum() / before.sum()) - 1
        pipeline["refused"][:, t] = rng.uniform(10, 50, areas)
        pipeline["requests"][:, t] = accepted + pipeline["refused"][:, t]
        pipeline["issued"][:, t] = rng.uniform(100, 300, areas)
        pipeline["issued_20_weeks"][:, t] = pipeline["issued"][:, t] * rng.uniform(0.2, 0.9)
        pipeline[PREVALENCE][:, t] = rng.uniform(1.5, 6.0, areas)
        inflow[:, t] = 0.1 * before * rng.uniform(0.8, 1.2, areas)
        caseload[:, t] = before * np.exp(0.08 + 0.05 * above[:, t - 1])
    history = caseload[:, :-1]
    truth_growth = 0.05 * above[:, -2]
    forecast = request_regression(
        history, inflow[:, :-1], {k: v[:, :-1] for k, v in pipeline.items()}, 1
    )
    relative = np.log(forecast / history[:, -1]) - national_growth(history)
    assert np.corrcoef(relative, truth_growth)[0, 1] > 0.95
    assert np.abs(relative - relative.mean() - (truth_growth - truth_growth.mean())).max() < 0.01


def test_the_absolute_request_regression_reads_englands_pace_from_the_flows() -> None:
    # Synthetic areas whose growth is 0.5 × their accepted requests per plan held − 2%,
    # with the accepted-request rate rising every year across the country, so England's
    # growth speeds up. Extrapolating England's last three years lags behind; the model of
    # growth on the areas' own rates sees the surge coming.
    rng = np.random.default_rng(11)
    areas, years = 80, 9
    caseload = np.empty((areas, years))
    caseload[:, 0] = rng.uniform(800, 4000, areas)
    pipeline = {name: np.full((areas, years), np.nan) for name in (*PIPELINE_SERIES, PREVALENCE)}
    inflow = np.full((areas, years), np.nan)
    rate = np.full((areas, years), np.nan)
    for t in range(1, years):
        before = caseload[:, t - 1]
        rate[:, t] = (0.10 + 0.02 * t) * rng.uniform(0.7, 1.3, areas)
        pipeline["refused"][:, t] = rng.uniform(10, 50, areas)
        pipeline["requests"][:, t] = rate[:, t] * before + pipeline["refused"][:, t]
        pipeline["issued"][:, t] = rng.uniform(100, 300, areas)
        pipeline["issued_20_weeks"][:, t] = pipeline["issued"][:, t] * rng.uniform(0.2, 0.9)
        pipeline[PREVALENCE][:, t] = rng.uniform(1.5, 6.0, areas)
        inflow[:, t] = 0.1 * before * rng.uniform(0.8, 1.2, areas)
        caseload[:, t] = before * np.exp(0.5 * rate[:, t - 1] - 0.02 if t > 1 else 0.05)
    history, actual = caseload[:, :-1], caseload[:, -1]
    given = {k: v[:, :-1] for k, v in pipeline.items()}
    own = request_regression(history, inflow[:, :-1], given, 1, relative=False)
    england = request_regression(history, inflow[:, :-1], given, 1)
    assert np.abs(own / actual - 1).max() < 0.005
    assert abs(own.sum() / actual.sum() - 1) < abs(england.sum() / actual.sum() - 1) / 4


def test_the_share_of_pupils_with_a_plan_after_the_origin_is_not_used() -> None:
    # The January T school census is published in June T with the January T caseload, so
    # origin T may read it; later Januaries must change nothing. (Adding a point rather than
    # scaling, since the method reads each area's share relative to the median area's.)
    panel, share = published.small_caseload_panel(), published.prevalence_panel()
    later = share.with_columns(
        pl.when(pl.col("year") > 2021).then(pl.col(PREVALENCE) + 1).otherwise(pl.col(PREVALENCE))
    )
    assert forecast_caseload(published.history(panel), 2021, 2).equals(
        forecast_caseload(published.history(panel, prevalence=later), 2021, 2)
    )
    assert not forecast_caseload(published.history(panel), 2022, 1).equals(
        forecast_caseload(published.history(panel, prevalence=later), 2022, 1)
    )


def test_one_areas_share_of_pupils_with_a_plan_moves_its_forecast() -> None:
    panel, share = published.small_caseload_panel(), published.prevalence_panel()
    doubled = share.with_columns(
        pl.when(pl.col("geo_key") == "202")
        .then(pl.col(PREVALENCE) * 2)
        .otherwise(pl.col(PREVALENCE))
    )
    plain = forecast_caseload(published.history(panel), 2024, 1).filter(pl.col("geo_key") == "202")
    moved = forecast_caseload(published.history(panel, prevalence=doubled), 2024, 1)
    assert not moved.filter(pl.col("geo_key") == "202").equals(plain)


def test_a_footprint_without_a_pupil_share_gets_the_regression_fitted_without_it() -> None:
    # LAIT publishes percentages without pupil counts, so reorganised footprints have none;
    # they get the same regression on the other three inputs, which is what every area gets
    # when no area has a share.
    keys, first, matrix = to_matrix(published.small_caseload_panel())
    engine = build_engine(keys, first, matrix, published.history())
    no_shares = build_engine(
        keys, first, matrix, published.history(prevalence=published.prevalence_panel().clear())
    )
    dorset, other = keys.index("838+839"), keys.index("203")
    led, combined = engine.point(RECOMMENDED, 2024, 1), engine.point(COMBINED, 2024, 1)
    assert led[dorset] != pytest.approx(combined[dorset], rel=1e-6)
    assert led[dorset] == pytest.approx(no_shares.point(RECOMMENDED, 2024, 1)[dorset], rel=1e-12)
    assert led[other] != pytest.approx(no_shares.point(RECOMMENDED, 2024, 1)[other], rel=1e-6)


def test_least_absolute_deviations_follows_the_bulk_not_the_outliers() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, 200)
    y = 1.0 + 2.0 * x + rng.normal(0, 0.01, 200)
    y[:20] += 50.0  # a tenth of the points far off the line, all on one side
    design = np.column_stack([np.ones(200), x])
    coef = least_absolute_deviations(design, y)
    assert coef == pytest.approx([1.0, 2.0], abs=0.02)
    least_squares = np.linalg.lstsq(design, y, rcond=None)[0]
    assert abs(least_squares[0] - 1.0) > 1.0
