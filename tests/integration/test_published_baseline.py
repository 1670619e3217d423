"""The demo's measures wired to a published percentage get the regression across every LA as
their baseline (SQLite and PostgreSQL); with no statistics loaded, the simple method."""

from __future__ import annotations

import json

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.outcomes.published_baseline import PublishedBaseline
from tests.conftest import sign_in

REGRESSION = "Forecast from how every local authority's figure moved"
WIRED = {"ehcp_20_weeks", "appeal_rate", "pupils_ehcp"}  # the demo's (demo/outcomes.py)


def test_the_demos_published_percentages_take_the_regression_baseline(
    client: FlaskClient,
) -> None:
    sign_in(client, "analyst")
    data = json.loads(client.get("/api/v1/scorecard").get_data(as_text=True))
    measures = {m["id"]: m for o in data["outcomes"] for m in o["measures"]}
    assert WIRED <= set(measures)
    for key in WIRED:
        baseline = measures[key]["baseline"]
        assert baseline is not None and baseline["method"].startswith(REGRESSION), key
        assert "closer than carrying the last value forward" in baseline["method"]
        for point in baseline["points"]:
            assert 0 <= point["lower"] <= point["estimate"] <= point["upper"] <= 100, point
    # The 6-week series is too short to learn from: it keeps the simple method.
    six = measures["decided_6_weeks"]["baseline"]
    assert six is None or not six["method"].startswith(REGRESSION)


def test_without_published_statistics_the_simple_method_stands(db_session: Session) -> None:
    history = pl.DataFrame({"period_index": [2021, 2022, 2023], "value": [40.0, 45.0, 50.0]})
    provider = PublishedBaseline("tribunal-appeal-rate", "354", session=db_session)
    baseline = provider(history, unit="percent", horizon=2)
    assert baseline is not None
    assert baseline.method.startswith("The last value, carried forward")
    assert [p.estimate for p in baseline.points] == [50.0, 50.0]
