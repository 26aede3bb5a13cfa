"""Tables of counts, with or without published totals: small counts are withheld (primary
suppression), then whatever would let a reader work one of them out from the totals
(secondary suppression, checked exactly)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.exposure import Grid, grouped_grid, problems, table_grid
from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.disclosure.protected import (
    Protected,
    assemble,
    need_columns,
    read_counts,
    small,
)
from wsoa_analysis.errors import ParameterError


def _candidates(grid: Grid, supp: np.ndarray, lines, keep_too: bool = False) -> list:
    """Shown non-zero cells of ``lines`` that could be withheld to protect another, smallest
    first (a body cell before a total of the same size); cells published elsewhere only
    with ``keep_too``."""
    return sorted(
        {
            c
            for line in lines
            for c in line
            if not supp[c] and grid.counts[c] > 0 and (keep_too or not grid.keep[c])
        },
        key=lambda c: (grid.counts[c], bool(grid.is_total[c]), c),
    )


def _mend_lone_cells(grid: Grid, supp: np.ndarray) -> None:
    """The usual rule: no line with a published total may have exactly one withheld cell.
    Among the line's cells, one whose other line also has a lone withheld cell comes first
    (it mends both, closing a rectangle instead of starting a chain); then the smallest."""

    def lone(line):
        return sum(supp[c] and not grid.keep[c] for c in line) == 1

    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            if lone(line) and (found := _candidates(grid, supp, [line])):
                mends_two = [
                    c
                    for c in found
                    if any(lone(other) for other in grid.lines_of(c) if other != line)
                ]
                supp[(mends_two or found)[0]] = True
                changed = True


def _suppress_table(grid: Grid, policy: DisclosurePolicy) -> tuple[np.ndarray, np.ndarray]:
    primary = small(grid.counts, policy)
    supp = primary.copy()
    _mend_lone_cells(grid, supp)
    # The usual rule is not enough (two 1s in a line with a total are both 1; cells can be
    # pinned through several lines; two small cells adding up to the rest of a line are
    # both known to be small), so check exactly and withhold more until nothing is given away
    everything = [list(np.ndindex(grid.counts.shape))]
    while found_problems := problems(grid, supp, primary, policy):
        cell = found_problems[0]
        found = (
            _candidates(grid, supp, grid.lines_of(cell))
            or _candidates(grid, supp, everything)
            or _candidates(grid, supp, everything, keep_too=True)
        )
        if not found:  # cannot happen: with every non-zero count withheld, all can rise
            raise AssertionError("disclosure: no figure left to withhold")
        pick = found[0]
        for c in found:
            trial = supp.copy()
            trial[c] = True
            if cell not in problems(grid, trial, primary, policy):
                pick = c
                break
        supp[pick] = True
        if grid.keep[pick]:  # withheld here after all: a reader is no longer given it
            grid = Grid(grid.counts, grid.ends, grid.is_total, grid.keep & ~supp)
    return supp, primary


# Long only for its docstring (the rule in words); the body is a few lines.
def protect_counts(
    frame: pd.DataFrame,
    count_cols: Iterable[Hashable],
    policy: DisclosurePolicy,
    *,
    total_col: Hashable | None = None,
    rows_total: Hashable | None = None,
    subtotals: Mapping[Hashable, Iterable[Hashable]] | None = None,
    known: Iterable[Hashable] = (),
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
    subtotals : mapping of index label to index labels, optional
        Rows published as subtotals (one column of counts, with ``rows_total``): each is the
        sum of the rows it names, and the total row is the sum of the subtotals and of the
        rows in none. E.g. the plans of the bands of weeks within 20 weeks.
    known : index labels, optional
        Subtotal or total rows a reader has from elsewhere (a percentage shown with the total
        gives the subtotal it is of): never withheld to protect another figure unless nothing
        else can, and taken as known when checking what a reader can work out.

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
    cell is checked exactly (see `exposure.exposed`): while one can be worked out, the
    smallest shown non-zero cell in its lines whose withholding makes it safe is withheld (the
    smallest one if none does so alone). The same is done while a small withheld count could
    not be as large as the threshold (a reader would know it is small, if not its value).
    Zeros are never withheld to protect another cell: a reader who sees zeros shown knows a
    withheld cell is at least 1, and the check allows for that.

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
    if subtotals or list(known):
        groups, keep = _groups(frame, cols, total_row, subtotals or {}, known)
        _check_subtotals(frame, cols, counts, total_row, groups)
        grid = grouped_grid(counts, total_row, groups, keep)
    else:
        _check_totals(frame, cols, counts, total_row, total_col is not None)
        grid = table_grid(counts, total_row, total_col is not None)
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


def _groups(frame, cols, total_row, subtotals, known) -> tuple[dict[int, list[int]], np.ndarray]:
    """The subtotal rows' positions, each with its rows' positions, and the known cells."""
    where = "protect_counts"
    if len(cols) != 1 or total_row is None:
        raise ParameterError(
            f"{where}: subtotals need one column of counts and a total row (rows_total)"
        )
    problems, groups, seen = [], {}, set()
    for label, members in subtotals.items():
        for name in [label, *members]:
            if name not in frame.index:
                problems.append(f"{where}: subtotal row {name!r} is not a row label")
        places = [int(frame.index.get_loc(m)) for m in members if m in frame.index]
        if seen & set(places):
            problems.append(f"{where}: subtotal {label!r} shares a row with another subtotal")
        seen |= set(places)
        if label in frame.index:
            groups[int(frame.index.get_loc(label))] = places
    if total_row in seen or set(groups) & seen:
        problems.append(f"{where}: a subtotal or the total row is inside a subtotal")
    keep = np.zeros((len(frame), 1), dtype=bool)
    for label in known:
        if label not in frame.index:
            problems.append(f"{where}: known row {label!r} is not a row label")
        elif (i := int(frame.index.get_loc(label))) not in [*groups, total_row]:
            problems.append(f"{where}: known row {label!r} is not a subtotal or the total")
        else:
            keep[i, 0] = True
    if problems:
        raise ParameterError("\n".join(problems))
    return groups, keep


def _check_subtotals(frame, cols, counts, total_row, groups) -> None:
    problems = []
    inside = {i for members in groups.values() for i in members}
    for subtotal, members in groups.items():
        parts, total = counts[members, 0].sum(), counts[subtotal, 0]
        if parts != total:
            problems.append(
                f"protect_counts, column {cols[0]!r}: subtotal row {frame.index[subtotal]!r} "
                f"is {total} but its rows add up to {parts}"
            )
    top = [i for i in range(len(frame)) if i != total_row and i not in inside]
    parts, total = counts[top, 0].sum(), counts[total_row, 0]
    if parts != total:
        problems.append(
            f"protect_counts, column {cols[0]!r}: total row {frame.index[total_row]!r} is "
            f"{total} but the subtotals and other rows add up to {parts}"
        )
    if problems:
        raise ParameterError("\n".join(problems))


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
