"""What a reader can work out from a table's published totals: the equations the totals
make (`Grid`), and exact checks of the withheld cells against them (`exposed`, `problems`).
Used by ``counts`` to decide what else to withhold."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np


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


Cell = tuple[int, int]


@dataclass(frozen=True)
class Grid:
    """A table's counts, with the equations its published totals make.

    Each published total makes an equation: "the cells of the line minus its total = 0".
    Every cell is in at most two equations, once with a plus and once with a minus sign
    (after writing the column equations, or a group's, the other way round): ``ends[cell]``
    is ``(p, q)``, the equation (a node) it enters with a plus and the one it enters with a
    minus; 0 where it has no such equation (one free node stands for "no equation"). So a
    change of the withheld cells that keeps every total right is a circulation in the graph
    whose nodes are the equations and whose arcs are the withheld cells (see
    `exposed`).

    ``keep`` marks cells published elsewhere (a subtotal a percentage gives away): they are
    never withheld to protect another, and a reader is taken to know them.
    """

    counts: np.ndarray
    ends: dict[Cell, tuple[int, int]]
    is_total: np.ndarray
    keep: np.ndarray

    @cached_property
    def _lines(self) -> list[list[Cell]]:
        out: dict[int, list[Cell]] = {}
        for cell, nodes in self.ends.items():
            for node in nodes:
                if node:
                    out.setdefault(node, []).append(cell)
        return [out[n] for n in sorted(out)]

    def lines(self) -> list[list[Cell]]:
        return self._lines

    def lines_of(self, cell: Cell) -> list[list[Cell]]:
        return [line for line in self._lines if cell in line]


def table_grid(counts: np.ndarray, total_row: int | None, has_total_col: bool) -> Grid:
    """A table with a total column and/or a total row. Signing each cell (+1 for a body cell
    and the grand total, -1 for a row or column total) makes every constrained row and column
    of signed cells add to zero; a cell is then plus in its row's equation and minus in its
    column's (column equations written the other way round), or the reverse if its sign is -1.
    """
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
    ends = {
        (i, j): (row_node[i], col_node[j]) if sign[i, j] > 0 else (col_node[j], row_node[i])
        for i in range(nrows)
        for j in range(ncols)
    }
    return Grid(counts, ends, is_total, np.zeros((nrows, ncols), dtype=bool))


def grouped_grid(
    counts: np.ndarray, total_row: int, groups: dict[int, list[int]], keep: np.ndarray
) -> Grid:
    """One column of counts whose rows are in groups, each with a subtotal row
    (``groups``: subtotal row -> its rows), and a total row of them all: the total is the
    sum of the subtotals and the rows in no group."""
    nrows = counts.shape[0]
    top = 1
    ends: dict[Cell, tuple[int, int]] = {(i, 0): (top, 0) for i in range(nrows)}
    for g, (subtotal, members) in enumerate(groups.items(), start=2):
        ends[(subtotal, 0)] = (top, g)
        for i in members:
            ends[(i, 0)] = (g, 0)
    ends[(total_row, 0)] = (0, top)
    is_total = np.zeros(counts.shape, dtype=bool)
    is_total[[total_row, *groups], 0] = True
    return Grid(counts, ends, is_total, keep)


def _arcs(grid: Grid, supp: np.ndarray, lowest: int):
    """The arcs of the withheld cells: raising a cell is always allowed (no upper bound is
    known), with no limit; lowering it only while it is above ``lowest``, by as much.
    Each arc: (from, to, limit, cell); limit None for no limit."""
    arcs = []
    for i, j in (tuple(map(int, c)) for c in np.argwhere(supp & ~grid.keep)):
        p, q = grid.ends[(i, j)]
        arcs.append((p, q, None, (i, j)))
        if grid.counts[i, j] > lowest:
            arcs.append((q, p, int(grid.counts[i, j] - lowest), (i, j)))
    return arcs


def exposed(grid: Grid, supp: np.ndarray, lowest: int) -> list[Cell]:
    """Withheld cells whose value is fixed by the published figures (exact, not a heuristic).

    A withheld cell can take another value exactly when the withheld cells can all be changed
    by whole numbers, keeping every published total right, no count falling below ``lowest``,
    and this cell changing. Such changes are circulations in the graph of `Grid`. Any such
    change splits into simple cycles going the same way, so a cell can change iff one of its
    arcs lies on a directed cycle.
    """
    arcs = _arcs(grid, supp, lowest)
    exposed = []
    for cell in (tuple(map(int, c)) for c in np.argwhere(supp & ~grid.keep)):
        adjacent: dict[int, list[int]] = {}
        for u, w, _, owner in arcs:
            if owner != cell:
                adjacent.setdefault(u, []).append(w)
        if not any(_reaches(adjacent, w, u) for u, w, _, owner in arcs if owner == cell):
            exposed.append(cell)
    return exposed


def _most_it_can_rise(grid: Grid, supp: np.ndarray, lowest: int, cell: Cell, need: int) -> int:
    """How far a withheld cell can rise with every published figure unchanged (up to
    ``need``): the most that can flow back round through the other withheld cells, each
    lowered no further than ``lowest`` (a maximum flow, found by augmenting paths)."""
    p, q = grid.ends[cell]
    if p == q:
        return need
    residual: dict[tuple[int, int], float] = {}
    for u, w, limit, owner in _arcs(grid, supp, lowest):
        if owner != cell:
            residual[(u, w)] = residual.get((u, w), 0) + (math.inf if limit is None else limit)
            residual.setdefault((w, u), 0)
    flow = 0
    while flow < need:
        path = _augmenting_path(residual, q, p)
        if path is None:
            break
        push = min(need - flow, *(residual[arc] for arc in path))
        for u, w in path:
            residual[(u, w)] -= push
            residual[(w, u)] += push
        flow += push
    return int(flow)


def _augmenting_path(residual: dict, source: int, sink: int) -> list | None:
    before: dict[int, tuple[int, int] | None] = {source: None}
    todo = deque([source])
    while todo:
        node = todo.popleft()
        if node == sink:
            path = []
            while before[node] is not None:
                path.append(before[node])
                node = before[node][0]
            return path[::-1]
        for (u, w), left in residual.items():
            if u == node and left > 0 and w not in before:
                before[w] = (u, w)
                todo.append(w)
    return None


def problems(grid: Grid, supp: np.ndarray, primary: np.ndarray, policy) -> list[Cell]:
    """Withheld cells a reader could work out, then small ones a reader could tell are small
    (that cannot rise to the threshold), in table order."""
    lowest = policy.lowest_withheld
    out = exposed(grid, supp, lowest)
    for cell in (tuple(map(int, c)) for c in np.argwhere(primary & ~grid.keep)):
        need = policy.threshold - int(grid.counts[cell])
        if cell not in out and _most_it_can_rise(grid, supp, lowest, cell, need) < need:
            out.append(cell)
    return out
