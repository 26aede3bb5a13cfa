"""Read DfE's published SEND statistics and turn them into the benchmarks table.

DfE publishes its statistics on "explore education statistics" (EES) as tidy CSV files: one row
per area, period and filter value (for example a breakdown by age), with one column per measure.
This module reads those files as they are published and extracts the few figures the pack uses
as comparators: England, the region, the local area and its ten statistical neighbours.

Three things about the published files shape the code:

- Figures are not always numbers. EES uses symbols (``c`` suppressed, ``x`` not available, ``z``
  not applicable, ``low`` rounds to zero, ``u`` low reliability). A symbol is kept as a symbol
  with no value: it is never read as zero. Any other text where a figure should be is an error
  that names the file, row, column and value.
- Releases rename columns and change breakdowns. :data:`MEASURE_SOURCES` says, for each measure,
  which release, file, column and breakdown holds it. Where two releases cover the same period,
  the newer release is used and any disagreement is reported.
- Area names differ between files ("Durham" and "County Durham"), so areas are always matched
  on their codes, never on their names.

Everything here works on DataFrames and returns new ones; only :func:`write_extract` writes files.
"""

from __future__ import annotations

import csv
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from wsoa_analysis.errors import InputError, ParameterError, Problem
from wsoa_analysis.inputs.schema import BENCHMARK_SYMBOLS, BENCHMARKS, UNITS

# --- conventions of the published files ---------------------------------------------------

PUBLICATION = "Education, health and care plans"
"""The DfE publication the benchmark figures come from."""

ENGLAND = "E92000001"
"""ONS code for England, carried by the National rows in ``country_code``."""

SYMBOLS = tuple(BENCHMARK_SYMBOLS)
"""The EES symbols that stand in place of a figure: c, x, z, low, u."""

BLANK_MARKERS = ("..", ":")
"""Older-style markers for a figure that is not there. Kept as the symbol, never read as zero."""

LEVELS = ("National", "Regional", "Local authority")
"""The geographic levels extracted, in the order the benchmarks table is sorted."""

# Which columns hold the code and the name of the area, at each geographic level.
_AREA_COLUMNS = {
    "National": ("country_code", "country_name"),
    "Regional": ("region_code", "region_name"),
    "Local authority": ("new_la_code", "la_name"),
}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

_DATE_DTYPE = "datetime64[ns]"


