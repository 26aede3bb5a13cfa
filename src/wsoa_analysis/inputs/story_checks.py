"""Checks on the story's tables (:mod:`~wsoa_analysis.inputs.schema_story`) that one cell cannot
make on its own: the areas, cycles and actions they name, how a risk is rated, and when a
recommendation was made. Types, required values and vocabularies were checked when each cell
was parsed.

:func:`story_warnings` says what the analyst should look at but that does not stop a pack: a
published quote or case study that seems to hold something identifying (a name, a date of
birth, a school, an address), and how many items are held back for want of consent.
"""

from __future__ import annotations

import re

import pandas as pd

from wsoa_analysis.errors import Problem
from wsoa_analysis.inputs.read import sheet_row
from wsoa_analysis.inputs.schema_story import rag_of_score

#: The largest likelihood and impact (the least is 1, the column's minimum).
SCALE_TOP = 5


def _frame(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return tables.get(name, pd.DataFrame())


def _unknown_areas(frame: pd.DataFrame, known: set, source: str) -> list[Problem]:
    bad = frame[frame["priority_id"].notna() & ~frame["priority_id"].isin(known)]
    return [
        Problem(source, sheet_row(i), "priority_id", str(v), "is not defined in priorities")
        for i, v in bad["priority_id"].items()
    ]


def _not_cycles(frame: pd.DataFrame, cycles: set, source: str) -> list[Problem]:
    """Reporting dates that are not a cycle's (a reporting date of action_updates)."""
    if not cycles:
        return []  # no statuses at all: that is reported where it matters
    listed = ", ".join(str(d.date()) for d in sorted(cycles))
    bad = frame[frame["reporting_date"].notna() & ~frame["reporting_date"].isin(cycles)]
    return [
        Problem(
            source,
            sheet_row(i),
            "reporting_date",
            str(v.date()),
            f"is not a reporting cycle's date (the cycles in action_updates: {listed})",
        )
        for i, v in bad["reporting_date"].items()
    ]


def _risk_problems(risks: pd.DataFrame, source: str) -> list[Problem]:
    p = []
    for i, r in risks.iterrows():
        row, given = sheet_row(i), [c for c in ("likelihood", "impact") if pd.notna(r[c])]
        for c in given:
            if r[c] > SCALE_TOP:
                p.append(Problem(source, row, c, str(r[c]), f"must be from 1 to {SCALE_TOP}"))
        if len(given) == 1:
            missing = ({"likelihood", "impact"} - set(given)).pop()
            p.append(
                Problem(
                    source,
                    row,
                    missing,
                    None,
                    f"{given[0]} is given but {missing} is not (give both, or neither and a rag)",
                )
            )
        elif not given and pd.isna(r["rag"]):
            p.append(Problem(source, row, "rag", None, "give likelihood and impact, or a rag"))
        elif len(given) == 2 and pd.notna(r["rag"]):
            score = int(r["likelihood"]) * int(r["impact"])
            worked = rag_of_score(score)
            if worked != r["rag"]:
                p.append(
                    Problem(
                        source,
                        row,
                        "rag",
                        r["rag"],
                        f"does not agree with likelihood {r['likelihood']} × impact "
                        f"{r['impact']} = {score}, which is {worked}",
                    )
                )
    return p


def action_refs(text) -> list[str]:
    """The action references a recommendation lists, in order.

    >>> action_refs("1.1.3; 1.1.4;"), action_refs(None)
    (['1.1.3', '1.1.4'], [])
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    return [part.strip() for part in str(text).split(";") if part.strip()]


def _recommendation_problems(recs: pd.DataFrame, actions: set, source: str) -> list[Problem]:
    p = []
    for i, r in recs.iterrows():
        for ref in action_refs(r["action_refs"]):
            if ref not in actions:
                p.append(
                    Problem(source, sheet_row(i), "action_refs", ref, "is not defined in actions")
                )
        if pd.notna(r["date"]) and pd.notna(r["reporting_date"]):
            if r["date"] > r["reporting_date"]:
                p.append(
                    Problem(
                        source,
                        sheet_row(i),
                        "date",
                        str(r["date"].date()),
                        "is after reporting_date: a response cannot be reported before "
                        "the recommendation is made",
                    )
                )
    return p


def story_problems(tables: dict[str, pd.DataFrame], sources: dict[str, str]) -> list[Problem]:
    """Every problem in the story's tables; empty where they are good or absent."""
    areas = set(tables["priorities"]["priority_id"].dropna())
    cycles = set(tables["action_updates"]["reporting_date"].dropna())
    actions = set(tables["actions"]["action_ref"].dropna())
    p = []
    for name in ("highlights", "risks", "voice"):
        frame = _frame(tables, name)
        if len(frame):
            p += _unknown_areas(frame, areas, sources[name])
    for name in ("highlights", "risks", "recommendations"):
        frame = _frame(tables, name)
        if len(frame):
            p += _not_cycles(frame, cycles, sources[name])
    if len(_frame(tables, "risks")):
        p += _risk_problems(tables["risks"], sources["risks"])
    if len(_frame(tables, "recommendations")):
        p += _recommendation_problems(
            tables["recommendations"], actions, sources["recommendations"]
        )
    return p


# --- what may identify someone ------------------------------------------------------------

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Capitalised words that name services, not people ("Local Offer", "Parent Carer Forum").
_NOT_NAMES = frozenset(
    "Local Offer Parent Parents Carer Carers Forum Team Service Services Council Plan Plans "
    "Health Care Education Board Partnership Panel Hub Centre Network Group Day Days Week "
    "Officer Coordinator Worker Practitioner Social Early Help Young People Preparing "
    "Adulthood Family Families Review Annual Youth SEND EHC NHS CAMHS SENCO The A An I My "
    "We Our Mum Dad".split()
)
_PAIR = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b")
_SIGNS = (
    ("a title and a name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z]+")),
    ("a date of birth", re.compile(r"\b(?:born|DOB|D\.O\.B\.?|date of birth)\b", re.I)),
    ("an age", re.compile(r"\baged\s+\d{1,2}\b", re.I)),
    ("a date", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")),
    ("a date", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\s+\d{{4}}\b")),
    ("a school", re.compile(r"\b[A-Z][\w']*\s+(?:School|Academy|Primary|College)\b")),
    ("a school", re.compile(r"\b(?:School|Academy|Primary|College)\b(?!\s+[a-z])")),
    (
        "an address",
        re.compile(
            r"\b\d+[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+)+(?:Street|St|Road|Rd|Avenue|Ave|Lane|"
            r"Close|Drive|Way|Crescent|Grove|Place|Terrace|Court|Gardens|Walk|View)\b"
        ),
    ),
    ("a postcode", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")),
)


def _names(text: str) -> list[str]:
    """Two capitalised words together, not at the start of a sentence and not a service."""
    found = []
    for sentence in re.split(r"(?<=[.!?:;\"“”])\s+", text):
        for m in _PAIR.finditer(sentence):
            if m.start() == len(sentence) - len(sentence.lstrip("\"“‘'(")):
                continue  # the sentence's first word is capitalised anyway
            if not {m.group(1), m.group(2)} & _NOT_NAMES:
                found.append(m.group(0))
    return found


def identifying(text: str) -> list[tuple[str, str]]:
    """What in a text looks like it could identify someone: (what it looks like, the words).

    >>> identifying("My son's SENCO at Oakfield Primary met us with Mrs Brown.")
    [('a title and a name', 'Mrs Brown'), ('a school', 'Oakfield Primary')]
    >>> identifying("The Local Offer helped us. We spoke to Jamie Brook about it.")
    [('a name', 'Jamie Brook')]
    >>> identifying("Staff listened to us, and the plan arrived on time.")
    []
    """
    found = []
    for what, pattern in _SIGNS:
        found += [(what, m.group(0)) for m in pattern.finditer(text)]
    found += [("a name", name) for name in _names(text)]
    seen, out = set(), []
    for what, words in found:
        if words not in seen and not any(words in w for w in seen):
            seen.add(words)
            out.append((what, words))
    return out


def story_warnings(tables: dict[str, pd.DataFrame], sources: dict[str, str]) -> list[Problem]:
    """What the analyst should check in the voice table before a pack is shared: each
    published text that seems to hold something identifying, and the items held back."""
    voice = _frame(tables, "voice")
    if voice.empty:
        return []
    source = sources["voice"]
    consented = voice["consent"].astype("boolean").fillna(False).astype(bool)
    out = []
    for i, text in voice.loc[consented, "text"].dropna().items():
        for what, words in identifying(text):
            out.append(
                Problem(
                    source,
                    sheet_row(i),
                    "text",
                    words,
                    f"looks like {what}: check it identifies no one before the pack is shared",
                )
            )
    held = int((~consented).sum())
    if held:
        out.append(
            Problem(
                source,
                None,
                "consent",
                None,
                f"{held} item(s) without consent = yes are held back: never shown in a pack",
            )
        )
    return out
