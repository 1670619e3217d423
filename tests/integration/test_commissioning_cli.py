"""The commissioning commands on the seeded demo database (read-only, or refused input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from sendsight.cli import cli
from sendsight.commissioning import imports, queries
from sendsight.commissioning.costs import ledger_unit_costs, resolve_unit_costs
from tests.partnerships import demo_partnership_id


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["commissioning", *args])


def test_costs_prints_three_years_with_intervals(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", seeded_url)
    result = run("costs", "--la", "354", "--to-special", "10")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "January,plans,spend,spend_low_80,spend_high_80" and len(lines) == 4
    point, low, high = (float(v) for v in lines[1].split(",")[2:])
    assert low < point < high


def test_a_bad_contracts_file_is_refused_with_line_and_column(
    seeded_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", seeded_url)
    path = tmp_path / "contracts.csv"
    path.write_text(
        "reference,title,provider,service_key,value,starts_on,ends_on,extension_months,"
        "commissioners\nX1,Therapy,Acme,,£-5,2027-01-01,2026-01-01,0,education\n",
        encoding="utf-8",
    )
    result = run("import-contracts", str(path), "--la", "354")
    assert result.exit_code != 0
    assert "line 2" in result.output and "ends_on" in result.output


def test_contracts_import_links_scorecard_measures_by_key(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    from sendsight.outcomes import queries as outcomes

    measure = next(m for m in outcomes.list_measures(session=seeded_session, partnership_id=pid)
                   if m.level == "performance")  # fmt: skip
    text = ("reference,title,provider,service_key,value,starts_on,ends_on,extension_months,"
            f"commissioners,measures\nNEW-1,Short breaks,Acme,,\"£250,000\",2026-04-01,"
            f"2028-03-31,12,education;social_care,{measure.key}\n")  # fmt: skip
    imports.import_contracts(seeded_session, text, filename="c.csv", partnership_id=pid,
                             la_code="354")  # fmt: skip
    found = next(c for c in queries.list_contracts(session=seeded_session, partnership_id=pid)
                 if c.reference == "NEW-1")  # fmt: skip
    assert found.value_pence == 25_000_000 and found.commissioners == ["education", "social_care"]
    linked = queries.contract_measures(
        session=seeded_session, contract_id=found.id, partnership_id=pid
    )
    assert [m.key for m in linked] == [measure.key]
    assert found.id in {c.id for c in queries.contracts_by_measure(
        session=seeded_session, partnership_id=pid)[measure.id]}  # fmt: skip


def test_unit_costs_can_come_from_the_ledger(seeded_session: Session) -> None:
    pid = demo_partnership_id(seeded_session)
    from_ledger = ledger_unit_costs(seeded_session, partnership_id=pid)
    assert {"mainstream", "special"} <= set(from_ledger)
    assert from_ledger["special"].source.startswith("Ledger: average of")
    resolved = resolve_unit_costs(seeded_session, partnership_id=pid, la_code="354")
    # The demo sets its own figures, which win over the ledger and the published ones.
    assert resolved["special"].source.startswith("Demonstration")
