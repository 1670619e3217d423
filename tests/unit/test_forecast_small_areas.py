"""Small areas (under 500 plans) are grown at England's pace by the recommended method."""

from __future__ import annotations

import numpy as np
import pytest

from sendsight.forecasting.engine import RECOMMENDED, SMALL_AREA_PLANS, Engine
from sendsight.forecasting.methods import national_growth
from sendsight.forecasting.panel import inflow_matrix, pipeline_matrices, to_matrix
from tests import published


@pytest.fixture(scope="module")
def engine() -> Engine:
    keys, first, matrix = to_matrix(published.small_caseload_panel())
    years = matrix.shape[1]
    inflow = inflow_matrix(keys, first, years, published.new_plans_panel())
    return Engine(
        matrix, first, inflow, pipeline_matrices(keys, first, years, published.pipeline_panel())
    )


@pytest.mark.parametrize("h", [1, 3])
def test_an_area_under_500_plans_grows_at_englands_recent_pace(engine: Engine, h: int) -> None:
    history = engine.history(2024)
    small = history[:, -1] < SMALL_AREA_PLANS
    assert 0 < small.sum() < len(small)
    expected = history[small, -1] * np.exp(national_growth(history) * h)
    assert engine.point(RECOMMENDED, 2024, h)[small] == pytest.approx(expected)


def test_a_larger_area_keeps_its_own_forecast(engine: Engine) -> None:
    history = engine.history(2024)
    large = history[:, -1] >= SMALL_AREA_PLANS
    ratio = engine.point(RECOMMENDED, 2024, 1)[large] / history[large, -1]
    pace = np.exp(national_growth(history))
    assert np.abs(ratio - pace).max() > 0.01
