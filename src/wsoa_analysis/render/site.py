"""The reviewers' way in: ``<out>/index.html`` listing every cycle built, newest first, with
links to its pages and its PDF. It works opened from disk or from any static host."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from wsoa_analysis.config.settings import AreaSettings
from wsoa_analysis.render.html import long_date, render_template, stylesheet

_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def built_packs(out_dir: Path) -> list[dict]:
    """Every published pack under ``out_dir`` (folders named by date with a manifest)."""
    packs = []
    for folder in sorted(Path(out_dir).iterdir(), reverse=True):
        manifest = folder / "manifest.json"
        if not (folder.is_dir() and _DATE_DIR.match(folder.name) and manifest.exists()):
            continue
        info = json.loads(manifest.read_text(encoding="utf-8"))
        links = []
        pages = info.get("parameters", {}).get("notebooks", {})
        failed = info.get("failed_pages", {})
        for slug, page in pages.items():
            label = page.get("title") or slug
            if slug in failed:
                label += " (could not be built)"
            links.append((label, f"{folder.name}/{slug}.html"))
        if "appendix.pdf" in info.get("outputs", []):
            links.append(("PDF committee appendix", f"{folder.name}/appendix.pdf"))
        if "data.xlsx" in info.get("outputs", []):
            links.append(("Data behind the tables and charts (Excel)", f"{folder.name}/data.xlsx"))
        packs.append(
            {
                "cycle_name": info.get("cycle_name", folder.name),
                "date_text": long_date(dt.date.fromisoformat(folder.name)),
                "links": links,
                "failed": (
                    f"Incomplete: {len(failed)} page(s) could not be built" if failed else ""
                ),
            }
        )
    return packs


def write_index(out_dir: Path, settings: AreaSettings) -> Path:
    """Write ``index.html`` (atomically) listing every cycle built."""
    out_dir = Path(out_dir)
    html = render_template(
        "site_index.html.j2",
        packs=built_packs(out_dir),
        appendix_title=settings.pack.appendix_title,
        area_name=settings.area.name,
        plan_title=settings.plan.title,
        css=stylesheet("pack.css"),
    )
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out_dir / "index.html")
    return out_dir / "index.html"