# --- what to extract ----------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """One release of the publication, as a folder of its CSV files.

    Parameters
    ----------
    folder : str
        Name of the folder holding the release's files, e.g. ``"ry2025"``.
    label : str
        How the release is named in the ``source`` column, e.g. ``"reporting year 2025"``.
    """

    folder: str
    label: str


RELEASES: tuple[Release, ...] = (
    Release("ry2022", "reporting year 2022"),
    Release("ry2025", "reporting year 2025"),
)
"""The releases used, oldest first. Where they cover the same period, the later one wins."""


@dataclass(frozen=True)
class MeasureSource:
    """Where one release publishes one benchmark measure.

    Parameters
    ----------
    measure_key : str
        The key of the measure in the benchmarks table.
    release : str
        Folder of the release (:attr:`Release.folder`).
    file : str
        Name of the CSV file within the release's folder.
    column : str
        The measure column in that file.
    filters : tuple of (str, str)
        Filter columns and the value to keep, e.g. ``(("breakdown", "All EHC plans issued"),)``.
        A filter whose column the file does not have is skipped: older files carry totals only.
    unit : str
        Unit of the resulting value (one of :data:`wsoa_analysis.inputs.schema.UNITS`).
    transform : str
        How the published figure becomes the value (a key of :data:`TRANSFORMS`).
    """

    measure_key: str
    release: str
    file: str
    column: str
    filters: tuple[tuple[str, str], ...]
    unit: str
    transform: str = "as_published"


TRANSFORMS = {
    "as_published": (lambda v: v, ""),
    "per_month": (lambda v: v / 12, "published annual total divided by 12"),
}
"""Each transform: the function applied to the published figure, and how ``source`` says so."""

MEASURE_SOURCES: tuple[MeasureSource, ...] = (
    # % of new EHC plans issued within 20 weeks, exception cases left out. Renamed between
    # releases; the two agree exactly where they overlap (2019 to 2021).
    MeasureSource(
        "ehc_plans_20_weeks_ex", "ry2022", "sen2_mi.csv", "NoExc20weekRate", (), "percent"
    ),
    MeasureSource(
        "ehc_plans_20_weeks_ex",
        "ry2025",
        "timeliness_20_week.csv",
        "PC_plans_issued_20_weeks_ex",
        (("breakdown", "All EHC plans issued"),),
        "percent",
    ),
    # Requests for an EHC needs assessment received in the calendar year, as a monthly rate.
    # "Initial requests for an EHC plan" (2022) is the measure the 2025 release calls "Total
    # requests for an EHC needs assessment": the two are identical for 2019 to 2021.
    MeasureSource(
        "ehc_requests_per_month",
        "ry2022",
        "sen2_mi.csv",
        "InreqEHC",
        (),
        "rate_per_month",
        "per_month",
    ),
    MeasureSource(
        "ehc_requests_per_month",
        "ry2025",
        "requests.csv",
        "requests_received_in_year",
        (("breakdown", "All requests for EHC needs assessments"),),
        "rate_per_month",
        "per_month",
    ),
    # Young people with an EHC plan on a supported internship. The 2022 release labels its
    # counts by calendar year, the 2025 release by academic year; the periods do not overlap.
    MeasureSource(
        "supported_internships",
        "ry2022",
        "sen2_wbp_residential_dmo.csv",
        "MSuppIntEHC",
        (),
        "count",
    ),
    MeasureSource(
        "supported_internships",
        "ry2025",
        "work_based_placements.csv",
        "open_supp_intern",
        (("breakdown", "All work based placements"),),
        "count",
    ),
)
"""Where each benchmark measure is published, release by release."""

MEASURE_PERIODS: dict[str, tuple[date, date]] = {
    "ehc_plans_20_weeks_ex": (date(2015, 1, 1), date(2024, 12, 31)),
}
"""Measures limited to a span of time: only periods lying wholly inside it are kept."""


class ReleaseDifferenceWarning(UserWarning):
    """Two releases publish different figures for the same measure, area and period."""


# --- reading a file -----------------------------------------------------------------------


def read_ees_csv(path: str | Path) -> pd.DataFrame:
    """Read one EES CSV file, every column as text.

    Parameters
    ----------
    path : str or Path
        The CSV file. A UTF-8 byte-order mark at its start is dropped.

    Returns
    -------
    pandas.DataFrame
        One row per data row of the file, every column holding text exactly as published
        (an empty cell is an empty string). The index is the row number a spreadsheet user
        would see, the header being row 1, so that problems can be reported by row.
        ``attrs["source"]`` holds the path, used to name the file in error messages.
        Column names are the header's, with surrounding spaces removed; a name that appears
        twice is kept twice, and extracting it is an error.

    Raises
    ------
    InputError
        If the file cannot be read, is empty, is not UTF-8 text, or has a row with a different
        number of fields from the header.
    """
    path = Path(path)
    source = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError([Problem(source, None, None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    None,
                    None,
                    f"is not UTF-8 text ({exc.reason} at byte {exc.start})",
                )
            ]
        ) from None
    except csv.Error as exc:
        raise InputError(
            [Problem(source, None, None, None, f"is not a readable CSV: {exc}")]
        ) from None
    if not records or not any(field.strip() for field in records[0]):
        raise InputError([Problem(source, None, None, None, "is empty: no header row")])

    header = [name.strip() for name in records[0]]
    problems, rows, row_numbers = [], [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(field.strip() for field in record):
            continue  # a blank line
        if len(record) != len(header):
            problems.append(
                Problem(
                    source,
                    number,
                    None,
                    None,
                    f"has {len(record)} fields but the header has {len(header)}",
                )
            )
            continue
        rows.append(record)
        row_numbers.append(number)
    if problems:
        raise InputError(problems)

    table = pd.DataFrame(rows, columns=header, index=pd.Index(row_numbers, name="row"), dtype=str)
    if not rows:
        table = pd.DataFrame(
            {name: pd.Series([], dtype=str) for name in dict.fromkeys(header)},
            index=pd.Index([], dtype="int64", name="row"),
        )
    table.attrs["source"] = source
    return table


# --- periods and figures ------------------------------------------------------------------

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

# Periods that run from a date in one year to the day before that date in the next.
# time_period is written with both years, e.g. 202425.
_SPANNING_YEARS = {
    "academic year": (9, 1),
    "financial year": (4, 1),
    "tax year": (4, 6),
}


class PeriodError(ValueError):
    """A published period that cannot be read. ``column`` names the column at fault."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def period_bounds(time_period: str, time_identifier: str) -> tuple[date, date]:
    """First and last day of a published period.

    Parameters
    ----------
    time_period : str
        The period as published: a year (``"2024"``) or, for periods spanning two years,
        both years (``"202425"``).
    time_identifier : str
        What kind of period it is, as published. Understood (case and spacing do not
        matter): ``Calendar year``, ``Academic year`` (1 September to 31 August),
        ``Financial year`` (1 April to 31 March), ``Tax year`` (6 April to 5 April),
        ``Calendar year Q1`` to ``Q4`` (January to March first), ``Financial year Q1`` to
        ``Q4`` (April to June first) and month names (``January``, with a year).

    Returns
    -------
    tuple of datetime.date
        The first and the last day of the period.

    Raises
    ------
    PeriodError
        (a ValueError) If the identifier is not one of those above, or the period is not
        written the way that identifier needs.

    Examples
    --------
    >>> period_bounds("2022", "Calendar year")
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    >>> period_bounds("202425", "Academic year")
    (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
    """
    period = str(time_period).strip()
    kind = " ".join(str(time_identifier).split()).lower()

    if kind == "calendar year":
        year = _one_year(period, time_identifier)
        return date(year, 1, 1), date(year, 12, 31)
    if kind in _SPANNING_YEARS:
        year = _two_years(period, time_identifier)
        month, day = _SPANNING_YEARS[kind]
        return date(year, month, day), _day_before(date(year + 1, month, day))
    quarter = re.fullmatch(r"(calendar|financial) year q([1-4])", kind)
    if quarter:
        q = int(quarter.group(2))
        if quarter.group(1) == "calendar":
            year, first_month = _one_year(period, time_identifier), 3 * q - 2
        else:
            year = _two_years(period, time_identifier)
            first_month = 3 * q + 1  # Q1 starts in April
            if first_month > 12:
                year, first_month = year + 1, first_month - 12
        start = date(year, first_month, 1)
        return start, _month_end(date(year, first_month + 2, 1))
    if kind in _MONTHS:
        year = _one_year(period, time_identifier)
        start = date(year, _MONTHS.index(kind) + 1, 1)
        return start, _month_end(start)
    raise PeriodError(
        "time_identifier",
        f"time_identifier {time_identifier!r} is not a kind of period this importer knows "
        "(calendar, academic, financial or tax year, a calendar or financial year quarter, "
        "or a month)",
    )


