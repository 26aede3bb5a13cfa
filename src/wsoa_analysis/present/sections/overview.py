"""The sections of the overview page: the whole WSoA at a glance."""

from __future__ import annotations

from markupsafe import Markup

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.rating import RATINGS
from wsoa_analysis.domain.scorecard import ratings_by_priority
from wsoa_analysis.present.sections.common import (
    Block,
    _block,
    _priority_titles,
    _rating_cell,
    _tracker_columns,
    _value_cell,
)
from wsoa_analysis.present.tables import Col, html_table


def overview_at_a_glance(ctx: Context) -> Block:
    by_rating = ctx.card["rating"].value_counts()
    counts = act.status_counts(ctx.tracker)
    overdue = act.overdue(ctx.tracker, ctx.reporting_date)
    cards = [
        ("Priority areas", len(ctx.ds.priorities)),
        ("Key impact measures", len(ctx.card)),
        ("Measures on track or met", int(by_rating.get("green", 0) + by_rating.get("met", 0))),
        ("Measures off track", int(by_rating.get("red", 0))),
        ("Actions", len(ctx.tracker)),
        ("Actions complete (Blue)", int(counts["Blue"])),
        ("Overdue actions", len(overdue)),
    ]
    items = Markup("").join(
        Markup('<div class="card"><span class="big">{}</span><span>{}</span></div>').format(v, k)
        for k, v in cards
    )
    return _block(Markup('<div class="kpi-grid">{}</div>').format(items))


def ratings_by_area(ctx: Context) -> Block:
    table = ratings_by_priority(ctx.card)
    titles = _priority_titles(ctx)
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(titles))
    cols = [Col("area", "Priority area")] + [
        Col(RATINGS[c].label, f"{RATINGS[c].symbol} {RATINGS[c].label}", numeric=True)
        for c in RATINGS
    ]
    return _block(
        html_table(frame, cols, caption="Key impact measures by rating", cls="data compact")
    )


def measures_off_track(ctx: Context) -> Block:
    off = ctx.card[ctx.card["rating"].isin(["red", "amber"])].assign(
        area=lambda d: d["priority_id"].map(_priority_titles(ctx))
    )
    off = off.sort_values("rating", key=lambda s: s.map({"red": 0, "amber": 1}), kind="stable")
    cols = [
        Col("title", "Measure"),
        Col("area", "Priority area"),
        Col("latest_value", "Latest", numeric=True, fmt=lambda v, r: _value_cell(r)),
        Col("target", "Target"),
        Col("rating", "Rating", fmt=lambda v, r: _rating_cell(r)),
    ]
    return _block(
        html_table(
            off,
            cols,
            caption="Measures off track or slightly behind",
            empty="No measure is behind its trajectory.",
        )
    )


def actions_by_area(ctx: Context) -> Block:
    table = act.status_counts(ctx.tracker, by="priority_id")
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(_priority_titles(ctx)))
    cols = [Col("area", "Priority area")] + [Col(s, s, numeric=True) for s in table.columns]
    return _block(
        html_table(frame, cols, caption="Actions by status and priority area", cls="data compact")
    )


def overdue_actions(ctx: Context) -> Block:
    late = act.overdue(ctx.tracker, ctx.reporting_date)
    green = act.green_past_target(ctx.tracker, ctx.reporting_date)
    cols = _tracker_columns(ctx.reporting_date)
    return _block(
        html_table(
            late,
            cols,
            caption="Overdue actions: target date passed, not Blue",
            empty="No action is overdue.",
        ),
        html_table(
            green,
            cols,
            caption="Actions rated Green although their target date has passed",
            empty="No action is rated Green past its target date.",
        ),
    )


def actions_without_status(ctx: Context) -> Block:
    none = ctx.tracker[ctx.tracker["status"] == act.NO_STATUS]
    cols = [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("target_date_as_written", "Target date"),
    ]
    return _block(
        html_table(
            none,
            cols,
            caption=f"Actions with no status recorded ({len(none)})",
            empty="Every action has a status.",
        )
    )
