"""The Progres figures as people read them: one name per figure, defined once, used by the
page, its charts, its table and the meeting report (PDF), in Indonesian number format."""

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from dip.progress import SkpdProgress, Totals
from dip.timefmt import month_label
from models import lifecycle
from models.enums import EntryStatus


@dataclass(frozen=True)
class Group:
    """One part of an SKPD's bar: a few statuses under one name, with what the name means."""

    label: str
    statuses: tuple[EntryStatus, ...]
    colour: str
    meaning: str


def _group(label: str, statuses: tuple[EntryStatus, ...], meaning: str) -> Group:
    # The group takes the colour its main status has everywhere else in the app.
    return Group(label, statuses, lifecycle.STATUS_COLOURS[statuses[0]], meaning)


WAITING_FOR_DOCUMENTATION = tuple(s for s in lifecycle.RATIFIED if s not in lifecycle.DOCUMENTED)

# In the order of the SOP; together they count every entry once (they add up to the total).
GROUPS: tuple[Group, ...] = (
    _group("Draf", lifecycle.STARTING, "belum diajukan petugas"),
    _group(
        "Menunggu Kepala PPID",
        lifecycle.WAITING_FOR_HEAD,
        "diajukan, atau koreksi/pencabutannya diajukan, dan belum diputuskan",
    ),
    _group("Dikembalikan", lifecycle.RETURNED, "dikembalikan Kepala PPID untuk diperbaiki"),
    _group(
        "Menunggu dokumentasi",
        WAITING_FOR_DOCUMENTATION,
        "disahkan, lokasi penyimpanannya belum dicatat",
    ),
    _group(
        "Didokumentasikan",
        lifecycle.DOCUMENTED,
        "disahkan dan lokasi softcopy/hardcopy sudah dicatat",
    ),
    _group("Dicabut", lifecycle.RETIRED, "dikeluarkan dari DIP (tetap tersimpan)"),
)
RATIFIED_LABEL = "Disahkan"  # Menunggu dokumentasi + Didokumentasikan
PERCENT_LABEL = "% didokumentasikan"
PER_MONTH_LABEL = "Pengesahan per bulan"

# (term, meaning): the page prints it as a caption, the report as a legend.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        RATIFIED_LABEL,
        "Menunggu dokumentasi + Didokumentasikan (disahkan Kepala PPID, tidak menunggu "
        "keputusan lain)",
    ),
    *((g.label, g.meaning) for g in GROUPS),
    (PERCENT_LABEL, "Didokumentasikan ÷ (Total entri − Dicabut)"),
    (
        PER_MONTH_LABEL,
        "entri yang disahkan pada bulan itu, termasuk yang kemudian didokumentasikan atau dicabut",
    ),
)


def number(n: int) -> str:
    """12345 -> '12.345'."""
    return format_decimal(n, locale="id")


def percent(value: float) -> str:
    """14.3 -> '14,3 %', 100.0 -> '100 %'."""
    return f"{format_decimal(value, format='#,##0.#', locale='id')} %"


def group_count(p: SkpdProgress, group: Group) -> int:
    return sum(p.counts.get(s, 0) for s in group.statuses)


def headline(totals: Totals) -> list[tuple[str, int]]:
    """The figures at the top of the page and of the report, in reading order."""
    return [
        ("Total entri", totals.total),
        ("Draf", totals.draft),
        ("Menunggu Kepala PPID", totals.waiting_for_head),
        ("Dikembalikan", totals.returned),
        (RATIFIED_LABEL, totals.ratified),
        ("Didokumentasikan", totals.documented),
        ("Dicabut", totals.retired),
    ]


@dataclass(frozen=True)
class SkpdRow:
    """One SKPD's line of the table and its bars."""

    skpd_id: int
    key: str  # unique per SKPD (its code), so two equal singkatan never merge on an axis
    short_name: str
    name: str
    counts: tuple[int, ...]  # per GROUPS
    total: int
    ratified: int
    documented: int
    percent: float


def skpd_rows(per_skpd: list[SkpdProgress], short_names: dict[int, str]) -> list[SkpdRow]:
    rows = []
    for p in per_skpd:
        counts = tuple(group_count(p, g) for g in GROUPS)
        short = short_names.get(p.skpd_id) or p.code
        if p.name.endswith("(nonaktif)"):
            short += " (nonaktif)"
        rows.append(
            SkpdRow(
                skpd_id=p.skpd_id,
                key=p.code,
                short_name=short,
                name=p.name,
                counts=counts,
                total=p.total,
                ratified=sum(p.counts.get(s, 0) for s in lifecycle.RATIFIED),
                documented=p.documented,
                percent=p.percent_documented,
            )
        )
    return rows


def month_series(per_month: list[tuple[str, int]], today: date) -> list[tuple[str, int]]:
    """Every month from the first ratification to this month ("Mar 2026", n), also the months
    with none. (The year filter is the DIP's year, not the month an entry was ratified.)"""
    if not per_month:
        return []
    counts = dict(per_month)
    y, m = (int(x) for x in min(counts).split("-"))
    last_y, last_m = (int(x) for x in max(counts).split("-"))
    last = max((last_y, last_m), (today.year, today.month))
    months = []
    while (y, m) <= last:
        key = f"{y:04d}-{m:02d}"
        months.append((month_label(key), counts.get(key, 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def whole_step(largest: int, ticks: int = 5) -> int:
    """A tick step of whole entries (1, 2, 5, 10, 20, 50, ...) giving about `ticks` ticks."""
    step = 1
    while largest / step > ticks:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if largest / step <= ticks:
                break
    return step
