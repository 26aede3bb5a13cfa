"""Which pages a pack has and which reporting dates to build: the overview, then one page per
priority area; the inputs are validated before anything is planned."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from wsoa_analysis.build import cache
from wsoa_analysis.build.cache import BuildCache
from wsoa_analysis.build.events import BuildEvent, Listener, emit
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.config.settings import AreaSettings, Cycle, cycle_for_date
from wsoa_analysis.domain.synthetic import any_synthetic
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
    """The pages to build, whether any figure is synthetic, and the dataset where it was
    loaded to make the plan (None when the plan was reused)."""

    pages: list[PageSpec]
    synthetic: bool
    dataset: object = None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "area"


def plan_pages(ds, notebooks_dir: Path, own: dict[str, str] | None = None) -> list[PageSpec]:
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
                f"priority-{_slug(pid)}",
                f"Priority {pid}: {p['title']}",
                notebook,
                {"priority_id": pid},
            )
        )
    missing = sorted({str(pg.notebook) for pg in pages if not pg.notebook.exists()})
    if missing:
        raise BuildError(f"notebook(s) not found: {', '.join(missing)}")
    return pages


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
    (which were valid then, so are valid now)."""
    key = cache.plan_key(
        environment,
        inputs,
        reporting_date.isoformat(),
        options.notebooks_dir,
        settings.pack.notebooks,
    )
    date = reporting_date.isoformat()
    hit = store.get_json("plan", key)
    if hit is not None:
        emit(_log, log, BuildEvent("plan_reused", date, path=str(options.data_dir)))
        pages = [
            PageSpec(p["slug"], p["title"], Path(p["notebook"]), p["parameters"])
            for p in hit["pages"]
        ]
        if all(p.notebook.exists() for p in pages):
            return Plan(pages, hit["synthetic"])
    from wsoa_analysis.inputs.checks import check_reporting_date
    from wsoa_analysis.inputs.load import load_dataset
    from wsoa_analysis.inputs.settings_checks import check_settings

    emit(_log, log, BuildEvent("validating", date, path=str(options.data_dir)))
    ds = load_dataset(options.data_dir)  # bad input stops here: nothing is run or published
    check_reporting_date(ds.tables, reporting_date)
    check_settings(settings, ds)  # e.g. an analysis naming a measure the data does not have
    pages = plan_pages(ds, options.notebooks_dir, settings.pack.notebooks)
    synthetic = any_synthetic(ds.observations, ds.ehc_requests, ds.action_updates)
    stored = [
        {"slug": p.slug, "title": p.title, "notebook": str(p.notebook), "parameters": p.parameters}
        for p in pages
    ]
    store.put_json("plan", key, {"synthetic": synthetic, "pages": stored})
    return Plan(pages, synthetic, ds)


def resolve_dates(
    params_dir: Path,
    *,
    date: dt.date | None = None,
    cycle_file: Path | None = None,
    latest: bool = False,
    every: bool = False,
) -> list[tuple[dt.date, Cycle]]:
    """Which reporting dates to build from the command's options."""
    from wsoa_analysis.config.settings import cycles, load_cycle

    if cycle_file is not None:
        c = load_cycle(cycle_file)
        return [(c.reporting_date, c)]
    if date is not None:
        return [(date, cycle_for_date(params_dir, date))]
    known = cycles(params_dir)
    if not known:
        raise ParameterError(f"no cycle files (YYYY-MM-DD.yaml) in {params_dir}")
    if latest:
        return [(known[-1].reporting_date, known[-1])]
    if every:
        return [(c.reporting_date, c) for c in known]
    raise ParameterError("say which cycle to build: --date, a cycle file, --latest or --all")
