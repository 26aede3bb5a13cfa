"""Writing files so that they survive a crash: the one place the workbook asks the operating
system to put a file, or a folder's list of names, on disk before it goes on."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename, a new file) durable: after this, a power cut
    cannot undo them."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
