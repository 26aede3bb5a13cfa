"""Where the workbook's own files are, and writing them so that they survive a crash: the one
place the workbook asks the operating system to put a folder's list of names on disk before
it goes on."""

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


#: The folder of officers' commentary files, one ``YYYY-MM-DD.md`` per reporting date.
COMMENTARY = "commentary"


def commentary_folder(data: Path) -> Path:
    """Where a data set's commentary files are: ``commentary/`` inside a data folder, or
    beside a data workbook (``my-wsoa.xlsx`` -> ``commentary/`` in the workbook's folder).

    >>> commentary_folder(Path("data")).as_posix(), commentary_folder(Path("x/w.xlsx")).as_posix()
    ('data/commentary', 'x/commentary')
    """
    data = Path(data)
    if data.suffix.lower() in (".xlsx", ".xlsm"):
        return data.parent / COMMENTARY
    return data / COMMENTARY
