"""Evidence of completion beside each action's status: for an action complete (Blue) at the
reporting date, when its closure was approved, by whom and on what evidence (the closures
table); for one complete with no closure recorded, that the evidence is missing."""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.config.vocabulary import COMPLETE
from wsoa_analysis.domain.synthetic import synthetic_flags

#: The columns :func:`with_closures` adds.
CLOSURE_COLUMNS = (
    "closure_approved_on",
    "closure_approved_by",
    "closure_evidence",
    "closure_link",
    "closure_synthetic",
    "closure_missing",
)


def with_closures(
    tracker: pd.DataFrame, closures: pd.DataFrame | None, reporting_date, signs_off: str = ""
) -> pd.DataFrame:
    """The tracker with each complete action's closure: approved on, by (``signs_off``, the
    board the settings name, where the row names no one), evidence, link and whether the row
    is synthetic, from a closure approved on or before the reporting date; and
    ``closure_missing``, True for a complete action with no such closure."""
    day = pd.Timestamp(reporting_date)
    complete = tracker["status"].eq(COMPLETE).fillna(False).astype(bool)
    found = pd.DataFrame(columns=["action_ref"])
    if closures is not None and len(closures):
        found = closures[closures["approved_on"] <= day].assign(
            closure_synthetic=synthetic_flags(closures[closures["approved_on"] <= day])
        )
        found = found.rename(
            columns={
                "approved_on": "closure_approved_on",
                "approved_by": "closure_approved_by",
                "evidence": "closure_evidence",
                "evidence_link": "closure_link",
            }
        )
    out = tracker.merge(
        found.reindex(columns=["action_ref", *CLOSURE_COLUMNS[:-1]]),
        on="action_ref",
        how="left",
        validate="1:1",
    )
    by = out["closure_approved_by"].astype("object")
    out["closure_approved_by"] = by.where(
        by.notna() & (by.astype(str).str.strip() != ""), signs_off
    )
    has = out["closure_approved_on"].notna() & complete.to_numpy()
    for col in CLOSURE_COLUMNS[:-1]:  # a closure is shown only beside a complete status
        out[col] = out[col].where(has)
    out["closure_synthetic"] = out["closure_synthetic"].astype("boolean").fillna(False).astype(bool)
    out["closure_missing"] = complete.to_numpy() & ~has
    return out
