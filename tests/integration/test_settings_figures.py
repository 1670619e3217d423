"""The setting_urn column (template, SEN2, store, demo) and a setting's figures after disclosure."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy.orm import Session

from sendsight.access.audit import NamedActor
from sendsight.core.errors import InputRejected
from sendsight.demo import ehc_settings
from sendsight.demo.access import DEMO_SCHOOLS
from sendsight.demo.ehc_cases import generate_frames
from sendsight.ehc import imports, queries
from sendsight.ehc.frames import REQUEST_KEY, REQUESTS_SCHEMA, conform
from sendsight.ehc.sen2 import read_sen2
from sendsight.ehc.setting import protect_setting, setting_figures
from sendsight.ehc.template import read_template
from tests.conftest import TEST_DATA

TEMPLATE = TEST_DATA / "ehc" / "template"


def _requests_with_urns(tmp_path: Path, urns: list[str]) -> Path:
    """The six-request test template with a setting_urn column holding ``urns`` in turn."""
    lines = (TEMPLATE / "requests.csv").read_text().splitlines()
    rows = [f"{lines[0]},setting_urn"] + [
        f"{line},{urns[i % len(urns)]}" for i, line in enumerate(lines[1:])
    ]
    path = tmp_path / "requests.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_template_reads_a_six_digit_urn_or_a_blank(tmp_path: Path) -> None:
    frames = read_template("354", _requests_with_urns(tmp_path, ["100001", ""]))
    urns = frames.requests.get_column("setting_urn").to_list()
    assert urns == ["100001", None] * 3


def test_template_without_the_column_leaves_every_urn_null() -> None:
    frames = read_template("354", TEMPLATE / "requests.csv")
    assert frames.requests.get_column("setting_urn").null_count() == frames.requests.height


@pytest.mark.parametrize("bad", ["12345", "1234567", "10000A", "=cmd"])
def test_template_refuses_anything_but_six_digits(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InputRejected) as caught:
        read_template("354", _requests_with_urns(tmp_path, ["100001", bad]))
    found = [(p.file, p.line, p.column, p.value) for p in caught.value.problems]
    assert found == [("requests.csv", n, "setting_urn", bad) for n in (3, 5, 7)]
    assert "6-digit URN" in caught.value.problems[0].message


def test_sen2_import_leaves_setting_urn_null() -> None:
    frames = read_sen2(TEST_DATA / "ehc" / "sen2", "354")
    assert frames.requests.height > 0
    assert frames.requests.get_column("setting_urn").null_count() == frames.requests.height


def test_urns_are_stored_and_read_back_for_the_setting_and_la_only(
    db_session: Session, tmp_path: Path
) -> None:
    path = _requests_with_urns(tmp_path, ["100001", "100002"])
    for la_code in ("354", "355"):
        imports.import_template(db_session, la_code=la_code, requests=path,
                                actor=NamedActor(email="test"))  # fmt: skip
    found = queries.load_setting_requests(session=db_session, urn="100001", la_codes=["354"])
    assert found.get_column("request_id").to_list() == ["T-R001", "T-R003", "T-R005"]
    assert set(found.get_column("la_code").to_list()) == {"354"}
    assert queries.list_setting_urns(session=db_session, la_codes=["355"]) == ["100001", "100002"]
    again = imports.import_template(db_session, la_code="354", requests=path,
                                    actor=NamedActor(email="test"))  # fmt: skip
    assert again.counts["requests"].unchanged == 6


def test_demo_places_most_school_age_children_at_a_made_up_school_and_no_one_else() -> None:
    requests = generate_frames().requests
    age = (pl.col("received_on") - pl.col("date_of_birth")).dt.total_days()
    school_age = requests.filter((age >= 4 * 365) & (age < 16 * 365))
    others = requests.filter((age < 4 * 365) | (age >= 16 * 365))
    placed = school_age.get_column("setting_urn").drop_nulls()
    assert placed.len() > 0.8 * school_age.height
    assert {urn for _, urn in DEMO_SCHOOLS} <= set(placed.to_list()) <= ehc_settings.ALL_URNS
    assert others.get_column("setting_urn").null_count() == others.height


def _request(number: int, received: date, **values: object) -> dict[str, object]:
    return {"la_code": "354", "request_id": f"R{number:04d}", "person_id": f"P{number:04d}",
            "date_of_birth": date(2015, 1, 1), "received_on": received,
            "setting_urn": "100001", **values}  # fmt: skip


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return conform(pl.DataFrame(rows), REQUESTS_SCHEMA, REQUEST_KEY)


def test_figures_count_requests_by_year_received_and_plans_by_year_issued() -> None:
    start = date(2023, 11, 1)
    rows = [_request(1, start, decision="assess", decision_on=start + timedelta(days=30),
                     final_issued_on=start + timedelta(days=140), exceptions_apply=False),
            _request(2, start, decision="not_assess", decision_on=start + timedelta(days=40)),
            _request(3, start, decision="assess", final_issued_on=start + timedelta(days=141),
                     decision_on=start + timedelta(days=20), exceptions_apply=False),
            _request(4, start, decision="assess", final_issued_on=start + timedelta(days=200),
                     decision_on=start + timedelta(days=20), exceptions_apply=True),
            _request(5, date(2024, 2, 1), decision="withdrawn",
                     decision_on=date(2024, 2, 10))]  # fmt: skip
    figures = setting_figures(_frame(rows)).rows(named=True)
    assert [f["year"] for f in figures] == [2023, 2024]
    assert [f["requests_received"] for f in figures] == [4, 1]
    assert [(f["assessed"], f["not_assessed"], f["other_outcome"]) for f in figures] == [
        (3, 1, 0), (0, 0, 1)]  # fmt: skip
    assert [f["plans_issued"] for f in figures] == [0, 3]
    assert figures[1]["plans_issued_excl_exceptions"] == 2  # request 4's exception is left out
    assert figures[1]["plans_within_20_weeks_excl_exceptions"] == 1  # day 140 on time, 141 late
    late_boundary = setting_figures(_frame(rows), "before").rows(named=True)
    assert late_boundary[1]["plans_within_20_weeks_excl_exceptions"] == 0


def test_small_counts_and_the_figures_that_would_reveal_them_are_hidden() -> None:
    start = date(2024, 1, 10)
    decided = {"decision_on": start + timedelta(days=20)}
    rows = [_request(n, start, decision="assess", **decided) for n in range(12)]
    rows += [_request(n, start, decision="not_assess", **decided) for n in range(12, 15)]
    tables = protect_setting(setting_figures(_frame(rows)), threshold=5)
    # 15 received = 12 assessed + 3 not assessed + 0 others: 3 is hidden, and so is 12
    # (else 15 - 12 - 0 gives the 3 back); the true zero stays.
    assert tables.requests == [["2024", "15", "c", "c", "0"]]
    assert tables.plans == [["2024", "0", "z"]]
    assert tables.notes[0].startswith("c = confidential")


def test_a_rate_is_hidden_when_the_late_plans_are_few() -> None:
    start = date(2023, 6, 1)
    rows = [
        _request(n, start, decision="assess", decision_on=start + timedelta(days=10),
                 final_issued_on=start + timedelta(days=100 if n < 8 else 160),
                 exceptions_apply=False)
        for n in range(10)
    ]  # fmt: skip
    tables = protect_setting(setting_figures(_frame(rows)))
    assert tables.plans[-1] == ["2023", "10", "c"]  # 2 late plans could be worked out from 80%
    rounded = protect_setting(setting_figures(_frame(rows[:8])), round_to=5)
    assert rounded.plans[-1] == ["2023", "10", "100.0"]
    assert any("rounded to the nearest 5" in note for note in rounded.notes)


def test_the_stored_demo_school_figures_match_the_generated_cases(db_session: Session) -> None:
    generated = generate_frames()
    queries.upsert_cases(session=db_session, la_code="354", frames=generated)
    stored = queries.load_setting_requests(session=db_session, urn="990001", la_codes=["354"])
    expected = generated.requests.filter(pl.col("setting_urn") == "990001")
    assert setting_figures(stored).equals(setting_figures(expected))
