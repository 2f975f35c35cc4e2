"""The printed report of a place, a province or a country, as PDF (fpdf2): key figures,
a map drawn from the bundled Natural Earth outlines with the report's partnerships, the
partnerships by stage and status, by province or by place, what expires soon, what is
dormant, the year's activities and, for a place or a province, the partnerships
themselves. A report of nothing says so.

The text is set in DejaVu Sans (reports/fonts, cut down by tools/make_report_font.py), so
that "Łódź" and "Hải Phòng" print as written; a letter the font lacks is printed without
its accents, or as "?".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import FontFace

from kembar.config import Settings
from kembar.lifecycle.status import explain
from kembar.lifecycle.words import Words
from kembar.reports.summary import Line, Report
from kembar.reports.worldmap import WORLD, Point, View, frame, outlines

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
MAX_ROWS = 300
MAP_HEIGHT = 95.0  # mm, for a region; the whole world takes the height of its shape
INK, MUTED, ACCENT = (20, 20, 20), (100, 100, 100), (31, 78, 121)
SEA, LAND, BORDER, PARTNER = (234, 241, 247), (214, 219, 223), (255, 255, 255), (120, 160, 200)
RULE, STRIPE = (200, 205, 210), (247, 248, 250)


@cache
def _glyphs() -> frozenset[int]:
    font = TTFont(str(FONTS / "DejaVuSans.ttf"))
    return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """The text with each letter the font lacks replaced by its base letter, or '?'."""
    glyphs = _glyphs()
    out = []
    for ch in text:
        if ord(ch) in glyphs or ch in "\n\t":
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) in glyphs and c.isprintable())
        out.append(base or "?")
    return "".join(out)


class Document(FPDF):
    def __init__(self, footer: str, words: Words) -> None:
        super().__init__(format="A4")
        self.footer_text = footer
        self.words = words
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*MUTED)
        page = self.words("report.page", n=self.page_no(), total="{nb}")
        self.cell(0, 5, printable(f"{self.footer_text} · {page}"), align="C")

    def write_line(
        self, text: str, size: float = 10, bold: bool = False, color: tuple[int, int, int] = INK
    ) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, printable(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        if self.will_page_break(30):
            self.add_page()
        self.ln(4)
        self.write_line(text, 12, bold=True, color=ACCENT)
        self.ln(1)


def _title(pdf: Document, report: Report, w: Words) -> str:
    t = w.t
    country = t.country(report.country)
    if report.scope == "country":
        name, subtitle = country, w("report.country")
    elif report.scope == "province":
        name, subtitle = report.name, w("report.province", country=country)
    else:
        where = f"{report.region}, {country}" if report.region else country
        name, subtitle = (
            report.name,
            w("report.place", kind=t.label("place_kind", report.place_kind), where=where),
        )
    pdf.write_line(w("report.kembar"), 8, color=MUTED)
    pdf.ln(1)
    pdf.write_line(name, 20, bold=True)
    pdf.ln(1)
    pdf.write_line(subtitle, 10.5, color=MUTED)
    pdf.write_line(w("report.of_day", date=t.when(report.today.isoformat())), 10.5, color=MUTED)
    pdf.ln(3)
    return name


def _figures(pdf: Document, report: Report, w: Words) -> None:
    figures = [
        (len(report.lines), w("report.partnerships")),
        (len(report.expiring), w("report.expiring_n", days=report.expiring_days)),
        (len(report.dormant), w("report.dormant_n")),
        (len(report.activities), w("report.activities_n", year=report.today.year)),
    ]
    width = (pdf.epw - 9) / 4
    y = pdf.get_y()
    for i, (n, label) in enumerate(figures):
        x = pdf.l_margin + i * (width + 3)
        pdf.set_fill_color(*SEA)
        pdf.rect(x, y, width, 17, style="F")
        pdf.set_xy(x + 2, y + 2)
        pdf.set_font(FAMILY, "B", 15)
        pdf.set_text_color(*ACCENT)
        pdf.cell(width - 4, 7, w.t.num(n))
        pdf.set_xy(x + 2, y + 10)
        pdf.set_font(FAMILY, "", 7.5)
        pdf.set_text_color(*INK)
        pdf.cell(width - 4, 4, printable(label))
    pdf.set_xy(pdf.l_margin, y + 21)


def _project(view: View, x: float, y: float, w: float, h: float) -> tuple[float, float, float]:
    scale = min(w / view.width, h / view.height)
    return x + (w - view.width * scale) / 2, y + (h - view.height * scale) / 2, scale


def _draw_map(pdf: Document, report: Report, view: View, x: float, y: float, w: float, h: float) -> None:
    ox, oy, scale = _project(view, x, y, w, h)

    def xy(p: Point) -> tuple[float, float]:
        return ox + (p[0] - view.west) * scale, oy + (view.north - p[1]) * scale

    # local_context keeps fpdf2's idea of the colours true across the clip's q ... Q
    with pdf.local_context(), pdf.rect_clip(x, y, w, h):
        pdf.set_fill_color(*SEA)
        pdf.rect(x, y, w, h, style="F")
        pdf.set_fill_color(*LAND)
        pdf.set_draw_color(*BORDER)
        pdf.set_line_width(0.15)
        for ring in outlines():
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            if (
                max(lons) < view.west
                or min(lons) > view.east
                or max(lats) < view.south
                or min(lats) > view.north
            ):
                continue
            pdf.polygon([xy(p) for p in ring], style="DF")
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.2)
        for a, b in report.links:
            pdf.line(*xy(a), *xy(b))
        for points, color, radius in ((report.partners, PARTNER, 0.7), (report.home, ACCENT, 1.1)):
            pdf.set_fill_color(*color)
            for p in points:
                pdf.circle(*xy(p), radius, style="F")
    with pdf.local_context(draw_color=MUTED, line_width=0.2):
        pdf.rect(x, y, w, h, style="D")


def _map(pdf: Document, report: Report, w: Words, name: str) -> None:
    if not report.home and not report.partners:
        return
    pdf.heading(w("report.map"))
    view = frame([*report.home, *report.partners], pdf.epw / MAP_HEIGHT)
    height = MAP_HEIGHT if view != WORLD else pdf.epw * WORLD.height / WORLD.width
    if pdf.will_page_break(height + 8):
        pdf.add_page()
    y = pdf.get_y()
    _draw_map(pdf, report, view, pdf.l_margin, y, pdf.epw, height)
    pdf.set_y(y + height + 1.5)
    pdf.write_line(w("report.map_legend", name=name), 7.5, color=MUTED)


def _table(
    pdf: Document,
    headings: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    w: Words,
    links: Sequence[str | None] | None = None,
) -> None:
    """A table of at most MAX_ROWS rows (saying how many more there are), or 'None.'"""
    if not rows:
        pdf.write_line(w("report.none"), 9.5, color=MUTED)
        return
    pdf.set_font(FAMILY, "", 8.5)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.15)
    style = FontFace(emphasis="BOLD", fill_color=SEA, color=ACCENT)
    with pdf.table(
        col_widths=tuple(widths),
        headings_style=style,
        line_height=4.6,
        borders_layout="HORIZONTAL_LINES",
        text_align="LEFT",
        cell_fill_color=STRIPE,
        cell_fill_mode="ROWS",
        padding=(0.8, 1.2),
    ) as table:
        head = table.row()
        for h in headings:
            head.cell(printable(h))
        for i, values in enumerate(rows[:MAX_ROWS]):
            row = table.row()
            link = links[i] if links else None
            for j, value in enumerate(values):
                text = "–" if value is None or value == "" else str(value)
                row.cell(printable(text), link=link if j == 0 and link else None)
    if len(rows) > MAX_ROWS:
        pdf.write_line(w("report.more", n=w.t.num(len(rows) - MAX_ROWS)), 8.5, color=MUTED)


def _pair(line: Line, w: Words) -> str:
    return f"{line.ours.name} – {line.theirs.name} ({w.t.country(line.theirs.country)})"


def _counts(pdf: Document, report: Report, w: Words) -> None:
    t = w.t
    pdf.heading(w("report.by_stage"))
    stage_rows = [
        [t.label("stage", s) if s != "none" else w("stage.none"), t.num(n)] for s, n in report.by_stage
    ]
    _table(pdf, [w("col.stage"), w("report.count")], stage_rows, (4, 1), w)
    pdf.heading(w("report.by_status"))
    status_rows = [[t.label("partnership_status", s), t.num(n)] for s, n in report.by_status]
    _table(pdf, [w("col.status"), w("report.count")], status_rows, (4, 1), w)
    if report.scope in ("country", "province"):
        title = w("report.by_province") if report.scope == "country" else w("report.by_place")
        pdf.heading(title)
        group_rows = [[name or w("report.no_region"), t.num(n)] for name, n in report.groups]
        column = w("col.region_a") if report.scope == "country" else w("col.place_a")
        _table(pdf, [column, w("report.count")], group_rows, (4, 1), w)


def _lists(pdf: Document, report: Report, w: Words, settings: Settings) -> None:
    t = w.t

    def url(line: Line) -> str:
        return f"{settings.public_url.rstrip('/')}/partnerships/{line.id}"

    pdf.heading(w("report.expiring", days=report.expiring_days))
    rows = [
        [_pair(e.line, w), t.label("instrument", e.instrument_type), t.when(e.valid_until), e.days_left]
        for e in report.expiring
    ]
    heads = [w("report.partnership"), w("col.type"), w("col.valid_until"), w("report.days_left")]
    _table(pdf, heads, rows, (6, 4, 3, 2), w, [url(e.line) for e in report.expiring])
    pdf.heading(w("report.dormant"))
    rows = [[_pair(d.line, w), explain(d.reason, w.lang)] for d in report.dormant]
    _table(
        pdf,
        [w("report.partnership"), w("col.reason")],
        rows,
        (1, 1),
        w,
        [url(d.line) for d in report.dormant],
    )
    pdf.heading(w("report.activities", year=report.today.year))
    rows = [
        [t.when(a.date), _pair(a.line, w), t.label("activity", a.type), a.title] for a in report.activities
    ]
    heads = [w("col.date"), w("report.partnership"), w("col.type"), w("col.title")]
    _table(pdf, heads, rows, (3, 6, 3, 5), w)
    if report.scope != "country":
        pdf.heading(w("report.list"))
        rows = [_line_cells(line, w) for line in report.lines]
        heads = [w("report.partnership"), w("col.kind"), w("col.stage"), w("col.status"), w("col.first_date")]
        _table(pdf, heads, rows, (6, 3, 4, 3, 3), w, [url(line) for line in report.lines])


def _line_cells(line: Line, w: Words) -> list[object]:
    t = w.t
    stage = t.label("stage", line.stage) if line.stage else w("stage.none")
    return [
        _pair(line, w),
        t.label("kind", line.kind),
        stage,
        t.label("partnership_status", line.status),
        t.when(line.first_date),
    ]


def render(report: Report, lang: str, settings: Settings) -> bytes:
    """The report as a PDF document."""
    w = Words(lang)
    pdf = Document(f"Kembar · {settings.public_url.rstrip('/')}", w)
    pdf.set_author("Kembar")
    pdf.add_page()
    name = _title(pdf, report, w)
    pdf.set_title(printable(name))  # a country's name in the reader's language, not its code
    if report.empty:
        pdf.ln(4)
        pdf.write_line(w("report.empty", name=name), 12, bold=True)
        pdf.ln(2)
        pdf.write_line(w("report.empty_hint"), 10, color=MUTED)
        return bytes(pdf.output())
    _figures(pdf, report, w)
    _map(pdf, report, w, name)
    _counts(pdf, report, w)
    _lists(pdf, report, w, settings)
    pdf.ln(4)
    pdf.write_line(w.t("footer.data"), 7.5, color=MUTED)  # the sources and their licences
    return bytes(pdf.output())