def _one_year(period: str, identifier: str) -> int:
    if not re.fullmatch(r"\d{4}", period):
        raise PeriodError(
            "time_period",
            f"time_period {period!r} is not a year such as 2024, as {identifier!r} needs",
        )
    return int(period)


def _two_years(period: str, identifier: str) -> int:
    match = re.fullmatch(r"(\d{4})(\d{2})", period)
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 100:
        raise PeriodError(
            "time_period",
            f"time_period {period!r} is not two consecutive "
            f"years such as 202425, as {identifier!r} needs",
        )
    return int(match.group(1))


def _day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def _month_end(first_of_month: date) -> date:
    if first_of_month.month == 12:
        return date(first_of_month.year, 12, 31)
    return _day_before(date(first_of_month.year, first_of_month.month + 1, 1))


def parse_figure(text: str) -> tuple[float, str | None]:
    """Read one published figure: a number, a symbol, or nothing.

    Parameters
    ----------
    text : str
        The cell as published. Surrounding spaces are ignored.

    Returns
    -------
    tuple of (float, str or None)
        ``(value, None)`` for a number, exactly as published (``"59.900000000000"`` gives
        59.9; nothing is rounded). ``(nan, symbol)`` for one of the :data:`SYMBOLS` (in lower
        case) or the :data:`BLANK_MARKERS`. ``(nan, None)`` for an empty cell.

    Raises
    ------
    ValueError
        For any other text, e.g. ``"12..3"``, ``"1,234"`` or ``"nan"``.
    """
    cleaned = str(text).strip()
    if cleaned == "":
        return math.nan, None
    if _NUMBER.fullmatch(cleaned):
        return float(cleaned), None
    if cleaned.lower() in SYMBOLS:
        return math.nan, cleaned.lower()
    if cleaned in BLANK_MARKERS:
        return math.nan, cleaned
    raise ValueError(
        f"is neither a number nor a published symbol ({', '.join(SYMBOLS + BLANK_MARKERS)})"
    )


