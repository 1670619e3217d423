"""Setting up and serving: ``init``, ``demo``, ``serve`` and ``db``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from sendsight.cli import serving
from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings, require_safe_secret

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

host_option = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on."
)
port_option = click.option(
    "--port",
    default=5000,
    show_default=True,
    type=int,
    envvar="SENDSIGHT_PORT",
    show_envvar=True,
    help="Port to listen on (`make demo PORT=8080` sets it too).",
)


@click.command("init")
def init_command() -> None:
    """Create or migrate the database and load reference data and the shipped statistics.

    Safe to run twice: nothing already loaded is loaded again.
    """
    from sendsight.db import migrate
    from sendsight.db.session import transaction

    url = get_settings().database_url
    migrate.upgrade(url)
    with transaction(url) as session:
        summary = load_shipped_data(session)
    click.echo(f"Database ready at {_display_url(url)}")
    for line in summary:
        click.echo(f"  {line}")


@click.command("demo")
@host_option
@port_option
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop; do not serve it.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Build the demo as at this day (YYYY-MM-DD) instead of the real today; the same day "
    "always builds the same data.",
)
def demo_command(host: str, port: int, no_serve: bool, today: datetime | None) -> None:
    """Build (or refresh) the demonstration partnership and serve it.

    The demo is built around a real local area's published figures (Rochdale, DfE code 354, by
    default) plus a made-up partnership, users, targets and case records. Case records, local
    measure values, notes and actions run up to the last complete month before today.
    """
    listener = None if no_serve else serving.listen(host, port)
    settings = get_settings() if no_serve else serving.demo_settings(get_settings())
    password = serving.demo_password(settings)
    init_command.callback()  # type: ignore[misc]
    from sendsight.db.session import transaction
    from sendsight.demo.build import build_demo

    with transaction(settings.database_url) as session:
        accounts = build_demo(
            session,
            la_code=settings.demo_la_code,
            password=password,
            today=today.date() if today else None,
        )
    url = f"http://{host}:{port}"
    click.echo(f"\nDemo ready: {url}")
    for email, role in accounts:
        click.echo(f"  {role:<11} {email}")
    click.echo(f"  password    {password}")
    if listener is not None:
        serving.serve(listener, settings, demo=True)


@click.command("serve")
@host_option
@port_option
@click.option("--threads", default=8, show_default=True, type=int, help="Worker threads.")
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the web application with a production WSGI server (waitress).

    Refuses to start in production (the default environment) with the placeholder secret key
    or one shorter than 32 bytes; see SENDSIGHT_SECRET_KEY in docs/configuration.md.
    """
    settings = get_settings()
    require_safe_secret(settings)
    serving.serve(serving.listen(host, port), settings, threads)


@click.group("db", context_settings=HELP_SETTINGS)
def db_group() -> None:
    """Database schema: migrate and inspect."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Revision to migrate to.")
def db_upgrade(revision: str) -> None:
    """Migrate the database to the latest schema (or to --revision)."""
    from sendsight.db import migrate

    url = get_settings().database_url
    migrate.upgrade(url, revision)
    click.echo(f"Database at revision {migrate.current_revision(url)}")


@db_group.command("current")
def db_current() -> None:
    """Print the database's schema revision and whether it is up to date."""
    from sendsight.db import migrate

    url = get_settings().database_url
    current = migrate.current_revision(url)
    heads = migrate.head_revisions(url)
    state = "up to date" if current in heads else f"behind (latest is {', '.join(heads)})"
    click.echo(f"{current or 'empty database'}: {state}")


def load_shipped_data(session: Session) -> list[str]:
    """Load (idempotently) what ships with the product: reference data and DfE statistics."""
    from sendsight.reference.loader import load_reference_data
    from sendsight.statistics.loader import load_shipped_statistics

    ref = load_reference_data(session)
    lines = [
        f"Reference data: {ref.local_authorities} local authorities, {ref.ons_codes} ONS codes, "
        f"{ref.successions} reorganisation links, {ref.neighbours} neighbour links added or changed"
    ]
    reports = load_shipped_statistics(session)
    loaded = [r for r in reports if not r.unchanged]
    lines.append(
        f"Published statistics: {len(reports)} files, {len(loaded)} newly loaded "
        f"({sum(r.values_written for r in loaded):,} figures)"
    )
    return lines


def _display_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


COMMANDS = (init_command, demo_command, serve_command, db_group)
