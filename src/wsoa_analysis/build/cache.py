"""The build cache: what a rebuild may reuse, and when it must not.

It lives with the output folder (``<out>/.cache``), so a fresh ``--out`` is a cold build, and
``--no-cache`` ignores it. Every entry is keyed on everything that can change it:

- the **environment**: the workbook's own code (every module, template and stylesheet), the
  versions of the packages a page depends on, and the Python version;
- the **inputs**: the content of every file in the data folder (or the workbook) and in
  ``params/`` (area settings and every cycle file: the previous cycle is part of a page);
- for a page, also its **notebook** file and its **parameters** (reporting date, area id...);
- for the PDF, the pages it is made of and the cover.

A page whose key is found is not run again; anything else is. Entries are written atomically
(to a temporary name, then renamed), so an interrupted build never leaves a broken entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "weasyprint",
    "pandera",
    "pydantic",
    "openpyxl",
    "jinja2",
    "mistune",
    "pyyaml",
    "markupsafe",
)


def package_versions() -> dict[str, str]:
    """Python's version and the installed version of each package a page depends on: part of
    the cache key, and recorded in every pack's manifest."""
    import platform

    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def files_digest(locations: list[Path], suffixes: tuple[str, ...] | None = None) -> str:
    """Content (and relative names) of every file under the given files or folders (hidden
    files and folders left out; only ``suffixes`` where given)."""
    parts = []
    for location in locations:
        location = Path(location)
        if location.is_file():
            parts += [location.name, location.read_bytes()]
            continue
        if not location.exists():
            parts.append(f"missing:{location.name}")
            continue
        for p in sorted(location.rglob("*")):
            rel = p.relative_to(location)
            if not p.is_file() or any(x.startswith(".") for x in rel.parts):
                continue
            if suffixes is not None and p.suffix not in suffixes:
                continue
            parts += [str(rel), p.read_bytes()]
    return _digest(*parts)


@cache
def environment_digest(package_dir: Path | None = None) -> str:
    """The workbook's code and the versions of what it runs on."""
    package_dir = Path(package_dir or Path(__file__).resolve().parents[1])
    # source only: compiled .pyc files change without the code changing
    code = files_digest([package_dir], suffixes=(".py", ".j2", ".css", ".html", ".json"))
    versions = [f"{k}={v}" for k, v in sorted(package_versions().items())]
    return _digest(code, *versions)


def page_key(environment: str, inputs: str, notebook: Path, parameters: dict) -> str:
    return _digest(
        "page",
        environment,
        inputs,
        Path(notebook).read_bytes(),
        json.dumps(parameters, sort_keys=True, default=str),
    )


def plan_key(
    environment: str, inputs: str, reporting_date: str, notebooks: Path, own_notebooks: dict
) -> str:
    return _digest(
        "plan",
        environment,
        inputs,
        reporting_date,
        str(notebooks),
        json.dumps(own_notebooks, sort_keys=True),
    )


def downloads_key(environment: str, inputs: str, reporting_date: str) -> str:
    return _digest("downloads", environment, inputs, reporting_date)


def pdf_key(environment: str, bodies: list[str], cover: dict) -> str:
    return _digest("pdf", environment, *bodies, json.dumps(cover, sort_keys=True, default=str))


class BuildCache:
    """Files in ``<out>/.cache`` by key. With ``enabled=False`` nothing is read (a cold
    build) but results are still stored for the next build."""

    def __init__(self, out_dir: Path, enabled: bool = True):
        self.root = Path(out_dir) / ".cache"
        self.enabled = enabled

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / f"{key}{suffix}"

    def get(self, kind: str, key: str, suffix: str = "") -> bytes | None:
        if not self.enabled:
            return None
        path = self._path(kind, key, suffix)
        try:
            return path.read_bytes()
        except OSError:
            return None

    def put(self, kind: str, key: str, data: bytes, suffix: str = "") -> None:
        path = self._path(kind, key, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def get_json(self, kind: str, key: str):
        data = self.get(kind, key, ".json")
        return None if data is None else json.loads(data)

    def put_json(self, kind: str, key: str, value) -> None:
        self.put(kind, key, json.dumps(value, sort_keys=True, default=str).encode(), ".json")
