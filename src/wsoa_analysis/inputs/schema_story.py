"""The contract's tables of the pack's story, beside its numbers: each area's highlight report
(its progress narrative, what went well, decisions needed and next steps, and its risks), the
voice of children, young people and families, and the advisers' and inspectors'
recommendations with the area's response. Part of :mod:`~wsoa_analysis.inputs.schema`, which
lists every table; all four are optional. Their checks across rows and tables are in
:mod:`~wsoa_analysis.inputs.story_checks`."""

from __future__ import annotations

from wsoa_analysis.inputs.contract import Column, Table, code_column

HIGHLIGHT_KINDS = {
    "progress": "the progress narrative: what was done this cycle and what it changed",
    "went_well": "what went well",
    "decision_needed": "a decision the board is asked to make",
    "next_step": "what happens next, by whom and by when",
}

RAGS = {
    "red": "high: needs the board's attention now",
    "amber": "medium: being managed, watch closely",
    "green": "low: under control",
}

#: The least score (likelihood × impact) of each rating, highest first.
RAG_FROM_SCORE = (("red", 15), ("amber", 5), ("green", 1))


def rag_of_score(score: int) -> str:
    """A risk's rating from its score, likelihood × impact (1 to 25).

    >>> rag_of_score(16), rag_of_score(12), rag_of_score(5), rag_of_score(4)
    ('red', 'amber', 'amber', 'green')
    """
    return next(rag for rag, least in RAG_FROM_SCORE if score >= least)


def rag_bands() -> str:
    """The score bands in words, as the contract and the pages give them.

    >>> rag_bands()
    'red 15 or more, amber 5 to 14, green 4 or less'
    """
    parts, above = [], None
    for rag, least in RAG_FROM_SCORE:
        if above is None:
            parts.append(f"{rag} {least} or more")
        elif least == 1:
            parts.append(f"{rag} {above - 1} or less")
        else:
            parts.append(f"{rag} {least} to {above - 1}")
        above = least
    return ", ".join(parts)


VOICE_SOURCES = {
    "forum": "the parent carer forum, a youth forum or another group meeting",
    "survey": "a survey or questionnaire (its numbers go in observations as a measure)",
    "case_file": "a case file or case review, summarised",
    "other": "anything else: say what in source",
}

VOICE_KINDS = {
    "quote": "a person's own words, as said or written",
    "case_study": "a short account of one family's or young person's experience",
}

RECOMMENDATION_STATUSES = {
    "not_started": "accepted; the work that answers it has not started",
    "in_progress": "accepted and being acted on",
    "complete": "answered: the actions it names are done and the evidence seen",
    "not_accepted": "not accepted; the response says why",
}

_CYCLE = "The reporting cycle it belongs to: a reporting date of action_updates (a cycle's date)"
_SYNTHETIC = Column(
    "synthetic",
    "bool",
    "yes where the row is invented example data (shown as illustrative)",
    required=False,
)


def _area(description: str, **kw) -> Column:
    return Column("priority_id", "text", description, example="1", **kw)


HIGHLIGHTS = Table(
    "highlights",
    "Each priority area's highlight report for a reporting cycle, one row per point in the "
    "order the page shows them: the progress narrative, what went well, decisions needed from "
    "the board and next steps. Its risks are in risks. Shown at the top of the area's page "
    "and summarised on the overview; an area with no rows for a cycle shows no report.",
    (
        _area("The priority area (priorities.priority_id)", nullable=False),
        Column("reporting_date", "date", _CYCLE, nullable=False, example="2023-06-30"),
        code_column(
            "kind", HIGHLIGHT_KINDS, "What the point is", nullable=False, example="progress"
        ),
        Column(
            "text",
            "text",
            "The point, in a few plain sentences; name roles, never people",
            nullable=False,
        ),
        _SYNTHETIC,
    ),
    key=("priority_id", "reporting_date", "kind", "text"),
)

