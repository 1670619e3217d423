"""Every ``--la`` option refuses a code that is neither a current LA nor one that a current LA
replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select, update

from sendsight.cli import cli
from sendsight.db.session import session_factory, transaction
from sendsight.ehc.models import EhcRequest
from sendsight.reference.loader import load_reference_data
from sendsight.reference.models import LocalAuthority
from tests.conftest import TEST_DATA, backend_url

REQUESTS = str(TEST_DATA / "ehc" / "template" / "requests.csv")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database the commands use, without the reference data loaded."""
    found = backend_url(request.param, tmp_path)
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", found)
    return found


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _stored(url: str) -> int:
    with session_factory(url)() as session:
        return session.scalar(select(func.count()).select_from(EhcRequest)) or 0


def test_import_for_an_la_that_does_not_exist_fails_with_one_line_naming_it(url: str) -> None:
    out = run("ehc", "import", "--la", "999", "--requests", REQUESTS)
    assert out.exit_code == 2
    named = [line for line in out.output.splitlines() if "999" in line]
    assert len(named) == 1 and "999 is not the DfE code of a current local authority" in named[0]
    assert _stored(url) == 0


def test_a_predecessor_la_is_accepted(url: str) -> None:
    out = run("ehc", "import", "--la", "909", "--requests", REQUESTS)  # Cumbria, split in 2023
    assert out.exit_code == 0, out.output
    assert _stored(url) == 6


def test_every_la_option_is_checked(url: str) -> None:
    assert "999 is not the DfE code" in run("ehc", "facts", "build", "--la", "999").output
    metrics = run("ehc", "metrics", "--la", "999", "--year", "2024")
    assert "999 is not the DfE code" in metrics.output
    at_risk = run("ehc", "at-risk", "--la", "999", "--as-of", "2024-10-01")
    assert at_risk.exit_code == 2 and "999 is not the DfE code" in at_risk.output
    assert "3-digit" in run("ehc", "facts", "build", "--la", "Rochdale").output


def test_the_loaded_reference_table_is_what_is_checked(url: str) -> None:
    with transaction(url) as session:
        load_reference_data(session)
        session.execute(
            update(LocalAuthority).where(LocalAuthority.dfe_code == "354").values(is_current=False)
        )
    out = run("ehc", "import", "--la", "354", "--requests", REQUESTS)
    assert out.exit_code == 2 and "354 is not the DfE code" in out.output
    assert run("ehc", "import", "--la", "202", "--requests", REQUESTS).exit_code == 0
