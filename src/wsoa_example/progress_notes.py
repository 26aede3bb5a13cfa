"""Illustrative progress updates for the example's invented action statuses: what a lead
would write beside each status, worked out from the status, the action's target date and the
reporting date, so the same data always gives the same notes. Invented, like the statuses
they sit beside (their rows are marked synthetic)."""

from __future__ import annotations

import pandas as pd


def _month(day: pd.Timestamp) -> str:
    return day.strftime("%B %Y")


#: How far behind each status is, to say whether a change is a slip or a recovery.
_BEHIND = {"Green": 0, "Amber": 1, "Yellow": 1, "Red": 2}


def _change(previous: str | None, status: str) -> str:
    """ "slipped from Green: ", "improved from Red: " or "" (no change, or none to compare)."""
    was, now = _BEHIND.get(previous or ""), _BEHIND.get(status)
    if was is None or now is None or was == now:
        return ""
    word = "Amber" if previous == "Yellow" else previous
    return f"{'slipped' if now > was else 'improved'} from {word}: "


def progress_note(status: str, previous: str | None, target, date: pd.Timestamp) -> str:
    """The note a lead would give for ``status`` at ``date`` (``previous``: the status the
    cycle before; ``target``: the action's target date or None).

    >>> d = pd.Timestamp("2023-03-31")
    >>> progress_note("Amber", "Green", pd.Timestamp("2023-06-30"), d)[:40]
    'Slipped from Green: progress is slower t'
    >>> progress_note("Blue", "Green", None, d)
    ''
    """
    target = pd.Timestamp(target) if target is not None and pd.notna(target) else None
    late = target is not None and date > target
    next_review = _month(date + pd.offsets.MonthEnd(3))
    if status == "Blue":
        return ""  # the evidence of closure says what there is to say
    if status == "Grey":
        start = _month(target - pd.DateOffset(months=6)) if target is not None else "the autumn"
        return f"Not started yet: planned to begin by {start}, once the work before it is done."
    if status == "Green" and late:
        return (
            f"Past its target date of {_month(target)} but judged on track: the last piece of "
            f"work is due to finish by {next_review}, when closure will be sought."
        )
    if status == "Green":
        due = f" for {_month(target)}" if target is not None else ""
        return f"On track{due}: the next update to the sub-group is in {next_review}."
    changed = _change(previous, status)
    if status == "Amber":
        text = (
            f"{changed}progress is slower than planned; the lead has agreed a recovery plan "
            f"with the sub-group and will report back in {next_review}."
        )
    else:
        text = (
            f"{changed}the work is significantly behind and has been escalated to the board, "
            f"which is asked to agree the resources needed at its {next_review} meeting."
        )
    return text[:1].upper() + text[1:]
