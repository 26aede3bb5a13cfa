"""The ``wsoa`` subcommands that look at things without building anything: the cycles and
which are built, one measure's scorecard row, two cycles compared, a pack opened in a
browser, and a build planned but not run (``pack --dry-run``).

The figures come from the library (``load_context``, ``domain.changes``, ``build.plan``);
this module only picks them out and lays them out as plain text for a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from wsoa_analysis.dates import long_date
from wsoa_analysis.errors import ParameterError, UsageError

MANIFEST = "manifest.json"  # as build.manifest names it (not imported: it needs the build)
FIRST_PAGE = "overview.html"
_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLE_WIDTH = 40


def text_table(headings: list[str], rows: list[list[str]]) -> str:
    """Rows as left-aligned columns under their headings, two spaces apart.

    >>> print(text_table(["id", "value"], [["P1-01", "52.5%"]]))
    id     value
    -----  -----
    P1-01  52.5%
    """
    widths = [max(len(str(c)) for c in column) for column in zip(headings, *rows, strict=True)]
    lines = [headings, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def _short(text: str, width: int = TITLE_WIDTH) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- cycles -----------------------------------------------------------------------------------


def built_packs(out_dir: Path) -> dict[str, dict]:
    """Each pack published in ``out_dir`` (a date folder with a manifest): its manifest."""
    found = {}
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return found
    for folder in sorted(out_dir.iterdir()):
        record = folder / MANIFEST
        if _DATE_DIR.match(folder.name) and record.is_file():
            try:
                found[folder.name] = json.loads(record.read_text(encoding="utf-8"))
            except ValueError:
                found[folder.name] = {}
    return found


def cycle_listing(params_dir: Path, out_dir: Path) -> list[dict]:
    """Every cycle in ``params_dir``, and every pack built in ``out_dir`` for a date without a
    cycle file, oldest first: reporting date, cycle name, whether a pack is built, when it
    finished (UTC, from its manifest) and how many of its pages failed."""
    from wsoa_analysis.config.settings import cycles

    names = {c.reporting_date.isoformat(): c.cycle_name for c in cycles(Path(params_dir))}
    packs = built_packs(out_dir)
    return [
        {
            "reporting_date": day,
            "cycle_name": names.get(day, ""),
            "cycle_file": day in names,
            "built": day in packs,
            "built_utc": packs.get(day, {}).get("finished_utc", ""),
            "failed_pages": len(packs.get(day, {}).get("failed_pages", {})),
        }
        for day in sorted(set(names) | set(packs))
    ]


def format_cycles(listing: list[dict], out_dir: Path) -> str:
    if not listing:
        return "No cycles: add one with wsoa new-cycle --date YYYY-MM-DD --name NAME"
    rows = []
    for c in listing:
        built = "no"
        if c["built"]:
            built = c["built_utc"].replace("T", " ").replace("+00:00", " UTC") or "yes"
            if c["failed_pages"]:
                built += f" ({c['failed_pages']} page(s) failed)"
        name = c["cycle_name"] if c["cycle_file"] else "(no cycle file)"
        rows.append([c["reporting_date"], name, built])
    return text_table(["reporting date", "cycle", f"built in {out_dir}"], rows)


# --- one measure --------------------------------------------------------------------------


def measure_row(card, kpi_id: str):
    """The scorecard row of one measure; :class:`UsageError` listing the ids there are."""
    rows = card[card["kpi_id"] == kpi_id]
    if rows.empty:
        raise UsageError(f"no measure {kpi_id!r} (the measures are: {', '.join(card['kpi_id'])})")
    return rows.iloc[0]


def _figure(value, unit: str, symbol: str = "") -> str:
    from wsoa_analysis.domain.rounding import format_value

    if symbol:
        return f"{symbol} (withheld)"
    return format_value(value, unit)


def measure_facts(row, ctx) -> dict[str, str]:
    """What ``wsoa measure`` shows of a scorecard row, as plain text by label."""
    unit = row["unit"]
    value = _figure(row["latest_value"], unit, row["latest_symbol"])
    if row["latest_period"]:
        value += f" ({row['latest_period']})"
    comparator = "none published"
    if row["comparator_area"]:
        shown = _figure(row["comparator_value"], unit, row["comparator_symbol"])
        comparator = f"{row['comparator_area']} {shown} ({row['comparator_period']})"
    baseline = _figure(row["baseline_value"], unit)
    return {
        "measure": f"{row['kpi_id']}: {row['title']}",
        "priority area": str(row["priority_id"]),
        "reporting date": f"{long_date(ctx.reporting_date)} ({ctx.cycle.cycle_name})",
        "value": value,
        "baseline": f"{baseline} ({row['baseline_period']})"
        if row["baseline_period"]
        else baseline,
        "target": str(row["target"]),
        "trajectory value": _figure(row["expected_value"], unit),
        "rating": f"{row['rating_symbol']} {row['rating_label']}: {row['rating_reason']}",
        "since the previous period": str(row["direction_previous"] or "–"),
        "over the year": str(row["direction_year"] or "–"),
        "comparator": comparator,
    }


def format_facts(facts: dict[str, str]) -> str:
    width = max(len(k) for k in facts) + 1
    return "\n".join(f"{(k + ':').ljust(width)}  {v}" for k, v in facts.items())


# --- two cycles compared ----------------------------------------------------------------------


def compare_cards(before, now, every: bool = False):
    """Each measure's value and rating at two reporting dates: ``kpi_id``, ``title``,
    ``unit``, ``value_before``, ``period_before``, ``value``, ``period``, ``rating_before``,
    ``rating`` (labels) and ``movement`` (``domain.changes.rating_changes``'s word; empty
    where the rating did not move). Only the measures whose value, period or rating changed,
    unless ``every``."""
    from wsoa_analysis.domain.changes import rating_changes
    from wsoa_analysis.domain.rating import RATINGS

    then = before.set_index("kpi_id")
    moved = rating_changes(now, before).set_index("kpi_id")["movement"]
    rows = []
    for _, r in now[now["kpi_id"].isin(then.index)].iterrows():
        b = then.loc[r["kpi_id"]]
        same = (
            _same(b["latest_value"], r["latest_value"])
            and b["latest_symbol"] == r["latest_symbol"]
            and b["latest_period"] == r["latest_period"]
            and b["rating"] == r["rating"]
        )
        if same and not every:
            continue
        rows.append(
            {
                "kpi_id": r["kpi_id"],
                "title": r["title"],
                "unit": r["unit"],
                "value_before": _figure(b["latest_value"], r["unit"], b["latest_symbol"]),
                "period_before": b["latest_period"],
                "value": _figure(r["latest_value"], r["unit"], r["latest_symbol"]),
                "period": r["latest_period"],
                "rating_before": RATINGS[b["rating"]].label,
                "rating": RATINGS[r["rating"]].label,
                "movement": moved.get(r["kpi_id"], ""),
            }
        )
    return rows


def _same(a, b) -> bool:
    from wsoa_analysis.domain.missing import is_missing

    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    return float(a) == float(b)


def format_comparison(rows: list[dict], before: dt.date, now: dt.date) -> str:
    head = f"Key impact measures, {long_date(before)} → {long_date(now)}"
    if not rows:
        return f"{head}: no value or rating changed."
    table = [
        [
            r["kpi_id"],
            _short(r["title"]),
            f"{r['value_before']} ({r['period_before']})" if r["period_before"] else "–",
            f"{r['value']} ({r['period']})" if r["period"] else "–",
            r["rating"] if not r["movement"] else f"{r['rating_before']} → {r['rating']}",
            r["movement"],
        ]
        for r in rows
    ]
    headings = ["measure", "title", str(before), str(now), "rating", "change"]
    return f"{head}: {len(rows)} measure(s)\n\n{text_table(headings, table)}"


# --- opening a pack ---------------------------------------------------------------------------


def pack_page(out_dir: Path, day: dt.date | None) -> Path:
    """The first page of the pack for ``day`` in ``out_dir``, or of the newest one built."""
    out_dir = Path(out_dir)
    if day is None:
        built = [d for d in built_packs(out_dir) if (out_dir / d / FIRST_PAGE).is_file()]
        if not built:
            raise ParameterError(f"no pack is built in {out_dir}: build one with wsoa pack")
        return out_dir / built[-1] / FIRST_PAGE
    page = out_dir / day.isoformat() / FIRST_PAGE
    if not page.is_file():
        raise ParameterError(
            f"no pack for {day.isoformat()} in {out_dir}: build it with "
            f"wsoa pack --date {day.isoformat()}"
        )
    return page


def open_in_browser(page: Path) -> bool:
    """Try to show ``page`` in the desktop's browser; False where there is none."""
    import webbrowser

    try:
        return bool(webbrowser.open(Path(page).resolve().as_uri()))
    except webbrowser.Error:
        return False


