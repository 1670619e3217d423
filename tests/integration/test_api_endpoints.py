"""Contract tests for the public JSON API: each endpoint shows what the area pages and CSV files
show, every figure through disclosure control, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.areas import exports, profile
from sendsight.areas.context import area_context
from sendsight.disclosure import SYMBOLS
from sendsight.statistics.registry import list_indicators

DEMO = "354"
TIMELINESS = "pct-20-weeks-excl-exceptions"


def _json(client: FlaskClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    return response.get_json()


def _cells(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        own = [value] if value.keys() == {"value", "symbol", "text"} else []
        return own + [c for v in value.values() for c in _cells(v)]
    if isinstance(value, list):
        return [c for v in value for c in _cells(v)]
    return []


def test_indicators_lists_the_whole_registry_in_order(client: FlaskClient) -> None:
    body = _json(client, "/api/v1/indicators")
    assert [i["id"] for i in body["indicators"]] == [i.id for i in list_indicators()]
    first = body["indicators"][0]
    assert first["links"]["areas"] == f"/api/v1/indicators/{first['id']}/areas"


def test_areas_lists_every_current_local_authority_in_code_order(
    client: FlaskClient, seeded_session: Session
) -> None:
    body = _json(client, "/api/v1/areas")
    codes = [a["la_code"] for a in body["areas"]]
    assert codes == sorted(area_context(seeded_session).las["la_code"].to_list())
    demo = next(a for a in body["areas"] if a["la_code"] == DEMO)
    assert demo["la_name"] == profile.la_name(seeded_session, DEMO)
    assert demo["links"]["self"] == f"/api/v1/areas/{DEMO}"


def test_area_overview_gives_the_same_figures_as_the_overview_page(
    client: FlaskClient, seeded_session: Session
) -> None:
    body = _json(client, f"/api/v1/areas/{DEMO}")
    snapshots = profile.overview(seeded_session, DEMO)
    assert [f["indicator"]["id"] for f in body["figures"]] == [s.indicator.id for s in snapshots]
    for figure, snap in zip(body["figures"], snapshots, strict=True):
        assert figure["value"]["text"] == snap.value.text
        assert figure["england"]["text"] == snap.england.text
        assert figure["statistical_neighbour_median"]["text"] == snap.sn_median.text
        assert figure["rank"] == (snap.benchmark.rank if snap.benchmark else None)


def test_area_indicator_series_matches_the_indicator_csv_row_for_row(client: FlaskClient) -> None:
    body = _json(client, f"/api/v1/areas/{DEMO}/indicators/{TIMELINESS}")
    download = (
        client.get(f"/areas/{DEMO}/indicators/{TIMELINESS}.csv").get_data().decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(download)))[1:]
    assert len(rows) == len(body["series"]) > 1
    # The CSV gives the neighbours' mean (LAIT's figure), then their median, then any notes.
    keys = ("area", "region", "england", "statistical_neighbour_mean",
            "statistical_neighbour_median")  # fmt: skip
    with_notes = any(entry["notes"] for entry in body["series"])
    for row, entry in zip(rows, body["series"], strict=True):
        cells = [entry[k] for k in keys]
        shown = [c["symbol"] if c["value"] is None else f"{c['value']:.1f}" for c in cells]
        notes = [" ".join(entry["notes"])] if with_notes else []
        assert [entry["period"]["label"], *shown, *notes] == row


def test_all_areas_matches_the_all_areas_csv_for_the_chosen_period(
    client: FlaskClient, seeded_session: Session
) -> None:
    view = exports.all_areas_view(seeded_session, TIMELINESS, {})
    earlier = view.periods[-2].code
    body = _json(client, f"/api/v1/indicators/{TIMELINESS}/areas?period={earlier}")
    download = client.get(f"/indicators/{TIMELINESS}/all.csv?period={earlier}")
    rows = list(csv.DictReader(io.StringIO(download.get_data().decode("utf-8-sig"))))
    assert body["period"]["code"] == earlier
    assert [a["la_code"] for a in body["areas"]] == [r["la_code"] for r in rows]
    assert [a["rank"] for a in body["areas"]] == [int(r["rank"]) if r["rank"] else None
                                                  for r in rows]  # fmt: skip
    assert [a["quartile_band"] or "" for a in body["areas"]] == [r["quartile_band"] for r in rows]


def test_all_areas_defaults_to_the_latest_period(
    client: FlaskClient, seeded_session: Session
) -> None:
    latest = exports.all_areas_view(seeded_session, TIMELINESS, {}).period
    body = _json(client, f"/api/v1/indicators/{TIMELINESS}/areas")
    assert body["period"] == {"code": latest.code, "label": latest.label}
    assert body["periods"][-1]["code"] == latest.code


def test_every_figure_is_a_value_or_a_known_symbol_never_both(client: FlaskClient) -> None:
    for path in (f"/api/v1/areas/{DEMO}", f"/api/v1/areas/{DEMO}/indicators/{TIMELINESS}",
                 f"/api/v1/indicators/{TIMELINESS}/areas"):  # fmt: skip
        cells = _cells(_json(client, path))
        assert cells, path
        for cell in cells:
            assert (cell["value"] is None) != (cell["symbol"] is None), cell
            assert cell["symbol"] is None or cell["symbol"] in SYMBOLS


def test_every_symbol_shown_is_explained_in_the_same_response(client: FlaskClient) -> None:
    for indicator in list_indicators():
        body = _json(client, f"/api/v1/areas/{DEMO}/indicators/{indicator.id}")
        used = {c["symbol"] for c in _cells(body) if c["symbol"]}
        assert {s["symbol"] for s in body["symbols"]} == used, indicator.id
        assert all(s["meaning"] == SYMBOLS[s["symbol"]] for s in body["symbols"])


def test_counts_are_whole_numbers_and_percentages_keep_their_published_decimals(
    client: FlaskClient,
) -> None:
    body = _json(client, f"/api/v1/areas/{DEMO}")
    for figure in body["figures"]:
        value = figure["value"]["value"]
        if value is None:
            continue
        decimals = figure["indicator"]["decimals"]
        assert isinstance(value, int) if decimals == 0 else round(value, decimals) == value


def test_public_data_may_be_cached_for_five_minutes(client: FlaskClient) -> None:
    for path in ("/api/v1/indicators", "/api/v1/areas", f"/api/v1/areas/{DEMO}",
                 "/api/v1/openapi.json"):  # fmt: skip
        assert client.get(path).headers["Cache-Control"] == "public, max-age=300", path


def test_the_api_sends_no_cors_headers(client: FlaskClient) -> None:
    response = client.get("/api/v1/areas", headers={"Origin": "https://example.org"})
    assert not [h for h in response.headers.keys() if h.lower().startswith("access-control-")]
