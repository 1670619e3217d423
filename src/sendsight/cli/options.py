"""Options and argument types that several command groups share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

# Every command answers -h as well as --help. Set on each group, not only the root: click keeps
# a command's help option once made, so a group invoked on its own (as tests do) would
# otherwise fix its commands' help without -h.
HELP_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

# A file that must exist (click says which, and why, when it does not).
existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
Decorated = TypeVar("Decorated", bound=Callable[..., Any])


def la_option(
    check: Callable[[click.Context, click.Parameter, Any], Any], help_text: str
) -> Callable[[Decorated], Decorated]:
    """The required ``--la`` option (as ``la_code``), checked by ``check``."""
    option: Callable[[Decorated], Decorated] = click.option(
        "--la", "la_code", required=True, callback=check, help=help_text
    )
    return option
