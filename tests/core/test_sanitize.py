"""User text: Markdown rendered and cleaned; plain-text fields refuse markup."""

from __future__ import annotations

import pytest

from civic.core.markdown import render_markdown
from civic.core.sanitize import clean_html, has_control_characters, has_markup, plain_text


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**fett** und *kursiv*\n\n- eins\n- zwei\n\n[Link](https://example.org)")
    assert "<strong>fett</strong>" in html
    assert "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_headings_start_below_the_page_title():
    assert render_markdown("# Titel").startswith("<h2>")


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klick](javascript:alert(1))",
        "<svg onload=alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        "<iframe src=https://evil.example></iframe>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ],
)
def test_markdown_never_lets_script_through(payload):
    html = render_markdown(payload)
    lowered = html.lower()
    assert "<script" not in lowered
    assert 'href="javascript' not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "<img" not in lowered
    assert 'href="data:' not in lowered


def test_clean_html_removes_disallowed_attributes():
    assert clean_html('<p style="color:red" onclick="x()">Hallo</p>') == "<p>Hallo</p>"


@pytest.mark.parametrize("text", ["<b>fett</b>", "a < b and <script>", "&lt;", "&#60;"])
def test_plain_text_with_markup_is_detected(text):
    assert has_markup(text)


@pytest.mark.parametrize("text", ["Radweg an der Elbe", "3 < 4", "Bürger & Stadt", "a<3"])
def test_ordinary_text_is_not_markup(text):
    assert not has_markup(text)


def test_bidi_overrides_are_control_characters():
    assert has_control_characters("Name\u202eevil")
    assert not has_control_characters("Zoë Müller")


def test_excerpts_are_text_without_markup_or_scripts():
    html = "<p>Keine <strong>einzige</strong> Bank &amp; <script>alert(1)</script></p>"
    assert plain_text(html) == "Keine einzige Bank & "
