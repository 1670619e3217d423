"""Build ``src/sendsight/governance/data/area_send_inspections.csv`` from the scraped outcomes.

Usage: python scripts/build_inspections.py PATH/TO/ofsted_csc_send_overview.xlsx

Source: Ofsted area SEND inspection reports (Crown copyright, Open Government Licence v3.0), via
Data to Insight's ofsted-send-scrape-tool (``ofsted_csc_send_overview.xlsx``). Dates become ISO,
grades whole numbers, sentinel dates (01/01/1900) and sentinel texts become blanks.
"""

from __future__ import annotations

import csv
import sys
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

OUT = Path(__file__).resolve().parents[1] / "src/sendsight/governance/data"
COLUMNS = (
    "la_code",
    "local_authority",
    "region_code",
    "outcome_grade",
    "inspection_start_date",
    "inspection_end_date",
    "publication_date",
    "previous_inspection_date",
    "next_inspection",
    "next_inspection_by_date",
    "stat_neighbours",
    "inspection_link",
)


def _date(value: object) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return "" if value.year <= 1900 else value.isoformat()
    text = str(value or "").strip()
    for fmt in ("%d/%m/%y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return "" if parsed.year <= 1900 else parsed.isoformat()
    return ""


def _grade(value: object) -> str:
    try:
        return str(int(float(str(value))))
    except ValueError:
        return ""


def main(source: Path) -> None:
    """Read the workbook and write the CSV (sorted by LA code)."""
    sheet = load_workbook(source, read_only=True)["ofsted_cs_send_inspections"]
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    out = []
    for raw in rows:
        row = dict(zip(header, raw, strict=False))
        if not row.get("la_code"):
            continue
        out.append(
            {
                "la_code": f"{int(float(str(row['la_code']))):03d}",
                "local_authority": str(row["local_authority"] or "").strip().title(),
                "region_code": str(row["region_code"] or "").strip(),
                "outcome_grade": _grade(row["outcome_grade"]),
                "inspection_start_date": _date(row["inspection_start_date"]),
                "inspection_end_date": _date(row["inspection_end_date"]),
                "publication_date": _date(row["publication_date"]),
                "previous_inspection_date": _date(row["previous_inspection_date"]),
                "next_inspection": str(row["next_inspection"] or "").strip(),
                "next_inspection_by_date": _date(row["next_inspection_by_date"]),
                "stat_neighbours": ";".join(
                    f"{int(c.strip()):03d}"
                    for c in str(row["stat_neighbours"] or "").split(",")
                    if c.strip().isdigit()
                ),
                "inspection_link": str(row["inspection_link"] or "").strip(),
            }
        )
    out.sort(key=lambda r: r["la_code"])
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "area_send_inspections.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    sys.stdout.write(f"Wrote {len(out)} inspections to {OUT / 'area_send_inspections.csv'}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
