"""Annex A on tiny frames: which plans are current, census matching, the checks, the workbook;
the census reader; the shipped inspection outcomes."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from openpyxl import load_workbook

from sendsight.core.errors import InputRejected
from sendsight.governance import annex_a, codes, inspections
from sendsight.governance.census import read_census_text

AS_OF = date(2026, 12, 3)
REQUESTS = {
    "person_id": pl.String,
    "final_issued_on": pl.Date,
    "upn": pl.String,
    "date_of_birth": pl.Date,
    "primary_need": pl.String,
    "setting_urn": pl.String,
}
REVIEWS = {
    "person_id": pl.String,
    "review_meeting_on": pl.Date,
    "amended_plan_issued_on": pl.Date,
    "decision": pl.String,
    "decision_on": pl.Date,
}
HEADER = "upn,date_of_birth,gender,ethnicity,sen_provision,primary_need,urn,phase,person_id"


def _census(text: str) -> pl.DataFrame:
    rows = read_census_text(HEADER + "\n" + text, "c.csv").rows
    from sendsight.governance.census import COLUMNS

    frame = pl.DataFrame(rows, infer_schema_length=None)
    for column in COLUMNS:
        if column.name not in frame.columns:
            frame = frame.with_columns(pl.lit(None).alias(column.name))
    return frame.with_columns(
        pl.col("suspensions", "permanent_exclusions").cast(pl.Int64),
        pl.col("absence_pct").cast(pl.Float64),
        pl.col("pupil_premium", "disability", "elective_home_education").cast(pl.Boolean),
        pl.col("uln", "subsidiary_phase", "csc_team").cast(pl.String),
    )


def test_current_plans_leave_out_ceased_and_future_plans_and_keep_review_only_plans() -> None:
    requests = pl.DataFrame(
        [
            ("P1", date(2020, 5, 1), None, date(2012, 1, 1), "ASD", None),
            ("P2", date(2021, 5, 1), None, date(2012, 1, 1), "ASD", None),
            ("P3", date(2027, 1, 1), None, date(2012, 1, 1), "ASD", None),
            ("P4", None, None, date(2012, 1, 1), None, None),
        ],
        schema=REQUESTS,
        orient="row",
    )
    reviews = pl.DataFrame(
        [
            ("P2", date(2022, 5, 1), None, "cease", date(2022, 5, 20)),
            ("Q1", date(2026, 3, 1), date(2026, 5, 1), "amend", date(2026, 3, 20)),
        ],
        schema=REVIEWS,
        orient="row",
    )
    plans = annex_a.current_plans(requests, reviews, AS_OF)
    assert plans.get_column("person_id").to_list() == ["P1", "Q1"]
    legacy = plans.row(1, named=True)
    assert legacy["initial_issued_on"] is None and legacy["updated_issued_on"] == date(2026, 5, 1)


def test_list_one_takes_missing_fields_from_the_census_by_person_then_upn() -> None:
    requests = pl.DataFrame(
        [
            ("P1", date(2020, 5, 1), "J999900019001", date(2014, 1, 1), "ASD", None),
            ("P2", date(2020, 5, 1), None, None, None, None),
        ],
        schema=REQUESTS,
        orient="row",
    )
    census = _census(
        "J999900019001,2014-01-01,F,WBRI,E,ASD,990001,primary,\n"
        "Y999900019002,2016-02-02,M,APKN,E,SLCN,990002,secondary,P2\n"
    )
    one = annex_a.list_one(
        annex_a.current_plans(requests, pl.DataFrame(schema=REVIEWS), AS_OF), census
    )
    first, second = one.row(0, named=True), one.row(1, named=True)
    assert (first["gender"], first["ethnicity"], first["urn"]) == ("F", "WBRI", "990001")
    assert (second["upn"], second["date_of_birth"], second["primary_need"]) == (
        "Y999900019002",
        date(2016, 2, 2),
        "SLCN",
    )
    assert first["known_to_csc"] is False


def test_checks_find_each_problem_and_duplicates_across_lists() -> None:
    census = _census(
        "J999900019001,2014-01-01,,WBRI,K,SLCN,990001,primary,\n"  # no gender
        "Y999900019002,2030-02-02,M,,K,,,primary,\n"  # future, no ethnicity, no need
        "M999900019003,2015-02-02,M,WBRI,K,SLCN,,primary,\n"  # school age, no school
    )
    two = annex_a.list_two(census, "354")
    one = pl.DataFrame({c: [None] for c in annex_a.L1}).with_columns(
        pl.lit("P9").alias("unique_id"),
        pl.lit("J999900019001").alias("upn"),
        pl.lit(date(1990, 1, 1)).alias("date_of_birth"),
        pl.lit("M").alias("gender"),
        pl.lit("WBRI").alias("ethnicity"),
        pl.lit("ASD").alias("primary_need"),
        pl.lit(date(2020, 1, 1)).alias("initial_issued_on"),
        pl.lit(date(2019, 1, 1)).alias("updated_issued_on"),
        pl.lit(None, pl.Date).alias("last_reviewed_on"),
        pl.lit(False).alias("elective_home_education"),
        pl.lit(None, pl.String).alias("uln"),
        pl.lit(None, pl.String).alias("urn"),
    )
    found = {c.key: c.count for c in annex_a.quality_checks(one, two, AS_OF)}
    assert found == {
        "missing_dob": 0,
        "missing_gender": 1,
        "missing_ethnicity": 1,
        "missing_need": 1,
        "age_25_plus": 1,
        "future_dates": 1,
        "dates_out_of_order": 1,
        "no_identifier": 0,
        "no_establishment": 1,
        "duplicate_upn": 2,
    }


def test_a_young_person_is_24_until_the_day_of_their_25th_birthday() -> None:
    births = [date(2001, 12, 18), date(2001, 12, 3), date(2001, 2, 28), date(2001, 12, 4)]
    frame = pl.DataFrame({"date_of_birth": births})
    ages = frame.select(annex_a._age(AS_OF)).to_series().to_list()
    assert ages == [24, 25, 25, 24]


def test_workbook_has_exactly_the_handbook_sheets_headers_and_typed_cells() -> None:
    census = _census("J999900019001,2014-01-01,F,WBRI,K,SLCN,990001,primary,=cmd|x\n")
    built = annex_a.assemble(
        "354", AS_OF, pl.DataFrame(schema=REQUESTS), pl.DataFrame(schema=REVIEWS), census
    )
    out = io.BytesIO()
    annex_a.write_workbook(built, out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["List_1", "List_2"]
    rows = list(book["List_2"].iter_rows(values_only=True))
    assert rows[0] == codes.LIST_2_HEADERS and len(codes.LIST_2_HEADERS) == 17
    assert rows[1][0] == "=cmd|x" and book["List_2"]["A2"].data_type == "s"
    assert rows[1][3].date() == date(2014, 1, 1) and rows[1][8] == "Primary"
    assert list(book["List_1"].iter_rows(values_only=True)) == [codes.LIST_1_HEADERS]
    assert all("\u2013" in h for h in codes.LIST_1_HEADERS if "establishment" in h)


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("A999900019001,2014-01-01,F,WBRI,K,SLCN,990001,primary,", "upn", "check letter"),
        ("J999900019001,2014-13-01,F,WBRI,K,SLCN,990001,primary,", "date_of_birth", "real date"),
        ("J999900019001,2014-01-01,X,WBRI,K,SLCN,990001,primary,", "gender", "gender code"),
        ("J999900019001,2014-01-01,F,WXYZ,K,SLCN,990001,primary,", "ethnicity", "ethnicity code"),
        ("J999900019001,2014-01-01,F,WBRI,K,ABC,990001,primary,", "primary_need", "primary need"),
        ("J999900019001,2014-01-01,F,WBRI,E,NSA,990001,primary,", "primary_need", "only for SEN"),
        ("J999900019001,2014-01-01,F,WBRI,Q,SLCN,990001,primary,", "sen_provision", "provision"),
    ],
)
def test_census_reader_refuses_each_bad_value_at_its_line_and_column(
    row: str, column: str, message: str
) -> None:
    with pytest.raises(InputRejected) as refused:
        read_census_text(f"{HEADER}\n{row}\n", "c.csv")
    problem = refused.value.problems[0]
    assert (problem.line, problem.column) == (2, column) and message in problem.message


def test_census_reader_refuses_a_pupil_twice_and_a_missing_column() -> None:
    row = "J999900019001,2014-01-01,F,WBRI,K,SLCN,990001,primary,"
    with pytest.raises(InputRejected) as twice:
        read_census_text(f"{HEADER}\n{row}\n{row}\n", "c.csv")
    assert (twice.value.problems[0].line, twice.value.problems[0].column) == (3, "upn")
    with pytest.raises(InputRejected) as missing:
        read_census_text("upn,sen_provision\nJ999900019001,K\n", "c.csv")
    assert "Add the column date_of_birth" in str(missing.value)


def test_the_72_published_outcomes_ship_with_their_mix() -> None:
    found = inspections.all_inspections()
    assert len(found) == 72
    assert inspections.national_mix() == {
        inspections.GRADES[1]: 15,
        inspections.GRADES[2]: 36,
        inspections.GRADES[3]: 20,
        "Outcome not read": 1,
    }
    bolton = inspections.context_for("350", date(2026, 12, 3))
    assert bolton.own is not None and bolton.own.next_by == date(2029, 6, 17)
    assert bolton.days_to_next == (date(2029, 6, 17) - date(2026, 12, 3)).days
    assert inspections.context_for("354", date(2026, 12, 3)).own is None
