"""Published comparators: which figure was current at a reporting date, and averages over the
statistical neighbours."""

from __future__ import annotations

import math

import pandas as pd

from wsoa_analysis.config.settings import Area
from wsoa_analysis.domain.periods import financial_year_label, to_date

ENGLAND = "E92000001"
NEIGHBOURS_LABEL = "Statistical neighbours (average)"


def published_period_label(period_start, period_end) -> str:
    """``2022`` for a calendar year, ``2022/23 academic year``, ``2022/23 financial year``."""
    start, end = to_date(period_start), to_date(period_end)
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.month == 9 and end.month == 8:
        return f"{financial_year_label(start.year)} academic year"
    if start.month == 4 and end.month == 3:
        return f"{financial_year_label(start.year)} financial year"
    return f"{start:%b %Y} to {end:%b %Y}"


def latest_published(
    benchmarks: pd.DataFrame, measure_key: str, area_code: str, as_of
) -> pd.Series | None:
    """The latest published row for a measure and area whose period ended on or before
    ``as_of`` (a suppressed figure is returned with its symbol), or None."""
    rows = benchmarks[
        (benchmarks["measure_key"] == measure_key)
        & (benchmarks["area_code"] == area_code)
        & (benchmarks["period_end"] <= to_date(as_of))
    ]
    if rows.empty:
        return None
    return rows.sort_values("period_end", kind="stable").iloc[-1]


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


def comparators_at(benchmarks: pd.DataFrame, measure_key: str, as_of, area: Area) -> pd.DataFrame:
    """The comparators current at ``as_of``: England, the region, the area itself and the
    statistical-neighbour average, each with its value (or symbol), period and source."""
    rows = []
    for code, label in ((ENGLAND, "England"), (area.region_code, None), (area.code, None)):
        if not code:
            continue
        row = latest_published(benchmarks, measure_key, code, as_of)
        if row is None:
            continue
        rows.append(
            {
                "area": label or row["area_name"],
                "area_code": code,
                "value": float(row["value"]) if pd.notna(row["value"]) else math.nan,
                "symbol": row.get("symbol") if pd.notna(row.get("symbol")) else "",
                "period": published_period_label(row["period_start"], row["period_end"]),
                "period_end": row["period_end"],
                "source": row["source"],
            }
        )
    codes = area.statistical_neighbours.codes
    if codes:
        avg = neighbour_average(benchmarks, measure_key, codes)
        avg = avg[avg["period_end"] <= to_date(as_of)]
        if not avg.empty:
            last = avg.sort_values("period_end").iloc[-1]
            src = benchmarks.loc[benchmarks["measure_key"] == measure_key, "source"].iloc[-1]
            rows.append(
                {
                    "area": NEIGHBOURS_LABEL,
                    "area_code": "",
                    "value": float(last["value"]),
                    "symbol": "",
                    "period": published_period_label(last["period_start"], last["period_end"]),
                    "period_end": last["period_end"],
                    "source": f"{src}; average of {int(last['areas'])} of {len(codes)} "
                    f"statistical neighbours ({area.statistical_neighbours.source})",
                }
            )
    return pd.DataFrame(
        rows, columns=["area", "area_code", "value", "symbol", "period", "period_end", "source"]
    )


def comparator_series(benchmarks: pd.DataFrame, measure_key: str, area: Area) -> pd.DataFrame:
    """Long series for charts: ``series`` (England, region, the area, neighbours average),
    ``period_end`` and ``value``."""
    parts = []
    for code in (ENGLAND, area.region_code, area.code):
        rows = benchmarks[
            (benchmarks["measure_key"] == measure_key)
            & (benchmarks["area_code"] == code)
            & benchmarks["value"].notna()
        ]
        if not rows.empty:
            name = "England" if code == ENGLAND else rows["area_name"].iloc[0]
            parts.append(
                rows.assign(series=f"{name} (published)")[
                    ["series", "period_start", "period_end", "value"]
                ]
            )
    if area.statistical_neighbours.codes:
        avg = neighbour_average(benchmarks, measure_key, area.statistical_neighbours.codes)
        if not avg.empty:
            parts.append(
                avg.assign(series=f"{NEIGHBOURS_LABEL} (published)")[
                    ["series", "period_start", "period_end", "value"]
                ]
            )
    if not parts:
        return pd.DataFrame(columns=["series", "period_start", "period_end", "value"])
    out = pd.concat(parts, ignore_index=True)
    return out.assign(value=out["value"].astype("float64"))
