"""Random and hostile input on every page and every form: never a server error.

The demo city is loaded into a database of its own. Every page of the platform (the list comes
from the URL map, as the accessibility check builds it) is opened by the role that sees it
with random query strings (page, sort, filters, search, cursor, year … and made-up names;
numbers far too large, invalid UTF-8, NUL bytes, very long text, repeated keys), every id in
a path is replaced by ids that do not exist, and every form found on those pages is sent with
random values for its fields (with a valid CSRF token, so that the form's own checks run).
The application raises every error in the test client (``TESTING``), so a fault shows with its
trace. Bodies over ``MAX_CONTENT_LENGTH`` get the platform's own 413 page.

Hypothesis runs derandomised with a fixed number of examples, so that CI sees the same inputs
every time and the run stays short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from civic import create_app
from civic.core import demo
from civic.core.cli import alembic_config
from civic.db import db
from tests.browser.test_accessibility import _people, pages_by_role
from tests.conftest import Mailbox
from tests.helpers import login
from tests.helpers import own_database as database_of_its_own

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    # No shrinking: a failure is reported as found, and the run stays short.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DEMO_PASSWORD = "demo-passwort"


@dataclass
class Demo:
    app: Flask
    pages: dict[str, list[str]]
    people: dict[str, str]


@pytest.fixture(scope="module")
def demo_city(
    app: Flask, smtp: tuple[Mailbox, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    _box, mail_port = smtp
    folder: Path = tmp_path_factory.mktemp("fuzzing")
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        with database_of_its_own(folder, "fuzzing") as url:
            second = create_app(
                {
                    "ENV_NAME": "testing",
                    "TESTING": True,
                    "DATABASE_URL": url,
                    "MAIL_SERVER": "127.0.0.1",
                    "MAIL_PORT": mail_port,
                    "UPLOAD_DIR": folder / "uploads",
                    "INSTANCE_DIR": folder,
                    "BASE_URL": "http://localhost",
                }
            )
            with second.test_request_context():
                engine = db.engine
                command.upgrade(alembic_config(), "head")
                demo.load()
                db.session.commit()
            try:
                yield Demo(second, pages_by_role(second, url), _people(url))
            finally:
                engine.dispose()
    finally:
        db.bind_for_tests(bound)


@pytest.fixture
def city(demo_city: Demo) -> Iterator[Demo]:
    """The demo city, with the harness's connection unbound while the test runs."""
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        yield demo_city
    finally:
        db.bind_for_tests(bound)


_clients: dict[tuple[int, str], FlaskClient] = {}


def client_of(city: Demo, role: str) -> FlaskClient:
    """One signed-in test client per role (kept for the module: signing in is slow)."""
    key = (id(city.app), role)
    if key not in _clients:
        client = city.app.test_client()
        if role != "visitor":
            login(client, city.people[role], DEMO_PASSWORD)
        _clients[key] = client
    return _clients[key]


# --- hostile values ---------------------------------------------------------------------------

NUMBERS = ["0", "-1", "1", str(2**31), str(2**63), str(2**63 - 1), str(-(2**63)), "1e309", "NaN"]
ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "%ff%fe",
    "%c3%28",
    "\ufffd",
    "x" * 10_000,
    "-",
    "..",
    "0x10",
    "١٢٣",
    "²",
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "true",
    "null",
    "[]",
    "{}",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202e",
    "a" * 300,
]
values = st.one_of(
    st.sampled_from(NUMBERS + ODD),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=40),
)
QUERY_NAMES = [
    "page",
    "sort",
    "order",
    "q",
    "cursor",
    "after",
    "before",
    "year",
    "month",
    "phase",
    "state",
    "status",
    "district",
    "topic",
    "kind",
    "role",
    "from",
    "to",
    "per_page",
    "limit",
    "format",
    "lang",
    "next",
    "tab",
    "bbox",
]
names = st.one_of(st.sampled_from(QUERY_NAMES), st.text(min_size=1, max_size=8))


def raw(value: str) -> str:
    """Percent-encode a value, except the bytes that are already written as escapes (invalid
    UTF-8 and NUL on purpose)."""
    return value if re.fullmatch(r"(%[0-9a-fA-F]{2})+", value) else quote(value, safe="")


def _get_pages(city: Demo) -> list[tuple[str, str]]:
    return [(role, url) for role, urls in city.pages.items() for url in urls]


def _status_ok(status: int) -> bool:
    return status < 500


