"""``sendsight demo --today``: a demo built on any day looks current on that day.

The demo is built once per backend and day (with the real command, committed to a database of
its own) and read with the product's own logic: the at-risk list from ``sendsight ehc at-risk``
and the scorecard's "up to date" flags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Date, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sendsight.access import queries as access_queries
from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.db.session import get_engine
from sendsight.demo import clock
from sendsight.demo.access import PARTNERSHIP_NAME
from sendsight.demo.build import build_demo
from sendsight.demo.ehc_cases import generate_frames, seed_demo_cases
from sendsight.demo.outcomes import STALE_ON_PURPOSE
from sendsight.disclosure import CASE_LEVEL
from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview
from sendsight.outcomes import queries as outcomes_queries
from sendsight.outcomes.baseline import trend_baseline
from sendsight.outcomes.scorecard import build_scorecard
from sendsight.outcomes.vocab import OPEN_STATUSES
from tests.conftest import (
    DEMO_PASSWORD,
    POSTGRES_URL,
    REQUIRE_POSTGRES,
    _reset_postgres,
    rolled_back_session,
)

TODAYS = (date(2025, 3, 1), date(2026, 12, 3), date(2028, 7, 15))
BUILDS = [(backend, today) for backend in ("sqlite", "postgresql") for today in TODAYS]


@dataclass(frozen=True)
class Built:
    url: str
    today: date


def _postgres_demo_url() -> str:
    """A database of this module's own next to the test database (made when missing)."""
    if not POSTGRES_URL:
        message = "PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_demo"
    with get_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        query = text("SELECT 1 FROM pg_database WHERE datname = :n")
        if not conn.execute(query, {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    _reset_postgres(url)
    return url


def _invoke(url: str, *args: str) -> str:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SENDSIGHT_ENVIRONMENT", "test")
        patch.setenv("SENDSIGHT_DATABASE_URL", url)
        patch.setenv("SENDSIGHT_DEMO_PASSWORD", DEMO_PASSWORD)
        get_settings.cache_clear()
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module", params=BUILDS, ids=[f"{b}-{t}" for b, t in BUILDS])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    backend, today = request.param
    if backend == "sqlite":
        url = f"sqlite:///{Path(tmp_path_factory.mktemp('demo')) / 'demo.db'}"
    else:
        url = _postgres_demo_url()
    _invoke(url, "demo", "--no-serve", "--today", today.isoformat())
    return Built(url, today)


@pytest.fixture
def session(built: Built) -> Iterator[Session]:
    yield from rolled_back_session(built.url)


def test_open_requests_are_a_realistic_mix_of_due_and_overdue(built: Built) -> None:
    output = _invoke(built.url, "ehc", "at-risk", "--la", "354", "--as-of",
                     built.today.isoformat(), "--format", "json")  # fmt: skip
    days = [row["days_remaining"] for row in json.loads(output)]
    assert len(days) >= 100
    assert sum(d < -8 * 7 for d in days) < 0.15 * len(days)
    assert min(days) >= -26 * 7  # none overdue by more than 26 weeks
    assert any(-8 * 7 <= d < 0 for d in days) and any(0 <= d <= 14 for d in days)


def test_no_case_event_is_after_the_last_complete_month(built: Built, session: Session) -> None:
    _assert_no_case_event_after(session, clock.last_complete_month_end(built.today))


def test_local_measures_are_current_notes_recent_and_actions_due_around_today(
    built: Built, session: Session
) -> None:
    _assert_current_framework(session, built.today)


def test_building_again_on_the_same_day_changes_no_case_row(built: Built, session: Session) -> None:
    assert seed_demo_cases(session, la_code="354", today=built.today) is False
    stored = session.scalar(select(func.count()).select_from(EhcRequest))
    assert stored == generate_frames(today=built.today).requests.height


def test_a_demo_refreshed_on_a_later_day_is_current_on_that_day(
    built: Built, session: Session
) -> None:
    if built.today != TODAYS[1]:
        pytest.skip("one refresh per backend is enough")
    later = built.today + timedelta(days=200)
    build_demo(session, la_code="354", password=DEMO_PASSWORD, today=later)
    _assert_no_case_event_after(session, clock.last_complete_month_end(later))
    stored = session.scalar(select(func.count()).select_from(EhcRequest))
    assert stored == generate_frames(today=later).requests.height
    _assert_current_framework(session, later)


def _assert_no_case_event_after(session: Session, cut: date) -> None:
    for model in (EhcRequest, EhcAdvice, EhcReview):
        for column in model.__table__.columns:
            if isinstance(column.type, Date):
                latest = session.scalar(select(func.max(column)))
                assert latest is None or latest <= cut, (model.__name__, column.name, latest)
    newest = session.scalar(select(func.max(EhcRequest.received_on)))
    assert newest is not None and newest > cut - timedelta(days=31)


def _assert_current_framework(session: Session, today: date) -> None:
    partnership = access_queries.get_partnership_by_name_or_none(
        session=session, name=PARTNERSHIP_NAME
    )
    assert partnership is not None
    groups = build_scorecard(
        session,
        partnership_id=partnership.id,
        today=today,
        viewpoint=CASE_LEVEL,
        provider=trend_baseline,
    )  # baselines play no part in being current
    local = [row for group in groups for row in group.rows if row.measure.is_demonstration]
    stale = [row.measure for row in local if row.stale]
    assert len(local) - len(stale) >= 0.8 * len(local)
    assert [m.key for m in stale] == [STALE_ON_PURPOSE]
    assert "out of date on purpose" in stale[0].definition
    reviewed: dict[tuple[str, str], date] = {}
    for note in outcomes_queries.list_note_versions(session=session, partnership_id=partnership.id):
        reviewed[note.measure_id, note.section] = note.saved_at_utc.date()  # newest last
    assert reviewed and all(today - timedelta(days=183) <= d <= today for d in reviewed.values())
    actions = outcomes_queries.list_actions(session=session, partnership_id=partnership.id)
    open_ = [a for a in actions if a.status in OPEN_STATUSES and a.due_on is not None]
    overdue = [a for a in open_ if a.due_on < today]
    assert 1 <= len(overdue) <= 2
    assert any(a.due_on >= today for a in open_)
    assert any(a.status == "complete" for a in actions)
