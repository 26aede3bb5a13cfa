"""An attacker for the disclosure tests: what a reader could work out from a published table.

Independent of the library's own exact check (`disclosure.counts`), so the tests compare two
different methods."""

from __future__ import annotations

import math
from collections.abc import Hashable

import pandas as pd


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
    ValueError
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
                    raise ValueError(
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
