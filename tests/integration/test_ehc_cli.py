"""``sendsight ehc``: import, facts build, metrics and at-risk against a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from sendsight.access.models import AuditEvent
from sendsight.cli import cli
from sendsight.db.session import session_factory
from sendsight.ehc import metrics, template
from sendsight.ehc.models import EhcRequest
from tests.conftest import TEST_DATA, backend_url

TEMPLATE = TEST_DATA / "ehc" / "template"
FILES = ["--requests", str(TEMPLATE / "requests.csv"), "--advice", str(TEMPLATE / "advice.csv"),
         "--reviews", str(TEMPLATE / "reviews.csv")]  # fmt: skip


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite database the commands use (they commit)."""
    found = backend_url("sqlite", tmp_path)
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", found)
    return found


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["ehc", *args], catch_exceptions=False)


def test_import_then_metrics_prints_exactly_the_issue_keys(url: str) -> None:
    assert run("import", "--la", "354", *FILES).exit_code == 0
    out = run("metrics", "--la", "354", "--year", "2024", "--format", "json")
    frames = template.read_template("354", TEMPLATE / "requests.csv", TEMPLATE / "advice.csv",
                                    TEMPLATE / "reviews.csv")  # fmt: skip
    expected = metrics.metrics_for(metrics.build_facts(frames), "354", 2024)
    assert out.exit_code == 0
    assert json.loads(out.output) == expected
    assert list(json.loads(out.output)) == list(expected)


def test_import_prints_what_changed_and_a_second_import_changes_nothing(url: str) -> None:
    first = run("import", "--la", "354", *FILES)
    second = run("import", "--la", "354", *FILES)
    assert "requests: 6 added, 0 changed, 0 unchanged" in first.output
    assert "requests: 0 added, 0 changed, 6 unchanged" in second.output


def test_rejected_import_names_file_line_and_column_and_writes_nothing(
    url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "requests.csv"
    bad.write_text((TEMPLATE / "requests.csv").read_text().replace("2024-10-01", "2024-13-01"))
    out = CliRunner().invoke(cli, ["ehc", "import", "--la", "354", "--requests", str(bad)])
    assert out.exit_code != 0
    assert "requests.csv, line 6, column 'received_on'" in out.output
    with session_factory(url)() as session:
        assert session.scalars(select(EhcRequest)).all() == []
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).one()
    assert audited.detail == {"outcome": "rejected", "problems": 1}


def test_import_refuses_an_la_code_that_is_not_three_digits(url: str) -> None:
    out = CliRunner().invoke(cli, ["ehc", "import", "--la", "Rochdale", *FILES])
    assert out.exit_code == 2 and "3-digit" in out.output


def test_sen2_import_prints_each_quality_check(url: str) -> None:
    out = run("import", "--la", "354", "--sen2", str(TEST_DATA / "ehc" / "sen2"),
              "--reference-date", "2025-01-20")  # fmt: skip
    assert out.exit_code == 0
    assert "Data-quality checks (label, count, records, action):" in out.output
    assert "Plan issued with no primary need recorded: 1" in out.output


def test_sen2_import_takes_the_xml_return_and_importing_it_again_changes_nothing(
    url: str, tmp_path: Path
) -> None:
    from tests.unit.test_ehc_sen2_xml import write_return

    xml = str(write_return(tmp_path, with_ids=False))
    first = run("import", "--la", "354", "--sen2", xml, "--reference-date", "2025-01-20")
    assert first.exit_code == 0, first.output
    assert "requests: 3 added" in first.output
    assert "Plan issued with no primary need recorded: 1" in first.output
    again = run("import", "--la", "354", "--sen2", xml, "--reference-date", "2025-01-20")
    assert "requests: 0 added, 0 changed, 3 unchanged" in again.output


def test_at_risk_prints_open_requests_soonest_first_and_is_audited(url: str) -> None:
    run("import", "--la", "354", *FILES)
    out = run("at-risk", "--la", "354", "--as-of", "2024-10-20", "--format", "json")
    rows = json.loads(out.output)
    assert [r["request_id"] for r in rows] == ["T-R005", "T-R006"]
    assert rows[0] == {"request_id": "T-R005", "next_deadline": "decision",
                       "deadline_on": "2024-11-12", "days_remaining": 23}  # fmt: skip
    with session_factory(url)() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.at_utc)).all()
    assert actions[-1] == "case.export"


def test_facts_build_after_import_changes_nothing(url: str) -> None:
    run("import", "--la", "354", *FILES)
    out = run("facts", "build")
    assert out.exit_code == 0
    assert "ft_ehc_timeliness: 0 added, 0 changed, 1 unchanged, 0 removed" in out.output
