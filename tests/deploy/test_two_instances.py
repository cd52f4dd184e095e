"""Two app servers behind one load balancer: the platform keeps no state in a worker.

Two gunicorn instances (two workers each) run with production settings on two ports, sharing
one database (a fresh PostgreSQL database next to ``TEST_DATABASE_URL``, else a SQLite file
both open) and one Redis for the rate limits. A person signs in on one server and carries on
on the other, as happens when a load balancer sends each request wherever it likes; failed
sign-ins count against one limit across both servers; and while Redis is away, sign-in still
works and is still limited.

Redis comes from ``TEST_REDIS_URL`` (default: database 4 on the local server). Every run
counts under a key prefix of its own, so runs that share the Redis do not disturb each other,
and removes its keys afterwards. Without Redis the test is skipped with a message, except
under CI=true, where it fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests

from tests.conftest import free_port
from tests.helpers import own_database

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
EMAIL = "alma.beispiel@example.org"
PASSWORD = "zwei-server-passwort"
NAME = "Alma Beispiel"
LOGIN_LIMIT = 3
# Behind the load balancer (PROXY_COUNT=1) each person is known by X-Forwarded-For.
CITIZEN_ADDRESS = "192.0.2.10"
GUESSER_ADDRESS = "192.0.2.20"

# Before the servers start: the schema (as `flask civic migrate` writes it) and a confirmed
# citizen.
PREPARE = f"""
from alembic import command

from civic import create_app
from civic.accounts import operations as ops
from civic.core.cli import alembic_config
from civic.db import db, utcnow

app = create_app()
with app.app_context():
    command.upgrade(alembic_config(), "head")
    user = ops.register({NAME!r}, {EMAIL!r}, {PASSWORD!r}, locale="de")
    user.email_verified_at = utcnow()
    db.session.commit()
"""

# Four failed sign-ins through the application, as a server whose Redis is gone sees them.
SIGN_IN_WITHOUT_REDIS = """
import re

from civic import create_app

