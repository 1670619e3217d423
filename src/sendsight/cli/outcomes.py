"""``sendsight outcomes``: the framework as a file, and bulk value imports."""

from __future__ import annotations

import json
from pathlib import Path

import click
import yaml
from sqlalchemy.orm import Session

from sendsight.access.tenancy import chosen_partnership
from sendsight.cli.options import HELP_SETTINGS
from sendsight.config import get_settings
from sendsight.core.safe_io import read_upload
from sendsight.db.session import session_factory, transaction
from sendsight.disclosure import CASE_LEVEL
from sendsight.outcomes import api, framework, scorecard, value_import


@click.group("outcomes", context_settings=HELP_SETTINGS)
def outcomes() -> None:
    """The outcomes framework: export, import and bulk values."""


# Which partnership's framework a command reads or writes (ADR 0602).
partnership_option = click.option(
    "--partnership",
    "partnership_name",
    default=None,
    help="Name of the partnership whose framework this is (needed when there are several).",
)


@outcomes.command("export")
@partnership_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml",
              show_default=True, help="File format.")  # fmt: skip
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")  # fmt: skip
def export_command(fmt: str, output: Path | None, partnership_name: str | None) -> None:
    """Write a partnership's whole framework (outcomes, measures, values, targets, notes,
    actions).

    JSON also carries each measure's latest figure and baseline forecast.
    """
    with session_factory(get_settings().database_url)() as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        data = framework.export_framework(session, partnership_id=partnership_id)
        if fmt == "json":
            _add_latest(session, data, partnership_id)
    text = (json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json"
            else yaml.safe_dump(data, sort_keys=False, allow_unicode=True))  # fmt: skip
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _add_latest(session: Session, data: dict[str, object], partnership_id: str) -> None:
    from datetime import UTC, datetime

    groups = scorecard.build_scorecard(
        session, partnership_id=partnership_id, today=datetime.now(UTC).date(), viewpoint=CASE_LEVEL
    )
    rows = {r.measure.key: r for g in groups for r in g.rows}
    for m in data["measures"]:  # type: ignore[attr-defined]
        row = rows[m["key"]]
        m["latest"] = {"period": row.latest_period, "value": row.latest}
        m["baseline"] = api.baseline_json(row.baseline, row.measure.frequency)


@outcomes.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@partnership_option
def import_command(file: Path, partnership_name: str | None) -> None:
    """Load a framework file (YAML or JSON) into a partnership that has none yet; all or
    nothing. With one partnership, --partnership may be left out."""
    data = framework.parse_framework_bytes(file.read_bytes(), file.name)
    with transaction(get_settings().database_url) as session:
        partnership_id = chosen_partnership(session, partnership_name).id
        count = framework.import_framework(
            session, data, partnership_id=partnership_id, filename=file.name
        )
    click.echo(f"Imported {count} measures from {file.name}")


@outcomes.command("import-values")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--entered-by", default="command line", show_default=True,
              help="Who the values are recorded as entered by.")  # fmt: skip
@partnership_option
def import_values_command(file: Path, entered_by: str, partnership_name: str | None) -> None:
    """Import values for a partnership's measures from a CSV (measure_id, period, value[,
    numerator, denominator, note])."""
    sniffed = read_upload(file.read_bytes(), file.name, allowed=("csv",))
    with transaction(get_settings().database_url) as session:
        summary = value_import.import_values_csv(
            session, sniffed.text or "", filename=file.name, entered_by=entered_by,
            partnership_id=chosen_partnership(session, partnership_name).id,
        )  # fmt: skip
    click.echo(f"{summary.added} values added, {summary.corrected} corrected")


COMMANDS = [outcomes]
