"""Settings in ``params/``: the area's settings (``area.yaml``) and one file per reporting cycle.

Both are validated strictly (unknown keys are errors), so a misspelt setting is caught before
anything runs, and no value from a file can reach a notebook as code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wsoa_analysis.dates import long_date
from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.errors import ParameterError

AREA_FILE = "area.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Neighbours(_Strict):
    source: str = ""
    codes: list[str] = Field(default_factory=list)


class Area(_Strict):
    name: str
    code: str
    old_la_code: str | None = None
    region_code: str | None = None
    statistical_neighbours: Neighbours = Field(default_factory=Neighbours)


class Plan(_Strict):
    title: str
    end_date: dt.date  # the target date of a measure whose target states none


#: The deeper analyses an area's page can add after its action plan (see
#: ``wsoa_analysis.present.sections.extras``, which draws each kind).
ANALYSIS_KINDS = (
    "ehc_timeliness",  # 20-week timeliness from the record-level requests, rolling 12 months
    "weeks_to_plan",  # how long plans took, in weeks (record-level requests)
    "requests_trend",  # requests for assessment each month (record-level requests)
    "measures_by_year",  # several count measures side by side, academic year by year
)


class Analysis(_Strict):
    """One deeper analysis on an area's page: its kind, and the measures or published
    series it uses (checked against the data by :meth:`Pack.check_analyses`)."""

    kind: Literal[ANALYSIS_KINDS]  # type: ignore[valid-type]
    title: str | None = None  # heading; each kind has its own by default
    measures: list[str] = Field(default_factory=list)
    comparator_key: str | None = None  # benchmarks.csv measure_key drawn beside local figures


class Pack(_Strict):
    appendix_title: str = "Performance reporting pack"
    organisation: str = ""
    # priority_id -> notebook in notebooks/ of the area's own; an area not listed is run
    # through the generic priority_area.ipynb
    notebooks: dict[str, str] = Field(default_factory=dict)
    # priority_id -> the deeper analyses its page shows after the action plan
    analyses: dict[str, list[Analysis]] = Field(default_factory=dict)

    def check_analyses(self, priority_ids: set[str], kpi_ids: set[str]) -> list[str]:
        """What is wrong with the declared analyses against the data: unknown areas or
        measures, a kind that needs measures given none. Empty when all is well."""
        problems = []
        for pid, items in self.analyses.items():
            if pid not in priority_ids:
                problems.append(
                    f"pack.analyses: no priority area {pid!r} in priorities.csv "
                    f"(known: {', '.join(sorted(priority_ids))})"
                )
            for i, item in enumerate(items, start=1):
                where = f"pack.analyses[{pid!r}] item {i} ({item.kind})"
                unknown = [m for m in item.measures if m not in kpi_ids]
                if unknown:
                    problems.append(
                        f"{where}: no measure {', '.join(map(repr, unknown))} in kpis.csv"
                    )
                if item.kind == "measures_by_year" and not item.measures:
                    problems.append(f"{where}: list the measures to show, e.g. measures: [P2-04]")
        return problems


class RatingRules(_Strict):
    amber_band_percent_of_distance: float = Field(10, ge=0, le=100)
    maintain_band_percent: float = Field(5, ge=0, le=100)
    no_change_band_percent: float = Field(0, ge=0, le=100)
    first_value_as_baseline: bool = True


class AreaSettings(_Strict):
    area: Area
    plan: Plan
    pack: Pack = Field(default_factory=Pack)
    rating: RatingRules = Field(default_factory=RatingRules)
    disclosure: DisclosurePolicy = Field(default_factory=DisclosurePolicy)

    @field_validator("disclosure", mode="before")
    @classmethod
    def _empty_section_is_the_default(cls, value):
        """``disclosure:`` with nothing under it: the default policy. (A section with settings
        is read by the policy itself, whose messages name the value and a valid example.)"""
        return DisclosurePolicy() if value is None else value


class Cycle(_Strict):
    """One reporting cycle: the reporting date and what the pack calls the cycle."""

    reporting_date: dt.date
    cycle_name: str
    meeting: str = ""
    previous_reporting_date: dt.date | None = None

    @field_validator("cycle_name")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ParameterError(f"{path}: cannot be read ({err.strerror})") from err
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ParameterError(f"{path}: is not valid YAML ({err})") from err
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: expected settings as 'name: value' lines")
    return data


def _explain(path: Path, err: ValidationError) -> ParameterError:
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "(file)"
        if e["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown setting {where!r}")
        else:
            value = e.get("input")
            shown = "" if isinstance(value, dict) else f" = {value!r}"
            lines.append(f"{path}: setting {where!r}{shown}: {e['msg']}")
    return ParameterError("\n".join(lines))


def load_area(params_dir: Path) -> AreaSettings:
    path = Path(params_dir) / AREA_FILE
    try:
        return AreaSettings.model_validate(_read_yaml(path))
    except ValidationError as err:
        raise _explain(path, err) from err
    except ParameterError as err:  # the disclosure policy's own message
        raise ParameterError(f"{path}: {err}") from err


def load_cycle(path: Path) -> Cycle:
    path = Path(path)
    try:
        return Cycle.model_validate(_read_yaml(path))
    except ValidationError as err:
        raise _explain(path, err) from err


def cycle_files(params_dir: Path) -> list[Path]:
    """Every cycle file in ``params/``, oldest reporting date first."""
    files = [p for p in Path(params_dir).glob("*.yaml") if p.name != AREA_FILE]
    return sorted(files, key=lambda p: load_cycle(p).reporting_date)


def cycles(params_dir: Path) -> list[Cycle]:
    return [load_cycle(p) for p in cycle_files(params_dir)]


#: What a notebook's ``reporting_date`` says to mean the newest cycle in ``params/``.
NEWEST = "latest"


def newest_cycle_date(params_dir: Path) -> dt.date:
    """The reporting date of the newest cycle in ``params/``."""
    known = cycles(params_dir)
    if not known:
        raise ParameterError(
            f"no cycle files in {params_dir}: add one (e.g. 2023-09-30.yaml, with "
            "`wsoa new-cycle`) or give a reporting date"
        )
    return known[-1].reporting_date


def reporting_date_or_newest(reporting_date, params_dir: Path):
    """``reporting_date`` as given, or the newest cycle's date where it says ``"latest"`` (or
    is empty): so a notebook opens on the newest cycle, while a build passes its date."""
    if reporting_date is None or str(reporting_date).strip() in ("", NEWEST):
        return newest_cycle_date(params_dir)
    return reporting_date


def default_cycle_name(reporting_date: dt.date) -> str:
    """What a cycle is called when nobody named it: ``Position at 30 June 2023``."""
    return f"Position at {long_date(reporting_date)}"


def cycle_for_date(params_dir: Path, reporting_date: dt.date) -> Cycle:
    """The cycle whose reporting date this is, or an ad-hoc cycle named after the date."""
    for c in cycles(params_dir):
        if c.reporting_date == reporting_date:
            return c
    name = default_cycle_name(reporting_date)
    return Cycle(reporting_date=reporting_date, cycle_name=name)


def previous_cycle_date(params_dir: Path, reporting_date: dt.date) -> dt.date | None:
    """The reporting date of the cycle before this one: the cycle file's own
    ``previous_reporting_date`` where set, else the latest earlier cycle in ``params/``."""
    earlier = [c.reporting_date for c in cycles(params_dir) if c.reporting_date < reporting_date]
    for c in cycles(params_dir):
        if c.reporting_date == reporting_date and c.previous_reporting_date:
            return c.previous_reporting_date
    return max(earlier) if earlier else None
