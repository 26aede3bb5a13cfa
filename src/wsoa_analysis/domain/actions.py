"""The action plan: BRAG statuses, the tracker at a reporting date, overdue actions, changes.

A status is as recorded on its own date (``status_date``): one recorded at an earlier cycle and
not updated since is carried, and said to be. An action past its target date is *overdue*
only where a status is recorded and it is not Blue; one with no status at all is past its
target date with its status not recorded, which is a different gap and counted apart.

The BRAG vocabulary is part of the data contract (``wsoa_analysis.inputs.brag``: the
statuses in order, the words accepted as written, their meanings); this module adds the
lower-case code for each (:func:`brag_code`) and the rules on statuses.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.periods import latest_on_or_before, to_date
from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.inputs.brag import (  # noqa: F401  (re-exported: the vocabulary's names)
    BRAG_AS_WRITTEN,
    BRAG_MEANINGS,
    BRAG_ORDER,
    BRAG_READINGS,
    COMPLETE,
    NO_STATUS,
)


def brag_code(status: str) -> str:
    """A lower-case key for a canonical status: ``blue`` ... ``grey``, ``none`` for no status.

    >>> brag_code("Amber"), brag_code(NO_STATUS)
    ('amber', 'none')
    """
    if status == NO_STATUS:
        return "none"
    if status not in BRAG_ORDER:
        raise KeyError(f"{status!r} is not a BRAG status (expected one of {BRAG_ORDER})")
    return status.lower()


def normalise_status(values: pd.Series, readings: dict | None = None) -> pd.Series:
    """The workbook's BRAG codes for recorded statuses, read as the area's status words
    (``readings``: spelling -> code, from ``plan.statuses``; the BRAG words where None);
    missing stays missing.

    Raises :class:`InputError` naming the first unknown value's position for anything else.
    """
    keys = values.astype("string").str.split().str.join(" ").str.lower()
    out = keys.map(BRAG_READINGS if readings is None else readings)
    bad = keys.notna() & out.isna()
    if bad.any():
        raise InputError(
            [
                Problem(
                    "action_updates",
                    None,
                    "status",
                    str(values[i]),
                    "is not a BRAG status (expected Blue, Green, Amber, Red or Grey)",
                )
                for i in values.index[bad]
            ]
        )
    return out.astype("string")


def status_at(
    actions: pd.DataFrame, updates: pd.DataFrame, reporting_date, readings: dict | None = None
) -> pd.DataFrame:
    """Every action with its latest status recorded on or before ``reporting_date``.

    Adds ``status`` (canonical, or "No status"), ``status_as_recorded``, ``status_date``,
    ``commentary``, ``status_carried`` (recorded at an earlier date and not updated at this
    one), ``overdue`` (see :func:`is_overdue`) and ``past_target_no_status`` (see
    :func:`is_past_target_without_status`). Updates dated after the reporting date are
    ignored.
    """
    latest = (
        latest_on_or_before(updates, reporting_date, date_col="reporting_date", by="action_ref")
        .assign(
            status_as_recorded=lambda d: d["status"],
            status=lambda d: normalise_status(d["status"], readings),
        )
        .rename(columns={"reporting_date": "status_date"})[
            ["action_ref", "status", "status_as_recorded", "status_date", "commentary"]
        ]
    )
    out = actions.merge(latest, on="action_ref", how="left", validate="1:1")
    out = out.assign(status=out["status"].fillna(NO_STATUS).astype("string"))
    return out.assign(
        status_carried=is_carried(out, reporting_date),
        overdue=is_overdue(out, reporting_date),
        past_target_no_status=is_past_target_without_status(out, reporting_date),
    )


def _past_target(tracker: pd.DataFrame, reporting_date) -> pd.Series:
    """True where the target date is strictly before the reporting date (an action due on
    the reporting date itself is not yet late; one with no target date never is)."""
    date = to_date(reporting_date)
    return (tracker["target_date"].notna() & (tracker["target_date"] < date)).astype(bool)


def _recorded(tracker: pd.DataFrame) -> pd.Series:
    return tracker["status"].ne(NO_STATUS).fillna(False).astype(bool)


def is_overdue(tracker: pd.DataFrame, reporting_date) -> pd.Series:
    """True where an action's target date is strictly before the reporting date, a status is
    recorded and it is not complete (Blue). An action with no status recorded is not counted
    as overdue: see :func:`is_past_target_without_status`."""
    complete = tracker["status"].eq(COMPLETE).fillna(False).astype(bool)
    return (_past_target(tracker, reporting_date) & _recorded(tracker) & ~complete).astype(bool)


def is_past_target_without_status(tracker: pd.DataFrame, reporting_date) -> pd.Series:
    """True where an action's target date has passed and no status is recorded for it: no one
    has said whether it is done."""
    return (_past_target(tracker, reporting_date) & ~_recorded(tracker)).astype(bool)


def is_carried(tracker: pd.DataFrame, reporting_date) -> pd.Series:
    """True where an action's status was recorded before the reporting date and not updated
    at it: the status shown is an earlier cycle's. A Blue action is closed (its closure
    approved), so its status stands and is not counted as not updated."""
    dated = tracker["status_date"].notna() & _recorded(tracker)
    complete = tracker["status"].eq(COMPLETE).fillna(False).astype(bool)
    return (dated & ~complete & (tracker["status_date"] < to_date(reporting_date))).astype(bool)


def status_counts(tracker: pd.DataFrame, by: str | None = None) -> pd.DataFrame | pd.Series:
    """Actions by status (BRAG order, then "No status"), overall or per ``by`` (e.g. priority)."""
    order = [*BRAG_ORDER, NO_STATUS]
    status = pd.Categorical(tracker["status"], categories=order, ordered=True)
    if by is None:
        return pd.Series(status).value_counts().reindex(order, fill_value=0).rename("actions")
    table = pd.crosstab(tracker[by], status, dropna=False)
    return table.reindex(columns=order, fill_value=0).rename_axis(columns="status")


def overdue(tracker: pd.DataFrame, reporting_date) -> pd.DataFrame:
    """Actions whose target date has passed by the reporting date, with a status recorded
    that is not Blue (the rows :func:`is_overdue` marks)."""
    return tracker[is_overdue(tracker, reporting_date)]


def past_target_without_status(tracker: pd.DataFrame, reporting_date) -> pd.DataFrame:
    """Actions whose target date has passed with no status recorded for them."""
    return tracker[is_past_target_without_status(tracker, reporting_date)]


def carried(tracker: pd.DataFrame, reporting_date) -> pd.DataFrame:
    """Actions whose status is an earlier cycle's, not updated at the reporting date."""
    return tracker[is_carried(tracker, reporting_date)]


