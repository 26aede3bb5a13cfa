"""The deeper analyses an area's page adds after its action plan, as declared in the area's
settings (``pack.analyses`` in ``params/area.yaml``)::

    pack:
      analyses:
        "1":
          - kind: ehc_timeliness
            comparator_key: ehc_plans_20_weeks_ex
          - kind: weeks_to_plan
        "2":
          - kind: measures_by_year
            title: Exclusions by SEN status
            measures: [P2-04, P2-05]

The kinds are listed in ``wsoa_analysis.config.settings.ANALYSIS_KINDS``; the measures named
are checked against the data before anything runs (``Pack.check_analyses``). The generic
area notebook calls :func:`area_analyses`, so no notebook names a measure.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from wsoa_analysis.config.settings import Analysis
from wsoa_analysis.domain.context import Context
from wsoa_analysis.present.sections.analysis import (
    measures_by_year,
    requests_trend,
    timeliness_analysis,
    weeks_to_plan,
)
from wsoa_analysis.present.sections.section import Section, Sections, html

#: The kinds drawn from the record-level requests for assessment (``ehc_requests``).
FROM_REQUESTS = frozenset({"ehc_timeliness", "weeks_to_plan", "requests_trend"})

#: For each kind: its heading, a sentence saying what it shows, and how it is drawn.
KINDS: dict[str, tuple[str, str, Callable[[Context, Analysis], Section]]] = {
    "ehc_timeliness": (
        "Timeliness of new EHC plans",
        "Computed by the workbook from the record-level requests for assessment: the share of "
        "plans issued within 20 weeks of the request, exception cases left out, over the twelve "
        "months to each month end, beside the published figures for England and the "
        "statistical neighbours.",
        lambda ctx, a: timeliness_analysis(ctx, a.comparator_key),
    ),
    "weeks_to_plan": (
        "How long plans took",
        "",
        lambda ctx, a: weeks_to_plan(ctx),
    ),
    "requests_trend": (
        "Requests for EHC needs assessment",
        "",
        lambda ctx, a: requests_trend(ctx),
    ),
    "measures_by_year": (
        "Measures side by side",
        "",
        lambda ctx, a: measures_by_year(ctx, a.measures),
    ),
}


def left_out(ctx: Context, item: Analysis) -> str:
    """Why a declared analysis is left out of the page (the data it needs is not in the
    area's data), or empty where it is shown."""
    requests = ctx.ds.ehc_requests
    if item.kind in FROM_REQUESTS and (requests is None or requests.empty):
        return (
            "Left out: it is worked out from record-level requests for assessment "
            "(ehc_requests), which this area's data does not include."
        )
    return ""


def analysis(ctx: Context, item: Analysis) -> Section:
    """One declared analysis with its heading (an ``<h2>``, so it shows in the outline); one
    that needs data the area does not supply is its heading and a note saying so."""
    default_title, intro, draw = KINDS[item.kind]
    heading = Markup("<h2>{}</h2>").format(item.title or default_title)
    why = left_out(ctx, item)
    if why:
        return Section(html(heading, Markup('<p class="muted">{}</p>').format(why)))
    shown = draw(ctx, item)
    parts = [heading]
    if intro:
        parts.append(Markup("<p>{}</p>").format(intro))
    parts.append(shown)
    return Section(
        html(*parts),
        frame=shown.frame,
        figure=shown.figure,
        caption=shown.caption,
        notes=shown.notes,
        frames=shown.frames,
    )


def area_analyses(ctx: Context, priority_id: str) -> Sections:
    """The deeper analyses the area's settings declare for this priority area, each as a
    section of its own (none if the settings declare none)."""
    items = ctx.settings.pack.analyses.get(str(priority_id), [])
    return Sections([analysis(ctx, item) for item in items])
