"""Loading the context for a reporting date from a data folder and a settings folder: the one
place where files become a :class:`~wsoa_analysis.domain.context.Context`.

Reading, validating and scoring the inputs takes about a second, and a build needs the same
context in every notebook and for the data workbook. So a build computes it once
(:func:`share_context`) and stores it in its private work folder under a key made of
everything it depends on: the content of every data and settings file, the reporting date, and
the workbook's own code and package versions. :func:`load_context` then takes the stored one
when the folder is named (by the ``WSOA_CONTEXT_DIR`` environment variable, which a build sets
for its notebooks' kernels, or :func:`shared_contexts` within a process) and the key of the
files as they are now matches; otherwise, or if anything about the stored copy is off, it
loads from the files. A changed file changes the key, so a stale context is never used.

The date's commentary is the exception: it is read afresh (it takes milliseconds) every time a
stored context is used, so rewording it needs no new context. Where the
``WSOA_COMMENTARY_READS`` environment variable names a file (a build sets it for each
notebook), the context notes there which commentary entries are read, so that the build knows
which pages show which commentary.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import logging
import os
import pickle
from pathlib import Path

import pandas as pd

from wsoa_analysis.config.settings import (
    cycle_for_date,
    load_area,
    previous_cycle_date,
    read_cycle_files,
)
from wsoa_analysis.domain.context import Context, compute_context
from wsoa_analysis.domain.periods import to_date
from wsoa_analysis.inputs import commentary
from wsoa_analysis.inputs.checks import check_reporting_date
from wsoa_analysis.inputs.load import Dataset, load_dataset
from wsoa_analysis.inputs.settings_checks import check_settings

CONTEXT_DIR_VARIABLE = "WSOA_CONTEXT_DIR"
READS_VARIABLE = "WSOA_COMMENTARY_READS"
LOADED = "loaded"  # the first line a context notes: it was loaded (the file exists then)
_SHARED_DIR: contextvars.ContextVar[Path | None] = contextvars.ContextVar(
    "wsoa_shared_context_dir", default=None
)
_log = logging.getLogger(__name__)


def find_path(path) -> Path:
    """A relative path as given if it exists from here, else from the nearest folder above
    that has it: so ``data`` works from the project root (papermill on the command line) and
    from ``notebooks/`` (JupyterLab) alike."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    for parent in Path.cwd().resolve().parents:
        if (parent / p).exists():
            return parent / p
    return p  # let the loader report it missing


def load_context(reporting_date, data_dir="data", params_dir="params") -> Context:
    """Load and validate the inputs and compute everything the pages show for a reporting
    date. ``data_dir`` and ``params_dir`` may be relative to the project root or to
    ``notebooks/``. Inside a build, the context the build computed for exactly these inputs
    is used instead of computing it again."""
    date = to_date(reporting_date)
    data_dir, params_dir = find_path(data_dir), find_path(params_dir)
    folder = _SHARED_DIR.get() or (
        Path(os.environ[CONTEXT_DIR_VARIABLE]) if os.environ.get(CONTEXT_DIR_VARIABLE) else None
    )
    if folder is not None:
        shared = _read(_stored_path(folder, date, context_key(date, data_dir, params_dir)))
        if shared is not None:
            _log.debug("context for %s taken from %s", date.date(), folder)
            shared.commentary = _commentary(data_dir, date, shared.ds, shared.settings)
            return _noting_reads(shared)
    return context_from_files(date, data_dir, params_dir)


def context_from_files(
    reporting_date, data_dir: Path, params_dir: Path, ds: Dataset | None = None
) -> Context:
    """The context computed from the files (``ds``: the dataset, where already loaded from
    ``data_dir``)."""
    date = to_date(reporting_date)
    settings = load_area(params_dir)
    ds = ds if ds is not None else load_dataset(data_dir, settings.plan.statuses)
    check_reporting_date(ds.tables, date)
    check_settings(settings, ds)
    cycle = cycle_for_date(params_dir, date.date())
    prev = previous_cycle_date(params_dir, date.date())
    notes = _commentary(data_dir, date, ds, settings)
    cycles = [c.reporting_date for _, c in read_cycle_files(params_dir).good]
    ctx = compute_context(
        ds, settings, cycle, date, pd.Timestamp(prev) if prev else None, notes, cycles
    )
    return _noting_reads(ctx)


def _commentary(data_dir: Path, date: pd.Timestamp, ds: Dataset, settings) -> commentary.Commentary:
    return commentary.load(
        data_dir,
        date,
        set(ds.priorities["priority_id"]),
        set(ds.kpis["kpi_id"]),
        settings.plan.areas,  # the area headings in the plan's own words
    )


