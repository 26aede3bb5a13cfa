"""What a section function returns: an object that displays in a notebook and in the pack
exactly as the page shows it, and also holds what it shows.

    >>> import pandas as pd
    >>> s = Section(Markup("<p>Two measures</p>"), frame=pd.DataFrame({"kpi_id": ["A", "B"]}))
    >>> s._repr_html_()
    '<p>Two measures</p>'
    >>> list(s.frame["kpi_id"])
    ['A', 'B']

An analyst filters ``section.frame``, restyles ``section.figure`` (a matplotlib ``Figure``),
reads ``section.caption`` and ``section.notes``. Pages are made from the HTML alone, so what a
notebook shows and what the pack publishes are the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup, escape
from matplotlib.figure import Figure


@dataclass(eq=False)
class Section:
    """One block of a page.

    Attributes
    ----------
    html
        What the page shows (escaped, self-contained HTML).
    frame
        The figures behind it, one row per row shown (or per point plotted), with the
        library's own column names; ``None`` where the section shows no figures.
    figure
        The chart, where there is one.
    caption
        What the table or chart shows, in words.
    notes
        Footnotes shown with it (sources, symbols, synthetic values).
    frames
        Further frames by name where a section shows more than one table (e.g. a chart's
        published comparators).
    """

    html: Markup
    frame: pd.DataFrame | None = None
    figure: Figure | None = None
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        return str(self.html)

    def __html__(self) -> str:  # so a section can be placed inside other markup
        return str(self.html)

    def __str__(self) -> str:
        return str(self.html)

    def __repr__(self) -> str:
        shape = "no frame" if self.frame is None else f"frame {self.frame.shape}"
        fig = ", figure" if self.figure is not None else ""
        return f"<Section {self.caption or 'untitled'!r}: {shape}{fig}>"


class Sections(Sequence[Section]):
    """Several sections shown one after another, each as an output of its own (so each
    measure's heading appears in the notebook's outline). Index it like a list, or use
    :meth:`frame` for all their frames together."""

    def __init__(self, items: list[Section], *, empty: Markup | None = None):
        self._items = list(items)
        self._empty = empty

    def __getitem__(self, index):
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Section]:
        return iter(self._items)

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if not self._items and self._empty is not None:
            display(HTML(str(self._empty)))
        for item in self._items:
            display(item)

    def __str__(self) -> str:
        if not self._items and self._empty is not None:
            return str(self._empty)
        return "".join(str(i) for i in self._items)

    def __repr__(self) -> str:
        return f"<Sections: {len(self._items)}>"

    def frame(self) -> pd.DataFrame:
        """The frames of every section, one under another."""
        parts = [s.frame for s in self._items if s.frame is not None and len(s.frame)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def html(*parts) -> Markup:
    """Parts joined as HTML: Markup (and sections) as they are, anything else escaped."""
    return Markup("").join(p if isinstance(p, Markup) else escape(p) for p in parts)
