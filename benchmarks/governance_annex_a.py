"""Annex A export for a large LA: 6,000 EHC plans and 30,000 SEN support pupils.

Issue #17 figure: the export (read the cases and the census from the database, build both lists
and the data-quality checks, write the workbook) must take at most 5 s. The reference, measured
in the same run, is writing the same rows with a plain openpyxl loop (write-only workbook,
``sheet.append`` per row), which is what a first implementation would do. Prints both times and
their ratio, and the workbook's size.

Usage: .venv/bin/python benchmarks/governance_annex_a.py [--plans 6000] [--pupils 30000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import create_engine

from sendsight.core.identifiers import upn_check_letter
from sendsight.db.models import metadata
from sendsight.db.session import transaction

AS_OF = date(2026, 12, 3)


def _upn(n: int) -> str:
    body = f"999{7000 + n // 1000:04d}15{n % 1000:03d}"
    return upn_check_letter(body) + body


def _seed(url: str, plans: int, pupils: int) -> str:
    from sendsight.access.queries import create_partnership
    from sendsight.ehc.models import EhcRequest
    from sendsight.governance.census import CensusFile
    from sendsight.governance.queries import store_census

    rng = random.Random(17)
    with transaction(url) as session:
        partnership = create_partnership(session=session, name="Bench", la_codes=[])
        requests, rows = [], []
        for n in range(plans + pupils):
            born = AS_OF - timedelta(days=rng.randint(4 * 365, 18 * 365))
            if n < plans:
                requests.append(
                    {
                        "la_code": "354",
                        "request_id": f"R{n}",
                        "person_id": f"P{n}",
                        "date_of_birth": born,
                        "upn": _upn(n),
                        "received_on": born + timedelta(days=3 * 365),
                        "final_issued_on": born + timedelta(days=3 * 365 + 120),
                        "primary_need": "ASD",
                        "setting_urn": "990001",
                        "exceptions_apply": False,
                    }
                )
            rows.append(
                {
                    "upn": _upn(n),
                    "person_id": f"P{n}" if n < plans else None,
                    "uln": None,
                    "date_of_birth": born,
                    "gender": rng.choice("MF"),
                    "ethnicity": "WBRI",
                    "sen_provision": "E" if n < plans else "K",
                    "primary_need": "SLCN",
                    "urn": "990001",
                    "phase": "primary",
                    "subsidiary_phase": None,
                    "elective_home_education": False,
                    "suspensions": 0,
                    "permanent_exclusions": 0,
                    "absence_pct": 5.5,
                    "pupil_premium": True,
                    "csc_team": None,
                    "disability": False,
                }
            )
        session.execute(EhcRequest.__table__.insert(), requests)
        store_census(
            session=session,
            partnership_id=partnership.id,
            la_code="354",
            census=CensusFile("bench.csv", rows, "x"),
            census_date=AS_OF,
            imported_by="bench",
        )
        return partnership.id


def _openpyxl(annex: object, out: Path) -> None:
    from openpyxl import Workbook

    from sendsight.governance import annex_a, codes

    book = Workbook(write_only=True)
    for title, frame, headers, columns in (
        ("List_1", annex.list_1, codes.LIST_1_HEADERS, annex_a.L1),  # type: ignore[attr-defined]
        ("List_2", annex.list_2, codes.LIST_2_HEADERS, annex_a.L2),  # type: ignore[attr-defined]
    ):
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in annex_a._labels(frame).select(columns).iter_rows():
            sheet.append(list(row))
    book.save(out)


def main() -> None:
    """Seed, export with sendsight, write the same rows with openpyxl, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=6000)
    parser.add_argument("--pupils", type=int, default=30000)
    args = parser.parse_args()
    from sendsight.access.audit import NamedActor
    from sendsight.governance import lists

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    metadata.create_all(create_engine(url))
    partnership_id = _seed(url, args.plans, args.pupils)
    out = folder / "annex-a.xlsx"
    with transaction(url) as session:
        # Timed cold: the lists are cached once built (governance.lists), so no warm-up here.
        start = time.perf_counter()
        built = lists.export_annex_a(
            session,
            partnership_id=partnership_id,
            la_code="354",
            as_of=AS_OF,
            actor=NamedActor("bench"),
            purpose="bench",
            out=out,
        )
        ours = time.perf_counter() - start
    reference_out = folder / "openpyxl.xlsx"
    start = time.perf_counter()
    _openpyxl(built, reference_out)
    reference = time.perf_counter() - start
    print(f"Rows: List_1 {built.list_1.height:,}, List_2 {built.list_2.height:,}")
    print(
        f"sendsight export (read, build, check, write): {ours:.2f} s "
        f"({out.stat().st_size / 1e6:.1f} MB); goal <= 5 s"
    )
    print(
        f"openpyxl loop writing the same rows (write only): {reference:.2f} s "
        f"({reference_out.stat().st_size / 1e6:.1f} MB)"
    )
    print(f"Ratio sendsight / openpyxl: {ours / reference:.2f}")


if __name__ == "__main__":
    main()
