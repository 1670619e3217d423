"""The preparing-for-adulthood indicators served by the API are the shipped files' values, for
every LA and for England and the region, with their source publication; the 2021 NCCIS SEND
columns (empty in the source) are never served as zero."""

from __future__ import annotations

from importlib import resources
from typing import Any

import polars as pl
import pytest
import yaml
from flask.testing import FlaskClient

from sendsight.core.rounding import round_half_up
from sendsight.statistics.loader import shipped_path
from sendsight.statistics.registry import get_indicator

DEMO = "354"
MINE: list[dict[str, Any]] = yaml.safe_load(
    resources.files("sendsight.statistics").joinpath("indicators-adulthood.yaml").read_text()
)["indicators"]
FILES = {
    "nccis_neet_send": "adulthood/nccis_neet_send.csv.gz",
    "ehcp_work_based_placements": "adulthood/work_based_placements.csv.gz",
    "ehcp_ceased_plans": "adulthood/ceased_plans.csv.gz",
    "lait_adulthood": "adulthood/lait_adulthood.csv.gz",
}


def _json(client: FlaskClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def _shipped(indicator_id: str) -> tuple[pl.DataFrame, str]:
    source = get_indicator(indicator_id).sources[0]
    frame = pl.read_csv(shipped_path(FILES[source.publication]), infer_schema_length=0)
    return frame, source.column


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def test_every_adulthood_indicator_is_listed_with_its_source_publication(
    client: FlaskClient,
) -> None:
    listed = {i["id"]: i for i in _json(client, "/api/v1/indicators")["indicators"]}
    for raw in MINE:
        served = listed[raw["id"]]
        assert served["source"]["name"] == raw["source_name"]
        assert served["source"]["url"].startswith("https://explore-education-statistics")


@pytest.mark.parametrize("indicator_id", [raw["id"] for raw in MINE])
def test_every_local_authority_value_served_is_the_shipped_value(
    client: FlaskClient, indicator_id: str
) -> None:
    body = _json(client, f"/api/v1/indicators/{indicator_id}/areas")
    frame, column = _shipped(indicator_id)
    # "2025", "2025-01", "2023/24" and the shipped "202324" all start with their first year.
    year = body["period"]["code"][:4]
    rows = frame.filter(
        pl.col("geographic_level") == "Local authority",
        pl.col("time_period").str.slice(0, 4) == year,
    )
    shipped = {r["old_la_code"]: _number(r[column]) for r in rows.iter_rows(named=True)}
    decimals = get_indicator(indicator_id).decimals
    compared = 0
    for area in body["areas"]:
        if area["la_code"] not in shipped:
            continue
        expected = shipped[area["la_code"]]
        if expected is None:
            assert area["value"]["value"] is None and area["value"]["symbol"], area
        else:
            shown = round_half_up(expected, decimals)
            assert area["value"]["value"] == pytest.approx(shown, abs=0.001), area
        compared += 1
    assert compared >= 140


@pytest.mark.parametrize(
    "indicator_id",
    [
        "neet-nk-16-17-ehc-plan",
        "supported-internships-per-1000-plans",
        "pct-ceased-employment-or-he",
        "level3-at-19-ehc-plan",
    ],
)
def test_england_and_region_served_for_the_demo_area_are_the_shipped_values(
    client: FlaskClient, indicator_id: str
) -> None:
    body = _json(client, f"/api/v1/areas/{DEMO}/indicators/{indicator_id}")
    frame, column = _shipped(indicator_id)
    latest = [e for e in body["series"] if e["england"]["value"] is not None][-1]
    year = latest["period"]["code"][:4]
    in_year = frame.filter(pl.col("time_period").str.slice(0, 4) == year)
    england = in_year.filter(pl.col("geographic_level") == "National")[column][0]
    region = in_year.filter(
        pl.col("geographic_level") == "Regional", pl.col("region_code") == "E12000002"
    )[column][0]
    assert latest["england"]["value"] == pytest.approx(float(england), abs=0.051)
    assert latest["region"]["value"] == pytest.approx(float(region), abs=0.051)


def test_2021_send_figures_are_not_available_never_zero(client: FlaskClient) -> None:
    frame, column = _shipped("neet-nk-16-17-ehc-plan")
    assert set(frame.filter(pl.col("time_period") == "2021")[column]) == {"x"}
    body = _json(client, f"/api/v1/areas/{DEMO}/indicators/neet-nk-16-17-ehc-plan")
    served = {entry["period"]["code"]: entry["area"] for entry in body["series"]}
    assert all(cell["value"] != 0 for cell in served.values())
    assert served.get("2021", {"value": None})["value"] is None
    assert served["2025"]["value"] == pytest.approx(11.8)
