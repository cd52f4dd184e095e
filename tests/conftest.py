"""Test setup: one database per run, migrated with Alembic; each test inside a transaction
that is rolled back; a real SMTP server on localhost receives every mail."""

from __future__ import annotations

import os
import re
import socket
import tempfile
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from alembic import command
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from civic import create_app
from civic.core.cli import alembic_config
from civic.db import db

TMP = Path(tempfile.mkdtemp(prefix="civic-tests-"))


class Mailbox:
    """Collects what the SMTP server on localhost receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd protocol
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def clear(self) -> None:
        self.messages.clear()

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def last_to(self, address: str) -> Message:
        found = self.to(address)
        assert found, f"no mail to {address}; mails: {[m['To'] for m in self.messages]}"
        return found[-1]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")

    def link_to(self, address: str, path_part: str) -> str:
        body = self.body(self.last_to(address))
        match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", body)
        assert match, f"no link containing {path_part} in: {body}"
        return match.group(0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def smtp() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{TMP / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(smtp: tuple[Mailbox, int]) -> Iterator[Flask]:
    _box, port = smtp
    settings = {
        "ENV_NAME": "testing",
        "DATABASE_URL": database_url(),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "UPLOAD_DIR": TMP / "uploads",
        "INSTANCE_DIR": TMP,
        "BASE_URL": "http://localhost",
        "SERVER_NAME": "localhost",
    }
    application = create_app(settings)
    with application.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        command.upgrade(alembic_config(), "head")
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rollback(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test runs inside a transaction that is rolled back afterwards."""
    if "app" not in request.fixturenames and "browser" in request.keywords:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    db.bind_for_tests(connection)
    try:
        yield
    finally:
        db.bind_for_tests(None)
        transaction.rollback()
        connection.close()


@pytest.fixture
def mailbox(smtp: tuple[Mailbox, int]) -> Mailbox:
    box, _port = smtp
    box.clear()
    return box


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application and request context, for calling operations directly."""
    with app.test_request_context():
        yield


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Iterator[QueryCounter]:
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("CIVIC_ENV", "testing")
