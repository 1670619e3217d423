"""Round 2: published statistics from the store, editing forms with ownership and audit,
the forecasting engine's baseline, the scorecard cache. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import polars as pl
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.audit import AuditEvent
from sendsight.disclosure import PROTECTED
from sendsight.forecasting.report import area_accuracy
from sendsight.outcomes import queries, scorecard
from sendsight.statistics import queries as statistics
from sendsight.statistics.registry import get_indicator
from tests.conftest import _csrf_from, sign_in, sign_out
from tests.partnerships import demo_partnership_id

TODAY = date(2025, 10, 15)


def _measure(session: Session, key: str) -> queries.Measure:  # type: ignore[name-defined]
    measure = queries.get_measure_by_key_or_none(
        session=session, key=key, partnership_id=demo_partnership_id(session)
    )
    assert measure is not None
    return measure


def _row(session: Session, key: str) -> scorecard.Row:
    groups = scorecard.build_scorecard(
        session, partnership_id=demo_partnership_id(session), today=TODAY, viewpoint=PROTECTED
    )
    return next(r for g in groups for r in g.rows if r.measure.key == key)


# --- published statistics ------------------------------------------------------------------


def test_a_published_indicator_shows_the_latest_figure_in_the_statistics_store(
    seeded_session: Session,
) -> None:
    series = statistics.indicator_series(
        session=seeded_session, indicator_id="pct-20-weeks-excl-exceptions", area_code="354"
    ).filter(pl.col("value").is_not_null())
    row = _row(seeded_session, "ehcp_20_weeks")
    assert row.latest_period == series["period"][-1]
    assert row.latest == series["value"][-1]


def test_a_published_indicator_carries_its_band_and_neighbour_comparison(
    seeded_session: Session,
) -> None:
    row = _row(seeded_session, "ehcp_20_weeks")
    assert row.quartile_band in {"A", "B", "C", "D"}
    assert row.sn_median is not None and row.england is not None
    assert "statistical neighbours' median" in row.sn_sentence


def test_importing_a_new_release_updates_the_measure(seeded_session: Session) -> None:
    indicator = get_indicator("pct-20-weeks-excl-exceptions")
    source = indicator.sources[0]
    release = next(r for r in statistics.list_releases(session=seeded_session)
                   if r.publication == source.publication)  # fmt: skip
    values = statistics.release_values(release, session=seeded_session)
    latest = _row(seeded_session, "ehcp_20_weeks").latest_period
    assert latest is not None
    following = str(int(latest) + 1)
    newer = values.filter(
        (pl.col("indicator") == source.column) & (pl.col("period") == latest)
    ).with_columns(period=pl.lit(following), value=pl.col("value").fill_null(0) * 0 + 77.7)
    statistics.create_release(
        newer, session=seeded_session, publication=release.publication,
        release_label="Test release", vintage_order=release.vintage_order + 100,
        source_file="test.csv", sha256="0" * 64, row_count=newer.height,
    )  # fmt: skip
    row = _row(seeded_session, "ehcp_20_weeks")
    assert (row.latest_period, row.latest) == (following, 77.7)


def test_turn_the_curve_chart_shows_england_and_the_neighbour_median(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    body = client.get(f"/scorecard/measures/{_measure(seeded_session, 'ehcp_20_weeks').id}")
    text = body.get_data(as_text=True)
    assert "England" in text and "Statistical neighbours (median)" in text
    assert "Band " in text


def test_values_cannot_be_imported_for_a_published_statistic(
    seeded_session: Session,
) -> None:
    from sendsight.core.errors import InputRejected
    from sendsight.outcomes.value_import import import_values_csv

    text = "measure_id,period,value\nehcp_20_weeks,2024,50\n"
    try:
        import_values_csv(
            seeded_session, text, filename="v.csv", entered_by="t",
            partnership_id=demo_partnership_id(seeded_session),
        )  # fmt: skip
    except InputRejected as exc:
        assert [p.column for p in exc.problems] == ["measure_id"]
    else:
        raise AssertionError("a value for a published statistic was accepted")


# --- the forecasting engine's baseline ------------------------------------------------------


def test_ehc_plans_baseline_names_the_engine_and_the_areas_backtest_accuracy(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    row = _row(seeded_session, "ehc_plans")
    assert row.baseline is not None
    accuracy = area_accuracy("354", session=seeded_session)
    assert accuracy is not None
    assert f"{accuracy:.1f}% out on average" in row.baseline.method
    page = client.get(f"/scorecard/measures/{row.measure.id}").get_data(as_text=True)
    assert "caseload forecasting engine" in page


def test_other_measures_keep_the_simple_documented_baseline(seeded_session: Session) -> None:
    # A local percentage (no published series to learn from): the simple method, in range.
    row = _row(seeded_session, "ep_advice_6_weeks")
    assert row.baseline is not None
    assert "logit scale" in row.baseline.method
    # A measure wired to the 20-week percentage learns from every LA (decision 0702).
    wired = _row(seeded_session, "ehcp_20_weeks")
    assert wired.baseline is not None
    assert "every local authority" in wired.baseline.method


# --- the cache ----------------------------------------------------------------------------


def test_the_cached_scorecard_shows_a_value_entered_after_it_was_built(
    seeded_session: Session,
) -> None:
    before = _row(seeded_session, "cyp_happy")
    assert before.latest_period is not None
    measure = _measure(seeded_session, "cyp_happy")
    queries.record_value(
        session=seeded_session,
        measure=measure,
        new=queries.NewValue(before.latest_period, 11.0),
        entered_by="t",
    )
    assert _row(seeded_session, "cyp_happy").latest == 11.0


# --- forms, ownership and audit -----------------------------------------------------------


def test_a_partner_cannot_change_another_organisations_measure(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")  # the integrated care board
    council_owned = _measure(seeded_session, "family_supported")
    assert client.get(f"/scorecard/measures/{council_owned.id}/values").status_code == 403
    assert client.get(f"/scorecard/measures/{council_owned.id}/edit").status_code == 403


def test_a_partner_adds_a_measure_for_its_own_organisation_and_it_is_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    token = _csrf_from(client.get("/scorecard/measures/new").get_data(as_text=True))
    response = client.post("/scorecard/measures/new", data={
        "csrf_token": token, "name": "Children seen by the neurodevelopmental service",
        "outcome_id": "", "level": "performance", "kind": "how_much", "service": "ND service",
        "unit": "count", "decimals": "0", "polarity": "neither", "frequency": "monthly",
        "source_kind": "manual", "owner": "",
    })  # fmt: skip
    assert response.status_code == 302
    created = _measure(seeded_session, "children_seen_by_the_neurodevelopmental_service")
    assert created.owner_organisation == "Demo Integrated Care Board"
    events = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "outcomes.measure.create")
    ).all()
    assert [e.object_id for e in events] == [created.id]


def test_a_measure_form_with_problems_shows_an_error_summary(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    token = _csrf_from(client.get("/scorecard/measures/new").get_data(as_text=True))
    response = client.post("/scorecard/measures/new", data={
        "csrf_token": token, "name": "", "level": "performance", "unit": "percent",
        "polarity": "up", "frequency": "monthly", "source_kind": "dfe_statistic",
    })  # fmt: skip
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-error-summary" in body
    for message in ("Enter the name", "Choose which of the three questions",
                    "Choose the published statistic", "3-digit DfE code"):  # fmt: skip
        assert message in body


def test_only_an_administrator_adds_an_outcome(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    assert client.get("/scorecard/outcomes/new").status_code == 403
    sign_out(client)
    admin = client.application.test_client()
    sign_in(admin, "admin")
    token = _csrf_from(admin.get("/scorecard/outcomes/new").get_data(as_text=True))
    response = admin.post("/scorecard/outcomes/new", data={
        "csrf_token": token, "statement": "I have friends and things to do",
        "coproduced_on": "2025-06-01"})  # fmt: skip
    assert response.status_code == 302
    outcome = queries.get_outcome_by_key_or_none(
        session=seeded_session,
        key="i_have_friends_and_things_to_do",
        partnership_id=demo_partnership_id(seeded_session),
    )
    assert outcome is not None and outcome.coproduced_on == date(2025, 6, 1)


def test_measure_names_are_escaped_in_the_scorecard_sparklines(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    measure = _measure(seeded_session, "cyp_happy")
    measure.name = "<script>alert(1)</script> happy"
    seeded_session.commit()
    body = client.get("/scorecard").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