def context_key(reporting_date, data_dir: Path, params_dir: Path) -> str:
    """What a stored context depends on: every data and settings file's content (but the
    date's commentary, read afresh whenever a stored context is used), the date, and the
    workbook's code and package versions (read now, not remembered: the code may have changed
    since this process started)."""
    from wsoa_analysis.build.cache import environment_digest, inputs_digest

    day = to_date(reporting_date).date().isoformat()
    h = hashlib.sha256()
    for part in (
        "context",
        environment_digest.__wrapped__(),
        inputs_digest(Path(data_dir), Path(params_dir), day),
        day,
    ):
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()


def share_context(
    folder: Path,
    reporting_date,
    data_dir: Path,
    params_dir: Path,
    *,
    ds: Dataset | None = None,
    reuse: bool = True,
) -> bool:
    """Compute the context once and store it in ``folder`` for :func:`load_context`; with
    ``reuse``, one stored before for exactly the same inputs is kept. Returns True when it
    was computed now. Contexts stored for other inputs of the same date are removed."""
    date = to_date(reporting_date)
    path = _stored_path(Path(folder), date, context_key(date, data_dir, params_dir))
    if reuse and _read(path) is not None:
        return False
    ctx = context_from_files(date, data_dir, params_dir, ds)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)
    for old in path.parent.glob(f"{date.date().isoformat()}.*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return True


@contextlib.contextmanager
def shared_contexts(folder: Path):
    """Within the block, :func:`load_context` in this process uses the contexts stored in
    ``folder`` (as the build's kernels do through ``WSOA_CONTEXT_DIR``)."""
    token = _SHARED_DIR.set(Path(folder))
    try:
        yield
    finally:
        _SHARED_DIR.reset(token)


def _stored_path(folder: Path, date: pd.Timestamp, key: str) -> Path:
    return Path(folder) / f"{date.date().isoformat()}.{key}.pickle"


def _read(path: Path) -> Context | None:
    # The file is written only by a build into its own work folder, under the key of the
    # inputs and of this code; anything unreadable is ignored and the files are read instead.
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        ctx = pickle.loads(data)  # noqa: S301 (the build's own file, see above)
    except Exception:  # a partial or foreign file: load from the files instead
        _log.warning("ignored an unreadable stored context: %s", path)
        return None
    return ctx if isinstance(ctx, Context) else None


# --- which commentary a notebook reads ------------------------------------------------------


def _noting_reads(ctx: Context) -> Context:
    """The context, its commentary noting what is read where ``WSOA_COMMENTARY_READS`` names
    a file (as a build sets for each notebook); else as it is."""
    path = os.environ.get(READS_VARIABLE)
    if not path:
        return ctx
    _note(path, LOADED)
    notes = ctx.commentary
    ctx.commentary = commentary.Commentary(
        areas=NotedEntries(notes.areas, "areas", path),
        measures=NotedEntries(notes.measures, "measures", path),
    )
    return ctx


def _note(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


class NotedEntries(dict):
    """Commentary entries by id that note each id looked up (``areas<TAB>1``), or ``*`` for
    anything that reads them all (listing, counting, copying, printing, comparing)."""

    def __init__(self, entries: dict, kind: str, path: str):
        super().__init__(dict.items(entries))  # as they are, noting nothing
        self._kind, self._path = kind, path

    def _read(self, key=None) -> None:
        plain = isinstance(key, str) and key and not any(c.isspace() for c in key)
        _note(self._path, f"{self._kind}\t{key}" if plain else "*")

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def __iter__(self):
        self._read()
        return super().__iter__()

    def __len__(self):
        self._read()
        return super().__len__()

    def __repr__(self):
        self._read()
        return super().__repr__()

    def keys(self):
        self._read()
        return super().keys()

    def values(self):
        self._read()
        return super().values()

    def items(self):
        self._read()
        return super().items()

    def popitem(self):
        self._read()
        return super().popitem()

    def __eq__(self, other):
        self._read()
        return super().__eq__(other)

    def __ne__(self, other):
        self._read()
        return super().__ne__(other)

    def __or__(self, other):
        self._read()
        return dict(dict.items(self)) | other

    def __ror__(self, other):
        self._read()
        return other | dict(dict.items(self))

    def pop(self, *args):
        self._read()
        return super().pop(*args)

    def setdefault(self, *args):
        self._read()
        return super().setdefault(*args)

    __hash__ = None

    def copy(self) -> dict:
        self._read()
        return dict(dict.items(self))

    def __reduce__(self):  # pickled and copied as the plain table
        self._read()
        return (dict, (dict(dict.items(self)),))
