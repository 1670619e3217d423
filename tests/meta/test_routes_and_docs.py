"""Promises about the codebase as a whole: access declared, docs generated, one migration head."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from sendsight import docsgen
from sendsight.config import Settings
from sendsight.db.migrate import head_revisions
from sendsight.web import create_app
from sendsight.web.access import declared_permission

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "src" / "sendsight" / "web" / "templates"


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    return create_app(Settings(database_url="sqlite://", environment="test"))


def test_every_route_declares_the_permission_it_needs(app) -> None:  # type: ignore[no-untyped-def]
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and declared_permission(app, rule.endpoint) is None
    ]
    assert undeclared == []


@pytest.mark.parametrize("name", sorted(docsgen.GENERATED))
def test_generated_docs_match_the_code(name: str) -> None:
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == docsgen.GENERATED[name](), (
        "run `python -m sendsight.docsgen`"
    )


def test_every_setting_has_a_description() -> None:
    assert [n for n, f in Settings.model_fields.items() if not f.description] == []


def test_every_command_has_help() -> None:
    from sendsight.cli import cli

    missing = [
        " ".join(path)
        for path, command, _ctx in docsgen._walk(cli, ("sendsight",))
        if not (command.help or "").strip()
    ]
    assert missing == []


def test_every_command_is_documented_by_its_own_help() -> None:
    from sendsight.cli import cli

    assert isinstance(cli, click.Group) and len(cli.commands) >= 4


def test_migrations_have_exactly_one_head() -> None:
    assert len(head_revisions()) == 1


def test_templates_never_mark_data_safe() -> None:
    """Autoescaping stays on: no template may use `|safe` (trusted markup is built in Python)."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"\|\s*safe\b", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
