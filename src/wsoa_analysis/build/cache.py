"""The build cache: what a rebuild may reuse, and when it must not.

It lives with the output folder (``<out>/.cache``), so a fresh ``--out`` is a cold build, and
``--no-cache`` ignores it. Every entry is keyed on everything that can change it:

- the **environment**: the workbook's own code (every module, template and stylesheet), the
  versions of the packages a page depends on, and the Python version;
- the **inputs**: the content of every file in the data folder (or the workbook) and in
  ``params/`` (area settings and every cycle file: the previous cycle is part of a page), the
  reporting date's own commentary file left out (see below);
- for a page, also its **notebook** file and its **parameters** (reporting date, area id...);
- for the PDF, the pages it is made of and the cover; for a page's HTML, its body and what
  the page says around it; for the site's index, every published pack's manifest.

Officers' commentary is not keyed as a whole: a page's entry records which entries of the
date's commentary its notebook read (``wsoa_analysis.context`` notes them as it hands them
out) and a digest of what they said, and is reused only while they say the same. Rewording one
area's commentary rebuilds that area's page, not every page.

A page whose key is found is not run again; anything else is. Entries are written atomically
(to a temporary name, then renamed), with the SHA-256 of their content, which is checked
before an entry is used: one damaged on disk is removed and rebuilt, never published.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from functools import cache
from importlib import metadata
from pathlib import Path

from wsoa_analysis.files import commentary_folder

PACKAGES = (
    "pandas",
    "numpy",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "typst",
    "pandera",
    "pydantic",
    "openpyxl",
    "jinja2",
    "mistune",
    "pyyaml",
    "markupsafe",
)
_log = logging.getLogger(__name__)


def package_versions() -> dict[str, str]:
    """Python's version and the installed version of each package a page depends on: part of
    the cache key, and recorded in every pack's manifest."""
    import platform

    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = _version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _version(name: str) -> str:
    """``importlib.metadata.version(name)`` from the metadata's headers alone: the whole file
    (a long description and all) is not parsed as an e-mail, which took most of the time."""
    dist = metadata.distribution(name)
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    for line in text.splitlines():
        if not line.strip():
            break  # the end of the headers
        key, _, value = line.partition(":")
        if key.strip().lower() == "version":
            return value.strip()
    return dist.version


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def is_editor_file(rel: Path) -> bool:
    """A file no build reads: hidden (or in a hidden folder, e.g. ``.ipynb_checkpoints``,
    ``.DS_Store``, ``.#lock`` and ``.x.swp`` files) or an editor's backup (``x~``, ``x.swp``)."""
    parts = Path(rel).parts
    return any(x.startswith(".") for x in parts) or rel.name.endswith(("~", ".swp", ".swo"))


def input_files(location: Path, suffixes: tuple[str, ...] | None = None) -> list[tuple[str, Path]]:
    """``(name relative to location, path)`` of every input file under a file or folder,
    sorted, editor files (:func:`is_editor_file`) left out, only ``suffixes`` where given."""
    location = Path(location)
    if location.is_file():
        return [(location.name, location)]
    found = []
    for p in sorted(location.rglob("*")) if location.exists() else []:
        rel = p.relative_to(location)
        if not p.is_file() or is_editor_file(rel):
            continue
        if suffixes is None or p.suffix in suffixes:
            found.append((rel.as_posix(), p))
    return found


def files_digest(
    locations: list[Path], suffixes: tuple[str, ...] | None = None, leave_out: tuple = ()
) -> str:
    """Content (and relative names) of every file under the given files or folders (editor
    files left out, see :func:`input_files`, and the files in ``leave_out``; only
    ``suffixes`` where given)."""
    parts = []
    skip = {Path(p) for p in leave_out}
    for location in locations:
        location = Path(location)
        if not location.exists():
            parts.append(f"missing:{location.name}")
            continue
        for rel, p in input_files(location, suffixes if location.is_dir() else None):
            if p not in skip:
                parts += [rel, p.read_bytes()]
    return _digest(*parts)


def commentary_file(data_dir: Path, reporting_date: str) -> Path:
    """Where the date's commentary is (as ``inputs.commentary.path_for`` says, without the
    pandas that module needs: a rebuild with nothing to do imports none)."""
    return commentary_folder(data_dir) / f"{reporting_date}.md"


