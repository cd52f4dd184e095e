"""What every template can use: the city's settings, permission predicates, formatting."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import format_date, format_time, get_locale

from civic.accounts.models import ROLE_LABELS
from civic.core import glossary, permissions
from civic.core.site import get_settings


def register(app: Flask) -> None:
    @app.context_processor
    def _globals() -> dict[str, Any]:
        from civic.core.views import language_form

        locale = str(get_locale())
        settings = get_settings()
        tagline = settings.tagline_en if locale == "en" else settings.tagline_de
        return {
            "site": settings,
            "site_tagline": tagline,
            "locale": locale,
            "language_form": language_form,
            "perm": permissions,
            "role_label": lambda role: ROLE_LABELS.get(str(role), str(role)),
        }

    # Words of the platform linked to, or explained from, the glossary (civic/core/glossary.py).
    app.jinja_env.globals["term"] = glossary.term_link
    app.jinja_env.globals["explain"] = glossary.term_explanation

    # A date with hours and minutes (seconds tell a reader nothing): "17.11.2026, 11:13".
    app.jinja_env.filters["datetime"] = lambda value: (
        f"{format_date(value, 'medium')}, {format_time(value, 'short')}" if value else ""
    )
    app.jinja_env.filters["date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
