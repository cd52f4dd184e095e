"""Security headers on every response."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if app.config.get("HSTS"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages shown to a signed-in person may hold personal data: never cache them.
        if current_user and getattr(current_user, "is_authenticated", False):
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        elif request.endpoint not in {"static", "core.theme_css", "core.logo"}:
            headers.setdefault("Cache-Control", "no-cache")
        return response
