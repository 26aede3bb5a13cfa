"""The reviewers' way in: ``<out>/index.html`` listing every cycle built, newest first, with
links to its pages and its PDF, what a revised pack changed, and the earlier versions it
superseded (kept as a record). It works opened from disk or from any static host."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from wsoa_analysis.config.settings import AreaSettings
from wsoa_analysis.render.html import long_date, render_template, stylesheet


def _utc_day(stamp: str | None) -> str:
    return long_date(dt.date.fromisoformat(stamp[:10])) if stamp else "a later date"


def _links(folder: str, info: dict) -> list[tuple[str, str]]:
    links = []
    pages = info.get("parameters", {}).get("notebooks", {})
    failed = info.get("failed_pages", {})
    for slug, page in pages.items():
        label = page.get("title") or slug
        if slug in failed:
            label += " (could not be built)"
        links.append((label, f"{folder}/{slug}.html"))
    if "appendix.pdf" in info.get("outputs", []):
        links.append(("PDF committee appendix", f"{folder}/appendix.pdf"))
    if "data.xlsx" in info.get("outputs", []):
        links.append(("Data behind the tables and charts (Excel)", f"{folder}/data.xlsx"))
    return links


def _file_label(name: str, info: dict) -> str:
    pages = info.get("parameters", {}).get("notebooks", {})
    slug = name.removesuffix(".html")
    if name.endswith(".html") and slug in pages:
        return pages[slug].get("title") or slug
    return {
        "appendix.pdf": "the PDF appendix",
        "data.xlsx": "the data workbook",
        "figures.csv": "the list of figures (figures.csv)",
    }.get(name, name)


def revision_text(info: dict) -> str:
    """ "Revised on 5 March 2024: ..." for a pack that revises an earlier version, else ""."""
    revision = info.get("revision")
    if not revision:
        return ""
    parts = []
    for key, verb in (("changed", "changed"), ("added", "added"), ("removed", "removed")):
        names = [_file_label(n, info) for n in revision.get(key, [])]
        if names:
            parts.append(f"{verb}: {', '.join(names)}")
    return f"Revised on {_utc_day(revision.get('revised_utc'))} ({'; '.join(parts)})"


def built_packs(packs: list[dict]) -> list[dict]:
    """What the index shows of every published pack (``build.revisions.published``): its
    links, whether it is incomplete or revised, and the earlier versions it superseded."""
    shown = []
    for pack in packs:
        info, day = pack["manifest"], pack["date"]
        failed = info.get("failed_pages", {})
        earlier = [
            {
                "label": f"Earlier version, built {_utc_day(e['manifest'].get('finished_utc'))}"
                f", superseded on {_utc_day(e.get('superseded_utc'))}",
                "links": _links(e["folder"], e["manifest"]),
            }
            for e in pack.get("earlier", [])
        ]
        shown.append(
            {
                "cycle_name": info.get("cycle_name", day),
                "date_text": long_date(dt.date.fromisoformat(day)),
                "links": _links(day, info),
                "failed": (
                    f"Incomplete: {len(failed)} page(s) could not be built" if failed else ""
                ),
                "revised": revision_text(info),
                "earlier": earlier,
            }
        )
    return shown


def write_index(out_dir: Path, settings: AreaSettings, packs: list[dict]) -> Path:
    """Write ``index.html`` (atomically) listing every cycle built: ``packs`` as
    ``build.revisions.published`` lists them (the build knows where its packs are)."""
    out_dir = Path(out_dir)
    html = render_template(
        "site_index.html.j2",
        packs=built_packs(packs),
        appendix_title=settings.pack.appendix_title,
        area_name=settings.area.name,
        plan_title=settings.plan.title,
        css=stylesheet("pack.css"),
    )
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out_dir / "index.html")
    return out_dir / "index.html"
