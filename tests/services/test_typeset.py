"""The typesetter's cached measuring must agree with fpdf2's own, or rows would wrap
differently (and so print at a different height) than the PDF draws them."""

import pytest

from dip.typeset import EMOJI_PLACEHOLDER, Typesetter

WORDS = ("Dokumen", "Perencanaan", "(lanjutan)", "1.234", "Ÿ-ÀÉÎõü", "W", "ii", "Kalbar;Rp")


@pytest.mark.parametrize("unit", ["mm", "pt"])
def test_cached_widths_equal_fpdf2s_own_measure(unit: str) -> None:
    setter = Typesetter(unit)
    for bold in (False, True):
        for size in (7.0, 8.0, 10.0):
            setter.use(bold=bold, size=size)
            for word in WORDS:
                assert setter.width_of(word) == setter.get_string_width(word), (word, size)
    setter.use(size=8.0)
    assert setter.width_of("WWW") > 3 * setter.width_of("i")


def test_wrap_keeps_plain_text_and_still_marks_emoji() -> None:
    setter = Typesetter()
    assert setter.wrap("Laporan Keuangan 2025", 200) == ["Laporan Keuangan 2025"]
    assert setter.wrap("Laporan \U0001f600\U0001f600 Keuangan", 200) == [
        f"Laporan {EMOJI_PLACEHOLDER} Keuangan"
    ]
