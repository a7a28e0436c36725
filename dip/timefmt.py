"""Dates and times as Indonesian readers expect them: "9 Agustus 2022", WIB (Asia/Pontianak)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date

WIB = ZoneInfo("Asia/Pontianak")


def to_wib(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(WIB)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return _babel_date(value, format="d MMMM y", locale="id")


def month_label(year_month: str) -> str:
    """'2026-03' -> 'Mar 2026' with Indonesian month abbreviations ('Agu', 'Okt', 'Des')."""
    year, month = (int(p) for p in year_month.split("-"))
    return _babel_date(date(year, month, 1), format="MMM y", locale="id")


def format_time(moment: datetime) -> str:
    return to_wib(moment).strftime("%H.%M")


def format_datetime(moment: datetime | None) -> str:
    """'9 Agustus 2022, 14.05 WIB'"""
    if moment is None:
        return ""
    return f"{format_date(moment)}, {format_time(moment)} WIB"
