"""Officers' text (Markdown) as HTML for a page: raw HTML in it is escaped, headings stay
below the page's one ``<h1>``, and nothing is fetched from elsewhere.

    >>> markdown_to_html("**Done** <b>x</b>")
    '<p><strong>Done</strong> &lt;b&gt;x&lt;/b&gt;</p>\\n'
"""

from __future__ import annotations

import html

import mistune
from mistune.util import striptags


class _ReaderRenderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with raw HTML escaped, headings kept below the page's one
    ``<h1>``, and images that would be fetched from elsewhere shown as their alt text."""

    def __init__(self, attachments: dict | None = None):
        super().__init__(escape=True)
        self._attachments = attachments or {}

    def heading(self, text: str, level: int, **attrs) -> str:
        level = min(max(level, 2), 6)
        return f"<h{level}>{text}</h{level}>\n"

    def image(self, text: str, url: str, title: str | None = None) -> str:
        alt = html.escape(striptags(text), quote=True)
        src = None
        if url.startswith("attachment:"):
            bundle = self._attachments.get(url.removeprefix("attachment:"), {})
            if "image/png" in bundle:
                src = "data:image/png;base64," + base64_text(bundle["image/png"])
        elif url.startswith("data:image/png;base64,"):
            src = url
        if src is None:
            return f'<span class="image-missing">{alt}</span>' if alt else ""
        return f'<img src="{html.escape(src, quote=True)}" alt="{alt}">'


def markdown_to_html(source: str, attachments: dict | None = None) -> str:
    """A markdown cell's text as HTML. Raw HTML in it is escaped and shows as text."""
    md = mistune.create_markdown(
        renderer=_ReaderRenderer(attachments), plugins=["table", "strikethrough"]
    )
    return md(source)


def base64_text(data) -> str:
    """Base64 text from a notebook's JSON (a string or a list of lines), without whitespace."""
    text = "".join(data) if isinstance(data, list) else str(data)
    return "".join(text.split())
