"""The scorecard: every key impact measure's values, and one row per measure for a reporting
date with its latest value, progress, rating, direction of travel and published comparator.

A row's ``latest_value`` is the value the rating judges (``judged_by``: the latest value,
or the average of the last N periods, with ``judged_on`` in words and ``latest_period``
naming the periods), and its progress and directions of travel are worked out from the same
judged values. Where the value before is the baseline's period, the baseline is it.

A row carries what its chart and caption need to show exactly what the rating used:
``baseline_used`` (the stated baseline, or the first recorded value where the WSoA gives none
and the settings allow it; ``baseline_from_first_value`` says which), ``baseline_used_date``
and ``baseline_used_period`` (marked "(assumed)" where the WSoA does not state it),
``target_value`` and ``target_date_used`` (the target date, or the plan's end);
:func:`trajectory_line` gives the line itself, stepping by the measure's own period."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from wsoa_analysis.config.settings import AreaSettings
from wsoa_analysis.dates import month_year
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain import judging as jd
from wsoa_analysis.domain import units
from wsoa_analysis.domain.missing import is_missing
from wsoa_analysis.domain.periods import (
    latest_on_or_before,
    on_or_before,
    previous_period_end,
    to_date,
    year_earlier,
)
from wsoa_analysis.domain.rating import (
    ONLY_WHERE_USED,
    RATING_ORDER,
    RATINGS,
    RatingResult,
    baseline_for,
    rate,
    target_date_for,
)
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.targets import (
    direction_of_travel,
    effective_target,
    progress_percent,
    trajectory_points,
)
from wsoa_analysis.domain.values import measure_values
from wsoa_analysis.inputs.load import Dataset


def target_label(kpi: pd.Series, settings: AreaSettings) -> str:
    """The target in words: ``75%``, ``100% by Jun 2023``, ``Maintain``, ``+20% on baseline``."""
    kind = kpi["target_kind"]
    if units.is_milestone(kpi):
        return f"Done by {month_year(target_date_for(kpi, settings.plan.end_date))}"
    if kind == "absolute":  # written as the measure's figures are (a rate names its per N)
        text = units.format_measure(kpi["target_value"], kpi, compact=True)
        if pd.notna(kpi["target_date"]):
            text += f" by {month_year(kpi['target_date'])}"
        return text
    if kind == "relative":
        tv = float(kpi["target_value"])
        return f"{'+' if tv >= 0 else ''}{tv:g}% on baseline"
    if kind == "maintain":
        if pd.notna(kpi["target_value"]):
            return f"Maintain {units.format_measure(kpi['target_value'], kpi, compact=True)}"
        if pd.notna(kpi.get("baseline_value")):
            level = units.format_measure(kpi["baseline_value"], kpi, compact=True)
            return f"Maintain {level} (baseline)"
        return "Maintain baseline"
    return {
        "reduce": "Reduce",
        "increase": "Increase",
        "month_on_month": "Increase month on month",
        "national_average": "National figure for the same period, or better",
        "to_be_set": "To be set",
    }[kind]


def _value_at(values: pd.DataFrame, end) -> float:
    hit = values.loc[values["period_end"] == end, "value"]
    return float(hit.iloc[0]) if len(hit) else math.nan


_KPI_COLUMNS = (
    "kpi_id",
    "priority_id",
    "title",
    "unit",
    "polarity",
    "frequency",
    "source",
    "method",
    "target_kind",
    "definition",
    "comparator_key",
)
_TRAJECTORY_KINDS = ("absolute", "relative")
#: What a measure's figures are written with besides its unit (``domain.units``).
_UNIT_COLUMNS = ("rate_per", "rate_population", "rate_population_source")


def _draws_trajectory(kpi) -> bool:
    """Whether a measure is judged against a trajectory: a target with a number and a date,
    for a measure that is a line (a milestone is done or not: no trajectory, no progress)."""
    return kpi["target_kind"] in _TRAJECTORY_KINDS and units.draws_line(kpi)


def _earlier_value(known: pd.DataFrame, end, kpi) -> float:
    """The value for the period ending ``end``; where there is none and that period is the
    stated baseline's, the baseline (the value a first change is measured from)."""
    value = _value_at(known, end)
    if math.isnan(value) and not is_missing(kpi["baseline_date"]):
        if pd.Timestamp(kpi["baseline_date"]) == end and not is_missing(kpi["baseline_value"]):
            return float(kpi["baseline_value"])
    return value


