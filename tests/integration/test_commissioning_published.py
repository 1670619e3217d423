"""The published commissioning statistics: every value served matches the shipped file, for
every LA (API) and for England and each region (statistics store)."""

from __future__ import annotations

import gzip
import io

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.statistics import queries
from sendsight.statistics.loader import shipped_path
from sendsight.statistics.registry import get_indicator, list_indicators

#: Indicator → (shipped file, column, latest period code as the API labels it).
SHIPPED = {
    "personal-budgets": ("personal_budgets", "personal_budget", "2025-01"),
    "personal-budgets-education": ("personal_budgets", "pb_education", "2025-01"),
    "personal-budgets-health": ("personal_budgets", "pb_health", "2025-01"),
    "personal-budgets-social-care": ("personal_budgets", "pb_social", "2025-01"),
    "personal-budgets-integrated": ("personal_budgets", "pb_integrated", "2025-01"),
    "personal-budgets-organised-arrangements": ("personal_budgets", "org_arrangments", "2025-01"),
    "hn-cost-special-place": ("high_needs_costs", "cost_per_special_place", "2021-22"),
    "hn-cost-independent-special-place": (
        "high_needs_costs", "cost_per_independent_special_place", "2021-22"),
    "hn-cost-mainstream-plan": ("high_needs_costs", "cost_per_mainstream_plan", "2021-22"),
    "hn-cost-post16-place": ("high_needs_costs", "cost_per_post16_place", "2021-22"),
    "hn-outturn-per-head": ("high_needs_costs", "outturn_per_head_2_18", "2021-22"),
    "dsg-deficit-pct-income": ("dsg_deficit", "dsg_deficit_pc_income", "2021-22"),
    "dsg-allocation": ("dsg_allocation", "dsg_allocation", "2023-24"),
}  # fmt: skip
PERIOD_TEXT = {"2025-01": ("2025", "January"), "2021-22": ("202122", "Financial year"),
               "2023-24": ("202324", "Financial year")}  # fmt: skip


def _shipped(name: str) -> pl.DataFrame:
    raw = gzip.decompress(shipped_path(f"commissioning/{name}.csv.gz").read_bytes())
    return pl.read_csv(io.BytesIO(raw), infer_schema_length=0)


def _expected(indicator_id: str, level: str) -> dict[str, float | None]:
    name, column, period = SHIPPED[indicator_id]
    time_period, identifier = PERIOD_TEXT[period]
    rows = _shipped(name).filter(
        (pl.col("time_period") == time_period)
        & (pl.col("time_identifier") == identifier)
        & (pl.col("geographic_level") == level)
    )
    key = {"Local authority": "old_la_code", "Regional": "region_code"}.get(level, "country_code")
    return {
        code: (float(v) if v not in ("x", "z", "c") else None)
        for code, v in rows.select(key, column).iter_rows()
    }


def test_every_commissioning_indicator_is_listed_with_its_source(client: FlaskClient) -> None:
    listed = {i["id"]: i for i in client.get("/api/v1/indicators").get_json()["indicators"]}
    for indicator_id in SHIPPED:
        assert listed[indicator_id]["source"]["name"] == get_indicator(indicator_id).source_name
        assert listed[indicator_id]["source"]["url"].startswith("https://")
    assert listed["personal-budgets"]["source"]["name"] == "DfE: Education, health and care plans"


def test_every_la_value_served_matches_the_shipped_file(client: FlaskClient) -> None:
    checked = 0
    for indicator_id, (_, _, period) in SHIPPED.items():
        body = client.get(f"/api/v1/indicators/{indicator_id}/areas").get_json()
        assert body["period"]["code"] == period, indicator_id
        served = {a["la_code"]: a["value"]["value"] for a in body["areas"]}
        expected = _expected(indicator_id, "Local authority")
        current = {code: value for code, value in expected.items() if code in served}
        assert len(current) >= 149, indicator_id
        for code, value in current.items():
            assert served[code] == value, (indicator_id, code)
            checked += 1
    assert checked > 1_900


def test_england_and_every_region_are_stored_as_published(seeded_session: Session) -> None:
    for indicator_id, (_, _, period) in SHIPPED.items():
        values = queries.values_for_period(
            session=seeded_session, indicator_id=indicator_id, period=period
        )
        for level, stored in (("National", "national"), ("Regional", "regional")):
            expected = _expected(indicator_id, level)
            got = dict(
                values.filter(pl.col("geographic_level") == stored)
                .select("area_code", "value")
                .iter_rows()
            )
            assert got == expected, (indicator_id, level)
        assert len(_expected(indicator_id, "Regional")) == 9


def test_rochdale_personal_budgets_match_dfe(seeded_session: Session) -> None:
    # DfE EHC plans 2025, personal_budgets.csv: Rochdale (354), January 2025: 186 plans with a
    # personal budget, 176 of them social care only; England 2020: 20,346.
    series = queries.indicator_series(
        session=seeded_session, indicator_id="personal-budgets", area_code="354"
    )
    assert dict(series.select("period", "value").iter_rows())["2025-01"] == 186.0
    england = queries.indicator_series(
        session=seeded_session, indicator_id="personal-budgets", area_code="E92000001",
        level="national",
    )  # fmt: skip
    assert dict(england.select("period", "value").iter_rows())["2020-01"] == 20346.0


def test_the_registry_reads_the_commissioning_file_after_the_main_one() -> None:
    ids = [i.id for i in list_indicators()]
    assert set(SHIPPED) <= set(ids)
    assert ids.index("personal-budgets") > ids.index("ehc-plans-january")
