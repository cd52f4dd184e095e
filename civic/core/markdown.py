"""Markdown to safe HTML. Raw HTML in the source is not interpreted, and the output is cleaned
by :mod:`civic.core.sanitize` all the same."""

from __future__ import annotations

from markdown_it import MarkdownIt

from civic.core.sanitize import clean_html

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")


def _shift_headings(tokens: list) -> None:
    # The page has its own <h1>; user headings start at <h2> and stop at <h4>.
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + 1, 4)
            token.tag = f"h{level}"


def render_markdown(text: str) -> str:
    tokens = _md.parse(text or "")
    _shift_headings(tokens)
    html = _md.renderer.render(tokens, _md.options, {})
    return clean_html(html)