def _latest_fields(values: pd.DataFrame, date, kpi, n: int) -> dict:
    """The latest judged value on or before ``date``, the one before it and the one a year
    earlier (all missing where the latest figure is withheld), and its symbol."""
    freq = kpi["frequency"]
    values = values[values["value"].notna() | (values["symbol"] != "")].sort_values("period_end")
    latest = latest_on_or_before(values, date)
    if latest.empty:
        return dict(
            latest_value=math.nan,
            latest_period_end=pd.NaT,
            latest_period="",
            previous_value=math.nan,
            year_ago_value=math.nan,
            synthetic=False,
            latest_symbol="",
        )
    last = latest.iloc[0]
    known = on_or_before(values, date)
    known = known[known["value"].notna()]
    end, withheld = last["period_end"], bool(last["symbol"])
    before = _earlier_value(known, previous_period_end(end, freq), kpi)
    year_ago = _earlier_value(known, year_earlier(end), kpi)
    return dict(
        latest_value=math.nan if withheld else float(last["value"]),
        latest_period_end=end,
        latest_period=jd.judged_period(end, freq, n),
        previous_value=math.nan if withheld else before,
        year_ago_value=math.nan if withheld else year_ago,
        synthetic=bool(last["synthetic"]),
        latest_symbol=last["symbol"],
    )


def _comparator_fields(comparators: pd.DataFrame, unit: str) -> dict:
    shown = bm.scorecard_comparator(comparators, unit)
    if shown is None:
        return dict(
            comparator_value=math.nan,
            comparator_symbol="",
            comparator_period="",
            comparator_area="",
            comparator_source="",
        )
    return dict(
        comparator_value=shown["value"],
        comparator_symbol=shown["symbol"],
        comparator_period=shown["period"],
        comparator_area=shown["label"],
        comparator_source=shown["source"],
    )


def _trajectory_fields(kpi, result: RatingResult, start, settings: AreaSettings, n: int) -> dict:
    """What the measure's chart and caption need to draw exactly what the rating used: the
    baseline it started from (stated, or the first recorded value), the target number and the
    date the trajectory ends (the target date, or the plan's end)."""
    baseline, baseline_date, from_first = start
    if not math.isnan(result.baseline_used):  # the rating's own, where it got that far
        baseline, baseline_date = result.baseline_used, result.baseline_date
        from_first = result.baseline_from_first_value
    kind = kpi["target_kind"]
    target = result.target
    if math.isnan(target):
        target = effective_target(kind, kpi["target_value"], baseline)
    uses_baseline = kind in (*_TRAJECTORY_KINDS, "maintain")
    dated = uses_baseline and baseline_date is not None and not math.isnan(baseline)
    return dict(
        baseline_used=baseline if uses_baseline else math.nan,
        baseline_used_date=baseline_date if dated else pd.NaT,
        baseline_used_period=(
            jd.judged_period(baseline_date, kpi["frequency"], n)
            if from_first
            else jd.baseline_period(kpi, n)
        )
        if dated
        else "",
        baseline_from_first_value=bool(from_first and uses_baseline),
        target_value=target,
        target_date_used=target_date_for(kpi, settings.plan.end_date)
        if _draws_trajectory(kpi) or units.is_milestone(kpi)  # a milestone's: its due date
        else pd.NaT,
    )


def score_measure(
    kpi: pd.Series, values: pd.DataFrame, reporting_date, ds: Dataset, settings: AreaSettings
) -> dict:
    """One scorecard row for one measure (``values`` are that measure's values)."""
    date = to_date(reporting_date)
    rules, n = settings.rating, jd.periods_of(kpi)
    row = {c: kpi[c] for c in _KPI_COLUMNS} | {c: kpi.get(c) for c in _UNIT_COLUMNS}
    row["decimals"] = kpi.get("decimals")  # the measure's own, where it gives them
    row["baseline_value"] = kpi["baseline_value"]
    row["baseline_period"] = jd.baseline_period(kpi, n)
    row["target"] = target_label(kpi, settings)
    row["judged_by"] = "latest" if n == 1 else f"mean_of_{n}"
    row["judged_on"] = jd.judged_on(kpi, n)
    comparators = pd.DataFrame(columns=bm.AT_COLUMNS)
    if pd.notna(kpi["comparator_key"]):
        comparators = bm.comparators_at(ds.benchmarks, kpi["comparator_key"], date, settings.area)
    judged = jd.judged_values(values, kpi["frequency"], n)
    row.update(_latest_fields(judged, date, kpi, n))
    known = on_or_before(judged[judged["value"].notna()], date).sort_values("period_end")
    first = known.iloc[0] if len(known) else None
    first_value = None if first is None else first["value"]
    first_end = None if first is None else first["period_end"]
    national = None
    if kpi["target_kind"] == "national_average":
        national = jd.national_figure(ds.benchmarks, kpi, row["latest_period_end"], date)
    result = rate(
        kpi,
        row["latest_value"],
        row["latest_period_end"],
        rules=rules,
        plan_end_date=settings.plan.end_date,
        previous_value=row["previous_value"],
        first_value=first_value,
        first_period_end=first_end,
        national_value=math.nan if national is None else national["value"],
        as_of=date,
        done_on=_done_on(known),
    )
    if national is not None:  # say which figure it was judged against
        shown = format_value(national["value"], kpi["unit"])
        result = dataclasses.replace(result, reason=f"{result.reason} (England {shown})")
    if row["latest_symbol"]:  # the latest figure is withheld: no rating may hint at it
        result = RatingResult(
            "withheld",
            "the latest figure is withheld to protect children's privacy (small numbers)",
        )
    start = baseline_for(kpi, rules, first_value, first_end)
    row.update(_trajectory_fields(kpi, result, start, settings, n))
    return _with_rating(row, kpi, result, rules) | _comparator_fields(comparators, kpi["unit"])


