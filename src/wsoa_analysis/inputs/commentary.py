"""Officers' commentary: one Markdown file per cycle, ``data/commentary/YYYY-MM-DD.md``.

An officer edits plain text under headings the workbook writes for them::

    ## Priority 1: EHC plans
    What happened this cycle, in a few sentences.

    ### P1-01: EHC plans audited rated good or better
    **What happened:** ...
    **Corrective action:** ...
    **Evidence:** ...

A ``##`` heading naming an area as the plan names it (its ``plan.areas.label`` in
``params/area.yaml``: ``## Workstream WS1: ...`` for a plan of workstreams, ``## Priority 1:
...`` by default) opens that area's commentary, and a ``### <kpi_id>`` heading a measure's; the
words after the id are only a reminder and are not checked. ``## <the plan's singular word>
<id>:`` and ``## Priority <id>:`` (as files were written before plans had words of their own)
are read too. The text is shown in the pack beside the figures, rendered from Markdown with
any HTML in it escaped. Placeholder lines the scaffold writes (``...``) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wsoa_analysis.config.plan import AreaWords, mid_sentence
from wsoa_analysis.dates import long_date
from wsoa_analysis.errors import InputError, Problem
from wsoa_analysis.files import commentary_folder

FOLDER = "commentary"
PROMPTS = ("What happened", "Corrective action", "Evidence")
_PLACEHOLDER = "..."
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")  # a Markdown heading
#: How an area's heading has always been read, whatever the plan calls its areas.
LEGACY_LABEL = "Priority {id}"
MEASURE_EXAMPLE = "### P1-01: EHC plans audited rated good or better"


@dataclass
class Commentary:
    """Commentary text (Markdown) by priority id and by measure id."""

    areas: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)


def path_for(data_dir: Path, reporting_date) -> Path:
    """The commentary file of a reporting date (beside a data workbook, for one)."""
    day = pd.Timestamp(reporting_date).date().isoformat()
    return commentary_folder(data_dir) / f"{day}.md"


def _clean(lines: list[str]) -> str:
    kept = []
    for line in lines:
        bare = re.sub(r"^\*\*[^*]+:\*\*\s*", "", line.strip())
        if bare in ("", _PLACEHOLDER) and line.strip() != "":
            continue  # a prompt left unanswered
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def _addressed(text: str, known: set[str]) -> tuple[str | None, str]:
    """Which of ``known`` a heading's text (after ``##`` and ``Priority``, or after ``###``)
    names, or None with why not. The id runs up to the colon before the title, so any id the
    data accept (spaces and all) can be named; spaces inside are read as in the data.

    >>> _addressed("P1 03: Annual review", {"P1", "P1 03"})
    ('P1 03', '')
    >>> _addressed("P1-03 Annual review", {"P1-03"})[1]
    "a colon is missing after the id: write '### P1-03: Annual review'"
    """
    text = re.sub(r"\s+", " ", text).strip()
    ids = sorted((k for k in known if text == k or re.match(re.escape(k) + r" ?:", text)), key=len)
    if ids:
        return ids[-1], ""
    first = text.split(" ", 1)
    if len(first) == 2 and first[0] in known:
        return None, f"a colon is missing after the id: write '### {first[0]}: {first[1]}'"
    key = text.split(":", 1)[0].strip()
    return None, f"names nothing in the data ({key!r})" if key else "names nothing: write the id"


def _labels(areas: AreaWords | None) -> list[str]:
    """How an area's heading may name it, the plan's own way first: its label
    (``Workstream {id}``), its singular word before the id, and ``Priority {id}``."""
    if areas is None:
        return [LEGACY_LABEL]
    own = areas.label or f"{areas.singular} {{id}}"
    return list(dict.fromkeys([own, f"{areas.singular} {{id}}", LEGACY_LABEL]))


def area_example(areas: AreaWords | None, area_id: str = "1") -> str:
    """An area's heading as the scaffold writes it: ``## Workstream WS1: its title``."""
    return f"## {_labels(areas)[0].replace('{id}', area_id)}: its title"


def _area_heading(text: str, priorities: set[str], areas: AreaWords | None):
    """Which area a ``##`` heading's text names, as ``(id, "")``, or ``(None, why)``: by any
    of :func:`_labels`, in their order (the plan's own first); where none names an area, why
    the first whose words open the heading does not."""
    text = re.sub(r"\s+", " ", text).strip()
    word = mid_sentence(areas.singular) if areas else "priority area"
    why = ""
    for label in _labels(areas):
        before, after = label.split("{id}", 1)
        spaced = before.endswith(" ")
        opening = re.match(re.escape(before.strip()) + ("(?: |$)" if spaced else ""), text, re.I)
        if opening is None:
            continue
        named = {f"{k}{after}": k for k in priorities}
        key, said = _addressed(text[opening.end() :], set(named))
        if key:
            return named[key], ""
        why = why or said.replace("### ", f"## {before}").replace("nothing", f"no {word}")
    return (
        None,
        why or f"expected a heading like '{area_example(areas, min(priorities, default='1'))}'",
    )


