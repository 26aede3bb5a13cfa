"""An analysis the area's settings declare but whose data the area does not supply (the
record-level requests for assessment) is left out with a note on the page, not a crash or a
table of zeros; and the figure ledger lists nothing for it."""

from conftest import MINI, rows_of, write_rows
from wsoa_analysis.context import load_context
from wsoa_analysis.present import sections
from wsoa_analysis.present.ledger import page_figures


def _without_requests(data):
    (data / "ehc_requests.csv").unlink()
    rows = rows_of(data / "kpis.csv")
    i = rows[0].index("method")
    for r in rows[1:]:
        r[i] = "observed"  # its figures typed in, as an area without record-level data would
    write_rows(data / "kpis.csv", rows)


def test_an_analysis_without_its_data_is_left_out_with_a_note(mini_data):
    _without_requests(mini_data)
    ctx = load_context("2022-09-30", mini_data, MINI / "params")
    html = str(sections.area_analyses(ctx, "1"))  # ehc_timeliness and weeks_to_plan
    assert html.count("Left out: it is worked out from record-level requests") == 2
    assert "Of 0 plans" not in html
    assert "Left out" in str(sections.area_analyses(ctx, "2"))  # requests_trend
    ledger = page_figures(ctx, "priority-1")
    left_out = ledger["section"].str.contains("Timeliness of new EHC plans|How long plans took")
    assert not left_out.any()  # no "20 weeks" listed for an analysis the page leaves out


def test_an_analysis_with_its_data_is_shown(mini_dataset):
    ctx = load_context("2022-09-30", MINI / "data", MINI / "params")
    assert "Left out" not in str(sections.area_analyses(ctx, "1"))
