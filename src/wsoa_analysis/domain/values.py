"""Every value of every measure, as one long frame: the observations table plus the values
computed from record-level requests, with disclosure control applied and each value's
synthetic flag decided where it is computed."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure import DisclosurePolicy, protect_counts, protect_rate
from wsoa_analysis.disclosure.measures import protect_observed
from wsoa_analysis.domain import ehc
from wsoa_analysis.domain.synthetic import synthetic_flags
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
                "synthetic": raw["synthetic"].to_numpy(dtype=bool),
            }
        )
    elif kpi["method"] == "ehc_issued_within_20_weeks":
        period = _TIMELINESS_PERIOD.get(kpi["frequency"], "month")
        t = ehc.timeliness(req, period)
        t = t[~t["part_period"]].reset_index(drop=True)  # periods the data only partly cover
        safe = protect_rate(t["within_20_weeks"], t["plans_issued"], t["percent"], policy)
        out = pd.DataFrame(
            {
                "period_end": t["period_end"],
                "value": safe.values["percent"].astype("float64"),
                "numerator": safe.values["within_20_weeks"],
                "denominator": safe.values["plans_issued"],
                "symbol": np.where(safe.suppressed["percent"], policy.symbol, ""),
                "synthetic": t["synthetic"].to_numpy(dtype=bool),
            }
        )
        note += "; exception cases left out"
    else:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    if pd.notna(kpi["baseline_date"]):
        # the scorecard starts at the baseline; earlier periods may also be cut short by
        # where the record-level extract begins
        out = out[out["period_end"] > kpi["baseline_date"]]
    # each value is synthetic when the records it counts are (decided in domain.ehc)
    return out.assign(kpi_id=kpi["kpi_id"], note=note)[VALUE_COLUMNS]


def measure_values(ds: Dataset, policy: DisclosurePolicy | None = None) -> pd.DataFrame:
    """Every value of every measure: the observations table plus the values computed from
    record-level data, in one long frame (``kpi_id``, ``period_end``, ``value``...)."""
    obs = ds.observations.assign(synthetic=synthetic_flags(ds.observations), symbol="")
    # a count of people the area typed in is protected as a computed one is (the measure's
    # small_counts policy)
    obs = protect_observed(obs, ds.kpis, policy or DisclosurePolicy())
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
