"""The at-a-glance scorecard for a reporting date, behind ``wsoa status``."""

from __future__ import annotations

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.rating import RATINGS


def context_summary(ctx: Context) -> dict:
    """Counts a scheduled run can monitor, from the context the pages are made from: areas,
    measures by rating, actions by status."""
    date, ds = ctx.reporting_date, ctx.ds
    by_status = act.status_counts(ctx.tracker)
    by_rating = ctx.card["rating"].value_counts().reindex(list(RATINGS), fill_value=0)
    return {
        "reporting_date": date.date().isoformat(),
        "area": ctx.settings.area.name,
        "priority_areas": int(len(ds.priorities)),
        "measures": int(len(ds.kpis)),
        "actions": int(len(ds.actions)),
        "measures_by_rating": {RATINGS[k].label: int(v) for k, v in by_rating.items()},
        "actions_by_status": {k: int(v) for k, v in by_status.items() if k != act.NO_STATUS},
        "actions_without_status": int(by_status[act.NO_STATUS]),
        "overdue_actions": int(len(act.overdue(ctx.tracker, date))),
        "past_target_without_status": int(len(act.past_target_without_status(ctx.tracker, date))),
        "statuses_not_updated": int(len(act.carried(ctx.tracker, date))),
        "green_past_target_date": int(len(act.green_past_target(ctx.tracker, date))),
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
    lines.append(
        f"  Overdue actions (target date passed, status not Blue): {summary['overdue_actions']}"
    )
    lines.append(
        f"  Past target date, status not recorded: {summary['past_target_without_status']}"
    )
    lines.append(
        "  Statuses not updated this cycle (an earlier cycle's shown): "
        f"{summary['statuses_not_updated']}"
    )
    lines.append(f"  Rated Green past their target date: {summary['green_past_target_date']}")
    return "\n".join(lines)
