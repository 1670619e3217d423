"""DfE's conventions where users compare (ADR 0502), on the seeded demo, SQLite and PostgreSQL:
ranks among the authorities of the period, LAIT's quartile bands, the neighbours' mean labelled
as LAIT labels it (median beside it), and notes where a total is not the sum of its areas."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from statistics import mean
from typing import Any

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.benchmarking import ordinal
from sendsight.core.rounding import format_number
from sendsight.reference import queries as reference
from sendsight.statistics import queries as statistics

ROCHDALE, WILTSHIRE, CUMBRIA, BARNSLEY = "354", "865", "909", "370"
LAIT_BANDS = Path(__file__).parents[1] / "data" / "lait" / "lait_bands.csv"
YORKSHIRE_NOTE = (
    "Yorkshire and The Humber's total is 6,078 (2025 release); the figures of its local areas "
    "shown add up to 6,109 (from the 2025 sendsight correction release)."
)


def _json(client: FlaskClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def _csv(client: FlaskClient, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


def _published_rank(
    session: Session, indicator_id: str, period: str, la_code: str
) -> tuple[int, int]:
    """Rank (highest first) and count among every LA with a value as published for the period."""
    values = statistics.values_for_period(session=session, indicator_id=indicator_id, period=period)
    figures = values.filter((pl.col("geographic_level") == "la") & pl.col("value").is_not_null())
    own = figures.filter(pl.col("area_code") == la_code)["value"][0]
    return 1 + figures.filter(pl.col("value") > own).height, figures.height


def test_wiltshire_in_january_2022_ranks_among_the_152_authorities_of_that_year(
    client: FlaskClient, seeded_session: Session
) -> None:
    assert _published_rank(seeded_session, "ehc-plans-january", "2022-01", WILTSHIRE) == (26, 152)
    query = "?period=2022-01"
    areas = _json(client, f"/api/v1/indicators/ehc-plans-january/areas{query}")["areas"]
    wiltshire = next(a for a in areas if a["la_code"] == WILTSHIRE)
    assert (wiltshire["rank"], wiltshire["rank_of"]) == (26, 152)
    assert CUMBRIA in {a["la_code"] for a in areas if a["rank"] is not None}
    rows = _csv(client, f"/indicators/ehc-plans-january/all.csv{query}")
    row = next(r for r in rows if r["la_code"] == WILTSHIRE)
    assert (row["rank"], row["rank_of"]) == ("26", "152")
    page = client.get(f"/indicators/ehc-plans-january/all{query}").get_data(as_text=True)
    assert "Cumbria (former local area)" in page


def test_the_latest_period_ranks_only_todays_authorities(
    client: FlaskClient, seeded_session: Session
) -> None:
    areas = _json(client, "/api/v1/indicators/ehc-plans-january/areas")["areas"]
    assert CUMBRIA not in {a["la_code"] for a in areas}
    wiltshire = next(a for a in areas if a["la_code"] == WILTSHIRE)
    expected = _published_rank(seeded_session, "ehc-plans-january", "2025-01", WILTSHIRE)
    assert (wiltshire["rank"], wiltshire["rank_of"]) == expected


def _lait_bands(measure: str, year: str) -> dict[str, str]:
    extract = pl.read_csv(LAIT_BANDS, schema_overrides={"la_code": pl.Utf8, "year": pl.Utf8})
    chosen = extract.filter((pl.col("measure") == measure) & (pl.col("year") == year))
    return dict(zip(chosen["la_code"], chosen["lait_band"], strict=True))


def test_quartile_bands_shown_are_the_bands_lait_gives(client: FlaskClient) -> None:
    for indicator_id, period, measure, year in (
        ("ks2-rwm-ehc-plan", "2024/25", "NEW_KS2_RWM_Sen_Withsta", "2025"),
        ("tribunal-appeal-rate", "2024", "SEN_AppealableDec", "2024"),
        ("pct-20-weeks-incl-exceptions", "2024", "SEN_EHC_All_20wks", "2024"),
    ):
        body = _json(client, f"/api/v1/indicators/{indicator_id}/areas?period={period}")
        ours = {a["la_code"]: a["quartile_band"] for a in body["areas"] if a["quartile_band"]}
        lait = _lait_bands(measure, year)
        assert ours == lait, indicator_id


def test_rochdale_page_labels_the_neighbours_mean_and_offers_the_median(
    client: FlaskClient, seeded_session: Session
) -> None:
    neighbours = reference.all_statistical_neighbours(session=seeded_session)[ROCHDALE]
    values = statistics.values_for_period(
        session=seeded_session, indicator_id="ehc-plans-january", period="2025-01"
    )
    figures = values.filter(pl.col("area_code").is_in(neighbours))["value"].to_list()
    assert len(figures) == 10
    expected = format_number(mean(figures))
    page = client.get(f"/areas/{ROCHDALE}/indicators/ehc-plans-january").get_data(as_text=True)
    assert "Statistical neighbours (mean of 10)</th>" in page
    assert "Statistical neighbours (median)</th>" in page
    assert f"statistical neighbours (mean of 10) {expected}." in page
    rows = _csv(client, f"/areas/{ROCHDALE}/indicators/ehc-plans-january.csv")
    latest = rows[-1]
    assert latest["Statistical neighbours (mean of 10)"] == expected.replace(",", "")
    assert "Statistical neighbours (median)" in latest
    overview = client.get(f"/areas/{ROCHDALE}").get_data(as_text=True)
    assert f"statistical neighbours (mean of 10) {expected}" in overview
    body = _json(client, f"/api/v1/areas/{ROCHDALE}")
    figure = next(f for f in body["figures"] if f["indicator"]["id"] == "ehc-plans-january")
    assert figure["statistical_neighbours_label"] == "Statistical neighbours (mean of 10)"
    assert figure["statistical_neighbour_mean"]["text"] == expected


def test_yorkshire_2022_new_plans_total_is_explained_where_it_differs_from_its_areas(
    client: FlaskClient,
) -> None:
    page = client.get(f"/areas/{BARNSLEY}/indicators/new-ehc-plans").get_data(as_text=True)
    assert YORKSHIRE_NOTE in html.unescape(page)
    rows = _csv(client, f"/areas/{BARNSLEY}/indicators/new-ehc-plans.csv")
    row = next(r for r in rows if r["period"].startswith("2022"))
    assert YORKSHIRE_NOTE in row["notes"]
    assert next(r for r in rows if r["period"].startswith("2021"))["notes"] == ""
    series = _json(client, f"/api/v1/areas/{BARNSLEY}/indicators/new-ehc-plans")["series"]
    entry = next(e for e in series if e["period"]["code"] == "2022")
    assert YORKSHIRE_NOTE in entry["notes"]


def test_rochdale_page_gives_the_rank_and_band_lait_would(client: FlaskClient) -> None:
    extract = pl.read_csv(LAIT_BANDS, schema_overrides={"la_code": pl.Utf8, "year": pl.Utf8})
    year = extract.filter(
        (pl.col("measure") == "NEW_KS2_RWM_Sen_Withsta") & (pl.col("year") == "2025")
    )
    own = year.filter(pl.col("la_code") == ROCHDALE).row(0, named=True)
    rank = 1 + year.filter(pl.col("value") > own["value"]).height
    tied = year.filter(pl.col("value") == own["value"]).height > 1
    page = html.unescape(
        client.get(f"/areas/{ROCHDALE}/indicators/ks2-rwm-ehc-plan").get_data(as_text=True)
    )
    label = ("=" if tied else "") + ordinal(rank)
    assert f"Rochdale ranks {label} of {year.height} local areas with data" in page
    assert f"Quartile band {own['lait_band']}:" in page