def green_past_target(tracker: pd.DataFrame, reporting_date) -> pd.DataFrame:
    """Actions rated Green although their target date has passed."""
    return overdue(tracker, reporting_date).pipe(lambda d: d[d["status"] == "Green"])


def changes_since(
    actions: pd.DataFrame,
    updates: pd.DataFrame,
    reporting_date,
    previous_date,
    readings: dict | None = None,
) -> pd.DataFrame:
    """Actions whose status differs between the previous reporting date and this one.

    Returns ``action_ref``, ``description``, ``priority_id``, ``previous_status``, ``status`` and
    ``change`` ("became Blue", "moved from Green to Amber", "first status recorded"...).
    """
    now = status_at(actions, updates, reporting_date, readings)
    before = status_at(actions, updates, previous_date, readings)[["action_ref", "status"]]
    both = now.merge(
        before.rename(columns={"status": "previous_status"}), on="action_ref", validate="1:1"
    )
    moved = both[both["status"] != both["previous_status"]].copy()

    def describe(r) -> str:
        if r["previous_status"] == NO_STATUS:
            return f"first status recorded: {r['status']}"
        if r["status"] == COMPLETE:
            return f"became Blue (was {r['previous_status']})"
        return f"moved from {r['previous_status']} to {r['status']}"

    moved["change"] = [describe(r) for _, r in moved.iterrows()] if len(moved) else []
    return moved[
        ["action_ref", "priority_id", "description", "previous_status", "status", "change"]
    ].reset_index(drop=True)