RISKS = Table(
    "risks",
    "The issues and risks of each area's highlight report, one row per risk and reporting "
    "cycle (a risk carried to the next cycle gets a new row there). Rate each by likelihood "
    f"and impact (1 to 5 each; their product is its score: {rag_bands()}), or give rag "
    "alone; where both are given they must agree.",
    (
        Column("risk_id", "text", "Short id of the risk", nullable=False, example="R1-01"),
        _area("The priority area (priorities.priority_id)", nullable=False),
        Column("reporting_date", "date", _CYCLE, nullable=False, example="2023-06-30"),
        Column(
            "description", "text", "The issue or risk, and what it would lead to", nullable=False
        ),
        Column(
            "owner",
            "text",
            "Who owns it: a role, never a person's name",
            nullable=False,
            example="Head of SEND Assessment",
        ),
        Column("likelihood", "integer", "How likely, 1 (rare) to 5 (almost certain)", minimum=1),
        Column("impact", "integer", "How severe, 1 (minor) to 5 (severe)", minimum=1),
        code_column(
            "rag",
            RAGS,
            "The risk's rating, where likelihood and impact are not given",
            example="amber",
        ),
        Column("mitigation", "text", "What is being done about it", nullable=False),
        Column(
            "mitigation_due",
            "date",
            "When the mitigation is due to be in place",
            required=False,
            example="2023-09-30",
        ),
        _SYNTHETIC,
    ),
    key=("risk_id", "reporting_date"),
)

VOICE = Table(
    "voice",
    "The voice of children, young people and families: quotes and short case studies, one "
    "row each (survey results that are numbers are measures, in kpis and observations). Only "
    "rows with consent = yes are ever shown; a check warns where a text seems to hold a name, "
    "a date of birth, a school or an address. A page shows the items dated in its cycle.",
    (
        Column("voice_id", "text", "Short id of the item", nullable=False, example="V001"),
        _area(
            "The priority area it speaks to (priorities.priority_id); empty for the overview",
        ),
        Column("date", "date", "When it was said or written", nullable=False, example="2023-05-18"),
        code_column(
            "source_kind", VOICE_SOURCES, "Where it comes from", nullable=False, example="forum"
        ),
        Column(
            "source",
            "text",
            "The source in words (which forum, survey or review)",
            nullable=False,
            example="Parent carer forum coffee morning",
        ),
        code_column(
            "kind", VOICE_KINDS, "A quote or a case study", nullable=False, example="quote"
        ),
        Column(
            "text",
            "text",
            "The words, with nothing that could identify anyone: no names, dates of birth, "
            "schools or addresses",
            nullable=False,
        ),
        Column(
            "consent",
            "bool",
            "yes where the person agreed to its being published; anything else is never shown",
            nullable=False,
            example="yes",
        ),
        Column(
            "response",
            "text",
            "What the partnership has done or is doing about it, where it calls for something "
            "(shown beneath it: families ask what changed after they spoke)",
            required=False,
            example="A single shared record of each family's story is being trialled",
        ),
        _SYNTHETIC,
    ),
    key=("voice_id",),
)

RECOMMENDATIONS = Table(
    "recommendations",
    "Recommendations from advisers' visits and inspections, and the area's response: one row "
    "per recommendation and reporting cycle (its response and status as at that cycle). A "
    "pack shows each recommendation made by its date, as at the latest cycle on or before it.",
    (
        Column(
            "recommendation_id",
            "text",
            "Short id of the recommendation",
            nullable=False,
            example="SC5-1",
        ),
        Column("reporting_date", "date", _CYCLE, nullable=False, example="2023-06-30"),
        Column(
            "date",
            "date",
            "When it was made (the visit or report)",
            nullable=False,
            example="2023-06-05",
        ),
        Column(
            "source",
            "text",
            "Who made it, and where",
            nullable=False,
            example="DfE and NHS England support and challenge visit",
        ),
        Column("text", "text", "The recommendation, as written", nullable=False),
        Column(
            "action_refs",
            "text",
            "The actions that answer it (actions.action_ref), separated by semicolons",
            example="1.1.3; 1.1.4",
        ),
        Column("response", "text", "The area's response: what it is doing about it"),
        code_column(
            "status",
            RECOMMENDATION_STATUSES,
            "Where the response stands",
            nullable=False,
            example="in_progress",
        ),
        _SYNTHETIC,
    ),
    key=("recommendation_id", "reporting_date"),
)

STORY_TABLES = (HIGHLIGHTS, RISKS, VOICE, RECOMMENDATIONS)

#: Every coded column of the story's tables with its vocabulary (for the README and the
#: workbook's notes).
VOCABULARIES = {
    ("highlights", "kind"): HIGHLIGHT_KINDS,
    ("risks", "rag"): RAGS,
    ("voice", "source_kind"): VOICE_SOURCES,
    ("voice", "kind"): VOICE_KINDS,
    ("recommendations", "status"): RECOMMENDATION_STATUSES,
}
