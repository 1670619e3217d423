"""protect_table: worked examples, and hypothesis properties on random tables with totals."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendsight.disclosure import ProtectedTable, protect_table

THRESHOLD = 5


def _grid_of(table: ProtectedTable) -> tuple[np.ndarray, np.ndarray]:
    """Suppressed mask and shown values in table order (totals are last in these tests)."""
    return table.suppressed, table.values


def _with_totals(body: list[list[int]]) -> np.ndarray:
    grid = np.asarray(body, dtype=np.float64)
    grid = np.hstack([grid, grid.sum(axis=1, keepdims=True)])
    return np.vstack([grid, grid.sum(axis=0, keepdims=True)])


def _lines(mask: np.ndarray) -> list[np.ndarray]:
    return [mask[i, :] for i in range(mask.shape[0])] + [mask[:, j] for j in range(mask.shape[1])]


tables = st.integers(1, 8).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(0, 30), min_size=width, max_size=width), min_size=1, max_size=8
    )
)


def test_count_below_threshold_is_shown_as_c_and_zero_stays_zero() -> None:
    frame = pl.DataFrame({"need": ["ASD", "SEMH"], "Boys": [3, 40], "Girls": [0, 25]})
    table = protect_table(frame, label_column="need")
    assert str(table.cell("ASD", "Boys")) == "c"
    assert str(table.cell("ASD", "Girls")) == "0"
    assert str(table.cell("SEMH", "Boys")) == "40"


def test_lone_suppressed_cell_in_a_row_with_a_total_gets_a_complement() -> None:
    table = protect_table([[3, 10, 20]], add_totals=True)
    row = table.to_rows()[1]
    assert row[1] == "c"
    assert row[1:].count("c") >= 2


def test_complement_is_the_smallest_non_zero_cell_when_nothing_else_differs() -> None:
    frame = pl.DataFrame({"label": ["A"], "x": [2], "y": [0], "z": [9], "w": [30], "Total": [41]})
    table = protect_table(frame)
    assert table.to_rows()[1] == ["A", "c", "0", "c", "30", "41"]


def test_two_suppressed_ones_in_a_row_are_not_enough_because_they_must_both_be_one() -> None:
    frame = pl.DataFrame({"label": ["A"], "x": [1], "y": [1], "z": [40], "Total": [42]})
    assert protect_table(frame).to_rows()[1].count("c") == 3


def test_small_total_is_itself_suppressed() -> None:
    frame = pl.DataFrame({"label": ["A"], "x": [3], "y": [0], "Total": [3]})
    assert protect_table(frame).to_rows()[1] == ["A", "c", "0", "c"]


def test_total_row_may_be_anywhere_and_columns_keep_their_order() -> None:
    frame = pl.DataFrame({"label": ["Total", "A", "B"], "x": [13, 3, 10], "y": [50, 20, 30]})
    table = protect_table(frame)
    assert table.labels == ("Total", "A", "B")
    assert [row[1] for row in table.to_rows()[1:]] == ["13", "c", "c"]


def test_table_without_totals_only_hides_small_counts() -> None:
    table = protect_table([[3, 10], [12, 4]])
    assert table.suppressed.tolist() == [[True, False], [False, True]]


def test_missing_count_is_shown_as_x_and_counts_as_hidden_for_its_line() -> None:
    frame = pl.DataFrame({"label": ["A"], "x": [3], "y": [None], "z": [9], "Total": [40]})
    assert protect_table(frame).to_rows()[1] == ["A", "c", "x", "9", "40"]


def test_rounding_rounds_shown_figures_to_multiples_and_explains_it() -> None:
    table = protect_table([[12, 27, 40]], threshold=1, round_to=5)
    assert table.to_rows()[1][1:] == ["10", "25", "40"]
    assert "rounded to the nearest 5" in table.explanation()[-1]


def test_rounding_never_shows_a_non_zero_count_as_zero() -> None:
    table = protect_table([[2, 0]], threshold=1, round_to=5)
    assert table.to_rows()[1][1:] == ["low", "0"]


def test_explanation_lists_each_symbol_used() -> None:
    table = protect_table([[3, None]])
    notes = table.explanation()
    assert [note.split(" ", 1)[0] for note in notes] == ["c", "x"]


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        protect_table([[3, -1]])


def test_text_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="not numbers"):
        protect_table(pl.DataFrame({"label": ["A"], "x": ["three"]}))


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(1, 10))
def test_no_line_with_a_total_has_exactly_one_suppressed_cell(
    body: list[list[int]], threshold: int
) -> None:
    mask, _ = _grid_of(protect_table(body, add_totals=True, threshold=threshold))
    assert all(int(line.sum()) != 1 for line in _lines(mask))


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(1, 10))
def test_every_small_count_is_suppressed_and_zeros_and_others_keep_their_value(
    body: list[list[int]], threshold: int
) -> None:
    grid = _with_totals(body)
    mask, shown = _grid_of(protect_table(body, add_totals=True, threshold=threshold))
    assert mask[(grid >= 1) & (grid < threshold)].all()
    assert not mask[grid == 0].any()
    assert (shown[~mask] == grid[~mask]).all()


@settings(max_examples=300, deadline=None)
@given(tables)
def test_suppressed_cells_in_a_line_with_a_shown_total_add_up_to_at_least_the_threshold(
    body: list[list[int]],
) -> None:
    grid = _with_totals(body)
    mask, _ = _grid_of(protect_table(body, add_totals=True))
    for i in range(grid.shape[0]):
        if not mask[i, -1] and mask[i, :-1].any():
            assert grid[i, :-1][mask[i, :-1]].sum() >= THRESHOLD
    for j in range(grid.shape[1]):
        if not mask[-1, j] and mask[:-1, j].any():
            assert grid[:-1, j][mask[:-1, j]].sum() >= THRESHOLD


@settings(max_examples=200, deadline=None)
@given(tables, st.sampled_from([2, 5, 10]))
def test_rounded_figures_are_multiples_of_the_base(body: list[list[int]], base: int) -> None:
    table = protect_table(body, add_totals=True, round_to=base)
    shown = table.values[~np.isnan(table.values)]
    assert (shown % base == 0).all()


@settings(max_examples=200, deadline=None)
@given(tables)
def test_protecting_keeps_the_shape_and_labels(body: list[list[int]]) -> None:
    table = protect_table(body, add_totals=True)
    frame = table.to_frame()
    assert frame.shape == (len(body) + 1, len(body[0]) + 2)
    assert protect_table(body, add_totals=True).to_rows() == table.to_rows()


def _determined(coefficients: np.ndarray, unknown: int) -> bool:
    """Whether one unknown is fixed by the linear equations (its unit vector lies in their
    row space)."""
    unit = np.zeros(coefficients.shape[1])
    unit[unknown] = 1.0
    stacked = np.vstack([coefficients, unit])
    return bool(np.linalg.matrix_rank(stacked) == np.linalg.matrix_rank(coefficients))


@settings(max_examples=200, deadline=None)
@given(tables)
def test_no_suppressed_cell_can_be_solved_from_any_single_row_or_column_total(
    body: list[list[int]],
) -> None:
    mask, _ = _grid_of(protect_table(body, add_totals=True))
    for line in _lines(mask):
        hidden = np.flatnonzero(line)
        if hidden.size == 0:
            continue
        # The line says sum(body cells) - total = 0; keep only the hidden cells' coefficients.
        signs = np.ones(line.size)
        signs[-1] = -1.0
        equation = signs[hidden][np.newaxis, :]
        assert not any(_determined(equation, k) for k in range(hidden.size))
