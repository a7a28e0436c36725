"""Dates as Indonesian readers expect them, in WIB."""

from datetime import UTC, date, datetime

from dip.timefmt import format_date, format_datetime, month_label


def test_dates_are_indonesian_and_in_wib() -> None:
    assert format_date(date(2022, 8, 9)) == "9 Agustus 2022"
    # 20:30 UTC on 31 December is already New Year's Day in Pontianak (UTC+7).
    assert format_datetime(datetime(2025, 12, 31, 20, 30, tzinfo=UTC)) == (
        "1 Januari 2026, 03.30 WIB"
    )
    assert format_datetime(datetime(2025, 5, 1, 1, 0)) == "1 Mei 2025, 08.00 WIB"  # naive = UTC


def test_month_labels_use_indonesian_abbreviations() -> None:
    assert [month_label(f"2026-{m:02d}") for m in (5, 8, 10, 12)] == [
        "Mei 2026",
        "Agu 2026",
        "Okt 2026",
        "Des 2026",
    ]
