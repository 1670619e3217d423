"""Primary and secondary cell suppression on a grid of counts (numpy, no labels).

The grid holds body cells with any totals in the *last* row and/or column. A *line* is a row
(when the grid has a total column) or a column (when it has a total row): its cells add up to
its last cell. A line is *exposed* when a suppressed cell in it could be worked out, which we
take to mean either

* exactly one of its cells is hidden (``c``, or ``x`` for missing), so total minus the shown
  cells gives it; or
* its total is shown and the hidden cells are all ``c`` and add up to less than the threshold.
  Zeros are always shown, so a hidden cell is at least 1; two hidden cells adding to 2 must
  both be 1. Requiring the hidden sum to reach the threshold closes that gap.

Secondary suppression hides more cells until no line is exposed (a fixed point).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatGrid = npt.NDArray[np.float64]
BoolGrid = npt.NDArray[np.bool_]


def primary_mask(values: FloatGrid, threshold: int) -> BoolGrid:
    """Cells holding a count from 1 to ``threshold - 1``: the small counts that are hidden."""
    with np.errstate(invalid="ignore"):
        return (values >= 1) & (values < threshold)


def exposed_lines(
    values: FloatGrid, suppressed: BoolGrid, missing: BoolGrid, threshold: int
) -> BoolGrid:
    """For a grid whose rows are lines (total last), which rows are exposed (see module doc)."""
    hidden = suppressed | missing
    hidden_count = hidden.sum(axis=1)
    has_c = suppressed.any(axis=1)
    hidden_sum = np.where(suppressed[:, :-1], values[:, :-1], 0.0).sum(axis=1)
    sum_rule_applies = ~hidden[:, -1] & ~missing.any(axis=1)
    too_small = sum_rule_applies & (hidden_sum < threshold)
    exposed: BoolGrid = has_c & ((hidden_count == 1) | too_small)
    return exposed


def secondary_suppress(
    values: FloatGrid,
    suppressed: BoolGrid,
    *,
    rows_have_totals: bool,
    columns_have_totals: bool,
    threshold: int,
) -> BoolGrid:
    """Return ``suppressed`` widened until no row or column with a total is exposed.

    Each round hides one more cell in every exposed line: a non-zero shown cell, preferring
    one whose crossing line is also exposed (one cell fixes both), then one whose crossing line
    already hides something (so no new line is exposed), then the smallest value, then the
    leftmost or topmost. Rounds alternate rows and columns until nothing changes.
    """
    result = suppressed.copy()
    missing = np.isnan(values)
    while True:
        added = 0
        if rows_have_totals:
            added += _fix_lines(values, result, missing, columns_have_totals, threshold)
        if columns_have_totals:
            added += _fix_lines(values.T, result.T, missing.T, rows_have_totals, threshold)
        if added == 0:
            return result


def _fix_lines(
    values: FloatGrid, suppressed: BoolGrid, missing: BoolGrid, cross_is_line: bool, threshold: int
) -> int:
    """Hide one more cell in every exposed row (rows are lines); ``suppressed`` is updated in
    place (it may be a transposed view). Returns how many cells were hidden."""
    rows = np.flatnonzero(exposed_lines(values, suppressed, missing, threshold))
    if rows.size == 0:
        return 0
    hidden = suppressed | missing
    rank = _crossing_rank(values, suppressed, missing, cross_is_line, threshold)
    sub_values = values[rows]
    with np.errstate(invalid="ignore"):
        candidate = ~hidden[rows] & (sub_values > 0)
    big = float(np.nanmax(values, initial=0.0)) + 1.0
    score = np.where(candidate, rank[np.newaxis, :] * big + np.nan_to_num(sub_values), np.inf)
    choice = np.argmin(score, axis=1)
    stuck = ~candidate[np.arange(rows.size), choice]
    if stuck.any():
        choice[stuck] = [_fallback_cell(hidden[row]) for row in rows[stuck]]
    suppressed[rows, choice] = True
    return int(rows.size)


def _crossing_rank(
    values: FloatGrid, suppressed: BoolGrid, missing: BoolGrid, cross_is_line: bool, threshold: int
) -> npt.NDArray[np.float64]:
    """Per column: 0 if the column is an exposed line, 2 if it is a line hiding nothing (hiding
    a cell there would expose it), otherwise 1."""
    if not cross_is_line:
        return np.ones(values.shape[1])
    exposed = exposed_lines(values.T, suppressed.T, missing.T, threshold)
    hides_nothing = ~(suppressed | missing).any(axis=0)
    return np.where(exposed, 0.0, np.where(hides_nothing, 2.0, 1.0))


def _fallback_cell(hidden_row: BoolGrid) -> int:
    """When an exposed line has no shown non-zero cell (only possible when its total does not
    equal the sum of its cells), hide its total, or failing that its first shown cell."""
    if not hidden_row[-1]:
        return len(hidden_row) - 1
    shown = np.flatnonzero(~hidden_row)
    if shown.size == 0:
        raise ValueError("A line with a total needs at least one cell besides the total")
    return int(shown[0])


def round_half_up(values: FloatGrid, base: int) -> FloatGrid:
    """Round each value to the nearest multiple of ``base``, halves upwards (12.5 → 15 for 5)."""
    return np.floor(values / base + 0.5) * base
