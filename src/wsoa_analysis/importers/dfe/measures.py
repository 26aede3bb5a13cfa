"""Extracting one measure column of an EES file to one row per area and period."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd

from wsoa_analysis.errors import InputError, ParameterError, Problem
from wsoa_analysis.importers.dfe.ees import AREA_COLUMNS, DATE_DTYPE, LEVELS, parse_figure
from wsoa_analysis.importers.dfe.periods import (
    PeriodError,
    census_month_bounds,
    period_bounds,
    year_kind,
)
from wsoa_analysis.importers.dfe.sources import TRANSFORMS, MeasureSource

LONG_COLUMNS = (
    "area_code",
    "area_name",
    "geographic_level",
    "time_period",
    "period_start",
    "period_end",
    "value",
    "symbol",
)
"""Columns of an extracted measure, in order."""


def extract_measure(
    table: pd.DataFrame,
    column: str,
    filters: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
    *,
    source: str | None = None,
) -> pd.DataFrame:
    """Extract one measure column of an EES file to one row per area and period.

    Parameters
    ----------
    table : pandas.DataFrame
        A file as returned by :func:`.ees.read_ees_csv` (text columns, index = spreadsheet
        row).
    column : str
        The measure column to extract.
    filters : mapping or iterable of (column, value), optional
        Keep only rows whose filter column holds this value, e.g.
        ``{"breakdown": "All EHC plans issued"}``. A filter whose column the file does not
        have is skipped (older files carry no breakdowns, only totals).
    source : str, optional
        How to name the file in error messages; defaults to ``table.attrs["source"]``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LONG_COLUMNS`: the area's code (``country_code`` on National rows,
        ``region_code`` on Regional rows, ``new_la_code`` on Local authority rows) and name,
        the geographic level, the period as published with its first and last day, the value
        as a float, and the published symbol where there is no figure (value left empty).
        Rows of other geographic levels are left out. Rows keep the file's order.

    Raises
    ------
    InputError
        Naming file, row, column and value: when the column or a needed area column is
        missing or appears twice, a filter matches no row, a figure is neither a number nor a
        symbol, a period cannot be read, an area has no code, or two rows are left for the
        same area and period (a filter is missing).
    """
    source = source or table.attrs.get("source", "<table>")
    pairs = list(filters.items() if isinstance(filters, Mapping) else (filters or ()))
    _check_columns(table, column, [name for name, _ in pairs], source)
    rows = _filtered(table, pairs, source)
    levels = rows["geographic_level"].str.strip()
    rows = rows[levels.isin(LEVELS)]
    long = _long_rows(rows, list(levels[rows.index]), column, source)
    _check_one_row_each(long, rows.index, column, source)
    return long


def _check_columns(table: pd.DataFrame, column: str, filter_columns, source: str) -> None:
    """Every column needed is there, and none that is read appears twice."""
    needed = ["time_period", "time_identifier", "geographic_level", column]
    problems = [
        Problem(source, None, name, None, "column not found in the file")
        for name in needed
        if name not in table.columns
    ]
    area_columns = [name for both in AREA_COLUMNS.values() for name in both]
    problems += [
        Problem(
            source,
            None,
            name,
            None,
            "column appears more than once in the header, so it is not clear which to read",
        )
        for name in dict.fromkeys(needed + list(filter_columns) + area_columns)
        if list(table.columns).count(name) > 1
    ]
    if problems:
        raise InputError(problems)


def _filtered(table: pd.DataFrame, pairs, source: str) -> pd.DataFrame:
    """The rows holding each filter's value; a filter that matches nothing is an error."""
    rows = table
    for filter_column, wanted in pairs:
        if filter_column not in rows.columns:
            continue
        rows = rows[rows[filter_column].str.strip() == wanted]
        if rows.empty:
            message = "no row has this value, so nothing can be extracted"
            raise InputError([Problem(source, None, filter_column, wanted, message)])
    return rows


def _long_rows(rows: pd.DataFrame, levels: list[str], column: str, source: str) -> pd.DataFrame:
    """One row per file row: area, period bounds and figure, every problem reported at once."""
    problems = [
        Problem(source, None, name, None, f"column not found, and {level} rows need it")
        for level in dict.fromkeys(levels)
        for name in AREA_COLUMNS[level]
        if name not in rows.columns
    ]
    if problems:
        raise InputError(problems)
    names = {"time_period", "time_identifier"} | {
        name for level in set(levels) for name in AREA_COLUMNS[level]
    }
    cells = {name: [text.strip() for text in rows[name]] for name in names}
    periods = _periods(cells)

    out = {name: [] for name in LONG_COLUMNS}
    for i, (row, level, text) in enumerate(zip(rows.index, levels, rows[column], strict=True)):
        code_column, name_column = AREA_COLUMNS[level]
        if not cells[code_column][i]:
            problems.append(
                Problem(source, row, code_column, "", f"a {level} row needs an area code")
            )
        bounds = periods[(cells["time_period"][i], cells["time_identifier"][i])]
        if isinstance(bounds, PeriodError):
            problems.append(
                Problem(source, row, bounds.column, cells[bounds.column][i], str(bounds))
            )
            bounds = (None, None)
        try:
            value, symbol = parse_figure(text)
        except ValueError as exc:
            problems.append(Problem(source, row, column, text, str(exc)))
            value, symbol = math.nan, None
        for name, item in zip(
            LONG_COLUMNS,
            (cells[code_column][i], cells[name_column][i], level, cells["time_period"][i])
            + (*bounds, value, symbol),
            strict=True,
        ):
            out[name].append(item)
    if problems:
        raise InputError(problems)
    return _long_frame(out)


def _periods(cells: dict[str, list[str]]) -> dict:
    """Each distinct (time_period, time_identifier) with its bounds, or the PeriodError."""
    periods = {}
    for key in dict.fromkeys(zip(cells["time_period"], cells["time_identifier"], strict=True)):
        try:
            periods[key] = period_bounds(*key)
        except PeriodError as exc:
            periods[key] = exc
    return periods


def _long_frame(out: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": pd.Series(out["area_code"], dtype=str),
            "area_name": pd.Series(out["area_name"], dtype=str),
            "geographic_level": pd.Series(out["geographic_level"], dtype=str),
            "time_period": pd.Series(out["time_period"], dtype=str),
            "period_start": pd.Series(pd.to_datetime(out["period_start"]), dtype=DATE_DTYPE),
            "period_end": pd.Series(pd.to_datetime(out["period_end"]), dtype=DATE_DTYPE),
            "value": pd.Series(out["value"], dtype="float64"),
            "symbol": pd.Series(out["symbol"], dtype=str),
        }
    )


def _check_one_row_each(long: pd.DataFrame, rows: pd.Index, column: str, source: str) -> None:
    """Refuse two rows for one area and period: a filter (such as a breakdown) is missing."""
    duplicated = long.duplicated(
        ["geographic_level", "area_code", "period_start", "period_end"], keep=False
    )
    if duplicated.any():
        raise InputError(
            [
                Problem(
                    source,
                    row,
                    column,
                    None,
                    f"more than one row for {code} in {period}; a filter (such as a "
                    "breakdown) is needed to choose one",
                )
                for row, code, period in zip(
                    rows[duplicated.to_numpy()],
                    long.loc[duplicated, "area_code"],
                    long.loc[duplicated, "time_period"],
                    strict=True,
                )
            ]
        )


def measure_rows(
    table: pd.DataFrame,
    spec: MeasureSource,
    wanted: set[tuple[str, str]],
    span: tuple | None,
    described: str,
    release: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """One source's rows of the benchmarks table, before releases are combined.

    Parameters
    ----------
    table : pandas.DataFrame
        The file the source names, as read by :func:`.ees.read_ees_csv`.
    spec : MeasureSource
        Which column and filters to read, the unit, the transform and, for a census count,
        the census month (the figure is dated to that month: see :func:`dated_periods`).
    wanted : set of (geographic level, area code)
        The areas to keep.
    span : (date, date) or None
        Keep only periods lying wholly inside it; None keeps every period.
    described : str
        The ``source`` column: publication, release, file and column.
    release : mapping, optional
        Columns every row gets as they are: ``definition``, ``publication``, ``release``
        and ``published_on``.
    """
    long = extract_measure(table, spec.column, spec.filters)
    keep = [
        (level, code) in wanted
        for level, code in zip(long["geographic_level"], long["area_code"], strict=True)
    ]
    long = dated_periods(long[keep], spec, described)
    if span is not None:
        first, last = (pd.Timestamp(d) for d in span)
        long = long[(long["period_start"] >= first) & (long["period_end"] <= last)]
    function, note = TRANSFORMS[spec.transform]
    return long.assign(
        measure_key=spec.measure_key,
        value=function(long["value"]),
        unit=spec.unit,
        source=described + (f"; {note}" if note else ""),
        **dict(release or {}),
    )


def dated_periods(long: pd.DataFrame, spec: MeasureSource, described: str) -> pd.DataFrame:
    """The rows with their kind of period (``period_kind``); a census count is dated to its
    census month within the period the file names.

    Raises
    ------
    ParameterError
        For a period that is neither a calendar, academic or financial year nor (with
        ``spec.census_month``) a period holding the census month once.
    """
    bounds, kinds = [], []
    for period, start, end in zip(
        long["time_period"], long["period_start"], long["period_end"], strict=True
    ):
        start, end = start.date(), end.date()
        try:
            if spec.census_month:
                bounds.append(census_month_bounds(start, end, spec.census_month))
                kinds.append("census")
                continue
        except PeriodError as exc:
            raise ParameterError(f"{spec.measure_key}, {described}: {period}: {exc}") from exc
        kind = year_kind(start, end)
        if kind is None:
            raise ParameterError(
                f"{spec.measure_key}, {described}: the period {period} ({start} to {end}) is "
                "not a calendar, academic or financial year; a count on a census day needs "
                "census_month"
            )
        bounds.append((start, end))
        kinds.append(kind)
    starts = [b[0] for b in bounds]
    ends = [b[1] for b in bounds]
    return long.assign(
        period_kind=pd.Series(kinds, index=long.index, dtype=str),
        period_start=pd.Series(pd.to_datetime(starts), index=long.index, dtype=DATE_DTYPE),
        period_end=pd.Series(pd.to_datetime(ends), index=long.index, dtype=DATE_DTYPE),
    )
