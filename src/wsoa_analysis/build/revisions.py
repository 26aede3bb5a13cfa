"""Every version of a date's pack, kept as a record.

A published pack is never changed or thrown away. Each one lives in a folder of its own,
``<out>/<date>.v<n>`` (n = 1, 2, ...), and ``<out>/<date>`` is a symbolic link to the one
published now (``publish`` swaps it). When a rebuild of a past cycle changes what it shows,
the earlier version stays where it was, and the new one's ``manifest.json`` says so under
``"revision"``: which version it revises, when, and which files changed, were added or were
removed. A rebuild whose files are all the same (the manifest apart) is not a revision: it
replaces the version before it, which is then removed (it holds nothing the new one does not).

The versions sit beside the date folders (not deeper), so the pages' links to
``../index.html`` work from every version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

MANIFEST = "manifest.json"
STAGING_MARKER = ".wsoa-staging"  # in a staging folder until it is published
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION = re.compile(r"^(\d{4}-\d{2}-\d{2})\.v(\d+)$")


def version_name(date: str, number: int) -> str:
    return f"{date}.v{number}"


def version_numbers(out_dir: Path, date: str) -> list[int]:
    """The numbers of every ``<date>.v<n>`` entry in ``out_dir`` (the workbook's or not: a
    new version never takes the name of anything there)."""
    found = []
    for entry in Path(out_dir).iterdir() if Path(out_dir).is_dir() else []:
        match = _VERSION.match(entry.name)
        if match and match.group(1) == date:
            found.append(int(match.group(2)))
    return sorted(found)


def read_manifest(folder: Path) -> dict | None:
    try:
        record = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def is_ours(folder: Path, date: str | None = None) -> bool:
    """Whether ``folder`` is a pack the workbook wrote (for ``date``, where given): a folder
    with a manifest of the workbook's own. Nothing else is ever moved or removed."""
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return False
    record = read_manifest(folder)
    if record is None or "workbook_version" not in record:
        return False
    return date is None or record.get("reporting_date") == date


def file_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a pack but its manifest (which records times)."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel not in (MANIFEST, STAGING_MARKER):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def note_revision(staged: Path, previous: Path | None, previous_name: str) -> bool:
    """Compare the staged pack with the one published before (``previous``, to be known as
    ``previous_name``). Returns True when every file is the same; else records in the staged
    manifest what changed (``"revision"``). An identical rebuild keeps the revision record of
    the version it replaces."""
    if previous is None or not Path(previous).is_dir():
        return False
    before, now = file_digests(previous), file_digests(staged)
    record = read_manifest(staged) or {}
    if before == now:
        prior = (read_manifest(previous) or {}).get("revision")
        if prior:
            record["revision"] = prior
            _write_manifest(staged, record)
        return True
    record["revision"] = {
        "revises": previous_name,
        # provenance only, like the manifest's build times: when this version replaced the
        # one before; nothing on the pack's pages depends on it (their dates are its
        # parameters')
        "revised_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "previous_finished_utc": (read_manifest(previous) or {}).get("finished_utc"),
        "changed": sorted(k for k in before.keys() & now.keys() if before[k] != now[k]),
        "added": sorted(now.keys() - before.keys()),
        "removed": sorted(before.keys() - now.keys()),
    }
    _write_manifest(staged, record)
    return False


def _write_manifest(folder: Path, record: dict) -> None:
    text = json.dumps(record, indent=2) + "\n"
    (Path(folder) / MANIFEST).write_text(text, encoding="utf-8")


def _number(name: str | None) -> int | None:
    match = _VERSION.match(name or "")
    return int(match.group(2)) if match else None


def published(out_dir: Path) -> list[dict]:
    """Every pack published in ``out_dir``, newest date first, for the index: ``date``,
    ``manifest`` (the version published now) and ``earlier``: the versions it superseded,
    newest first, each with ``folder``, ``manifest`` and ``superseded_utc`` (when a later
    version revised it)."""
    out_dir = Path(out_dir)
    packs = []
    for entry in sorted(out_dir.iterdir(), reverse=True) if out_dir.is_dir() else []:
        record = read_manifest(entry) if DATE.match(entry.name) and entry.is_dir() else None
        if record is None:
            continue
        date = entry.name
        current = _number(os.readlink(entry)) if entry.is_symlink() else None
        versions = {
            n: out_dir / version_name(date, n)
            for n in version_numbers(out_dir, date)
            if is_ours(out_dir / version_name(date, n), date)
        }
        records = {n: read_manifest(folder) for n, folder in versions.items()}
        revised = {
            (r.get("revision") or {}).get("revises"): (r.get("revision") or {}).get("revised_utc")
            for r in [*records.values(), record]
        }
        earlier = [
            {
                "folder": versions[n].name,
                "manifest": records[n],
                "superseded_utc": revised.get(versions[n].name),
            }
            for n in sorted(versions, reverse=True)
            if current is not None and n < current
        ]
        packs.append({"date": date, "manifest": record, "earlier": earlier})
    return packs
