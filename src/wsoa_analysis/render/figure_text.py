"""Which numbers in the pack's text are figures: the definition the figure ledger is checked
against (every figure a page or the PDF shows must be a row of ``figures.csv``).

A **figure** is a number as a reader sees it: digits with any thousands commas and decimals
(``6,132``, ``57.5``), with a sign before it (``-7%``, ``+20%``) and a per cent sign after it
where written (``57.5%`` and ``57.5`` are different figures). The synthetic mark after it
(``†``) is not part of it. These are **not** figures:

1. **quoted text**: text the pack copies from the inputs as written (a measure's title or
   definition, an action's description, officers' commentary, the settings' names), and
   names the pack gives things ("Priority 2", a band of weeks such as "18–20"):
   ``present.ledger.not_figures`` lists them, and they are taken out before anything else;
2. **dates and periods**, as the pack writes them: ``30 June 2023``, ``Jun 2023``,
   ``Jan–Jun 2023``, ``Q1 2023/24``, ``2021/22``, ``2023-06-30``, and a year alone
   (1900 to 2099 with no comma: a count that large is written ``2,022``);
3. **references and names**: action references (``1.2.3``, two dots or more), digits joined
   to a letter or an underscore (``P1``, ``sen2_mi.csv``, ``1st``), to a word by a hyphen
   (``12-month``, ``P1-01``), or to another number by a dash (a range, ``0–6``);
4. **page furniture** of the PDF: ``Page 3 of 35``, the page numbers of the contents, and
   the numbers of numbered lists (at the start of a line).

Chart axes' tick labels are scales, not figures: :func:`page_text` leaves them out of a page's
text (and gives them apart: the PDF's text has them too). Everything else a chart writes (its
legend, the values on its bars) is text like any other.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from wsoa_analysis.dates import MONTHS

_SKIP = {"script", "style", "head", "title", "metadata", "defs"}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_ATTACHED = {"sup", "sub"}  # a mark attached to the figure before it (56.6%†)
_TICK = re.compile(r"(?:^|-)[xy]tick_\d+$")
_MONTH = "|".join(sorted({m for m in MONTHS} | {m[:3] for m in MONTHS} | {"Sept"}, key=len)[::-1])
_DASH = r"\s?[–-]\s?"
_DATES = [
    # 30 June 2023, Jun 2023, Jan–Jun 2023
    rf"(?:\b(?:[12]\d|3[01]|0?[1-9]) )?\b(?:{_MONTH})(?:{_DASH}(?:{_MONTH}))?,? \d{{4}}\b",
    r"\bQ[1-4] \d{4}/\d{2}\b",  # Q1 2023/24
    r"(?<![\d.,])\d{4}/\d{2,4}(?![\d/])",  # 2021/22
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2023-06-30
    r"(?<![\d.,+\-–])(?:19|20)\d{2}(?![\d%]|[.,]\d)",  # 2022
]
_REFERENCES = [r"(?<![\w.])\d+(?:\.\d+){2,}(?![\w.]*\d)"]  # 1.2.3
_FURNITURE = [r"\bPage \d+ of \d+\b", r"\.{3,}\s*\d+", r"(?m)^\s*\d+\.\s"]
_NUMBER = re.compile(
    r"(?<![\w.,/+\-–])"  # not inside a word, a number or a range
    r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?"
    r"(?![\w/]|[.,]\d|-\w|\s?–\s?\d)"  # nor joined to a word, a period or a range
)
_SPACE = re.compile(r"\s+")
_BROKEN = re.compile(r"(?<=[^\W\d_])[\u00ad-]\s*(?=[^\W\d_])")


class _Text(HTMLParser):
    """The visible text of a page, and apart the tick labels of its charts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.ticks: list[str] = []
        # (tag, skipped, a tick label) of each open element
        self.stack: list[tuple[str, bool, bool]] = []

    def _state(self) -> tuple[bool, bool]:
        return self.stack[-1][1:] if self.stack else (False, False)

    def handle_starttag(self, tag, attrs):
        if tag not in _ATTACHED:
            self.parts.append(" ")
        if tag in _VOID:
            return
        skipped, tick = self._state()
        tick = tick or bool(_TICK.search(dict(attrs).get("id") or ""))
        self.stack.append((tag, skipped or tag in _SKIP, tick))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if tag not in _ATTACHED:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.parts.append(" ")

    def handle_data(self, data):
        skipped, tick = self._state()
        if not skipped:
            (self.ticks if tick else self.parts).append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    """A page's visible text (the body; no script, style or chart metadata; chart tick
    labels left out) and, apart, its charts' tick labels."""
    head, _, body = html.partition("<body")
    reader = _Text()
    reader.feed("<body" + body if body else head)
    reader.close()
    return normalise("".join(reader.parts)), [normalise(t) for t in reader.ticks if t.strip()]


def normalise(text: str) -> str:
    """Text as compared: entities read, a word broken at the end of a line whole again (a
    hyphen or soft hyphen between letters taken out: the PDF's text has them where it
    hyphenated, and a hyphen between letters is never part of a figure), the minus sign as a
    hyphen, every run of white space one space."""
    text = unescape(text).replace("\u2212", "-")
    text = _BROKEN.sub("", text).replace("\u00ad", "")
    return _SPACE.sub(" ", text).strip()


_PLACE = "§"  # what a date or a reference becomes, in the text and in quoted texts alike


def _blank(text: str, patterns, by: str = " ") -> str:
    for pattern in patterns:
        text = re.sub(pattern, by, text)
    return text


def _undated(text: str) -> str:
    """Text with its dates, periods and references taken out (each one a placeholder)."""
    return _blank(normalise(text), [*_DATES, *_REFERENCES], _PLACE)


def _quoted(texts) -> re.Pattern | None:
    """One pattern for the quoted texts (their dates taken out as from the text), longest
    first, each matched whole (not inside a longer word or number)."""
    undated = {_undated(t) for t in texts if t and t.strip()}
    wanted = sorted((t for t in undated if any(c.isdigit() for c in t)), key=lambda t: (-len(t), t))
    if not wanted:
        return None
    body = "|".join(re.escape(t) for t in wanted)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


def figure_matches(text: str, not_figures=(), *, pdf: bool = False) -> tuple[str, list]:
    """The text as read for figures (quoted texts, dates and references out) and the
    matches of its figures in it, by the rules above (``not_figures``: the quoted texts;
    ``pdf``: also take out the PDF's furniture, line by line before anything else)."""
    if pdf:
        text = _blank(text, _FURNITURE)
    text = _undated(text)
    quoted = _quoted(not_figures)
    if quoted is not None:
        text = quoted.sub(" ", text)
    return text, list(_NUMBER.finditer(text))


def figure_tokens(text: str, not_figures=(), *, pdf: bool = False) -> list[str]:
    """The figures in ``text``, in order (see :func:`figure_matches`)."""
    return [m.group(0) for m in figure_matches(text, not_figures, pdf=pdf)[1]]


def shown_tokens(shown: str) -> set[str]:
    """The figures in a ledger row's ``shown`` (``100% by Jun 2023`` is ``100%``)."""
    return set(figure_tokens(shown))
