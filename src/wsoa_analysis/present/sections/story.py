"""The story beside the numbers: each area's highlight report (progress, what went well,
issues and risks, decisions needed, next steps), the voice of children, young people and
families, and the tracker of advisers' recommendations; and the overview's summary of the
highlight reports. Each section brings its own heading and shows nothing at all where the
inputs hold nothing for it (an area that keeps no highlight report gets no empty block).
What the rules are (which cycle, which rating, what is published) is ``domain.story``'s."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wsoa_analysis.domain import story
from wsoa_analysis.domain.context import Context
from wsoa_analysis.present.format import long_date
from wsoa_analysis.present.page_names import page_slug
from wsoa_analysis.present.sections.common import area_words
from wsoa_analysis.present.sections.section import Section, html
from wsoa_analysis.present.tables import Col, html_table, pill

RISKS_CAPTION = "Issues and risks"
SUMMARY_CAPTION = "Highlight reports: risks by rating and decisions needed, by area"
_HEADINGS = {
    "progress": "Progress this cycle",
    "went_well": "What went well",
    "decision_needed": "Decisions needed from the board",
    "next_step": "Next steps",
}
_NOTHING = Section(Markup(""), frame=pd.DataFrame())


def illustrative_note(what: str) -> Markup:
    """The label on invented example narrative: never easy to miss."""
    return Markup(
        '<p class="note synthetic-note"><span class="synthetic">Illustrative:</span> {} is '
        "invented for the example data, to show what one looks like: it is not the area's "
        "own.</p>"
    ).format(what)


def _points(points: pd.DataFrame, kind: str) -> Markup:
    texts = points.loc[points["kind"] == kind, "text"].tolist()
    if not texts:
        return Markup("")
    heading = Markup("<h3>{}</h3>").format(_HEADINGS[kind])
    if kind == "progress":
        return heading + Markup("").join(Markup("<p>{}</p>").format(t) for t in texts)
    items = Markup("").join(Markup("<li>{}</li>").format(t) for t in texts)
    return heading + Markup("<ul>{}</ul>").format(items)


def rag_pill(rating: str) -> Markup:
    """A risk's rating: the word carries it, the colour only helps."""
    return pill(story.label(rating), f"brag brag-{rating}")


def _score(r) -> str:
    """``4 × 4 = 16``: likelihood, impact and score; a dash where the owner gave a rating
    alone."""
    if pd.isna(r["score"]):
        return "–"
    return f"{int(r['likelihood'])} × {int(r['impact'])} = {int(r['score'])}"


def _mitigation(r) -> Markup:
    due = r.get("mitigation_due")
    if pd.isna(due):
        return Markup("{}").format(r["mitigation"])
    return Markup('{}<br><span class="period">by {}</span>').format(r["mitigation"], long_date(due))


RISK_COLUMNS = [
    Col("risk_id", "Ref"),
    Col("description", "Issue or risk"),
    Col("owner", "Owner"),
    Col("score", "Likelihood × impact", numeric=True, fmt=lambda v, r: _score(r)),
    Col("rating", "Rating", fmt=lambda v, r: rag_pill(v)),
    Col("mitigation", "Mitigation", fmt=lambda v, r: _mitigation(r)),
]


def _risks_table(risks: pd.DataFrame) -> Markup:
    if risks.empty:
        return Markup("")
    table = html_table(risks, RISK_COLUMNS, caption=RISKS_CAPTION, cls="data stack")
    foot = Markup(
        '<p class="footnote">Likelihood and impact are each scored 1 (least) to {} (most); '
        "the rating is their product's: {}. A risk with no score has the rating its owner "
        "gave.</p>"
    ).format(story.SCALE_TOP, story.rag_bands())
    return table + foot


def highlight_report(ctx: Context, priority_id: str) -> Section:
    """The area's highlight report for the cycle: progress, what went well, issues and risks,
    decisions needed and next steps. ``.frame`` the points, ``.frames["risks"]`` the risks
    with their scores and ratings. Nothing where the area keeps no report this cycle."""
    pid = str(priority_id)
    points = story.highlights_at(ctx.ds, ctx.reporting_date, pid)
    risks = story.risks_at(ctx.ds, ctx.reporting_date, pid)
    if points.empty and risks.empty:
        return _NOTHING
    parts = [Markup("<h2>Highlight report</h2>")]
    parts.append(
        Markup('<p class="lede">As reported for {}.</p>').format(long_date(ctx.reporting_date))
    )
    if points["synthetic"].any() or risks["synthetic"].any():
        parts.append(illustrative_note("This highlight report"))
    parts += [_points(points, "progress"), _points(points, "went_well")]
    parts.append(_risks_table(risks))
    parts += [_points(points, "decision_needed"), _points(points, "next_step")]
    return Section(
        html(Markup('<div class="highlight-report">'), *parts, Markup("</div>")),
        frame=points.reset_index(drop=True),
        caption="Highlight report",
        frames={"risks": risks},
    )


