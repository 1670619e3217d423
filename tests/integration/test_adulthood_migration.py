"""Migration 0020 moves stored activity codes from the first (made-up) list to the NCCIS code
for the same activity, each exactly once, and the downgrade moves them back."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from sendsight.db.migrate import alembic_config, upgrade

STAMP = "'2026-01-01'"


def _codes(url: str) -> list[tuple[str, str]]:
    with create_engine(url).begin() as connection:
        query = text("SELECT id, activity_code FROM adulthood_activity ORDER BY id")
        return [(str(a), str(b)) for a, b in connection.execute(query)]


def test_stored_codes_move_to_nccis_codes_once_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'moves.db'}"
    upgrade(url, "0019")
    with create_engine(url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO access_partnership (id, name, la_codes, created_at_utc, "
                f"updated_at_utc) VALUES ('p', 'P', '[\"354\"]', {STAMP}, {STAMP})"
            )
        )
        connection.execute(
            text(
                "INSERT INTO adulthood_young_person (id, partnership_id, la_code, person_id, "
                f"date_of_birth, created_at_utc, updated_at_utc) VALUES ('y', 'p', '354', "
                f"'SYNTH-1', '2006-01-01', {STAMP}, {STAMP})"
            )
        )
        rows = [("a", "320", "2024-09-01"), ("b", "210", "2023-09-01"), ("c", "810", "2022-09-01")]
        for ident, code, start in rows:
            connection.execute(
                text(
                    "INSERT INTO adulthood_activity (id, created_at_utc, updated_at_utc, "
                    "partnership_id, young_person_id, activity_code, start_on) VALUES "
                    f"('{ident}', {STAMP}, {STAMP}, 'p', 'y', '{code}', '{start}')"
                )
            )
    upgrade(url, "0020")
    # 320 (old supported internship) is NCCIS 460; 210 (old apprenticeship) is 310, not 410.
    assert _codes(url) == [("a", "460"), ("b", "310"), ("c", "810")]
    command.downgrade(alembic_config(url), "0019")
    assert _codes(url) == [("a", "320"), ("b", "210"), ("c", "810")]
