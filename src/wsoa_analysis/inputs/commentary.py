"""Officers' commentary: one Markdown file per cycle, ``data/commentary/YYYY-MM-DD.md``.

An officer edits plain text under headings the workbook writes for them::

    ## Priority 1: EHC plans
    What happened this cycle, in a few sentences.

    ### P1-01: EHC plans audited rated good or better
    **What happened:** ...
    **Corrective action:** ...
    **Evidence:** ...

A ``## Priority <id>`` heading opens a priority area's commentary and a ``### <kpi_id>``
heading a measure's; the words after the id are only a reminder and are not checked. The text
is shown in the pack beside the figures, rendered from Markdown with any HTML in it escaped.
Placeholder lines the scaffold writes (``...``) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wsoa_analysis.dates import long_date
from wsoa_analysis.errors import InputError, Problem

FOLDER = "commentary"
PROMPTS = ("What happened", "Corrective action", "Evidence")
_PLACEHOLDER = "..."
_AREA = re.compile(r"^##\s+Priority\s+([^:\s]+)\s*(?::.*)?$", re.I)
_MEASURE = re.compile(r"^###\s+([^:\s]+)\s*(?::.*)?$")


@dataclass
class Commentary:
    """Commentary text (Markdown) by priority id and by measure id."""

    areas: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)


def path_for(data_dir: Path, reporting_date) -> Path:
    return Path(data_dir) / FOLDER / f"{pd.Timestamp(reporting_date).date().isoformat()}.md"


def _clean(lines: list[str]) -> str:
    kept = []
    for line in lines:
        bare = re.sub(r"^\*\*[^*]+:\*\*\s*", "", line.strip())
        if bare in ("", _PLACEHOLDER) and line.strip() != "":
            continue  # a prompt left unanswered
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def parse(text: str, source: str, priorities: set[str], kpis: set[str]) -> Commentary:
    """Read commentary, checking every heading names a known priority area or measure."""
    problems = []
    out = Commentary()
    target: tuple[str, str] | None = None
    buffer: list[str] = []

    def flush():
        if target is not None:
            body = _clean(buffer)
            if body:
                (out.areas if target[0] == "area" else out.measures)[target[1]] = body

    for number, line in enumerate(text.splitlines(), start=1):
        area, measure = _AREA.match(line), _MEASURE.match(line)
        if line.startswith("## ") and not area:
            problems.append(
                Problem(
                    source,
                    number,
                    None,
                    line.strip(),
                    "expected a heading like '## Priority 1: EHC plans'",
                )
            )
            continue
        if area or measure:
            flush()
            buffer = []
            key = (area or measure).group(1)
            known = priorities if area else kpis
            kind = "priority area" if area else "measure"
            if key not in known:
                problems.append(
                    Problem(
                        source, number, None, line.strip(), f"names no {kind} in the data ({key!r})"
                    )
                )
                target = None
            else:
                target = ("area" if area else "measure", key)
            continue
        buffer.append(line)
    flush()
    if problems:
        raise InputError(problems)
    return out


def load(data_dir: Path, reporting_date, priorities: set[str], kpis: set[str]) -> Commentary:
    """The cycle's commentary, or none if the file does not exist (data given as a workbook
    have no commentary folder)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return Commentary()
    path = path_for(data_dir, reporting_date)
    if not path.exists():
        return Commentary()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            [
                Problem(
                    f"{FOLDER}/{path.name}",
                    None,
                    None,
                    None,
                    f"is not UTF-8 text (byte {err.start})",
                )
            ]
        ) from err
    return parse(text, f"{FOLDER}/{path.name}", priorities, kpis)


def scaffold(priorities: pd.DataFrame, kpis: pd.DataFrame, reporting_date, cycle_name: str) -> str:
    """An empty commentary file listing every priority area and measure."""
    date = pd.Timestamp(reporting_date)
    lines = [
        f"# Commentary: {cycle_name}, position at {long_date(date)}",
        "",
        "Write under each heading; leave '...' where there is nothing to say (it is not shown).",
        "Keep the headings as they are. Plain text; **bold** and lists work.",
        "",
    ]
    for _, p in priorities.iterrows():
        lines += [f"## Priority {p['priority_id']}: {p['title']}", "", _PLACEHOLDER, ""]
        for _, k in kpis[kpis["priority_id"] == p["priority_id"]].iterrows():
            lines += [f"### {k['kpi_id']}: {k['title']}", ""]
            lines += [f"**{prompt}:** {_PLACEHOLDER}" for prompt in PROMPTS]
            lines.append("")
    return "\n".join(lines)