# --- extracting one measure ---------------------------------------------------------------

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
        A file as returned by :func:`read_ees_csv` (text columns, index = spreadsheet row).
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

    needed = ["time_period", "time_identifier", "geographic_level", column]
    problems = [
        Problem(source, None, name, None, "column not found in the file")
        for name in needed
        if name not in table.columns
    ]
    problems += [
        Problem(
            source,
            None,
            name,
            None,
            "column appears more than once in the header, so it is not clear which to read",
        )
        for name in dict.fromkeys(
            needed + [f for f, _ in pairs] + [c for both in _AREA_COLUMNS.values() for c in both]
        )
        if list(table.columns).count(name) > 1
    ]
    if problems:
        raise InputError(problems)

    rows = table
    for filter_column, wanted in pairs:
        if filter_column not in rows.columns:
            continue
        rows = rows[rows[filter_column].str.strip() == wanted]
        if rows.empty:
            raise InputError(
                [
                    Problem(
                        source,
                        None,
                        filter_column,
                        wanted,
                        "no row has this value, so nothing can be extracted",
                    )
                ]
            )

    levels = rows["geographic_level"].str.strip()
    rows = rows[levels.isin(LEVELS)]
    levels = list(levels[rows.index])
    for level in dict.fromkeys(levels):
        for name in _AREA_COLUMNS[level]:
            if name not in rows.columns:
                problems.append(
                    Problem(source, None, name, None, f"column not found, and {level} rows need it")
                )
    if problems:
        raise InputError(problems)

    cells = {
        name: [text.strip() for text in rows[name]]
        for name in {"time_period", "time_identifier"}
        | {c for level in set(levels) for c in _AREA_COLUMNS[level]}
    }
    periods = {}
    for key in dict.fromkeys(zip(cells["time_period"], cells["time_identifier"], strict=True)):
        try:
            periods[key] = period_bounds(*key)
        except PeriodError as exc:
            periods[key] = exc

    codes, names, starts, ends, values, symbols = [], [], [], [], [], []
    for i, (row, level, text) in enumerate(zip(rows.index, levels, rows[column], strict=True)):
        code_column, name_column = _AREA_COLUMNS[level]
        code = cells[code_column][i]
        if not code:
            problems.append(
                Problem(source, row, code_column, "", f"a {level} row needs an area code")
            )
        codes.append(code)
        names.append(cells[name_column][i])

        key = (cells["time_period"][i], cells["time_identifier"][i])
        bounds = periods[key]
        if isinstance(bounds, PeriodError):
            problems.append(
                Problem(source, row, bounds.column, cells[bounds.column][i], str(bounds))
            )
            bounds = (None, None)
        starts.append(bounds[0])
        ends.append(bounds[1])

        try:
            value, symbol = parse_figure(text)
        except ValueError as exc:
            problems.append(Problem(source, row, column, text, str(exc)))
            value, symbol = math.nan, None
        values.append(value)
        symbols.append(symbol)
    if problems:
        raise InputError(problems)

    long = pd.DataFrame(
        {
            "area_code": pd.Series(codes, dtype=str),
            "area_name": pd.Series(names, dtype=str),
            "geographic_level": pd.Series(levels, dtype=str),
            "time_period": pd.Series(cells["time_period"], dtype=str),
            "period_start": pd.Series(pd.to_datetime(starts), dtype=_DATE_DTYPE),
            "period_end": pd.Series(pd.to_datetime(ends), dtype=_DATE_DTYPE),
            "value": pd.Series(values, dtype="float64"),
            "symbol": pd.Series(symbols, dtype=str),
        }
    )

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
                    rows.index[duplicated.to_numpy()],
                    long.loc[duplicated, "area_code"],
                    long.loc[duplicated, "time_period"],
                    strict=True,
                )
            ]
        )
    return long


# --- area codes ---------------------------------------------------------------------------


