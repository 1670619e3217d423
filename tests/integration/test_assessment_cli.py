"""The command line: import a framework (refused with lines), open, list and close a round."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sendsight.access import queries as access
from sendsight.access.models import OrganisationKind
from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.db.migrate import upgrade
from sendsight.db.session import transaction
from tests.tenancy.assessment import framework_yaml


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    found = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(found)
    with transaction(found) as session:
        partnership = access.create_partnership(
            session=session, name="CLI partnership", la_codes=[]
        )
        for name in ("Council", "Forum"):
            access.create_organisation(
                session=session, partnership=partnership, name=name, kind=OrganisationKind.ICB
            )
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", found)
    get_settings.cache_clear()
    return found


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["assessment", *args])


def test_import_twice_then_round_open_list_close(url: str, tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_text(framework_yaml("Cli"), encoding="utf-8")
    assert "imported" in run("import", str(file)).output
    assert "unchanged" in run("import", str(file)).output
    opened = run(
        "round",
        "open",
        "--name",
        "Spring",
        "--framework",
        "cli-framework",
        "--opens",
        "2026-01-01",
        "--closes",
        "2026-02-01",
        "--target",
        "high",
        "--organisation",
        "Council",
        "--organisation",
        "Forum",
    )
    assert opened.exit_code == 0, opened.output
    assert "closed" in run("round", "list", "--today", "2026-03-01").output
    assert run("round", "close", "Spring").exit_code == 0
    exported = run("export-framework", "cli-framework")
    assert exported.exit_code == 0 and "key: cli-framework" in exported.output


def test_a_bad_framework_file_is_refused_with_its_line_and_nothing_stored(
    url: str, tmp_path: Path
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(
        framework_yaml("Bad").replace("high: Bad high descriptor", "top: x"), encoding="utf-8"
    )
    result = run("import", str(file))
    assert result.exit_code != 0
    assert "line 17" in result.output and "descriptors.top" in result.output
    assert "Unknown level" in result.output and "Missing descriptor" in result.output
    assert '"frameworks": []' in run("export", "--format", "json").output
