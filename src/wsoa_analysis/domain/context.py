"""Everything a page needs for one reporting date, computed from validated inputs.

:class:`Context` holds the inputs and the numbers computed from them once: every measure's
values, the scorecard at the reporting date and at the previous cycle's, and the action tracker.
Reading the files that make one is :func:`wsoa_analysis.context.load_context`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from wsoa_analysis.config.settings import AreaSettings, Cycle
from wsoa_analysis.domain import actions as act
from wsoa_analysis.domain.closures import with_closures
from wsoa_analysis.domain.history import cycles_so_far
from wsoa_analysis.domain.scorecard import scorecard
from wsoa_analysis.domain.synthetic import any_synthetic
from wsoa_analysis.domain.values import measure_values
from wsoa_analysis.inputs.commentary import Commentary
from wsoa_analysis.inputs.load import Dataset


@dataclass
class Context:
    """Everything a page needs for one reporting date, computed once."""

    reporting_date: pd.Timestamp
    ds: Dataset
    settings: AreaSettings
    cycle: Cycle
    previous_date: pd.Timestamp | None
    values: pd.DataFrame
    card: pd.DataFrame
    tracker: pd.DataFrame
    previous_card: pd.DataFrame | None = None
    notes: list = field(default_factory=list)
    commentary: Commentary = field(default_factory=Commentary)
    #: Every reporting cycle's date up to this one, oldest first (for histories).
    cycle_dates: list = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        """True where any figure on the pages comes from invented example data."""
        return any_synthetic(self.values, self.ds.action_updates)

    def priority(self, priority_id: str) -> pd.Series:
        """The priority area's row of ``priorities.csv`` (an id given as a number is read as
        text, as papermill passes ``-p priority_id 2``)."""
        priority_id = str(priority_id)
        pri = self.ds.priorities.set_index("priority_id")
        if priority_id not in pri.index:
            known = ", ".join(pri.index)
            raise KeyError(f"no priority area {priority_id!r} (known: {known})")
        return pri.loc[priority_id]


def compute_context(
    ds: Dataset,
    settings: AreaSettings,
    cycle: Cycle,
    reporting_date: pd.Timestamp,
    previous_date: pd.Timestamp | None = None,
    commentary: Commentary | None = None,
    cycle_dates=(),
) -> Context:
    """The numbers for one reporting date from a validated dataset and the area's settings
    (``cycle_dates``: the dates of the plan's reporting cycles, for histories)."""
    values = measure_values(ds, settings.disclosure)
    card = scorecard(ds, settings, reporting_date, values)
    prev_card = scorecard(ds, settings, previous_date, values) if previous_date else None
    tracker = act.status_at(
        ds.actions, ds.action_updates, reporting_date, settings.plan.status_readings
    )
    signs_off = settings.plan.governance.signs_off
    tracker = with_closures(tracker, ds.tables.get("closures"), reporting_date, signs_off)
    return Context(
        reporting_date,
        ds,
        settings,
        cycle,
        previous_date,
        values,
        card,
        tracker,
        prev_card,
        list(ds.notes),
        commentary or Commentary(),
        cycles_so_far([*cycle_dates, *([previous_date] if previous_date else [])], reporting_date),
    )
