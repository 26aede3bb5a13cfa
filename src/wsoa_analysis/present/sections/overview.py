"""The sections of the overview page: the whole plan at a glance. Every area is in each
table by area, in the pack's order (:func:`~.common.area_order`), one with no measures or no
actions too, with zeros and a word saying so.

A count is synthetic (marked †) where what it counts was sorted by a synthetic figure: the
measures by a rating of a synthetic latest value, the actions by a status from a synthetic
update (an action counted or left out by it alike). Each section's frame says so beside the
count (``synthetic``), for the figure ledger."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.config.plan import mid_sentence
from wsoa_analysis.config.vocabulary import codes_in_use
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import rating as rt
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.rating import RATINGS
from wsoa_analysis.domain.rounding import format_value
from wsoa_analysis.domain.scorecard import ratings_by_priority
from wsoa_analysis.domain.synthetic import status_synthetic
from wsoa_analysis.present.sections.common import (
    _priority_titles,
    _rating_cell,
    _status_cell,
    _tracker_columns,
    _value_cell,
    area_words,
    complete_is_a_colour,
    in_area_order,
    status_words,
)
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table, marked, synthetic_mark

#: Tables whose rows become cards on a phone, so each rating or status stays in view.
STACK = "data stack"


def _status_gaps(ctx: Context, statuses: bool) -> list[tuple]:
    """Tiles for what the statuses do not say: actions past their target date with no status
    recorded, and statuses carried from an earlier cycle."""
    date = ctx.reporting_date
    return [
        (
            "Actions past target date, status not recorded",
            len(act.past_target_without_status(ctx.tracker, date)),
            statuses,
            "actions.csv and action_updates.csv: target date passed, no status recorded",
        ),
        (
            "Statuses not updated this cycle",
            len(act.carried(ctx.tracker, date)),
            statuses,
            "action_updates.csv: latest status recorded before the reporting date",
        ),
    ]


def _actions_complete(ctx: Context) -> str:
    """The tile's words: ``Actions complete (Blue)``, or in the area's own word, once:
    ``Actions complete``, ``Actions signed off``."""
    word = status_words(ctx)[act.COMPLETE]
    return (
        f"Actions complete ({word})"
        if complete_is_a_colour(ctx)
        else f"Actions {mid_sentence(word)}"
    )


def about_the_plan(ctx: Context) -> Section:
    """What the plan is, the inspection it answers, its governance and the monitoring it
    prepares for, in the plan's own words (``plan:`` in the area's settings). ``.frame``:
    ``what`` and ``words``, one row for each that is set."""
    frame = pd.DataFrame(ctx.settings.plan.summary(), columns=["what", "words"])
    items = Markup("").join(
        Markup("<dt>{}</dt><dd>{}</dd>").format(r.what, r.words) for r in frame.itertuples()
    )
    return Section(
        Markup('<dl class="intro">{}</dl>').format(items), frame=frame, caption="The plan"
    )


def overview_at_a_glance(ctx: Context) -> Section:
    """The tiles: how many areas, measures and actions, and how they stand. ``.frame``: each
    tile's ``what``, ``number``, ``shown``, ``synthetic`` and ``source`` (what it counts)."""
    by_rating = ctx.card["rating"].value_counts()
    counts = act.status_counts(ctx.tracker)
    overdue = act.overdue(ctx.tracker, ctx.reporting_date)
    rated = bool(ctx.card["synthetic"].any())
    statuses = bool(status_synthetic(ctx.tracker, ctx.ds.action_updates).any())
    done = status_words(ctx)[act.COMPLETE]
    cards = [
        (area_words(ctx).many, len(ctx.ds.priorities), False, "priorities.csv: its rows"),
        ("Key impact measures", len(ctx.card), False, "kpis.csv: its rows"),
        (
            "Measures on track or met",
            int(ctx.card["rating"].isin(rt.ON_TRACK_OR_MET).sum()),
            rated,
            "the scorecard: measures rated Target met or On track",
        ),
        (
            "Measures off track",
            int(by_rating.get("red", 0)),
            rated,
            "the scorecard: measures rated Off track",
        ),
        (
            "Measures past their target date, target missed",
            int(by_rating.get("missed", 0)),
            rated,
            "the scorecard: measures rated Target missed",
        ),
        ("Actions", len(ctx.tracker), False, "actions.csv: its rows"),
        (
            _actions_complete(ctx),
            int(counts[act.COMPLETE]),
            statuses,
            f"action_updates.csv: actions whose latest status is {done}",
        ),
        (
            "Overdue actions",
            len(overdue),
            statuses,
            f"actions.csv and action_updates.csv: target date passed, latest status not {done}",
        ),
        *_status_gaps(ctx, statuses),
    ]
    frame = pd.DataFrame(cards, columns=["what", "number", "synthetic", "source"])
    frame.insert(2, "shown", [format_value(n, "count") for n in frame["number"]])
    items = Markup("").join(
        Markup('<div class="card"><span class="big">{}{}</span><span>{}</span></div>').format(
            r.shown, synthetic_mark() if r.synthetic else "", r.what
        )
        for r in frame.itertuples()
    )
    return Section(
        Markup('<div class="kpi-grid">{}</div>').format(items), frame=frame, caption="At a glance"
    )


