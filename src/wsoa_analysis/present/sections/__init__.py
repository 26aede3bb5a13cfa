"""The sections of the pack's pages. Each function returns one block of HTML for a notebook
cell to display, so the notebooks stay a list of headings and one call per cell.

Everything shown is computed here from the validated inputs by the library; every text that
comes from data is escaped (``tables`` and ``charts`` do it)."""

from wsoa_analysis.present.sections.analysis import (
    exclusions_by_sen_status,
    requests_trend,
    timeliness_analysis,
    weeks_to_plan,
)
from wsoa_analysis.present.sections.area import (
    action_summary,
    action_tracker,
    area_scorecard,
    measure_details,
    priority_intro,
)
from wsoa_analysis.present.sections.changes import (
    _action_moves,
    _crossings,
    _newly_published,
    _rating_changes,
    changes_since_previous,
)
from wsoa_analysis.present.sections.common import (
    SCORECARD_COLUMNS,
    SYNTHETIC_MARK,
    SYNTHETIC_NOTE,
    Block,
    brag_pill,
    cycle_banner,
    data_notes,
    rating_pill,
    synthetic_mark,
)
from wsoa_analysis.present.sections.overview import (
    actions_by_area,
    actions_without_status,
    measures_off_track,
    overdue_actions,
    overview_at_a_glance,
    ratings_by_area,
)

__all__ = [
    "SYNTHETIC_MARK",
    "SYNTHETIC_NOTE",
    "synthetic_mark",
    "Block",
    "rating_pill",
    "brag_pill",
    "SCORECARD_COLUMNS",
    "cycle_banner",
    "data_notes",
    "priority_intro",
    "area_scorecard",
    "measure_details",
    "action_summary",
    "action_tracker",
    "overview_at_a_glance",
    "ratings_by_area",
    "measures_off_track",
    "actions_by_area",
    "overdue_actions",
    "actions_without_status",
    "_rating_changes",
    "_crossings",
    "_action_moves",
    "_newly_published",
    "changes_since_previous",
    "timeliness_analysis",
    "weeks_to_plan",
    "requests_trend",
    "exclusions_by_sen_status",
]
