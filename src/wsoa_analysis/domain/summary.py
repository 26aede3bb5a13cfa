"""The at-a-glance scorecard for a reporting date, behind ``wsoa status``."""

from __future__ import annotations

from wsoa_analysis.config.settings import AreaSettings
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.periods import to_date
from wsoa_analysis.domain.rating import RATINGS
from wsoa_analysis.domain.scorecard import scorecard
from wsoa_analysis.inputs.checks import check_reporting_date
from wsoa_analysis.inputs.load import Dataset


def status_summary(ds: Dataset, settings: AreaSettings, reporting_date) -> dict:
    """Counts a scheduled run can monitor: areas, measures by rating, actions by status."""
    date = to_date(reporting_date)
    check_reporting_date(ds.tables, date)
    card = scorecard(ds, settings, date)
    tracker = act.status_at(ds.actions, ds.action_updates, date)
    by_status = act.status_counts(tracker)
    by_rating = card["rating"].value_counts().reindex(list(RATINGS), fill_value=0)
    return {
        "reporting_date": date.date().isoformat(),
        "area": settings.area.name,
        "priority_areas": int(len(ds.priorities)),
        "measures": int(len(ds.kpis)),
        "actions": int(len(ds.actions)),
        "measures_by_rating": {RATINGS[k].label: int(v) for k, v in by_rating.items()},
        "actions_by_status": {k: int(v) for k, v in by_status.items() if k != act.NO_STATUS},
        "actions_without_status": int(by_status[act.NO_STATUS]),
        "overdue_actions": int(len(act.overdue(tracker, date))),
        "green_past_target_date": int(len(act.green_past_target(tracker, date))),
    }


def format_summary(summary: dict) -> str:
    """The summary as plain lines for a terminal."""
    lines = [
        f"{summary['area']}: position at {summary['reporting_date']}",
        f"  Priority areas: {summary['priority_areas']}",
        f"  Key impact measures: {summary['measures']}",
    ]
    lines += [f"    {k}: {v}" for k, v in summary["measures_by_rating"].items()]
    lines.append(f"  Actions: {summary['actions']}")
    lines += [f"    {k}: {v}" for k, v in summary["actions_by_status"].items()]
    lines.append(f"    No status: {summary['actions_without_status']}")
    lines.append(f"  Overdue actions (target date passed, not Blue): {summary['overdue_actions']}")
    lines.append(f"  Rated Green past their target date: {summary['green_past_target_date']}")
    return "\n".join(lines)
