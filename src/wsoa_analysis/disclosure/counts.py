"""Tables of counts, with or without published totals: small counts are withheld (primary
suppression), then whatever would let a reader work one of them out from the totals
(secondary suppression, checked exactly)."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.disclosure.protected import (
    Protected,
    assemble,
    need_columns,
    read_counts,
    small,
)
from wsoa_analysis.errors import ParameterError


def _reaches(adjacent: Mapping, start, target) -> bool:
    seen, todo = {start}, deque([start])
    while todo:
        node = todo.popleft()
        if node == target:
            return True
        for nxt in adjacent.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@dataclass(frozen=True)
class _Grid:
    """A table's counts as a grid, with the lines (rows, columns) that have a published total.

    Each published total makes an equation "cells of the line minus its total = 0". Writing each
    cell with a sign (+1 for a body cell and the grand total, -1 for a row or column total)
    makes every constrained row and column of signed cells add to zero. Rows (or columns) with
    no published total have no equation; they are all one free node in `_table_exposed`.
    """

    counts: np.ndarray
    sign: np.ndarray
    row_node: list[int]  # 0 = no equation
    col_node: list[int]
    is_total: np.ndarray

    def lines(self) -> list[list[tuple[int, int]]]:
        nrows, ncols = self.counts.shape
        out = []
        if self.row_node[0]:
            out += [[(i, j) for j in range(ncols)] for i in range(nrows)]
        if self.col_node[0]:
            out += [[(i, j) for i in range(nrows)] for j in range(ncols)]
        return out

    def lines_of(self, cell: tuple[int, int]) -> list[list[tuple[int, int]]]:
        i, j = cell
        nrows, ncols = self.counts.shape
        out = []
        if self.row_node[i]:
            out.append([(i, c) for c in range(ncols)])
        if self.col_node[j]:
            out.append([(r, j) for r in range(nrows)])
        return out


def _grid(counts: np.ndarray, total_row: int | None, has_total_col: bool) -> _Grid:
    nrows, ncols = counts.shape
    sign = np.ones((nrows, ncols), dtype="int64")
    is_total = np.zeros((nrows, ncols), dtype=bool)
    if has_total_col:
        sign[:, -1] *= -1
        is_total[:, -1] = True
    if total_row is not None:
        sign[total_row, :] *= -1
        is_total[total_row, :] = True
    row_node = [1 + i if has_total_col else 0 for i in range(nrows)]
    col_node = [1 + nrows + j if total_row is not None else 0 for j in range(ncols)]
    return _Grid(counts, sign, row_node, col_node, is_total)


def _table_exposed(grid: _Grid, supp: np.ndarray, lowest: int) -> list[tuple[int, int]]:
    """Withheld cells whose value is fixed by the published figures (exact, not a heuristic).

    A withheld cell can take another value exactly when the withheld cells can all be changed
    by whole numbers, keeping every published total right, no count falling below ``lowest``,
    and this cell changing. Such changes are circulations in a graph whose nodes are the
    constrained rows and columns (plus one free node for lines without a total) and whose
    arcs are withheld cells: raising a cell is always allowed (no upper bound is known),
    lowering it only while it is above ``lowest``. Any such change splits into simple cycles
    going the same way, so a cell can change iff one of its arcs lies on a directed cycle.
    """
    cells = [tuple(map(int, c)) for c in np.argwhere(supp)]
    arcs = []
    for i, j in cells:
        a, b = grid.row_node[i], grid.col_node[j]
        up = (a, b) if grid.sign[i, j] > 0 else (b, a)
        arcs.append((up, (i, j)))
        if grid.counts[i, j] > lowest:
            arcs.append(((up[1], up[0]), (i, j)))
    exposed = []
    for cell in cells:
        adjacent: dict[int, list[int]] = {}
        for (u, w), owner in arcs:
            if owner != cell:
                adjacent.setdefault(u, []).append(w)
        if not any(_reaches(adjacent, w, u) for (u, w), owner in arcs if owner == cell):
            exposed.append(cell)
    return exposed


def _suppress_table(grid: _Grid, policy: DisclosurePolicy) -> tuple[np.ndarray, np.ndarray]:
    counts = grid.counts
    primary = small(counts, policy)
    supp = primary.copy()

    def order(cell):  # smallest first; a body cell before a total of the same size
        return (counts[cell], bool(grid.is_total[cell]), cell)

    def candidates(lines):
        return sorted(
            {c for line in lines for c in line if not supp[c] and counts[c] > 0}, key=order
        )

    def lone(line):
        return sum(supp[c] for c in line) == 1

    # (a) the usual rule: no line with a published total may have exactly one withheld cell.
    # Among the line's cells, one whose other line also has a lone withheld cell comes first
    # (it mends both, closing a rectangle instead of starting a chain); then the smallest.
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            if lone(line) and (found := candidates([line])):
                mends_two = [
                    c
                    for c in found
                    if any(lone(other) for other in grid.lines_of(c) if other != line)
                ]
                supp[(mends_two or found)[0]] = True
                changed = True

    # (b) rule (a) is not enough (two 1s in a line with a total are both 1; cells can be
    # pinned through several lines), so check exactly and withhold more until nothing is fixed
    while exposed := _table_exposed(grid, supp, policy.lowest_withheld):
        cell = exposed[0]
        found = candidates(grid.lines_of(cell)) or candidates([list(np.ndindex(counts.shape))])
        if not found:  # cannot happen: with every non-zero count withheld, all can rise by 1
            raise AssertionError("disclosure: no figure left to withhold")
        pick = found[0]
        for c in found:
            trial = supp.copy()
            trial[c] = True
            if cell not in _table_exposed(grid, trial, policy.lowest_withheld):
                pick = c
                break
        supp[pick] = True
    return supp, primary


# Long only for its docstring (the rule in words); the body is a few lines.
def protect_counts(
    frame: pd.DataFrame,
    count_cols: Iterable[Hashable],
    policy: DisclosurePolicy,
    *,
    total_col: Hashable | None = None,
    rows_total: Hashable | None = None,
) -> Protected:
    """Withhold small counts in a table, and whatever would let them be worked out.

    Parameters
    ----------
    frame : DataFrame
        One row per row of the published table; other columns (labels) pass through.
    count_cols : list of column names
        The counts in the body of the table.
    policy : DisclosurePolicy
    total_col : column name, optional
        A column published as each row's total (it must equal the sum of ``count_cols``).
    rows_total : index label, optional
        The row of ``frame`` published as each column's total (it must equal the sum of the
        other rows). With ``total_col`` too, its cell in that column is the grand total.

    Returns
    -------
    Protected
        ``count_cols`` and ``total_col`` protected; totals are protected like any count.

    Raises
    ------
    ParameterError
        If a column or the totals row is missing, a cell is not a count, or a total does not
        equal the sum of its line (every problem is listed).

    Notes
    -----
    Small counts (1 to ``threshold - 1``, and 0 if ``suppress_zero``) are withheld, totals
    included. Then, while any line (a row with ``total_col``, a column with ``rows_total``) has
    exactly one withheld cell, another shown non-zero cell of it is withheld: the smallest
    whose other line also has exactly one withheld cell if there is one (it mends both
    lines), else the smallest (a body cell before a total of equal size). Last, each withheld
    cell is checked exactly (see `_table_exposed`): while one can be worked out, the
    smallest shown non-zero cell in its lines whose withholding makes it safe is withheld (the
    smallest one if none does so alone). Zeros are never withheld to protect another cell: a
    reader who sees zeros shown knows a withheld cell is at least 1, and the check allows for
    that.

    Examples
    --------
    >>> table = pd.DataFrame({"a": [3, 10], "b": [12, 9], "total": [15, 19]})
    >>> protect_counts(table, ["a", "b"], DisclosurePolicy(), total_col="total").shown
        a  b total
    0   c  c    15
    1  10  9    19
    """
    cols, total_row = _layout(frame, list(count_cols), total_col, rows_total)
    counts = read_counts(frame, cols, "protect_counts")
    _check_totals(frame, cols, counts, total_row, total_col is not None)
    grid = _grid(counts, total_row, total_col is not None)
    if policy.enabled:
        supp, prim = _suppress_table(grid, policy)
    else:
        supp = prim = np.zeros(counts.shape, dtype=bool)
    return assemble(frame, cols, counts, supp, prim, policy)


def _layout(
    frame: pd.DataFrame, count_cols: list, total_col: Hashable | None, rows_total: Hashable | None
) -> tuple[list, int | None]:
    """The protected columns (the counts, then the total column) and the totals row's position,
    after checking that the frame has them."""
    need_columns(
        frame, count_cols + ([total_col] if total_col is not None else []), "protect_counts"
    )
    if not frame.index.is_unique:
        raise ParameterError(
            "protect_counts: the frame's index has repeated labels "
            "(give each row its own label, e.g. with reset_index())"
        )
    if total_col is not None and total_col in count_cols:
        raise ParameterError(
            f"protect_counts: total_col {total_col!r} is also one of the count columns"
        )
    total_row = None
    if rows_total is not None:
        if rows_total not in frame.index:
            raise ParameterError(
                f"protect_counts: rows_total {rows_total!r} is not a row label "
                f"(labels: {', '.join(map(repr, frame.index[:10]))})"
            )
        total_row = int(frame.index.get_loc(rows_total))
    return count_cols + ([total_col] if total_col is not None else []), total_row


def _check_totals(frame, cols, counts, total_row, has_total_col) -> None:
    problems = []
    body_rows = [i for i in range(len(frame)) if i != total_row]
    if has_total_col:
        for i in range(len(frame)):
            parts, total = counts[i, :-1].sum(), counts[i, -1]
            if parts != total:
                problems.append(
                    f"protect_counts, row {frame.index[i]!r}: total {cols[-1]!r} is "
                    f"{total} but the counts add up to {parts}"
                )
    if total_row is not None:
        for j, col in enumerate(cols):
            parts, total = counts[body_rows, j].sum(), counts[total_row, j]
            if parts != total:
                problems.append(
                    f"protect_counts, column {col!r}: total row "
                    f"{frame.index[total_row]!r} is {total} but the rows add up "
                    f"to {parts}"
                )
    if problems:
        raise ParameterError("\n".join(problems))
