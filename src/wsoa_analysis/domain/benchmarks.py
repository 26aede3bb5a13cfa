"""Published comparators: which figure was current at a reporting date, averages over the
statistical neighbours, and which comparators a measure's chart and scorecard show.

Comparators are told apart by ``kind`` (``england``, ``region``, ``area``, ``neighbours``) and
``area_code``, never by their display ``label``: an area whose name begins another area's name
(York, Yorkshire and The Humber), or whose settings name differs from the name DfE uses, still
gets the right figures.
"""

from __future__ import annotations

import math

import pandas as pd

from wsoa_analysis.config.settings import Area
from wsoa_analysis.dates import month_year
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import (
    financial_year_label,
    latest_on_or_before,
    on_or_before,
    to_date,
)

ENGLAND = "E92000001"
NEIGHBOURS_LABEL = "Statistical neighbours (average)"

ENGLAND_KIND, REGION_KIND, AREA_KIND, NEIGHBOURS_KIND = "england", "region", "area", "neighbours"
KINDS = (ENGLAND_KIND, REGION_KIND, AREA_KIND, NEIGHBOURS_KIND)

SERIES_COLUMNS = ["kind", "area_code", "label", "series", "period_start", "period_end", "value"]
AT_COLUMNS = [
    "kind",
    "area_code",
    "label",
    "value",
    "symbol",
    "period",
    "period_end",
    "source",
]


def comparator_kinds(unit: str) -> tuple[str, ...]:
    """The comparators a measure in ``unit`` is shown against, the scorecard's first.

    Only a percentage can be compared across areas of different sizes: a percentage is shown
    against England, the region and the statistical neighbours (the area's own published
    figure would repeat its local series); a count or a rate only against the area's own
    published figure, never England.

    >>> comparator_kinds("percent"), comparator_kinds("count")
    (('england', 'region', 'neighbours'), ('area',))
    """
    if unit == "percent":
        return (ENGLAND_KIND, REGION_KIND, NEIGHBOURS_KIND)
    return (AREA_KIND,)


def _coded_kinds(area: Area) -> list[tuple[str, str]]:
    """(kind, area code) of the comparators that have a code of their own, where known."""
    pairs = [(ENGLAND_KIND, ENGLAND), (REGION_KIND, area.region_code), (AREA_KIND, area.code)]
    return [(kind, code) for kind, code in pairs if code]


def published_period_label(period_start, period_end) -> str:
    """``2022`` for a calendar year, ``2022/23 academic year``, ``2022/23 financial year``.

    >>> published_period_label("2022-09-01", "2023-08-31")
    '2022/23 academic year'
    """
    start, end = to_date(period_start), to_date(period_end)
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.month == 9 and end.month == 8:
        return f"{financial_year_label(start.year)} academic year"
    if start.month == 4 and end.month == 3:
        return f"{financial_year_label(start.year)} financial year"
    return f"{month_year(start)} to {month_year(end)}"


def latest_published(
    benchmarks: pd.DataFrame, measure_key: str, area_code: str, as_of
) -> pd.Series | None:
    """The latest published row for a measure and area whose period ended on or before
    ``as_of`` (a suppressed figure is returned with its symbol), or None."""
    rows = benchmarks[
        (benchmarks["measure_key"] == measure_key) & (benchmarks["area_code"] == area_code)
    ]
    latest = latest_on_or_before(rows, as_of)
    return None if latest.empty else latest.iloc[0]


def neighbour_average(benchmarks: pd.DataFrame, measure_key: str, codes: list[str]) -> pd.DataFrame:
    """Simple average of the statistical neighbours' published figures, per period.

    Figures withheld (``c``, ``x``...) are left out; ``areas`` says how many were averaged.
    """
    rows = benchmarks[
        (benchmarks["measure_key"] == measure_key)
        & benchmarks["area_code"].isin(codes)
        & benchmarks["value"].notna()
    ]
    if rows.empty:
        return pd.DataFrame(columns=["period_start", "period_end", "value", "areas"])
    out = rows.groupby(["period_start", "period_end"], as_index=False).agg(
        value=("value", "mean"), areas=("area_code", "nunique")
    )
    return out.assign(value=out["value"].astype("float64"))


