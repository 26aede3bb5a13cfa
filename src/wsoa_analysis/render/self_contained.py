"""The guard that keeps pages and the PDF self-contained: no script, nothing loaded from
another address.

It reads markup as a browser's parser does and looks only where a browser would run or fetch
something: element names, attribute values (entities decoded) and the text of ``<style>``
elements. Text on the page is never looked at: officers' words are escaped before they reach
markup, so an action description that mentions ``url(https://…)``, ``@import`` or a pasted
``<img src="https://…">`` is shown as typed and loads nothing. The guard therefore fires only
when markup itself (a section's own HTML, or an analyst's) would run or fetch something.

    >>> check_self_contained("<p>See url(https://example.org/a.png) and @import</p>", "x")
    >>> check_self_contained('<img src="https://example.org/a.png">', "cell 3")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    wsoa_analysis.errors.BuildError: cell 3: the output loads something from elsewhere ...
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wsoa_analysis.errors import BuildError

#: Elements that load or run something whatever their attributes say.
_LOADING_ELEMENTS = frozenset({"link", "iframe", "frame", "object", "embed", "base", "applet"})
#: Attributes whose value a browser fetches.
_LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "data", "xlink:href", "background", "lowsrc", "dynsrc"}
)
#: SVG elements whose ``href`` is fetched rather than followed.
_SVG_LOADING = frozenset({"image", "use", "feimage", "script"})
_REMOTE = re.compile(r"""^\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)
_SRCSET_URL = re.compile(r"(?:^|,)\s*(\S+)")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_LOAD = re.compile(r"""@import\b|\burl\(\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.I)
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript):", re.IGNORECASE)
#: Attributes that hold an address a browser follows or fetches (a script address runs).
_URL_ATTRIBUTES = frozenset({"href", "action", "formaction"}) | _LOADING_ATTRIBUTES


def _css_text(css: str) -> str:
    """CSS with comments dropped and backslash escapes decoded, as a browser reads it."""

    def unescape(found: re.Match) -> str:
        if found.group(1):
            code = int(found.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return found.group(2)

    return _CSS_ESCAPE.sub(unescape, _CSS_COMMENT.sub("", css))


class _Guard(HTMLParser):
    """Collects the first thing in markup that would run a script or fetch from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.script: str | None = None
        self.load: str | None = None
        self._in_style = False

    def _found_load(self, what: str) -> None:
        self.load = self.load or what

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        if tag == "script":
            self.script = self.script or "<script>"
        elif tag in _LOADING_ELEMENTS:
            self._found_load(f"<{tag}>")
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.script = self.script or f"<{tag} {name}=...>"
        elif name in _URL_ATTRIBUTES and _SCRIPT_URL.match(value):
            self.script = self.script or f"<{tag} {name}={value.strip()[:40]!r}>"
        elif name == "srcset":
            if any(_REMOTE.match(url) for url in _SRCSET_URL.findall(value)):
                self._found_load(f"<{tag} srcset={value[:60]!r}>")
        elif name in _LOADING_ATTRIBUTES or (name == "href" and tag in _SVG_LOADING):
            if _REMOTE.match(value):
                self._found_load(f"<{tag} {name}={value.strip()[:60]!r}>")
        elif name == "style":
            self._css(value, f"<{tag} style=...>")

    def _css(self, css: str, where: str) -> None:
        found = _CSS_LOAD.search(_css_text(css))
        if found:
            self._found_load(f"{where}: {found.group(0)}")

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:  # a <style>'s text is CSS; any other text is only shown
            self._css(data, "<style>")


def check_self_contained(markup: str, where: str) -> None:
    """Refuse HTML that would run a script or load anything from another address.

    ``where`` names the place for the message (e.g. ``"cell 7, output 1"``). Links to other
    sites (``<a href="https://...">``) are navigation, not loads, and are allowed; text is
    only shown, so what it says is never refused.

    Raises
    ------
    BuildError
        Naming ``where`` and what was found.
    """
    guard = _Guard()
    guard.feed(markup)
    guard.close()
    if guard.script:
        raise BuildError(
            f"{where}: the output contains a <script> or a script address ({guard.script}), "
            "which a reader's page must not run. Display it as a table or a chart from "
            "wsoa_analysis instead."
        )
    if guard.load:
        raise BuildError(
            f"{where}: the output loads something from elsewhere ({guard.load}); "
            "pages and the PDF must be self-contained. Embed it instead (e.g. inline SVG)."
        )
