"""Everything a build reads, checked at once for ``wsoa validate``: the data tables, the
area's settings (``params/area.yaml``) and what they name in the data, every cycle file, and
every commentary file. Every problem in any of them is raised together, so one run of
``wsoa validate`` lists all there is to fix."""

from __future__ import annotations

from pathlib import Path

from wsoa_analysis.config.settings import AREA_FILE, load_area, read_cycle_files
from wsoa_analysis.errors import InputError, Problem, SettingsError
from wsoa_analysis.inputs import commentary
from wsoa_analysis.inputs.load import Dataset, load_dataset
from wsoa_analysis.inputs.settings_checks import settings_problems


def check_inputs(data_dir: Path, params_dir: Path) -> Dataset:
    """The dataset, once the data, settings, cycle files and commentary have all been
    checked; else :class:`InputError` listing every problem in any of them. Without a
    settings folder, the data and commentary alone are checked."""
    problems: list[Problem] = []
    settings = None
    params = Path(params_dir)
    if params.is_dir():
        if not (params / AREA_FILE).is_file():
            problems.append(
                Problem(str(params / AREA_FILE), None, None, None, "the file is missing")
            )
        else:
            try:
                settings = load_area(params)
            except SettingsError as err:
                problems += err.problems
        cycles = read_cycle_files(params)
        problems += cycles.problems()
        if not cycles.good and not cycles.broken:  # nothing a pack could be built for
            problems.append(
                Problem(
                    str(params),
                    None,
                    None,
                    None,
                    "has no cycle file: add one params/YYYY-MM-DD.yaml per reporting cycle "
                    "(wsoa new-cycle writes one)",
                )
            )
    try:
        ds = load_dataset(data_dir, settings.plan.statuses if settings else None)
    except InputError as err:
        raise InputError(problems + err.problems) from err
    if settings is not None:
        problems += settings_problems(settings, ds)
    priorities, kpis = set(ds.priorities["priority_id"]), set(ds.kpis["kpi_id"])
    areas = settings.plan.areas if settings else None
    problems += commentary.folder_problems(data_dir, priorities, kpis, areas)
    if problems:
        raise InputError(problems)
    return ds