def _label(kind: str, area_name) -> str:
    """What a reader sees for a comparator: DfE's own name for a region or area."""
    if kind == ENGLAND_KIND:
        return "England"
    if kind == NEIGHBOURS_KIND:
        return NEIGHBOURS_LABEL
    return str(area_name)


def comparators_at(benchmarks: pd.DataFrame, measure_key: str, as_of, area: Area) -> pd.DataFrame:
    """The comparators current at ``as_of``: England, the region, the area itself and the
    statistical-neighbour average, each with its ``kind``, ``area_code`` (empty for the
    neighbours), ``label``, value (or symbol), period and source."""
    rows = []
    for kind, code in _coded_kinds(area):
        row = latest_published(benchmarks, measure_key, code, as_of)
        if row is None:
            continue
        label = _label(kind, row["area_name"])
        rows.append(
            {
                "kind": kind,
                "area_code": code,
                "label": label,
                "value": float(row["value"]) if pd.notna(row["value"]) else math.nan,
                "symbol": "" if is_missing(row.get("symbol")) else row.get("symbol"),
                "period": published_period_label(row["period_start"], row["period_end"]),
                "period_end": row["period_end"],
                "source": row["source"],
            }
        )
    codes = area.statistical_neighbours.codes
    if codes:
        avg = latest_on_or_before(neighbour_average(benchmarks, measure_key, codes), as_of)
        if not avg.empty:
            last = avg.iloc[0]
            src = benchmarks.loc[benchmarks["measure_key"] == measure_key, "source"].iloc[-1]
            rows.append(
                {
                    "kind": NEIGHBOURS_KIND,
                    "area_code": "",
                    "label": NEIGHBOURS_LABEL,
                    "value": float(last["value"]),
                    "symbol": "",
                    "period": published_period_label(last["period_start"], last["period_end"]),
                    "period_end": last["period_end"],
                    "source": f"{src}; average of {int(last['areas'])} of {len(codes)} "
                    f"statistical neighbours ({area.statistical_neighbours.source})",
                }
            )
    return pd.DataFrame(rows, columns=AT_COLUMNS)


def scorecard_comparator(comparators: pd.DataFrame, unit: str) -> pd.Series | None:
    """The one comparator a scorecard row shows, from :func:`comparators_at`: England for a
    percentage, the area's own published figure for a count or rate; None where not
    published."""
    shown = comparators[comparators["kind"] == comparator_kinds(unit)[0]]
    return None if shown.empty else shown.iloc[0]


def comparator_series(benchmarks: pd.DataFrame, measure_key: str, area: Area) -> pd.DataFrame:
    """Long series for charts, every period: ``kind``, ``area_code`` (empty for the
    neighbours), ``label``, ``series`` (the label with " (published)"), ``period_start``,
    ``period_end`` and ``value``. Withheld figures are left out."""
    parts = []
    for kind, code in _coded_kinds(area):
        rows = benchmarks[
            (benchmarks["measure_key"] == measure_key)
            & (benchmarks["area_code"] == code)
            & benchmarks["value"].notna()
        ]
        if not rows.empty:
            parts.append(
                rows.assign(
                    kind=kind, area_code=code, label=_label(kind, rows["area_name"].iloc[0])
                )
            )
    if area.statistical_neighbours.codes:
        avg = neighbour_average(benchmarks, measure_key, area.statistical_neighbours.codes)
        if not avg.empty:
            parts.append(avg.assign(kind=NEIGHBOURS_KIND, area_code="", label=NEIGHBOURS_LABEL))
    if not parts:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out = out.assign(series=out["label"] + " (published)", value=out["value"].astype("float64"))
    return out[SERIES_COLUMNS]


def chart_comparators(
    benchmarks: pd.DataFrame, measure_key, area: Area, reporting_date, unit: str, since=None
) -> pd.DataFrame:
    """The published series a measure's chart shows: the kinds :func:`comparator_kinds`
    gives for its unit, for periods ending on or before the reporting date (and on or after
    ``since`` where given). Columns as :func:`comparator_series`; empty where the measure has
    no comparator key."""
    if is_missing(measure_key) or measure_key == "":
        return pd.DataFrame(columns=SERIES_COLUMNS)
    comp = comparator_series(benchmarks, measure_key, area)
    comp = on_or_before(comp, reporting_date, since=since)
    return comp[comp["kind"].isin(comparator_kinds(unit))].reset_index(drop=True)
