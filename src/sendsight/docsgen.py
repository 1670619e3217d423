"""Generate the reference docs from the code (run: ``python -m sendsight.docsgen``).

Meta-tests regenerate both in memory and fail if the committed files differ.
"""

from __future__ import annotations

from pathlib import Path

import click

from sendsight.config import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs"


def configuration_markdown() -> str:
    """Every setting: environment variable, default and description."""
    lines = [
        "# Configuration",
        "",
        "sendsight reads its settings from environment variables. Every setting has a default",
        "that is safe on a developer's machine. This page is generated from",
        "`src/sendsight/config.py` by `python -m sendsight.docsgen`.",
        "",
        "| Environment variable | Default | What it does |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = "(not set)" if field.default is None else f"`{field.default}`"
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| `SENDSIGHT_{name.upper()}` | {default} | {description} |")
    return "\n".join(lines) + "\n"


def cli_markdown() -> str:
    """Every command's --help text."""
    from sendsight.cli import cli

    lines = [
        "# Command line",
        "",
        "Generated from the commands' own help by `python -m sendsight.docsgen`.",
        "",
    ]
    for path, command, ctx in _walk(cli, ("sendsight",)):
        lines += [
            f"## `{' '.join(path)}`",
            "",
            "```text",
            command.get_help(ctx).rstrip(),
            "```",
            "",
        ]
    return "\n".join(lines)


def _walk(
    command: click.Command, path: tuple[str, ...], parent: click.Context | None = None
) -> list[tuple[tuple[str, ...], click.Command, click.Context]]:
    # Contexts carry each command's own settings (e.g. `-h` for help), as a real call would.
    ctx = click.Context(command, info_name=path[-1], parent=parent, **command.context_settings)
    found = [(path, command, ctx)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            found += _walk(command.commands[name], (*path, name), ctx)
    return found


def data_dictionary_markdown() -> str:
    """Every published indicator (definition, unit, polarity, source) and every table and column."""
    from sendsight.db.models import metadata
    from sendsight.statistics.registry import list_indicators

    lines = [
        "# Data dictionary",
        "",
        "Generated from the indicator registry (`statistics/indicators.yaml`) and the models by",
        "`python -m sendsight.docsgen`.",
        "",
        "## Published indicators",
        "",
    ]
    for ind in list_indicators():
        sources = "; ".join(f"{s.publication}.{s.column}" for s in ind.sources)
        lines += [
            f"### `{ind.id}`: {ind.title}",
            "",
            ind.description,
            "",
            f"- Unit: {ind.unit.value}; {ind.decimals} decimal places; "
            f"period: {ind.period_kind.value}",
            f"- Which way is better: {ind.polarity.value.replace('_', ' ')}",
            f"- Source: {ind.source_name} ({ind.owner}), {ind.source_url}",
            f"- Stored as: {sources}",
            "",
        ]
    lines += ["## Tables", ""]
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        lines += [f"### `{table.name}`", "", "| Column | Type | Null |", "|---|---|---|"]
        for column in table.columns:
            lines.append(
                f"| `{column.name}` | {column.type} | {'yes' if column.nullable else 'no'} |"
            )
        lines.append("")
    return "\n".join(lines)


GENERATED = {
    "configuration.md": configuration_markdown,
    "cli.md": cli_markdown,
    "data-dictionary.md": data_dictionary_markdown,
}


def main() -> None:
    """Write every generated document, and the index ``--help`` answers from."""
    from sendsight.cli import help_index

    DOCS.mkdir(exist_ok=True)
    for name, build in GENERATED.items():
        (DOCS / name).write_text(build(), encoding="utf-8")
    help_index.main()


if __name__ == "__main__":
    main()
