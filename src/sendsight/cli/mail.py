"""Email from the command line: ``mail send`` and ``mail reminders`` (run both from a timer)."""

from __future__ import annotations

from datetime import datetime

import click

from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.db.session import transaction


@click.group("mail", context_settings=HELP_SETTINGS)
def mail_group() -> None:
    """Email: send the outbox, queue reminders."""


@mail_group.command("send")
def send_command() -> None:
    """Send every message in the outbox not sent yet (failed ones are tried again).

    With `mail_transport = outbox`, or on the demo database, nothing is sent: messages stay in
    the outbox, where administrators read them. Run this every minute or so from a timer.
    """
    from sendsight.notify.sending import send_pending

    settings = get_settings()
    with transaction(settings.database_url) as session:
        report = send_pending(session, settings=settings, after_each=session.commit)
    if report.kept:
        click.echo(f"Mail is kept in the outbox here: {report.kept} message(s) not sent")
        return
    click.echo(f"{report.sent} sent, {report.failed} failed (kept, to try again)")
    if report.failed:
        raise click.exceptions.Exit(1)


@mail_group.command("reminders")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Queue the reminders due on this day (YYYY-MM-DD) instead of the real today.",
)
def reminders_command(today: datetime | None) -> None:
    """Queue this week's reminders: overdue actions to their owners, measures due an update to
    their organisation's users, and the at-risk digest (counts and a link) to caseworkers.

    Each goes to a person at most once a week, so running this daily (or twice) queues nothing
    new. `sendsight mail send` then sends them.
    """
    from sendsight.notify.reminders import london_today, queue_reminders

    settings = get_settings()
    day = today.date() if today else london_today()
    with transaction(settings.database_url) as session:
        counts = queue_reminders(session, settings=settings, today=day)
    summary = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
    click.echo(f"Queued for the week of {day.isoformat()}: {summary}")


COMMANDS = (mail_group,)