def inputs_digest(data_dir: Path, params_dir: Path, reporting_date: str) -> str:
    """Every data and settings file but the reporting date's commentary, which pages are
    keyed on entry by entry (:func:`commentary_digest`)."""
    return files_digest(
        [Path(data_dir), Path(params_dir)],
        leave_out=(commentary_file(data_dir, reporting_date),),
    )


EVERYTHING = "*"  # a page read the commentary as a whole (or did not say what it read)


def commentary_digest(reads: list[str], commentary: dict) -> str:
    """What the entries a page read say now: ``reads`` as ``"areas\t<id>"`` or
    ``"measures\t<id>"`` (missing entries count as missing), or :data:`EVERYTHING`;
    ``commentary`` as ``{"areas": {...}, "measures": {...}}``."""
    if EVERYTHING in reads:
        return _digest("all", json.dumps(commentary, sort_keys=True))
    said = []
    for read in sorted(set(reads)):
        kind, _, key = read.partition("\t")
        said.append([read, commentary.get(kind, {}).get(key)])
    return _digest("entries", json.dumps(said))


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


def pack_pdf_key(environment: str, sections: list, settings: str, cycle: str, synthetic) -> str:
    """The PDF from what decides it, without the PDF renderer: every page's slug, title, body
    and whether it failed, the area's settings and the cycle (which make the cover)."""
    return _digest("pack-pdf", environment, json.dumps(sections), settings, cycle, str(synthetic))


def html_key(environment: str, body: str, around: dict) -> str:
    """A page's HTML from its body and what the page says around it (title, navigation...)."""
    return _digest("html", environment, body, json.dumps(around, sort_keys=True, default=str))


def commentary_key(plan: str, text: bytes | None) -> str:
    """The date's commentary as read and checked, for the plan's areas and measures."""
    return _digest("commentary", plan, "missing" if text is None else text)


def index_key(environment: str, settings: str, packs: list) -> str:
    return _digest("index", environment, settings, json.dumps(packs, sort_keys=True))


_HEADER = b"wsoa-cache sha256="  # then 64 hex digits and a newline, then the entry


class BuildCache:
    """Files in ``<out>/.cache`` by key. With ``enabled=False`` nothing is read (a cold
    build) but results are still stored for the next build.

    Every entry starts with a line giving the SHA-256 of what follows, and is checked
    against it before it is used: an entry cut short or damaged on disk (or written by an
    older workbook, without the line) is removed, with a warning in the log, and rebuilt."""

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
            stored = path.read_bytes()
        except OSError:
            return None
        head, _, data = stored.partition(b"\n")
        digest = head.removeprefix(_HEADER).decode("ascii", "replace")
        if head.startswith(_HEADER) and digest == hashlib.sha256(data).hexdigest():
            return data
        _log.warning(
            "The cache entry %s is damaged (%d bytes, not what was stored): removed, "
            "and what it held is built again",
            path,
            len(stored),
        )
        path.unlink(missing_ok=True)
        return None

    def put(self, kind: str, key: str, data: bytes, suffix: str = "") -> None:
        path = self._path(kind, key, suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(_HEADER + hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
        os.replace(tmp, path)

    def get_json(self, kind: str, key: str):
        data = self.get(kind, key, ".json")
        return None if data is None else json.loads(data)

    def put_json(self, kind: str, key: str, value) -> None:
        self.put(kind, key, json.dumps(value, sort_keys=True, default=str).encode(), ".json")

    def get_page(self, key: str, commentary: dict) -> str | None:
        """A page's body, if its notebook ran before with the commentary it read saying
        what ``commentary`` says now."""
        reads = self.get_json("page-reads", key)
        if not isinstance(reads, list):
            return None
        body = self.get("pages", _digest(key, commentary_digest(reads, commentary)), ".fragment")
        return None if body is None else body.decode("utf-8")

    def put_page(self, key: str, body: str, reads: list[str], commentary: dict) -> None:
        """A page's body, and what its notebook read of ``commentary`` (the latest reads are
        kept; bodies made with other commentary stay, for when it says that again)."""
        said = commentary_digest(reads, commentary)
        self.put("pages", _digest(key, said), body.encode("utf-8"), ".fragment")
        self.put_json("page-reads", key, sorted(set(reads)))
