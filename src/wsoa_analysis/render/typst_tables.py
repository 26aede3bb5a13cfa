"""An HTML table as a Typst table: its caption above it, its header rows repeated on every
page it spans (and tagged as header cells with column scope), right-aligned number columns,
rating and status cells filled as on the page, and smaller type the more columns it has so
that it always fits the page's width.
"""

from __future__ import annotations

from dataclasses import dataclass

from wsoa_analysis.render.html_tree import PILLS, SPACE, Node, descendants, text_of
from wsoa_analysis.render.typst_text import string

_FILLED = (
    "rating-met", "rating-green", "rating-amber", "rating-red", "rating-no_target",
    "rating-no_data", "brag-blue", "brag-green", "brag-amber", "brag-red", "brag-grey",
    "brag-none",
)  # fmt: skip

#: A column whose lines are all at most this many ems wide is as wide as its widest line.
SHORT_COLUMN = 13.0
#: The text area's width (A4 less 15 mm margins), the gap between columns, and the average
#: width of a character in DejaVu Sans as a share of the type size: all in points.
TEXT_WIDTH = 510.0
GUTTER = 6.0
CHARACTER_WIDTH = 0.62
BOLD_CHARACTER_WIDTH = 0.7
PILL_PADDING_EM = 1.1
PERIOD_SCALE = 0.85
ROW_HEADER_WEIGHT = 1.6
ROW_HEADER_LEAST = 12.0  # ems
#: Widths are estimated from character counts: leave this share of the width in hand.
ESTIMATE_SAFETY = 0.96
#: The text width of a landscape A4 page (297 mm less 15 mm margins), in points.
LANDSCAPE_TEXT_WIDTH = 756.0

#: (columns at least, type size in pt): the more columns, the smaller the type.
TYPE_SIZES = ((18, 6.3), (15, 6.5), (11, 7.0), (8, 7.5), (0, 8.5))


