"""The one place that cleans user HTML. Nothing else in the platform imports nh3.

User text is written in Markdown, rendered by :mod:`civic.core.markdown`, and the result passes
through :func:`clean_html` before it is stored. Plain-text fields use :func:`has_markup` to refuse
markup altogether.
"""

from __future__ import annotations

import re
from html import unescape

import nh3

ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_MARKUP = re.compile(r"<\s*[a-z!/?]|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_html(html: str) -> str:
    """Keep only a small set of harmless tags; links get rel="nofollow noopener ugc"."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """The text of cleaned HTML without any tags, for excerpts (the caller escapes it again
    wherever it is shown)."""
    return unescape(nh3.clean(html, tags=set(), strip_comments=True))


def has_markup(text: str) -> bool:
    """True when plain text contains HTML tags or character references."""
    return bool(_MARKUP.search(text))


def has_control_characters(text: str) -> bool:
    """True for control and bidirectional-override characters that have no place in a name."""
    return bool(_CONTROL.search(text))