# --- query strings ----------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_every_page_survives_odd_query_strings(city: Demo, data: st.DataObject) -> None:
    role, url = data.draw(st.sampled_from(_get_pages(city)), label="page")
    pairs = data.draw(st.lists(st.tuples(names, values), min_size=1, max_size=6), label="query")
    # Repeated keys on purpose: the first pair again, with another value.
    pairs.append((pairs[0][0], data.draw(values, label="repeated")))
    query = "&".join(f"{raw(name)}={raw(value)}" for name, value in pairs)
    separator = "&" if "?" in url else "?"
    response = client_of(city, role).get(f"{url}{separator}{query}")
    assert _status_ok(response.status_code), (role, url, query, response.status_code)


# --- ids that do not exist --------------------------------------------------------------------

NO_SUCH_IDS = [0, 987_654_321, 2**31, 2**63 - 1, 2**63, 10**30]


def test_ids_that_do_not_exist_are_not_found(city: Demo) -> None:
    admin = client_of(city, "admin")
    checked = 0
    for rule in city.app.url_map.iter_rules():
        numbers = [name for name, conv in rule._converters.items() if conv.regex == r"\d+"]  # noqa: SLF001
        if not numbers:
            continue
        for number in NO_SUCH_IDS:
            path = rule.rule
            for name in rule.arguments:
                value = str(number) if name in numbers else "project"
                path = re.sub(rf"<(?:[^:<>]+:)?{name}(?:\([^)]*\))?>", value, path)
            for method in sorted(rule.methods & {"GET", "POST"}):
                response = admin.open(path, method=method, data={"csrf_token": token(admin)})
                assert response.status_code in (302, 400, 403, 404, 405), (
                    method,
                    path,
                    response.status_code,
                )
                checked += 1
    assert checked > 100


# --- every form -------------------------------------------------------------------------------

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_FIELD = re.compile(r"<(?:input|textarea|select)\b[^>]*\bname=\"([^\"]+)\"", re.I)
_ACTION = re.compile(r"\baction=\"([^\"]*)\"", re.I)
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def token(client: FlaskClient) -> str:
    html = client.get("/imprint").get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match
    return match.group(1)


@dataclass(frozen=True)
class Form:
    role: str
    action: str
    fields: tuple[str, ...]


_forms: dict[int, list[Form]] = {}


def forms_of(city: Demo) -> list[Form]:
    """Every POST form on every page, as the role that sees the page."""
    if id(city) not in _forms:
        found: dict[tuple[str, str], Form] = {}
        for role, url in _get_pages(city):
            response = client_of(city, role).get(url)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            for attributes, body in _FORM.findall(response.get_data(as_text=True)):
                if 'method="post"' not in attributes.lower():
                    continue
                action = _ACTION.search(attributes)
                target = (action.group(1) if action else url).replace("&amp;", "&") or url
                # Sign-out and language forms change the client itself.
                if target.startswith(("/logout", "/language")):
                    continue
                fields = tuple(sorted(set(_FIELD.findall(body)) - {"csrf_token"}))
                found.setdefault((role, target), Form(role, target, fields))
        _forms[id(city)] = list(found.values())
    return _forms[id(city)]


def test_the_forms_are_found(city: Demo) -> None:
    forms = forms_of(city)
    actions = {form.action for form in forms}
    assert len(forms) > 40
    assert any(action.endswith("/join") for action in actions)
    assert any("/fund/" in action for action in actions)


@settings(FUZZ, max_examples=400)
@given(data=st.data())
def test_every_form_survives_hostile_values(city: Demo, data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(forms_of(city)), label="form")
    client = client_of(city, form.role)
    body: list[tuple[str, str]] = [("csrf_token", token(client))]
    for name in form.fields:
        if data.draw(st.booleans(), label=f"send {name}"):
            body.append((name, data.draw(values, label=name)))
            if data.draw(st.integers(0, 9), label=f"repeat {name}") == 0:
                body.append((name, data.draw(values, label=f"{name} again")))
    extra = data.draw(st.lists(st.tuples(names, values), max_size=2), label="extra")
    encoded = "&".join(f"{raw(name)}={raw(value)}" for name, value in body + extra)
    response = client.post(
        form.action, data=encoded, content_type="application/x-www-form-urlencoded"
    )
    assert _status_ok(response.status_code), (form, encoded[:500], response.status_code)


# --- oversized bodies -------------------------------------------------------------------------


def test_an_oversized_body_gets_the_413_page(city: Demo) -> None:
    # A public form: the random forms above may have changed what the demo people can do.
    client = city.app.test_client()
    english = {"lang": "en", "next": "/imprint", "csrf_token": token(client)}
    client.post("/language", data=english)
    limit = city.app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/register",
        data={"csrf_token": token(client), "title": "x" * (limit + 1)},
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert response.content_type.startswith("text/html")
    assert "<main" in page and "What you sent is too large." in page
