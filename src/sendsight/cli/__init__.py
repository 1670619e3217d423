"""The ``sendsight`` command line: one module per domain, one verb per command.

A command's module (and the libraries it needs) is imported only when that command runs:
``--help`` at any level is answered from ``help_index.json`` (see ``cli.help_index``).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from sendsight.cli.help_settings import HELP_SETTINGS
from sendsight.core.errors import SendsightError

COMMAND_MODULES = (
    "sendsight.cli.setup",
    "sendsight.cli.statistics",
    "sendsight.cli.disclosure",
    "sendsight.cli.forecast",
    "sendsight.cli.ehc",
    "sendsight.cli.outcomes",
    "sendsight.cli.users",
    "sendsight.cli.mail",
    "sendsight.cli.directory",
    "sendsight.cli.assessment",
    "sendsight.cli.coproduction",
    "sendsight.cli.frontdoor",
    "sendsight.cli.governance",
    "sendsight.cli.schools",
    "sendsight.cli.commissioning",
    "sendsight.cli.adulthood",
)


class FriendlyGroup(click.Group):
    """Turns any sendsight error into one clear line and a non-zero exit, never a traceback;
    any other error into one line naming its class and the log holding its details."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SendsightError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the last resort: one line, details logged without data
            from sendsight.cli.crash import unexpected

            raise unexpected(exc, ctx) from None


class LazyGroup(FriendlyGroup):
    """The root group: imports a command's module when the command is run, not for help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._commands: dict[str, click.Command] = {}
        self._loaded: set[str] = set()
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        """Every command (imports every command module)."""
        for module in COMMAND_MODULES:
            self._load(module)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self._commands[name or str(cmd.name)] = cmd

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from sendsight.cli import help_index

        index = help_index.current_commands()
        if index is not None and cmd_name in index:
            self._load(index[cmd_name]["module"])
            return self._commands.get(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        from sendsight.cli import help_index

        index = help_index.current_commands()
        if index and args and args[0] in index:
            if help_index.asks_for_help(args[1:], ctx.help_option_names):
                return args[0], help_index.stub(args[0], index[args[0]]), args[1:]
        # A command is about to run: register what follows what (``sendsight.wiring``) first.
        # Help answered from the index above never gets here, so it stays light.
        from sendsight.wiring import wire

        wire()
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from sendsight.cli import help_index

        index = help_index.current_commands()
        if index is None:
            return super().format_commands(ctx, formatter)
        return help_index.stub_root(index).format_commands(ctx, formatter)

    def _load(self, name: str) -> None:
        if name in self._loaded:
            return
        self._loaded.add(name)
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return
        for command in commands_in(module):
            self.add_command(command)


@click.group(cls=LazyGroup, context_settings=HELP_SETTINGS)
@click.version_option(package_name="sendsight")
def cli() -> None:
    """sendsight: outcomes, data and accountability for local SEND partnerships in England."""


def commands_in(module: object) -> list[click.Command]:
    """The commands a module offers: its ``COMMANDS``, else every click group in it."""
    exported = getattr(module, "COMMANDS", None)
    if exported is not None:
        return list(exported)
    return [v for v in vars(module).values() if isinstance(v, click.Group) and v is not cli]


def main() -> None:
    """Entry point for the ``sendsight`` script."""
    cli(prog_name="sendsight")


if __name__ == "__main__":  # pragma: no cover
    main()
