"""Text as Typst markup: escaped so that it prints exactly as written, with break points in
over-long words so that nothing runs off the page.

Every ASCII punctuation mark is preceded by a backslash (Typst's escape), so a payload such as
``#sys.exit()`` prints as typed.
"""

from __future__ import annotations

import re

from wsoa_analysis.render.html_tree import SPACE

_PUNCT = re.compile(r"""([\\#*_`$<>@=\-+/~'":;,.!?%&{}|^()\[\]])""")
#: Words longer than this many characters may break anywhere.
LONGEST_WORD = 30


def escape(text: str) -> str:
    """Text as Typst markup that prints exactly that text (whitespace collapsed as in HTML).

    >>> escape("50% of #1 [draft]")
    '50\\\\% of \\\\#1 \\\\[draft\\\\]'
    """
    return _PUNCT.sub(r"\\\1", breakable(SPACE.sub(" ", text)))


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