def la_codes(tables: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """The pairs of old (three-digit) and new (ONS) local authority codes used in EES files.

    Parameters
    ----------
    tables : iterable of pandas.DataFrame
        Files as returned by :func:`read_ees_csv`. Only their Local authority rows are used,
        and only files with both ``old_la_code`` and ``new_la_code``.

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
        if rows.empty:
            continue
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
                    raise InputError(
                        [
                            Problem(
                                table.attrs.get("source", "<table>"),
                                row,
                                exc.column,
                                value,
                                str(exc),
                            )
                        ]
                    ) from None
            ends.append(known[(period, kind)])
        pieces.append(
            pd.DataFrame(
                {
                    "old_la_code": pd.Series(list(rows["old_la_code"].str.strip()), dtype=str),
                    "new_la_code": pd.Series(list(rows["new_la_code"].str.strip()), dtype=str),
                    "la_name": pd.Series(list(rows["la_name"].str.strip()), dtype=str),
                    "last_period_end": pd.Series(pd.to_datetime(ends), dtype=_DATE_DTYPE),
                }
            )
        )
    columns = ["old_la_code", "new_la_code", "la_name", "last_period_end"]
    if not pieces:
        return pd.DataFrame(
            {
                "old_la_code": pd.Series([], dtype=str),
                "new_la_code": pd.Series([], dtype=str),
                "la_name": pd.Series([], dtype=str),
                "last_period_end": pd.Series([], dtype=_DATE_DTYPE),
            }
        )
    seen = pd.concat(pieces, ignore_index=True)
    seen = seen[(seen["old_la_code"] != "") & (seen["new_la_code"] != "")]
    latest = seen.sort_values("last_period_end", kind="stable").drop_duplicates(
        ["old_la_code", "new_la_code"], keep="last"
    )
    return latest[columns].sort_values(["old_la_code", "new_la_code"]).reset_index(drop=True)


def _current_code(codes: pd.DataFrame, by: str, value: str, give: str) -> str | None:
    """The ``give`` code paired with ``value`` in the most recent period, or None if unseen.

    Raises ValueError if two different codes share that most recent period.
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


def _old_code(value: object) -> str | None:
    """A three-digit LA number from a cell or argument, or None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text if re.fullmatch(r"\d{3}", text) else None


# --- statistical neighbours ---------------------------------------------------------------

NEIGHBOUR_COLUMNS = ("rank", "old_la_code", "area_code", "area_name", "closeness", "source")
"""Columns of the statistical neighbours table, in order."""


def statistical_neighbours(
    xlsx_path: str | Path, old_la_code: str | int, codes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The ten statistical neighbours of one local authority, from DfE's neighbour workbook.

    The workbook has three header rows (column letters, column numbers, then the names
    ``LA num``, ``LA Name``, ..., ``SN1``, ``SNP``, ..., ``SN10``, ``SNP``), then one row per
    authority, named by its old three-digit LA number. ``SN1`` to ``SN10`` hold the
    neighbours' LA numbers, closest first, each with a word for how close it is in the column
    beside it. The main table ends at the first row with no LA number; what follows (an "Old
    SNs" section for authorities that no longer exist) is not read.

    Parameters
    ----------
    xlsx_path : str or Path
        The workbook, e.g. ``sn_april_2021.xlsx``.
    old_la_code : str or int
        The authority's old LA number, e.g. ``372`` for Rotherham.
    codes : pandas.DataFrame, optional
        Pairs of old and new codes, as returned by :func:`la_codes`. Each neighbour's new
        (ONS) code is the one paired with its LA number in the most recent period. Without
        it, ``area_code`` is left empty.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`NEIGHBOUR_COLUMNS`, one row per neighbour in rank order: rank (1 to
        10), old LA number, new code, name as the workbook gives it, closeness as written
        (e.g. "Very Close") and the workbook, sheet and row it comes from.

    Raises
    ------
    InputError
        If the workbook has no header row with SN1 to SN10, a neighbour cell is not an LA
        number, or (with ``codes``) a neighbour has no new code or more than one.
    ParameterError
        If the authority is not in the workbook's main table, or the workbook gives it no
        neighbours.
    """
    import openpyxl  # only needed here

    path = Path(xlsx_path)
    wanted = _old_code(old_la_code)
    if wanted is None:
        raise ParameterError(f"{old_la_code!r} is not an old three-digit LA number")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError([Problem(str(path), None, None, None, "file not found")]) from None
    try:
        found = _neighbour_rows(book, str(path))
    finally:
        book.close()
    sheet, name_col, sn_cols, table = found

    by_code = {code: (row, cells) for row, code, cells in table}
    if wanted not in by_code:
        raise ParameterError(
            f"{path}: LA number {wanted} is not in the main table of sheet {sheet!r}"
        )
    row, cells = by_code[wanted]

    problems, records = [], []
    for rank, col in enumerate(sn_cols, start=1):
        cell = cells[col] if col < len(cells) else None
        closeness = cells[col + 1] if col + 1 < len(cells) else None
        if cell is None or str(cell).strip() in ("", "-"):
            continue
        code = _old_code(cell)
        column_name = f"SN{rank}"
        if code is None:
            problems.append(Problem(str(path), row, column_name, str(cell), "is not an LA number"))
            continue
        name = by_code[code][1][name_col] if code in by_code else None
        records.append(
            {
                "rank": rank,
                "old_la_code": code,
                "area_name": None if name is None else str(name).strip(),
                "closeness": None if closeness is None else str(closeness).strip(),
                "source": f"DfE statistical neighbours, {path.name}, sheet '{sheet}', row {row}",
                "_column": column_name,
            }
        )
    if problems:
        raise InputError(problems)
    if not records:
        raise ParameterError(
            f"{path}: the workbook gives LA number {wanted} no neighbours (row {row})"
        )

    for record in records:
        record["area_code"] = None
        if codes is None:
            continue
        try:
            new = _current_code(codes, "old_la_code", record["old_la_code"], "new_la_code")
        except ValueError as exc:
            problems.append(
                Problem(
                    str(path),
                    row,
                    record["_column"],
                    record["old_la_code"],
                    f"in the EES files, {exc}",
                )
            )
            continue
        if new is None:
            problems.append(
                Problem(
                    str(path),
                    row,
                    record["_column"],
                    record["old_la_code"],
                    "no EES file has this LA number, so it has no new code",
                )
            )
            continue
        record["area_code"] = new
        if record["area_name"] is None:
            record["area_name"] = _current_code(
                codes, "old_la_code", record["old_la_code"], "la_name"
            )
    if problems:
        raise InputError(problems)

    result = pd.DataFrame.from_records(records)
    result["rank"] = result["rank"].astype("int64")
    for name in NEIGHBOUR_COLUMNS[1:]:
        values = result[name]
        result[name] = values.astype(str).where(values.notna())
    return result[list(NEIGHBOUR_COLUMNS)]


def _neighbour_rows(book, source: str):
    """The sheet's title, the name column, the SN1..SN10 columns and the main table's rows
    (spreadsheet row number, LA number, cells) of a neighbour workbook."""
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for index, cells in enumerate(rows[:20]):
            heads = [str(c).strip().lower() if c is not None else "" for c in cells]
            if all(f"sn{k}" in heads for k in range(1, 11)):
                sn_cols = [heads.index(f"sn{k}") for k in range(1, 11)]
                number_col = next((i for i, h in enumerate(heads) if h == "la num"), 0)
                name_col = next((i for i, h in enumerate(heads) if h == "la name"), 1)
                table = []
                for row, data in enumerate(rows[index + 1 :], start=index + 2):
                    code = _old_code(data[number_col] if number_col < len(data) else None)
                    if code is None:
                        break
                    table.append((row, code, data))
                return sheet.title, name_col, sn_cols, table
    raise InputError(
        [Problem(source, None, None, None, "no sheet has a header row with columns SN1 to SN10")]
    )


# --- combining releases -------------------------------------------------------------------

DIFFERENCE_COLUMNS = (
    "measure_key",
    "area_code",
    "time_period",
    "older_value",
    "older_symbol",
    "older_source",
    "newer_value",
    "newer_symbol",
    "newer_source",
)
"""Columns of the table of differences between releases."""


def combine_releases(parts: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Put together the same measure from several releases, the newest winning.

    Parameters
    ----------
    parts : sequence of pandas.DataFrame
        One frame per release, oldest first, each with at least ``measure_key``,
        ``area_code``, ``time_period``, ``period_start``, ``period_end``, ``value``,
        ``symbol`` and ``source``.

    Returns
    -------
    combined : pandas.DataFrame
        Every row of every part, except that where several parts have the same measure, area
        and period (same first and last day), only the row from the latest part is kept.
    differences : pandas.DataFrame
        Columns :data:`DIFFERENCE_COLUMNS`: one row for each older figure that was replaced
        by a different one (a different value, or a symbol instead of a value, or another
        symbol). Empty when the releases agree.
    """
    key = ["measure_key", "area_code", "period_start", "period_end"]
    frames = [part.assign(_order=order) for order, part in enumerate(parts) if not part.empty]
    if not frames:
        empty = parts[0].iloc[0:0] if parts else pd.DataFrame()
        return empty.copy(), _no_differences()
    stacked = pd.concat(frames, ignore_index=True)
    stacked = stacked.sort_values("_order", kind="stable")
    newest = stacked.drop_duplicates(key, keep="last")

    older = stacked.drop(newest.index)
    differences = _no_differences()
    if not older.empty:
        pairs = older.merge(newest, on=key, suffixes=("_old", "_new"))
        same_symbol = pairs["symbol_old"].fillna("") == pairs["symbol_new"].fillna("")
        both_empty = pairs["value_old"].isna() & pairs["value_new"].isna()
        close = (pairs["value_old"] - pairs["value_new"]).abs() <= 1e-9 * pairs[
            ["value_old", "value_new"]
        ].abs().max(axis=1).clip(lower=1)
        differ = ~(same_symbol & (both_empty | close))
        if differ.any():
            d = pairs[differ]
            differences = pd.DataFrame(
                {
                    "measure_key": d["measure_key"],
                    "area_code": d["area_code"],
                    "time_period": d["time_period_new"],
                    "older_value": d["value_old"],
                    "older_symbol": d["symbol_old"],
                    "older_source": d["source_old"],
                    "newer_value": d["value_new"],
                    "newer_symbol": d["symbol_new"],
                    "newer_source": d["source_new"],
                }
            ).reset_index(drop=True)
    combined = newest.drop(columns="_order").sort_index().reset_index(drop=True)
    return combined, differences


def _no_differences() -> pd.DataFrame:
    return pd.DataFrame(
        {
            name: pd.Series([], dtype="float64" if "value" in name else str)
            for name in DIFFERENCE_COLUMNS
        }
    )


# --- the extract --------------------------------------------------------------------------


def build_extract(dfe_dir: str | Path, **options) -> pd.DataFrame:
    """Build the benchmarks table from the published files.

    For each measure in ``sources``, the figures for England, the region, the area and the
    area's ten statistical neighbours are extracted from each release and combined, the newer
    release winning where they overlap (a :class:`ReleaseDifferenceWarning` lists any figures
    on which they disagree).

    Parameters
    ----------
    dfe_dir : str or Path
        Folder holding one subfolder per release (``ry2022/``, ``ry2025/``) and the neighbour
        workbooks.
    area_code : str
        ONS code of the local authority, e.g. ``"E08000018"`` (Rotherham).
    region_code : str or None
        ONS code of its region, e.g. ``"E12000003"`` (Yorkshire and The Humber). None takes
        it from the files; a code that the files contradict is an error.
    neighbour_workbook : str or Path
        The statistical neighbour workbook, relative to ``dfe_dir`` unless absolute.
        The default, the April 2021 set, was in force when the WSoA was written.
    country_code : str
        Code of the National rows, England.
    sources, periods, releases, publication
        What to extract and how to describe it: see :data:`MEASURE_SOURCES`,
        :data:`MEASURE_PERIODS`, :data:`RELEASES` and :data:`PUBLICATION`.

    Returns
    -------
    pandas.DataFrame
        The benchmarks table, columns in the order of
        :data:`wsoa_analysis.inputs.schema.BENCHMARKS`, sorted by measure, geographic level
        (National, Regional, Local authority), area code and period. Figures are as
        published (not re-rounded), symbols are kept, and each area carries the name of its
        most recent published row throughout.

    Raises
    ------
    InputError
        For problems in the published files (see :func:`extract_measure`).
    ParameterError
        For a source naming an unknown release, unit or transform, or an area that is not in
        the files.
    """
    benchmarks, _ = extract_tables(dfe_dir, **options)
    return benchmarks


def extract_tables(
    dfe_dir: str | Path,
    area_code: str = "E08000018",
    region_code: str | None = "E12000003",
    neighbour_workbook: str | Path = "sn_april_2021.xlsx",
    *,
    country_code: str = ENGLAND,
    sources: Sequence[MeasureSource] = MEASURE_SOURCES,
    periods: Mapping[str, tuple[date, date]] = MEASURE_PERIODS,
    releases: Sequence[Release] = RELEASES,
    publication: str = PUBLICATION,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The benchmarks and the statistical neighbours tables (options as for
    :func:`build_extract`, whose documentation describes them)."""
    dfe_dir = Path(dfe_dir)
    order = {release.folder: i for i, release in enumerate(releases)}
    labels = {release.folder: release.label for release in releases}
    for spec in sources:
        if spec.release not in order:
            raise ParameterError(
                f"{spec.measure_key}: release {spec.release!r} is not one of {', '.join(order)}"
            )
        if spec.unit not in UNITS:
            raise ParameterError(
                f"{spec.measure_key}: unit {spec.unit!r} is not one of {', '.join(UNITS)}"
            )
        if spec.transform not in TRANSFORMS:
            raise ParameterError(
                f"{spec.measure_key}: transform {spec.transform!r} is not "
                f"one of {', '.join(TRANSFORMS)}"
            )

    tables = {}
    for spec in sources:
        where = (spec.release, spec.file)
        if where not in tables:
            tables[where] = read_ees_csv(dfe_dir / spec.release / spec.file)

    codes = la_codes(tables.values())
    try:
        old_code = _current_code(codes, "new_la_code", area_code, "old_la_code")
    except ValueError as exc:
        raise ParameterError(f"area {area_code}: {exc}") from None
    if old_code is None:
        raise ParameterError(f"area {area_code} is not a local authority in any of the files")
    region_code = _check_region(tables.values(), area_code, region_code)

    workbook = Path(neighbour_workbook)
    if not workbook.is_absolute():
        workbook = dfe_dir / workbook
    neighbours = statistical_neighbours(workbook, old_code, codes)

    wanted = {("National", country_code), ("Regional", region_code), ("Local authority", area_code)}
    wanted |= {("Local authority", code) for code in neighbours["area_code"]}

    by_measure: dict[str, list[tuple[int, pd.DataFrame]]] = {}
    for spec in sources:
        long = extract_measure(tables[(spec.release, spec.file)], spec.column, spec.filters)
        keep = [
            (level, code) in wanted
            for level, code in zip(long["geographic_level"], long["area_code"], strict=True)
        ]
        long = long[keep]
        if spec.measure_key in periods:
            first, last = (pd.Timestamp(d) for d in periods[spec.measure_key])
            long = long[(long["period_start"] >= first) & (long["period_end"] <= last)]
        function, note = TRANSFORMS[spec.transform]
        described = f"DfE, {publication}, {labels[spec.release]}, {spec.file}, {spec.column}" + (
            f"; {note}" if note else ""
        )
        long = long.assign(
            measure_key=spec.measure_key,
            value=function(long["value"]),
            unit=spec.unit,
            source=described,
        )
        by_measure.setdefault(spec.measure_key, []).append((order[spec.release], long))

    pieces, differences = [], []
    for measure, parts in by_measure.items():
        parts = [frame for _, frame in sorted(parts, key=lambda item: item[0])]
        combined, differ = combine_releases(parts)
        missing = sorted(code for level, code in wanted if code not in set(combined["area_code"]))
        if missing:
            raise ParameterError(f"{measure}: no figures for {', '.join(missing)} in any release")
        pieces.append(combined)
        differences.append(differ)

    differences = pd.concat(differences, ignore_index=True) if differences else _no_differences()
    if not differences.empty:
        shown = "; ".join(
            f"{d.measure_key} {d.area_code} {d.time_period}: "
            f"{_shown(d.older_value, d.older_symbol)} ({d.older_source}) replaced by "
            f"{_shown(d.newer_value, d.newer_symbol)}"
            for d in differences.head(10).itertuples()
        )
        more = f" and {len(differences) - 10} more" if len(differences) > 10 else ""
        warnings.warn(
            f"The releases disagree on {len(differences)} figure(s); the newer "
            f"release is used: {shown}{more}",
            ReleaseDifferenceWarning,
            stacklevel=3,
        )

    benchmarks = pd.concat(pieces, ignore_index=True)
    # Files name the same area differently ("Durham", "County Durham"); areas are matched on
    # codes, and each is shown under the name of its most recent published row.
    newest_name = (
        benchmarks.sort_values("period_end", kind="stable")
        .drop_duplicates("area_code", keep="last")
        .set_index("area_code")["area_name"]
    )
    benchmarks["area_name"] = benchmarks["area_code"].map(newest_name)
    benchmarks["_level"] = benchmarks["geographic_level"].map(
        {level: i for i, level in enumerate(LEVELS)}
    )
    benchmarks = (
        benchmarks.sort_values(
            ["measure_key", "_level", "area_code", "period_start"], kind="stable"
        )
        .drop(columns="_level")
        .reset_index(drop=True)
    )
    return benchmarks[BENCHMARKS.column_names], neighbours


def _shown(value: float, symbol) -> str:
    if isinstance(symbol, str):
        return repr(symbol)
    return "empty" if math.isnan(value) else f"{value:g}"


def _check_region(tables, area_code: str, region_code: str | None) -> str:
    """The region of the area, checked against the files (or taken from them)."""
    seen = set()
    for table in tables:
        if not {"new_la_code", "region_code"} <= set(table.columns):
            continue
        rows = table[table["new_la_code"].str.strip() == area_code]
        seen |= {code.strip() for code in rows["region_code"] if code.strip()}
    if region_code is None:
        if len(seen) != 1:
            raise ParameterError(
                f"the region of {area_code} cannot be taken from the files "
                f"(found: {', '.join(sorted(seen)) or 'none'}); give it"
            )
        return seen.pop()
    if seen and region_code not in seen:
        raise ParameterError(
            f"the files place {area_code} in {', '.join(sorted(seen))}, not {region_code}"
        )
    return region_code


def write_extract(dfe_dir: str | Path, data_dir: str | Path, **options) -> tuple[Path, Path]:
    """Build the extract and write it to the data folder.

    Parameters
    ----------
    dfe_dir : str or Path
        Folder of the published files (see :func:`build_extract`).
    data_dir : str or Path
        Folder to write to; created if missing.
    **options
        Passed to :func:`build_extract` (``area_code``, ``region_code``,
        ``neighbour_workbook`` and so on).

    Returns
    -------
    tuple of Path
        ``benchmarks.csv`` (the benchmarks table, ISO dates) and
        ``statistical_neighbours.csv`` (columns :data:`NEIGHBOUR_COLUMNS`).
    """
    benchmarks, neighbours = extract_tables(dfe_dir, **options)

    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    out = benchmarks.copy()
    for name in ("period_start", "period_end"):
        out[name] = out[name].dt.strftime("%Y-%m-%d")
    out["value"] = [_figure_text(v) for v in out["value"]]
    benchmarks_path = data_dir / "benchmarks.csv"
    out.to_csv(benchmarks_path, index=False, lineterminator="\n")
    neighbours_path = data_dir / "statistical_neighbours.csv"
    neighbours.to_csv(neighbours_path, index=False, lineterminator="\n")
    return benchmarks_path, neighbours_path


def _figure_text(value: float) -> str:
    """A value as written to CSV: whole numbers without ``.0``, others in full."""
    if math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() else repr(value)
