"""The figure ledger from the context the pages use: one row per figure, page by page, with
kinds, sources and flags that agree with what the pages show. (That every number on a built
page and in the PDF is in it: ``tests/test_ledger.py``.)"""

import dataclasses

import pandas as pd
import pytest

from conftest import MINI, ROOT
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.figures import KINDS
from wsoa_analysis.present.ledger import (
    LEDGER_COLUMNS,
    not_figures,
    pack_figures,
    pack_pages,
    page_figures,
    page_slug,
)

DATE = "2022-09-30"


@pytest.fixture(scope="module")
def ctx():
    return load_context(DATE, MINI / "data", MINI / "params")


@pytest.fixture(scope="module")
def ledger(ctx):
    return pack_figures(ctx)


def test_every_page_has_its_rows_with_ids_of_their_own(ctx, ledger):
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert list(dict.fromkeys(ledger["page"])) == list(pack_pages(ctx))
    assert list(pack_pages(ctx)) == ["overview", "priority-1", "priority-2", "priority-5"]
    assert ledger["figure_id"].is_unique
    first = ledger.groupby("page")["figure_id"].first()
    assert first["overview"] == "overview-001" and first["priority-5"] == "priority-5-001"
    assert set(ledger["kind"]) <= set(KINDS)
    assert (ledger["source"].str.len() > 0).all() and (ledger["shown"].str.len() > 0).all()


@pytest.mark.parametrize(
    "pid,slug",
    [
        ("1", "priority-1"),
        (2, "priority-2"),
        ("A b/c", "priority-A-b-c-10e653"),  # folded, with a digest of the id
        ("/", "priority-area-42099b"),
    ],
)
def test_pages_are_named_as_the_build_names_them(pid, slug):
    from wsoa_analysis.build.plan import _slug

    assert page_slug(pid) == slug == f"priority-{_slug(str(pid))}"


def test_an_unknown_page_is_named(ctx):
    with pytest.raises(KeyError, match="no page 'priority-9'"):
        page_figures(ctx, "priority-9")


def test_withheld_figures_show_the_symbol_and_give_no_value(ledger):
    withheld = ledger[ledger["suppressed"]]
    assert len(withheld), "the fixture withholds small counts"
    assert (withheld["shown"].str.startswith("c")).all() and withheld["value"].isna().all()
    assert (
        ledger.loc[~ledger["suppressed"] & (ledger["kind"] != "definition"), "value"].notna().any()
    )


def test_published_figures_say_where_and_when(ledger):
    published = ledger[ledger["kind"] == "published"]
    assert len(published)
    assert published["published_on"].notna().all()
    assert published["source"].str.contains("DfE|published", regex=True).all()


def test_the_tiles_are_rows_with_the_pages_flags(ctx, ledger):
    tiles = sections.overview_at_a_glance(ctx).frame
    rows = ledger[(ledger["page"] == "overview") & (ledger["section"] == "At a glance")]
    assert rows["measure"].tolist() == tiles["what"].tolist()
    assert rows["shown"].tolist() == tiles["shown"].tolist()
    assert rows["synthetic"].tolist() == tiles["synthetic"].tolist()
    assert rows.set_index("measure").loc["Priority areas", "kind"] == "local"


def test_figures_from_the_requests_are_our_calculation_and_synthetic(ledger):
    requests = ledger[ledger["source"].str.startswith("ehc_requests.csv")]
    assert len(requests) and (requests["kind"] == "our calculation").all()
    assert requests["synthetic"].all()  # every request of the fixture is invented
    baselines = ledger[ledger["measure"].str.endswith(": baseline")]
    assert len(baselines) and not baselines["synthetic"].any()  # the WSoA's own


def test_the_ledger_does_not_read_the_commentary(ctx, ledger):
    """The data workbook carrying it is kept while only the commentary changes."""
    silent = dataclasses.replace(ctx, commentary=type(ctx.commentary)())
    assert pack_figures(silent).equals(ledger)


def test_assumed_baseline_periods_are_flagged():
    ctx = load_context("2023-06-30", ROOT / "data", ROOT / "params")
    rows = page_figures(ctx, "priority-1")
    baselines = rows[rows["measure"].str.endswith(": baseline")].set_index("measure_id")
    kpis = ctx.ds.kpis.set_index("kpi_id")
    if "baseline_period_assumed" not in kpis:
        pytest.skip("the kpis table says nothing of assumed periods")
    for kpi_id, row in baselines.iterrows():
        assumed = kpis.loc[kpi_id, "baseline_period_assumed"]
        assert row["assumed_period"] == (False if pd.isna(assumed) else bool(assumed)), kpi_id
    assert baselines["assumed_period"].any()  # the example's WSoA leaves some periods unsaid


def test_not_figures_are_quoted_texts_and_names_with_numbers_in_them(ctx):
    texts = not_figures(ctx)
    assert "Priority 1" in texts and "over 18 to 20" in texts and "over 52" in texts
    assert not any(t.startswith("FX0") for t in texts)  # record-level ids are never shown
    assert all(any(c.isdigit() for c in t) for t in texts)
    assert texts == sorted(texts, key=lambda t: (-len(t), t))


def test_the_ledger_takes_the_numbers_without_drawing_a_chart(ctx, monkeypatch):
    # drawing the charts was four fifths of the ledger's time, for pictures it never shows
    from matplotlib.figure import Figure

    from wsoa_analysis.present.ledger import pack_figures

    def no_drawing(*args, **kwargs):
        raise AssertionError("the ledger drew a chart")

    monkeypatch.setattr(Figure, "savefig", no_drawing)
    assert len(pack_figures(ctx))
