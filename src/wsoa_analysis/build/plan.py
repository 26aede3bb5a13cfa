"""Which pages a pack has and which reporting dates to build: the overview, then one page per
priority area; the inputs are validated before anything is planned, and the date's commentary
is checked against the plan's areas and measures."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.config.plan import default_area_label
from wsoa_analysis.config.settings import AreaSettings, Cycle, cycle_for_date
from wsoa_analysis.domain.slugs import page_slug, slug
from wsoa_analysis.errors import BuildError, ParameterError

OVERVIEW = "overview"
GENERIC_AREA_NOTEBOOK = "priority_area.ipynb"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    """One page of the pack: which notebook makes it and with which parameters."""

    slug: str
    title: str
    notebook: Path
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """The pages to build, whether any figure is synthetic, the dataset where it was loaded
    to make the plan (None when the plan was reused), and the date's commentary as checked
    (``{"areas": {id: text}, "measures": {id: text}}``)."""

    pages: list[PageSpec]
    synthetic: bool
    dataset: object = None
    commentary: dict = field(default_factory=dict)


def _slug(text: str) -> str:
    """An id's safe name (the rule is ``domain.slugs``'s)."""
    return slug(text)


def plan_pages(
    ds, notebooks_dir: Path, own: dict[str, str] | None = None, label=None
) -> list[PageSpec]:
    """The overview, then one page per priority area: the area's own notebook where the
    area's settings name one (``pack.notebooks``), else the generic one with the area's id."""
    notebooks_dir = Path(notebooks_dir)
    pages = [PageSpec(OVERVIEW, "Overview", notebooks_dir / "overview.ipynb")]
    pri = ds.priorities
    if "sort_order" in pri and pri["sort_order"].notna().all():
        pri = pri.sort_values("sort_order", kind="stable")
    for _, p in pri.iterrows():
        pid = str(p["priority_id"])
        notebook = notebooks_dir / (own or {}).get(pid, GENERIC_AREA_NOTEBOOK)
        pages.append(
            PageSpec(
                page_slug(pid),
                f"{(label or default_area_label)(pid)}: {p['title']}",
                notebook,
                {"priority_id": pid},
            )
        )
    _check_inside(pages, notebooks_dir, own or {})
    missing = sorted({str(pg.notebook) for pg in pages if not pg.notebook.exists()})
    if missing:
        raise BuildError(f"notebook(s) not found: {', '.join(missing)}")
    return pages


def _check_inside(pages: list[PageSpec], notebooks_dir: Path, own: dict[str, str]) -> None:
    """Refuse a notebook that is not inside the notebooks folder once links and ``..`` are
    resolved (one the area's settings name, ``pack.notebooks``, or one linked from the folder
    to elsewhere): a build runs only the project's own notebooks."""
    from wsoa_analysis.config.settings import AREA_FILE
    from wsoa_analysis.errors import InputError, Problem

    folder = Path(notebooks_dir).resolve()
    problems = []
    for page in pages:
        if page.notebook.resolve().is_relative_to(folder):
            continue
        pid = str(page.parameters.get("priority_id"))
        said = f"is outside the notebooks folder {folder}: a build runs only notebooks in it"
        if pid in own:
            said = f"setting 'pack.notebooks.{pid}' = {own[pid]!r} {said}"
            problems.append(Problem(AREA_FILE, None, None, None, said))
        else:
            problems.append(Problem(str(page.notebook), None, None, None, said))
    if problems:
        raise InputError(problems)


def plan_key(
    options: PackOptions,
    settings: AreaSettings,
    reporting_date: dt.date,
    environment: str,
    inputs: str,
) -> str:
    """The key of the plan made for exactly these inputs (see :func:`validate_and_plan`)."""
    return cache.plan_key(
        environment,
        inputs,
        reporting_date.isoformat(),
        options.notebooks_dir,
        settings.pack.notebooks,
    )


