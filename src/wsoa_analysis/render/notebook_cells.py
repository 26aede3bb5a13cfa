"""How every message numbers a notebook's cells: as the analyst sees the notebook they open.

"cell N" is the Nth cell from the top of the notebook file, counted from 1, markdown cells
included, and always followed by the cell's first line, so that it can be found whichever way
an editor numbers cells. The cells papermill adds to the copy it runs (the injected parameters
and its error banners) are not counted: the analyst's notebook does not have them.

    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("x = 1"),
    ...     new_code_cell("y = 2", metadata={"tags": ["injected-parameters"]}),
    ...     new_code_cell("1 / 0")])
    >>> [(n, c.source) for n, c in numbered_cells(nb)]
    [(1, '# Title'), (2, 'x = 1'), (3, '1 / 0')]
    >>> cell_label(3, nb.cells[3])
    'cell 3 (1 / 0)'
"""

from __future__ import annotations

#: Cells papermill adds to the notebook it runs: never counted.
ADDED_BY_PAPERMILL = frozenset({"injected-parameters", "papermill-error-cell-tag"})


def numbered_cells(nb):
    """Each cell the analyst's notebook has, with its number (papermill's cells skipped)."""
    number = 0
    for cell in nb.cells:
        if set(cell.get("metadata", {}).get("tags", [])) & ADDED_BY_PAPERMILL:
            continue
        number += 1
        yield number, cell


def first_line(cell, width: int = 60) -> str:
    """The cell's first line that is not blank, cut to ``width`` characters."""
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    lines = source.strip().splitlines()[:1]
    return lines[0][:width] if lines else ""


def cell_label(number: int, cell) -> str:
    """``cell N (first line)``, as every message names a cell."""
    line = first_line(cell)
    return f"cell {number} ({line})" if line else f"cell {number}"
