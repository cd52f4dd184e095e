"""Atom 1.0 feeds (RFC 4287), one builder for the whole platform.

A feed is made from plain :class:`Entry` values, so every domain decides what it publishes and
this module only writes the document. ElementTree escapes every text and attribute; HTML
content (already cleaned by ``civic.core.sanitize`` or rendered by a template) is carried as
escaped text with ``type="html"``, as the standard describes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from flask import Response, current_app, url_for

from civic.db import utcnow

NAMESPACE = "http://www.w3.org/2005/Atom"
MIMETYPE = "application/atom+xml"
# No feed of the platform carries more entries than this.
MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    """One entry. ``link`` is the page of the item and also its permanent id. Give ``content``
    (HTML), ``summary`` (plain text) or both; without an ``author`` the feed's author counts."""

    link: str
    title: str
    updated: datetime
    published: datetime | None = None
    author: str = ""
    content: str = ""
    summary: str = ""
    categories: Sequence[str] = ()


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute address on the public host (``BASE_URL``), for links that leave the site."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def external_urls(endpoint: str, key: str) -> Callable[[int], str]:
    """``external_url(endpoint, **{key: number})`` for many numbers (the rows of a download):
    the route is built once, for a marker number that each call replaces."""
    marker = "7391846205"
    head, found, tail = external_url(endpoint, **{key: int(marker)}).rpartition(marker)
    assert found, f"{endpoint} does not show its {key}"
    return lambda number: f"{head}{number}{tail}"


def stamp(moment: datetime) -> str:
    """An RFC 3339 timestamp in UTC, to the second: ``2026-05-01T09:30:00Z``."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, mimetype: str = "") -> None:
    attributes = {"rel": rel, "href": href}
    if mimetype:
        attributes["type"] = mimetype
    ET.SubElement(parent, f"{{{NAMESPACE}}}link", attributes)


def document(
    title: str,
    self_link: str,
    alternate_link: str,
    entries: Iterable[Entry],
    author: str = "",
) -> str:
    """The feed as an XML document. Its id is ``self_link``; its ``updated`` is the latest
    change of an entry (now, when it has none). ``author`` names the publisher of the whole
    feed; an entry without an author of its own then needs none."""
    items = list(entries)[:MAX_ENTRIES]
    ET.register_namespace("", NAMESPACE)
    feed = ET.Element(f"{{{NAMESPACE}}}feed")
    _text(feed, "id", self_link)
    _text(feed, "title", title)
    _text(feed, "updated", stamp(max((i.updated for i in items), default=utcnow())))
    _link(feed, "self", self_link)
    _link(feed, "alternate", alternate_link)
    if author:
        _text(ET.SubElement(feed, f"{{{NAMESPACE}}}author"), "name", author)
    for item in items:
        entry = ET.SubElement(feed, f"{{{NAMESPACE}}}entry")
        _text(entry, "id", item.link)
        _text(entry, "title", item.title)
        if item.published is not None:
            _text(entry, "published", stamp(item.published))
        _text(entry, "updated", stamp(item.updated))
        if item.author:
            _text(ET.SubElement(entry, f"{{{NAMESPACE}}}author"), "name", item.author)
        _link(entry, "alternate", item.link)
        for term in item.categories:
            ET.SubElement(entry, f"{{{NAMESPACE}}}category", {"term": term})
        if item.summary:
            _text(entry, "summary", item.summary)
        if item.content:
            _text(entry, "content", item.content, type="html")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body


def feed(
    title: str,
    self_link: str,
    alternate_link: str,
    entries: Iterable[Entry],
    author: str = "",
) -> Response:
    """The feed as a response (``application/atom+xml``); see :func:`document`."""
    return Response(
        document(title, self_link, alternate_link, entries, author=author), mimetype=MIMETYPE
    )
