"""Publishing a pack all at once: its files are written into a staging folder beside the
published one and swapped into place with renames only when every one of them was written.
If anything fails, the pack published before for that date stays exactly as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path


@contextlib.contextmanager
def staging(out_dir: Path, name: str):
    """An empty folder ``<out>/.staging-<name>`` for the block, removed afterwards whatever
    happened (after :func:`publish` it no longer exists)."""
    folder = Path(out_dir) / f".staging-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(staged: Path, final: Path) -> None:
    """Swap the staged pack into place with renames: readers see the old pack or the new one,
    never a mixture."""
    old = final.with_name(f".old-{final.name}")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staged, final)
    if old.exists():
        shutil.rmtree(old)
