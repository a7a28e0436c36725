"""Finding 15: an emoji in user text is not silently dropped from the PDF."""

import pytest

from dip import typeset
from dip.exports import export_pdf
from dip.typeset import EMOJI_PLACEHOLDER
from tests.services.test_exports import _meta, _pdf_text, _rows

SUMMARY = "Laporan \U0001f4ca keuangan \U0001f44d\U0001f3fd selesai \u2764\ufe0f {i}"
EXPECTED = f"Laporan {EMOJI_PLACEHOLDER} keuangan {EMOJI_PLACEHOLDER} selesai {EMOJI_PLACEHOLDER} 1"


@pytest.mark.parametrize("font", ["truetype", "helvetica"])
def test_an_emoji_shows_as_a_visible_placeholder(
    monkeypatch: pytest.MonkeyPatch, font: str
) -> None:
    if font == "helvetica":
        monkeypatch.setattr(typeset, "font_files", lambda: None)
    elif typeset.font_files() is None:
        pytest.skip("no TrueType font installed (fonts-liberation or fonts-dejavu)")
    _, text = _pdf_text(export_pdf(_rows(1, summary=SUMMARY), _meta(skpd_name="Diskominfo")))
    assert EXPECTED in " ".join(text.split())


def test_indonesian_letters_and_punctuation_are_kept_with_a_truetype_font() -> None:
    if typeset.font_files() is None:
        pytest.skip("no TrueType font installed")
    summary = "Rencana Strategis \u2013 \u201cRenstra\u201d 2025\u20132029 {i}"
    _, text = _pdf_text(export_pdf(_rows(1, summary=summary), _meta(skpd_name="Diskominfo")))
    assert "Rencana Strategis \u2013 \u201cRenstra\u201d 2025\u20132029 1" in text
