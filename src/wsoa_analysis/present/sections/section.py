"""What a section function returns: an object that displays in a notebook and in the pack
exactly as the page shows it, and also holds what it shows.

    >>> import pandas as pd
    >>> s = Section(Markup("<p>Two measures</p>"), frame=pd.DataFrame({"kpi_id": ["A", "B"]}))
    >>> str(s)
    '<p>Two measures</p>'
    >>> page_markup(s._repr_html_())
    '<p>Two measures</p>'
    >>> list(s.frame["kpi_id"])
    ['A', 'B']

An analyst filters ``section.frame``, restyles ``section.figure`` (a matplotlib ``Figure``),
reads ``section.caption`` and ``section.notes``. Pages are made from the HTML alone, so what a
notebook shows and what the pack publishes are the same thing.

A notebook has no pack stylesheet around it, so in JupyterLab (and VS Code) a section shows
inside ``<div class="wsoa-nb">`` with a ``<style>`` of its own: the few rules of the pack's
stylesheet that its sections need (tiles, rating and status pills, tables with text to the
left and figures to the right), scoped to that class. :func:`page_markup` takes both off
again, so a page carries the pack's stylesheet once and the PDF gets the same HTML as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup, escape
from matplotlib.figure import Figure

#: The class of the element a section shows in, in a notebook.
NOTEBOOK_CLASS = "wsoa-nb"

# The pack's look in a notebook: pack.css's rules for what sections show, scoped to
# NOTEBOOK_CLASS. Colours are pack.css's own (same names, `--wsoa-` before them: a test keeps
# them equal); text, borders and backgrounds otherwise follow the notebook's theme, light or
# dark. Two classes in a selector where JupyterLab's own rules for output tables would win.
NOTEBOOK_CSS = """
.wsoa-nb {
  --wsoa-blue: #0072b2; --wsoa-green: #009e73; --wsoa-amber: #e69f00; --wsoa-red: #b2182b;
  --wsoa-grey: #d0d3d5; --wsoa-text: #0b0c0c; --wsoa-secondary-text: #505a5f;
  --wsoa-border: #b1b4b6; --wsoa-masthead: #1b3a57;
  line-height: 1.5;
}
.wsoa-nb :is(.muted, .period, .footnote, figcaption) { opacity: 0.8; }
.wsoa-nb .period, .wsoa-nb sup.synthetic-mark { font-size: 0.875em; }
.wsoa-nb sup.synthetic-mark { font-weight: 700; padding-left: 0.1em; }
.wsoa-nb .note { border-left: 5px solid currentColor; padding: 0.5rem 1rem; margin: 1rem 0; }
.wsoa-nb .lede { font-size: 1.125em; }
.wsoa-nb .kpi-grid {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 1rem;
  margin: 0.5rem 0 1rem;
}
.wsoa-nb .card {
  border: 1px solid var(--wsoa-border); border-top: 5px solid var(--wsoa-masthead);
  padding: 0.75rem 1rem;
}
.wsoa-nb .card .big { display: block; font-size: 2em; font-weight: 700; line-height: 1.1; }
.wsoa-nb .card .big + span { display: block; margin-top: 0.25rem; }
.wsoa-nb table.data { border-collapse: collapse; table-layout: auto; margin: 0 0 1rem; }
.wsoa-nb table.data caption {
  text-align: left; font-weight: 700; font-size: 1.1em; padding-bottom: 0.5rem;
  caption-side: top;
}
.wsoa-nb table.data :is(th, td) {
  text-align: left; vertical-align: top; padding: 0.4em 0.75em 0.4em 0;
  border-bottom: 1px solid var(--wsoa-border); line-height: 1.4;
}
.wsoa-nb table.data thead th { border-bottom: 2px solid currentColor; vertical-align: bottom; }
.wsoa-nb table.data :is(th, td).num { text-align: right; font-variant-numeric: tabular-nums; }
.wsoa-nb :is(.rating-met, .rating-green, .rating-amber, .rating-red, .rating-no_target,
    .rating-no_data, .brag-blue, .brag-green, .brag-amber, .brag-red, .brag-grey, .brag-none) {
  font-weight: 700; display: inline-block; padding: 0.05em 0.6em; border-radius: 1em;
  line-height: 1.4; white-space: nowrap;
}
.wsoa-nb :is(.rating-met, .brag-blue) {
  background: var(--wsoa-blue); border: 2px solid var(--wsoa-blue); color: #fff;
}
.wsoa-nb :is(.rating-green, .brag-green) {
  background: var(--wsoa-green); border: 2px solid var(--wsoa-green); color: var(--wsoa-text);
}
.wsoa-nb :is(.rating-amber, .brag-amber) {
  background: var(--wsoa-amber); border: 2px solid var(--wsoa-amber); color: var(--wsoa-text);
}
.wsoa-nb :is(.rating-red, .brag-red) {
  background: var(--wsoa-red); border: 2px solid var(--wsoa-red); color: #fff;
}
.wsoa-nb .brag-grey {
  background: var(--wsoa-grey); border: 2px solid var(--wsoa-grey); color: var(--wsoa-text);
}
.wsoa-nb :is(.rating-no_target, .rating-no_data, .brag-none) {
  background: #fff; color: var(--wsoa-text); border: 2px dashed var(--wsoa-secondary-text);
}
.wsoa-nb .pill.overdue {
  display: inline-block; margin-top: 0.2em; padding: 0 0.5em; border: 2px solid var(--wsoa-red);
  border-radius: 0.25em; color: var(--wsoa-red); background: #fff; font-weight: 700;
}
.wsoa-nb .synthetic:not(td, th, tr, table) {
  display: inline-block; background: #4c2c92; color: #fff; font-weight: 700;
  font-size: 0.875em; padding: 0.1em 0.5em; border-radius: 0.25em;
}
.wsoa-nb :is(dl.intro, dl.measure-notes) { overflow: visible; margin: 0 0 1rem; }
.wsoa-nb :is(dl.intro, dl.measure-notes) :is(dt, dd) { float: none; width: auto; }
.wsoa-nb :is(dl.intro, dl.measure-notes) dt { font-weight: 700; }
.wsoa-nb :is(dl.intro, dl.measure-notes) dd { margin: 0 0 0.5rem; }
.wsoa-nb .measure-status span { margin-left: 0.25rem; }
.wsoa-nb section.measure { margin-bottom: 2rem; }
.wsoa-nb figure.chart { margin: 1rem 0; }
.wsoa-nb figure.chart svg { display: block; width: 100%; max-width: 48rem; height: auto; }
.wsoa-nb details.chart-data summary { cursor: pointer; font-weight: 700; }
"""

_NOTEBOOK_OPEN = f'<div class="{NOTEBOOK_CLASS}"><style>{NOTEBOOK_CSS}</style>'
_NOTEBOOK_WRAPPED = re.compile(
    rf'<div class="{NOTEBOOK_CLASS}"><style>.*?</style>(.*)</div>', re.DOTALL
)


def notebook_markup(markup) -> str:
    """A section's HTML as a notebook shows it: with its own scoped stylesheet."""
    return f"{_NOTEBOOK_OPEN}{markup}</div>"


def page_markup(markup: str) -> str:
    """HTML a notebook showed, as a page shows it: a section's own stylesheet and the element
    around it (:func:`notebook_markup`) taken off; any other HTML as it is."""
    found = _NOTEBOOK_WRAPPED.fullmatch(markup.strip())
    return found.group(1) if found else markup


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
        return notebook_markup(self.html)

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
            display(HTML(notebook_markup(self._empty)))
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