def highlights_summary(ctx: Context) -> Section:
    """The overview's summary of every area's highlight report: its risks by rating, and the
    decisions the board is asked to make. ``.frame`` one row per area that reported."""
    pri = ctx.ds.priorities
    counts = story.risk_counts(ctx.ds, ctx.reporting_date, list(pri["priority_id"]))
    counts = counts[counts["reported"]]
    if counts.empty:
        return _NOTHING
    titles = dict(zip(pri["priority_id"], pri["title"], strict=True))
    counts = counts.assign(area=[titles[p] for p in counts["priority_id"]])
    cols = [Col("area", area_words(ctx).singular)]
    cols += [Col(g, f"{story.label(g)} risks", numeric=True) for g in story.RAG_ORDER]
    cols.append(Col("decisions", "Decisions needed", numeric=True))
    parts = [Markup("<h2>Highlight reports</h2>")]
    if counts["synthetic"].any():
        parts.append(illustrative_note("Each area’s highlight report"))
    parts.append(html_table(counts, cols, caption=SUMMARY_CAPTION, cls="data stack"))
    asks = story.highlights_at(ctx.ds, ctx.reporting_date)
    asks = asks[asks["kind"] == "decision_needed"]
    if len(asks):
        items = Markup("").join(
            Markup("<li><strong>{}:</strong> {}</li>").format(titles[p], t)
            for p, t in zip(asks["priority_id"], asks["text"], strict=True)
        )
        parts.append(
            Markup("<h3>Decisions the board is asked to make</h3><ul>{}</ul>").format(items)
        )
    return Section(html(*parts), frame=counts.reset_index(drop=True), caption=SUMMARY_CAPTION)


def _voice_item(r) -> Markup:
    said = Markup("{}, {}").format(r["source"], long_date(r["date"]))
    if r["kind"] == "case_study":
        item = Markup(
            '<div class="case-study"><h3>Case study</h3><p>{}</p><p class="footnote">{}</p></div>'
        ).format(r["text"], said)
    else:
        item = Markup('<blockquote><p>“{}”</p><p class="footnote">{}</p></blockquote>').format(
            r["text"], said
        )
    done = r.get("response")
    if isinstance(done, str) and done.strip():  # "you said, we did"
        item += Markup(
            '<p class="voice-response"><strong>What we are doing:</strong> {}</p>'
        ).format(done.strip())
    return item


def voice(ctx: Context, priority_id: str | None = None) -> Section:
    """What children, young people and families said this cycle: quotes and short case
    studies published with consent, each with its date and source; an area's, or (without
    ``priority_id``) those that speak to no one area. ``.frame`` the items shown."""
    pid = None if priority_id is None else str(priority_id)
    items = story.voice_in_cycle(ctx.ds, ctx.reporting_date, ctx.previous_date, pid)
    if items.empty:
        return _NOTHING
    parts = [Markup("<h2>What children, young people and families told us</h2>")]
    if items["synthetic"].any():
        parts.append(illustrative_note("Each quote and case study here"))
    parts += [_voice_item(r) for r in items.to_dict("records")]
    parts.append(
        Markup(
            '<p class="footnote">Published with the consent of the person who said or wrote '
            "it, with nothing that would identify them.</p>"
        )
    )
    return Section(html(*parts), frame=items.reset_index(drop=True), caption="Voice")


def _answered_by(r, linked: bool) -> Markup:
    if not r["refs"]:
        return Markup("–")
    area_of = r["area_of"]
    shown = [
        Markup('<a href="{}.html">{}</a>').format(page_slug(area_of[ref]), ref)
        if linked and ref in area_of
        else Markup("{}").format(ref)
        for ref in r["refs"]
    ]
    return Markup(", ").join(shown)


def _made(r) -> Markup:
    return Markup('{}<br><span class="period">{}</span>').format(r["source"], long_date(r["date"]))


def recommendations(ctx: Context, priority_id: str | None = None) -> Section:
    """The tracker of advisers' and inspectors' recommendations made by the reporting date:
    each with the area's response and its status as at the date, and the actions that answer
    it (linked to their area's page on the overview). An area's page shows those its actions
    answer. ``.frame`` one row per recommendation."""
    pid = None if priority_id is None else str(priority_id)
    recs = story.recommendations_at(ctx.ds, ctx.reporting_date, pid)
    if recs.empty:
        return _NOTHING
    area_of = dict(zip(ctx.ds.actions["action_ref"], ctx.ds.actions["priority_id"], strict=True))
    shown = recs.assign(area_of=[area_of] * len(recs))
    cols = [
        Col("recommendation_id", "Ref"),
        Col("source", "Made by", fmt=lambda v, r: _made(r)),
        Col("text", "Recommendation"),
        Col("response", "Our response"),
        Col("status", "Status", fmt=lambda v, r: story.label(v)),
        Col("refs", "Answered by actions", fmt=lambda v, r: _answered_by(r, pid is None)),
    ]
    caption = f"Recommendations and responses, as at {long_date(ctx.reporting_date)}"
    parts = [Markup("<h2>Recommendations and responses</h2>")]
    if recs["synthetic"].any():
        parts.append(illustrative_note("Each recommendation and response here"))
    parts.append(html_table(shown, cols, caption=caption, cls="data stack"))
    return Section(html(*parts), frame=recs, caption=caption)
