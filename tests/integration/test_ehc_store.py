"""The EHC store: upsert imports, facts rebuilt from the store, audit, retention, scorecard."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.audit import NamedActor
from sendsight.access.models import AuditEvent
from sendsight.access.retention import due_records, registered_rules
from sendsight.core.errors import InputRejected
from sendsight.ehc import imports, metrics, queries, scorecard, template
from sendsight.ehc.models import CASE_MODELS, FACT_MODELS, EhcRequest
from tests.conftest import TEST_DATA

TEMPLATE = TEST_DATA / "ehc" / "template"
SEN2 = TEST_DATA / "ehc" / "sen2"
ACTOR = NamedActor(email="tester@example.test")
LA = "354"


def _import(session: Session, folder: Path = TEMPLATE, la_code: str = LA) -> imports.ImportResult:
    return imports.import_template(
        session, la_code=la_code, requests=folder / "requests.csv", advice=folder / "advice.csv",
        reviews=folder / "reviews.csv", actor=ACTOR,
    )  # fmt: skip


def _snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    """Every case and fact row's id and updated_at, per table."""
    return {
        model.__tablename__: list(
            session.execute(select(model.id, model.updated_at_utc).order_by(model.id)).all()
        )
        for model in (*CASE_MODELS, *FACT_MODELS)
    }


def test_importing_the_same_files_again_changes_no_row(db_session: Session) -> None:
    _import(db_session)
    before = _snapshot(db_session)
    again = _import(db_session)
    assert _snapshot(db_session) == before
    assert not again.changed
    assert again.counts["requests"].unchanged == 6
    assert all(len(rows) > 0 for rows in before.values())


def test_reimport_with_one_changed_date_updates_only_that_row(
    db_session: Session, tmp_path: Path
) -> None:
    _import(db_session)
    before = dict(_snapshot(db_session)["ehc_request"])
    shutil.copytree(TEMPLATE, tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "requests.csv").read_text().replace("2024-05-27", "2024-06-03")
    (tmp_path / "requests.csv").write_text(text)
    result = _import(db_session, tmp_path)
    assert result.counts["requests"].updated == 1
    after = dict(_snapshot(db_session)["ehc_request"])
    changed = [row_id for row_id in before if before[row_id] != after[row_id]]
    stored = db_session.get(EhcRequest, changed[0])
    assert len(changed) == 1 and stored is not None
    assert stored.request_id == "T-R001" and stored.final_issued_on == date(2024, 6, 3)


def test_rejected_import_lists_every_problem_and_keeps_previous_data(
    db_session: Session, tmp_path: Path
) -> None:
    _import(db_session)
    before = _snapshot(db_session)
    shutil.copytree(TEMPLATE, tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "requests.csv").read_text().replace("2024-02-01", "01/02/2024")
    (tmp_path / "requests.csv").write_text(text.replace("T-P004,2018-01-15", "T-P004,"))
    with pytest.raises(InputRejected) as caught:
        _import(db_session, tmp_path)
    found = {(p.file, p.line, p.column, p.value) for p in caught.value.problems}
    assert ("requests.csv", 3, "received_on", "01/02/2024") in found
    assert ("requests.csv", 5, "date_of_birth", None) in found
    assert _snapshot(db_session) == before


def test_each_import_is_logged_and_audited(db_session: Session) -> None:
    result = _import(db_session)
    event = db_session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == result.import_id)
    ).one()
    assert (event.action, event.actor_email, event.la_code) == ("import", ACTOR.email, LA)
    assert event.detail is not None and event.detail["counts"]["requests"]["inserted"] == 6
    logged = queries.list_imports(session=db_session, la_code=LA)
    assert [i.id for i in logged] == [result.import_id]


def test_stored_facts_give_the_same_metrics_as_the_pure_core(db_session: Session) -> None:
    _import(db_session)
    frames = template.read_template(LA, TEMPLATE / "requests.csv", TEMPLATE / "advice.csv",
                                    TEMPLATE / "reviews.csv")  # fmt: skip
    expected = metrics.metrics_for(metrics.build_facts(frames), LA, 2024)
    stored = queries.facts_for(session=db_session, la_code=LA)
    assert metrics.metrics_for(stored, LA, 2024) == expected
    assert expected["plans_issued"] == 2


def test_imports_of_two_las_keep_their_cases_apart(db_session: Session) -> None:
    _import(db_session, la_code="354")
    _import(db_session, la_code="355")
    assert queries.count_cases(session=db_session, la_code="355")["requests"] == 6
    assert queries.count_cases(session=db_session, la_code="354")["requests"] == 6


def test_sen2_import_stores_cases_and_logs_its_quality_checks(db_session: Session) -> None:
    result = imports.import_sen2(db_session, la_code=LA, directory=SEN2,
                                 reference_date=date(2025, 1, 20), actor=ACTOR)  # fmt: skip
    logged = queries.get_import(session=db_session, la_code=LA, import_id=result.import_id)
    assert [c["label"] for c in logged.checks] == [c.label for c in result.checks]
    assert logged.source == "sen2" and result.counts["requests"].inserted > 0


def test_case_tables_are_under_the_retention_schedule(db_session: Session) -> None:
    _import(db_session)
    rules = [r for r in registered_rules() if r.name.startswith("ehc_")]
    assert sorted(r.name for r in rules) == ["ehc_advice", "ehc_request", "ehc_review"]
    # T-P003 was born 2012-11-30: due 31 years later, with its request only.
    due = due_records(db_session, today=date(2043, 12, 1), years=31, rules=rules)
    assert [(d.rule, d.date_of_birth) for d in due] == [("ehc_request", date(2012, 11, 30))]


def test_scorecard_fact_series_reads_the_timeliness_facts(db_session: Session) -> None:
    _import(db_session)
    points = scorecard.series(db_session, LA, "ehc_pct_20_weeks_excl_exceptions")
    row = queries.read_facts(session=db_session, la_code=LA, table="timeliness").row(0, named=True)
    assert [p.period for p in points] == [str(row["year"])]
    assert points[0].denominator == row["plans_issued_excl_exceptions"]


def test_fact_rows_for_a_year_no_longer_present_are_removed(
    db_session: Session, tmp_path: Path
) -> None:
    _import(db_session)
    shutil.copytree(TEMPLATE, tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "requests.csv").read_text().replace("2024-05-27", "2025-05-27")
    (tmp_path / "requests.csv").write_text(text)
    _import(db_session, tmp_path)
    monthly = queries.read_facts(session=db_session, la_code=LA, table="monthly")
    assert "2024-05" not in monthly.get_column("month").to_list()
    assert "2025-05" in monthly.get_column("month").to_list()
    count = db_session.scalar(select(func.count()).select_from(EhcRequest))
    assert count == 6


def test_demo_seed_is_idempotent_and_lands_on_the_published_figures(db_session: Session) -> None:
    from sendsight.demo.ehc_cases import TARGET_PCT_20_WEEKS_EXCL, TARGET_PLANS, seed_demo_cases

    assert seed_demo_cases(db_session, la_code=LA) is True
    before = _snapshot(db_session)
    assert seed_demo_cases(db_session, la_code=LA) is False
    assert _snapshot(db_session) == before
    result = metrics.metrics_for(queries.facts_for(session=db_session, la_code=LA), LA, 2024)
    assert result["plans_issued"] == TARGET_PLANS[2024]
    assert result["plans_within_20_weeks_pct_excl_exceptions"] == TARGET_PCT_20_WEEKS_EXCL[2024]