def _done_on(known: pd.DataFrame):
    """The end of the first period a milestone is recorded done in (None where it is not)."""
    done = known[known["value"] >= 1]
    return None if done.empty else done["period_end"].min()


def _with_rating(row: dict, kpi, result: RatingResult, rules) -> dict:
    """The row with its rating, progress and directions of travel."""
    rating = RATINGS[result.code]
    return row | dict(
        progress=progress_percent(row["latest_value"], row["baseline_used"], row["target_value"])
        if _draws_trajectory(kpi)
        else math.nan,
        expected_value=result.expected,
        rating=result.code,
        rating_label=rating.label,
        rating_symbol=rating.symbol,
        rating_reason=result.reason,
        direction_previous=direction_of_travel(
            row["latest_value"],
            row["previous_value"],
            kpi["polarity"],
            rules.no_change_band_percent,
        ),
        direction_year=direction_of_travel(
            row["latest_value"],
            row["year_ago_value"],
            kpi["polarity"],
            rules.no_change_band_percent,
        ),
    )


def trajectory_line(row) -> pd.Series:
    """The trajectory a scorecard row's rating was judged against, for its chart: its value
    at the end of every period from the baseline's (``baseline_used_date``,
    ``baseline_used``) to the target's (``target_date_used``, ``target_value``), indexed by
    date; empty where the rating used no trajectory."""
    start, end = row.get("baseline_used_date"), row.get("target_date_used")
    if (
        not _draws_trajectory(row)
        or is_missing(start)
        or is_missing(end)
        or is_missing(row.get("baseline_used"))
        or is_missing(row.get("target_value"))
    ):
        return pd.Series([], index=pd.DatetimeIndex([]), dtype="float64")
    return trajectory_points(
        row["baseline_used"], start, row["target_value"], end, row["frequency"]
    )


def scorecard(
    ds: Dataset, settings: AreaSettings, reporting_date, values: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per key impact measure for the reporting date, in priority order."""
    values = measure_values(ds, settings.disclosure) if values is None else values
    rows = [
        score_measure(k, values[values["kpi_id"] == k["kpi_id"]], reporting_date, ds, settings)
        for _, k in ds.kpis.iterrows()
    ]
    if not rows:  # a plan (or an area) with no measures: no rows, the columns all the same
        return pd.DataFrame(columns=["kpi_id", "priority_id", "title", "rating", "progress"])
    out = pd.DataFrame(rows)
    order = _priority_order(ds)
    out["_order"] = out["priority_id"].map(order)
    return out.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def _priority_order(ds: Dataset) -> dict[str, int]:
    pri = ds.priorities
    if "sort_order" in pri and pri["sort_order"].notna().all():
        pri = pri.sort_values("sort_order", kind="stable")
    return {p: i for i, p in enumerate(pri["priority_id"])}


def ratings_by_priority(card: pd.DataFrame) -> pd.DataFrame:
    """Count of measures by rating for each priority area (ratings in a fixed order)."""
    cat = pd.Categorical(card["rating"], categories=list(RATING_ORDER), ordered=True)
    table = pd.crosstab(card["priority_id"], cat, dropna=False)
    shown = [c for c in RATING_ORDER if c not in ONLY_WHERE_USED or (card["rating"] == c).any()]
    table = table.reindex(columns=shown, fill_value=0)
    return table.rename(columns={c: RATINGS[c].label for c in shown}).rename_axis(columns="rating")
