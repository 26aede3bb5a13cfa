"""The sections of the overview page: the whole WSoA at a glance."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import rating as rt
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.rating import RATINGS
from wsoa_analysis.domain.scorecard import ratings_by_priority
from wsoa_analysis.present.sections.common import (
    _priority_titles,
    _rating_cell,
    _tracker_columns,
    _value_cell,
)
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table

#: Tables whose rows become cards on a phone, so each rating or status stays in view.
STACK = "data stack"


def overview_at_a_glance(ctx: Context) -> Section:
    by_rating = ctx.card["rating"].value_counts()
    counts = act.status_counts(ctx.tracker)
    overdue = act.overdue(ctx.tracker, ctx.reporting_date)
    cards = [
        ("Priority areas", len(ctx.ds.priorities)),
        ("Key impact measures", len(ctx.card)),
        ("Measures on track or met", int(ctx.card["rating"].isin(rt.ON_TRACK_OR_MET).sum())),
        ("Measures off track", int(by_rating.get("red", 0))),
        ("Actions", len(ctx.tracker)),
        ("Actions complete (Blue)", int(counts["Blue"])),
        ("Overdue actions", len(overdue)),
    ]
    items = Markup("").join(
        Markup('<div class="card"><span class="big">{}</span><span>{}</span></div>').format(v, k)
        for k, v in cards
    )
    frame = pd.DataFrame(cards, columns=["what", "number"])
    return Section(
        Markup('<div class="kpi-grid">{}</div>').format(items), frame=frame, caption="At a glance"
    )


def ratings_by_area(ctx: Context) -> Section:
    table = ratings_by_priority(ctx.card)
    titles = _priority_titles(ctx)
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(titles))
    cols = [Col("area", "Priority area")] + [
        Col(RATINGS[c].label, f"{RATINGS[c].symbol} {RATINGS[c].label}", numeric=True)
        for c in RATINGS
    ]
    caption = "Key impact measures by rating"
    return Section(
        html_table(frame, cols, caption=caption, cls="data compact"), frame=frame, caption=caption
    )


def measures_off_track(ctx: Context) -> Section:
    off = ctx.card[ctx.card["rating"].isin(rt.BEHIND)].assign(
        area=lambda d: d["priority_id"].map(_priority_titles(ctx))
    )
    off = off.sort_values(
        "rating", key=lambda s: s.map(rt.rating_rank), ascending=False, kind="stable"
    )
    cols = [
        Col("title", "Measure"),
        Col("area", "Priority area"),
        Col("latest_value", "Latest", numeric=True, fmt=lambda v, r: _value_cell(r)),
        Col("target", "Target"),
        Col("rating", "Rating", fmt=lambda v, r: _rating_cell(r)),
    ]
    caption = "Measures off track or slightly behind"
    return Section(
        html_table(
            off, cols, caption=caption, empty="No measure is behind its trajectory.", cls=STACK
        ),
        frame=off.reset_index(drop=True),
        caption=caption,
    )


def actions_by_area(ctx: Context) -> Section:
    table = act.status_counts(ctx.tracker, by="priority_id")
    frame = table.reset_index().assign(area=lambda d: d["priority_id"].map(_priority_titles(ctx)))
    cols = [Col("area", "Priority area")] + [Col(s, s, numeric=True) for s in table.columns]
    caption = "Actions by status and priority area"
    return Section(
        html_table(frame, cols, caption=caption, cls="data compact"), frame=frame, caption=caption
    )


def overdue_actions(ctx: Context) -> Section:
    late = act.overdue(ctx.tracker, ctx.reporting_date)
    green = act.green_past_target(ctx.tracker, ctx.reporting_date)
    cols = _tracker_columns(ctx.reporting_date)
    caption = "Overdue actions: target date passed, not Blue"
    green_caption = "Actions rated Green although their target date has passed"
    return Section(
        html(
            html_table(late, cols, caption=caption, empty="No action is overdue.", cls=STACK),
            html_table(
                green,
                cols,
                caption=green_caption,
                empty="No action is rated Green past its target date.",
                cls=STACK,
            ),
        ),
        frame=late.reset_index(drop=True),
        caption=caption,
        frames={"green_past_target": green.reset_index(drop=True)},
    )


def actions_without_status(ctx: Context) -> Section:
    none = ctx.tracker[ctx.tracker["status"] == act.NO_STATUS]
    cols = [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("target_date_as_written", "Target date"),
    ]
    caption = f"Actions with no status recorded ({len(none)})"
    return Section(
        html_table(none, cols, caption=caption, empty="Every action has a status."),
        frame=none.reset_index(drop=True),
        caption=caption,
    )
