"""Adulthood: move stored activity codes to the NCCIS current-activity codes.

The first code list (migration 0014's era) was written from memory and numbered activities
differently from NCCIS (for example 320 for a supported internship, which NCCIS codes 460).
Each stored code is moved to the NCCIS code for the same activity (ADR 1501, decision 3); the
downgrade moves them back. One statement with a CASE, so no code is moved twice.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

#: old code -> NCCIS code for the same activity.
MOVES = {
    "110": "210",
    "120": "220",
    "130": "230",
    "140": "240",
    "150": "250",
    "160": "260",
    "170": "270",
    "210": "310",
    "220": "320",
    "230": "330",
    "240": "340",
    "250": "350",
    "260": "360",
    "270": "380",
    "280": "540",
    "310": "450",
    "320": "460",
    "330": "430",
    "410": "530",
    "510": "619",
    "520": "610",
    "530": "615",
    "610": "620",
    "620": "630",
    "630": "640",
    "640": "650",
    "650": "680",
}


def _move(moves: dict[str, str]) -> None:
    cases = " ".join(f"WHEN '{old}' THEN '{new}'" for old, new in sorted(moves.items()))
    listed = ", ".join(f"'{old}'" for old in sorted(moves))
    op.execute(
        f"UPDATE adulthood_activity SET activity_code = CASE activity_code {cases} END "
        f"WHERE activity_code IN ({listed})"
    )


def upgrade() -> None:
    _move(MOVES)


def downgrade() -> None:
    _move({new: old for old, new in MOVES.items()})
