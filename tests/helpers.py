"""Helpers for driving the site through the test client as a browser would."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from civic.db import db
from tests.factories import PASSWORD

_TOKEN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_token(client: FlaskClient, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {page}"
    return next(group for group in match.groups() if group)


def submit(
    client: FlaskClient, page: str, data: dict[str, Any], action: str | None = None, **kwargs: Any
) -> TestResponse:
    """Open ``page``, take its CSRF token and post ``data`` to ``action`` (default: the page)."""
    token = csrf_token(client, page)
    return client.post(action or page, data={"csrf_token": token, **data}, **kwargs)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    response = submit(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def logout(client: FlaskClient) -> TestResponse:
    return submit(client, "/", {}, action="/logout")


def text_of(response: TestResponse) -> str:
    """The page's text with tags removed and white space folded, for assertions."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text)


def browser(app: Any, user: Any = None) -> FlaskClient:
    """A new test client reading the site in English, signed in as ``user`` if given."""
    client = app.test_client()
    submit(client, "/imprint", {"lang": "en", "next": "/imprint"}, action="/language")
    if user is not None:
        login(client, user.email)
    return client


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> TestResponse:
    """Post a button form (with a CSRF token from a page that has one) to ``url``."""
    return client.post(url, data={"csrf_token": csrf_token(client, "/imprint"), **(data or {})})


def fresh(model: Any, ident: int) -> Any:
    """The row as the database has it now (after requests changed it)."""
    db.session.expire_all()
    return db.session.get(model, ident)


@contextmanager
def own_database(folder: Path, name: str) -> Iterator[str]:
    """A fresh, empty database for one test: a SQLite file ``name.sqlite`` in ``folder``, or a
    PostgreSQL database ``<test database>_<name>`` next to ``TEST_DATABASE_URL``, dropped
    afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{folder / f'{name}.sqlite'}"
        return
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    database = f"{admin.url.database}_{name}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        yield admin.url.set(database=database).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
