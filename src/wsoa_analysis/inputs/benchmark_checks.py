"""Checks on the published statistics: each benchmarks row on its own (a value or a symbol, a
period of its kind), the rows against the release calendar (``dfe_releases``: the release
exists, its date and the first publication agree with the calendar), and the measures' keys
into the benchmarks.

Like :mod:`~wsoa_analysis.inputs.checks`, every check returns
:class:`~wsoa_analysis.errors.Problem` records naming file, row, column and value.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs import schema
from wsoa_analysis.inputs.read import sheet_row
from wsoa_analysis.inputs.release_calendar import Calendar

# (first month, first day) and length in months of each kind of year; a census is a month
_YEARS = {
    "calendar_year": ((1, 1), 12, "1 January to 31 December"),
    "academic_year": ((9, 1), 12, "1 September to 31 August"),
    "financial_year": ((4, 1), 12, "1 April to 31 March"),
    "census": (None, 1, "the first to the last day of the census month"),
}


def _plain(row: pd.Series) -> dict:
    return {c: (None if pd.isna(v) else v) for c, v in row.items()}


def _day(value) -> str:
    return "" if value is None else str(pd.Timestamp(value).date())


def _fits_kind(kind: str, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    first, months, _ = _YEARS[kind]
    if first is not None and (start.month, start.day) != first:
        return False
    if start.day != 1:
        return False
    return end == start + pd.DateOffset(months=months) - pd.Timedelta(days=1)


def _row_problems(b: dict, source: str, row: int) -> list[Problem]:
    p = []
    if b["value"] is None and b.get("symbol") is None:
        p.append(
            Problem(
                source, row, "value", None, "needs a value or a published symbol (c, x, z, low, u)"
            )
        )
    if b.get("symbol") is not None and b["symbol"] not in schema.BENCHMARK_SYMBOLS:
        p.append(
            Problem(
                source, row, "symbol", b["symbol"], "is not a published symbol (c, x, z, low, u)"
            )
        )
    start, end, kind = b["period_start"], b["period_end"], b.get("period_kind")
    if start is not None and end is not None and start > end:
        p.append(Problem(source, row, "period_end", _day(end), "is before period_start"))
    elif start is not None and end is not None and kind in _YEARS:
        if not _fits_kind(kind, start, end):
            p.append(
                Problem(
                    source,
                    row,
                    "period_kind",
                    kind,
                    f"is a period from {_YEARS[kind][2]}, not {_day(start)} to {_day(end)}",
                )
            )
    return p


def _release_problems(b: dict, calendar: Calendar, source: str, row: int) -> list[Problem]:
    """A row's release and first publication against the calendar."""
    pub, release, end = b["publication"], b["release"], b["period_end"]
    if pub is None or release is None or end is None:
        return []  # a missing value was reported when the cell was parsed
    listed = calendar.published_on(pub, release)
    if listed is None:
        return [Problem(source, row, "release", release, f"is not in dfe_releases for {pub!r}")]
    p = []
    if b["published_on"] is not None and b["published_on"] != listed:
        p.append(
            Problem(
                source,
                row,
                "published_on",
                _day(b["published_on"]),
                f"dfe_releases gives {_day(listed)} for {release}",
            )
        )
    if listed <= end:
        p.append(
            Problem(
                source,
                row,
                "release",
                release,
                f"was published on {_day(listed)}, by the end of the period ({_day(end)}): a "
                "figure is published after its period ends",
            )
        )
    return p + _first_release_problems(b, calendar.first_release(pub, end), source, row)


def _first_release_problems(b: dict, first, source: str, row: int) -> list[Problem]:
    """``first_release`` and ``first_published_on`` against the calendar's answer ``first``
    (None where it cannot say)."""
    pub, given = b["publication"], b["first_release"]
    if first is None:
        if given is None and b["first_published_on"] is None:
            return []
        message = (
            f"the period ended ({_day(b['period_end'])}) before the first release of {pub} in "
            "dfe_releases was published, so which release first published the figure is not "
            "known: leave first_release and first_published_on empty"
        )
        return [Problem(source, row, "first_release", given, message)]
    if given != first[0]:
        message = (
            f"the first release of {pub} published after the period ended "
            f"({_day(b['period_end'])}) is {first[0]}, by dfe_releases"
        )
        return [Problem(source, row, "first_release", given, message)]
    if b["first_published_on"] != first[1]:
        message = f"dfe_releases gives {_day(first[1])} for {first[0]}"
        return [Problem(source, row, "first_published_on", _day(b["first_published_on"]), message)]
    return []


def _key_problems(kpis: pd.DataFrame, keys: set, source: str) -> list[Problem]:
    p = []
    for column in ("comparator_key", "related_key"):
        if column not in kpis:
            continue
        for i, key in kpis[column].dropna().items():
            if key not in keys:
                p.append(Problem(source, sheet_row(i), column, key, "has no rows in benchmarks"))
    if "related_key" in kpis:
        same = kpis[kpis["related_key"].notna() & (kpis["related_key"] == kpis["comparator_key"])]
        p += [
            Problem(
                source,
                sheet_row(i),
                "related_key",
                key,
                "is also the comparator_key: a published figure is either defined as the "
                "measure is (comparator_key) or only related to it (related_key), not both",
            )
            for i, key in same["related_key"].items()
        ]
    return p


def check_benchmarks(
    bm: pd.DataFrame, kpis: pd.DataFrame, calendar: pd.DataFrame, src: dict[str, str]
) -> list[Problem]:
    """Every benchmarks row on its own and against the release calendar, and the measures'
    keys into the benchmarks."""
    p = []
    for i, b in bm.iterrows():
        p += _row_problems(_plain(b), src["benchmarks"], sheet_row(i))
    if len(bm) and calendar.empty and not calendar.attrs.get("unreadable"):
        p.append(
            Problem(
                src["benchmarks"],
                None,
                "release",
                None,
                "cites releases, but there is no dfe_releases table saying when each was "
                "published: add dfe_releases.csv beside it",
            )
        )
    elif not calendar.empty:
        index = Calendar(calendar)
        for i, b in bm.iterrows():
            p += _release_problems(_plain(b), index, src["benchmarks"], sheet_row(i))
    return p + _key_problems(kpis, set(bm["measure_key"].dropna()), src["kpis"])
