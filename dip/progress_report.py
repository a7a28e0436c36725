"""Laporan progres: the Progres figures and charts as an A4 landscape PDF for a meeting.

The charts are drawn with fpdf2's own lines and rectangles (no browser, no image library), so
the file is made on the server in a few milliseconds and prints sharp at any size.
"""

from collections.abc import Callable, Sequence
from datetime import datetime

from fpdf.fonts import FontFace

from dip.progress import SkpdProgress, Totals
from dip.progress_figures import (
    GLOSSARY,
    GROUPS,
    PER_MONTH_LABEL,
    PERCENT_LABEL,
    SkpdRow,
    headline,
    month_series,
    number,
    percent,
    skpd_rows,
    whole_step,
)
from dip.timefmt import format_datetime
from dip.typeset import Typesetter
from models.enums import Category

TITLE = "Laporan Progres Daftar Informasi Publik"
MARGIN = 12.0
LABEL_W = 30.0  # the singkatan column left of the bars
ROW_H = 6.0
ROWS_PER_PAGE = 24
TEXT_GREY = (90, 98, 110)
GRID_GREY = (215, 220, 228)

Figures = tuple[list[SkpdProgress], Totals, list[tuple[str, int]]]


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def period_text(year: int | None, category: Category | None) -> str:
    return (
        f"Tahun: {year if year is not None else 'semua tahun'} · "
        f"Kategori: {category.short_label if category is not None else 'semua kategori'}"
    )


def report_file_name(year: int | None, category: Category | None, now: datetime) -> str:
    parts = ["laporan-progres-dip", str(year) if year is not None else "semua-tahun"]
    if category is not None:
        parts.append(category.value.replace("_", "-"))
    return "-".join([*parts, now.strftime("%Y%m%d")]) + ".pdf"


