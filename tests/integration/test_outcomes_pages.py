"""The scorecard pages, forms and API through the Flask test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.outcomes import queries
from tests.conftest import _csrf_from, sign_in
from tests.partnerships import demo_partnership_id


def _measure_id(session: Session, key: str) -> str:
    measure = queries.get_measure_by_key_or_none(
        session=session, key=key, partnership_id=demo_partnership_id(session)
    )
    assert measure is not None
    return measure.id


def test_every_scorecard_page_renders_for_an_analyst(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    measure_id = _measure_id(seeded_session, "ehcp_20_weeks")
    for path in ("/scorecard", "/scorecard/report", "/scorecard/services", "/scorecard/health",
                 f"/scorecard/measures/{measure_id}"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path


def test_scorecard_lists_every_outcome_statement(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    body = client.get("/scorecard").get_data(as_text=True)
    for outcome in queries.list_outcomes(
        session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
    ):
        assert outcome.statement in body


def test_turn_the_curve_page_has_a_chart_a_table_and_a_csv_link(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    measure_id = _measure_id(seeded_session, "ehcp_20_weeks")
    body = client.get(f"/scorecard/measures/{measure_id}").get_data(as_text=True)
    assert "<svg" in body and "<table" in body
    assert f"/scorecard/measures/{measure_id}.csv" in body


def test_measure_csv_has_one_row_per_period_plus_forecast(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    measure_id = _measure_id(seeded_session, "cyp_happy")
    response = client.get(f"/scorecard/measures/{measure_id}.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    held = queries.current_values(
        session=seeded_session,
        measure_ids=[measure_id],
        partnership_id=demo_partnership_id(seeded_session),
    ).height
    assert len(rows) == held + 3
    assert rows[-1]["baseline"] != ""


def test_correcting_a_value_through_the_form_keeps_the_old_one(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    measure_id = _measure_id(seeded_session, "cyp_happy")
    page = client.get(f"/scorecard/measures/{measure_id}/values")
    token = _csrf_from(page.get_data(as_text=True))
    response = client.post(
        f"/scorecard/measures/{measure_id}/values",
        data={"csrf_token": token, "period": "2024/25", "value": "12.5", "note": "Recounted"},
    )
    assert response.status_code == 302
    history = [
        v
        for v in queries.value_history(
            session=seeded_session,
            measure_id=measure_id,
            partnership_id=demo_partnership_id(seeded_session),
        )
        if v.period == "2024/25"
    ]
    assert [v.value for v in history if v.superseded_at_utc is None] == [12.5]
    assert len(history) == 2


def test_a_value_for_the_wrong_kind_of_period_is_refused_with_an_error_summary(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    measure_id = _measure_id(seeded_session, "cyp_happy")
    token = _csrf_from(
        client.get(f"/scorecard/measures/{measure_id}/values").get_data(as_text=True)
    )
    response = client.post(
        f"/scorecard/measures/{measure_id}/values",
        data={"csrf_token": token, "period": "2024-03", "value": "12.5"},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "academic year as YYYY/YY" in body


def test_saving_a_note_adds_a_version(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "partner")
    measure_id = _measure_id(seeded_session, "keyworking_contact")
    before = len(
        queries.list_note_versions(
            session=seeded_session,
            measure_ids=[measure_id],
            partnership_id=demo_partnership_id(seeded_session),
        )
    )
    path = f"/scorecard/measures/{measure_id}/notes/story"
    token = _csrf_from(client.get(path).get_data(as_text=True))
    client.post(path, data={"csrf_token": token, "body": "Advice is now on time."})
    notes = queries.list_note_versions(
        session=seeded_session,
        measure_ids=[measure_id],
        partnership_id=demo_partnership_id(seeded_session),
    )
    assert len(notes) == before + 1
    assert (
        queries.current_notes(
            session=seeded_session,
            measure_id=measure_id,
            partnership_id=demo_partnership_id(seeded_session),
        )["story"].body
        == "Advice is now on time."
    )


def test_api_scorecard_returns_every_measure_with_its_baseline(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    data = json.loads(client.get("/api/v1/scorecard").get_data(as_text=True))
    keys = [m["id"] for o in data["outcomes"] for m in o["measures"]]
    assert sorted(keys) == sorted(
        m.key
        for m in queries.list_measures(
            session=seeded_session, partnership_id=demo_partnership_id(seeded_session)
        )
    )


def test_school_users_cannot_see_the_scorecard(client: FlaskClient) -> None:
    sign_in(client, "school")
    assert client.get("/scorecard").status_code == 403


def test_caseworkers_cannot_edit_values(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "caseworker")
    measure_id = _measure_id(seeded_session, "family_supported")
    assert client.get(f"/scorecard/measures/{measure_id}/values").status_code == 403


def test_the_caseload_baseline_is_rounded_for_partners_and_exact_for_analysts(
    client: FlaskClient, seeded_session: Session
) -> None:
    # The EHC plans measure's baseline is the forecasting engine's forecast: a modelled count
    # of children, so it goes through disclosure control like the forecast pages.
    measure_id = _measure_id(seeded_session, "ehc_plans")

    def baselines(role: str) -> list[float]:
        reader = client.application.test_client()
        sign_in(reader, role)
        response = reader.get(f"/scorecard/measures/{measure_id}.csv")
        text = response.get_data(as_text=True).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(text)))
        return [
            float(r[k]) for r in rows for k in ("baseline", "baseline_lower", "baseline_upper")
            if r["baseline"]
        ]  # fmt: skip

    partner, analyst = baselines("partner"), baselines("analyst")
    assert len(partner) == len(analyst) == 9
    assert all(v % 10 == 0 for v in partner)
    assert any(v % 10 != 0 for v in analyst)
    assert all(abs(p - a) <= 5 for p, a in zip(partner, analyst, strict=True))
