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
from pathlib import Path

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


def _live_database() -> tuple[str, str | None]:
    """A database of its own for the server process; returns (url, name to drop)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        path = TMP / "live.sqlite"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}", None
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"{admin.url.database}_live"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    admin.dispose()
    return url, name


@pytest.fixture(scope="session")
def live_server(smtp: tuple[Mailbox, int]) -> Iterator[dict[str, str]]:
    _box, mail_port = smtp
    port = free_port()
    database, drop = _live_database()
    env = {
        **os.environ,
        "CIVIC_ENV": "development",
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database,
        "CIVIC_INSTANCE_DIR": str(TMP / "live-instance"),
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
    subprocess.run(
        [*flask, "civic", "demo-data"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    log = open(TMP / "live-server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [*flask, "run", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(
                "the live server did not start: " + (TMP / "live-server.log").read_text()
            )
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
