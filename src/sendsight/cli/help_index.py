"""Help for every command without importing it: ``help_index.json``, written from the commands.

Importing the command modules pulls in SQLAlchemy, polars, SciPy and the domains (over a
second), which ``--help`` does not need. ``python -m sendsight.cli.help_index`` writes each
command's help (text, usage, options, sub-commands) to ``help_index.json`` with a fingerprint
of the command modules' source; the command line answers ``--help`` from it while the
fingerprint matches and imports the real commands otherwise, so a stale index is only slower,
never wrong. A meta-test fails when the index is stale.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from sendsight.cli.help_settings import HELP_SETTINGS

INDEX = Path(__file__).with_name("help_index.json")
Entry = dict[str, Any]
# A help stub never runs: it only has to accept whatever else is on the line before --help.
STUB_SETTINGS: dict[str, Any] = {
    **HELP_SETTINGS,
    "ignore_unknown_options": True,
    "allow_extra_args": True,
}


def fingerprint() -> str:
    """A digest of the command modules' source (any edit to ``sendsight/cli`` changes it)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def current_commands() -> dict[str, Entry] | None:
    """The index's top-level commands, or None when it is missing or stale."""
    try:
        index = json.loads(INDEX.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("fingerprint") != fingerprint():
        return None
    commands: dict[str, Entry] = index["commands"]
    return commands


def asks_for_help(args: list[str], help_names: list[str]) -> bool:
    """True when ``args`` (before any ``--``) include a help option."""
    for arg in args:
        if arg == "--":
            return False
        if arg in help_names:
            return True
    return False


def stub_root(commands: dict[str, Entry]) -> click.Group:
    """A group listing ``commands`` as the root's help lists them."""
    empty = {"help": None, "short_help": None, "epilog": None, "hidden": False}
    return HelpStubGroup("sendsight", {**empty, "deprecated": False, "commands": commands})


def stub(name: str, entry: Entry) -> click.Command:
    """A command that shows ``entry``'s help exactly as the real command would."""
    if "commands" in entry:
        return HelpStubGroup(name, entry)
    return HelpStub(name, entry)


class _Described:
    """What a stub takes from its index entry: help text, usage and the options' lines."""

    entry: Entry

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return list(self.entry["usage"])

    def format_own_options(self, formatter: click.HelpFormatter) -> None:
        records = [tuple(record) for record in self.entry["options"]]
        if records:
            with formatter.section("Options"):
                formatter.write_dl(records)


def _attributes(entry: Entry) -> dict[str, Any]:
    return {
        "help": entry["help"],
        "short_help": entry["short_help"],
        "epilog": entry["epilog"],
        "hidden": entry["hidden"],
        "deprecated": entry["deprecated"],
        "context_settings": STUB_SETTINGS,
    }


class HelpStub(_Described, click.Command):
    """A leaf command's help, from the index."""

    def __init__(self, name: str, entry: Entry) -> None:
        super().__init__(name, **_attributes(entry))
        self.entry = entry

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_own_options(formatter)


class HelpStubGroup(_Described, click.Group):
    """A command group's help, from the index; its sub-commands are stubs too."""

    def __init__(self, name: str, entry: Entry) -> None:
        super().__init__(name, **_attributes(entry))
        self.entry = entry

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.entry["commands"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = self.entry["commands"].get(cmd_name)
        return None if entry is None else stub(cmd_name, entry)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_own_options(formatter)
        self.format_commands(ctx, formatter)


# --- Writing the index ----------------------------------------------------------------------


def build_index(modules: tuple[str, ...]) -> dict[str, Any]:
    """The index for the commands in ``modules`` (imports them all)."""
    from sendsight.cli import cli, commands_in

    root = click.Context(cli, info_name="sendsight", **cli.context_settings)
    commands: dict[str, Entry] = {}
    for module in modules:
        try:
            loaded = importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a domain without commands yet
            if exc.name != module:
                raise
            continue
        for command in commands_in(loaded):
            commands[str(command.name)] = {"module": module, **_entry(command, root)}
    return {"fingerprint": fingerprint(), "commands": dict(sorted(commands.items()))}


def _entry(command: click.Command, parent: click.Context) -> Entry:
    ctx = click.Context(command, info_name=command.name, parent=parent, **command.context_settings)
    # The rows click's own Command.format_options writes: options, not arguments.
    records = [
        param.get_help_record(ctx)
        for param in command.get_params(ctx)
        if not isinstance(param, click.Argument)
    ]
    entry: Entry = {
        "help": command.help,
        "short_help": command.short_help,
        "epilog": command.epilog,
        "hidden": command.hidden,
        "deprecated": command.deprecated,
        "usage": command.collect_usage_pieces(ctx),
        "options": [list(record) for record in records if record is not None],
    }
    if isinstance(command, click.Group):
        entry["commands"] = {
            name: _entry(sub, ctx) for name, sub in sorted(command.commands.items())
        }
    return entry


def index_text() -> str:
    """The index as written to ``help_index.json``."""
    from sendsight.cli import COMMAND_MODULES

    return json.dumps(build_index(COMMAND_MODULES), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    """Write ``help_index.json``."""
    INDEX.write_text(index_text(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()
