"""The story beside the numbers, for one reporting date: each area's highlight report and
risks for the cycle, the voice of families published in the cycle, and the recommendations
made so far with the area's response as at the date.

The rules: a highlight report and its risks are the rows for the cycle's own date (a cycle
with none shows none: last cycle's report is never passed off as this one's); a risk's rating
is its score's (likelihood × impact, banded in ``inputs.schema_story``) or, where it has no
score, the rating given; a quote or case study is shown only with consent, in the cycle it is
dated in (after the previous cycle's date, up to this one's); a recommendation is shown from
the cycle it was made in, as its latest row on or before the date says, under each area whose
actions answer it.
"""

from __future__ import annotations

import pandas as pd

from wsoa_analysis.domain.synthetic import synthetic_flags
from wsoa_analysis.inputs.schema_story import (  # noqa: F401 (the vocabularies: re-exported)
    HIGHLIGHT_KINDS,
    RAG_FROM_SCORE,
    RAGS,
    RECOMMENDATION_STATUSES,
    VOICE_KINDS,
    rag_bands,
    rag_of_score,
)
from wsoa_analysis.inputs.story_checks import SCALE_TOP, action_refs  # noqa: F401

RAG_ORDER = tuple(RAGS)  # red, amber, green: the most pressing first
#: The least score of each rating (the ledger lists the numbers the pages quote).
RAG_LEAST = dict(RAG_FROM_SCORE)


def label(code: str) -> str:
    """A code of the story's vocabularies as a reader reads it.

    >>> label("in_progress"), label("case_study"), [label(k) for k in HIGHLIGHT_KINDS][:2]
    ('In progress', 'Case study', ['Progress', 'Went well'])
    """
    return code.replace("_", " ").capitalize()


def _table(ds, name: str) -> pd.DataFrame:
    return ds.tables.get(name, pd.DataFrame())


def _for_cycle(frame: pd.DataFrame, date, priority_id) -> pd.DataFrame:
    if frame.empty:
        return frame
    keep = frame["reporting_date"] == pd.Timestamp(date)
    if priority_id is not None:
        keep &= frame["priority_id"] == str(priority_id)
    return frame[keep]


def highlights_at(ds, date, priority_id=None) -> pd.DataFrame:
    """The cycle's highlight points (one area's, or every area's), in the order of
    :data:`HIGHLIGHT_KINDS` and then as entered; ``synthetic`` says which are invented."""
    rows = _for_cycle(_table(ds, "highlights"), date, priority_id)
    if rows.empty:
        return pd.DataFrame(columns=["priority_id", "kind", "text", "synthetic"])
    order = {k: i for i, k in enumerate(HIGHLIGHT_KINDS)}
    out = rows.assign(
        synthetic=synthetic_flags(rows), _order=rows["kind"].map(order), _row=range(len(rows))
    )
    return out.sort_values(["_order", "_row"]).drop(columns=["_order", "_row"])


def risk_rag(likelihood, impact, rag) -> tuple[float, str]:
    """A risk's score (NaN without one) and rating.

    >>> risk_rag(4, 4, None), risk_rag(None, None, "amber")
    ((16.0, 'red'), (nan, 'amber'))
    """
    if pd.notna(likelihood) and pd.notna(impact):
        score = int(likelihood) * int(impact)
        return float(score), rag_of_score(score)
    return float("nan"), rag


def risks_at(ds, date, priority_id=None) -> pd.DataFrame:
    """The cycle's risks (one area's, or every area's), most pressing first: by rating, then
    score, then id; with ``score``, ``rating`` and ``synthetic``."""
    rows = _for_cycle(_table(ds, "risks"), date, priority_id)
    if rows.empty:
        return pd.DataFrame(columns=["risk_id", "priority_id", "score", "rating", "synthetic"])
    rated = [risk_rag(r.likelihood, r.impact, r.rag) for r in rows.itertuples()]
    out = rows.assign(
        score=[s for s, _ in rated],
        rating=[g for _, g in rated],
        synthetic=synthetic_flags(rows),
    )
    out["_rank"] = out["rating"].map({g: i for i, g in enumerate(RAG_ORDER)})
    out = out.sort_values(["_rank", "score", "risk_id"], ascending=[True, False, True])
    return out.drop(columns="_rank").reset_index(drop=True)


