"""Small counts a measure's observations hold: the policy each measure sets for itself.

Counts computed from record-level data are protected where they are computed
(``protect_counts``). A count the area types into the observations table, such as four
permanent exclusions of pupils with an EHC plan in a year, can point to a child just as well,
so each measure says in ``kpis.small_counts`` whether its values count people (``suppress``,
the default for a count) or things such as schools or website hits (``show``).

A withheld value is missing and carries the policy's symbol, exactly as a withheld value
computed from records does, so the rating, the progress, the direction of travel, the chart,
the data workbook and the figure ledger all treat it the same way: none of them shows it.
Shown counts are rounded to the policy's base. A baseline and a target are figures of the
published plan and are shown as the plan states them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.disclosure.protected import rounded, small

#: The ``kpis.small_counts`` value under which a measure's small values are shown.
SHOW = "show"


def counts_people(kpis: pd.DataFrame) -> pd.Series:
    """True for each measure (by ``kpi_id``) whose observed values are counts to protect: a
    count whose ``small_counts`` is not ``show``."""
    policy = kpis.get("small_counts", pd.Series("", index=kpis.index)).fillna("").astype(str)
    protect = (kpis["unit"] == "count") & (policy.str.strip() != SHOW)
    return pd.Series(protect.to_numpy(dtype=bool), index=kpis["kpi_id"].to_numpy())


def protect_observed(
    observations: pd.DataFrame, kpis: pd.DataFrame, policy: DisclosurePolicy
) -> pd.DataFrame:
    """The observations (with a ``symbol`` column, "" where shown) with every small value of
    a measure that counts people withheld: ``value`` missing, ``symbol`` the policy's; the
    other values of those measures rounded to the policy's base.

    >>> kpis = pd.DataFrame({"kpi_id": ["E", "S"], "unit": ["count", "count"],
    ...                      "small_counts": ["", "show"]})
    >>> obs = pd.DataFrame({"kpi_id": ["E", "E", "S"], "value": [4.0, 17.0, 3.0],
    ...                     "symbol": ["", "", ""]})
    >>> protect_observed(obs, kpis, DisclosurePolicy())[["value", "symbol"]].to_dict("list")
    {'value': [nan, 17.0, 3.0], 'symbol': ['c', '', '']}
    """
    if not policy.enabled or observations.empty:
        return observations
    protect = observations["kpi_id"].map(counts_people(kpis)).fillna(False).to_numpy(dtype=bool)
    values = observations["value"].to_numpy(dtype="float64")
    withheld = protect & small(np.nan_to_num(values, nan=-1.0), policy)
    out = observations.copy()
    shown = np.where(protect, rounded(values, policy), values)
    out["value"] = np.where(withheld, np.nan, shown)
    out["symbol"] = np.where(withheld, policy.symbol, out["symbol"].astype(str))
    return out
