"""The command line's last resort: an unexpected error is logged, never shown as a traceback.

A traceback can quote a child's data: an exception message may hold a row from a file or the
parameters of a database statement (a UPN, a date of birth). So the screen shows one line with
the exception's class and where the details went, and the log (``SENDSIGHT_CLI_ERROR_LOG``)
holds the class names and the code locations of the whole chain, but no exception message.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

import click
from pydantic import ValidationError

from sendsight.config import get_settings


def unexpected(error: Exception, ctx: click.Context) -> click.ClickException:
    """The one line to show for ``error``, after writing its details to the log."""
    name = type(error).__name__
    log = _write_log(error, f"{ctx.command_path} {ctx.invoked_subcommand or ''}".strip())
    where = f"The details are in {log}" if log else "The details could not be written to a log"
    return click.ClickException(
        f"sendsight stopped because of an unexpected error ({name}). {where}; "
        "please report it (the log holds no data from your files)."
    )


def describe(error: BaseException) -> str:
    """Each exception in ``error``'s chain, the one that caused the others first: its class
    and the code it passed through (file, line, function, source line), but not its message."""
    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        stack = "".join(traceback.extract_tb(current.__traceback__).format())
        blocks.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n{stack}")
        current = current.__cause__ or current.__context__
    return "".join(reversed(blocks))


def _write_log(error: BaseException, command: str) -> Path | None:
    try:
        path = get_settings().cli_error_log
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        text = f"--- {stamp} {command}\n{describe(error)}"
        # Readable by its owner only: even without messages a log says what was being done.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(handle, "a", encoding="utf-8") as log:
            log.write(text)
    except (OSError, ValidationError):
        return None
    return path
