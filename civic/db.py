"""The database: one engine per application, one session per application context.

Models derive from :class:`Base`, whose naming convention gives every constraint a stable name
so that Alembic migrations are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import DateTime, Enum, MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC timestamps")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[enum.StrEnum], name: str, length: int = 30) -> Enum:
    """Store a StrEnum as its value in a VARCHAR with a CHECK constraint (same on every DB)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def _writing_request() -> bool:
    from flask import has_request_context, request

    return has_request_context() and request.method not in {"GET", "HEAD", "OPTIONS"}


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and working savepoints."""
    if url.startswith("sqlite"):
        in_memory = url in {"sqlite://", "sqlite:///:memory:"}
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if in_memory:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy, not the driver, open transactions (needed for SAVEPOINT).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # A transaction that takes the write lock at once (see ``begin_immediate``), and so
            # does every request that may write: a reading transaction that later wants to
            # write fails at once ("database is locked") when another request has written
            # meanwhile, whatever the busy timeout; waiting for the lock first never does.
            immediate = conn.get_execution_options().get("civic_immediate") or _writing_request()
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class Database:
    """Holds the session registry: one session per application context.

    The test suite binds every session to one connection whose transaction it rolls back
    after each test (``bind_for_tests``); then a single session serves the whole test.
    """

    def __init__(self) -> None:
        self.session = scoped_session(self._new_session, scopefunc=self._scope)
        self._test_connection: Connection | None = None

    def init_app(self, app: Flask) -> None:
        app.extensions["civic.db.engine"] = make_engine(app.config["DATABASE_URL"])

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            self.session.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["civic.db.engine"]

    def _scope(self) -> object:
        if self._test_connection is not None:
            return "test"
        return id(app_ctx._get_current_object())  # noqa: SLF001

    def _new_session(self) -> Session:
        if self._test_connection is not None:
            return Session(
                bind=self._test_connection,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
            )
        return Session(bind=self.engine, expire_on_commit=False)

    def bind_for_tests(self, connection: Connection | None) -> None:
        if self._test_connection is not None:
            self.session.remove()
        self._test_connection = connection


db = Database()


def begin_immediate() -> None:
    """End the request's reading transaction and begin one for an operation that reads a sum
    and then changes it (the money of the fund). On SQLite it is ``BEGIN IMMEDIATE``: it takes
    the database's write lock at once, so a second such transaction waits for the first to
    commit and then reads what it wrote. PostgreSQL needs no such start; the operation locks the
    rows it reads (``SELECT … FOR UPDATE``). Objects loaded before are reloaded on next use."""
    db.session.rollback()
    db.session.connection(execution_options={"civic_immediate": True})


# Tables that the migrations create by hand for one database only (the full-text index of
# projects, see civic/projects/search.py, with FTS5's own shadow tables); they have no model.
UNMANAGED_TABLES = ("project_fts", "project_search")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: compare models and database except for the unmanaged tables."""
    table = obj.name if type_ == "table" else getattr(getattr(obj, "table", None), "name", "")
    return not (table or "").startswith(UNMANAGED_TABLES)
