"""The baseline of a measure wired to a published percentage: the regression across every LA,
fitted on what was published up to the measure's origin (decision 0702)."""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl
import pytest

from sendsight.outcomes import published_baseline
from sendsight.outcomes.forecast_baseline import CaseloadBaseline, provider_for
from sendsight.outcomes.published_baseline import Model, PublishedBaseline, fit, forecast
from sendsight.outcomes.published_panel import Inputs, load_inputs
from tests import published

SERIES = "pct-20-weeks-excl-exceptions"
AREA = "354"  # Rochdale


@cache
def _inputs() -> Inputs:
    return load_inputs(published.session())


@cache
def _model(series: str, origin: int) -> Model:
    model = fit(_inputs(), series, origin)
    assert model is not None
    return model


def _own(series: str, origin: int) -> pl.DataFrame:
    return (
        _inputs()
        .panel.filter(
            pl.col("series") == series,
            pl.col("area") == AREA,
            pl.col("period_index") <= origin,
        )
        .sort("period_index")
    )


def _forecast(model: Model, own: pl.DataFrame, steps: int = 3) -> list[float]:
    points = forecast(model, AREA, own["period_index"].to_numpy(), own["value"].to_numpy(), steps)
    return [v for p in points for v in (p.lower, p.estimate, p.upper)]


@pytest.mark.parametrize(
    "values", [[100.0, 100.0, 100.0], [0.0, 0.0, 0.0], [3.0, 97.0, 1.0], [50.0, 60.0, 99.5]]
)
def test_the_band_stays_within_0_and_100_even_at_the_edges(values: list[float]) -> None:
    model = _model(SERIES, 2023)
    points = forecast(model, AREA, np.array([2021, 2022, 2023]), np.array(values), 3)
    assert [p.period_index for p in points] == [2024, 2025, 2026]
    for p in points:
        assert 0 <= p.lower <= p.estimate <= p.upper <= 100, p
    widths = [p.upper - p.lower for p in points]
    assert widths[0] <= widths[-1] or values[-1] in (0.0, 100.0)


def test_the_forecast_uses_only_what_was_published_up_to_its_origin() -> None:
    inputs = _inputs()
    before = _forecast(_model(SERIES, 2021), _own(SERIES, 2021))

    def changed(after: int) -> Inputs:
        later = pl.col("period_index") > after
        return Inputs(
            inputs.panel.with_columns(
                pl.when(later).then(pl.col("value") * 0.5).otherwise(pl.col("value"))
            ),
            inputs.england.with_columns(pl.when(later).then(1.0).otherwise(pl.col("value"))),
            inputs.sizes.with_columns(pl.when(later).then(7.0).otherwise(pl.col("size"))),
            inputs.leading.with_columns(
                pl.when(later).then(3.0).otherwise(pl.col("pipeline")).alias("pipeline")
            ),
        )

    later_changed = fit(changed(2021), SERIES, 2021)
    assert later_changed is not None
    assert _forecast(later_changed, _own(SERIES, 2021)) == before
    # The same change from 2020 on reaches the fit, so the test can tell.
    earlier_changed = fit(changed(2020), SERIES, 2021)
    assert earlier_changed is not None
    assert _forecast(earlier_changed, _own(SERIES, 2021)) != pytest.approx(before)


def test_the_measures_own_values_set_the_origin_and_the_last_value() -> None:
    session = published.session()
    own = _own(SERIES, 2024).select("period_index", "value")
    provider = PublishedBaseline(SERIES, AREA, session=session)
    shown = provider(own, unit="percent", horizon=2)
    moved = own.with_columns(
        pl.when(pl.col("period_index") == 2024)
        .then(pl.col("value") + 15)
        .otherwise(pl.col("value"))
    )
    local = provider(moved, unit="percent", horizon=2)
    assert shown is not None and local is not None
    assert shown.origin_index == local.origin_index == 2024
    assert local.points[0].estimate > shown.points[0].estimate + 1
    earlier = provider(own.filter(pl.col("period_index") <= 2022), unit="percent", horizon=1)
    assert earlier is not None and earlier.origin_index == 2022
    assert [p.period_index for p in earlier.points] == [2023]


def test_the_provider_is_chosen_for_the_published_percentages_and_not_for_others() -> None:
    class Wired:
        def __init__(self, key: str, la_code: str | None = AREA) -> None:
            self.source_key, self.la_code = key, la_code

    session = published.session()
    for key in published_baseline.INDICATORS:
        provider = provider_for(Wired(key), session=session)
        assert isinstance(provider, PublishedBaseline) and provider.indicator == key
    assert set(published_baseline.INDICATORS) == {
        "pct-20-weeks-excl-exceptions",
        "pct-20-weeks-incl-exceptions",
        "tribunal-appeal-rate",
        "pct-pupils-ehc-plan",
    }
    assert isinstance(provider_for(Wired("ehc-plans-january"), session=session), CaseloadBaseline)
    for other in ("pct-requests-decided-6-weeks", "ehc-requests", None):
        assert provider_for(Wired(other), session=session) is None  # type: ignore[arg-type]
    assert provider_for(Wired(SERIES, None), session=session) is None


@pytest.mark.parametrize("series", ["tribunal-appeal-rate", "pct-pupils-ehc-plan"])
def test_the_method_sentence_names_the_measured_improvement_in_plain_words(series: str) -> None:
    model = _model(series, 2023)
    sentence = published_baseline.method_sentence(model)
    assert model.ratio < 1
    assert f"{1 - model.ratio:.0%} closer than carrying the last value forward" in sentence
    assert "between 0% and 100%" in sentence and "up to 2023" in sentence
    for jargon in ("logit", "LAD", "regression", "least absolute", "coefficient"):
        assert jargon.lower() not in sentence.lower()


def test_the_improvement_is_the_nested_procedures_against_the_last_value() -> None:
    # Pupils with a plan climbs steadily: the learnt relationship beats the last value by far
    # (decision 0702: about half its error), the noisy 20-week series only by a few per cent.
    assert _model("pct-pupils-ehc-plan", 2024).ratio < 0.7
    assert 0.85 < _model(SERIES, 2023).ratio < 1.0


def test_a_missing_panel_falls_back_to_the_simple_method() -> None:
    inputs = _inputs()
    empty = Inputs(
        inputs.panel.clear(), inputs.england.clear(), inputs.sizes.clear(), inputs.leading.clear()
    )
    assert fit(empty, SERIES, 2024) is None
    # Too early for enough pairs to learn from: no model either.
    assert fit(inputs, SERIES, 2015) is None
    provider = PublishedBaseline(SERIES, AREA, session=published.session())
    history = pl.DataFrame({"period_index": [2013, 2014, 2015], "value": [40.0, 50.0, 60.0]})
    baseline = provider(history, unit="percent", horizon=2)
    assert baseline is not None and baseline.method.startswith("The last value, carried")
    assert provider(history.head(2), unit="percent", horizon=2) is None
    gaps = pl.DataFrame({"period_index": [2022, 2023, 2024], "value": [None, 40.0, 50.0]})
    assert provider(gaps, unit="percent", horizon=1) is None  # two values: too few


def test_the_fit_is_kept_for_the_statistics_version() -> None:
    session = published.session()
    first = published_baseline.model_at(SERIES, 2024, session=session)
    assert first is not None
    assert published_baseline.model_at(SERIES, 2024, session=session) is first
    assert published_baseline.model_at(SERIES, 2023, session=session) is not first
