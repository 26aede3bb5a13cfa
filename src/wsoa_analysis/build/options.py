"""The settings of one build: where things are, time limits, and how much may be reused."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, fields
from pathlib import Path

from wsoa_analysis.errors import OutputError, UsageError

#: What the system says when a folder cannot be written: the machine's problem, not a bug.
UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR}


@dataclass(frozen=True)
class PackOptions:
    data_dir: Path = Path("data")
    params_dir: Path = Path("params")
    out_dir: Path = Path("rendered")
    notebooks_dir: Path = Path("notebooks")
    cell_timeout: int = 300  # seconds any one cell may run
    notebook_timeout: int = 900  # seconds any one notebook may run
    pdf_timeout: int = 300  # seconds the PDF step (Typst) may run
    workers: int = 0  # notebooks run at once; 0: one per core
    keep_going: bool = False  # publish the other pages when one fails, with a banner
    use_cache: bool = True  # reuse unchanged pages and PDF from <out>/.cache
    kernel_name: str = "python3"

    def __post_init__(self):
        for name in ("cell_timeout", "notebook_timeout", "pdf_timeout"):
            if getattr(self, name) <= 0:
                raise UsageError(
                    f"{name} must be a number of seconds above 0, not {getattr(self, name)}"
                )
        if self.workers < 0:
            raise UsageError(f"workers must be 0 (one per core) or more, not {self.workers}")

    def resolved(self) -> PackOptions:
        """The same options with every path made absolute (notebooks run elsewhere)."""
        return PackOptions(
            **{
                f.name: (Path(v).resolve() if isinstance(v, Path) else v)
                for f in fields(self)
                for v in [getattr(self, f.name)]
            }
        )


def check_out_dir(out_dir: Path, inputs: tuple = ()) -> None:
    """Refuse, before anything runs, an output folder that cannot be one: a file, a folder
    (or the nearest folder above one to be made) that cannot be written, or one of the
    ``inputs`` folders (data, settings, notebooks) or a folder inside one, where the pack's
    files would be mixed with what it is built from."""
    out = Path(out_dir)
    for folder in inputs:
        if folder is not None and out.resolve().is_relative_to(Path(folder).resolve()):
            raise OutputError(
                f"--out {out} is inside {folder}, which the pack is built from: publish it "
                "somewhere else (e.g. rendered/)"
            )
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder: give the folder to publish in")
    here = out
    while not here.exists() and here != here.parent:
        here = here.parent
    if here.is_dir() and not os.access(here, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out}: {here} cannot be written (read-only); nothing was built")