class _Report(Typesetter):
    def __init__(self, footer: str) -> None:
        super().__init__()
        self._footer = footer
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.use(size=7)
        self.set_text_color(*TEXT_GREY)
        self.cell(0, 4, self.clean(self._footer), align="L")
        self.cell(0, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    @property
    def inner_w(self) -> float:
        return self.w - 2 * MARGIN

    def heading(self, text: str, size: float = 11) -> None:
        self.use(bold=True, size=size)
        self.cell(0, size * 0.6, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def text_at(
        self, x: float, y: float, w: float, text: str, *, align: str = "L", size: float = 7
    ) -> None:
        self.use(size=size)
        self.set_xy(x, y)
        self.cell(w, size * 0.45, self.clean(text), align=align)


def _headline(pdf: _Report, totals: Totals) -> None:
    figures = headline(totals)
    gap = 2.0
    box_w = (pdf.inner_w - gap * (len(figures) - 1)) / len(figures)
    top = pdf.get_y()
    for i, (label, value) in enumerate(figures):
        x = MARGIN + i * (box_w + gap)
        pdf.set_draw_color(*GRID_GREY)
        pdf.rect(x, top, box_w, 16)
        pdf.set_text_color(*TEXT_GREY)
        pdf.text_at(x + 2, top + 2, box_w - 4, label, size=8)
        pdf.set_text_color(0, 0, 0)
        pdf.use(bold=True, size=15)
        pdf.set_xy(x + 2, top + 7)
        pdf.cell(box_w - 4, 7, number(value))
    pdf.set_xy(MARGIN, top + 19)


def _glossary(pdf: _Report) -> None:
    pdf.use(size=7.5)
    text = "  ".join(f"**{term}**: {meaning}." for term, meaning in GLOSSARY)
    pdf.multi_cell(0, 3.6, pdf.clean("**Arti angka** — " + text), markdown=True)
    pdf.ln(3)


def _x_axis(
    pdf: _Report,
    x: float,
    y: float,
    w: float,
    top: float,
    largest: float,
    step: float,
    fmt: Callable[[float], str],
) -> None:
    """Grid lines and labels along the bottom of a horizontal bar chart."""
    value = 0.0
    pdf.set_draw_color(*GRID_GREY)
    pdf.set_text_color(*TEXT_GREY)
    while value <= largest + 1e-9:
        gx = x + w * value / largest
        pdf.line(gx, top, gx, y)
        pdf.text_at(gx - 10, y + 0.8, 20, fmt(value), align="C", size=6.5)
        value += step
    pdf.set_text_color(0, 0, 0)


def _status_chart(pdf: _Report, rows: Sequence[SkpdRow], x: float, w: float) -> None:
    top = pdf.get_y()
    # Legend: one swatch per group, on one line.
    lx = x + LABEL_W
    for group in GROUPS:
        pdf.set_fill_color(*_rgb(group.colour))
        pdf.rect(lx, top + 0.8, 3, 3, style="F")
        pdf.use(size=7)
        label_w = pdf.width_of(pdf.clean(group.label)) + 2
        pdf.text_at(lx + 4, top + 0.6, label_w, group.label)
        lx += 4 + label_w + 3
    top += 7
    bar_w = w - LABEL_W - 8
    largest = max((r.total for r in rows), default=0)
    step = whole_step(largest)
    scale = max(step * -(-largest // step), 1)  # the axis ends on a whole step
    bottom = top + ROW_H * len(rows)
    _x_axis(pdf, x + LABEL_W, bottom, bar_w, top, scale, step, lambda v: number(int(v)))
    for i, row in enumerate(rows):
        y = top + i * ROW_H
        pdf.text_at(x, y + 1.2, LABEL_W - 2, row.short_name, align="R", size=7.5)
        bx = x + LABEL_W
        for group, count in zip(GROUPS, row.counts, strict=True):
            if not count:
                continue
            seg = bar_w * count / scale
            pdf.set_fill_color(*_rgb(group.colour))
            pdf.rect(bx, y + 1, seg, ROW_H - 2, style="F")
            bx += seg
        pdf.text_at(bx + 1, y + 1.4, 10, number(row.total), size=6.5)
    pdf.set_y(bottom + 5)


def _percent_chart(pdf: _Report, rows: Sequence[SkpdRow], x: float, w: float, top: float) -> None:
    top += 7  # level with the status chart's first bar
    bar_w = w - LABEL_W - 14
    bottom = top + ROW_H * len(rows)
    _x_axis(pdf, x + LABEL_W, bottom, bar_w, top, 100, 25, lambda v: percent(v))
    colour = _rgb(GROUPS[4].colour)
    for i, row in enumerate(rows):
        y = top + i * ROW_H
        pdf.text_at(x, y + 1.2, LABEL_W - 2, row.short_name, align="R", size=7.5)
        seg = bar_w * row.percent / 100
        if seg > 0:
            pdf.set_fill_color(*colour)
            pdf.rect(x + LABEL_W, y + 1, seg, ROW_H - 2, style="F")
        pdf.text_at(x + LABEL_W + seg + 1, y + 1.4, 14, percent(row.percent), size=6.5)


def _month_chart(pdf: _Report, months: list[tuple[str, int]], height: float) -> None:
    pdf.heading(PER_MONTH_LABEL)
    if not any(n for _, n in months):
        pdf.use(size=8)
        pdf.cell(
            0, 5, "Belum ada entri yang disahkan pada periode ini.", new_x="LMARGIN", new_y="NEXT"
        )
        return
    top = pdf.get_y() + 4
    left = MARGIN + 10
    w = pdf.inner_w - 10
    largest = max(n for _, n in months)
    step = whole_step(largest)
    scale = step * -(-largest // step)
    bottom = top + height
    pdf.set_draw_color(*GRID_GREY)
    pdf.set_text_color(*TEXT_GREY)
    value = 0
    while value <= scale:
        gy = bottom - height * value / scale
        pdf.line(left, gy, left + w, gy)
        pdf.text_at(MARGIN, gy - 1.5, 8, number(value), align="R", size=6.5)
        value += step
    slot = w / len(months)
    colour = _rgb(GROUPS[4].colour)
    # Month names every few columns when there are many, so they never overlap.
    every = max(1, -(-len(months) // 24))
    for i, (label, n) in enumerate(months):
        bx = left + i * slot
        if n:
            bh = height * n / scale
            pdf.set_fill_color(*colour)
            pdf.rect(bx + slot * 0.15, bottom - bh, slot * 0.7, bh, style="F")
            pdf.set_text_color(0, 0, 0)
            pdf.text_at(bx, bottom - bh - 3.5, slot, number(n), align="C", size=6.5)
        if i % every == 0:
            pdf.set_text_color(*TEXT_GREY)
            pdf.text_at(bx - 4, bottom + 1, slot + 8, label, align="C", size=6)
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(bottom + 6)


def _table(pdf: _Report, rows: Sequence[SkpdRow], enacted: dict[int, str]) -> None:
    pdf.heading("Rincian per SKPD")
    headings = ["SKPD", *(g.label for g in GROUPS), "Total", PERCENT_LABEL, "DIP ditetapkan"]
    widths = (66, 14, 24, 21, 25, 26, 15, 14, 27, 41)
    pdf.use(size=7.5)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(*GRID_GREY)
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD", fill_color=(241, 244, 248)),
        col_widths=widths,
        text_align=("LEFT", *("RIGHT",) * 8, "LEFT"),
        line_height=3.8,
        first_row_as_headings=True,
        width=sum(widths),
    ) as table:
        head = table.row()
        for text in headings:
            head.cell(pdf.clean(text))
        for r in rows:
            cells = [
                r.name,
                *(number(n) for n in r.counts),
                number(r.total),
                percent(r.percent),
                enacted.get(r.skpd_id, "Belum"),
            ]
            line = table.row()
            for text in cells:
                line.cell(pdf.clean(text))


def progress_report_pdf(
    figures: Figures,
    short_names: dict[int, str],
    enacted: dict[int, str],
    *,
    year: int | None,
    category: Category | None,
    now: datetime,
) -> bytes:
    """The report of what the Progres page shows for (year, category) at `now` (WIB)."""
    per_skpd, totals, per_month = figures
    rows = skpd_rows(per_skpd, short_names)
    months = month_series(per_month, now.date())
    stamp = f"Keadaan data: {format_datetime(now)}"
    pdf = _Report(f"{TITLE} · {period_text(year, category)} · {stamp}")
    pdf.add_page()
    pdf.heading(TITLE, size=16)
    pdf.use(size=9)
    pdf.set_text_color(*TEXT_GREY)
    pdf.cell(
        0, 5, pdf.clean(f"{period_text(year, category)} · {stamp}"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    _headline(pdf, totals)
    _glossary(pdf)
    _month_chart(pdf, months, height=min(70.0, pdf.h - pdf.get_y() - MARGIN - 30))
    for start in range(0, len(rows), ROWS_PER_PAGE):
        chunk = rows[start : start + ROWS_PER_PAGE]
        pdf.add_page()
        suffix = "" if len(rows) <= ROWS_PER_PAGE else f" ({start + 1}–{start + len(chunk)})"
        pdf.heading("Entri per SKPD menurut status" + suffix)
        top = pdf.get_y()
        chart_w = pdf.inner_w * 0.62
        _status_chart(pdf, chunk, MARGIN, chart_w)
        end = pdf.get_y()
        pdf.set_xy(MARGIN + chart_w + 6, top - 7.6)
        pdf.use(bold=True, size=11)
        pdf.cell(0, 6.6, pdf.clean(PERCENT_LABEL.capitalize()))
        _percent_chart(pdf, chunk, MARGIN + chart_w + 6, pdf.inner_w - chart_w - 6, top)
        pdf.set_xy(MARGIN, end)
    pdf.add_page()
    _table(pdf, rows, enacted)
    return pdf.finish()
