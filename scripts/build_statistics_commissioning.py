"""Build the published statistics for joint commissioning, shipped in
``src/sendsight/statistics/data/commissioning``.

Run by a developer only (``make data``, or ``.venv/bin/python
scripts/build_statistics_commissioning.py --real ../shared/data/real``). Three files, each in
the DfE open-data ("tidy") format the statistics importer reads:

- ``personal_budgets.csv.gz``: DfE *Education, health and care plans* 2025,
  ``personal_budgets.csv``; the "All personal budgets" rows, January snapshots relabelled
  ``January`` (``201920, Academic year`` is census day in January 2020), published text kept.
- ``high_needs_costs.csv.gz``: the DfE high-needs benchmarking extract "Outturn data 202122"
  (section 251 outturn, 2021-22, with SEN2 placements at January 2021): spending per placement
  of each type and high-needs spending per head of the 2 to 18 population, worked out here per
  LA, with England and each region as the sum of their LAs' spending over the sum of their
  placements (the sheet has no totals). Whole pounds.
- ``dsg_deficit.csv.gz`` and ``dsg_allocation.csv.gz``: the SEND and AP dashboard's DSG files:
  the cumulative DSG balance (deficit positive) as a percentage of income, 2019-20 to 2021-22
  (LAs matched by name), and the total DSG allocation in whole pounds, 2019-20 to 2023-24.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
from _build import GEOGRAPHY, PACKAGE, only_levels, read_dfe_csv, run, write_frame
from build_reference_data import local_authorities
from build_statistics_data import january

OUT = PACKAGE / "statistics" / "data" / "commissioning"
ENGLAND = "E92000001"

#: personal_budgets.csv columns shipped (every type the file publishes).
BUDGET_COLUMNS = ("personal_budget", "org_arrangments", "pb_education", "pb_health", "pb_social",
                  "pb_integrated")  # fmt: skip

#: High-needs cost measures: (column, numerator columns, denominator columns) by 0-based
#: position in the outturn sheet (section 251 outturn block 60-86, placements 6-13,
#: population 4). See the README beside the data for what each sums.
COSTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    # Place funding and top-up for maintained special schools and special academies, per
    # placement there.
    "cost_per_special_place": ((64, 71), (9,)),
    # Top-up to non-maintained and independent special schools, per placement there.
    "cost_per_independent_special_place": ((79,), (10,)),
    # Primary and secondary place funding and top-up (maintained schools, academies, free
    # schools), per plan in mainstream or resourced provision / SEN units.
    "cost_per_mainstream_plan": ((62, 63, 69, 70), (7, 8)),
    # Post-school place funding and top-up (both blocks), per post-16 placement.
    "cost_per_post16_place": ((66, 73, 81), (12,)),
    # Every high-needs outturn line (place funding, top-up less income, services), per head of
    # the 2 to 18 population.
    "outturn_per_head_2_18": (
        (61, 62, 63, 64, 65, 66, 68, 69, 70, 71, 72, 73, 76, 77, 78, 79, 80, 81, 83, 84, 85, 86),
        (4,),
    ),
}
#: Income lines subtracted from the outturn total.
INCOME = (74, 82)
FIRST_DATA_ROW = 7


def personal_budgets(real: Path) -> pl.DataFrame:
    """The "All personal budgets" rows of the 2025 release, January relabelled."""
    frame = only_levels(read_dfe_csv(real / "ehcp_2025" / "data" / "personal_budgets.csv"))
    frame = frame.filter(pl.col("breakdown_topic") == "All personal budgets")
    return january(frame.select(*GEOGRAPHY, *BUDGET_COLUMNS))


def _sheet(path: Path) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = []
    for sheet in book.worksheets:
        sheet.reset_dimensions()  # the files carry a wrong used range
        sheets.extend(sheet.iter_rows(values_only=True))
    return sheets


def _num(cell: Any) -> float:
    return float(cell) if isinstance(cell, int | float) else 0.0


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().replace("&", "and"))


def high_needs_costs(real: Path, authorities: pl.DataFrame) -> pl.DataFrame:
    """Spending per placement by type and per head, per LA, region and England, 2021-22."""
    rows = _sheet(real / "high_needs_outturn_2122" / "Outturn data 202122.xlsx")
    region_of = dict(authorities.select("dfe_code", "region_code").rows())
    sums: dict[tuple[str, str], list[float]] = {}
    records = []
    for row in rows[FIRST_DATA_ROW:]:
        code = str(row[2]) if row[2] is not None else ""
        if not re.fullmatch(r"[0-9]{3}", code) or code not in region_of:
            continue
        values: dict[str, str] = {}
        for measure, (top, bottom) in COSTS.items():
            numerator = sum(_num(row[i]) for i in top)
            if measure == "outturn_per_head_2_18":
                numerator -= sum(_num(row[i]) for i in INCOME)
            denominator = sum(_num(row[i]) for i in bottom)
            if numerator <= 0 or denominator <= 0:
                values[measure] = "x"
                continue
            values[measure] = str(round(numerator / denominator))
            for area in (ENGLAND, region_of[code]):
                total = sums.setdefault((area, measure), [0.0, 0.0])
                total[0] += numerator
                total[1] += denominator
        if all(value == "x" for value in values.values()):
            continue  # an LA the sheet leaves empty (Bournemouth, Dorset and Poole before 2019)
        records.append(("la", code, values))
    areas = [ENGLAND, *sorted({region_of[code] for _, code, _ in records})]
    totals = [
        ("national" if area == ENGLAND else "regional", area,
         {m: str(round(s[0] / s[1])) if (s := sums.get((area, m))) else "x" for m in COSTS})
        for area in areas
    ]  # fmt: skip
    return _tidy([*totals, *records], authorities, "202122", "Financial year")


def _tidy(
    records: list[tuple[str, str, dict[str, str]]],
    authorities: pl.DataFrame,
    period: str,
    identifier: str,
) -> pl.DataFrame:
    """Rows in the DfE tidy layout: geography columns from the reference LAs."""
    las = {row[0]: row for row in authorities.select("dfe_code", "name", "region_code",
                                                     "ons_code").rows()}  # fmt: skip
    out = []
    for level, area, values in records:
        base = {"time_period": period, "time_identifier": identifier,
                "country_code": ENGLAND, "region_code": "", "old_la_code": "",
                "new_la_code": "", "la_name": ""}  # fmt: skip
        if level == "national":
            base["geographic_level"] = "National"
        elif level == "regional":
            base |= {"geographic_level": "Regional", "region_code": area}
        else:
            _, name, region, ons = las[area]
            base |= {"geographic_level": "Local authority", "region_code": region,
                     "old_la_code": area, "new_la_code": ons or "", "la_name": name}  # fmt: skip
        out.append(base | values)
    return pl.DataFrame(out, infer_schema_length=None).select(
        *GEOGRAPHY, *(column for column in out[0] if column not in GEOGRAPHY)
    )


Values = dict[tuple[str, str, str], dict[str, str]]
LEVEL_ORDER = {"national": 0, "regional": 1, "la": 2}


def _dsg_deficit(folder: Path, authorities: pl.DataFrame, values: Values) -> None:
    current = authorities.filter(pl.col("is_current"))
    by_name = {_key(n): c for c, n in current.select("dfe_code", "name").rows()}
    by_name |= {_key(n): c for c, n in authorities.select("dfe_code", "name").rows()
                if _key(n) not in by_name}  # fmt: skip
    regions = {_key(n): c for n, c in authorities.select("region_name", "region_code").rows()}
    for row in _sheet(folder / "dsg_deficit_derived.xlsx")[1:]:
        period, level, region, la, deficit = (str(c or "") for c in row[:5])
        key = {
            "National": ("national", ENGLAND),
            "Regional": ("regional", regions.get(_key(region), "")),
            "Local authority": ("la", by_name.get(_key(la), "")),
        }[level]
        # a few LAs have no figure for a year
        values.setdefault((period, *key), {})["dsg_deficit_pc_income"] = deficit or "x"


def _dsg_allocation(folder: Path, authorities: pl.DataFrame, values: Values) -> None:
    regions = {_key(n): c for n, c in authorities.select("region_name", "region_code").rows()}
    for row in _sheet(folder / "DSG_by_year_dr.xlsx"):
        code, _, amount, period = (str(c) if c is not None else "" for c in row[:4])
        if code == "la_code" or not amount:
            continue
        if code == "ENGLAND":
            key = ("national", ENGLAND)
        elif re.fullmatch(r"[0-9]{3}", code):
            key = ("la", code)
        elif _key(code) in regions:
            key = ("regional", regions[_key(code)])
        else:
            continue  # totals by type of authority (metropolitan, London, ...)
        values.setdefault((period, *key), {})["dsg_allocation"] = str(round(float(amount)))


def dsg(real: Path, authorities: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """DSG cumulative deficit as % of income (2019-20 to 2021-22) and total DSG allocation
    (2019-20 to 2023-24), per LA, region and England, one frame per column."""
    folder = real / "send_ap_dashboard" / "finance"
    values: Values = {}
    _dsg_deficit(folder, authorities, values)
    _dsg_allocation(folder, authorities, values)
    if any(not key[2] for key in values):
        raise ValueError("an LA or region name in the DSG files was not matched")
    shipped = {}
    for column in ("dsg_deficit_pc_income", "dsg_allocation"):
        frames = []
        for period in sorted({key[0] for key, found in values.items() if column in found}):
            keys = sorted(
                (k for k in values if k[0] == period and column in values[k]),
                key=lambda k: (LEVEL_ORDER[k[1]], k[2]),
            )
            records = [(level, area, {column: values[(period, level, area)][column]})
                       for _, level, area in keys]  # fmt: skip
            frames.append(_tidy(records, authorities, period, "Financial year"))
        shipped[column] = pl.concat(frames)
    return shipped


def build(real: Path, out: Path) -> list[Path]:
    """Write every commissioning statistics file into ``out``."""
    authorities = local_authorities(real)
    frames = {
        "personal_budgets.csv.gz": personal_budgets(real),
        "high_needs_costs.csv.gz": high_needs_costs(real, authorities),
    }
    found = dsg(real, authorities)
    frames["dsg_deficit.csv.gz"] = found["dsg_deficit_pc_income"]
    frames["dsg_allocation.csv.gz"] = found["dsg_allocation"]
    return [write_frame(frame, out / name) for name, frame in frames.items()]


if __name__ == "__main__":
    run(build, OUT, __doc__.splitlines()[0])
