"""Measuring and wrapping text in the documents' font, shared by the PDF and the XLSX exports.

Both files wrap a cell's text the same way, so a row is as tall on a spreadsheet printout
as in the PDF. The font is Arial-compatible (Liberation Sans), as in official letters;
Excel and LibreOffice draw the XLSX's Arial with the same widths.
"""

import os
import re
import unicodedata
from collections.abc import Callable
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


def latin1(text: str) -> str:
    """For the built-in Helvetica: keep what latin-1 can show, replace the rest."""
    text = unicodedata.normalize("NFC", text.translate(_LATIN1_SUBSTITUTES))
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


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
            self.clean = lambda text: text
        self._font: tuple[bool, float] | None = None
        self._widths: dict[tuple[tuple[bool, float] | None, str], float] = {}
        # Holders, retention periods and headings repeat on every row: wrap each only once.
        self._wrapped: dict[tuple[tuple[bool, float] | None, float, str], tuple[str, ...]] = {}
        self.use()

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
            width = self.get_string_width(word)
            self._widths[key] = width
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
