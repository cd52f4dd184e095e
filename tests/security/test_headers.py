"""Security headers on every page, as the people who may see it: a content security policy
without inline scripts or styles that forbids framing, no MIME sniffing, a referrer policy,
no caching of pages shown to a signed-in person, and in production HSTS and secure cookies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.engine import Connection

from civic import create_app
from tests.conftest import database_url
from tests.security.routes import Scene, client, endpoints, isolated, scene_transaction, url_of
from tests.security.test_authorization_matrix import RULES, SAME_FOR_ALL

REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
# Public, read-only open data that any web page may read (the JSON API, CSV, GeoJSON, Atom).
OPEN_DATA = {"application/json", "text/csv", "application/geo+json", "application/atom+xml"}
# Who opens each page: the first of these who may see it.
PREFERRED = ("visitor", "citizen", "team", "officer", "moderator", "council", "mentor", "admin")


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[tuple[Connection, Scene]]:
    with scene_transaction(app) as built:
        yield built


@pytest.fixture(autouse=True)
def _rollback(world: tuple[Connection, Scene]) -> Iterator[None]:
    """The module's scene lives in one transaction; every request in a savepoint."""
    yield


def _directives(policy: str) -> dict[str, str]:
    found = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        found[name] = value
    return found


def _pages(app: Flask) -> list[tuple[str, str]]:
    """Each endpoint answering GET with the person who opens it."""
    found = []
    for endpoint, methods in sorted(endpoints(app).items()):
        if "GET" not in methods:
            continue
        allowed = RULES[endpoint].allowed("GET")
        role = next((r for r in PREFERRED if r in allowed or allowed == SAME_FOR_ALL), "admin")
        found.append((endpoint, role))
    return found


def test_every_page_sends_the_security_headers(app: Flask, world) -> None:
    connection, scene = world
    problems = []
    html_pages = signed_in_pages = 0
    for endpoint, role in _pages(app):
        url = url_of(app, scene, endpoint)
        with isolated(app, connection):
            response = client(app, scene, role).get(url)
            response.close()  # files and streamed downloads
        headers = response.headers
        where = f"{url} as {role} ({response.status_code})"
        if headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{where}: X-Content-Type-Options")
        if headers.get("Referrer-Policy") not in REFERRER_POLICIES:
            problems.append(f"{where}: Referrer-Policy {headers.get('Referrer-Policy')}")
        policy = _directives(headers.get("Content-Security-Policy", ""))
        if "'unsafe-inline'" in headers.get("Content-Security-Policy", "") or "'unsafe-eval'" in (
            headers.get("Content-Security-Policy", "")
        ):
            problems.append(f"{where}: unsafe source in {headers['Content-Security-Policy']}")
        for directive, value in (
            ("frame-ancestors", "'none'"),
            ("object-src", "'none'"),
            ("script-src", "'self'"),
            ("style-src", "'self'"),
            ("default-src", "'self'"),
        ):
            if policy.get(directive) != value:
                problems.append(f"{where}: {directive} is {policy.get(directive)!r}")
        if headers.get("X-Frame-Options") != "DENY":
            problems.append(f"{where}: X-Frame-Options")
        if "Strict-Transport-Security" in headers:
            problems.append(f"{where}: HSTS outside production")
        if headers.get("Access-Control-Allow-Credentials"):
            problems.append(f"{where}: credentials allowed across origins")
        if headers.get("Access-Control-Allow-Origin") and response.mimetype not in OPEN_DATA:
            problems.append(f"{where}: CORS on {response.mimetype}")
        if response.mimetype == "text/html" and response.status_code == 200:
            html_pages += 1
            if response.mimetype_params.get("charset") != "utf-8":
                problems.append(f"{where}: {headers.get('Content-Type')}")
            if role != "visitor":
                signed_in_pages += 1
                if "no-store" not in headers.get("Cache-Control", ""):
                    problems.append(f"{where}: Cache-Control {headers.get('Cache-Control')}")
    assert not problems, "\n".join(problems)
    assert html_pages > 100 and signed_in_pages > 60


def test_pages_of_a_signed_in_person_are_never_cached(app: Flask, world) -> None:
    connection, scene = world
    for role, url in (
        ("citizen", "/account"),
        ("citizen", "/projects"),
        ("admin", "/admin/users"),
        ("moderator", "/moderation"),
        ("officer", "/fund/queue"),
    ):
        with isolated(app, connection):
            response = client(app, scene, role).get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers["Cache-Control"], url
        assert "Cookie" in response.headers.get("Vary", ""), url
    # The same public page for a visitor may be kept, but must be checked again each time.
    with isolated(app, connection):
        response = client(app, scene, "visitor").get("/projects")
    assert response.headers["Cache-Control"] == "no-cache"


def test_production_sends_hsts_and_secure_cookies(app: Flask, world) -> None:
    connection, scene = world
    production = create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": "x" * 48,
            "DATABASE_URL": database_url(),
            "SERVER_NAME": "localhost",
            "UPLOAD_DIR": app.config["UPLOAD_DIR"],
            "INSTANCE_DIR": app.config["INSTANCE_DIR"],
            "RATELIMIT_ENABLED": False,
        }
    )
    assert production.config["HSTS"] and production.config["SESSION_COOKIE_SECURE"]
    with isolated(app, connection):
        browser = production.test_client()
        page = browser.get("/login", base_url="https://localhost")
    assert page.status_code == 200
    hsts = page.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with production.app_context():
        from civic.db import db

        db.engine.dispose()
