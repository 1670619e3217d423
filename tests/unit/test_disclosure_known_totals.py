"""Secondary suppression with known margins: totals a reader sees elsewhere (docs/decisions/0301).

A row or column whose total the reader knows from another table, page, CSV or the API is a line
like one with a total of its own: no hidden cell may be its only unknown, and its hidden cells
may not add up to less than the threshold.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendsight.disclosure import protect_table
from sendsight.ehc.pages import Guard, KnownTotals, monthly_rows, stage_rows
from sendsight.ehc.setting import LaTotals, protect_settings

THRESHOLD = 5


def _rows(table: list[list[str]]) -> list[list[str]]:
    return [row[1:] for row in table[1:]]


def test_a_known_total_with_one_hidden_cell_hides_the_smallest_other_cell() -> None:
    # The Rochdale 2024 pattern: 4 + 43 + 72 + 118 + 243 = 480, the plans issued on the overview.
    body = [[4, 43, 72, 118, 243, 0]]
    alone = protect_table(body)
    assert _rows(alone.to_rows()) == [["c", "43", "72", "118", "243", "0"]]
    known = protect_table(body, row_margins={"Row 1": 480})
    assert _rows(known.to_rows()) == [["c", "c", "72", "118", "243", "0"]]
    assert known.suppressed.sum() == 2  # the margin itself is never part of the table


def test_a_known_column_total_works_the_same_way() -> None:
    frame = pl.DataFrame({"setting": ["A", "B", "C"], "plans": [3, 9, 40]})
    table = protect_table(frame, label_column="setting", column_margins={"plans": 52})
    assert table.to_frame().get_column("plans").to_list() == ["c", "c", "40"]


def test_suppression_reaches_a_fixed_point_across_rows_and_columns() -> None:
    # Row 1's 3 is hidden; its known total (13) makes its 10 go too. That leaves column 2
    # (known total 40) with one hidden cell, so its 30 goes; column 1 (23) likewise loses its
    # 20. Row 2 (90) then hides two cells adding up to 50, and nothing is left to fix.
    body = [[3, 10, 0], [20, 30, 40]]
    table = protect_table(
        body,
        row_margins={"Row 1": 13, "Row 2": 90},
        column_margins={"Column 1": 23, "Column 2": 40},
    )
    assert _rows(table.to_rows()) == [["c", "c", "0"], ["c", "c", "40"]]
    alone = protect_table(body)  # no totals known: only the small count
    assert _rows(alone.to_rows()) == [["c", "10", "0"], ["20", "30", "40"]]


def test_nothing_small_means_nothing_hidden_whatever_the_margins() -> None:
    body = [[12, 40, 7], [9, 30, 50]]
    table = protect_table(body, row_margins={"Row 1": 59, "Row 2": 89},
                          column_margins={"Column 1": 21})  # fmt: skip
    assert not table.suppressed.any()
    assert _rows(table.to_rows()) == [["12", "40", "7"], ["9", "30", "50"]]


def test_a_margin_above_the_sum_still_protects_and_counts_as_at_most() -> None:
    # The stage table leaves out plans with a date missing: its rows add up to at most the
    # plans issued. One hidden cell is still hidden with another; two hidden cells whose
    # possible total (margin minus shown) is below the threshold are not enough.
    one = protect_table([[2, 30, 40]], row_margins={"Row 1": 73})
    assert _rows(one.to_rows()) == [["c", "c", "40"]]
    two = protect_table([[1, 1, 30, 40]], row_margins={"Row 1": 73})
    assert _rows(two.to_rows()) == [["c", "c", "c", "40"]]


def test_margins_need_known_lines_and_no_total_of_their_own() -> None:
    with pytest.raises(ValueError, match="no such row"):
        protect_table([[3, 10]], row_margins={"Row 9": 13})
    with pytest.raises(ValueError, match="total of its own"):
        protect_table([[3, 10]], add_totals=True, row_margins={"Row 1": 13})


tables = st.integers(1, 6).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=6
    )
)


@settings(max_examples=300, deadline=None)
@given(tables, st.data())
def test_no_line_with_a_known_total_has_one_unknown_or_a_small_hidden_sum(
    body: list[list[int]], data: st.DataObject
) -> None:
    """A reader sees a margin only when it is not hidden itself (from the threshold up), and a
    margin of one cell would show that cell: margins here are of lines of two cells or more."""
    grid = np.asarray(body, dtype=np.float64)
    known_rows = data.draw(st.lists(st.booleans(), min_size=grid.shape[0],
                                    max_size=grid.shape[0]))  # fmt: skip
    known_columns = data.draw(st.lists(st.booleans(), min_size=grid.shape[1],
                                       max_size=grid.shape[1]))  # fmt: skip
    known_rows = [k and grid.shape[1] > 1 and grid[i].sum() >= THRESHOLD
                  for i, k in enumerate(known_rows)]  # fmt: skip
    known_columns = [k and grid.shape[0] > 1 and grid[:, j].sum() >= THRESHOLD
                     for j, k in enumerate(known_columns)]  # fmt: skip
    rows = {f"Row {i + 1}": int(grid[i].sum()) for i, k in enumerate(known_rows) if k}
    columns = {f"Column {j + 1}": int(grid[:, j].sum()) for j, k in enumerate(known_columns) if k}
    table = protect_table(body, row_margins=rows, column_margins=columns)
    mask = table.suppressed
    lines = [(mask[i], grid[i]) for i, k in enumerate(known_rows) if k]
    lines += [(mask[:, j], grid[:, j]) for j, k in enumerate(known_columns) if k]
    for hidden, values in lines:
        if hidden.any():
            assert hidden.sum() != 1
            assert values[hidden].sum() >= THRESHOLD
    assert mask[(grid >= 1) & (grid < THRESHOLD)].all()
    assert (table.values[~mask] == grid[~mask]).all()


# --- The EHC tables that take known margins ---------------------------------------------------


def _stages(counts: list[int]) -> pl.DataFrame:
    from sendsight.ehc.facts import STAGE_LABELS, band_labels

    rows = [(2024, stage, band, n) for stage in STAGE_LABELS
            for band, n in zip(band_labels(), counts, strict=False) if n]  # fmt: skip
    return pl.DataFrame(rows, schema=["year", "stage", "weeks_band", "plans"], orient="row")


def test_stage_rows_take_the_years_plans_issued_as_each_rows_margin() -> None:
    stages = _stages([4, 43, 72, 118, 243])
    guard = Guard(protect=True)
    alone = stage_rows(stages, 2024, guard)
    assert alone[0]["counts"][:2] == ["c", "43"]
    known = stage_rows(stages, 2024, Guard(protect=True), KnownTotals({}, {2024: 480}))
    assert all(r["counts"][:2] == ["c", "c"] for r in known)
    exact = stage_rows(stages, 2024, Guard(protect=False), KnownTotals({}, {2024: 480}))
    assert exact[0]["counts"][:2] == ["4", "43"]


def test_months_of_a_year_take_its_plans_issued_as_their_margin() -> None:
    months = [f"2024-{m:02d}" for m in range(1, 13)]
    plans = [3, *([40] * 10), 37]
    monthly = pl.DataFrame({
        "month": months, "plans_issued": plans, "plans_issued_excl_exceptions": plans,
        "plans_within_20_weeks_excl_exceptions": [p // 2 for p in plans],
    })  # fmt: skip
    shown = monthly_rows(monthly, Guard(protect=True), KnownTotals({}, {2024: sum(plans)}))
    assert [r["plans"] for r in shown][:1] + [r["plans"] for r in shown][-1:] == ["c", "c"]
    assert shown[-1]["pct"] == "c" and shown[-1]["value"] is None  # its plans are hidden
    assert [r["plans"] for r in shown][1:-1] == ["40"] * 10


def test_settings_are_protected_together_against_the_las_totals() -> None:
    figures = pl.DataFrame({
        "setting_urn": ["990001", "990002", "990003"], "year": [2024, 2024, 2024],
        "requests_received": [3, 20, 30], "assessed": [0, 12, 20], "not_assessed": [0, 5, 6],
        "other_outcome": [3, 3, 4], "plans_issued": [0, 2, 25],
        "plans_issued_excl_exceptions": [0, 2, 25],
        "plans_within_20_weeks_excl_exceptions": [0, 1, 20],
    }, schema_overrides={"year": pl.Int32})  # fmt: skip
    alone = protect_settings(figures, LaTotals({}, {}))
    assert alone["990002"].requests[0][1] == "20" and alone["990002"].plans[0][1] == "c"
    together = protect_settings(figures, LaTotals({2024: 53}, {2024: 27}))
    # 53 requests in the LA: 990001's 3 would be 53 - 20 - 30, so 20 is hidden too, and then
    # a part of 990002's row; 27 plans: 990002's 2 would be 27 - 25, so 25 is hidden too.
    assert together["990001"].requests[0][1] == "c"
    assert together["990002"].requests[0][1] == "c"
    assert together["990003"].plans[0][1:] == ["c", "c"]
    assert together["990003"].notes[0].startswith("c = ")


def test_a_single_setting_is_still_protected_on_its_own() -> None:
    from sendsight.ehc.setting import protect_setting

    figures = pl.DataFrame({
        "year": [2024], "requests_received": [15], "assessed": [12], "not_assessed": [3],
        "other_outcome": [0], "plans_issued": [0], "plans_issued_excl_exceptions": [0],
        "plans_within_20_weeks_excl_exceptions": [0],
    }, schema_overrides={"year": pl.Int32})  # fmt: skip
    assert protect_setting(figures).requests == [["2024", "15", "c", "c", "0"]]


def test_la_totals_add_up_the_readers_las_and_leave_out_a_hidden_year() -> None:
    from sendsight.ehc.setting import la_totals

    first = pl.DataFrame({"year": [2023, 2024], "requests_received": [10, 3],
                          "plans_issued": [6, 7]})  # fmt: skip
    second = pl.DataFrame({"year": [2024], "requests_received": [20], "plans_issued": [8]})
    totals = la_totals([first, second], THRESHOLD)
    assert totals.requests == {2023: 10}  # 2024's 3 is c on the overview: no sum to form
    assert totals.plans == {2023: 6, 2024: 15}
