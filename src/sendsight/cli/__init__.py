"""The ``sendsight`` command line: one module per domain, one verb per command."""

from __future__ import annotations

import importlib

import click

from sendsight.cli.options import HELP_SETTINGS
from sendsight.core.errors import SendsightError

COMMAND_MODULES = (
    "sendsight.cli.setup",
    "sendsight.cli.statistics",
    "sendsight.cli.disclosure",
    "sendsight.cli.forecast",
    "sendsight.cli.ehc",
    "sendsight.cli.outcomes",
    "sendsight.cli.users",
)


class FriendlyGroup(click.Group):
    """Turns any sendsight error into one clear line and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SendsightError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=FriendlyGroup, context_settings=HELP_SETTINGS)
@click.version_option(package_name="sendsight")
def cli() -> None:
    """sendsight: outcomes, data and accountability for local SEND partnerships in England."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for command in _commands_in(module):
            cli.add_command(command)


def _commands_in(module: object) -> list[click.Command]:
    exported = getattr(module, "COMMANDS", None)
    if exported is not None:
        return list(exported)
    return [v for v in vars(module).values() if isinstance(v, click.Group) and v is not cli]


_register()


def main() -> None:
    """Entry point for the ``sendsight`` script."""
    cli(prog_name="sendsight")


if __name__ == "__main__":  # pragma: no cover
    main()
