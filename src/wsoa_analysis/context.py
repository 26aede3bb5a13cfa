"""Loading the context for a reporting date from a data folder and a settings folder: the one
place where files become a :class:`~wsoa_analysis.domain.context.Context`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wsoa_analysis.config.settings import cycle_for_date, load_area, previous_cycle_date
from wsoa_analysis.domain.context import Context, compute_context
from wsoa_analysis.domain.periods import to_date
from wsoa_analysis.inputs import commentary
from wsoa_analysis.inputs.checks import check_reporting_date
from wsoa_analysis.inputs.load import load_dataset


def find_path(path) -> Path:
    """A relative path as given if it exists from here, else from the nearest folder above
    that has it: so ``data`` works from the project root (papermill on the command line) and
    from ``notebooks/`` (JupyterLab) alike."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    for parent in Path.cwd().resolve().parents:
        if (parent / p).exists():
            return parent / p
    return p  # let the loader report it missing


def load_context(reporting_date, data_dir="data", params_dir="params") -> Context:
    """Load and validate the inputs and compute everything the pages show for a reporting
    date. ``data_dir`` and ``params_dir`` may be relative to the project root or to
    ``notebooks/``."""
    date = to_date(reporting_date)
    data_dir, params_dir = find_path(data_dir), find_path(params_dir)
    settings = load_area(params_dir)
    ds = load_dataset(data_dir)
    check_reporting_date(ds.tables, date)
    cycle = cycle_for_date(params_dir, date.date())
    prev = previous_cycle_date(params_dir, date.date())
    notes = commentary.load(
        data_dir, date, set(ds.priorities["priority_id"]), set(ds.kpis["kpi_id"])
    )
    return compute_context(ds, settings, cycle, date, pd.Timestamp(prev) if prev else None, notes)
