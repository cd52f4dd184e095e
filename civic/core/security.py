"""Security headers on every response."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from flask_login import current_user


def content_security_policy(image_origin: str = "") -> str:
    """The policy of every page; ``image_origin`` may add one more source of images."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {image_origin}".rstrip(),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()

# Endpoints whose pages may show images of another origin, with a function naming that origin
# ("" for none). The map pages register the tile server here (civic/opendata/views/map.py).
IMAGE_ORIGINS: dict[str, Callable[[], str]] = {}


def register(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        image_origin = ""
        if request.endpoint in IMAGE_ORIGINS and response.status_code == 200:
            image_origin = IMAGE_ORIGINS[request.endpoint]()
        headers.setdefault("Content-Security-Policy", content_security_policy(image_origin))
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
