"""Text as Typst markup: escaped so that it prints exactly as written, with break points in
over-long words so that nothing runs off the page.

Text with any ASCII punctuation mark in it is given to Typst as one string (``#"...";``), so
a payload such as ``#sys.exit()`` prints as typed. One string rather than a backslash before
each mark: Typst lays out a paragraph of many escapes in time that grows with the square of
their number (a 100 kB action description of short words and punctuation took minutes), and
a string in the same time as plain words.
"""

from __future__ import annotations

import re

from wsoa_analysis.render.html_tree import SPACE

_PUNCT = re.compile(r"""[\\#*_`$<>@=\-+/~'":;,.!?%&{}|^()\[\]]""")
#: Words longer than this many characters may break anywhere.
LONGEST_WORD = 30


def escape(text: str) -> str:
    """Text as Typst markup that prints exactly that text (whitespace collapsed as in HTML):
    as it is where it has no punctuation, else as a string, spaces at either end kept as
    markup (so that text between blocks stays as Typst treats spaces there).

    >>> escape("50% of #1 [draft] ")
    '#"50% of #1 [draft]"; '
    >>> escape("plain words")
    'plain words'
    """
    text = breakable(SPACE.sub(" ", text))
    if not _PUNCT.search(text):
        return text
    core = text.strip(" ")
    start = text[: len(text) - len(text.lstrip(" "))]
    end = text[len(text.rstrip(" ")) :]
    # the ";" ends the expression, so what follows ("." or "(") is never read as part of it
    return f"{start}#{string(core)};{end}"


def breakable(text: str, longest: int | None = None) -> str:
    """Text whose over-long words (a URL, a run of characters) may break anywhere: a
    zero-width space every ``longest`` characters, so that nothing runs off the page.

    >>> breakable("a " + "x" * 7, longest=3) == "a xxx\\u200bxxx\\u200bx"
    True
    """
    longest = longest or LONGEST_WORD
    long_word = rf"\S{{{longest + 1},}}"
    return re.sub(long_word, lambda m: "\u200b".join(_chunks(m.group(0), longest)), text)


def _chunks(word: str, size: int) -> list[str]:
    return [word[i : i + size] for i in range(0, len(word), size)]


def string(text: str) -> str:
    """A Typst string literal.

    >>> string('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
