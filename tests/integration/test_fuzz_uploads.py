"""Random files through the web upload and random framework documents into a real database:
always a clear refusal or a clean import, never a server error or a traceback."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from sendsight.cli.options import known_la_codes
from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.db.migrate import upgrade
from sendsight.outcomes.framework import import_framework
from sendsight.outcomes.value_import import OPTIONAL, REQUIRED
from tests import malformed_files
from tests.conftest import (
    POSTGRES_URL,
    REQUIRE_POSTGRES,
    TEST_DATA,
    _reset_postgres,
    backend_url,
    sign_in,
)
from tests.partnerships import new_partnership_id
from tests.unit.test_fuzz_importers import any_bytes, json_values

WITH_FIXTURES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
filenames = st.sampled_from(["values.csv", "values.xlsx", "values.txt", "v.CSV", "=1+1.csv"])


def _csrf(client: FlaskClient) -> str:
    page = client.get("/scorecard/values/import").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match
    return match.group(1)


@WITH_FIXTURES
@given(st.one_of(st.binary(max_size=400), any_bytes([*REQUIRED, *OPTIONAL])), filenames)
def test_posting_random_files_to_the_value_import_never_gives_a_server_error(
    client: FlaskClient, seeded_session: Session, raw: bytes, filename: str
) -> None:
    if not getattr(client, "_signed_in", False):
        sign_in(client, "analyst")
        client._signed_in = True  # type: ignore[attr-defined]
    data = {"csrf_token": _csrf(client), "file": (io.BytesIO(raw), filename)}
    # Whatever is imported stays in the test's transaction, rolled back after the test.
    response = client.post(
        "/scorecard/values/import", data=data, content_type="multipart/form-data"
    )
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)


fields = st.sampled_from(
    [
        "key",
        "statement",
        "name",
        "frequency",
        "outcome",
        "unit",
        "level",
        "decimals",
        "coproduced_on",
        "last_updated_on",
        "quotes",
        "values",
        "targets",
        "notes",
        "actions",
        "period",
        "value",
        "text",
        "entered_at_utc",
        "section",
        "version",
        "body",
        "saved_at_utc",
    ]
)
parts = st.dictionaries(
    fields,
    json_values | st.lists(st.dictionaries(fields, json_values, max_size=5), max_size=2),
    max_size=8,
)
valid_outcome = st.fixed_dictionaries({"key": st.just("o1"), "statement": st.just("Children")})
valid_measure = st.fixed_dictionaries(
    {
        "key": st.text(min_size=1, max_size=70),
        "name": st.just("Measure"),
        "frequency": st.sampled_from(["monthly", "termly", "often"]),
        "level": st.just("outcome"),
    },
    optional={
        "outcome": st.just("o1"),
        "values": st.lists(st.dictionaries(fields, json_values, max_size=4), max_size=2),
        "decimals": json_values,
        "unit": json_values,
        "last_updated_on": json_values,
    },
)
documents = st.fixed_dictionaries(
    {
        "format": st.just("sendsight-outcomes"),
        "outcomes": st.lists(valid_outcome, min_size=1, max_size=1)
        | st.lists(valid_outcome | parts, max_size=2),
        "measures": st.lists(valid_measure | parts, max_size=3),
    },
)


@WITH_FIXTURES
@given(documents)
def test_importing_random_framework_documents_refuses_or_imports_cleanly(
    db_session: Session, document: dict[str, object]
) -> None:
    savepoint = db_session.begin_nested()
    try:
        import_framework(
            db_session,
            document,
            filename="framework.yaml",
            partnership_id=new_partnership_id(db_session),
        )
    except InputRejected as rejected:
        assert rejected.problems and {p.file for p in rejected.problems} == {"framework.yaml"}
    finally:
        savepoint.rollback()


# --- the malformed-files corpus through `sendsight ehc import` (issue 12 item 7) ---------------
# On SQLite and PostgreSQL, in process (CliRunner) and as a real subprocess: every file is a
# clear refusal naming its line and column, or a documented conversion; never a traceback, and
# never a synthetic child's UPN or date of birth on the screen.

CASES = malformed_files.cases()
# The files that printed a traceback before (and the two conversions), run as real processes.
SUBPROCESS_CASES = [
    c
    for c in CASES
    if c.name
    in {
        "year-zero.csv",
        "gzip-named-csv.csv",
        "gzip-bomb.csv",
        "nul-byte.csv",
        "latin-1.csv",
        "long-request-id.csv",
        "megabyte-id.csv",
        "cr-line-endings.csv",
    }
]


def _cli_postgres_url() -> str:
    """A database of its own beside the test database (the commands commit)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from sendsight.db.session import get_engine

    assert POSTGRES_URL
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_cli"
    with get_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT").connect() as c:
        found = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not found.scalar():
            c.execute(text(f'CREATE DATABASE "{name}"'))
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def cli_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database, once per backend, that the import commands write to."""
    if request.param == "sqlite":
        return backend_url("sqlite", tmp_path_factory.mktemp("cli"))
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
        pytest.skip("PostgreSQL tests need SENDSIGHT_TEST_POSTGRES_URL")
    url = _cli_postgres_url()
    _reset_postgres(url)
    upgrade(url)
    return url


def _la_code(n: int) -> str:
    return sorted(known_la_codes())[n]


def _check_outcome(case: malformed_files.Case, code: int, shown: str) -> None:
    assert "Traceback" not in shown, shown[-2000:]
    assert [s for s in malformed_files.SECRETS if s in shown] == [], shown[-2000:]
    if case.where is None:
        assert code == 0 and f"requests: {case.words}" in shown, shown
        return
    line, column = case.where
    assert code == 1, shown
    assert case.name in shown and case.words in shown, shown
    if line is not None:
        assert f"line {line}" in shown, shown
    if column is not None:
        assert f"column {column!r}" in shown, shown


def _case_file(tmp_path: Path, case: malformed_files.Case) -> Path:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    return path


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_malformed_file_through_the_cli_is_one_clear_refusal_or_a_documented_import(
    cli_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: malformed_files.Case
) -> None:
    from sendsight.cli import cli

    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", cli_url)
    monkeypatch.setenv("SENDSIGHT_IMPORT_MAX_MB", "2")
    monkeypatch.setenv("SENDSIGHT_CLI_ERROR_LOG", str(tmp_path / "cli-errors.log"))
    get_settings.cache_clear()
    la_code = _la_code(CASES.index(case))  # an LA of its own: the database is shared
    args = ["ehc", "import", "--la", la_code, "--requests", str(_case_file(tmp_path, case))]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _check_outcome(case, result.exit_code, result.output)
    assert not (tmp_path / "cli-errors.log").exists()  # no unexpected error at all


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=lambda case: case.name)
def test_each_file_that_printed_a_traceback_is_one_clear_line_from_a_real_process(
    cli_url: str, tmp_path: Path, case: malformed_files.Case
) -> None:
    la_code = _la_code(50 + CASES.index(case))
    path = _case_file(tmp_path, case)
    done = _run_sendsight(
        cli_url, tmp_path, "ehc", "import", "--la", la_code, "--requests", str(path)
    )
    _check_outcome(case, done.returncode, done.stdout + done.stderr)
    assert "Traceback" not in done.stderr
    if case.where is not None:
        assert done.stderr.startswith("Error: ") and done.stdout == ""


def test_an_unexpected_error_in_a_real_process_is_one_line_and_a_log_without_data(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "no-tables.db"
    empty.write_bytes(b"")  # a database without sendsight's tables: the import cannot store
    path = tmp_path / "requests.csv"
    path.write_bytes(malformed_files.valid_requests())
    done = _run_sendsight(
        f"sqlite:///{empty}", tmp_path, "ehc", "import", "--la", "354", "--requests", str(path)
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "unexpected error (OperationalError)" in done.stderr
    assert "Traceback" not in done.stderr
    log = (tmp_path / "cli-errors.log").read_text()
    assert "(message withheld)" in log
    for shown in (done.stdout, done.stderr, log):
        assert [s for s in malformed_files.SECRETS if s in shown] == []


def _run_sendsight(url: str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": url,
        "SENDSIGHT_ENVIRONMENT": "test",
        "SENDSIGHT_IMPORT_MAX_MB": "2",
        "SENDSIGHT_CLI_ERROR_LOG": str(folder / "cli-errors.log"),
    }
    return subprocess.run(
        [sys.executable, "-m", "sendsight", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=300,
        check=False,
    )


SEN2_PERSON = "Blade-Export_20-01-2025_person.csv"


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        (b"2015-Mar-02", b"0000-Mar-02", "line 2, column 'personbirthdate'"),
        (b"J999900019001", b"A999900019001", "line 2, column 'upn'"),
        (b",F,", b",\xe9,", "line 2, column 'sex': The file is not saved as UTF-8"),
        (b"P1,P1", b"P1\x00,P1", "line 2, column 'persontableid': The file contains binary"),
        (b"P1,P1", b"P" + b"1" * 100 + b",P1", "line 2, column 'persontableid'"),
    ],
    ids=["year-zero", "bad-upn", "latin-1", "nul-byte", "long-id"],
)
def test_a_malformed_sen2_folder_through_the_cli_is_one_clear_refusal(
    cli_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    old: bytes,
    new: bytes,
    shown: str,
) -> None:
    from sendsight.cli import cli

    for path in (TEST_DATA / "ehc" / "sen2").glob("*.csv"):
        data = path.read_bytes()
        (tmp_path / path.name).write_bytes(
            data.replace(old, new) if path.name == SEN2_PERSON else data
        )
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", cli_url)
    get_settings.cache_clear()
    args = ["ehc", "import", "--la", _la_code(100), "--sen2", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"{SEN2_PERSON}, {shown}" in result.output
    assert "Traceback" not in result.output
    assert [
        s
        for s in ("J999900019001", "A999900019001", "2015-Mar-02", "0000-Mar-02")
        if s in result.output
    ] == []
