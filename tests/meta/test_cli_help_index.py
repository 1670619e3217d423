"""`--help` answers from `cli/help_index.json` without importing the commands: the index must be
current, say exactly what each command's own help says, and keep heavy libraries unloaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from sendsight import docsgen
from sendsight.cli import cli, help_index

HEAVY = ("sqlalchemy", "polars", "numpy", "scipy", "flask", "sendsight.web", "sendsight.ehc")


def _paths() -> list[tuple[str, ...]]:
    return [path[1:] for path, _command, _ctx in docsgen._walk(cli, ("sendsight",))]


def test_the_help_index_is_current() -> None:
    assert help_index.INDEX.read_text(encoding="utf-8") == help_index.index_text(), (
        "run `python -m sendsight.docsgen` (it rewrites src/sendsight/cli/help_index.json)"
    )


def test_help_from_the_index_is_the_commands_own_help(monkeypatch: pytest.MonkeyPatch) -> None:
    assert help_index.current_commands() is not None, "the help index is stale"
    from_index = {path: _help(path) for path in _paths()}
    monkeypatch.setattr(help_index, "current_commands", lambda: None)
    assert {path: _help(path) for path in _paths()} == from_index


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="sendsight")
    assert result.exit_code == 0, (path, result.output)
    return result.output


def test_help_with_other_options_on_the_line_still_shows_help() -> None:
    result = CliRunner().invoke(cli, ["ehc", "import", "--la", "354", "-h"], prog_name="sendsight")
    assert result.exit_code == 0 and result.output.startswith("Usage: sendsight ehc import")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_help_leaves_heavy_libraries_unloaded(flag: str) -> None:
    script = (
        "import contextlib, io, json, sys\n"
        "from sendsight.cli import cli\n"
        f"for path in json.loads(sys.argv[1]):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        cli.main([*path, {flag!r}], prog_name='sendsight', standalone_mode=False)\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    paths = json.dumps(_paths())
    done = subprocess.run(
        [sys.executable, "-c", script, paths], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == []
