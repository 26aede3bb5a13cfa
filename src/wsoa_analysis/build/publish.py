"""Publishing a pack all at once, never leaving a moment without one.

A pack is written into ``<out>/.staging-<date>`` and published only when every file of it was
written. Each published pack is a folder of its own, ``<out>/<date>.v<n>`` (see
``revisions``), and ``<out>/<date>`` is a symbolic link to the one published now. Publishing
is three steps, each a rename:

1. the staged folder becomes ``<date>.v<n>`` (complete, not yet published);
2. a new link to it is made under a temporary name;
3. the new link is renamed over ``<out>/<date>``: rename(2) replaces it at once, so at every
   instant ``<out>/<date>`` is the old pack or the new one, whole.

A journal, ``<out>/.publishing-<date>.json``, is written before step 1 and removed after
step 3. If a run is killed part way, the next run (before it does anything else, see
:func:`recover`) finishes the publish if step 3 was done, or else puts things back as they
were: the pack published before stays, and the unpublished version is removed. A pack
published before versions existed (a real folder ``<out>/<date>``) is first moved to a
version of its own, then linked; between the two the next run's :func:`recover` links it
back if need be. Nothing the workbook did not write is ever moved or removed: such a folder
where a pack would go stops the build (:class:`~wsoa_analysis.errors.BuildError`), naming it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from wsoa_analysis.build.revisions import (
    DATE,
    MANIFEST,
    STAGING_MARKER,
    is_ours,
    note_revision,
    version_name,
    version_numbers,
)
from wsoa_analysis.errors import BuildError
from wsoa_analysis.files import fsync_dir

_log = logging.getLogger(__name__)
Say = Callable[[str], None]
_VERSION_LINK = r"^{date}\.v\d+$"


def _not_ours(path: Path, what: str) -> BuildError:
    return BuildError(
        f"{path} {what}, so the workbook did not make it: it is left as it is and nothing "
        "was published. Move it elsewhere, or build into another --out."
    )


@contextlib.contextmanager
def staging(out_dir: Path, name: str):
    """An empty folder ``<out>/.staging-<name>`` for the block, removed afterwards whatever
    happened (after :func:`publish` it no longer exists). One left by a run that was
    stopped is cleared first, if the workbook made it."""
    folder = Path(out_dir) / f".staging-{name}"
    if os.path.lexists(folder):
        ours = folder.is_dir() and not folder.is_symlink()
        ours = ours and (
            (folder / STAGING_MARKER).exists() or is_ours(folder) or not any(folder.iterdir())
        )
        if not ours:
            raise _not_ours(folder, "has no marker or manifest of the workbook's")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / STAGING_MARKER).write_text("being written by wsoa pack\n", encoding="utf-8")
    try:
        yield folder
    finally:
        if folder.is_dir() and (folder / STAGING_MARKER).exists():
            shutil.rmtree(folder, ignore_errors=True)


def published_version(final: Path) -> tuple[str | None, bool]:
    """What is at ``<out>/<date>`` now: (the version it links to, False), or (None, True) for
    a pack published before versions existed, or (None, False) for nothing. Anything the
    workbook did not make raises :class:`BuildError`."""
    date = final.name
    if not os.path.lexists(final):
        return None, False
    if final.is_symlink():
        target = os.readlink(final)
        if not re.match(_VERSION_LINK.format(date=date), target):
            raise _not_ours(final, f"is a link to {target}")
        return target, False
    if is_ours(final, date):
        return None, True
    raise _not_ours(final, "has no manifest.json of the workbook's for this date")


def check_out(out_dir: Path, date: str, say: Say | None = None) -> None:
    """Before a build: finish or undo an interrupted publish, and stop at once if what is at
    ``<out>/<date>`` is not the workbook's."""
    recover(out_dir, say)
    published_version(Path(out_dir) / date)


def _link(out_dir: Path, date: str, target: str) -> None:
    """Point ``<out>/<date>`` at ``target`` at once: a new link renamed over the old one."""
    tmp = out_dir / f".{date}.link"
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, out_dir / date)
    fsync_dir(out_dir)


def _journal(out_dir: Path, date: str) -> Path:
    return out_dir / f".publishing-{date}.json"


def publish(staged: Path, final: Path, say: Say | None = None) -> Path:
    """Publish the staged pack as ``final`` (``<out>/<date>``); the version published before
    is kept (or removed if the new one's files are all the same). Returns ``final``."""
    out_dir, date = final.parent, final.name
    recover(out_dir, say)
    previous, legacy = published_version(final)
    number = max(version_numbers(out_dir, date), default=0) + 1
    if legacy:
        previous, number = version_name(date, number), number + 1
    new = version_name(date, number)
    before = final if legacy else (out_dir / previous if previous else None)
    identical = note_revision(staged, before, previous or "")
    journal = {"date": date, "new": new, "previous": previous, "identical": identical}
    _write_journal(_journal(out_dir, date), journal)
    os.rename(staged, out_dir / new)  # step 1
    (out_dir / new / STAGING_MARKER).unlink()
    if legacy:
        os.rename(final, out_dir / previous)  # the old layout: no pack until the link is made
    _link(out_dir, date, new)  # steps 2 and 3
    _finish(out_dir, journal)
    return final


def _write_journal(path: Path, journal: dict) -> None:
    tmp = path.with_name(f"{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(journal, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def _finish(out_dir: Path, journal: dict) -> None:
    """After step 3: an identical previous version goes (the new one holds all it held)."""
    previous = journal["previous"]
    if journal["identical"] and previous and is_ours(out_dir / previous, journal["date"]):
        shutil.rmtree(out_dir / previous)
    _journal(out_dir, journal["date"]).unlink(missing_ok=True)


def recover(out_dir: Path, say: Say | None = None) -> None:
    """Finish or undo every publish in ``out_dir`` that was interrupted (see the module's
    description); packs left as ``.old-<date>`` by earlier versions of the workbook are put
    back where no pack is. Nothing published is ever removed."""
    say = say or _log.warning
    out_dir = Path(out_dir)
    for path in sorted(out_dir.glob(".publishing-*.json.tmp")):
        path.unlink()  # a journal not yet in place: nothing was moved
    for path in sorted(out_dir.glob(".publishing-*.json")):
        journal = json.loads(path.read_text(encoding="utf-8"))
        _recover_one(out_dir, journal, say)
    for old in sorted(out_dir.glob(".old-*")):
        date = old.name.removeprefix(".old-")
        final = out_dir / date
        if DATE.match(date) and is_ours(old, date) and not os.path.lexists(final):
            os.rename(old, final)
            say(f"{final}: put back the pack a stopped run had left in {old.name}")


def _recover_one(out_dir: Path, journal: dict, say: Say) -> None:
    date, new, previous = journal["date"], journal["new"], journal["previous"]
    final = out_dir / date
    tmp = out_dir / f".{date}.link"
    if final.is_symlink() and os.readlink(final) == new:
        _finish(out_dir, journal)
        say(f"{final}: finished publishing {new}, which a stopped run had put in place")
        return
    if not os.path.lexists(final) and previous and is_ours(out_dir / previous, date):
        _link(out_dir, date, previous)
    if is_ours(out_dir / new, date) or (out_dir / new / STAGING_MARKER).exists():
        shutil.rmtree(out_dir / new)  # never published
    if tmp.is_symlink():
        tmp.unlink()
    _journal(out_dir, date).unlink(missing_ok=True)
    kept = f"the pack published before ({previous})" if previous else "no pack, as before"
    say(f"{final}: a publish was stopped part way and has been undone; {final} is {kept}")


__all__ = ["MANIFEST", "check_out", "publish", "published_version", "recover", "staging"]