def risk_counts(ds, date, priority_ids) -> pd.DataFrame:
    """For each area (in the order given): its risks by rating and its decisions needed, with
    ``reported`` (it has a highlight report or risks this cycle) and ``synthetic``."""
    risks, points = risks_at(ds, date), highlights_at(ds, date)
    rows = []
    for pid in priority_ids:
        mine, said = risks[risks["priority_id"] == pid], points[points["priority_id"] == pid]
        row = {"priority_id": pid}
        row |= {g: int((mine["rating"] == g).sum()) for g in RAG_ORDER}
        row["decisions"] = int((said["kind"] == "decision_needed").sum())
        row["reported"] = len(mine) + len(said) > 0
        row["synthetic"] = bool(mine["synthetic"].any() or said["synthetic"].any())
        rows.append(row)
    return pd.DataFrame(
        rows, columns=["priority_id", *RAG_ORDER, "decisions", "reported", "synthetic"]
    )


def voice_in_cycle(ds, date, previous_date=None, priority_id=None) -> pd.DataFrame:
    """The quotes and case studies a page may publish: with consent, dated after
    ``previous_date`` (where there is one) up to ``date``; an area's (``priority_id``) or, with
    None, those that name no area. Oldest first."""
    voice = _table(ds, "voice")
    if voice.empty:
        return voice.assign(synthetic=pd.Series(dtype=bool))
    consented = voice["consent"].astype("boolean").fillna(False).astype(bool)
    keep = consented & (voice["date"] <= pd.Timestamp(date))
    if previous_date is not None:
        keep &= voice["date"] > pd.Timestamp(previous_date)
    keep &= (
        voice["priority_id"].isna()
        if priority_id is None
        else voice["priority_id"] == str(priority_id)
    )
    out = voice[keep]
    return out.assign(synthetic=synthetic_flags(out)).sort_values(["date", "voice_id"])


def held_back(ds) -> int:
    """How many quotes and case studies are never published, for want of consent."""
    voice = _table(ds, "voice")
    if voice.empty:
        return 0
    return int((~voice["consent"].astype("boolean").fillna(False).astype(bool)).sum())


def recommendations_at(ds, date, priority_id=None) -> pd.DataFrame:
    """Each recommendation made by ``date``, as its latest row on or before it says, oldest
    first; with ``refs`` (its actions, a list) and ``areas`` (the areas they are in). With
    ``priority_id``, only those answered by that area's actions."""
    recs = _table(ds, "recommendations")
    cols = ["recommendation_id", "date", "refs", "areas", "status", "synthetic"]
    if recs.empty:
        return pd.DataFrame(columns=cols)
    date = pd.Timestamp(date)
    known = recs[(recs["reporting_date"] <= date) & (recs["date"] <= date)]
    latest = known.sort_values("reporting_date").groupby("recommendation_id").tail(1)
    area_of = dict(zip(ds.actions["action_ref"], ds.actions["priority_id"], strict=True))
    refs = [action_refs(t) for t in latest["action_refs"]]
    areas = [sorted({area_of[r] for r in rs if r in area_of}) for rs in refs]
    out = latest.assign(refs=refs, areas=areas, synthetic=synthetic_flags(latest))
    if priority_id is not None:
        # a boolean Series, not a list: an empty list would select no columns, not no rows
        out = out[out["areas"].map(lambda a: str(priority_id) in a).astype(bool)]
    return out.sort_values(["date", "recommendation_id"]).reset_index(drop=True)
