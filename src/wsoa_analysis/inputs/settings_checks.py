"""The area's settings checked against its data: what ``params/area.yaml`` names (the areas
and measures its deeper analyses use) must exist in the tables. Run before anything is built,
by ``wsoa validate``, the build's plan and :func:`wsoa_analysis.context.load_context`."""

from __future__ import annotations

from wsoa_analysis.config.settings import AREA_FILE, AreaSettings
from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.inputs.load import Dataset


def settings_problems(settings: AreaSettings, ds: Dataset) -> list[Problem]:
    """Every setting that names something the data does not have."""
    messages = settings.pack.check_analyses(
        set(ds.priorities["priority_id"]), set(ds.kpis["kpi_id"])
    )
    findings = settings.plan.check_areas(set(ds.priorities["priority_id"]))
    return [Problem(AREA_FILE, None, "pack.analyses", None, m) for m in messages] + [
        Problem(AREA_FILE, None, "plan.inspection.findings", None, m) for m in findings
    ]


def check_settings(settings: AreaSettings, ds: Dataset) -> None:
    """Raise :class:`InputError` listing every setting the data contradicts."""
    problems = settings_problems(settings, ds)
    if problems:
        raise InputError(problems)
