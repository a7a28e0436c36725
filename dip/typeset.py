"""Measuring and wrapping text in the documents' font, shared by the PDF and the XLSX exports.

Both files wrap a cell's text the same way, so a row is as tall on a spreadsheet printout
as in the PDF. The font is Arial-compatible (Liberation Sans), as in official letters;
Excel and LibreOffice draw the XLSX's Arial with the same widths.
"""

import os
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from fpdf import FPDF

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# (regular, bold) file names, in order of preference: Arial-like first, as in official letters.
_FONT_FILES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
_CORE_FONT = "Helvetica"  # fpdf2's built-in font has Arial's widths
_LATIN1_SUBSTITUTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u2713": "v",
        "\u2714": "v",
        "\u221a": "v",
        "\u00a0": " ",
        "\u200b": "",
    }
)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def font_files() -> tuple[Path, Path] | None:
    """A TrueType font with Indonesian glyphs, if the system has one (fonts-liberation)."""
    override = os.environ.get("DIP_PDF_FONT_DIR", "").strip()
    dirs = (Path(override), *_FONT_DIRS) if override else _FONT_DIRS
    for directory in dirs:
        for regular, bold in _FONT_FILES:
            if (directory / regular).is_file() and (directory / bold).is_file():
                return directory / regular, directory / bold
    return None


# Shown instead of an emoji or symbol the PDF font has no glyph for (fpdf2 would drop it
# silently); a reader then sees that something stood there and can look it up on screen.
EMOJI_PLACEHOLDER = "[emoji]"


def _is_pictograph(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or unicodedata.category(ch) == "So" or 0xFE00 <= ord(ch) <= 0xFE0F


def _with_placeholders(text: str, has_glyph: Callable[[str], str | None]) -> str:
    """Each run of glyph-less pictographs becomes one placeholder; `has_glyph` maps any other
    character to what to print (None: the font has nothing for it)."""
    out: list[str] = []
    for ch in text:
        shown = has_glyph(ch)
        if shown is not None:
            out.append(shown)
        elif _is_pictograph(ch):
            if not out or out[-1] != EMOJI_PLACEHOLDER:
                out.append(EMOJI_PLACEHOLDER)
        else:
            out.append("?")
    return "".join(out)


def _latin1_glyph(ch: str) -> str | None:
    if ord(ch) < 256:
        return ch
    base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
    return base or None


def latin1(text: str) -> str:
    """For the built-in Helvetica: keep what latin-1 can show, replace the rest."""
    text = unicodedata.normalize("NFC", text.translate(_LATIN1_SUBSTITUTES))
    if not text or max(text) < "\u0100":
        return text  # the usual case: nothing to replace
    return _with_placeholders(text, _latin1_glyph)


@cache
def _covered(font_file: Path) -> frozenset[str]:
    """The characters the font has a glyph for, plus the line breaks and tabs we keep."""
    # fontTools comes with fpdf2; read once per process, not once per export.
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(font_file), lazy=True).getBestCmap()
    return frozenset(chr(code) for code in cmap) | {"\n", "\t"}


def font_cleaner(font_file: Path) -> Callable[[str], str]:
    """For a TrueType font: characters it has stay, emoji and the like get the placeholder."""
    covered = _covered(font_file)

    def glyph(ch: str) -> str | None:
        return ch if ch in covered else None

    def clean(text: str) -> str:
        if covered.issuperset(text):
            return text  # the usual case: every character has its glyph
        return _with_placeholders(text, glyph)

    return clean


class Typesetter(FPDF):
    """An A4 landscape document that knows its font's widths and wraps text like the PDF does.

    Lengths are in the document's unit: millimetres for the PDF, points for measuring cells
    of a spreadsheet.
    """

    SIZE = 8.0

    def __init__(self, unit: str = "mm") -> None:
        super().__init__(orientation="L", unit=unit, format="A4")
        fonts = font_files()
        if fonts is None:
            self.family = _CORE_FONT
            self.clean: Callable[[str], str] = latin1
        else:
            self.family = "DipSans"
            self.add_font(self.family, "", str(fonts[0]))
            self.add_font(self.family, "B", str(fonts[1]))
            self.clean = font_cleaner(fonts[0])
        self._font: tuple[bool, float] | None = None
        self._widths: dict[tuple[tuple[bool, float] | None, str], float] = {}
        # Holders, retention periods and headings repeat on every row: wrap each only once.
        self._wrapped: dict[tuple[tuple[bool, float] | None, float, str], tuple[str, ...]] = {}
        self.use()

    def finish(self) -> bytes:
        """The document as bytes. fpdf2 keeps each font file open to read it lazily; they are
        closed here, at once, instead of whenever the cycle collector reaches them."""
        try:
            return bytes(self.output())
        finally:
            self.close_fonts()

    def close_fonts(self) -> None:
        for font in self.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def use(self, bold: bool = False, size: float | None = None) -> None:
        # Always through here, so the caches know the font without asking fpdf2 (slow).
        font = (bold, size or self.SIZE)
        if font != self._font:
            self._font = font
            self.set_font(self.family, "B" if bold else "", font[1])

    @property
    def font_in_use(self) -> tuple[bool, float] | None:
        """(bold, size) as last chosen with use()."""
        return self._font

    def width_of(self, word: str) -> float:
        key = (self._font, word)
        width = self._widths.get(key)
        if width is None:
            # What get_string_width() computes (no shaping, spacing or stretching is ever
            # set here), without its per-call copy of the graphics state: ~30x faster.
            font, size = self.current_font, self.font_size_pt
            assert font is not None  # use() has set one
            width = self._widths[key] = font.get_text_width(word, size, None)[1] / self.k
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap in the current font; a word wider than the cell is cut by characters."""
        key = (self._font, width, text)
        lines = self._wrapped.get(key)
        if lines is None:
            lines = self._wrapped[key] = tuple(self._wrap(text, width))
        return list(lines)

    def _wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        space = self.width_of(" ")
        for paragraph in self.clean(_INVISIBLE.sub("", text)).split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split():
                w = self.width_of(word)
                if w > width:
                    if line:
                        lines.append(line)
                    line, line_w = "", 0.0
                    for ch in word:
                        cw = self.width_of(ch)
                        if line and line_w + cw > width:
                            lines.append(line)
                            line, line_w = "", 0.0
                        line += ch
                        line_w += cw
                    continue
                if not line:
                    line, line_w = word, w
                elif line_w + space + w <= width:
                    line, line_w = f"{line} {word}", line_w + space + w
                else:
                    lines.append(line)
                    line, line_w = word, w
            lines.append(line)
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
        return lines or [""]
