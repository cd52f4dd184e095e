"""Errors raised by operations, and the error pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("civic")


class OperationError(Exception):
    """A rule of the platform refuses the action; ``message`` is shown to the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class PermissionDenied(OperationError):
    """The acting user may not do this; views answer 403."""

    def __init__(self, message: Any = None) -> None:
        super().__init__(message or _l("You are not allowed to do this."))


ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    401: (_l("Please sign in"), _l("You need to sign in to see this page.")),
    403: (_l("Access denied"), _l("You are not allowed to see this page or do this action.")),
    404: (_l("Page not found"), _l("This page does not exist or no longer exists.")),
    405: (_l("Not allowed"), _l("This address cannot be used like this.")),
    413: (_l("Too large"), _l("What you sent is too large. Please send a smaller file or text.")),
    429: (
        _l("Too many attempts"),
        _l("You tried this too often in a short time. Please wait a moment and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. We have been notified. Please try again later."),
    ),
}


# What the JSON API (/api/) names each error in ``{"error": {"code": ..., "message": ...}}``.
API_ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def api_error(code: int, error_code: str, message: Any) -> tuple[Any, int]:
    """An error of the JSON API: a stable English code and a message for people."""
    return jsonify(error={"code": error_code, "message": str(message)}), code


def render_error(code: int, description: Any = None) -> tuple[Any, int]:
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request.path.startswith("/api/"):
        return api_error(code, API_ERROR_CODES.get(code, "error"), description or text)
    if _wants_json():
        return jsonify(error=str(title), status=code), code
    return render_template(
        "errors/error.html", code=code, title=title, text=description or text
    ), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[Any, int]:
        return render_error(
            400,
            _l(
                "Your session has expired or the form was sent from another page. "
                "Please go back, reload the page and send the form again."
            ),
        )

    @app.errorhandler(PermissionDenied)
    def _denied(_error: PermissionDenied) -> tuple[Any, int]:
        return render_error(403)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        code = error.code or 500
        if code == 401:
            from civic.extensions import login_manager

            return login_manager.unauthorized()
        if code not in ERROR_TEXTS and request.path.startswith("/api/"):
            return render_error(code, error.name)
        if code in ERROR_TEXTS:
            response, status = render_error(code)
            if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
                return response, status, {"Allow": ", ".join(error.valid_methods)}
            return response, status
        return error

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[Any, int]:
        if isinstance(error, HTTPException):
            return _http(error)
        log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=error)
        from civic.db import db

        db.session.rollback()
        if app.config.get("PROPAGATE_EXCEPTIONS") and app.testing:
            raise error
        return render_error(500)
