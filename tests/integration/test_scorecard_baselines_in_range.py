"""Every percentage baseline the scorecard API gives stays within 0 to 100 (SQLite and
PostgreSQL), and its status uses the baseline words."""

from __future__ import annotations

import json

from flask.testing import FlaskClient

from tests.conftest import sign_in


def _measures(client: FlaskClient) -> list[dict]:  # type: ignore[type-arg]
    sign_in(client, "analyst")
    response = client.get("/api/v1/scorecard")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    return [m for o in data["outcomes"] for m in o["measures"]]


def test_every_percentage_baseline_of_the_demo_is_within_0_and_100(client: FlaskClient) -> None:
    percentages = [m for m in _measures(client) if m["unit"] == "percent"]
    with_baseline = [m for m in percentages if m["baseline"] and m["baseline"]["points"]]
    assert len(with_baseline) >= 5
    for measure in with_baseline:
        for point in measure["baseline"]["points"]:
            assert 0 <= point["lower"] <= point["estimate"] <= point["upper"] <= 100, (
                measure["id"],
                point,
            )


def test_every_baseline_status_is_one_of_the_baseline_judgements(client: FlaskClient) -> None:
    statuses = {m["against_baseline"] for m in _measures(client)}
    assert statuses <= {"green", "amber", "red", "uncertain", "none"}