def _heading(
    line: str, priorities: set[str], kpis: set[str], areas: AreaWords | None = None
) -> tuple[str, str | None, str]:
    """What a heading line opens: ``("area" or "measure", id, "")``, ``("title", None, "")``
    for the file's own title, or ``("", None, why)`` for a heading that cannot be used."""
    level, text = len(_HEADING.match(line).group(1)), _HEADING.match(line).group(2) or ""
    if level == 1:
        return "title", None, ""
    if level == 2:
        key, why = _area_heading(text, priorities, areas)
        return ("area", key, "") if key else ("", None, why)
    if level == 3:
        key, why = _addressed(text, kpis)
        return ("measure", key, "") if key else ("", None, why.replace("nothing", "no measure"))
    return (
        "",
        None,
        (
            f"a heading {level - 3} level(s) too deep: commentary has only "
            f"'{area_example(areas)}' and '{MEASURE_EXAMPLE}' headings (for emphasis, "
            "write **bold**)"
        ),
    )


def parse(
    text: str, source: str, priorities: set[str], kpis: set[str], areas: AreaWords | None = None
) -> Commentary:
    """Read commentary, checking that every heading is an area's (``## Workstream <id>:
    ...``, as ``areas`` names them; ``## Priority <id>: ...`` always) or a measure's (``###
    <id>: ...``) naming one the data have, or the file's title (``# ...``, before them): any
    other heading is refused with its line, so text is never shown under the wrong measure."""
    problems = []
    out = Commentary()
    target: tuple[str, str] | None = None
    buffer: list[str] = []
    opened = False  # an area's or a measure's heading has been seen

    def flush():
        if target is not None:
            body = _clean(buffer)
            if body:
                (out.areas if target[0] == "area" else out.measures)[target[1]] = body

    for number, line in enumerate(text.splitlines(), start=1):
        if not _HEADING.match(line):
            buffer.append(line)
            continue
        kind, key, why = _heading(line, priorities, kpis, areas)
        if kind == "title" and opened:
            why = "a '# ' heading is only the file's title, at the top"
        flush()
        buffer, target = [], None
        if why:
            problems.append(Problem(source, number, None, line.strip(), why))
        elif kind != "title":
            target, opened = (kind, key), True
    flush()
    if problems:
        raise InputError(problems)
    return out


def load(
    data_dir: Path,
    reporting_date,
    priorities: set[str],
    kpis: set[str],
    areas: AreaWords | None = None,
) -> Commentary:
    """The cycle's commentary, or none if the file does not exist (for data given as a
    workbook, the ``commentary`` folder beside it). ``areas``: what the plan calls its areas
    (``plan.areas``)."""
    path = path_for(Path(data_dir), reporting_date)
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
    return parse(text, f"{FOLDER}/{path.name}", priorities, kpis, areas)


def scaffold(
    priorities: pd.DataFrame,
    kpis: pd.DataFrame,
    reporting_date,
    cycle_name: str,
    areas: AreaWords | None = None,
) -> str:
    """An empty commentary file listing every area (named as the plan names them: ``##
    Workstream WS1: ...``) and measure."""
    label = _labels(areas)[0]
    date = pd.Timestamp(reporting_date)
    lines = [
        f"# Commentary: {cycle_name}, position at {long_date(date)}",
        "",
        "Write under each heading; leave '...' where there is nothing to say (it is not shown).",
        "Keep the headings as they are. Plain text; **bold** and lists work.",
        "",
    ]
    for _, p in priorities.iterrows():
        named = label.replace("{id}", str(p["priority_id"]))
        lines += [f"## {named}: {p['title']}", "", _PLACEHOLDER, ""]
        for _, k in kpis[kpis["priority_id"] == p["priority_id"]].iterrows():
            lines += [f"### {k['kpi_id']}: {k['title']}", ""]
            lines += [f"**{prompt}:** {_PLACEHOLDER}" for prompt in PROMPTS]
            lines.append("")
    return "\n".join(lines)


def folder_problems(
    data_dir: Path, priorities: set[str], kpis: set[str], areas: AreaWords | None = None
) -> list[Problem]:
    """Every problem in every commentary file of a data folder (``wsoa validate``): each
    file's headings, and a file not named for a reporting date, which no pack would show."""
    folder = commentary_folder(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        try:
            day = pd.Timestamp(path.stem) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem) else None
        except ValueError:
            day = None
        if day is None:
            found.append(
                Problem(
                    f"{FOLDER}/{path.name}",
                    None,
                    None,
                    None,
                    "is not named for a reporting date (YYYY-MM-DD.md), so no pack shows it",
                )
            )
            continue
        try:
            load(data_dir, day, priorities, kpis, areas)
        except InputError as err:
            found += err.problems
    return found
