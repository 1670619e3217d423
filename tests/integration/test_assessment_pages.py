"""Self-assessment pages and export on the seeded demo: blind results, rating, moderation."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.assessment import queries
from sendsight.assessment.models import Consensus, Evidence, Rating, Round
from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.demo import assessment as demo
from tests.conftest import DEMO_TODAY, sign_in
from tests.partnerships import demo_partnership_id


def _open_round(session: Session) -> Round:
    every = queries.list_rounds(session=session, partnership_id=demo_partnership_id(session))
    return every[-1]


def _csrf(body: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
    assert match
    return match.group(1)


def test_export_json_has_themes_rounds_ratings_by_organisation_and_spreads(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", seeded_url)
    get_settings.cache_clear()
    result = CliRunner().invoke(
        cli,
        [
            "assessment",
            "export",
            "--format",
            "json",
            "--partnership",
            "Demo SEND Alliance",
            "--today",
            DEMO_TODAY.isoformat(),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["framework"]["themes"]) == 7 and data["framework"]["themes"][0]["statements"]
    closed = [r for r in data["rounds"] if r["status"] == "closed"]
    assert len(closed) == 2 and [r["status"] for r in data["rounds"]][-1] == "open"
    assert {r["organisation"] for r in closed[0]["ratings"]} >= {
        "Demo Borough Council",
        "Demo Parent Carer Forum",
    }
    assert len({r["organisation"] for r in closed[0]["ratings"]}) == 6
    statement = closed[1]["statements"][0]
    assert statement["consensus"] and set(statement["spread"]) >= {"range", "iqr", "min", "max"}
    assert any(s["spread"]["range"] >= 2 for s in closed[1]["statements"])
    assert any(t["not_moving"] for t in closed[1]["themes"])


def test_demo_seed_is_idempotent(seeded_session: Session) -> None:
    counts = [
        seeded_session.scalar(select(func.count()).select_from(m))
        for m in (Round, Rating, Consensus, Evidence)
    ]
    demo.seed(
        seeded_session,
        la_code="354",
        partnership_id=demo_partnership_id(seeded_session),
        today=DEMO_TODAY,
    )
    assert [
        seeded_session.scalar(select(func.count()).select_from(m))
        for m in (Round, Rating, Consensus, Evidence)
    ] == counts


def test_admin_sees_every_rating_with_a_dot_plot_table_and_csv(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "admin")
    round_ = queries.list_rounds(
        session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
    )[1]
    page = client.get(f"/self-assessment/rounds/{round_.id}/results")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in body and "Not moving" in body
    assert "Demo Parent Carer Forum" in body and "Actions from this round" in body
    statement = queries.list_statements(
        session=seeded_session,
        framework_id=round_.framework_id,
        partnership_id=round_.partnership_id,
    )[0]
    one = client.get(f"/self-assessment/rounds/{round_.id}/statements/{statement.id}")
    assert one.status_code == 200 and "Agreed at moderation" in one.get_data(as_text=True)
    csv = client.get(f"/self-assessment/rounds/{round_.id}/results.csv")
    assert csv.status_code == 200 and csv.get_data(as_text=True).count("\n") > 6 * 20


def test_a_school_rates_blind_then_sees_everyone_after_submitting(
    client: FlaskClient, seeded_session: Session
) -> None:
    round_ = _open_round(seeded_session)
    sign_in(client, "school")
    results = client.get(f"/self-assessment/rounds/{round_.id}/results").get_data(as_text=True)
    assert "only your own organisation" in results and "Demo Borough Council" not in results
    statements = queries.list_statements(
        session=seeded_session,
        framework_id=round_.framework_id,
        partnership_id=round_.partnership_id,
    )
    for s in statements:
        url = f"/self-assessment/rounds/{round_.id}/rate/{s.id}"
        token = _csrf(client.get(url).get_data(as_text=True))
        form = {"csrf_token": token, "level": "developing", "confidence": "medium"}
        if s.statutory:
            form["duty_met"] = "yes"
        response = client.post(url, data=form)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(f"/self-assessment/rounds/{round_.id}")
    client.post(
        f"/self-assessment/rounds/{round_.id}/submit",
        data={"csrf_token": _csrf(page.get_data(as_text=True))},
    )
    after = client.get(f"/self-assessment/rounds/{round_.id}/results").get_data(as_text=True)
    assert "Demo Borough Council" in after


def test_a_rating_outside_the_scale_is_refused_on_the_page(
    client: FlaskClient, seeded_session: Session
) -> None:
    round_ = _open_round(seeded_session)
    statement = queries.list_statements(
        session=seeded_session,
        framework_id=round_.framework_id,
        partnership_id=round_.partnership_id,
    )[1]
    sign_in(client, "school")
    url = f"/self-assessment/rounds/{round_.id}/rate/{statement.id}"
    token = _csrf(client.get(url).get_data(as_text=True))
    response = client.post(
        url, data={"csrf_token": token, "level": "legendary", "confidence": "medium"}
    )
    assert response.status_code == 200 and "Choose a level on the scale" in response.get_data(
        as_text=True
    )


def test_pages_for_every_role_render_and_a_partner_cannot_open_a_round(client: FlaskClient) -> None:
    sign_in(client, "partner")
    assert client.get("/self-assessment/").status_code == 200
    assert client.get("/self-assessment/rounds/new").status_code == 403


def test_framework_page_offers_plain_language_and_admin_yaml(
    client: FlaskClient, seeded_session: Session
) -> None:
    [framework] = queries.list_frameworks(
        session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
    )
    sign_in(client, "admin")
    plain = client.get(f"/self-assessment/frameworks/{framework.id}?wording=plain")
    assert "Leaders listen to what children" in plain.get_data(as_text=True)
    yaml_text = client.get(f"/self-assessment/frameworks/{framework.id}/framework.yaml")
    assert yaml_text.status_code == 200 and b"key: send-maturity" in yaml_text.data
    assert date.today().year >= 2026


def test_an_administrator_imports_a_framework_file_and_a_bad_one_lists_its_lines(
    client: FlaskClient,
) -> None:
    from io import BytesIO

    from tests.tenancy.assessment import framework_yaml

    sign_in(client, "admin")
    page = client.get("/self-assessment/frameworks/import")
    bad = framework_yaml("Upload").replace("high: Upload high descriptor", "top: x")
    refused = client.post(
        "/self-assessment/frameworks/import",
        data={
            "csrf_token": _csrf(page.get_data(as_text=True)),
            "file": (BytesIO(bad.encode()), "bad.yaml"),
        },
        content_type="multipart/form-data",
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "line 17" in body and "Missing descriptor" in body
    done = client.post(
        "/self-assessment/frameworks/import",
        data={
            "csrf_token": _csrf(body),
            "file": (BytesIO(framework_yaml("Upload").encode()), "good.yaml"),
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 302 and "/self-assessment/frameworks/" in done.headers["Location"]
