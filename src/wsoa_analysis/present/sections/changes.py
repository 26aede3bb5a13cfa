""" "What changed since the previous cycle": ratings, targets and trajectories crossed, newly
published comparators, and actions that moved."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain import benchmarks as bm
from wsoa_analysis.domain import changes as ch
from wsoa_analysis.domain.context import Context
from wsoa_analysis.domain.units import format_measure
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.sections.common import (
    _value_cell,
    brag_pill,
    complete_word,
    has_comparators,
    rating_pill,
    status_words,
)
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table


def _published_period_words(start, end, kind=None) -> str:
    label = bm.published_period_label(start, end, kind)
    return f"calendar year {label}" if label.isdigit() else label


def _figure_words(r) -> str:
    shown = format_measure(r["value"], r) if pd.notna(r["value"]) else r["symbol"]
    words = (
        f"{r['label']}: {shown} for "
        f"{_published_period_words(r['period_start'], r['period_end'], r.get('period_kind'))}"
    )
    if r.get("relation") == ch.RELATED:
        words += f" (a related figure, not the same measure: {r['definition']})"
    # "first published" where the calendar knows the first release; else the release held
    first = "first published" if isinstance(r.get("first_release"), str) else "published"
    return f"{words}, {first} {long_date(r['shown_from'])}. Source: {r['citation']}"


def published_figures(published: pd.DataFrame) -> pd.DataFrame:
    """Newly published figures (:func:`wsoa_analysis.domain.changes.newly_published`) in
    words: ``title`` and ``figure`` ("England: 49.2% for calendar year 2022, first published
    8 June 2023. Source: ...")."""
    figures = [_figure_words(r) for _, r in published.iterrows()]
    return pd.DataFrame({"title": list(published["title"]), "figure": figures})


_MOVED_COLUMNS = [
    Col("title", "Measure"),
    Col("before", "Previous rating", fmt=lambda v, r: rating_pill(v)),
    Col("rating", "Rating now", fmt=lambda v, r: rating_pill(v)),
    Col("movement", "Change"),
]


def _change_words(r, words: dict) -> str:
    """A change of status in the area's words: ``became Complete (was On track)``."""
    now, was = words[r["status"]], words[r["previous_status"]]
    if r["previous_status"] == act.NO_STATUS:
        return f"first status recorded: {now}"
    if r["status"] == act.COMPLETE:
        return f"became {now} (was {was})"
    return f"moved from {was} to {now}"


def _action_columns(words: dict) -> list[Col]:
    return [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("change", "Change", fmt=lambda v, r: _change_words(r, words)),
    ]


def _late_columns(words: dict) -> list[Col]:
    return [
        Col("action_ref", "Ref"),
        Col("description", "Action"),
        Col("target_date_as_written", "Target date"),
        Col("status", "Status", fmt=lambda v, r: brag_pill(v, words)),
    ]


def _crossing_columns(previous_card: pd.DataFrame) -> list[Col]:
    before = previous_card.set_index("kpi_id")
    return [
        Col("title", "Measure"),
        Col("kpi_id", "Previously", numeric=True, fmt=lambda v, r: _value_cell(before.loc[v])),
        Col("latest_value", "Now", numeric=True, fmt=lambda v, r: _value_cell(r)),
        Col("change", "What changed"),
    ]


def _change_frames(ctx: Context) -> dict[str, pd.DataFrame]:
    """The numbers of what changed, from the domain, by name."""
    blue, late, other = ch.action_moves(
        ctx.ds.actions,
        ctx.ds.action_updates,
        ctx.reporting_date,
        ctx.previous_date,
        ctx.settings.plan.status_readings,
    )
    return {
        "ratings": ch.rating_changes(ctx.card, ctx.previous_card),
        "crossings": ch.crossings(ctx.card, ctx.previous_card),
        "published": ch.newly_published(
            ctx.ds.benchmarks,
            ctx.ds.kpis,
            ctx.settings.area,
            ctx.previous_date,
            ctx.reporting_date,
        ),
        "became_blue": blue,
        "became_overdue": late,
        "other_actions": other,
    }


_NONE_PUBLISHED = "No published figure was first published in this cycle."


def changes_since_previous(ctx: Context) -> Section:
    """What moved since the previous cycle: ratings, measures crossing their target or
    trajectory, newly published comparators, and actions that became Blue, became overdue or
    otherwise changed status. ``.frame`` holds the rating changes; ``.frames`` the others
    (``crossings``, ``published``, ``became_blue``, ``became_overdue``, ``other_actions``)."""
    if ctx.previous_date is None:
        return Section(
            Markup(
                '<p class="muted">This is the first cycle: there is no previous '
                "pack to compare with.</p>"
            )
        )
    since = long_date(ctx.previous_date)
    f = _change_frames(ctx)
    words = status_words(ctx)
    done = words[act.COMPLETE]
    tables = [
        (
            f["ratings"],
            _MOVED_COLUMNS,
            "Measures whose rating changed",
            "No measure's rating changed.",
        ),
        (
            f["crossings"],
            _crossing_columns(ctx.previous_card),
            "Measures that reached their target or crossed their trajectory",
            "No measure reached its target or crossed its trajectory.",
        ),
        (
            published_figures(f["published"]),
            [Col("title", "Measure"), Col("figure", "New published figure")],
            f"Published figures first published since {since}",
            _NONE_PUBLISHED,
        ),
        (
            f["became_blue"],
            _action_columns(words),
            f"Actions that became {complete_word(ctx)}",
            f"No action became {done}.",
        ),
        (
            f["became_overdue"],
            _late_columns(words),
            f"Actions that became overdue (target date passed, not {done})",
            "No action became overdue.",
        ),
        (
            f["other_actions"],
            _action_columns(words),
            "Other changes of action status",
            "No other action's status changed.",
        ),
    ]
    if not has_comparators(ctx):  # an area with no published figures says nothing of them
        tables = [t for t in tables if t[3] != _NONE_PUBLISHED]
    parts = [Markup("<p>Compared with the previous cycle, position at {}.</p>").format(since)]
    parts += [
        html_table(frame, cols, caption=cap, empty=empty, cls="data stack")
        for frame, cols, cap, empty in tables
    ]
    moved = f.pop("ratings")
    return Section(
        html(*parts), frame=moved, caption="What changed since the previous cycle", frames=f
    )