client = create_app().test_client()
page = client.get("/login").get_data(as_text=True)
token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
wrong = {"email": "niemand@example.org", "password": "falsch", "next": "", "csrf_token": token}
print(*(client.post("/login", data=wrong).status_code for _ in range(4)))
"""


def _redis() -> redis.Redis:
    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is not reachable ({error}): start redis-server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return store


def _wait_for_health(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            pytest.fail(f"gunicorn at {url} stopped:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"gunicorn at {url} did not answer:\n{log.read_text()}")
        time.sleep(0.1)


@contextmanager
def gunicorns(env: dict[str, str], folder: Path, count: int) -> Iterator[list[str]]:
    """App servers as production runs them, each with two workers; yields their addresses
    once every one answers /healthz, and stops them all afterwards."""
    started: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for number in range(count):
            port = free_port()
            log = folder / f"gunicorn-{number}.log"
            with log.open("wb") as out:
                server = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "gunicorn"),
                        *("--workers", "2", "--bind", f"127.0.0.1:{port}"),
                        # Each instance would otherwise claim ~/.gunicorn/gunicorn.ctl.
                        *("--graceful-timeout", "5", "--no-control-socket", "wsgi:app"),
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            started.append((server, f"http://127.0.0.1:{port}", log))
        for server, url, log in started:
            _wait_for_health(server, url, log)
        yield [url for _server, url, _log in started]
    finally:
        for server, _url, _log in started:
            server.terminate()
        for server, _url, _log in started:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@dataclass
class Servers:
    a: str
    b: str
    env: dict[str, str]
    redis: redis.Redis
    prefix: str


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    store = _redis()
    prefix = f"civic-two-instances-{uuid.uuid4().hex}"
    folder = tmp_path_factory.mktemp("two-instances")
    with own_database(folder, "two_instances") as database:
        env = {
            **os.environ,
            "CIVIC_ENV": "production",
            "SECRET_KEY": "two-instances-shared-secret-0123456789abcdef",
            "DATABASE_URL": database,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": prefix,
            "RATELIMIT_LOGIN": f"{LOGIN_LIMIT} per minute",
            "PROXY_COUNT": "1",
            "SESSION_COOKIE_SECURE": "false",
            "MAIL_BACKEND": "file",
            "MAIL_DIR": str(folder / "mail"),
            "CIVIC_INSTANCE_DIR": str(folder / "instance"),
            "UPLOAD_DIR": str(folder / "uploads"),
            "BASE_URL": "https://beteiligung.musterstadt.example",
        }
        done = subprocess.run(
            [sys.executable, "-c", PREPARE], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, f"migrating and creating the citizen failed:\n{done.stderr}"
        try:
            with gunicorns(env, folder, 2) as (first, second):
                yield Servers(first, second, env, store, prefix)
        finally:
            for key in store.scan_iter(match=f"*{prefix}*"):
                store.delete(key)


def csrf_token(page: requests.Response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {page.url}"
    return match.group(1)


def browser(address: str) -> requests.Session:
    """One browser with one cookie jar, coming through the load balancer from ``address``."""
    client = requests.Session()
    client.headers["X-Forwarded-For"] = address
    # As nginx talks to its upstream servers: a connection per request, none left open.
    client.headers["Connection"] = "close"
    return client


def test_signed_in_on_one_server_a_person_carries_on_on_the_other(servers: Servers) -> None:
    a, b = servers.a, servers.b
    person = browser(CITIZEN_ADDRESS)

    # Not signed in yet: server B sends the person to the sign-in page.
    assert person.get(f"{b}/account", allow_redirects=False, timeout=10).status_code == 302

    login = person.get(f"{a}/login", timeout=10)
    signed_in = person.post(
        f"{a}/login",
        data={"email": EMAIL, "password": PASSWORD, "next": "", "csrf_token": csrf_token(login)},
        allow_redirects=False,
        timeout=10,
    )
    assert signed_in.status_code == 302, signed_in.text

    # Server B knows the person, and shows the welcome that server A put in the session.
    home = person.get(f"{b}/", timeout=10)
    assert f"Willkommen, {NAME}!" in home.text
    account = person.get(f"{b}/account", allow_redirects=False, timeout=10)
    assert account.status_code == 200
    assert EMAIL in account.text

    # A form that server A handed out is accepted by server B ...
    form = person.get(f"{a}/account/profile", timeout=10)
    profile = {"display_name": "Alma aus Pieschen", "about": "", "locale": "de"}
    forged = person.post(
        f"{b}/account/profile", data={**profile, "csrf_token": "forged"}, timeout=10
    )
    assert forged.status_code == 400
    saved = person.post(
        f"{b}/account/profile",
        data={**profile, "csrf_token": csrf_token(form)},
        allow_redirects=False,
        timeout=10,
    )
    assert saved.status_code == 302, saved.text

    # ... and server A shows the change, with the message server B left in the session.
    account = person.get(f"{a}/account", timeout=10)
    assert "Alma aus Pieschen" in account.text
    assert "Ihr Profil ist gespeichert." in account.text


def test_failed_sign_ins_count_across_both_servers(servers: Servers) -> None:
    a, b = servers.a, servers.b
    guesser = browser(GUESSER_ADDRESS)
    token = csrf_token(guesser.get(f"{a}/login", timeout=10))

    def attempt(server: str) -> int:
        wrong = {"email": EMAIL, "password": "falsch-geraten", "next": "", "csrf_token": token}
        return guesser.post(f"{server}/login", data=wrong, timeout=10).status_code

    # Alternating servers: the limit is reached after 3 attempts in all, not 3 on each.
    answers = [attempt(server) for server in (a, b) * LOGIN_LIMIT]
    assert answers == [200] * LOGIN_LIMIT + [429] * LOGIN_LIMIT

    # Somebody signing in from another address is not affected.
    other = browser("192.0.2.30")
    login = other.get(f"{b}/login", timeout=10)
    allowed = other.post(
        f"{b}/login",
        data={
            "email": EMAIL,
            "password": "auch-falsch",
            "next": "",
            "csrf_token": csrf_token(login),
        },
        timeout=10,
    )
    assert allowed.status_code == 200

    # The counters live in Redis, under this run's prefix.
    assert any(servers.redis.scan_iter(match=f"*{servers.prefix}*"))


def test_without_redis_sign_in_still_works_and_is_still_limited(servers: Servers) -> None:
    env = dict(servers.env)
    env["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{free_port()}/0"  # nobody listens there
    done = subprocess.run(
        [sys.executable, "-c", SIGN_IN_WITHOUT_REDIS],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # Each worker counts on its own meanwhile: refused after 3, never an error page.
    assert done.stdout.split() == ["200", "200", "200", "429"], done.stderr
