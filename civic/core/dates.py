"""Dates in the platform's time zone (``BABEL_DEFAULT_TIMEZONE``, Europe/Berlin by default)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, to_user_timezone

from civic.db import utcnow


def local_today() -> date:
    """Today where the city is: a date typed late in the evening is still today."""
    return to_user_timezone(utcnow()).date()


class LocalDate:
    """A date inside a lazy message (e.g. a mail subject), written out when the message is
    shown, in the reader's language: 23.11.2026 or Nov 23, 2026."""

    def __init__(self, value: date) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(format_date(self.value))
