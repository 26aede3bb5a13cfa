"""Cycle by cycle: each action's status and each measure's rating at every reporting cycle so
far (the status or rating that cycle's pack showed), and on the overview the actions that have
stood still at Amber or Red. Each cell is a labelled pill, so the strip reads without colour."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import history as hist
from wsoa_analysis.domain.context import Context
from wsoa_analysis.present.format import month_year
from wsoa_analysis.present.sections.common import (
    _priority_titles,
    brag_pill,
    rating_pill,
    status_words,
)
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table


def _by_cycle(frame: pd.DataFrame, cycles: list, pill) -> tuple[pd.DataFrame, list[Col]]:
    """The frame with a text column per cycle (its ISO date) and those columns, each headed
    by its month, each cell a pill (``–`` where there is nothing to show)."""
    keys = {d: d.date().isoformat() for d in cycles}
    shown = frame.rename(columns=keys).astype(dict.fromkeys(keys.values(), "object"))
    cols = [Col(keys[d], month_year(d), fmt=lambda v, r: pill(v) if v else "–") for d in cycles]
    return shown, cols


def status_history(ctx: Context, priority_id: str) -> Section:
    """Each of the area's actions with its status at every cycle so far."""
    actions = ctx.ds.actions[ctx.ds.actions["priority_id"] == str(priority_id)]
    cycles = list(ctx.cycle_dates) or [ctx.reporting_date]
    readings = ctx.settings.plan.status_readings  # the area's own status words
    frame = hist.status_history(actions, ctx.ds.action_updates, cycles, readings)
    words = status_words(ctx)
    recorded = frame.replace({act.NO_STATUS: ""})
    shown, cols = _by_cycle(recorded, cycles, lambda v: brag_pill(v, words))
    caption = "Status at each reporting cycle"
    note = Markup('<p class="small">{}</p>').format(
        "Each cycle shows the status that cycle's pack showed: the latest recorded by its "
        "reporting date (a status not updated at a cycle is carried from the one before). "
        "– : no status recorded by then."
    )
    table = html_table(shown, [Col("action_ref", "Ref"), *cols], caption=caption)
    return Section(html(table, note), frame=frame, caption=caption)


def rating_history(ctx: Context, priority_id: str) -> Section:
    """Each of the area's measures with its rating at every cycle so far."""
    kpis = ctx.ds.kpis[ctx.ds.kpis["priority_id"] == str(priority_id)]
    if kpis.empty:  # an area with no measures: nothing to show
        return Section(Markup(""), frame=pd.DataFrame(), caption="")
    cycles = list(ctx.cycle_dates) or [ctx.reporting_date]
    known = {ctx.reporting_date: ctx.card, ctx.previous_date: ctx.previous_card}
    frame = hist.rating_history(
        ctx.ds, ctx.settings, ctx.values, cycles, kpis["kpi_id"], cards=known
    )
    frame = frame.assign(title=frame["kpi_id"].map(kpis.set_index("kpi_id")["title"]))
    shown, cols = _by_cycle(frame, cycles, _short_rating)
    caption = "Rating at each reporting cycle"
    table = html_table(shown, [Col("title", "Measure"), *cols], caption=caption)
    return Section(table, frame=frame, caption=caption)


#: Each rating in a word or two, so six cycles fit across a page (the symbol and colour are
#: the scorecard's; its legend gives the full words).
SHORT_RATINGS = {
    "met": "Met",
    "green": "On track",
    "amber": "Behind",
    "red": "Off track",
    "missed": "Missed",
    "no_target": "No target",
    "no_data": "No data",
    "not_due": "Not due",
}


def _short_rating(code: str) -> Markup:
    return rating_pill(code, SHORT_RATINGS.get(code))


def unchanged_actions(ctx: Context) -> Section:
    """Actions whose status has stood at Amber or Red for three cycles or more, up to this
    one: the ones a board asks about."""
    cycles = list(ctx.cycle_dates) or [ctx.reporting_date]
    readings = ctx.settings.plan.status_readings
    frame = hist.unchanged(
        hist.status_history(ctx.ds.actions, ctx.ds.action_updates, cycles, readings)
    )
    if len(frame):
        first = [cycles[len(cycles) - n] for n in frame["cycles"]]
        frame = frame.assign(since=[month_year(d) for d in first])
    frame = frame.merge(
        ctx.ds.actions[["action_ref", "description"]], on="action_ref", how="left"
    ).assign(area=lambda d: d["priority_id"].map(_priority_titles(ctx)))
    words = status_words(ctx)
    caption = (
        f"Actions unchanged at {words['Amber']} or {words['Red']} for "
        f"{_in_words(hist.STUCK_CYCLES)} or more reporting cycles"
    )
    columns = [
        Col("action_ref", "Ref"),
        Col("area", "Area"),
        Col("description", "Action"),
        Col("status", "Status", fmt=lambda v, r: brag_pill(v, words)),
        Col("since", "At this status at every cycle since"),
    ]
    empty = f"No action has stood at {words['Amber']} or {words['Red']} for that long."
    table = html_table(frame, columns, caption=caption, empty=empty, cls="data stack")
    return Section(table, frame=frame, caption=caption)


def _in_words(n: int) -> str:
    """Small numbers in words, so a heading holds no figure (``3`` -> ``three``)."""
    words = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if 0 <= n < len(words) else str(n)