# --- a build planned, not run ---------------------------------------------------------------


def _read_only_cache(out_dir: Path, enabled: bool):
    """The build cache, read as a build would read it; nothing is ever written to it."""
    from wsoa_analysis.build.cache import BuildCache

    class ReadOnly(BuildCache):
        def put(self, kind: str, key: str, data: bytes, suffix: str = "") -> None:
            return None

    return ReadOnly(out_dir, enabled=enabled)


def plan_cycle(day: dt.date, cycle, options) -> list[str]:
    """What ``wsoa pack`` would do for one reporting date: the inputs validated (as a build
    validates them, raising the same errors), then each page, its notebook and parameters,
    and whether the cache holds it or its notebook would run. Nothing is run or written."""
    from wsoa_analysis.build import cache
    from wsoa_analysis.build.pack import _page_parameters
    from wsoa_analysis.build.pages import cached_bodies
    from wsoa_analysis.build.plan import validate_and_plan
    from wsoa_analysis.config.settings import load_area

    options = options.resolved()  # as a build resolves them: the cache keys use these paths
    slug = day.isoformat()
    settings = load_area(options.params_dir)
    store = _read_only_cache(options.out_dir, options.use_cache)
    environment = cache.environment_digest()
    inputs = cache.inputs_digest(options.data_dir, options.params_dir, slug)
    plan = validate_and_plan(options, settings, day, store, environment, inputs)
    params, keys = _page_parameters(plan.pages, options, slug, environment, inputs)
    reused = cached_bodies(plan.pages, store, keys, plan.commentary, slug, None)
    rows = [
        [
            p.slug,
            _short(p.title),
            p.notebook.name,
            ", ".join(f"{k}={v}" for k, v in params[p.slug].items() if k not in _COMMON),
            "from the cache" if p.slug in reused else "run the notebook",
        ]
        for p in plan.pages
    ]
    to_run = sum(p.slug not in reused for p in plan.pages)
    return [
        f"{slug} ({cycle.cycle_name}): the inputs are valid; {len(plan.pages)} pages, "
        f"{to_run} notebook(s) to run; would publish {options.out_dir / slug}",
        "",
        text_table(["page", "title", "notebook", "parameters", "build"], rows),
        "",
    ]


_COMMON = ("reporting_date", "data_dir", "params_dir")  # every page's, shown once above


def dry_run(todo: list, options) -> str:
    """Every reporting date of ``todo`` (``(date, cycle)`` pairs) planned, not built."""
    lines = []
    for day, cycle in todo:
        lines += plan_cycle(day, cycle, options)
    lines.append("Dry run: nothing was run or written.")
    return "\n".join(lines)
