"""What the plan is, in its own words: the kind of plan, the inspection it answers, its
governance, the monitoring it prepares for, what it calls its areas and its status words.

Every word a page uses for these comes from here (``plan:`` in ``params/area.yaml``); what an
area leaves out takes the default for its kind of plan (:data:`KINDS`)::

    plan:
      title: Northshire SEND priority action plan
      end_date: 2025-03-31
      kind: priority_action_plan
      areas: {singular: Workstream, plural: Workstreams, label: "Workstream {id}"}
      inspection:
        date: 2024-02-09
        outcome: Widespread and/or systemic failings
        findings: {"1": "Leaders should ...", "2": "..."}
      governance:
        board: SEND Improvement Board
        meets: every six weeks
        signs_off: the SEND Improvement Board

    >>> PlanWords(title="T", end_date="2024-03-31").areas.label_for("3")
    'Priority 3'
    >>> w = PlanWords(title="T", end_date="2024-03-31", kind="priority_action_plan")
    >>> w.name, w.areas.plural, w.areas.label_for("2")
    ('Priority action plan', 'Areas for priority action', 'Area for priority action 2')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wsoa_analysis.config import vocabulary as vocab
from wsoa_analysis.dates import long_date

#: What the pages and the cover say where some figures are synthetic, unless the area's
#: settings say it in their own words (``pack.synthetic_note``).
SYNTHETIC_NOTE = (
    "Some figures in this pack are synthetic: invented to show how the pack works, not real "
    "figures. Values marked † are synthetic."
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def mid_sentence(words: str) -> str:
    """``Priority areas`` -> ``priority areas`` (an acronym such as ``SEND`` is kept)."""
    if len(words) > 1 and words[1].isupper():
        return words
    return words[:1].lower() + words[1:]


class AreaWords(_Strict):
    """What the plan calls its areas: ``Priority area``/``Priority areas``, and how one is
    named before its title (``label``, with ``{id}`` for its id: ``Priority {id}``)."""

    singular: str
    plural: str = ""
    label: str = ""

    @model_validator(mode="after")
    def _label_names_the_id(self):
        if self.label and "{id}" not in self.label:
            raise ValueError(f"label {self.label!r} must contain {{id}}, e.g. 'Workstream {{id}}'")
        return self

    @property
    def many(self) -> str:
        return self.plural or f"{self.singular}s"

    def label_for(self, area_id) -> str:
        """``Priority 3``, ``Workstream WS3``: how a page names the area with this id."""
        return (self.label or f"{self.singular} {{id}}").replace("{id}", str(area_id))


class Inspection(_Strict):
    """The inspection the plan answers, and the report's own words for each area's finding
    (keyed by area id: an area for improvement, a priority action, a weakness)."""

    name: str = ""  # e.g. "Joint inspection of the local area's SEND arrangements"
    date: dt.date | None = None
    outcome: str = ""  # the report's outcome or judgement, as written
    findings_label: str = ""  # what a finding is called: "Area for priority action"
    findings: dict[str, str] = Field(default_factory=dict)

    @field_validator("findings", mode="before")
    @classmethod
    def _ids_as_text(cls, v):
        return {str(k): val for k, val in v.items()} if isinstance(v, dict) else v


class Governance(_Strict):
    board: str = ""  # e.g. "SEND Improvement Board"
    meets: str = ""  # e.g. "every six weeks"
    signs_off: str = ""  # who approves an action's completion: "the SEND Improvement Board"


class Monitoring(_Strict):
    """The monitoring the plan prepares for: a revisit, a monitoring inspection, a review."""

    name: str = ""  # e.g. "Ofsted and CQC monitoring inspection"
    expected: str = ""  # when, in words: "by spring 2026"


class KindDefaults(NamedTuple):
    name: str
    short_name: str  # in a sentence: "as written in the WSoA", "as written in the plan"
    areas: dict
    findings_label: str
    monitoring: str


#: Each kind of plan, with the words it takes where the area's settings give none.
KINDS = {
    "wsoa": KindDefaults(
        "Written Statement of Action",
        "WSoA",
        {"singular": "Priority area", "plural": "Priority areas", "label": "Priority {id}"},
        "Area of significant weakness",
        "Ofsted and CQC revisit",
    ),
    "accelerated_progress_plan": KindDefaults(
        "Accelerated progress plan",
        "plan",
        {"singular": "Priority area", "plural": "Priority areas", "label": "Priority {id}"},
        "Area of significant weakness",
        "DfE and NHS England review of progress",
    ),
    "priority_action_plan": KindDefaults(
        "Priority action plan",
        "plan",
        {"singular": "Area for priority action", "plural": "Areas for priority action"},
        "Area for priority action",
        "Ofsted and CQC monitoring inspection",
    ),
    "improvement_plan": KindDefaults(
        "Strategic improvement plan",
        "plan",
        {"singular": "Area for improvement", "plural": "Areas for improvement"},
        "Area for improvement",
        "Next area SEND inspection",
    ),
    "send_strategy": KindDefaults(
        "Local SEND strategy",
        "strategy",
        {"singular": "Priority", "plural": "Priorities", "label": "Priority {id}"},
        "What needs to improve",
        "",
    ),
}
PlanKind = Literal[tuple(KINDS)]  # type: ignore[valid-type]


def default_area_label(area_id) -> str:
    """How an area is named where no settings say (a Written Statement of Action's)."""
    return AreaWords(**KINDS["wsoa"].areas).label_for(area_id)


class PlanWords(_Strict):
    """The plan's settings: title and end date, and its words (defaults by ``kind``)."""

    title: str
    end_date: dt.date  # the target date of a measure whose target states none
    kind: PlanKind = "wsoa"
    name: str = ""  # what the plan is called: "Written Statement of Action"
    short_name: str = ""  # what a sentence calls it: "as written in the WSoA"
    areas: AreaWords
    inspection: Inspection = Field(default_factory=Inspection)
    governance: Governance = Field(default_factory=Governance)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    statuses: list[vocab.StatusWord]

    @model_validator(mode="before")
    @classmethod
    def _defaults_for_kind(cls, data):
        """Fill what the settings leave out from the kind's defaults."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        kind = KINDS.get(data.get("kind") or "wsoa")
        if kind is None:
            return data  # the kind's own message says what is allowed
        data["name"] = data.get("name") or kind.name
        data["short_name"] = data.get("short_name") or kind.short_name
        data.setdefault("areas", kind.areas)
        inspection = dict(data.get("inspection") or {})
        inspection.setdefault("findings_label", kind.findings_label)
        data["inspection"] = inspection
        monitoring = dict(data.get("monitoring") or {})
        monitoring.setdefault("name", kind.monitoring)
        data["monitoring"] = monitoring
        if not data.get("statuses"):
            governance = data.get("governance") or {}
            signs_off = governance.get("signs_off", "") if isinstance(governance, dict) else ""
            data["statuses"] = vocab.default_statuses(str(signs_off or ""))
        return data

    @field_validator("statuses")
    @classmethod
    def _one_word_per_code(cls, v):
        return vocab.check_vocabulary(v)

    @property
    def status_readings(self) -> dict[str, str]:
        """Each accepted spelling of a status (case and spacing ignored) -> workbook code."""
        return vocab.readings(self.statuses)

    @property
    def status_words(self) -> dict[str, str]:
        """Workbook code -> the area's word, as the pages show a status."""
        return vocab.words_by_code(self.statuses)

    @property
    def status_meanings(self) -> dict[str, str]:
        return vocab.meanings_by_code(self.statuses)

    def check_areas(self, area_ids: set[str]) -> list[str]:
        """Findings keyed by an area id the data does not have."""
        return [
            f"plan.inspection.findings: no {mid_sentence(self.areas.singular)} {k!r} in "
            f"priorities.csv (known: {', '.join(sorted(area_ids))})"
            for k in self.inspection.findings
            if k not in area_ids
        ]

    def _title_and_kind(self) -> str:
        """The plan's title, with what kind of plan it is where the title does not say."""
        if not self.name or self.name.lower() in self.title.lower():
            return self.title
        return f"{self.title} ({self.name})"

    def summary(self) -> list[tuple[str, str]]:
        """The plan in words, as the overview says it: (what, words) pairs, only those set."""
        i, g, m = self.inspection, self.governance, self.monitoring
        answers = ", ".join(
            x for x in (i.name, f"report of {long_date(i.date)}" if i.date else "") if x
        )
        rows = [
            ("Plan", self._title_and_kind()),
            ("Answers", answers),
            ("Inspection outcome", i.outcome),
            ("Governance", _governance_words(g)),
            ("Prepares for", ", ".join(x for x in (m.name, m.expected) if x)),
            ("Plan runs to", long_date(self.end_date)),
        ]
        return [(k, v) for k, v in rows if v]


def _governance_words(g: Governance) -> str:
    parts = []
    if g.board:
        parts.append(g.board + (f", meeting {g.meets}" if g.meets else ""))
    elif g.meets:
        parts.append(f"Meets {g.meets}")
    if g.signs_off:
        parts.append(f"completion of an action signed off by {g.signs_off}")
    return "; ".join(parts)
