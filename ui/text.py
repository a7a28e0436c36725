"""User text inside Markdown (messages, st.table cells) shown exactly as typed."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>~|$])")
# Streamlit's Markdown (GFM) turns bare http(s)://, www. and e-mail addresses into links even
# when escaped; an invisible WORD JOINER inside "https://", "www." and after "@" stops it.
_WORD_JOINER = "\u2060"
_LINK_MARK = re.compile(r"(?<=https:)(?=//)|(?<=http:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def _unlinked(text: str) -> str:
    return _LINK_MARK.sub(_WORD_JOINER, text)


def plain_message(text: str) -> str:
    """A service message (which may quote names users typed) inside st.error / st.warning.

    Only what builds links, images, HTML, emphasis or formulas is escaped, so ordinary
    punctuation in the Indonesian sentence stays as it is.
    """
    return _INLINE_MARKUP.sub(r"\\\1", _unlinked(text))


def plain(text: str | None, *, keep_lines: bool = True) -> str:
    """Escape every Markdown character, so no link, image, emphasis or formula is formed.

    `keep_lines=False` folds line breaks into spaces (for one-line table cells).
    """
    text = _unlinked(text or "")
    if not keep_lines:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\\]+$", re.IGNORECASE)


def location_link(text: str | None) -> str:
    """The softcopy location: an http(s) address becomes a link, anything else plain text."""
    text = (text or "").strip()
    if not _WEB_ADDRESS.match(text):
        return plain(text)
    # The label is escaped without word joiners: Markdown never links inside a link.
    label = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return f"[{label}](<{text}>)"


def thousands(n: int) -> str:
    """12345 -> '12.345', as Indonesian readers group digits."""
    return f"{n:,}".replace(",", ".")
