"""CSRF and redirect targets, with CSRF protection switched on as in production.

Every endpoint that accepts a POST refuses one without a token (400, nothing changed), as a
person who may use it; with a valid token the same request gets past the CSRF check. Every
redirect target taken from a request (``next``) stays on this site."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy.engine import Connection

from civic.core.forms import is_safe_path
from tests.helpers import csrf_token, text_of
from tests.security.routes import Scene, client, endpoints, isolated, scene_transaction, url_of
from tests.security.test_authorization_matrix import RULES, SAME_FOR_ALL

# The one-click unsubscribe link of the digest e-mails (RFC 8058): mail programs POST to it
# without a page, so the secret token in the address is what protects it.
EXEMPT = {"participation.unsubscribe"}
# Who sends each POST: the first of these who may use the endpoint.
PREFERRED = ("team", "citizen", "officer", "moderator", "council", "mentor", "coordinator", "admin")
CSRF_MESSAGE = (
    "Ihre Sitzung ist abgelaufen oder das Formular wurde von einer anderen Seite gesendet"
)
HOSTILE_TARGETS = (
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:evil.example",
    " //evil.example",
)


@pytest.fixture(scope="module")
def world(app: Flask) -> Iterator[tuple[Connection, Scene]]:
    with scene_transaction(app) as built:
        assert app.config.get("WTF_CSRF_ENABLED", True)
        yield built


@pytest.fixture(autouse=True)
def _rollback(world: tuple[Connection, Scene]) -> Iterator[None]:
    """The module's scene lives in one transaction; every request in a savepoint."""
    yield


def _posts(app: Flask) -> list[tuple[str, str]]:
    """Each endpoint that accepts a POST with the role that sends it."""
    found = []
    for endpoint, methods in sorted(endpoints(app).items()):
        if "POST" not in methods or endpoint in EXEMPT:
            continue
        allowed = RULES[endpoint].allowed("POST")
        role = next((r for r in PREFERRED if r in allowed or allowed == SAME_FOR_ALL), None)
        found.append((endpoint, role or "visitor"))
    return found


def test_posts_without_a_token_are_refused(app: Flask, world) -> None:
    connection, scene = world
    posts = _posts(app)
    assert len(posts) > 80
    problems = []
    for endpoint, role in posts:
        url = url_of(app, scene, endpoint)
        with isolated(app, connection) as writes:
            response = client(app, scene, role).post(url, data={"body": "Hallo"})
            if response.status_code != 400 or CSRF_MESSAGE not in text_of(response):
                problems.append(f"POST {url} as {role}: {response.status_code}")
            elif writes.statements:
                problems.append(f"POST {url} as {role} changed data: {writes.statements}")
    assert not problems, "\n".join(problems)


def test_a_token_of_another_session_is_refused(app: Flask, world) -> None:
    connection, scene = world
    with isolated(app, connection):
        foreign = csrf_token(client(app, scene, "citizen"), "/imprint")
    url = url_of(app, scene, "projects.support")
    with isolated(app, connection) as writes:
        response = client(app, scene, "team").post(url, data={"csrf_token": foreign})
    assert response.status_code == 400
    assert CSRF_MESSAGE in text_of(response)
    assert not writes.statements


def test_posts_with_a_valid_token_pass_the_check(app: Flask, world) -> None:
    connection, scene = world
    problems = []
    for endpoint, role in _posts(app):
        url = url_of(app, scene, endpoint)
        with isolated(app, connection):
            browser = client(app, scene, role)
            token = csrf_token(browser, "/imprint")
            response = browser.post(url, data={"csrf_token": token})
            if response.status_code >= 500 or (
                response.status_code == 400 and CSRF_MESSAGE in text_of(response)
            ):
                problems.append(f"POST {url} as {role}: {response.status_code}")
    assert not problems, "\n".join(problems)


# --- redirect targets ----------------------------------------------------------------------------


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return (
        parts.scheme in ("", "http", "https")
        and parts.netloc in ("", "localhost")
        and parts.path.startswith("/")
        and not parts.path.startswith("//")
        and "\\" not in location
        and "evil" not in location
    )


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_hostile_targets_are_not_safe_paths(target: str) -> None:
    assert not is_safe_path(target)


@pytest.mark.parametrize("target", ["/", "/projects/12", "/projects?phase=development#liste"])
def test_paths_of_this_site_are_safe(target: str) -> None:
    assert is_safe_path(target)


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_signing_in_never_leads_away(app: Flask, world, target: str) -> None:
    connection, scene = world
    with isolated(app, connection):
        browser = app.test_client()
        page = "/login?next=" + target
        response = browser.post(
            "/login",
            data={
                "csrf_token": csrf_token(browser, page),
                "email": scene.people["citizen"].email,
                "password": "correct horse battery",
                "next": target,
            },
        )
        assert response.status_code == 302
        assert _stays_here(response.headers["Location"]), response.headers["Location"]
        # Signed in all the same: the next page is the start page.
        assert urlsplit(response.headers["Location"]).path == "/"


def test_signing_in_goes_on_to_the_page_asked_for(app: Flask, world) -> None:
    connection, scene = world
    with isolated(app, connection):
        browser = app.test_client()
        refused = browser.get("/account")
        assert urlsplit(refused.headers["Location"]).path == "/login"
        page = refused.headers["Location"]
        response = browser.post(
            "/login",
            data={
                "csrf_token": csrf_token(browser, page),
                "email": scene.people["citizen"].email,
                "password": "correct horse battery",
                "next": "/account",
            },
        )
        assert urlsplit(response.headers["Location"]).path == "/account"


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_language_switch_and_follow_never_lead_away(app: Flask, world, target: str) -> None:
    connection, scene = world
    with isolated(app, connection):
        browser = client(app, scene, "citizen")
        token = csrf_token(browser, "/imprint")
        switched = browser.post(
            "/language", data={"csrf_token": token, "lang": "en", "next": target}
        )
        assert switched.status_code == 302
        assert _stays_here(switched.headers["Location"]), switched.headers["Location"]
        follow = url_of(app, scene, "participation.follow")
        followed = browser.post(follow, data={"csrf_token": token, "next": target})
        assert followed.status_code == 302
        assert _stays_here(followed.headers["Location"]), followed.headers["Location"]
        followed = browser.post(follow + "?next=" + target, data={"csrf_token": token})
        assert _stays_here(followed.headers["Location"]), followed.headers["Location"]
