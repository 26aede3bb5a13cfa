"""The scorecard: every key impact measure's values, and one row per measure for a reporting
date with its latest value, progress, rating, direction of travel and published comparator."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wsoa_analysis.config.settings import AreaSettings
from wsoa_analysis.disclosure.control import DisclosurePolicy, protect_counts, protect_rate
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain import ehc
from wsoa_analysis.domain.periods import period_label, previous_period_end, to_date, year_earlier
from wsoa_analysis.domain.rating import RATINGS, RatingResult, rate
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.targets import direction_of_travel, effective_target, progress_percent
from wsoa_analysis.inputs.load import Dataset

VALUE_COLUMNS = [
    "kpi_id",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "note",
    "synthetic",
    "symbol",
]

_TIMELINESS_PERIOD = {
    "monthly": "month",
    "quarterly": "quarter",
    "calendar_year": "calendar_year",
    "financial_year": "financial_year",
}


def _requests_synthetic(ds: Dataset) -> bool:
    col = ds.ehc_requests.get("synthetic")
    return bool(col is not None and col.fillna(False).any())


def derived_values(
    ds: Dataset, kpi: pd.Series, policy: DisclosurePolicy | None = None
) -> pd.DataFrame:
    """Values of a measure computed from the record-level requests, with disclosure control
    applied (a suppressed value is missing and carries the policy's symbol)."""
    policy = policy or DisclosurePolicy()
    req = ds.ehc_requests
    note = "computed from record-level requests"
    if kpi["method"] == "ehc_requests_per_month":
        raw = ehc.requests_per_month(req)
        safe = protect_counts(raw, ["requests"], policy)
        out = pd.DataFrame(
            {
                "period_end": raw["period_end"],
                "value": safe.values["requests"].astype("float64"),
                "numerator": math.nan,
                "denominator": math.nan,
                "symbol": np.where(safe.suppressed["requests"], policy.symbol, ""),
            }
        )
    elif kpi["method"] == "ehc_issued_within_20_weeks":
        period = _TIMELINESS_PERIOD.get(kpi["frequency"], "month")
        t = ehc.timeliness(req, period)
        safe = protect_rate(t["within_20_weeks"], t["plans_issued"], t["percent"], policy)
        out = pd.DataFrame(
            {
                "period_end": t["period_end"],
                "value": safe.values["percent"].astype("float64"),
                "numerator": safe.values["within_20_weeks"],
                "denominator": safe.values["plans_issued"],
                "symbol": np.where(safe.suppressed["percent"], policy.symbol, ""),
            }
        )
        note += "; exception cases left out"
    else:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    if pd.notna(kpi["baseline_date"]):
        # the scorecard starts at the baseline; earlier periods may also be cut short by
        # where the record-level extract begins
        out = out[out["period_end"] > kpi["baseline_date"]]
    return out.assign(kpi_id=kpi["kpi_id"], note=note, synthetic=_requests_synthetic(ds))[
        VALUE_COLUMNS
    ]


def measure_values(ds: Dataset, policy: DisclosurePolicy | None = None) -> pd.DataFrame:
    """Every value of every measure: the observations table plus the values computed from
    record-level data, in one long frame (``kpi_id``, ``period_end``, ``value``...)."""
    obs = ds.observations.copy()
    if "synthetic" not in obs:
        obs["synthetic"] = False
    obs = obs.assign(synthetic=obs["synthetic"].fillna(False), symbol="")
    parts = [obs[VALUE_COLUMNS]]
    for _, kpi in ds.kpis[ds.kpis["method"] != "observed"].iterrows():
        parts.append(derived_values(ds, kpi, policy))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"].astype("float64")
    out["synthetic"] = out["synthetic"].astype(bool)
    out["symbol"] = out["symbol"].fillna("").astype(str)
    return out.sort_values(["kpi_id", "period_end"], kind="stable").reset_index(drop=True)


def target_label(kpi: pd.Series, settings: AreaSettings) -> str:
    """The target in words: ``75%``, ``100% by Jun 2023``, ``Maintain``, ``+20% on baseline``."""
    kind, unit = kpi["target_kind"], kpi["unit"]
    if kind == "absolute":
        text = format_value(kpi["target_value"], unit, compact=True)
        if pd.notna(kpi["target_date"]):
            text += f" by {pd.Timestamp(kpi['target_date']):%b %Y}"
        return text
    if kind == "relative":
        tv = float(kpi["target_value"])
        return f"{'+' if tv >= 0 else ''}{tv:g}% on baseline"
    if kind == "maintain":
        if pd.notna(kpi["target_value"]):
            return f"Maintain {format_value(kpi['target_value'], unit, compact=True)}"
        if pd.notna(kpi.get("baseline_value")):
            return f"Maintain {format_value(kpi['baseline_value'], unit, compact=True)} (baseline)"
        return "Maintain baseline"
    return {
        "reduce": "Reduce",
        "increase": "Increase",
        "month_on_month": "Increase month on month",
        "national_average": "National average or better",
        "to_be_set": "To be set",
    }[kind]


def _value_at(values: pd.DataFrame, end) -> float:
    hit = values.loc[values["period_end"] == end, "value"]
    return float(hit.iloc[0]) if len(hit) else math.nan


def score_measure(
    kpi: pd.Series, values: pd.DataFrame, reporting_date, ds: Dataset, settings: AreaSettings
) -> dict:
    """One scorecard row for one measure (``values`` are that measure's values)."""
    date = to_date(reporting_date)
    rules = settings.rating
    values = values[values["value"].notna() | (values["symbol"] != "")].sort_values("period_end")
    known = values[values["period_end"] <= date]
    latest = known.iloc[-1] if len(known) else None
    row_symbol = "" if latest is None else latest["symbol"]
    known = known[known["value"].notna()]
    freq = kpi["frequency"]
    row = {
        c: kpi[c]
        for c in (
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
    }
    row["baseline_value"] = kpi["baseline_value"]
    row["baseline_period"] = (
        period_label(kpi["baseline_date"], freq) if pd.notna(kpi["baseline_date"]) else ""
    )
    row["target"] = target_label(kpi, settings)
    nat = math.nan
    comparators = pd.DataFrame()
    if pd.notna(kpi["comparator_key"]):
        comparators = bm.comparators_at(ds.benchmarks, kpi["comparator_key"], date, settings.area)
        eng = comparators[comparators["area_code"] == bm.ENGLAND]
        if len(eng):
            nat = eng["value"].iloc[0]
    if latest is None:
        row.update(
            latest_value=math.nan,
            latest_period_end=pd.NaT,
            latest_period="",
            previous_value=math.nan,
            year_ago_value=math.nan,
            synthetic=False,
        )
        prev = math.nan
    else:
        end = latest["period_end"]
        prev = _value_at(known, previous_period_end(end, freq))
        row.update(
            latest_value=float(latest["value"]),
            latest_period_end=end,
            latest_period=period_label(end, freq),
            previous_value=prev,
            year_ago_value=_value_at(known, year_earlier(end)),
            synthetic=bool(latest["synthetic"]),
        )
    first = known.iloc[0] if len(known) else None
    if row_symbol:  # the latest figure is withheld: no rating may hint at it
        row.update(latest_value=math.nan, previous_value=math.nan, year_ago_value=math.nan)
        prev = math.nan
    result = rate(
        kpi,
        row["latest_value"],
        row["latest_period_end"],
        rules=rules,
        plan_end_date=settings.plan.end_date,
        previous_value=prev,
        first_value=None if first is None else first["value"],
        first_period_end=None if first is None else first["period_end"],
        national_value=nat,
    )
    if row_symbol:
        result = RatingResult(
            "no_data", "the latest figure is withheld to protect children's privacy (small numbers)"
        )
    row["latest_symbol"] = row_symbol
    rating = RATINGS[result.code]
    target_num = (
        result.target
        if not math.isnan(result.target)
        else effective_target(kpi["target_kind"], kpi["target_value"], kpi["baseline_value"])
    )
    base = result.baseline_used if not math.isnan(result.baseline_used) else kpi["baseline_value"]
    row.update(
        target_value=target_num,
        progress=progress_percent(row["latest_value"], base, target_num)
        if kpi["target_kind"] in ("absolute", "relative")
        else math.nan,
        expected_value=result.expected,
        rating=result.code,
        rating_label=rating.label,
        rating_symbol=rating.symbol,
        rating_reason=result.reason,
        baseline_from_first_value=result.baseline_from_first_value,
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
    # a percentage is compared with England; a count or rate only with the area's own
    # published figure (areas differ in size)
    shown_code = bm.ENGLAND if kpi["unit"] == "percent" else settings.area.code
    shown = comparators[comparators["area_code"] == shown_code] if len(comparators) else None
    if shown is not None and len(shown):
        e = shown.iloc[0]
        row.update(
            comparator_value=e["value"],
            comparator_symbol=e["symbol"],
            comparator_period=e["period"],
            comparator_area=e["area"],
            comparator_source=e["source"],
        )
    else:
        row.update(
            comparator_value=math.nan,
            comparator_symbol="",
            comparator_period="",
            comparator_area="",
            comparator_source="",
        )
    return row


def scorecard(
    ds: Dataset, settings: AreaSettings, reporting_date, values: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per key impact measure for the reporting date, in priority order."""
    values = measure_values(ds, settings.disclosure) if values is None else values
    rows = [
        score_measure(k, values[values["kpi_id"] == k["kpi_id"]], reporting_date, ds, settings)
        for _, k in ds.kpis.iterrows()
    ]
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
    cat = pd.Categorical(card["rating"], categories=list(RATINGS), ordered=True)
    table = pd.crosstab(card["priority_id"], cat, dropna=False)
    table = table.reindex(columns=list(RATINGS), fill_value=0)
    return table.rename(columns={c: RATINGS[c].label for c in RATINGS}).rename_axis(
        columns="rating"
    )
