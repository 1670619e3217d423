"""Reading commissioning files: money read explicitly, every problem named by line and column,
nothing returned half-read."""

from __future__ import annotations

import pytest

from sendsight.commissioning import files, money
from sendsight.core.errors import InputRejected

HEADER = ("financial_year,subject_kind,subject_id,amount,education_share,health_share,"
          "social_care_share,budget_arrangement,high_needs_category\n")  # fmt: skip
PLANS, SERVICES = {"P1", "P2"}, {"S1"}


def _ledger(*rows: str) -> list[dict[str, object]]:
    return files.read_ledger(HEADER + "\n".join(rows) + "\n", filename="ledger.csv",
                             plan_ids=PLANS, service_keys=SERVICES)  # fmt: skip


def _problems(*rows: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        _ledger(*rows)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "pence"),
    [("1234.5", 123450), ("£1,234.50", 123450), ("12,000", 1200000), ("0", 0), ("£7", 700),
     ("1,234,567.89", 123456789)],
)  # fmt: skip
def test_amounts_with_a_pound_sign_and_thousands_separators_are_read(text: str, pence: int) -> None:
    assert money.parse_pence(text) == pence


@pytest.mark.parametrize("text", ["-5", "£-5", "1.234,50", "12,34", "1e3", "£", "", "5.123"])
def test_negative_or_ambiguous_amounts_are_refused(text: str) -> None:
    with pytest.raises(money.BadValue):
        money.parse_pence(text)


def test_financial_years_are_read_by_their_first_year() -> None:
    assert [money.financial_year(t) for t in ("2025-26", "202526", "2025")] == [2025] * 3
    with pytest.raises(money.BadValue):
        money.financial_year("2025-27")
    assert money.year_label(2025) == "2025-26"


def test_a_good_ledger_row_is_read_with_shares_as_basis_points() -> None:
    [row] = _ledger('2025-26,plan,P1,"£12,345.60",60%,20,20,pooled,independent_special')
    assert row["amount_pence"] == 1_234_560
    assert (row["education_bp"], row["health_bp"], row["social_care_bp"]) == (6000, 2000, 2000)


def test_every_problem_is_named_by_line_and_column_and_nothing_is_returned() -> None:
    found = _problems(
        "2025-26,plan,P1,100,60,20,10,separate,special",  # shares add to 90%
        "2025-26,plan,P9,-100,100,0,0,separate,special",  # unknown plan, negative amount
        "2025-26,service,S1,1.234,100,0,0,shared,nowhere",  # bad amount, arrangement, category
        "2025-26,plan,P1,100,100,0,0,separate,special",  # repeats line 2
    )
    assert (2, "education_share", "The three shares must add up to 100%") in found
    assert any(p[:2] == (3, "subject_id") for p in found)
    assert any(p[:2] == (3, "amount") for p in found)
    assert {(4, "amount"), (4, "budget_arrangement"), (4, "high_needs_category")} <= {
        p[:2] for p in found
    }
    assert any(p[0] == 5 and "repeats line 2" in p[2] for p in found)


def test_a_missing_column_is_named() -> None:
    with pytest.raises(InputRejected) as caught:
        files.read_ledger("financial_year,amount\n2025,1\n", filename="x.csv", plan_ids=PLANS,
                          service_keys=SERVICES)  # fmt: skip
    assert {p.column for p in caught.value.problems} >= {"subject_kind", "health_share"}


def test_a_contract_ending_before_it_starts_is_refused() -> None:
    text = ("reference,title,provider,service_key,value,starts_on,ends_on,extension_months,"
            "commissioners\nC1,Speech therapy,Acme,S1,£1,000,2026-04-01,2026-03-31,12,"
            "education;health\n")  # fmt: skip
    with pytest.raises(InputRejected) as caught:
        files.read_contracts(text, filename="c.csv", service_keys=SERVICES)
    problems = {(p.line, p.column) for p in caught.value.problems}
    # "£1,000" unquoted splits into two cells: the dates shift and are refused too.
    assert (2, "ends_on") in problems or (2, "starts_on") in problems


def test_a_contract_with_its_end_before_its_start_names_the_end_date() -> None:
    text = ("reference,title,provider,service_key,value,starts_on,ends_on,extension_months,"
            'commissioners\nC1,Speech therapy,Acme,S1,"£1,000",2026-04-01,2026-03-31,12,'
            "education;health\n")  # fmt: skip
    with pytest.raises(InputRejected) as caught:
        files.read_contracts(text, filename="c.csv", service_keys=SERVICES)
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "ends_on")]


def test_personal_budgets_refuse_unknown_plans_and_elements() -> None:
    text = "plan_id,financial_year,element,arrangement,amount\nP9,2025-26,food,cash,£5\n"
    with pytest.raises(InputRejected) as caught:
        files.read_budgets(text, filename="pb.csv", plan_ids=PLANS)
    assert {p.column for p in caught.value.problems} == {"plan_id", "element", "arrangement"}
