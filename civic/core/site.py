"""The city's settings and the three fixed pages (imprint, privacy, accessibility statement).

The settings live in one database row that an admin edits; until it exists, neutral defaults
apply. The pages start from default texts written for the platform (``core/pages/*.md``) in
which tokens such as ``[[city_name]]`` are filled from the settings; an admin can replace the
text per language, and reset it to the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civic.core import audit
from civic.core.markdown import render_markdown
from civic.core.models import SitePage, SiteSettings
from civic.db import db

PAGES_DIR = Path(__file__).parent / "pages"


@dataclass(frozen=True)
class PageKind:
    slug: str
    title: object  # a lazy string


PAGE_KINDS: dict[str, PageKind] = {
    "imprint": PageKind("imprint", _l("Imprint")),
    "privacy": PageKind("privacy", _l("Privacy notice")),
    "accessibility": PageKind("accessibility", _l("Accessibility statement")),
}

TOKENS = (
    "city_name",
    "platform_name",
    "operator_name",
    "contact_address",
    "contact_email",
    "contact_phone",
    "dpo_contact",
    "conciliation_body",
    "statement_date",
)


def default_settings() -> SiteSettings:
    city = current_app.config["DEFAULT_CITY_NAME"]
    return SiteSettings(
        city_name=city,
        platform_name=f"Bürgerprojekte {city}",
        tagline_de="",
        tagline_en="",
        operator_name="",
        contact_address="",
        contact_email="",
        contact_phone="",
        dpo_contact="",
        conciliation_body="",
        primary_color="#0b5394",
        accent_color="#b45f06",
        logo_filename=None,
        gate_min_team_size=3,
        gate_min_concept_chars=200,
        gate_min_report_chars=200,
        map_tile_url="",
        map_attribution="",
        map_latitude=51.1657,
        map_longitude=10.4515,
        map_zoom=12,
    )


def get_settings() -> SiteSettings:
    """The settings row (one query per request at most)."""
    if "civic_settings" not in g:
        row = db.session.scalar(select(SiteSettings).limit(1))
        g.civic_settings = row if row is not None else default_settings()
    return g.civic_settings


def settings_row() -> SiteSettings:
    """The settings row for writing; created from the defaults on first use."""
    row = db.session.scalar(select(SiteSettings).limit(1))
    if row is None:
        row = default_settings()
        db.session.add(row)
        db.session.flush()
    g.pop("civic_settings", None)
    return row


def update_settings(actor: object, **values: object) -> SiteSettings:
    row = settings_row()
    changed = {}
    for key, value in values.items():
        if getattr(row, key) != value:
            changed[key] = value
            setattr(row, key, value)
    if changed:
        audit.record(actor, "settings.update", "site_settings", row.id, fields=sorted(changed))
    db.session.flush()
    return row


def _fill_tokens(text: str, settings: SiteSettings, updated: str) -> str:
    values = {
        "city_name": settings.city_name,
        "platform_name": settings.platform_name,
        "operator_name": settings.operator_name or settings.city_name,
        "contact_address": settings.contact_address or "–",
        "contact_email": settings.contact_email or "–",
        "contact_phone": settings.contact_phone or "–",
        "dpo_contact": settings.dpo_contact or "–",
        "conciliation_body": settings.conciliation_body or "–",
        "statement_date": updated,
    }
    for token in TOKENS:
        text = text.replace(f"[[{token}]]", values[token])
    return text


def default_page_markdown(slug: str, locale: str) -> str:
    """The default text of a page, with the city's settings filled in."""
    text = (PAGES_DIR / f"{slug}.{locale}.md").read_text(encoding="utf-8")
    settings = get_settings()
    # The statement is dated by the last change of the settings it depends on.
    return _fill_tokens(text, settings, format_date(settings.updated_at, "long"))


def stored_page(slug: str, locale: str) -> SitePage | None:
    return db.session.scalar(select(SitePage).filter_by(slug=slug, locale=locale))


def page_html(slug: str, locale: str | None = None) -> tuple[str, SitePage | None]:
    locale = locale or str(get_locale())
    stored = stored_page(slug, locale)
    if stored is not None:
        return stored.body_html, stored
    return render_markdown(default_page_markdown(slug, locale)), None


def save_page(actor: object, slug: str, locale: str, body_markdown: str) -> SitePage:
    page = stored_page(slug, locale)
    if page is None:
        page = SitePage(slug=slug, locale=locale, body_markdown="", body_html="")
        db.session.add(page)
    page.body_markdown = body_markdown
    page.body_html = render_markdown(body_markdown)
    page.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "page.update", "site_page", page.id, slug=slug, locale=locale)
    return page


def reset_page(actor: object, slug: str, locale: str) -> None:
    page = stored_page(slug, locale)
    if page is None:
        return
    db.session.delete(page)
    db.session.flush()
    audit.record(actor, "page.reset", "site_page", None, slug=slug, locale=locale)
