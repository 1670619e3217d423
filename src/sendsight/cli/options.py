"""Options and argument types that several command groups share."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from sendsight.cli.help_settings import HELP_SETTINGS as HELP_SETTINGS  # the commands' import
from sendsight.config import get_settings
from sendsight.db.session import session_factory
from sendsight.reference import queries as ref
from sendsight.reference.loader import read_shipped

# A file that must exist (click says which, and why, when it does not).
existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
Decorated = TypeVar("Decorated", bound=Callable[..., Any])
LA_PATTERN = re.compile(r"[0-9]{3}")


def la_option(
    check: Callable[[click.Context, click.Parameter, Any], Any] | None, help_text: str
) -> Callable[[Decorated], Decorated]:
    """The required ``--la`` option (as ``la_code``), checked by ``check`` (if any) and then by
    :func:`known_la` (every ``--la`` refuses a code that is no local authority)."""

    def checked(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        return known_la(ctx, param, value if check is None else check(ctx, param, value))

    option: Callable[[Decorated], Decorated] = click.option(
        "--la", "la_code", required=True, callback=checked, help=help_text
    )
    return option


def known_la(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Refuse an LA code that is neither a current local authority nor one that a current
    authority replaced (such as 909 Cumbria); ``None`` (option not given) passes."""
    if value is None:
        return None
    if not LA_PATTERN.fullmatch(value):
        raise click.BadParameter("Enter the DfE 3-digit local authority code, for example 354")
    if value not in known_la_codes():
        raise click.BadParameter(
            f"{value} is not the DfE code of a current local authority or of one that a "
            "current authority replaced"
        )
    return value


def known_la_codes() -> frozenset[str]:
    """Codes of current LAs and their predecessors, from the reference table; before
    ``sendsight init`` has loaded that table, from the reference files it is loaded from."""
    return _codes_in_database(get_settings().database_url) or _shipped_codes()


def _codes_in_database(url: str) -> frozenset[str]:
    database = make_url(url).database
    if url.startswith("sqlite") and database and not Path(database).exists():
        return frozenset()  # do not create an empty database file just to look
    try:
        with session_factory(url)() as session:
            if not inspect(session.get_bind()).has_table("ref_local_authority"):
                return frozenset()
            current = ref.list_local_authorities(session=session, current_only=True)
            replaced = ref.list_successions(session=session)
            return frozenset(la.dfe_code for la in current) | {
                link.predecessor_code for link in replaced
            }
    except OperationalError:  # the database cannot be reached: the command will say so
        return frozenset()


def _shipped_codes() -> frozenset[str]:
    rows = read_shipped("local_authorities.csv")
    current = {row["dfe_code"] for row in rows if row["is_current"] == "true"}
    return frozenset(current) | {row["predecessor"] for row in read_shipped("la_successions.csv")}
