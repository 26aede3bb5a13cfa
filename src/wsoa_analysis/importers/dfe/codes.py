"""Local authority codes: the old three-digit LA numbers and the new (ONS) codes.

Area names differ between files ("Durham" and "County Durham"), so areas are always matched on
their codes, never on their names. DfE's statistical neighbour workbooks name authorities by
the old number; the EES files carry both, which is how the two are joined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.importers.dfe.ees import DATE_DTYPE
from wsoa_analysis.importers.dfe.periods import PeriodError, period_bounds

CODE_COLUMNS = ("old_la_code", "new_la_code", "la_name", "last_period_end")
"""Columns of the table of code pairs, in order."""


def la_codes(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The pairs of old (three-digit) and new (ONS) local authority codes used in EES files.

    Parameters
    ----------
    tables : iterable of pandas.DataFrame
        Files as returned by :func:`.ees.read_ees_csv`. Only their Local authority rows are
        used, and only files with both ``old_la_code`` and ``new_la_code``.

    Returns
    -------
    pandas.DataFrame
        One row per pair of codes seen together: ``old_la_code``, ``new_la_code``,
        ``la_name`` (the name on the most recent row) and ``last_period_end`` (the end of
        the most recent period the pair appears in). An authority whose code changed (e.g.
        Buckinghamshire, 825) has one row per new code. Sorted by the two codes.

    Raises
    ------
    InputError
        If a period on a Local authority row cannot be read.
    """
    pieces = []
    for table in tables:
        if not {"old_la_code", "new_la_code", "la_name"} <= set(table.columns):
            continue
        rows = table[table["geographic_level"].str.strip() == "Local authority"]
        if not rows.empty:
            pieces.append(_pairs(rows, table.attrs.get("source", "<table>")))
    if not pieces:
        return _pairs_frame([], [], [], [])
    seen = pd.concat(pieces, ignore_index=True)
    seen = seen[(seen["old_la_code"] != "") & (seen["new_la_code"] != "")]
    latest = seen.sort_values("last_period_end", kind="stable").drop_duplicates(
        ["old_la_code", "new_la_code"], keep="last"
    )
    return (
        latest[list(CODE_COLUMNS)]
        .sort_values(["old_la_code", "new_la_code"])
        .reset_index(drop=True)
    )


def _pairs(rows: pd.DataFrame, source: str) -> pd.DataFrame:
    """The codes, name and period end of each Local authority row of one file."""
    ends, known = [], {}
    for row, period, kind in zip(
        rows.index,
        rows["time_period"].str.strip(),
        rows["time_identifier"].str.strip(),
        strict=True,
    ):
        if (period, kind) not in known:
            try:
                known[(period, kind)] = period_bounds(period, kind)[1]
            except PeriodError as exc:
                value = kind if exc.column == "time_identifier" else period
                raise InputError([Problem(source, row, exc.column, value, str(exc))]) from exc
        ends.append(known[(period, kind)])
    return _pairs_frame(
        list(rows["old_la_code"].str.strip()),
        list(rows["new_la_code"].str.strip()),
        list(rows["la_name"].str.strip()),
        ends,
    )


def _pairs_frame(old: list, new: list, names: list, ends: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "old_la_code": pd.Series(old, dtype=str),
            "new_la_code": pd.Series(new, dtype=str),
            "la_name": pd.Series(names, dtype=str),
            "last_period_end": pd.Series(pd.to_datetime(ends), dtype=DATE_DTYPE),
        }
    )


def current_code(codes: pd.DataFrame, by: str, value: str, give: str) -> str | None:
    """The ``give`` column paired with ``value`` (in column ``by``) in the most recent period.

    Parameters
    ----------
    codes : pandas.DataFrame
        Pairs of codes, as returned by :func:`la_codes`.
    by, give : str
        Column names of ``codes``, e.g. ``"new_la_code"`` and ``"old_la_code"``.
    value : str
        The code looked up.

    Returns
    -------
    str or None
        None if ``value`` is not in the table.

    Raises
    ------
    ValueError
        If two different values of ``give`` share that most recent period.
    """
    matches = codes[codes[by] == value]
    if matches.empty:
        return None
    newest = matches[matches["last_period_end"] == matches["last_period_end"].max()]
    found = sorted(set(newest[give]))
    if len(found) > 1:
        raise ValueError(
            f"{by} {value} is paired with more than one {give} in the same "
            f"period ({', '.join(found)})"
        )
    return found[0]


def old_code(value: object) -> str | None:
    """A three-digit LA number from a cell or argument, or None if it is not one.

    Examples
    --------
    >>> old_code(816.0), old_code(" 816 "), old_code("81")
    ('816', '816', None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if re.fullmatch(r"\d{3}", text) else None
