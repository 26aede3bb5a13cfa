"""Starting a reporting cycle: the cycle's file in ``params/`` and an empty commentary file
listing every area (named as the plan names them) and measure, for officers to fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from wsoa_analysis.config.settings import AREA_FILE, default_cycle_name, load_area
from wsoa_analysis.errors import ParameterError
from wsoa_analysis.inputs import commentary
from wsoa_analysis.inputs.load import load_dataset


def new_cycle(
    reporting_date: dt.date, name: str = "", *, data_dir: Path, params_dir: Path, meeting: str = ""
) -> list[Path]:
    """Write ``params/DATE.yaml`` and ``data/commentary/DATE.md`` (the commentary beside the
    workbook where the data is one); never overwrite either."""
    params_dir, data_dir = Path(params_dir), Path(data_dir)
    cycle_file = params_dir / f"{reporting_date.isoformat()}.yaml"
    notes_file = commentary.path_for(data_dir, reporting_date)
    for path in (cycle_file, notes_file):
        if path.exists():
            raise ParameterError(f"{path} already exists: edit it, or remove it first")
    plan = load_area(params_dir).plan if (params_dir / AREA_FILE).exists() else None
    ds = load_dataset(data_dir, plan.statuses if plan else None)
    name = name.strip() or default_cycle_name(reporting_date)
    body = {"reporting_date": reporting_date, "cycle_name": name}
    if meeting.strip():
        body["meeting"] = meeting.strip()
    notes = commentary.scaffold(
        ds.priorities, ds.kpis, reporting_date, name, plan.areas if plan else None
    )
    # both folders first, so that nothing is written unless both files can be
    for folder in (cycle_file.parent, notes_file.parent):
        folder.mkdir(parents=True, exist_ok=True)
    cycle_file.write_text(
        yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    notes_file.write_text(notes, encoding="utf-8")
    return [cycle_file, notes_file]
