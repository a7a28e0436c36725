"""User text inside Markdown (messages, st.table cells) shown exactly as typed."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str | None, *, keep_lines: bool = True) -> str:
    """Escape every Markdown character, so no link, image, emphasis or formula is formed.

    `keep_lines=False` folds line breaks into spaces (for one-line table cells).
    """
    text = text or ""
    if not keep_lines:
        return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