def _rows(table: Node) -> tuple[list[Node], list[Node], list[Node]]:
    """The header, body and footer rows."""
    head, body, foot = [], [], []
    for child in table.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "tr":
            body.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows = [r for r in child.children if isinstance(r, Node) and r.tag == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[child.tag].extend(rows)
    if not head and body and all(c.tag == "th" for c in _cells(body[0])):
        head, body = body[:1], body[1:]
    return head, body, foot


def _cells(row: Node) -> list[Node]:
    return [c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]


def _span(cell: Node, name: str) -> int:
    try:
        return max(1, min(int(cell.attrs.get(name, 1)), 1000))
    except ValueError:
        return 1


def column_count(rows: list[Node]) -> int:
    """Columns the table needs: its widest row, counting column spans."""
    return max((sum(_span(c, "colspan") for c in _cells(r)) for r in rows), default=1)


def type_size(columns: int) -> float:
    """The type size for a table of so many columns.

    >>> type_size(5), type_size(8), type_size(20)
    (8.5, 7.5, 6.3)
    """
    return next(size for least, size in TYPE_SIZES if columns >= least)


def _line_widths(node: Node, scale: float = 1.0) -> list[float]:
    """The widths of the node's lines, in ems (a ``.period`` span is smaller type, a pill
    bold and padded); lines end at ``<br>``."""
    lines = [0.0]
    for child in node.children:
        if isinstance(child, str):
            lines[-1] += len(SPACE.sub(" ", child)) * CHARACTER_WIDTH * scale
        elif child.tag == "br":
            lines.append(0.0)
        elif child.classes & PILLS:
            lines[-1] += len(text_of(child)) * BOLD_CHARACTER_WIDTH * scale + PILL_PADDING_EM
        else:
            inner = _line_widths(child, scale * (PERIOD_SCALE if "period" in child.classes else 1))
            lines[-1] += inner[0]
            lines.extend(inner[1:])
    return lines


def _longest_word(cell: Node) -> float:
    """The widest word in the cell, in ems (a pill counts whole: it does not wrap)."""
    pills = [
        len(text_of(n)) * BOLD_CHARACTER_WIDTH + PILL_PADDING_EM
        for n in descendants(cell)
        if n.classes & PILLS
    ]
    words = [len(w) * CHARACTER_WIDTH for w in text_of(cell).split()]
    return max(pills + words, default=0.0)


@dataclass
class Column:
    """What a column needs, in ems: its widest line (header rows left out: a heading may
    wrap over a column of numbers) and its widest word; and whether it names the rows."""

    widest: float = 0.0
    word: float = 0.0
    row_headers: bool = False

    @property
    def short(self) -> bool:
        return self.widest <= SHORT_COLUMN

    def least(self) -> float:
        """The least it can be: a short column unwrapped, another as wide as a word."""
        return max(self.widest if self.short else 0.0, self.word)


def measure_columns(rows: list[Node], columns: int) -> list[Column]:
    """Each column's :class:`Column` (cells spanning columns are left out)."""
    found = [Column() for _ in range(columns)]
    for row in rows:
        position = 0
        heading = all(c.tag == "th" for c in _cells(row)) and len(rows) > 1
        for cell in _cells(row):
            span = _span(cell, "colspan")
            if span == 1 and position < columns:
                column = found[position]
                if not heading:
                    column.widest = max(column.widest, *_line_widths(cell))
                column.word = max(column.word, _longest_word(cell))
                column.row_headers = column.row_headers or (cell.tag == "th" and not heading)
            position += span
    return found


def too_wide_for_portrait(rows: list[Node], columns: int, size: float) -> bool:
    """True when the table's unbreakable words alone are wider than a portrait page."""
    needed = sum(c.word for c in measure_columns(rows, columns)) * size
    return needed + (columns - 1) * gutter(columns) > TEXT_WIDTH


def column_widths(
    rows: list[Node], columns: int, size: float = 8.5, width: float | None = None
) -> list[str]:
    """Column widths in points that fill ``width`` (the text width): each column first gets
    the least it needs (a short column, e.g. of ratings, dates or numbers, its widest
    entry, so that it never wraps; another its widest word); what is left goes to the
    columns that wrap, in proportion to how much more they would take (the column naming
    the rows counts more), never beyond their widest line.

    >>> row = Node("tr", children=[Node("td", children=["a long description of the action"]),
    ...                            Node("td", children=["Green"])])
    >>> column_widths([row], 2, width=100.0)
    ['63.7pt', '26.4pt']
    """
    width = (TEXT_WIDTH if width is None else width) * ESTIMATE_SAFETY
    found = measure_columns(rows, columns)
    given = [c.least() * size for c in found]
    spare = width - (columns - 1) * gutter(columns) - sum(given)
    if spare < 0:  # short columns too: they may wrap, down to their widest word
        given = [c.word * size for c in found]
    given = [  # the column naming the rows is never squeezed to a word or two
        max(g, min(c.widest, ROW_HEADER_LEAST) * size) if c.row_headers else g
        for c, g in zip(found, given, strict=True)
    ]
    spare = width - (columns - 1) * gutter(columns) - sum(given)
    caps = [max(c.widest, c.word) * size for c in found]
    for _ in range(columns):  # hand out what is left, capped at each column's widest line
        wants = [
            max(cap - g, 0.0) * (ROW_HEADER_WEIGHT if c.row_headers else 1)
            for c, cap, g in zip(found, caps, given, strict=True)
        ]
        if spare <= 0.5 or sum(wants) <= 0:
            break
        total = sum(wants)
        for i, want in enumerate(wants):
            given[i] += min(max(caps[i] - given[i], 0.0), spare * want / total)
        spare = width - (columns - 1) * gutter(columns) - sum(given)
    if spare > 0.5:  # every column is at its widest: the rest to the first
        given[0] += spare
    room = width - (columns - 1) * gutter(columns)
    if sum(given) > room:  # even words do not fit: all narrower alike, never off the page
        given = [g * room / sum(given) for g in given]
    return [f"{g:.1f}pt" for g in given]


def gutter(columns: int) -> float:
    """The gap between columns, in points: narrower the more columns there are."""
    return GUTTER if columns < 12 else GUTTER / 2


def _cell(cell: Node, convert, in_body: bool) -> str:
    args = []
    for name in ("colspan", "rowspan"):
        if _span(cell, name) > 1:
            args.append(f"{name}: {_span(cell, name)}")
    classes = cell.classes
    if "num" in classes:
        args.append("align: right + top")
    filled = [k for k in _FILLED if k in classes]
    content = convert.blocks(cell).strip()
    if filled:
        args.append(f"fill: cell-fill({string(filled[0])}), inset: (x: 2pt, y: 2pt)")
        content = f'#text(fill: cell-ink({string(filled[0])}), weight: "bold")[{content}]'
    if cell.tag == "th" and in_body:
        content = f"#strong[{content}]"
    elif not in_body:
        content = f"#text(hyphenate: false)[{content}]"  # a heading's words stay whole
    return f"table.cell({', '.join(args)})[{content}]"


def table(node: Node, convert) -> str:
    """Typst markup for one ``<table>``; ``convert`` (a ``typst_markup.Converter``) turns the
    cells' content into markup."""
    head, body, foot = _rows(node)
    if not (head or body or foot):
        return ""
    columns = column_count(head + body + foot)
    cells = []
    if head:
        header = [_cell(c, convert, False) for r in head for c in _cells(r)]
        cells.append(f"table.header({', '.join(header)})")
    cells.extend(_cell(c, convert, True) for r in body for c in _cells(r))
    if foot:
        footer = [_cell(c, convert, True) for r in foot for c in _cells(r)]
        cells.append(f"table.footer(repeat: false, {', '.join(footer)})")
    captions = [c for c in node.children if isinstance(c, Node) and c.tag == "caption"]
    caption = f"[{convert.inlines(captions[0]).strip()}]" if captions else "none"
    size = type_size(columns)
    rows = head + body + foot
    turn = too_wide_for_portrait(rows, columns, size) and not convert.landscape
    wide = convert.landscape or turn
    widths = column_widths(rows, columns, size, LANDSCAPE_TEXT_WIDTH if wide else TEXT_WIDTH)
    layout = (
        f"table(columns: ({', '.join(widths)},), column-gutter: {gutter(columns)}pt, "
        f"{', '.join(cells)})"
    )
    markup = (
        f"#block(width: 100%)[#set text(size: {size}pt, hyphenate: true)\n"
        f"#figure(kind: table, supplement: none, numbering: none, caption: {caption}, "
        f"{layout})]"
    )
    if turn:
        return f"#landscape[{markup}]\n\n"  # pages of its own, turned
    return markup + "\n\n"
