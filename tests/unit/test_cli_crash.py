"""The command line's last resort: an unexpected error is one line and a log without data."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sendsight.cli import FriendlyGroup
from sendsight.config import get_settings
from sendsight.core.errors import InputRejected, Problem

UPN = "J999900019001"  # synthetic
DOB = "-".join(("2015", "03", "02"))  # built, so the log's source lines cannot hold it


def _group() -> click.Group:
    @click.group(cls=FriendlyGroup)
    def group() -> None:
        """A group like ``sendsight``."""

    @group.command("boom")
    def boom() -> None:
        try:
            raise KeyError(f"persontableid for {UPN}")
        except KeyError as exc:
            raise ValueError(f"row 12: {UPN}, {DOB}") from exc

    @group.command("refuse")
    def refuse() -> None:
        raise InputRejected([Problem("f.csv", "Enter a date", 2, "received_on")])

    return group


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "logs" / "cli-errors.log"
    monkeypatch.setenv("SENDSIGHT_CLI_ERROR_LOG", str(path))
    get_settings.cache_clear()
    return path


def test_an_unexpected_error_prints_one_line_with_its_class_and_the_log(log: Path) -> None:
    result = CliRunner().invoke(_group(), ["boom"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    lines = result.output.splitlines()
    assert len(lines) == 1 and "ValueError" in lines[0] and str(log) in lines[0]
    assert "Traceback" not in result.output and UPN not in result.output
    assert DOB not in result.output


def test_the_log_has_the_chain_and_code_locations_but_no_message(log: Path) -> None:
    CliRunner().invoke(_group(), ["boom"])
    text = log.read_text()
    assert text.index("builtins.KeyError (message withheld)") < text.index(
        "builtins.ValueError (message withheld)"
    )
    assert "test_cli_crash.py" in text and "in boom" in text
    assert UPN not in text and DOB not in text
    assert log.stat().st_mode & 0o077 == 0  # the owner's only


def test_a_user_error_is_still_its_own_clear_message(log: Path) -> None:
    result = CliRunner().invoke(_group(), ["refuse"])
    assert result.exit_code == 1
    assert "f.csv, line 2, column 'received_on': Enter a date" in result.output
    assert not log.exists()


def test_usage_errors_pass_through_unchanged(log: Path) -> None:
    result = CliRunner().invoke(_group(), ["boom", "--nope"])
    assert result.exit_code == 2 and "No such option" in result.output
    assert not log.exists()


def test_when_the_log_cannot_be_written_the_line_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("SENDSIGHT_CLI_ERROR_LOG", str(blocker / "cli-errors.log"))
    get_settings.cache_clear()
    result = CliRunner().invoke(_group(), ["boom"])
    assert result.exit_code == 1 and "could not be written to a log" in result.output
    assert UPN not in result.output
