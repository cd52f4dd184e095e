"""Browser tests: the platform runs as a separate process (as `make run` does, with demo data)
and Debian's Chromium drives it through Playwright. Without a browser these tests are skipped
with a message, except under CI=true, where a missing browser fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import TMP, Mailbox, free_port

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _live_database(suffix: str = "live") -> tuple[str, str | None]:
    """A database of its own for the server process; returns (url, name to drop)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = TMP / f"{suffix}.sqlite"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}", None
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"{admin.url.database}_{suffix}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url, name


# The empty platform: an admin (who also holds the roles with pages of their own) and a citizen.
EMPTY_PLATFORM = """
from civic import create_app
from civic.accounts import operations as ops
from civic.accounts.models import Role
from civic.db import db, utcnow

with create_app().app_context():
    admin = ops.register("Ada Admin", "admin@leer.example", "leer-passwort", locale="de")
    citizen = ops.register("Carl Neu", "buerger@leer.example", "leer-passwort", locale="de")
    for user in (admin, citizen):
        user.email_verified_at = utcnow()
    for role in (Role.ADMIN, Role.COUNCIL_MEMBER, Role.FUND_OFFICER, Role.MODERATOR):
        ops.grant_role(None, admin, role)
    db.session.commit()
"""


@contextmanager
def _serve(mail_port: int, suffix: str, fill: list[str]) -> Iterator[dict[str, str]]:
    """The platform on a free port with a database of its own, filled by ``fill`` (the
    arguments of one Python run, after migrating)."""
    port = free_port()
    database, drop = _live_database(suffix)
    env = {
        **os.environ,
        "CIVIC_ENV": "development",
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database,
        "CIVIC_INSTANCE_DIR": str(TMP / f"{suffix}-instance"),
        "SECRET_KEY": "browser-tests-secret-key-0123456789abcdef",
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "RATELIMIT_LOGIN": "10000 per minute",
        "RATELIMIT_REGISTER": "10000 per minute",
        "RATELIMIT_RESET": "10000 per minute",
    }
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "civic", "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, *fill], env=env, cwd=ROOT, check=True, capture_output=True)
    log_path = TMP / f"{suffix}-server.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [*flask, "run", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the live server did not start: " + log_path.read_text())
        yield {"url": base, "database": database, "env": env}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        if drop:
            admin = create_engine(os.environ["TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture(scope="session")
def live_server(smtp: tuple[Mailbox, int]) -> Iterator[dict[str, str]]:
    """The platform with the demo data of `make run`."""
    _box, mail_port = smtp
    with _serve(mail_port, "live", ["-m", "flask", "civic", "demo-data"]) as server:
        yield server


@pytest.fixture(scope="session")
def empty_server(smtp: tuple[Mailbox, int]) -> Iterator[dict[str, str]]:
    """The platform as it is on its first day: site settings, one admin and one citizen."""
    _box, mail_port = smtp
    with _serve(mail_port, "empty", ["-c", EMPTY_PLATFORM]) as server:
        yield server


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: browser tests cannot run (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):  # type: ignore[no-untyped-def]
    context = chromium.new_context(base_url=live_server["url"], locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def empty_page(chromium, empty_server):  # type: ignore[no-untyped-def]
    """A page of the empty platform."""
    context = chromium.new_context(base_url=empty_server["url"], locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_axe(page) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core (WCAG 2.1 A and AA) on the page: no violations allowed."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    details = [
        f"{v['id']}: {v['help']} – " + ", ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe on {page.url}:\n" + "\n".join(details)


class RequestLog:
    """Every request a page makes; ``foreign`` lists those that leave the platform's host."""

    def __init__(self, page, base_url: str) -> None:  # type: ignore[no-untyped-def]
        self.host = urlsplit(base_url).netloc
        self.urls: list[tuple[str, str]] = []
        page.on("request", lambda request: self.urls.append((page.url, request.url)))

    def foreign(self) -> list[str]:
        return [
            f"{on} asked {url}"
            for on, url in self.urls
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).netloc != self.host
        ]
