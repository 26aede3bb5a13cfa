"""Small stand-in notebooks for build tests that are about the build, not the pages: each has
the real notebooks' parameters and loads the context, so a build runs in seconds."""

import json
from pathlib import Path

PARAMETERS = 'reporting_date = "2022-09-30"\ndata_dir = "data"\nparams_dir = "params"\n'

# Loading from the files is refused: the notebook runs only if the build's context is reused.
SHARED_ONLY = """\
import wsoa_analysis.context as context

context.context_from_files = lambda *a, **k: 1 / 0
ctx = context.load_context(reporting_date, data_dir, params_dir)
print(len(ctx.card), "measures")
"""

ANY_CONTEXT = """\
from wsoa_analysis.context import load_context

ctx = load_context(reporting_date, data_dir, params_dir)
print(len(ctx.card), "measures")
"""


def notebook(path: Path, body: str, *, area: bool) -> Path:
    params = PARAMETERS + ('priority_id = "1"\n' if area else "")
    cells = [
        {
            "cell_type": "code",
            "metadata": {"tags": ["parameters"]},
            "source": params,
            "outputs": [],
            "execution_count": None,
        },
        {
            "cell_type": "code",
            "metadata": {},
            "source": body,
            "outputs": [],
            "execution_count": None,
        },
    ]
    nb = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def notebooks(folder: Path, body: str = ANY_CONTEXT, area_body: str | None = None) -> Path:
    """``overview.ipynb`` and ``priority_area.ipynb`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook(folder / "overview.ipynb", body, area=False)
    notebook(folder / "priority_area.ipynb", area_body or body, area=True)
    return folder
