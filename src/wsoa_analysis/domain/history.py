"""Each action's status and each measure's rating, cycle by cycle: the record that lets a
committee see that an action has been Amber for four cycles, or a measure off track since the
plan began. A cycle's status is the one its pack showed (the latest recorded on or before its
reporting date, as :func:`wsoa_analysis.domain.actions.status_at` decides); a cycle's rating
is its scorecard's."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.scorecard import scorecard
from wsoa_analysis.inputs.load import Dataset

#: Statuses that call for attention when they stay the same cycle after cycle.
STUCK_STATUSES = ("Amber", "Red")
#: How many cycles in a row make a status "unchanged" on the overview.
STUCK_CYCLES = 3


def cycles_so_far(dates: Iterable, reporting_date) -> list[pd.Timestamp]:
    """The reporting dates up to and including ``reporting_date``, oldest first (the
    reporting date itself always among them).

    >>> [d.date().isoformat() for d in cycles_so_far(["2023-03-31", "2022-12-31",
    ...     "2023-06-30"], "2023-03-31")]
    ['2022-12-31', '2023-03-31']
    """
    day = pd.Timestamp(reporting_date)
    known = {pd.Timestamp(d) for d in dates} | {day}
    return sorted(d for d in known if d <= day)


def status_history(
    actions: pd.DataFrame, updates: pd.DataFrame, dates: Iterable, readings: dict | None = None
) -> pd.DataFrame:
    """One row per action (``action_ref``, ``priority_id``, in the plan's order) and one column
    per reporting date in ``dates`` (oldest first, named by the date), holding the status each
    cycle's pack showed: a BRAG status, or "No status" where none was recorded by then.
    ``readings`` are the area's own status words (see ``actions.status_at``)."""
    days = sorted({pd.Timestamp(d) for d in dates})
    out = actions[["action_ref", "priority_id"]].reset_index(drop=True)
    for day in days:
        kw = {"readings": readings} if readings else {}
        tracker = act.status_at(actions, updates, day, **kw).set_index("action_ref")
        out[day] = out["action_ref"].map(tracker["status"]).astype("string").to_numpy()
    return out


def run_length(history: pd.DataFrame) -> pd.Series:
    """For each action (by ``action_ref``), how many cycles in a row, ending with the newest,
    its status has been what it is now.

    >>> h = pd.DataFrame({"action_ref": ["a", "b"], "priority_id": ["1", "1"],
    ...                   1: ["Amber", "Red"], 2: ["Amber", "Amber"], 3: ["Amber", "Amber"]})
    >>> run_length(h).to_dict()
    {'a': 3, 'b': 2}
    """
    cycles = [c for c in history.columns if c not in ("action_ref", "priority_id")]
    runs = {}
    for _, row in history.iterrows():
        statuses = [row[c] for c in cycles]
        n = 0
        for status in reversed(statuses):
            if status != statuses[-1]:
                break
            n += 1
        runs[row["action_ref"]] = n
    return pd.Series(runs, dtype="int64")


def unchanged(
    history: pd.DataFrame, statuses=STUCK_STATUSES, cycles: int = STUCK_CYCLES
) -> pd.DataFrame:
    """Actions whose status is one of ``statuses`` (Amber or Red) and has been for
    ``cycles`` or more cycles in a row up to the newest: ``action_ref``, ``priority_id``,
    ``status`` and ``cycles`` (how many), longest first."""
    if len(history.columns) <= 2:
        return pd.DataFrame(columns=["action_ref", "priority_id", "status", "cycles"])
    newest = history.columns[-1]
    out = history[["action_ref", "priority_id"]].assign(
        status=history[newest].to_numpy(),
        cycles=history["action_ref"].map(run_length(history)).to_numpy(),
    )
    out = out[out["status"].isin(statuses) & (out["cycles"] >= cycles)]
    return out.sort_values("cycles", ascending=False, kind="stable").reset_index(drop=True)


def rating_history(
    ds: Dataset, settings, values: pd.DataFrame, dates: Iterable, kpi_ids=None, cards=None
) -> pd.DataFrame:
    """One row per measure (``kpi_id``, ``priority_id``; only ``kpi_ids`` where given) and one
    column per reporting date (oldest first), holding the rating code each cycle's scorecard
    gave it (``cards``: scorecards already worked out, by date, used as they are)."""
    cards = {pd.Timestamp(d): c for d, c in (cards or {}).items() if c is not None}
    days = sorted({pd.Timestamp(d) for d in dates})
    if kpi_ids is not None:  # a scorecard costs about as much per measure: rate only these
        kpis = ds.kpis[ds.kpis["kpi_id"].isin(list(kpi_ids))]
        ds = Dataset({**ds.tables, "kpis": kpis}, ds.sources)
    out = ds.kpis[["kpi_id", "priority_id"]].reset_index(drop=True)
    for day in days:
        card = cards[day] if day in cards else scorecard(ds, settings, day, values)
        card = card.set_index("kpi_id")
        out[day] = out["kpi_id"].map(card["rating"]).to_numpy()
    return out
