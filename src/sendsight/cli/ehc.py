"""``sendsight ehc``: import EHC case files, rebuild facts, print metrics and at-risk cases."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from sendsight.access.audit import SYSTEM, NamedActor, record
from sendsight.cli.options import HELP_SETTINGS, existing_file, known_la
from sendsight.cli.options import la_option as la_option_for
from sendsight.cli.progress import count_rows, working
from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.db.session import session_factory, transaction
from sendsight.ehc import atrisk, facts, imports, metrics, queries, sen2
from sendsight.ehc.clock import Boundary

CLI_ACTOR = NamedActor(email="command line")
la_option = la_option_for(None, "DfE 3-digit code of the local authority, e.g. 354.")


def _boundary() -> Boundary:
    return get_settings().ehc_deadline_boundary


@click.group("ehc", context_settings=HELP_SETTINGS)
def ehc() -> None:
    """EHC needs assessments and plans: import cases, build facts, report timeliness."""


@ehc.command("import")
@la_option
@click.option("--requests", type=existing_file, help="Requests CSV (the EHC template).")
@click.option("--advice", type=existing_file, help="Advice CSV (optional).")
@click.option("--reviews", type=existing_file, help="Annual reviews CSV (optional).")
@click.option(
    "--sen2",
    "sen2_dir",
    type=click.Path(exists=True, path_type=Path),
    help="Folder holding a SEN2 COLLECT (Blade) export, or a SEN2 XML return (the file, or a "
    "folder holding it), instead of the template.",
)
@click.option(
    "--reference-date",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="SEN2 reference date for the quality checks (default: today).",
)
def import_command(
    la_code: str,
    requests: Path | None,
    advice: Path | None,
    reviews: Path | None,
    sen2_dir: Path | None,
    reference_date: Any,
) -> None:
    """Import one LA's case files in one transaction: all of it, or nothing if any row is wrong."""
    if (requests is None) == (sen2_dir is None):
        raise click.UsageError("Give either --requests (with --advice and --reviews) or --sen2")
    with _sen2_folder(sen2_dir) as folder:
        _import(la_code, requests, advice, reviews, folder, reference_date)


@contextmanager
def _sen2_folder(given: Path | None) -> Iterator[Path | None]:
    """The folder a SEN2 return is read from: ``given``, or a temporary one holding the XML
    file given."""
    if given is None or given.is_dir():
        yield given
        return
    if given.suffix.lower() != ".xml":
        raise click.BadParameter(
            "Give a folder of SEN2 module CSVs or an .xml file", param_hint="--sen2"
        )
    with tempfile.TemporaryDirectory(prefix="sendsight-sen2-") as folder:
        shutil.copy(given, Path(folder) / given.name)
        yield Path(folder)


def _import(
    la_code: str,
    requests: Path | None,
    advice: Path | None,
    reviews: Path | None,
    sen2_dir: Path | None,
    reference_date: Any,
) -> None:
    url = get_settings().database_url
    rows = count_rows(_files(requests, advice, reviews, sen2_dir))
    try:
        with working(rows, "Checking and importing"), transaction(url) as session:
            result = _run_import(
                session,
                la_code,
                requests,
                advice,
                reviews,
                sen2_dir,
                reference_date.date() if reference_date else date.today(),
            )
    except InputRejected as rejected:
        with transaction(url) as session:
            record(session, actor=CLI_ACTOR, action="import", object_type="ehc_import",
                   la_code=la_code, detail={"outcome": "rejected",
                                            "problems": len(rejected.problems)})  # fmt: skip
        raise
    _print_result(result)


def _files(*given: Path | None) -> list[Path]:
    """The CSV files named, and those in a SEN2 folder."""
    found = [p for p in given if p is not None]
    return [f for p in found for f in (sen2.source_files(p) if p.is_dir() else [p])]


def _run_import(session: Any, la_code: str, requests: Path | None, advice: Path | None,
                reviews: Path | None, sen2_dir: Path | None,
                reference_date: date) -> imports.ImportResult:  # fmt: skip
    if sen2_dir is not None:
        return imports.import_sen2(session, la_code=la_code, directory=sen2_dir,
                                   reference_date=reference_date, actor=CLI_ACTOR,
                                   boundary=_boundary())  # fmt: skip
    assert requests is not None
    return imports.import_template(
        session, la_code=la_code, requests=requests, advice=advice, reviews=reviews,
        actor=CLI_ACTOR, boundary=_boundary(),
    )  # fmt: skip


def _print_result(result: imports.ImportResult) -> None:
    click.echo(f"Imported for LA {result.la_code} (import {result.import_id})")
    for table, count in result.counts.items():
        c = count
        click.echo(f"  {table}: {c.inserted} added, {c.updated} changed, {c.unchanged} unchanged")
    if result.checks:
        click.echo("Data-quality checks (label, count, records, action):")
    for check in result.checks:
        shown = ", ".join(check.record_ids[:10]) + (" …" if len(check.record_ids) > 10 else "")
        click.echo(f"  {check.label}: {check.count}")
        if check.count:
            click.echo(f"    records: {shown}")
            click.echo(f"    action: {check.action}")


@ehc.group("facts", context_settings=HELP_SETTINGS)
def facts_group() -> None:
    """The EHC fact tables the pages and the scorecard read."""


@facts_group.command("build")
@click.option(
    "--la",
    "la_code",
    default=None,
    callback=known_la,
    help="Only this LA (default: every LA with cases).",
)
def facts_build(la_code: str | None) -> None:
    """Rebuild the EHC fact tables from the stored cases."""
    with transaction(get_settings().database_url) as session:
        codes = None if la_code is None else [la_code]
        built = facts.rebuild_facts(session, la_codes=codes, boundary=_boundary())
        record(session, actor=SYSTEM, action="edit", object_type="ehc_facts",
               la_code=la_code, detail={"rebuilt": sorted(built)})  # fmt: skip
    for table, count in sorted(built.items()):
        click.echo(f"{table}: {count.inserted} added, {count.updated} changed, "
                   f"{count.unchanged} unchanged, {count.deleted} removed")  # fmt: skip


@ehc.command("metrics")
@la_option
@click.option("--year", type=int, required=True, help="Calendar year, e.g. 2024.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def metrics_command(la_code: str, year: int, fmt: str) -> None:
    """Print one LA's EHC timeliness metrics for a calendar year, from the fact tables."""
    with session_factory(get_settings().database_url)() as session:
        stored = queries.facts_for(session=session, la_code=la_code)
    click.echo(json.dumps(metrics.metrics_for(stored, la_code, year), indent=2))


@ehc.command("at-risk")
@la_option
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="The day to judge deadlines on, as YYYY-MM-DD.",
)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def at_risk_command(la_code: str, as_of: Any, fmt: str) -> None:
    """Print open requests with their next statutory deadline, soonest first."""
    url = get_settings().database_url
    with transaction(url) as session:
        requests = queries.load_requests(session=session, la_code=la_code)
        rows = atrisk.at_risk_records(requests, as_of.date(), la_code, _boundary())
        detail = {"as_of": as_of.date().isoformat(), "rows": len(rows)}
        record(session, actor=CLI_ACTOR, action="case.export", object_type="ehc_at_risk",
               la_code=la_code, detail=detail)  # fmt: skip
    click.echo(json.dumps(rows, indent=2))


COMMANDS = [ehc]
