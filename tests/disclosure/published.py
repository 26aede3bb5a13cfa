"""Reading a built pack back as a reader would: every figure about the record-level requests
that its pages (tables, captions, the coordinates of its charts), its PDF, its data workbook
and its figure ledger publish, as `integer_attack.Figure` constraints.

Nothing here asks the library what it meant: each figure is read from the published file,
and its meaning from the words beside it (a table's caption and row, a chart's label, a
ledger row's measure and period), as a reader would. Each figure says where it was read.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import openpyxl
import pandas as pd
from bs4 import BeautifulSoup
from integer_attack import BINS, Count, Figure, Rate, month_span

from wsoa_analysis import dates

LONG_MONTHS = list(dates.MONTHS)
MONTHS = [name[:3] for name in LONG_MONTHS]
#: How finely a chart's coordinates are read back: well above the error of reading a point
#: through the axis ticks, far below the 0.1 a page shows a percentage to.
CHART_STEP = Fraction(2, 10**4)
#: Where the bands of weeks from request to plan begin.
EDGES = (0, 6, 10, 14, 18, 20, 26, 40, 52)
_NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(%| a month)?$")


# --- what a figure is of -----------------------------------------------------------------


def ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(month: str, by: int) -> str:
    y, m = map(int, month.split("-"))
    n = y * 12 + m - 1 + by
    return ym(n // 12, n % 12 + 1)


def window(last: str, months: int = 12) -> tuple[str, ...]:
    """The ``months`` months to the end of ``last``."""
    return month_span(shift(last, -(months - 1)), last)


def month_of(text: str) -> str | None:
    """``Aug 2021``, ``August 2021`` -> ``2021-08``."""
    found = re.fullmatch(r"\s*([A-Z][a-z]+)\s+(\d{4})\s*", text)
    if not found:
        return None
    name, year = found.groups()
    for names in (MONTHS, LONG_MONTHS):
        if name in names:
            return ym(int(year), names.index(name) + 1)
    return None


def period_months(text: str) -> tuple[str, ...] | None:
    """The calendar months a period label covers, as the pack writes periods: a month
    (``Aug 2021``), a financial-year quarter (``Q2 2021/22``), a calendar year (``2021``),
    12 months (``12 months to the end of Sep 2021``, ``average of the 12 months to Jun 2023``),
    whole months between dates (``1 July 2022 to 30 June 2023``, ``Jul 2022 to Jun 2023``)."""
    text = " ".join(text.replace("†", " ").split())
    if (m := month_of(text)) is not None:
        return (m,)
    if found := re.fullmatch(r"Q([1-4]) (\d{4})/\d{2}", text):
        q, year = int(found.group(1)), int(found.group(2))
        last = shift(ym(year, 6), 3 * (q - 1))
        return window(last, 3)
    if re.fullmatch(r"\d{4}", text):
        return month_span(f"{text}-01", f"{text}-12")
    if found := re.fullmatch(
        r"(?:12 months to the end of|average of the (\d+) months to) (.+)", text
    ):
        n = int(found.group(1) or 12)
        last = month_of(found.group(2))
        return window(last, n) if last else None
    if found := re.fullmatch(r"(\d{1,2}) (\w+ \d{4}) to (\d{1,2}) (\w+ \d{4})", text):
        first, last = month_of(found.group(2)), month_of(found.group(4))
        if first and last and found.group(1) == "1":
            return month_span(first, last)
    if found := re.fullmatch(r"(\w+ \d{4}) to (\w+ \d{4})", text):
        first, last = month_of(found.group(1)), month_of(found.group(2))
        if first and last:
            return month_span(first, last)
    return None


@dataclass
class Reading:
    """What was read from one pack: its figures, and what it publishes more exactly than it
    shows (each a sentence naming the file and place)."""

    date: str
    base: int
    figures: list[Figure] = field(default_factory=list)
    too_exact: list[str] = field(default_factory=list)

    def add(self, subject, text: str, where: str, *, per: int = 1) -> None:
        """A figure as shown in text: ``1,234``, ``57.5%``, ``62 a month``, ``c``, ``–``."""
        text = " ".join(str(text).replace("†", " ").split())
        if subject is None:
            return
        if text == "c":
            self.figures.append(Figure(subject, None, True, Fraction(self.base), where, per))
            return
        if text in ("–", "-", ""):
            self.figures.append(Figure(subject, None, False, Fraction(self.base), where, per))
            return
        found = _NUMBER.match(text)
        if not found:
            raise AssertionError(f"{where}: cannot read {text!r} as a figure")
        number = found.group(1).replace(",", "")
        decimals = len(number.split(".")[1]) if "." in number else 0
        step = Fraction(1, 10**decimals)
        if isinstance(subject, Count) and per == 1 and decimals == 0:
            step = Fraction(self.base)
        self.figures.append(Figure(subject, Fraction(number), False, step, where, per))

    def add_number(self, subject, value: float, where: str, *, unit: str, per: int = 1) -> None:
        """A figure as a number (a chart's coordinate, a spreadsheet cell): read at the
        precision it carries, which must be no more than the page shows."""
        if subject is None:
            return
        shown = 1 if unit == "percent" else 0
        for decimals in range(0, 5):
            if abs(value - round(value, decimals)) <= 2e-5:
                break
        else:
            decimals = None
        if decimals is None or decimals > shown:
            self.too_exact.append(f"{where}: {value!r} is more exact than the page shows")
            self.figures.append(
                Figure(
                    subject,
                    Fraction(round(value, 4)).limit_denominator(10**4),
                    False,
                    CHART_STEP,
                    where,
                    per,
                )
            )
            return
        text = f"{value:.{decimals}f}" + ("%" if unit == "percent" else "")
        self.add(subject, text, where, per=per)


def plain(text) -> str:
    return " ".join(html.unescape(str(text)).replace("†", " ").split())


# --- pages: tables and captions ----------------------------------------------------------


def _table_rows(table) -> list[list[str]]:
    return [
        [plain(cell.get_text(" ")) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")
    ]


def read_page(reading: Reading, page: str, text: str, measures: dict) -> None:
    """Tables and captions of one page. ``measures``: title -> (kind, frequency) for the
    measures computed from the requests (``timeliness`` or ``requests``)."""
    soup = BeautifulSoup(text, "html.parser")
    for table in soup.find_all("table"):
        caption = plain(table.caption.get_text(" ")) if table.caption else ""
        rows = _table_rows(table)
        where = f"{reading.date}/{page}: table {caption!r}"
        _read_table(reading, caption, rows, where, measures)
    for figure in soup.find_all("figure"):
        label = plain(figure.get("aria-label", ""))
        caption = plain(figure.figcaption.get_text(" ")) if figure.figcaption else ""
        for said in {label, caption}:
            _read_caption(reading, said, f"{reading.date}/{page}: chart text {said[:50]!r}")
        svg = figure.find("svg")
        if svg is not None:
            read_chart(
                reading, label, str(svg), f"{reading.date}/{page}: chart {label[:50]!r}", measures
            )


def _read_table(reading: Reading, caption: str, rows, where: str, measures: dict) -> None:
    add, body = reading.add, rows[1:]
    if caption.startswith("Plans issued within 20 weeks by calendar year"):
        for row in body:
            months = period_months(row[0])
            add(Count("plans", "all", months), row[1], f"{where}, {row[0]}")
            add(Count("plans", "within", months), row[2], f"{where}, {row[0]}")
            add(Rate(months), row[3], f"{where}, {row[0]}")
    elif caption == "Rolling 12-month figures in the chart":
        for row in body:
            add(Rate(window(month_of(row[0]))), row[1], f"{where}, {row[0]}")
    elif caption == "Plans by weeks taken":
        for row in body:
            part = "all" if row[0] == "All" else row[0]
            add(Count("plans", part, window(reading.date[:7])), row[1], f"{where}, {row[0]}")
    elif caption == "Requests received each month":
        for row in body:
            add(Count("requests", "all", (month_of(row[0]),)), row[1], f"{where}, {row[0]}")
    else:
        _read_measure_table(reading, caption, rows, where, measures)


def _read_measure_table(reading: Reading, caption: str, rows, where: str, measures: dict):
    """A measure's table of values, or a scorecard's latest values."""
    body = rows[1:]
    if caption.endswith(": values") and caption.removesuffix(": values") in measures:
        kind, _ = measures[caption.removesuffix(": values")]
        # the counts behind each percentage, where the table shows them (its tallies)
        tallies = kind == "timeliness" and "Out of" in rows[0]
        for row in body:
            months = period_months(row[0])
            reading.add(_subject(kind, months), row[1], f"{where}, {row[0]}")
            if tallies and months is not None:
                within, of = row[rows[0].index("Number")], row[rows[0].index("Out of")]
                reading.add(Count("plans", "within", months), within, f"{where}, {row[0]}")
                reading.add(Count("plans", "all", months), of, f"{where}, {row[0]}")
    elif caption.startswith(("Key impact measures", "Measures")) and rows and "Latest" in rows[0]:
        col = rows[0].index("Latest")
        for row in body:
            title = next((t for t in measures if row and row[0].startswith(t)), None)
            if title and col < len(row):
                _read_latest(reading, measures[title][0], row[col], f"{where}, {title}")


def _subject(kind: str, months):
    if months is None:
        return None
    return Rate(months) if kind == "timeliness" else Count("requests", "all", months)


def _read_latest(reading: Reading, kind: str, text: str, where: str) -> None:
    """A scorecard's latest value with its period: ``56.6% † Q1 2023/24``,
    ``62 a month † average of the 12 months to Jun 2023``."""
    found = re.match(r"^([\d.,]+%?(?: a month)?|c)\s+(.*)$", plain(text))
    if not found:
        return
    shown, period = found.groups()
    months = period_months(period)
    if months is None:
        return
    per = len(months) if (kind == "requests" and period.startswith("average")) else 1
    reading.add(
        _subject(kind, months if per > 1 or kind == "timeliness" else months), shown, where, per=per
    )


def _read_caption(reading: Reading, text: str, where: str) -> None:
    add = reading.add
    if found := re.search(
        r"Of ([\d,]+|c) plans issued from (.+?) \(exceptions left out\)(?:, ([\d,]+) took 20 "
        r"weeks or less)?",
        text,
    ):
        months = period_months(found.group(2))
        add(Count("plans", "all", months), found.group(1), where)
        if found.group(3):
            add(Count("plans", "within", months), found.group(3), where)
    if found := re.search(r"rolling 12 months: ([\d.]+%) in the 12 months to (\w+ \d{4})", text):
        add(Rate(window(month_of(found.group(2)))), found.group(1), where)
    if found := re.search(r"average of the last 12 months ([\d,]+) a month", text):
        add(
            Count("requests", "all", window(reading.date[:7])),
            found.group(1) + " a month",
            where,
            per=12,
        )


# --- charts --------------------------------------------------------------------------------


def _svg_tree(svg: str) -> ET.Element:
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r"""\sxmlns(?::\w+)?=["'][^"']*["']""", "", svg.replace("xlink:href", "href"))
    return ET.fromstring(svg)


def _points(d: str) -> list[tuple[float, float] | None]:
    """A path's points, with None where the line breaks (a gap: a value not drawn)."""
    out = []
    for op, x, y in re.findall(r"([ML])\s*([-\d.]+)\s+([-\d.]+)", d):
        if op == "M" and out:
            out.append(None)
        out.append((float(x), float(y)))
    return out


def _ticks(axes: ET.Element, axis: str) -> list[tuple[float, str]]:
    out = []
    for g in axes.iter("g"):
        if re.search(rf"-{axis}tick_\d+$", g.get("id", "")):
            use = next(g.iter("use"), None)
            text = next(g.iter("text"), None)
            if use is not None and text is not None:
                out.append((float(use.get("x" if axis == "x" else "y")), plain(text.text)))
    return out


def _linear(ticks: list[tuple[float, float]]):
    (p0, v0), (p1, v1) = ticks[0], ticks[-1]
    return lambda p: v0 + (p - p0) * (v1 - v0) / (p1 - p0)


def _tick_value(label: str) -> float:
    return float(label.replace(",", "").rstrip("%"))


def _date_number(label: str) -> float | None:
    month = month_of(label)
    if month is None:
        return None
    y, m = map(int, month.split("-"))
    return (dt.date(y, m, 1) - dt.date(1970, 1, 1)).days


def read_chart(reading: Reading, label: str, svg: str, where: str, measures: dict) -> None:
    """The figures a chart's coordinates give, for the charts of figures from requests."""
    kind = _chart_kind(label, measures)
    if kind is None:
        return
    root = _svg_tree(svg)
    axes = next(g for g in root.iter("g") if re.search(r"-axes_\d+$", g.get("id", "")))
    y_ticks = [(p, _tick_value(t)) for p, t in _ticks(axes, "y")]
    to_value = _linear(y_ticks)
    if kind == "weeks":
        _read_bars(reading, axes, to_value, where)
        return
    dates = [(p, n) for p, t in _ticks(axes, "x") if (n := _date_number(t)) is not None]
    to_day = _linear(dates)
    colours = _legend(axes)
    wanted = {"rolling": "rolling 12 months (local)", "requests trend": "(local)"}.get(
        kind[0], "Local figure"
    )
    unit = "percent" if kind[0] in ("rolling", "timeliness") else "count"
    for g in axes.iter("g"):
        if not re.search(r"-line2d_\d+$", g.get("id", "")) or g in _legend_lines(axes):
            continue
        path = g.find("path")
        if path is None:
            continue
        colour = re.search(r"stroke: (#[0-9a-f]{6})", path.get("style", ""))
        name = colours.get(colour.group(1) if colour else "")
        if name is None or not name.endswith(wanted):
            continue
        for point in _points(path.get("d", "")):
            if point is None:
                continue
            day = dt.date(1970, 1, 1) + dt.timedelta(days=round(to_day(point[0])))
            month = ym(day.year, day.month)
            months = _chart_months(kind, month, measures)
            subject = Rate(months) if unit == "percent" else Count("requests", "all", months)
            reading.add_number(subject, to_value(point[1]), f"{where}, point at {day}", unit=unit)


def _chart_kind(label: str, measures: dict):
    if label.startswith("Share of new EHC plans issued within 20 weeks, rolling 12 months"):
        return ("rolling", None)
    if label.startswith("Of ") and "plans issued from" in label:
        return "weeks"
    if label.startswith("Requests for EHC needs assessment each month"):
        return ("requests trend", None)
    for title, (kind, freq) in measures.items():
        if label.startswith(title + " "):
            return (kind, freq)
    return None


def _chart_months(kind, month: str, measures: dict) -> tuple[str, ...]:
    if kind[0] == "rolling":
        return window(month)
    if kind[1] == "quarterly":
        return window(month, 3)
    return (month,)


def _legend(axes: ET.Element) -> dict[str, str]:
    """Legend colour -> series name."""
    out = {}
    legend = next((g for g in axes.iter("g") if g.get("id", "").endswith("-legend_1")), None)
    if legend is None:
        return out
    colour = None
    for el in legend.iter():
        if el.tag == "path" and (
            found := re.search(r"stroke: (#[0-9a-f]{6})", el.get("style", ""))
        ):
            colour = found.group(1)
        elif el.tag == "text" and colour:
            out[colour] = plain(el.text)
            colour = None
    return out


def _legend_lines(axes: ET.Element) -> list[ET.Element]:
    legend = next((g for g in axes.iter("g") if g.get("id", "").endswith("-legend_1")), None)
    return [] if legend is None else list(legend.iter("g"))


def _read_bars(reading: Reading, axes: ET.Element, to_value, where: str) -> None:
    """Bars of the weeks chart: each bar's height, beside the label written on it."""
    bands = {round(p, 1): t for p, t in _ticks(axes, "x")}
    labels = {}
    tick_texts = {
        id(t) for g in axes.iter("g") if "tick_" in g.get("id", "") for t in g.iter("text")
    }
    for text in axes.iter("text"):
        if id(text) not in tick_texts and text.get("x"):
            labels[float(text.get("x"))] = plain(text.text)
    last = window(reading.date[:7])
    for g in axes.iter("g"):
        if not re.search(r"-patch_\d+$", g.get("id", "")):
            continue
        path = g.find("path")
        if path is None or "fill: #0072b2" not in path.get("style", ""):
            continue
        pts = [p for p in _points(path.get("d", "")) if p]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        centre = (min(xs) + max(xs)) / 2
        band = min(bands.items(), key=lambda kv: abs(kv[0] - centre))[1]
        said = min(labels.items(), key=lambda kv: abs(kv[0] - centre))[1]
        subject = Count("plans", band, last)
        if said == "c":
            reading.add(subject, "c", f"{where}, bar {band}")
            continue
        height = to_value(min(ys)) - to_value(max(ys))
        reading.add_number(subject, height, f"{where}, bar {band}", unit="count")
        reading.add(subject, said, f"{where}, label on bar {band}")


# --- the data workbook, the ledger, the PDF -------------------------------------------------


def read_workbook(reading: Reading, path: Path, measures_by_id: dict) -> None:
    """The Values and Scorecard sheets' figures of the measures computed from requests, and
    the Figures sheet (the ledger); every number in every sheet at most as exact as shown."""
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        head = [str(h) if h is not None else "" for h in rows[0]]
        where = f"{reading.date}/data.xlsx, sheet {ws.title!r}"
        if ws.title in ("Scorecard", "Values", "Published comparators"):
            _shown_precision(reading, head, rows[1:], where)
        if ws.title == "Values":
            for r in rows[1:]:
                rec = dict(zip(head, r, strict=False))
                kind = measures_by_id.get(rec.get("Measure id"))
                if kind is None:
                    continue
                months = period_months(str(rec["Period"]))
                subject = _subject(kind[0], months)
                w = f"{where}, {rec['Measure id']} {rec['Period']}"
                if rec.get("Withheld"):
                    reading.add(subject, "c", w)
                elif rec.get("Value") is not None:
                    unit = "percent" if kind[0] == "timeliness" else "count"
                    reading.add_number(subject, float(rec["Value"]), w, unit=unit)
        elif ws.title == "Figures":
            read_ledger_rows(reading, [dict(zip(head, r, strict=False)) for r in rows[1:]], where)


def _shown_precision(reading: Reading, head: list[str], rows: list, where: str) -> None:
    """No figure of the pack's own sheets has more decimals than any page shows (1)."""
    for i, row in enumerate(rows, start=2):
        for column, value in zip(head, row, strict=False):
            if isinstance(value, float) and abs(value - round(value, 1)) > 1e-9:
                reading.too_exact.append(f"{where} row {i}, {column}: {value!r}")


def read_ledger(reading: Reading, path: Path) -> None:
    with open(path, encoding="utf-8-sig", newline="") as f:
        read_ledger_rows(reading, list(csv.DictReader(f)), f"{reading.date}/{path.name}")


_LEDGER = [  # the ledger's words for the figures from requests -> (population, part, rate?)
    (re.compile(r"^Plans issued within 20 weeks, rolling$"), "rate"),
    (re.compile(r"^Plans issued within 20 weeks, per cent$"), "rate"),
    (re.compile(r"^Plans issued, exceptions left out$"), "all"),
    (re.compile(r"^Plans issued within 20 weeks$"), "within"),
    (re.compile(r"^Plans issued, all$"), "all"),
    (re.compile(r"^Plans issued, (.+) weeks$"), "band"),
    (re.compile(r"^Requests for EHC needs assessment received$"), "requests"),
    (re.compile(r"^Requests received, average a month$"), "requests"),
    (re.compile(r"^New EHC plans issued within 20 weeks: (?:latest )?value$"), "rate"),
    (re.compile(r"^Requests for EHC needs assessment per month: (?:latest )?value$"), "requests"),
]


def read_ledger_rows(reading: Reading, rows: list[dict], where: str) -> None:
    for i, rec in enumerate(rows, start=2):
        measure = plain(rec.get("measure") or "")
        for pattern, what in _LEDGER:
            found = pattern.match(measure)
            if not found:
                continue
            months = period_months(plain(rec.get("period") or ""))
            if months is None:
                break
            if what == "rate":
                subject = Rate(months)
            elif what == "requests":
                subject = Count("requests", "all", months)
            elif what == "band":
                if found.group(1) not in BINS:
                    break
                subject = Count("plans", found.group(1), months)
            else:
                subject = Count("plans", what, months)
            per = len(months) if what == "requests" and len(months) > 1 else 1
            w = f"{where} row {i} ({measure}, {rec.get('period')})"
            reading.add(
                subject,
                plain(rec.get("shown") or "").split(" a month")[0]
                + (" a month" if per > 1 else ""),
                w,
                per=per,
            )
            value = rec.get("value")
            if value not in (None, ""):
                unit = "percent" if what == "rate" else "count"
                reading.add_number(subject, float(value), w + ", value", unit=unit, per=per)
            break


def pdf_numbers(text: str) -> set[str]:
    """The numbers with a decimal point in a PDF's (or a page's) text."""
    return set(re.findall(r"(?<![\d.])\d[\d,]*\.\d+", text))


def read_pdf_tables(reading: Reading, text: str) -> None:
    """The calendar-year table as the PDF prints it (its own text; the PDF's charts are the
    pages' own SVG, and their data tables are on the web pages only)."""
    where = f"{reading.date}/appendix.pdf"
    flat = " ".join(text.split())
    cell = r"([\d,]+|c) ?†?"
    for found in re.finditer(rf"\b(20\d\d) {cell} {cell} ([\d.]+%|c) ?†?", flat):
        months = period_months(found.group(1))
        w = f"{where}: calendar year {found.group(1)}"
        reading.add(Count("plans", "all", months), found.group(2), w)
        reading.add(Count("plans", "within", months), found.group(3), w)
        reading.add(Rate(months), found.group(4), w)


# --- what is true, what the reader knows of the measures, and a whole pack ---------------


def true_counts(data: Path) -> dict:
    """The counts a reader wants, straight from the records (not through the library): plans
    issued by month and band of weeks (exception cases left out), requests by month."""
    req = pd.read_csv(data / "ehc_requests.csv", parse_dates=["date_received", "plan_issued_date"])
    out: dict = {}
    for d in req["date_received"].dropna():
        key = ("requests", ym(d.year, d.month), "all")
        out[key] = out.get(key, 0) + 1
    issued = req[req["plan_issued_date"].notna() & (req["exception_applies"] != "yes")]
    days = (issued["plan_issued_date"] - issued["date_received"]).dt.days
    for d, n in zip(issued["plan_issued_date"], days, strict=True):
        band = BINS[sum(n / 7 > e for e in EDGES[1:])]  # right-closed: 140 days is 18–20
        key = ("plans", ym(d.year, d.month), band)
        out[key] = out.get(key, 0) + 1
    return out


def record_measures(data: Path) -> tuple[dict, dict]:
    """The measures computed from the requests (their pages say so): by title and by id,
    each as (``timeliness`` or ``requests``, frequency)."""
    kpis = pd.read_csv(data / "kpis.csv", dtype=str)
    kinds = {"ehc_issued_within_20_weeks": "timeliness", "ehc_requests_per_month": "requests"}
    derived = kpis[kpis["method"].isin(kinds)]
    by_title = {r["title"]: (kinds[r["method"]], r["frequency"]) for _, r in derived.iterrows()}
    by_id = {r["kpi_id"]: (kinds[r["method"]], r["frequency"]) for _, r in derived.iterrows()}
    return by_title, by_id


def read_pack(folder: Path, base: int, data: Path) -> tuple[Reading, str, str]:
    """Everything one pack publishes about the requests: (the figures, the pages' text, the
    PDF's text)."""
    import pypdfium2

    by_title, by_id = record_measures(data)
    reading = Reading(folder.name, base)
    pages = ""
    for page in sorted(folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        read_page(reading, page.stem, text, by_title)
        pages += plain(re.sub(r"<[^>]+>", " ", text)) + " "
        pages += " ".join(plain(a) for a in re.findall(r'aria-label="([^"]*)"', text))
    read_workbook(reading, folder / "data.xlsx", by_id)
    if (folder / "figures.csv").exists():
        read_ledger(reading, folder / "figures.csv")
    document = pypdfium2.PdfDocument(folder / "appendix.pdf")
    pdf = "\n".join(page.get_textpage().get_text_range() for page in document)
    read_pdf_tables(reading, pdf)
    return reading, pages, pdf
