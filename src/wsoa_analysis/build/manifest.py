"""A pack's provenance (``manifest.json``): parameters, a hash of every input, package
versions, the commit, and when it was built."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

from wsoa_analysis import __version__
from wsoa_analysis.build import cache
from wsoa_analysis.build.options import PackOptions
from wsoa_analysis.build.plan import PageSpec
from wsoa_analysis.config.settings import Cycle

MANIFEST = "manifest.json"
_INPUT_SUFFIXES = (".csv", ".xlsx", ".yaml", ".yml", ".ipynb", ".md")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _git_commit() -> str:
    here = Path(__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if done.returncode != 0:
        return "unknown"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _utc(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).isoformat(timespec="seconds")


def manifest(
    cycle: Cycle,
    options: PackOptions,
    pages: list[PageSpec],
    started: float,
    finished: float,
    outputs: list[str],
    failures: dict | None = None,
) -> dict:
    """Provenance of a pack: parameters, a hash of every input (by folder, ``data``,
    ``params`` and ``notebooks``, each file named relative to it), versions, commit, times."""
    folders = {"data": options.data_dir, "params": options.params_dir}
    folders["notebooks"] = options.notebooks_dir
    inputs = {
        kind: {rel: _sha256(p) for rel, p in cache.input_files(base, _INPUT_SUFFIXES)}
        for kind, base in folders.items()
    }
    return {
        "reporting_date": cycle.reporting_date.isoformat(),
        "cycle_name": cycle.cycle_name,
        "parameters": {
            "reporting_date": cycle.reporting_date.isoformat(),
            "data_dir": str(options.data_dir),
            "params_dir": str(options.params_dir),
            "notebooks": {
                p.slug: {"notebook": p.notebook.name, "title": p.title, **p.parameters}
                for p in pages
            },
        },
        "inputs_sha256": inputs,
        "outputs": outputs,
        "failed_pages": failures or {},
        "versions": cache.package_versions(),
        "workbook_version": __version__,
        "git_commit": _git_commit(),
        "started_utc": _utc(started),
        "finished_utc": _utc(finished),
    }
