"""Settings in ``params/``: the area's settings (``area.yaml``) and one file per reporting cycle.

Both are validated strictly (unknown keys are errors), so a misspelt setting is caught before
anything runs, and no value from a file can reach a notebook as code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wsoa_analysis.config.plan import SYNTHETIC_NOTE, PlanWords
from wsoa_analysis.config.yaml_file import read_yaml as _read_yaml
from wsoa_analysis.dates import long_date
from wsoa_analysis.disclosure.policy import DisclosurePolicy
from wsoa_analysis.errors import QUOTE_LIMIT, ParameterError, Problem, SettingsError, quoted

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


class Plan(PlanWords):  # its words: config/plan.py
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
    # what the pages and the cover say where figures are synthetic (invented example data)
    synthetic_note: str = SYNTHETIC_NOTE
    # priority_id -> notebook in notebooks/ of the area's own; an area not listed is run
    # through the generic priority_area.ipynb
    notebooks: dict[str, str] = Field(default_factory=dict)
    # priority_id -> the deeper analyses its page shows after the action plan
    analyses: dict[str, list[Analysis]] = Field(default_factory=dict)

    @field_validator("notebooks")
    @classmethod
    def _inside_the_notebooks_folder(cls, value: dict[str, str]) -> dict[str, str]:
        """A notebook is named relative to the notebooks folder, and must be in it (the build
        also resolves links, see ``build.plan``)."""
        for pid, name in value.items():
            parts = Path(name).parts
            if Path(name).is_absolute() or ".." in parts or not name.endswith(".ipynb"):
                raise ValueError(
                    f"area {pid}: {quoted(name)} is not a notebook in the notebooks folder "
                    "(write its name there, e.g. priority_1.ipynb)"
                )
        return value

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
    #: What the meeting's papers call the pack ("Appendix 2"): on the PDF's cover and in its
    #: running header. Each meeting numbers its appendices, so it belongs to the cycle.
    appendix_label: str = ""

    @field_validator("cycle_name")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()


def _explain(path: Path, err: ValidationError, lines: dict[tuple, int]) -> SettingsError:
    problems = []
    for e in err.errors():
        loc = tuple(e["loc"])
        where = ".".join(str(p) for p in loc) or "(file)"
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
        at = f" (line {line})" if line else ""
        if e["type"] == "extra_forbidden":
            message = f"unknown setting {where!r}{at}"
        else:
            value = e.get("input")
            shown = "" if isinstance(value, dict) else f" = {quoted(value)}"
            message = f"setting {where!r}{shown}: {str(e['msg'])[:QUOTE_LIMIT]}{at}"
        problems.append(Problem(str(path), None, None, None, message))
    return SettingsError(problems)


def load_area(params_dir: Path) -> AreaSettings:
    path = Path(params_dir) / AREA_FILE
    data, lines = _read_yaml(path)
    try:
        return AreaSettings.model_validate(data)
    except ValidationError as err:
        raise _explain(path, err, lines) from err
    except SettingsError:
        raise
    except ParameterError as err:  # the disclosure policy's own message
        at = lines.get(("disclosure",))
        problems = [
            Problem(str(path), None, None, None, f"{said} (line {at})" if at else said)
            for said in str(err).splitlines()
        ]
        raise SettingsError(problems) from err


def load_cycle(path: Path) -> Cycle:
    path = Path(path)
    data, lines = _read_yaml(path)
    try:
        return Cycle.model_validate(data)
    except ValidationError as err:
        raise _explain(path, err, lines) from err


@dataclass(frozen=True)
class CycleFiles:
    """The cycle files in ``params/``: those that can be read, oldest reporting date first,
    and those that cannot, each with its error. A file that cannot be read breaks only what
    reads it: a build of its date (the date in its name, ``YYYY-MM-DD.yaml``), ``--latest``
    when it may be the newest, and ``--all``."""

    good: list[tuple[Path, Cycle]]
    broken: dict[Path, SettingsError]

    def dates_of_broken(self) -> dict[Path, dt.date | None]:
        """The date each broken file is named for (None: its name is not a date)."""
        return {p: _named_date(p) for p in self.broken}

    def problems(self) -> list[Problem]:
        """Every problem in every cycle file, and any reporting date two files share."""
        found = [pr for err in self.broken.values() for pr in err.problems]
        first: dict[dt.date, Path] = {}
        for path, c in self.good:
            if c.reporting_date in first:
                found.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        None,
                        f"reporting_date {c.reporting_date} is also the reporting date of "
                        f"{first[c.reporting_date]}: keep one file per cycle",
                    )
                )
            first.setdefault(c.reporting_date, path)
        return found

    def check(self) -> None:
        """Raise :class:`SettingsError` listing every problem in every cycle file."""
        if self.problems():
            raise SettingsError(self.problems())


def _named_date(path: Path) -> dt.date | None:
    try:
        return dt.date.fromisoformat(path.stem) if len(path.stem) == 10 else None
    except ValueError:
        return None


def read_cycle_files(params_dir: Path) -> CycleFiles:
    """Every cycle file in ``params/`` read, the broken ones kept with their errors."""
    good, broken = [], {}
    for path in sorted(Path(params_dir).glob("*.yaml")):
        if path.name == AREA_FILE:
            continue
        try:
            good.append((path, load_cycle(path)))
        except SettingsError as err:
            broken[path] = err
    good.sort(key=lambda pc: pc[1].reporting_date)
    return CycleFiles(good, broken)


def cycle_files(params_dir: Path) -> list[Path]:
    """Every cycle file in ``params/`` that can be read, oldest reporting date first."""
    return [path for path, _ in read_cycle_files(params_dir).good]


def cycles(params_dir: Path) -> list[Cycle]:
    """Every cycle that can be read, oldest first (see :func:`read_cycle_files` for the
    others)."""
    return [c for _, c in read_cycle_files(params_dir).good]


#: What a notebook's ``reporting_date`` says to mean the newest cycle in ``params/``.
NEWEST = "latest"


def newest_cycle_date(params_dir: Path) -> dt.date:
    """The reporting date of the newest cycle in ``params/``; a broken cycle file that may be
    the newest (named for a later date, or not for a date) is raised."""
    found = read_cycle_files(params_dir)
    newest = found.good[-1][1].reporting_date if found.good else None
    blocking = [
        found.broken[p]
        for p, day in found.dates_of_broken().items()
        if day is None or newest is None or day > newest
    ]
    if blocking:
        raise SettingsError([pr for err in blocking for pr in err.problems])
    if newest is None:
        raise ParameterError(
            f"no cycle files in {params_dir}: add one (e.g. 2023-09-30.yaml, with "
            "`wsoa new-cycle`) or give a reporting date"
        )
    return newest


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
    """The cycle whose reporting date this is, or an ad-hoc cycle named after the date. The
    date's own cycle file, if it cannot be read, is raised (no other broken file is)."""
    found = read_cycle_files(params_dir)
    for _, c in found.good:
        if c.reporting_date == reporting_date:
            return c
    for path, day in found.dates_of_broken().items():
        if day == reporting_date:
            raise found.broken[path]
    name = default_cycle_name(reporting_date)
    return Cycle(reporting_date=reporting_date, cycle_name=name)


def previous_cycle_date(params_dir: Path, reporting_date: dt.date) -> dt.date | None:
    """The reporting date of the cycle before this one: the cycle file's own
    ``previous_reporting_date`` where set, else the latest earlier cycle in ``params/`` (a
    broken file counts by the date in its name)."""
    found = read_cycle_files(params_dir)
    known = [c.reporting_date for _, c in found.good]
    known += [day for day in found.dates_of_broken().values() if day is not None]
    earlier = [day for day in known if day < reporting_date]
    for _, c in found.good:
        if c.reporting_date == reporting_date and c.previous_reporting_date:
            return c.previous_reporting_date
    return max(earlier) if earlier else None
