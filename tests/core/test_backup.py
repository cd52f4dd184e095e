"""Backup and restore: the demo city goes into one file and comes back, row by row and byte by
byte, into a database of its own; restoring refuses a database that holds data, and says so
plainly for a missing or damaged file.

Two applications work on databases of their own (SQLite files, or fresh PostgreSQL databases
when ``TEST_DATABASE_URL`` is set); the harness connection is unbound meanwhile and bound again
afterwards, as in ``tests/fund/test_concurrency.py``."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy import text as sql_text

from civic import create_app
from civic.core import backup
from civic.core.audit import record
from civic.core.cli import alembic_config
from civic.db import db
from civic.projects.models import Project
from tests.conftest import Mailbox
from tests.helpers import own_database

UPLOADS = {
    "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "receipts/2026/quittung.pdf": b"%PDF-1.7\n" + b"\x00\xff" * 1000,
}


@contextmanager
def _unbound() -> Iterator[None]:
    bound = db._test_connection  # noqa: SLF001 - restored exactly in the finally below
    db.bind_for_tests(None)
    try:
        yield
    finally:
        db.bind_for_tests(bound)


def _app(app: Flask, port: int, url: str, folder: Path) -> Flask:
    return create_app(
        {
            **{key: app.config[key] for key in ("ENV_NAME", "BASE_URL", "SERVER_NAME")},
            "TESTING": True,
            "DATABASE_URL": url,
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "UPLOAD_DIR": folder / "uploads",
            "INSTANCE_DIR": folder,
        }
    )


@pytest.fixture
def sites(app: Flask, smtp: tuple[Mailbox, int], tmp_path: Path) -> Iterator[tuple[Flask, Flask]]:
    """Two sites on databases of their own: the demo city with uploads, and an empty one."""
    _box, port = smtp
    with _unbound(), ExitStack() as stack:
        (tmp_path / "source").mkdir()
        (tmp_path / "target").mkdir()
        source_url = stack.enter_context(own_database(tmp_path, "backup_source"))
        target_url = stack.enter_context(own_database(tmp_path, "backup_target"))
        source = _app(app, port, source_url, tmp_path / "source")
        target = _app(app, port, target_url, tmp_path / "target")
        for name, content in UPLOADS.items():
            path = tmp_path / "source" / "uploads" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        runner = source.test_cli_runner()
        assert runner.invoke(args=["civic", "migrate"]).exit_code == 0
        loaded = runner.invoke(args=["civic", "demo-data"])
        assert loaded.exit_code == 0, loaded.output
        try:
            yield source, target
        finally:
            for site in (source, target):
                with site.app_context():
                    db.session.remove()
                    db.engine.dispose()


def _rows(site: Flask) -> dict[str, list[tuple]]:
    with site.app_context(), db.engine.connect() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(
                    select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in backup.tables()
        }


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _search_documents(site: Flask) -> int:
    with site.app_context(), db.engine.connect() as conn:
        table = "project_fts" if conn.dialect.name == "sqlite" else "project_search"
        return conn.scalar(sql_text(f"SELECT COUNT(*) FROM {table}"))  # noqa: S608 - fixed names


def test_round_trip_of_the_demo_city(sites, tmp_path):
    source, target = sites
    file = tmp_path / "nightly.tar.gz"
    made = source.test_cli_runner().invoke(args=["civic", "backup", str(file)])
    assert made.exit_code == 0, made.output
    uploaded = _files(tmp_path / "source" / "uploads")
    assert UPLOADS.items() <= uploaded.items()
    assert "Backup written to" in made.output
    assert f"{len(uploaded)} uploaded file(s)" in made.output

    restored = target.test_cli_runner().invoke(args=["civic", "restore", str(file)])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output

    before, after = _rows(source), _rows(target)
    assert sum(len(rows) for rows in before.values()) > 1000
    assert before["projects"] and before["comments"] and before["audit_log"]
    for name in before:
        assert after[name] == before[name], f"table {name} differs after the restore"
    assert _files(tmp_path / "target" / "uploads") == uploaded

    # The search index was rebuilt, and new rows get ids after the restored ones.
    with source.app_context():
        projects = db.session.scalar(select(func.count()).select_from(Project))
    assert _search_documents(target) == projects > 0
    with target.app_context():
        highest = db.session.scalar(select(func.max(Project.id)))
        entry = record(None, "test.after_restore", "thing", 1)
        project = Project(title="Neu nach der Wiederherstellung", summary="Test")
        db.session.add(project)
        db.session.flush()
        assert project.id == highest + 1
        assert entry.id > max(row[0] for row in before["audit_log"])
        db.session.rollback()

    # The manifest tells what the file holds.
    with tarfile.open(file, "r:gz") as archive:
        manifest = json.load(archive.extractfile(backup.MANIFEST))
    with source.app_context(), db.engine.connect() as conn:
        assert manifest["revision"] == backup.current_revision(conn)
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert counts == {name: len(rows) for name, rows in before.items()}

    # A second restore meets the data of the first and refuses, changing nothing.
    again = target.test_cli_runner().invoke(args=["civic", "restore", str(file)])
    assert again.exit_code == 1
    assert "The database is not empty" in again.output and "Traceback" not in again.output
    assert _rows(target) == after


def test_restore_with_force_replaces_what_is_there(sites, tmp_path):
    source, target = sites
    file = tmp_path / "backup.tar.gz"
    assert source.test_cli_runner().invoke(args=["civic", "backup", str(file)]).exit_code == 0
    # The target holds data of its own: an entry in its audit log.
    runner = target.test_cli_runner()
    assert runner.invoke(args=["civic", "migrate"]).exit_code == 0
    with target.app_context():
        record(None, "test.before_restore", "thing", 1)
        db.session.commit()

    asked = runner.invoke(args=["civic", "restore", str(file), "--force"], input="n\n")
    assert asked.exit_code == 1 and "will be deleted and replaced" in asked.output
    forced = runner.invoke(args=["civic", "restore", str(file), "--force"], input="y\n")
    assert forced.exit_code == 0, forced.output
    assert _rows(target) == _rows(source)


def test_missing_and_damaged_files_are_refused_plainly(sites, tmp_path):
    _source, target = sites
    runner = target.test_cli_runner()

    missing = runner.invoke(args=["civic", "restore", str(tmp_path / "nothing.tar.gz")])
    assert missing.exit_code == 1 and "There is no backup file" in missing.output

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"this is not a backup")
    refused = runner.invoke(args=["civic", "restore", str(garbage)])
    assert refused.exit_code == 1 and "is not a backup of civic" in refused.output

    # A valid archive without a manifest.
    stray = tmp_path / "stray.tar.gz"
    with tarfile.open(stray, "w:gz") as archive:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        archive.addfile(info, io.BytesIO(b"hello"))
    refused = runner.invoke(args=["civic", "restore", str(stray)])
    assert refused.exit_code == 1 and "manifest.json is missing" in refused.output

    for result in (missing, refused):
        assert "Traceback" not in result.output
    with target.app_context(), db.engine.connect() as conn:
        assert backup.current_revision(conn) is None


def test_a_cut_off_backup_is_undone(sites, tmp_path):
    source, target = sites
    file = tmp_path / "backup.tar.gz"
    assert source.test_cli_runner().invoke(args=["civic", "backup", str(file)]).exit_code == 0
    data = gzip.decompress(file.read_bytes())
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(gzip.compress(data[: len(data) // 2]))

    result = target.test_cli_runner().invoke(args=["civic", "restore", str(cut)])
    assert result.exit_code == 1, result.output
    assert "damaged" in result.output and "Traceback" not in result.output
    # Nothing of the half was kept: the database is empty and can take the whole file.
    assert all(not rows for rows in _rows(target).values())
    assert target.test_cli_runner().invoke(args=["civic", "restore", str(file)]).exit_code == 0


def test_restore_refuses_another_schema_revision(sites, tmp_path):
    source, target = sites
    file = tmp_path / "backup.tar.gz"
    assert source.test_cli_runner().invoke(args=["civic", "backup", str(file)]).exit_code == 0
    with target.app_context():
        from alembic import command

        command.upgrade(alembic_config(), "0009")
    result = target.test_cli_runner().invoke(args=["civic", "restore", str(file)])
    assert result.exit_code == 1
    assert "the database 0009" in result.output and "Traceback" not in result.output
