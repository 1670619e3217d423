"""`sendsight coproduction export` and `import`: one row per item, all or nothing, idempotent."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from sendsight.access.models import AuditEvent
from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.coproduction.csvfile import COLUMNS
from sendsight.coproduction.models import EngagementActivity, SaidItem
from sendsight.db.migrate import upgrade
from sendsight.db.session import get_engine, session_factory, transaction
from sendsight.demo import coproduction as demo
from tests.partnerships import new_partnership_id

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with one partnership holding the demo's co-production log
    (migrated once per module; each test works on its own copy)."""
    path = tmp_path_factory.mktemp("coproduction") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    with transaction(url) as session:
        partnership_id = new_partnership_id(session, la_codes=["354"])
        demo.seed(session, la_code="354", partnership_id=partnership_id, today=TODAY)
    get_engine(url).dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture
def url(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the template database, used by the command line."""
    copy = tmp_path / "cp.db"
    shutil.copyfile(template, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["coproduction", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _held(url: str) -> tuple[int, int, int]:
    with session_factory(url)() as session:
        return (
            session.scalar(select(func.count(EngagementActivity.id))) or 0,
            session.scalar(select(func.count(SaidItem.id))) or 0,
            session.scalar(select(func.count(AuditEvent.id))) or 0,
        )


def test_export_csv_has_one_row_per_item_with_its_activity_and_response(url: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("export", "--format", "csv"))))
    _, items, _ = _held(url)
    assert len(rows) == items > 12
    assert list(rows[0]) == list(COLUMNS)
    assert {r["response_kind"] for r in rows} == {"did", "will", "cannot", ""}
    assert all(r["title"] and r["held_on"] and r["you_said"] for r in rows)


def test_export_json_carries_items_and_activities_with_counts(url: str) -> None:
    data = json.loads(_run("export", "--format", "json"))
    assert len(data["items"]) == _held(url)[1]
    assert len(data["activities"]) == 12
    assert all(a["participants"] for a in data["activities"])


def test_importing_the_export_again_changes_nothing(url: str, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(_run("export"), encoding="utf-8")
    before = _held(url)
    assert "0 activities added, 0 changed; 0 items added, 0 changed" in _run("import", str(path))
    assert _held(url) == before


def test_an_import_adds_and_updates_by_key_and_is_audited(url: str, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("export"))))
    rows[0]["owner"] = "New owner"
    rows.append({**rows[0], "activity_key": "new-1", "said_key": "s1"})
    path = tmp_path / "log.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    activities, items, logged = _held(url)
    output = _run("import", str(path))
    assert "1 activities added, 0 changed; 1 items added, 1 changed" in output
    assert _held(url) == (activities + 1, items + 1, logged + 1)
    assert "0 activities added" in _run("import", str(path))


def test_a_file_with_bad_rows_is_refused_whole_naming_line_and_column(
    url: str, tmp_path: Path
) -> None:
    text = _run("export").splitlines()
    good_new = text[1].replace(text[1].split(",")[0], "brand-new", 1)
    bad = text[2].replace(",forum,", ",chat,").replace(",survey,", ",chat,")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([text[0], good_new, bad]) + "\n", encoding="utf-8")
    before = _held(url)
    result = CliRunner().invoke(cli, ["coproduction", "import", str(path)])
    assert result.exit_code != 0
    assert "bad.csv, line 3, column 'method'" in result.output
    assert _held(url) == before
