"""Typst's compiler run in a process of its own, so that laying out the PDF has a time limit.

Typst is called in the library's own process by its Python wheel, and a call cannot be
interrupted: a pathological page would hold the build for as long as it takes. So the
appendix is laid out by ``python -m wsoa_analysis.render.typst_compile FOLDER STAMP FONTS``
(``appendix-main.typ`` in ``FOLDER`` to ``appendix.pdf`` beside it), which :func:`compile_pdf`
starts and stops when the time is up.

The PDF is written as PDF/UA-1 where Typst can; where it refuses (the document breaks the
standard) it is written untagged and the reason is passed back for the build log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from wsoa_analysis.errors import BuildError

#: The standards the appendix is written to, in order of preference.
PDF_STANDARDS = (["ua-1"], [])
#: The main file the child lays out, and what it writes, in the folder it is given.
MAIN, OUTPUT = "appendix-main.typ", "appendix.pdf"


def font_folder() -> Path:
    """DejaVu Sans, as matplotlib ships it: the charts' font, the same on every machine."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def compile_pdf(
    folder: Path, timestamp: dt.datetime, out_path: Path, timeout: float
) -> tuple[bytes, list[tuple[str, str]]]:
    """The PDF of ``folder/appendix-main.typ``, laid out in a child process given at most
    ``timeout`` seconds. Returns the PDF's bytes and the standards Typst refused, each as
    ``(standard, reason)``.

    Raises
    ------
    BuildError
        Naming ``out_path`` and the step: when the time is up (the child is stopped), or
        when Typst cannot lay the document out at all.
    """
    command = [sys.executable, "-m", __name__, str(folder), timestamp.isoformat()]
    command.append(str(font_folder()))
    here = str(Path(__file__).resolve().parents[2])  # the child imports this same library
    path = os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONPATH": path},
        )
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"{out_path}: the PDF step (Typst laying out the appendix) was stopped after "
            f"{timeout:g} seconds (--pdf-timeout). A page may hold an extremely long text; "
            "give it more time with --pdf-timeout SECONDS, or shorten the text."
        ) from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise BuildError(f"{out_path}: Typst could not lay out the PDF: {reason[0]}")
    return (Path(folder) / OUTPUT).read_bytes(), [
        tuple(json.loads(line)) for line in done.stdout.splitlines() if line.strip()
    ]


def _main(folder: Path, timestamp: str, fonts: str) -> int:
    import typst

    for standards in PDF_STANDARDS:
        try:
            data = typst.compile(
                str(folder / MAIN),
                root=str(folder),
                font_paths=[fonts],
                ignore_system_fonts=True,
                pdf_standards=standards,
                timestamp=dt.datetime.fromisoformat(timestamp),
            )
        except typst.TypstError as err:
            reason = " ".join(str(getattr(err, "message", err)).split())
            if not standards:
                print(reason, file=sys.stderr)
                return 1
            print(json.dumps([standards[0].upper(), reason]), flush=True)
            continue
        (folder / OUTPUT).write_bytes(data)
        return 0
    raise AssertionError("unreachable")


if __name__ == "__main__":
    sys.exit(_main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
