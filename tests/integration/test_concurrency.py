"""Audited page views and a large EHC import at the same time: nobody gets "database is locked".

Issue #12 item 4: on SQLite a page view reads a case, then writes its audit event; while an
import was writing, that upgrade from reading to writing failed at once, and so could the import.
Here 8 signed-in clients view case pages (each view audited) from their own threads, with the
app's real session factory, while another thread imports a synthetic file of 20,000 to 40,000 rows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from sendsight.access.audit import NamedActor
from sendsight.access.models import AuditEvent
from sendsight.config import Settings
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine, transaction
from sendsight.ehc import imports
from sendsight.ehc.models import EhcRequest
from sendsight.web import create_app
from tests.bulk_ehc import write_bulk_template
from tests.conftest import DEMO_PASSWORD, POSTGRES_URL, REQUIRE_POSTGRES, TEST_DATA, sign_in

TEMPLATE = TEST_DATA / "ehc" / "template"
LA = "354"
CLIENTS = 8
# SQLite writes the rows faster, and its import must last long enough to overlap many views.
BULK_ROWS = {"sqlite": 40_000, "postgresql": 20_000}
THINK_SECONDS = 0.05  # between one client's views, so the import gets its share of the CPU
MIN_VIEWS_PER_CLIENT = 3
CASES = [f"T-R00{n}" for n in range(1, 7)]


def _postgres_url() -> str:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
        pytest.skip("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_concurrency"
    admin = get_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    with get_engine(url).begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own (this test commits), with demo users and the six-case template."""
    from sendsight.db.meta import DEMO_KEY, set_meta
    from sendsight.demo.access import seed_demo_access

    found = f"sqlite:///{tmp_path / 'busy.db'}" if request.param == "sqlite" else _postgres_url()
    upgrade(found)
    with transaction(found) as session:
        set_meta(session, DEMO_KEY, "true")  # the demo accounts sign in only on a demo database
        seed_demo_access(session, la_code=LA, password=DEMO_PASSWORD)
        imports.import_template(
            session,
            la_code=LA,
            requests=TEMPLATE / "requests.csv",
            advice=TEMPLATE / "advice.csv",
            reviews=TEMPLATE / "reviews.csv",
            actor=NamedActor(email="seed"),
        )
    yield found


@dataclass
class Tally:
    """What the clients saw."""

    views: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, error: str | None) -> None:
        with self.lock:
            self.views += 1
            if error:
                self.errors.append(error)


def _view_cases(
    client: FlaskClient,
    offset: int,
    done: threading.Event,
    tally: Tally,
    started: threading.Barrier,
) -> None:
    started.wait(timeout=120)
    count = 0
    while not done.is_set() or count < MIN_VIEWS_PER_CLIENT:
        path = f"/ehc/cases/{CASES[(offset + count) % len(CASES)]}?la={LA}"
        count += 1
        try:
            status = client.get(path).status_code
            tally.add(None if status == 200 else f"{path}: HTTP {status}")
        except Exception as error:
            tally.add(f"{path}: {error!r}")
        time.sleep(THINK_SECONDS)


def _bulk_rows(url: str) -> int:
    return BULK_ROWS["sqlite" if url.startswith("sqlite") else "postgresql"]


def _import_bulk(
    url: str, folder: Path, done: threading.Event, outcome: list[object], started: threading.Barrier
) -> None:
    paths = write_bulk_template(folder, rows=_bulk_rows(url))
    started.wait(timeout=120)
    try:
        with transaction(url) as session:
            outcome.append(
                imports.import_template(
                    session,
                    la_code=LA,
                    requests=paths["requests"],
                    advice=paths["advice"],
                    reviews=paths["reviews"],
                    actor=NamedActor(email="bulk import"),
                )
            )
    except Exception as error:
        outcome.append(error)
    finally:
        done.set()


def test_audited_page_views_during_a_large_import_all_succeed_and_the_import_completes(
    url: str, tmp_path: Path
) -> None:
    app = create_app(Settings(database_url=url, environment="test", secret_key="test-key"))
    tally, done, outcome = Tally(), threading.Event(), list[object]()
    started = threading.Barrier(CLIENTS + 1)
    clients = [app.test_client() for _ in range(CLIENTS)]
    for n, client in enumerate(clients):
        sign_in(client, ["caseworker", "analyst"][n % 2])  # both may view their LA's cases
    threads = [
        threading.Thread(target=_view_cases, args=(client, n, done, tally, started))
        for n, client in enumerate(clients)
    ]
    threads.append(
        threading.Thread(target=_import_bulk, args=(url, tmp_path / "bulk", done, outcome, started))
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert tally.errors == [], f"{len(tally.errors)} of {tally.views} views failed"
    assert len(outcome) == 1 and isinstance(outcome[0], imports.ImportResult), outcome
    with transaction(url) as session:
        requests = session.scalar(select(func.count(EhcRequest.id)))
        audited = session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "case.view")
        )
    inserted = outcome[0].counts["requests"].inserted
    assert inserted > _bulk_rows(url) // 4 and requests == 6 + inserted
    assert tally.views >= CLIENTS * MIN_VIEWS_PER_CLIENT and audited == tally.views