def validate_and_plan(
    options: PackOptions,
    settings: AreaSettings,
    reporting_date: dt.date,
    store: BuildCache,
    environment: str,
    inputs: str,
    log: Listener | None = None,
) -> Plan:
    """Validate the inputs and plan the pages, or reuse the plan made for exactly these inputs
    (which were valid then, so are valid now); then check the date's commentary."""
    key = plan_key(options, settings, reporting_date, environment, inputs)
    date = reporting_date.isoformat()
    hit = store.get_json("plan", key)
    if hit is not None and "kpis" in hit:
        emit(_log, log, BuildEvent("plan_reused", date, path=str(options.data_dir)))
        pages = [
            PageSpec(p["slug"], p["title"], Path(p["notebook"]), p["parameters"])
            for p in hit["pages"]
        ]
        _check_inside(pages, options.notebooks_dir, settings.pack.notebooks)
        if all(p.notebook.exists() for p in pages):
            notes = read_commentary(
                options, date, hit["priorities"], hit["kpis"], store, key, settings.plan.areas
            )
            return Plan(pages, hit["synthetic"], None, notes)
    from wsoa_analysis.domain.synthetic import any_synthetic
    from wsoa_analysis.inputs.checks import check_reporting_date
    from wsoa_analysis.inputs.load import load_dataset
    from wsoa_analysis.inputs.settings_checks import check_settings

    emit(_log, log, BuildEvent("validating", date, path=str(options.data_dir)))
    # bad input stops here: nothing is run or published
    ds = load_dataset(options.data_dir, settings.plan.statuses)
    check_reporting_date(ds.tables, reporting_date)
    check_settings(settings, ds)  # e.g. an analysis naming a measure the data does not have
    pages = plan_pages(
        ds, options.notebooks_dir, settings.pack.notebooks, settings.plan.areas.label_for
    )
    synthetic = any_synthetic(ds.observations, ds.ehc_requests, ds.action_updates)
    stored = {
        "synthetic": synthetic,
        "pages": [
            {
                "slug": p.slug,
                "title": p.title,
                "notebook": str(p.notebook),
                "parameters": p.parameters,
            }
            for p in pages
        ],
        "priorities": sorted(set(ds.priorities["priority_id"])),
        "kpis": sorted(set(ds.kpis["kpi_id"])),
    }
    store.put_json("plan", key, stored)
    notes = read_commentary(
        options, date, stored["priorities"], stored["kpis"], store, key, settings.plan.areas
    )
    return Plan(pages, synthetic, ds, notes)


def read_commentary(
    options: PackOptions,
    date: str,
    priorities: list,
    kpis: list,
    store: BuildCache,
    plan: str,
    areas=None,
) -> dict:
    """The date's commentary, every heading checked against the plan's areas and measures
    (:class:`InputError` naming the line of one that names neither); taken from the cache while
    the file is as it was when last checked."""
    key = _commentary_key(options, date, plan)
    said = store.get_json("commentary", key)
    if said is None:
        from wsoa_analysis.inputs import commentary

        notes = commentary.load(options.data_dir, date, set(priorities), set(kpis), areas)
        said = {"areas": dict(notes.areas), "measures": dict(notes.measures)}
        store.put_json("commentary", key, said)
    return said


def commentary_checked(options: PackOptions, date: str, store: BuildCache, plan: str) -> bool:
    """Whether the date's commentary is as it was when last checked for this plan."""
    return store.get("commentary", _commentary_key(options, date, plan), ".json") is not None


def _commentary_key(options: PackOptions, date: str, plan: str) -> str:
    path = cache.commentary_file(options.data_dir, date)
    text = path.read_bytes() if Path(options.data_dir).is_dir() and path.is_file() else None
    return cache.commentary_key(plan, text)


def resolve_dates(
    params_dir: Path,
    *,
    date: dt.date | None = None,
    cycle_file: Path | None = None,
    latest: bool = False,
    every: bool = False,
) -> list[tuple[dt.date, Cycle]]:
    """Which reporting dates to build from the command's options. A cycle file that cannot be
    read stops only the builds that read it: its own date's, ``latest`` where it may be the
    newest, and ``every``."""
    from wsoa_analysis.config.settings import load_cycle, newest_cycle_date, read_cycle_files

    if cycle_file is not None:
        c = load_cycle(cycle_file)
        return [(c.reporting_date, c)]
    if date is not None:
        return [(date, cycle_for_date(params_dir, date))]
    found = read_cycle_files(params_dir)
    if not found.good and not found.broken:
        raise ParameterError(f"no cycle files (YYYY-MM-DD.yaml) in {params_dir}")
    if latest:
        newest = newest_cycle_date(params_dir)
        return [(newest, cycle_for_date(params_dir, newest))]
    if every:
        found.check()
        return [(c.reporting_date, c) for _, c in found.good]
    raise ParameterError("say which cycle to build: --date, a cycle file, --latest or --all")
