"""The sections of the pack's pages: what each notebook cell shows.

Each function takes the reporting date's context and returns a :class:`Section` (or, for a list
of measures or analyses, :class:`Sections`): it displays in a notebook exactly as on the page,
and holds what it shows, so an analyst can take ``.frame`` (a DataFrame to filter),
``.figure`` (a matplotlib figure to restyle), ``.caption`` and ``.notes``::

    ctx = load_context("2023-06-30")
    off = sections.measures_off_track(ctx).frame
    off[off["rating"] == "red"][["kpi_id", "title", "latest_value"]]

Everything shown is computed by the library from the validated inputs; every text that comes
from data is escaped (``tables`` and ``charts`` do it).
"""

from wsoa_analysis.present.sections.analysis import (
    measures_by_year,
    requests_trend,
    timeliness_analysis,
    weeks_to_plan,
)
from wsoa_analysis.present.sections.area import (
    action_summary,
    action_tracker,
    area_scorecard,
    measure_detail,
    measure_details,
    priority_intro,
)
from wsoa_analysis.present.sections.changes import changes_since_previous
from wsoa_analysis.present.sections.common import SYNTHETIC_NOTE, cycle_banner, data_notes
from wsoa_analysis.present.sections.extras import area_analyses
from wsoa_analysis.present.sections.history import (
    rating_history,
    status_history,
    unchanged_actions,
)
from wsoa_analysis.present.sections.overview import (
    about_the_plan,
    actions_by_area,
    actions_without_status,
    measures_off_track,
    overdue_actions,
    overview_at_a_glance,
    ratings_by_area,
)
from wsoa_analysis.present.sections.section import Section, Sections
from wsoa_analysis.present.sections.story import (
    highlight_report,
    highlights_summary,
    recommendations,
    voice,
)

__all__ = [
    "highlight_report",
    "highlights_summary",
    "voice",
    "recommendations",
    "SYNTHETIC_NOTE",
    "Section",
    "Sections",
    "cycle_banner",
    "data_notes",
    "priority_intro",
    "area_scorecard",
    "measure_details",
    "measure_detail",
    "action_summary",
    "action_tracker",
    "status_history",
    "rating_history",
    "unchanged_actions",
    "area_analyses",
    "about_the_plan",
    "overview_at_a_glance",
    "ratings_by_area",
    "measures_off_track",
    "actions_by_area",
    "overdue_actions",
    "actions_without_status",
    "changes_since_previous",
    "timeliness_analysis",
    "weeks_to_plan",
    "requests_trend",
    "measures_by_year",
]
