"""What a measure's rating judges: its latest value, or the average of its last N periods
(``kpis.judged_by``: ``latest`` or ``mean_of_N``), and, for a target "in line with the
national average", the published national figure for the same period.

A measure that swings from month to month (requests for assessment) is judged on an average
so that one quiet month does not read as the target met; the scorecard shows which beside the
rating. Everything the scorecard derives from a value (rating, progress, direction of travel)
is derived from the judged value, so they never disagree.
"""

from __future__ import annotations

import math

import pandas as pd

from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import period_label, period_start, shift_period_end
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs.schema import periods_judged

#: A period's name in words, one and many.
PERIOD_NOUNS = {
    "monthly": ("month", "months"),
    "quarterly": ("quarter", "quarters"),
    "half_yearly": ("half-year", "half-years"),
    "academic_year": ("academic year", "academic years"),
    "financial_year": ("financial year", "financial years"),
    "calendar_year": ("year", "years"),
    "termly": ("term", "terms"),
    "january_census": ("census", "censuses"),
}

ASSUMED = "(assumed)"


def periods_of(kpi) -> int:
    """How many periods a measure's judged value covers: 1 for its latest value.

    >>> periods_of({"judged_by": "mean_of_12"}), periods_of({"judged_by": None})
    (12, 1)
    """
    text = kpi.get("judged_by")
    n = periods_judged(text)
    if n is None:
        raise ParameterError(f"judged_by {text!r} is not latest or mean_of_N (e.g. mean_of_12)")
    return n


def judged_values(values: pd.DataFrame, frequency: str, n: int) -> pd.DataFrame:
    """The values a measure is judged on, one per period end: the values themselves where
    ``n`` is 1, else the average of the ``n`` periods ending at each period end. An average
    needs every one of its periods: where one has no value there is none; where one is
    withheld (small numbers) the average is withheld too, since it and the other values
    would give the withheld one away. Keeps the columns of ``values``."""
    if n == 1 or values.empty:
        return values
    by_end = values.set_index("period_end")
    rows = []
    for end in by_end.index:
        window = [shift_period_end(end, frequency, -k) for k in range(n)]
        if not all(w in by_end.index for w in window):
            continue
        part = by_end.loc[window]
        symbols = [s for s in part["symbol"] if s]
        if not symbols and part["value"].isna().any():
            continue
        row = by_end.loc[end].to_dict() | {
            "period_end": end,
            "value": math.nan if symbols else float(part["value"].mean()),
            "numerator": math.nan,
            "denominator": math.nan,
            "symbol": symbols[0] if symbols else "",
            "synthetic": bool(part["synthetic"].any()),
        }
        rows.append(row)
    return pd.DataFrame(rows, columns=values.columns)


def judged_period(end, frequency: str, n: int) -> str:
    """The period a judged value is for: ``Jun 2023``, or for an average ``average of the 12
    months to Jun 2023``."""
    label = period_label(end, frequency)
    if n == 1:
        return label
    return f"average of the {n} {PERIOD_NOUNS[frequency][1]} to {label}"


def judged_on(kpi, n: int) -> str:
    """What the rating judges, in a few words for beside it (``judged on its latest
    quarter``); empty for a target with no number (nothing is judged)."""
    kind, freq = kpi["target_kind"], kpi["frequency"]
    if kind in ("reduce", "increase", "to_be_set"):
        return ""
    one, many = PERIOD_NOUNS[freq]
    if kind == "national_average":
        return "judged against the national figure for the same period"
    if kind == "month_on_month":
        return f"judged on its latest {one} against the one before"
    if n == 1:
        return f"judged on its latest {one}"
    return f"judged on the average of its last {n} {many}"


def baseline_period(kpi, n: int = 1) -> str:
    """The baseline's period as shown, marked ``(assumed)`` where the WSoA does not state it
    (``kpis.baseline_period_assumed``); empty where there is no baseline date."""
    if is_missing(kpi["baseline_date"]):
        return ""
    label = judged_period(kpi["baseline_date"], kpi["frequency"], n)
    assumed = kpi.get("baseline_period_assumed")
    return f"{label} {ASSUMED}" if not is_missing(assumed) and bool(assumed) else label


def national_figure(benchmarks: pd.DataFrame, kpi, end, as_of) -> pd.Series | None:
    """The national (England) figure published by ``as_of`` for the same period as a value
    ending ``end`` (same first and last day), or None: the figure a target "in line with the
    national average or better" is judged against."""
    key = kpi.get("comparator_key")
    if is_missing(key) or is_missing(end) or benchmarks.empty:
        return None
    rows = benchmarks[(benchmarks["measure_key"] == key) & (benchmarks["area_code"] == bm.ENGLAND)]
    start = period_start(end, kpi["frequency"])
    rows = rows[(rows["period_end"] == pd.Timestamp(end)) & (rows["period_start"] == start)]
    if rows.empty:
        return None
    shown = bm.published_by(rows, as_of)
    shown = shown[shown["value"].notna()]
    return None if shown.empty else shown.iloc[-1]