def ratings_by_area(ctx: Context) -> Section:
    """Each area's measures by rating; an area's counts are synthetic (``synthetic``) where a
    latest value of its measures is."""
    table = in_area_order(ctx, ratings_by_priority(ctx.card))
    invented = ctx.card.groupby("priority_id")["synthetic"].any()
    frame = _by_area(ctx, table, invented, ctx.card["priority_id"], "no measures")
    cols = [Col("area", area_words(ctx).singular)] + [
        Col(
            RATINGS[c].label,
            f"{RATINGS[c].symbol} {RATINGS[c].label}",
            numeric=True,
            synthetic="synthetic",
        )
        for c in RATINGS
        if RATINGS[c].label in frame  # a rating shown only where used has its column then
    ]
    caption = f"Key impact measures by rating and {mid_sentence(area_words(ctx).singular)}"
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
        Col("area", area_words(ctx).singular),
        Col("latest_value", "Latest", numeric=True, fmt=lambda v, r: _value_cell(r)),
        Col("target", "Target"),
        Col("rating", "Rating", fmt=lambda v, r: _rating_cell(r)),
    ]
    caption = "Measures that missed their target, are off track or are slightly behind"
    return Section(
        html_table(
            off,
            cols,
            caption=caption,
            empty="No measure missed its target or is behind its trajectory.",
            cls=STACK,
        ),
        frame=off.reset_index(drop=True),
        caption=caption,
    )


def actions_by_area(ctx: Context) -> Section:
    """Each area's actions by status; an area's counts are synthetic (``synthetic``) where a
    status of its actions comes from a synthetic update."""
    words = status_words(ctx)
    used = [*codes_in_use(ctx.settings.plan.statuses), act.NO_STATUS]
    table = in_area_order(ctx, act.status_counts(ctx.tracker, by="priority_id"))[used]
    invented = (
        ctx.tracker.assign(_s=status_synthetic(ctx.tracker, ctx.ds.action_updates))
        .groupby("priority_id")["_s"]
        .any()
    )
    frame = _by_area(ctx, table, invented, ctx.tracker["priority_id"], "no actions")
    cols = [Col("area", area_words(ctx).singular)] + [
        Col(s, words[s], numeric=True, synthetic="synthetic") for s in table.columns
    ]
    caption = f"Actions by status and {mid_sentence(area_words(ctx).singular)}"
    return Section(
        html_table(frame, cols, caption=caption, cls="data compact"), frame=frame, caption=caption
    )


def _by_area(ctx: Context, table, invented, ids: pd.Series, none: str) -> pd.DataFrame:
    """A table by area as a frame: each area's title (saying so where it has ``none``: no
    measures, no actions) and whether its counts are synthetic."""
    titles = _priority_titles(ctx)
    have = set(ids.astype(str))
    return table.reset_index().assign(
        area=lambda d: [
            titles[p] if p in have else f"{titles[p]} ({none})" for p in d["priority_id"]
        ],
        synthetic=lambda d: d["priority_id"].map(invented).fillna(False).astype(bool),
    )


def overdue_actions(ctx: Context) -> Section:
    """Overdue actions (a status recorded, not Blue), those rated Green all the same, and,
    apart, those past their target date with no status recorded at all."""
    late = act.overdue(ctx.tracker, ctx.reporting_date)
    green = act.green_past_target(ctx.tracker, ctx.reporting_date)
    unknown = act.past_target_without_status(ctx.tracker, ctx.reporting_date)
    words = status_words(ctx)
    cols = _tracker_columns(ctx.reporting_date, words)
    caption = f"Overdue actions: target date passed, status recorded and not {words['Blue']}"
    tables = [
        (late, caption, "No action is overdue."),
        (
            green,
            f"Actions rated {words['Green']} although their target date has passed",
            f"No action is rated {words['Green']} past its target date.",
        ),
        (
            unknown,
            f"Past their target date, status not recorded ({len(unknown)})",
            "Every action past its target date has a status recorded.",
        ),
    ]
    return Section(
        html(
            *(
                html_table(frame, cols, caption=cap, empty=empty, cls=STACK)
                for frame, cap, empty in tables
            )
        ),
        frame=late.reset_index(drop=True),
        caption=caption,
        frames={
            "green_past_target": green.reset_index(drop=True),
            "past_target_no_status": unknown.reset_index(drop=True),
        },
    )


def actions_without_status(ctx: Context) -> Section:
    """Actions with no status recorded, and apart, those whose status is an earlier cycle's
    (not updated at this reporting date): "every action has a status" is not "every action
    has this cycle's status"."""
    none = ctx.tracker[ctx.tracker["status"] == act.NO_STATUS]
    old = act.carried(ctx.tracker, ctx.reporting_date)
    cols = [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("target_date_as_written", "Target date"),
    ]
    invented = bool(status_synthetic(ctx.tracker, ctx.ds.action_updates).any())
    caption = f"Actions with no status recorded ({marked(str(len(none)), invented)})"
    words = status_words(ctx)
    old_caption = (
        f"Statuses not updated this cycle ({len(old)}; a {words['Blue']} action is closed "
        "and needs none): shown as last recorded, with the date"
    )
    old_cols = [*cols, Col("status", "Status", fmt=lambda v, r: _status_cell(r, words))]
    return Section(
        html(
            html_table(none, cols, caption=caption, empty="Every action has a status recorded."),
            html_table(
                old,
                old_cols,
                caption=old_caption,
                empty="Every status was recorded for this reporting date.",
                cls=STACK,
            ),
        ),
        frame=none.reset_index(drop=True),
        caption=caption,
        frames={"not_updated": old.reset_index(drop=True)},
    )
