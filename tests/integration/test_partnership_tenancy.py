"""The tenancy rule (ADR 0602): an LA belongs to at most one partnership; each partnership's
rows carry it; commands say which partnership they mean; migration 0002 fills in old rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.access.errors import TenancyRefused
from sendsight.access.models import OrganisationKind
from sendsight.cli import cli
from sendsight.core.errors import NotFound
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine, session_factory, transaction
from sendsight.outcomes import queries as outcomes
from sendsight.reference.loader import load_reference_data
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, _reset_postgres, backend_url
from tests.partnerships import new_partnership_id

PASSWORD = "a long enough password 42"


@pytest.fixture(params=["sqlite", "postgresql"])
def cli_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh database with the reference data, which the commands use (they commit)."""
    url = backend_url(request.param, tmp_path)
    with transaction(url) as session:
        load_reference_data(session)
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    monkeypatch.setenv("SENDSIGHT_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("SENDSIGHT_ARGON2_MEMORY_KIB", "8192")
    yield url


def _create_admin(email: str, partnership: str, la_code: str) -> Result:
    return CliRunner().invoke(cli, [
        "users", "create-admin", "--email", email, "--name", "Ada Admin",
        "--partnership", partnership, "--la-code", la_code, "--password", PASSWORD,
    ])  # fmt: skip


# --- one LA, one partnership ---------------------------------------------------------------


def test_create_admin_refuses_a_code_that_is_not_a_local_authority(cli_url: str) -> None:
    result = _create_admin("ada@one.example.test", "One", "999")
    assert result.exit_code == 1 and "'999' is not the DfE code of a local authority" in (
        result.output
    )
    with session_factory(cli_url)() as session:
        assert access.list_partnerships(session=session) == []


def test_create_admin_refuses_an_la_another_partnership_covers(cli_url: str) -> None:
    assert _create_admin("ada@one.example.test", "One", "354").exit_code == 0
    result = _create_admin("bob@two.example.test", "Two", "354")
    assert result.exit_code == 1
    assert "Local authority 354 already belongs to the partnership 'One'" in result.output
    with session_factory(cli_url)() as session:
        assert [p.name for p in access.list_partnerships(session=session)] == ["One"]
        assert (
            access.get_user_by_email_or_none(session=session, email="bob@two.example.test") is None
        )


def test_create_admin_names_the_council_and_adds_a_second_la_to_its_partnership(
    cli_url: str,
) -> None:
    assert _create_admin("ada@one.example.test", "One", "354").exit_code == 0
    assert _create_admin("cy@one.example.test", "One", "350").exit_code == 0
    with session_factory(cli_url)() as session:
        [one] = access.list_partnerships(session=session)
        assert one.la_codes == ["350", "354"]
        names = [o.name for o in access.list_organisations(session=session, partnership_id=one.id)]
        assert names == ["Bolton Council", "Rochdale Council"]


def test_a_partnership_cannot_take_an_la_another_already_covers(db_session: Session) -> None:
    one = access.create_partnership(session=db_session, name="One", la_codes=["901"])
    with pytest.raises(TenancyRefused, match="901 already belongs to the partnership 'One'"):
        access.create_partnership(session=db_session, name="Two", la_codes=["902", "901"])
    two = access.create_partnership(session=db_session, name="Two", la_codes=["902"])
    with pytest.raises(TenancyRefused):
        access.set_partnership_la_codes(session=db_session, partnership=two, la_codes=["901"])
    access.set_partnership_la_codes(session=db_session, partnership=one, la_codes=["901", "903"])
    assert one.la_codes == ["901", "903"]
    with pytest.raises(TenancyRefused, match="'Two' does not cover local authority 901"):
        access.create_organisation(
            session=db_session, partnership=two, name="A school over the border",
            kind=OrganisationKind.SCHOOL, la_code="901", urn="990999",
        )  # fmt: skip


# --- rows carry their partnership ------------------------------------------------------------


def test_keys_are_unique_within_a_partnership_not_across_them(db_session: Session) -> None:
    one, two = new_partnership_id(db_session, "One"), new_partnership_id(db_session, "Two")
    for partnership_id in (one, two):
        outcomes.create_measure(
            session=db_session, partnership_id=partnership_id, key="same", name="Same",
            level="indicator", frequency="monthly",
        )  # fmt: skip
    assert (
        outcomes.get_measure_by_key_or_none(session=db_session, key="same", partnership_id=two)
        is not None
    )
    with pytest.raises(IntegrityError), db_session.begin_nested():
        outcomes.create_measure(
            session=db_session, partnership_id=one, key="same", name="Again", level="indicator",
            frequency="monthly",
        )  # fmt: skip


def test_another_partnerships_objects_are_not_found_and_cannot_be_linked(
    db_session: Session,
) -> None:
    one, two = new_partnership_id(db_session, "One"), new_partnership_id(db_session, "Two")
    theirs = outcomes.create_outcome(
        session=db_session, partnership_id=two, key="o", statement="I am"
    )
    measure = outcomes.create_measure(
        session=db_session,
        partnership_id=two,
        key="m",
        name="M",
        level="indicator",
        frequency="monthly",
    )
    note = outcomes.save_note(
        session=db_session, measure=measure, section="story", body="x", author="a"
    )
    assert note.partnership_id == two
    with pytest.raises(NotFound):
        outcomes.get_measure(session=db_session, measure_id=measure.id, partnership_id=one)
    with pytest.raises(NotFound):
        outcomes.get_outcome(session=db_session, outcome_id=theirs.id, partnership_id=one)
    with pytest.raises(NotFound):  # a measure of one partnership under another's outcome
        outcomes.create_measure(
            session=db_session, partnership_id=one, key="m", name="M", level="indicator",
            frequency="monthly", outcome_id=theirs.id,
        )  # fmt: skip
    assert outcomes.list_note_versions(session=db_session, partnership_id=one) == []


# --- commands say which partnership they mean -------------------------------------------------


def test_outcomes_import_needs_a_partnership_when_there_are_several(
    cli_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "framework.json"
    document.write_text(json.dumps({"format": "sendsight-outcomes", "version": 1,
                                    "outcomes": [{"key": "o", "statement": "I am heard"}],
                                    "measures": []}))  # fmt: skip
    empty = CliRunner().invoke(cli, ["outcomes", "import", str(document)])
    assert empty.exit_code == 1 and "There is no partnership yet" in empty.output
    assert _create_admin("ada@one.example.test", "One", "354").exit_code == 0
    assert _create_admin("bob@two.example.test", "Two", "350").exit_code == 0
    several = CliRunner().invoke(cli, ["outcomes", "import", str(document)])
    assert several.exit_code == 1
    assert "Say which partnership with --partnership: one of 'One', 'Two'" in several.output
    chosen = CliRunner().invoke(cli, ["outcomes", "import", str(document), "--partnership", "Two"])
    assert chosen.exit_code == 0, chosen.output
    with session_factory(cli_url)() as session:
        two = access.get_partnership_by_name_or_none(session=session, name="Two")
        one = access.get_partnership_by_name_or_none(session=session, name="One")
        assert one is not None and two is not None
        assert [o.key for o in outcomes.list_outcomes(session=session, partnership_id=two.id)] == [
            "o"
        ]
        assert outcomes.list_outcomes(session=session, partnership_id=one.id) == []


# --- migration 0002 fills in rows already held --------------------------------------------------


def _at_0001(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        if not POSTGRES_URL:
            if REQUIRE_POSTGRES:
                pytest.fail("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
            pytest.skip("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
        url = POSTGRES_URL
        _reset_postgres(url)
    upgrade(url, "0001")
    return url


def _insert(url: str, partnerships: list[tuple[str, list[str]]]) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    stamp = {"c": now, "u": now}
    rows = [("INSERT INTO access_partnership VALUES (:name, :codes, :id, :c, :u)",
             {"name": f"P{i}", "codes": json.dumps(codes), "id": pid, **stamp})
            for i, (pid, codes) in enumerate(partnerships)]  # fmt: skip
    rows += [
        ("INSERT INTO outcomes_outcome (key, statement, description, theme, coproduced_with, "
         "position, id, created_at_utc, updated_at_utc) VALUES ('o', 'I am', '', '', '', 0, "
         "'o1', :c, :u)", stamp),
        ("INSERT INTO outcomes_quote (outcome_id, text, speaker, source, id, created_at_utc, "
         "updated_at_utc) VALUES ('o1', 'Said', '', '', 'q1', :c, :u)", stamp),
        ("INSERT INTO forecast_capacity (la_code, setting, need, year, places, note, updated_by, "
         "id, created_at_utc, updated_at_utc) VALUES ('354', 'special', 'all', 2026, 5, '', '', "
         "'f1', :c, :u)", stamp),
        ("INSERT INTO access_audit_event (at_utc, action, la_code, id, created_at_utc, "
         "updated_at_utc) VALUES (:c, 'import', '354', 'a1', :c, :u)", stamp),
    ]  # fmt: skip
    with get_engine(url).begin() as connection:
        for statement, values in rows:
            connection.execute(text(statement), values)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0002_gives_old_rows_the_single_partnership(backend: str, tmp_path: Path) -> None:
    url = _at_0001(backend, tmp_path)
    _insert(url, [("p1", ["354"])])
    upgrade(url, "0002")
    with get_engine(url).connect() as connection:
        rows = (("outcomes_outcome", "o1"), ("outcomes_quote", "q1"),
                ("forecast_capacity", "f1"), ("access_audit_event", "a1"))  # fmt: skip
        for table, row_id in rows:
            found = connection.execute(
                text(f"SELECT partnership_id FROM {table} WHERE id = :id"), {"id": row_id}
            ).scalar()
            assert found == "p1", table


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0002_stops_when_it_cannot_tell_whose_framework_it_is(
    backend: str, tmp_path: Path
) -> None:
    url = _at_0001(backend, tmp_path)
    _insert(url, [("p1", ["354"]), ("p2", ["350"])])
    with pytest.raises(RuntimeError, match="cannot tell which of the partnerships"):
        upgrade(url, "0002")
