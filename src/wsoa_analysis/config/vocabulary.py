"""Status words: the workbook's five BRAG codes, and the area's own words for them.

The rules on actions (complete, overdue, carried) use the workbook's codes, Blue, Green,
Amber, Red and Grey; the pages show the area's words. An area whose plan records "Complete",
"On track" and "Not started" says so in ``params/area.yaml``::

    plan:
      statuses:
        - {word: Complete, code: Blue, meaning: Done and its closure signed off}
        - {word: On track, code: Green}
        - {word: Not started, code: Grey, also: [Not yet started]}

Each word names one code (its colour on the pages is the code's); ``also`` lists other
spellings read as that word. Without ``statuses:`` the words are the codes themselves, with
"Yellow" read as Amber.

    >>> v = default_statuses("the Improvement Board")
    >>> v[0].word, v[0].meaning
    ('Blue', 'Complete: impact achieved and closure approved by the Improvement Board')
    >>> readings(v)["yellow"], words_by_code(v)["Amber"]
    ('Amber', 'Amber')
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: The workbook's status codes, in the order tallies and legends show them.
BRAG_ORDER = ("Blue", "Green", "Amber", "Red", "Grey")
NO_STATUS = "No status"
COMPLETE = "Blue"  # complete: never overdue

#: What each code means where the area gives no meaning of its own.
CODE_MEANINGS = {
    "Blue": "Complete: impact achieved and closure approved",
    "Green": "On track to achieve the impact measures within the timelines set",
    "Amber": "At risk of not achieving the impact measures and/or the timeline",
    "Red": "At significant risk of not achieving the impact measures and the timeline",
    "Grey": "Awaiting start",
    NO_STATUS: "No status recorded for this reporting date",
}

BragCode = Literal["Blue", "Green", "Amber", "Red", "Grey"]


def key(word: str) -> str:
    """How a recorded word is compared: case and spacing ignored."""
    return " ".join(str(word).split()).lower()


class StatusWord(BaseModel):
    """One of the area's status words: the workbook code it stands for, what it means, and
    other spellings read as it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str
    code: BragCode
    meaning: str = ""
    also: list[str] = Field(default_factory=list)

    @field_validator("word")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()

    def means(self) -> str:
        return self.meaning or CODE_MEANINGS[self.code]


def check_vocabulary(words: list[StatusWord]) -> list[StatusWord]:
    """At least one word; no code named twice; no spelling read two ways."""
    if not words:
        raise ValueError("list at least one status word, e.g. {word: Complete, code: Blue}")
    codes = [w.code for w in words]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise ValueError(f"each code takes one word: {', '.join(twice)} is named more than once")
    seen: dict[str, str] = {}
    for w in words:
        for spelling in (w.word, *w.also):
            k = key(spelling)
            if k in seen and seen[k] != w.word:
                raise ValueError(f"{spelling!r} is read as both {seen[k]!r} and {w.word!r}")
            seen[k] = w.word
    return words


def default_statuses(signs_off: str = "") -> list[StatusWord]:
    """The workbook's own words (the codes), Blue's meaning naming who approves closure."""
    out = []
    for code in BRAG_ORDER:
        meaning = CODE_MEANINGS[code]
        if code == COMPLETE and signs_off:
            meaning = f"{meaning} by {signs_off}"
        out.append(
            StatusWord(
                word=code, code=code, meaning=meaning, also=["Yellow"] if code == "Amber" else []
            )
        )
    return out


def readings(words: list[StatusWord]) -> dict[str, str]:
    """Each accepted spelling (as :func:`key` compares it) -> the workbook code."""
    return {key(s): w.code for w in words for s in (w.word, *w.also)}


def words_by_code(words: list[StatusWord]) -> dict[str, str]:
    """Workbook code -> the area's word (and "No status" as it is)."""
    return {**{w.code: w.word for w in words}, NO_STATUS: NO_STATUS}


def meanings_by_code(words: list[StatusWord]) -> dict[str, str]:
    return {**{w.code: w.means() for w in words}, NO_STATUS: CODE_MEANINGS[NO_STATUS]}


def codes_in_use(words: list[StatusWord]) -> list[str]:
    """The codes the area's words name, in the workbook's order."""
    named = {w.code for w in words}
    return [c for c in BRAG_ORDER if c in named]


def expected(words: list[StatusWord]) -> str:
    """The words, for a message: ``Complete, On track or Not started``."""
    names = [w.word for w in sorted(words, key=lambda w: BRAG_ORDER.index(w.code))]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
