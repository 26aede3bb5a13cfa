"""Statistical disclosure control for figures worked out from record-level data about children.

The pack is published, and a small count can point to a child. Every count, total or rate that
comes from record-level data goes through this module before it is shown:

* **Primary suppression.** A count from 1 to ``threshold - 1`` is replaced by the policy's
  symbol (``c``). Zero is shown as 0 unless the policy says otherwise.
* **Secondary suppression.** A figure that is not small itself is also withheld where, together
  with the published totals, it would let a reader work out a withheld one by subtraction.
* **Rounding.** Optionally, shown counts are rounded (half up) to a multiple of a base.

What the reader is assumed to know (and what the checks here defeat): every published figure
and total, that counts are whole numbers, and that a withheld count is at least 1 when zeros are
shown (at least 0 when zeros are withheld too). The reader is not told which withheld figures
are small and which were withheld to protect them. The promise kept by `protect_counts` and
`protect_series` is that **no withheld figure can be worked out exactly** from what is published.
Rounded figures are treated as if they were exact, which only makes the checks stricter.

The policy is the council's, so it is a setting (`DisclosurePolicy`, read from the ``disclosure:``
section of the area settings by `policy_from_dict`), never a number written in a notebook.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.policy import (
    DEFAULT_FOOTNOTE,
    DisclosurePolicy,
    footnote,
    policy_from_dict,
)
from wsoa_analysis.domain.rounding import format_value, round_half_up
from wsoa_analysis.errors import ParameterError

__all__ = [
    "DEFAULT_FOOTNOTE",
    "DisclosurePolicy",
    "Protected",
    "footnote",
    "policy_from_dict",
    "protect_counts",
    "protect_rate",
    "protect_series",
    "recoverable_cells",
]


@dataclass(frozen=True, eq=False)
class Protected:
    """Figures ready to publish, with what was withheld.

    Every frame has the index and columns of the result (the input's, plus any added total).

    Attributes
    ----------
    values : DataFrame
        Protected columns as floats: rounded where the policy rounds, NaN where withheld (and
        where there is no figure, such as a rolling total before a full window). Other columns
        are as they came in.
    shown : DataFrame
        Protected columns as text to print: ``1,234``, ``57.5%``, the symbol where withheld,
        ``–`` where there is no figure. Other columns are as they came in.
    suppressed : DataFrame
        True where a figure is withheld (shown as the symbol).
    primary : DataFrame
        True where a figure is withheld because it is small itself; ``suppressed & ~primary``
        are the figures withheld so that a small one cannot be worked out.
    """

    values: pd.DataFrame
    shown: pd.DataFrame
    suppressed: pd.DataFrame
    primary: pd.DataFrame


# --- shared helpers ------------------------------------------------------------------------


def _small(values: np.ndarray, policy: DisclosurePolicy) -> np.ndarray:
    """True where a count is small enough to identify a child."""
    small = (values > 0) & (values < policy.threshold)
    if policy.suppress_zero:
        small |= values == 0
    return small


def _rounded(values: np.ndarray, policy: DisclosurePolicy) -> np.ndarray:
    base = policy.rounding_base
    if base == 1 or not policy.enabled:
        return values.astype("float64")
    return np.array(
        [round_half_up(v / base) * base if np.isfinite(v) else math.nan for v in values.ravel()],
        dtype="float64",
    ).reshape(values.shape)


def _counts(frame: pd.DataFrame, cols: list, what: str) -> np.ndarray:
    """The columns as a whole-number matrix, or every cell that is not a count reported at once."""
    problems, out = [], np.zeros((len(frame), len(cols)), dtype="int64")
    for j, col in enumerate(cols):
        raw = frame[col]
        num = pd.to_numeric(raw, errors="coerce").astype("float64").to_numpy()
        bad = ~np.isfinite(num) | (num < 0) | (num != np.floor(num))
        for i in np.flatnonzero(bad):
            problems.append(
                f"{what}, column {col!r}, row {frame.index[i]!r}: "
                f"{_plain(raw.iloc[i])} is not a count (expected a whole number, "
                "0 or more, e.g. 12)"
            )
        out[:, j] = np.where(bad, 0, num).astype("int64")
    if problems:
        raise ParameterError("\n".join(problems))
    return out


def _plain(value) -> str:
    """A cell's value as a person would write it: -2, 2.5, 'x', or "a blank"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "a blank"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(value)


def _need_columns(frame: pd.DataFrame, cols: Iterable, what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"{what}: no column {', '.join(map(repr, missing))} in the frame "
            f"(columns: {', '.join(map(repr, frame.columns))})"
        )


def _assemble(
    frame: pd.DataFrame,
    cols: list,
    raw: np.ndarray,
    supp: np.ndarray,
    prim: np.ndarray,
    policy: DisclosurePolicy,
    units: list[str] | None = None,
) -> Protected:
    """Build the four frames: ``cols`` of ``frame`` replaced by their protected form."""
    units = units or ["count"] * len(cols)
    values, shown = frame.copy(), frame.copy()
    suppressed = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    primary = suppressed.copy()
    for j, col in enumerate(cols):
        v = raw[:, j].astype("float64")
        if units[j] == "count":
            v = _rounded(v, policy)
        v = np.where(supp[:, j], math.nan, v)
        values[col] = v
        shown[col] = [
            policy.symbol if s else format_value(x, units[j])
            for x, s in zip(v, supp[:, j], strict=True)
        ]
        suppressed[col] = supp[:, j]
        primary[col] = prim[:, j]
    return Protected(values, shown, suppressed, primary)


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


# --- tables of counts with totals ------------------------------------------------------------


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
    primary = _small(counts, policy)
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
    count_cols = list(count_cols)
    _need_columns(
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
    cols = count_cols + ([total_col] if total_col is not None else [])
    counts = _counts(frame, cols, "protect_counts")
    _check_totals(frame, cols, counts, total_row, total_col is not None)
    grid = _grid(counts, total_row, total_col is not None)
    if policy.enabled:
        supp, prim = _suppress_table(grid, policy)
    else:
        supp = prim = np.zeros(counts.shape, dtype=bool)
    return _assemble(frame, cols, counts, supp, prim, policy)


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


def recoverable_cells(
    table: pd.DataFrame,
    mask: pd.DataFrame,
    row_totals: Hashable | None = None,
    col_totals: Hashable | None = None,
    *,
    lowest: int = 1,
) -> list[tuple[Hashable, Hashable, int]]:
    """What a reader could work out: withheld cells fixed by the published figures.

    An attacker's check, reading only what is published. Each published total gives an
    equation; every withheld cell starts as "a whole number, at least ``lowest``". Then, line
    by line, each withheld cell's bounds are narrowed to what the line's total and the other
    cells' bounds allow (a line with one unknown solves it; two withheld cells of at least 1
    in a line whose unknown part is 2 are both 1). This repeats until nothing changes. A cell
    whose least and greatest possible values meet is recovered.

    Parameters
    ----------
    table : DataFrame
        The published counts only (no label columns). Withheld cells may hold anything
        (NaN, the true value): they are not read.
    mask : DataFrame of bool
        True where a cell is withheld; same shape and labels as ``table``.
    row_totals : column label, optional
        The column of ``table`` holding each row's total.
    col_totals : index label, optional
        The row of ``table`` holding each column's total.
    lowest : int, default 1
        The least a withheld count can be (1 when zeros are shown as 0, else 0).

    Returns
    -------
    list of (row label, column label, value)
        In row then column order; empty when nothing can be worked out.

    Raises
    ------
    ParameterError
        If the published figures cannot all be right (no solution).
    """
    rows, cols = list(table.index), list(table.columns)
    known: dict[tuple[int, int], float] = {}
    bounds: dict[tuple[int, int], list[float]] = {}
    hidden = mask.reindex(index=table.index, columns=table.columns).to_numpy(dtype=bool)
    data = table.to_numpy(dtype="float64")
    for i in range(len(rows)):
        for j in range(len(cols)):
            if hidden[i, j]:
                bounds[(i, j)] = [lowest, math.inf]
            else:
                known[(i, j)] = data[i, j]
    equations = []  # (cell, coefficient) lists that add up to 0
    if row_totals is not None:
        t = cols.index(row_totals)
        equations += [
            [((i, j), 1 if j != t else -1) for j in range(len(cols))] for i in range(len(rows))
        ]
    if col_totals is not None:
        t = rows.index(col_totals)
        equations += [
            [((i, j), 1 if i != t else -1) for i in range(len(rows))] for j in range(len(cols))
        ]
    solved: dict[tuple[int, int], int] = {}
    changed = True
    while changed:
        changed = False
        for eq in equations:
            unknown = [(c, k) for c, k in eq if c in bounds]
            if not unknown:
                continue
            rest = -sum(k * known[c] for c, k in eq if c in known)  # sum of k*x over unknowns
            for cell, k in unknown:
                lo_others = hi_others = 0.0
                for other, k2 in unknown:
                    if other != cell:
                        lo, hi = bounds[other]
                        lo_others += k2 * lo if k2 > 0 else -hi
                        hi_others += k2 * hi if k2 > 0 else -lo
                low, high = rest - hi_others, rest - lo_others  # range of k * cell
                if k < 0:
                    low, high = -high, -low
                cur = bounds[cell]
                new = [
                    max(cur[0], math.ceil(low) if low > -math.inf else cur[0]),
                    min(cur[1], math.floor(high) if high < math.inf else cur[1]),
                ]
                if new[0] > new[1]:
                    raise ParameterError(
                        f"recoverable_cells: no counts fit the published "
                        f"figures around row {rows[cell[0]]!r}, column "
                        f"{cols[cell[1]]!r}"
                    )
                if new != cur:
                    bounds[cell] = new
                    changed = True
            for cell, _ in unknown:
                if bounds[cell][0] == bounds[cell][1]:
                    known[cell] = solved[cell] = int(bounds.pop(cell)[0])
    return [(rows[i], cols[j], v) for (i, j), v in sorted(solved.items())]


# --- rates ---------------------------------------------------------------------------------


def protect_rate(
    numerators: pd.Series,
    denominators: pd.Series,
    percent: pd.Series | None,
    policy: DisclosurePolicy,
) -> Protected:
    """Withhold a percentage (and its counts) where it would reveal a small number of children.

    Parameters
    ----------
    numerators, denominators : Series
        Counts with the same index, e.g. ``within_20_weeks`` and ``plans_issued``.
    percent : Series or None
        The percentage to show; None works it out as ``100 * numerator / denominator``.
    policy : DisclosurePolicy

    Returns
    -------
    Protected
        Columns named after the three Series (``numerator``, ``denominator``, ``percent`` if
        unnamed). The percentage is shown to 1 decimal place (``57.5%``), from unrounded
        counts; ``–`` where the denominator is 0.

    Raises
    ------
    ParameterError
        If the indexes differ, a value is not a count, or a numerator exceeds its denominator.

    Notes
    -----
    A percentage is withheld where the denominator is small, or (with a non-zero denominator)
    the numerator is small, or the rest, ``denominator - numerator``, is small: "38 of 40
    within 20 weeks" tells a reader 2 plans were late. A withheld percentage's numerator is
    withheld with it (shown with the denominator it would give the percentage back; shown
    alone it would tell the small group's size). The denominator is withheld only if it is
    small itself. "Small" is the policy's rule for counts (0 included with ``suppress_zero``).
    """
    names = [numerators.name, denominators.name, percent.name if percent is not None else None]
    names = [
        n if n is not None else d
        for n, d in zip(names, ["numerator", "denominator", "percent"], strict=True)
    ]
    if len(set(names)) < 3:
        raise ParameterError(
            f"protect_rate: numerator, denominator and percent need different names, got {names}"
        )
    if not numerators.index.equals(denominators.index) or (
        percent is not None and not numerators.index.equals(percent.index)
    ):
        raise ParameterError(
            "protect_rate: numerators, denominators and percent must have the "
            "same index (one row per period)"
        )
    frame = pd.DataFrame({names[0]: numerators, names[1]: denominators}, index=numerators.index)
    counts = _counts(frame, names[:2], "protect_rate")
    n, d = counts[:, 0], counts[:, 1]
    over = np.flatnonzero(n > d)
    if over.size:
        rows = ", ".join(f"row {frame.index[i]!r}: {n[i]} of {d[i]}" for i in over)
        raise ParameterError(f"protect_rate: a numerator is larger than its denominator ({rows})")
    if percent is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(d > 0, 100 * n / np.where(d > 0, d, 1), math.nan)
    else:
        pct = pd.to_numeric(percent, errors="coerce").astype("float64").to_numpy()
    frame[names[2]] = pct
    if policy.enabled:
        small_n, small_d = _small(n, policy), _small(d, policy)
        rate = small_d | ((d > 0) & (small_n | _small(d - n, policy)))
        supp = np.column_stack([rate, small_d, rate])
        prim = np.column_stack([small_n, small_d, rate])
    else:
        supp = prim = np.zeros((len(frame), 3), dtype=bool)
    raw = np.column_stack([n, d, pct])
    return _assemble(frame, names, raw, supp, prim, policy, ["count", "count", "percent"])


# --- series over time ----------------------------------------------------------------------


def _series_fixed(
    n_months: int,
    month_vals,
    month_shown,
    month_lowest: int,
    edges,
    edge_vals,
    edge_shown,
    lowest: int,
    check_months,
    check_edges,
) -> tuple[list[int], list[int]]:
    """Months and totals (by position) among those to check whose value is fixed (exact).

    With running totals ``P`` (``P[0] = 0``, ``P[k]`` = the count up to month ``k``), a month
    is ``P[k] - P[k-1]``, a rolling total ``P[k] - P[k-12]``, a cumulative total
    ``P[k] - P[0]``: each figure is a difference of two ``P``. Shown figures fix their
    differences; withheld ones are at least their lowest. These are difference constraints,
    so the greatest possible value of ``P[b] - P[a]`` is the shortest path from ``a`` to ``b``
    (Floyd-Warshall) and the least is minus the shortest path back; a figure is fixed when
    the two meet. The constraints are totally unimodular, so this holds for whole numbers too.
    """
    size = n_months + 1
    w = np.full((size, size), math.inf)
    np.fill_diagonal(w, 0.0)

    def add(a, b, value, shown, low):
        if shown:
            w[a, b] = min(w[a, b], value)
            w[b, a] = min(w[b, a], -value)
        else:
            w[b, a] = min(w[b, a], -low)

    for k in range(n_months):
        add(k, k + 1, month_vals[k], month_shown[k], month_lowest)
    for e, (a, b) in enumerate(edges):
        add(a, b, edge_vals[e], edge_shown[e], lowest)
    for k in range(size):
        w = np.minimum(w, w[:, k : k + 1] + w[k : k + 1, :])

    def fixed(a, b):
        return bool(np.isfinite(w[a, b]) and w[a, b] + w[b, a] == 0)

    months = [k for k in range(n_months) if check_months[k] and fixed(k, k + 1)]
    totals = [e for e, (a, b) in enumerate(edges) if check_edges[e] and fixed(a, b)]
    return months, totals


def protect_series(
    frame: pd.DataFrame,
    count_col: Hashable,
    policy: DisclosurePolicy,
    period_col: Hashable = "period_end",
    cumulative: bool = False,
    *,
    window: int = 12,
    months_shown: bool = True,
) -> Protected:
    """Monthly counts with their rolling (or cumulative) totals, protected together.

    Parameters
    ----------
    frame : DataFrame
        One row per calendar month, in order with none missing (e.g. from
        `ehc.requests_per_month`).
    count_col : column name
        The monthly count.
    policy : DisclosurePolicy
    period_col : column name, default "period_end"
        The month (any date in it).
    cumulative : bool, default False
        Publish running totals from the first month, instead of rolling totals.
    window : int, default 12
        Months in a rolling total. A month without a full window before it has no rolling
        total (NaN, shown ``–``).
    months_shown : bool, default True
        Whether the monthly counts are published next to the totals. If not, ``count_col``
        is left out of the result and only the totals are protected.

    Returns
    -------
    Protected
        The frame's columns plus ``<count_col>_rolling_<window>_months`` (or
        ``<count_col>_cumulative``).

    Raises
    ------
    ParameterError
        If the months are not consecutive, a count is not a count, ``window`` is below 2 or
        the total's column name is taken.

    Notes
    -----
    Small months and small totals are withheld. Monthly counts are never withheld to protect
    others; totals are. Consecutive published totals give a month by difference: two rolling
    totals give ``month[k] - month[k-12]``, so month ``k`` is out as soon as month ``k-12`` is
    shown (or fixed another way), and two cumulative totals give month ``k`` itself. A shown
    total over months that are all shown but one gives that one. The rule implemented is
    exact: every withheld figure (and, when months are not shown, every small month) is
    checked as in `_series_fixed`; while one is fixed, the smallest non-zero published total
    whose window overlaps it and whose withholding leaves it unfixed is withheld (the
    smallest overlapping one if none does alone; any other total if none overlaps). When
    months are shown, only totals over at least one withheld month are candidates (a total of
    shown months can be added up, so withholding it hides nothing). In practice, with months
    shown, a small month on its own hides the 12 rolling totals that include it, or every
    cumulative total from that month on (a later small month lets the totals after it be shown
    again, unless the two could only be 1 and 1). With only rolling totals shown, a difference
    of two is ``month[k] - month[k-12]``, never a month on its own, so usually only small
    totals are withheld; cumulative totals shown alone lose the total at each small month.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 2:
        raise ParameterError(
            f"protect_series: window = {window!r} is not valid (expected a "
            "whole number of months, 2 or more, e.g. 12)"
        )
    _need_columns(frame, [count_col, period_col], "protect_series")
    total_col = f"{count_col}_cumulative" if cumulative else f"{count_col}_rolling_{window}_months"
    if total_col in frame.columns:
        raise ParameterError(f"protect_series: the frame already has a column {total_col!r}")
    months = pd.to_datetime(frame[period_col]).dt.to_period("M")
    steps = np.diff(np.array([p.ordinal for p in months], dtype="int64"))
    if (steps != 1).any():
        bad = int(np.flatnonzero(steps != 1)[0]) + 1
        raise ParameterError(
            f"protect_series, row {frame.index[bad]!r}, column "
            f"{period_col!r}: {months.iloc[bad]} does not follow "
            f"{months.iloc[bad - 1]} (expected one row per month, in order)"
        )
    m = _counts(frame, [count_col], "protect_series")[:, 0]
    n = len(m)
    running = np.concatenate([[0], np.cumsum(m)])
    ends = list(range(1, n + 1)) if cumulative else list(range(window, n + 1))
    edges = [(0 if cumulative else b - window, b) for b in ends]
    totals = np.array([running[b] - running[a] for a, b in edges], dtype="int64")

    month_small = _small(m, policy) if policy.enabled else np.zeros(n, dtype=bool)
    total_prim = _small(totals, policy) if policy.enabled else np.zeros(len(edges), dtype=bool)
    total_supp = total_prim.copy()
    if policy.enabled:
        # months shown: the small ones are withheld; months not shown: none can be read off
        month_known = ~month_small if months_shown else np.zeros(n, dtype=bool)
        month_lowest = policy.lowest_withheld if months_shown else 0

        def fixed(supp):
            months_fixed, totals_fixed = _series_fixed(
                n,
                m,
                month_known,
                month_lowest,
                edges,
                totals,
                ~supp,
                policy.lowest_withheld,
                month_small,
                supp,
            )
            return [(k, k + 1) for k in months_fixed] + [edges[e] for e in totals_fixed]

        while exposed := fixed(total_supp):
            a, b = exposed[0]
            usable = [
                e
                for e, (lo, hi) in enumerate(edges)
                if not total_supp[e]
                and totals[e] > 0
                and (not months_shown or month_small[lo:hi].any())
            ]
            near = [e for e in usable if edges[e][0] < b and a < edges[e][1]]
            found = sorted(near or usable, key=lambda e: (totals[e], e))
            if not found:  # cannot happen: with all such totals withheld nothing is fixed
                raise AssertionError("disclosure: no total left to withhold")
            pick = found[0]
            for e in sorted(near, key=lambda e: (totals[e], e)):
                trial = total_supp.copy()
                trial[e] = True
                if (a, b) not in fixed(trial):
                    pick = e
                    break
            total_supp[pick] = True

    at = np.array(ends, dtype="int64") - 1
    full, supp_full, prim_full = np.full(n, math.nan), np.zeros(n, bool), np.zeros(n, bool)
    full[at], supp_full[at], prim_full[at] = totals, total_supp, total_prim
    out = frame.assign(**{total_col: full})
    if not months_shown:
        return _assemble(
            out.drop(columns=[count_col]),
            [total_col],
            full[:, None],
            supp_full[:, None],
            prim_full[:, None],
            policy,
        )
    return _assemble(
        out,
        [count_col, total_col],
        np.column_stack([m, full]),
        np.column_stack([month_small, supp_full]),
        np.column_stack([month_small, prim_full]),
        policy,
    )
