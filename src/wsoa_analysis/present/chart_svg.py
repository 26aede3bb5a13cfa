"""A matplotlib figure as inline SVG for the pages: scaled to its container, its ids made
unique per chart, hidden from assistive technology (the figure around it carries the text
alternative); and a switch to skip drawing where only a section's numbers are wanted."""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import io
import re

from matplotlib.figure import Figure

#: Off while something needs a section's numbers but not its pictures (the figure ledger):
#: drawing is most of a section's cost.
_DRAWING: contextvars.ContextVar[bool] = contextvars.ContextVar("drawing", default=True)


@contextlib.contextmanager
def without_drawing():
    """Within the block, charts are not drawn: :func:`svg` gives an empty ``<svg>``."""
    token = _DRAWING.set(False)
    try:
        yield
    finally:
        _DRAWING.reset(token)


def svg(fig: Figure) -> str:
    """The figure as an inline SVG element, scaled to its container, no XML prologue."""
    if not _DRAWING.get():
        return '<svg focusable="false" aria-hidden="true"></svg>'
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r"\1", text, count=1)
    text = _unique_ids(text)
    return text.replace("<svg ", '<svg focusable="false" aria-hidden="true" ', 1)


def _unique_ids(text: str) -> str:
    """Prefix every id in the SVG with a digest of the chart, so several charts on one page
    (or in the one PDF document) never share an id. The same chart keeps the same ids."""
    prefix = "c" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8] + "-"
    ids = set(re.findall(r'\sid="([^"]+)"', text))
    if not ids:
        return text
    pattern = re.compile(
        r'(\sid="|#)('
        + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
        + r')(?=["\)])'
    )
    return pattern.sub(lambda m: m.group(1) + prefix + m.group(2), text)
