"""Data the whole platform shares: the city's settings, editable pages, districts, topics and
the append-only audit log."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from civic.db import Base, str_enum, utcnow


class SiteSettings(Base):
    """The one row that configures the city: name, contact, colours and logo."""

    __tablename__ = "site_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    city_name: Mapped[str] = mapped_column(String(120))
    platform_name: Mapped[str] = mapped_column(String(120))
    tagline_de: Mapped[str] = mapped_column(String(300), default="")
    tagline_en: Mapped[str] = mapped_column(String(300), default="")
    operator_name: Mapped[str] = mapped_column(String(300), default="")
    contact_address: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(60), default="")
    dpo_contact: Mapped[str] = mapped_column(Text, default="")
    conciliation_body: Mapped[str] = mapped_column(Text, default="")
    primary_color: Mapped[str] = mapped_column(String(7), default="#0b5394")
    accent_color: Mapped[str] = mapped_column(String(7), default="#b45f06")
    logo_filename: Mapped[str | None] = mapped_column(String(80))
    # Gate criteria of the project lifecycle (DESIGN.md §3); the defaults are the model's.
    gate_min_team_size: Mapped[int] = mapped_column(default=3)
    gate_min_concept_chars: Mapped[int] = mapped_column(default=200)
    gate_min_report_chars: Mapped[int] = mapped_column(default=200)
    # The map: tiles come from a server the city chooses; empty means no map, only the list.
    map_tile_url: Mapped[str] = mapped_column(String(300), default="")
    map_attribution: Mapped[str] = mapped_column(String(300), default="")
    map_latitude: Mapped[float] = mapped_column(default=51.1657)
    map_longitude: Mapped[float] = mapped_column(default=10.4515)
    map_zoom: Mapped[int] = mapped_column(default=12)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SitePage(Base):
    """An admin's version of one of the fixed pages (imprint, privacy, accessibility)."""

    __tablename__ = "site_pages"
    __table_args__ = (UniqueConstraint("slug", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(5))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class District(Base):
    """A part of the city (Stadtbezirk or Ortschaft)."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)


class Topic(Base):
    """A theme projects are filed under; named in German and English."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_de: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)

    def name_for(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_de


class AuditEntry(Base):
    """One administrative action. Rows are only ever inserted: database triggers refuse
    updates and deletes (see the initial migration)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class FeedbackStatus(enum.StrEnum):
    NEW = "new"
    ANSWERED = "answered"


class AccessibilityFeedback(Base):
    """A barrier reported through the accessibility statement's feedback form. The admins are
    told by mail and answer in the admin area; the answer goes to ``email`` when one is given."""

    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    page_url: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[FeedbackStatus] = mapped_column(
        str_enum(FeedbackStatus, "feedback_status"), default=FeedbackStatus.NEW, index=True
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CacheEntry(Base):
    """A computed result kept for a while, shared by every server (see ``core.cache``)."""

    __tablename__ = "cache_entries"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
