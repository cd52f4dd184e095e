"""Backup and restore of the whole platform: the database and the uploaded files in one file.

A backup is a ``.tar.gz`` holding

- ``manifest.json``: the format, the schema revision (Alembic), the platform's version, the time,
  the database it came from, and per table its columns, its number of rows and the SHA-256 of its
  data file;
- ``tables/<table>.jsonl``: one JSON array per row, the values in the order of the columns, for
  every table of the models, in foreign-key order;
- ``uploads/…``: the upload folder (images, receipts, the logo) as it was.

**Consistent.** Every table is read in one transaction that sees one snapshot of the database
(PostgreSQL: ``REPEATABLE READ READ ONLY``; SQLite: one read transaction, which in WAL mode sees
the database as it was when it began), so rows that refer to each other are saved together even
while the site keeps running. Uploaded files are only ever added under new names, so files copied
a moment later hold at least every file the saved rows name.

**Streamed.** Rows are read in batches from a server-side cursor and written to a temporary file
per table; restoring reads the same way. Memory stays constant whatever the number of rows.

**Portable.** Values are written by the column types of the models (timestamps as ISO 8601 in
UTC), so a backup of SQLite can be restored into PostgreSQL and the other way round.

Restoring needs an empty database at the backup's schema revision (a database without any table
is migrated to it first). The full-text index of projects lives in tables outside the models
(``civic.db.UNMANAGED_TABLES``); it is not saved but rebuilt after the restore. The audit log is
saved and inserted like every other table (its triggers refuse changes, not inserts).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from importlib import metadata as importlib_metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from alembic import command
from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    LargeBinary,
    Numeric,
    Table,
    bindparam,
    func,
    inspect,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine

import civic.models  # noqa: F401 - registers every table on Base.metadata
from civic.db import Base

FORMAT = "civic-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables"
UPLOADS_DIR = "uploads"
BATCH = 1000

Progress = Callable[[str], None]


class BackupError(Exception):
    """Something an operator can act on, said in one sentence (never a traceback)."""


@dataclass
class Summary:
    """What a backup holds, or what a restore brought back."""

    revision: str
    created_at: str
    version: str
    dialect: str
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    projects_indexed: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def platform_version() -> str:
    try:
        return importlib_metadata.version("civic")
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


def tables() -> list[Table]:
    """Every table of the models, parents before the tables that refer to them."""
    return list(Base.metadata.sorted_tables)


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(sql_text("SELECT version_num FROM alembic_version"))


# --- values ------------------------------------------------------------------------------------


def _dump_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _loader(column: Any) -> Callable[[Any], Any]:
    """How to turn a JSON value of the backup back into what the column's type takes."""
    kind = column.type
    kind = getattr(kind, "impl_instance", kind)  # a TypeDecorator, e.g. UTCDateTime
    if isinstance(kind, JSON):
        return lambda v: v
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Numeric) and getattr(kind, "asdecimal", False):
        return lambda v: None if v is None else Decimal(v)
    if isinstance(kind, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    return lambda v: v


# --- making a backup ---------------------------------------------------------------------------


def _snapshot(engine: Engine) -> Connection:
    """A connection whose transaction sees one snapshot of the whole database."""
    if engine.dialect.name == "postgresql":
        connection = engine.connect().execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    else:
        connection = engine.connect()
    connection.begin()
    return connection


def _dump_table(connection: Connection, table: Table, out: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order)
    )
    for partition in result.partitions(BATCH):
        chunk = "".join(
            json.dumps([_dump_value(v) for v in row], ensure_ascii=False, separators=(",", ":"))
            + "\n"
            for row in partition
        ).encode("utf-8")
        out.write(chunk)
        digest.update(chunk)
        count += len(partition)
    return count, digest.hexdigest()


def _upload_files(upload_dir: Path) -> Iterator[Path]:
    if not upload_dir.is_dir():
        return
    for path in sorted(upload_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def create_backup(
    engine: Engine, upload_dir: Path, target: Path, progress: Progress | None = None
) -> Summary:
    """Write the database and the uploads into ``target`` (a ``.tar.gz``). The file appears
    only when it is complete; a failed run leaves nothing behind."""
    say = progress or (lambda _message: None)
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the backup file to write.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".part")
    # The tables wait beside the target (where there is room for backups) until they go in.
    with tempfile.TemporaryDirectory(prefix=".civic-backup-", dir=target.parent) as work:
        workdir = Path(work)
        connection = _snapshot(engine)
        try:
            revision = current_revision(connection)
            if revision is None:
                raise BackupError(
                    "The database has no schema yet (run “flask civic migrate”); "
                    "there is nothing to back up."
                )
            summary = Summary(
                revision=revision,
                created_at=datetime.now(UTC).isoformat(),
                version=platform_version(),
                dialect=engine.dialect.name,
            )
            manifest_tables = []
            for table in tables():
                with (workdir / f"{table.name}.jsonl").open("wb") as out:
                    count, sha = _dump_table(connection, table, out)
                summary.rows[table.name] = count
                manifest_tables.append(
                    {
                        "name": table.name,
                        "columns": [c.name for c in table.columns],
                        "rows": count,
                        "sha256": sha,
                    }
                )
                say(f"{table.name}: {count} row(s)")
        finally:
            connection.rollback()
            connection.close()
        files = list(_upload_files(Path(upload_dir)))
        summary.files = len(files)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "revision": summary.revision,
            "version": summary.version,
            "created_at": summary.created_at,
            "dialect": summary.dialect,
            "tables": manifest_tables,
            "uploads": summary.files,
        }
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(data))
                for entry in manifest_tables:
                    name = entry["name"]
                    archive.add(workdir / f"{name}.jsonl", arcname=f"{TABLES_DIR}/{name}.jsonl")
                for path in files:
                    relative = path.relative_to(upload_dir).as_posix()
                    archive.add(path, arcname=f"{UPLOADS_DIR}/{relative}", recursive=False)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    say(f"{summary.files} uploaded file(s)")
    return summary


# --- reading a backup --------------------------------------------------------------------------


def _open(source: Path) -> tarfile.TarFile:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    try:
        return tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{source} is not a backup of civic (not a readable .tar.gz).") from error


def read_manifest(archive: tarfile.TarFile, source: Path) -> dict[str, Any]:
    corrupt = f"{source} is damaged or not a backup of civic"
    try:
        member = archive.next()
        if member is None or member.name != MANIFEST:
            raise BackupError(f"{corrupt}: {MANIFEST} is missing.")
        handle = archive.extractfile(member)
        manifest = json.loads(handle.read() if handle else b"")
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"{corrupt}: the manifest cannot be read.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{corrupt}: the manifest is not one of civic.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{source} has backup format {manifest.get('format_version')}; this version of "
            f"civic reads format {FORMAT_VERSION}."
        )
    if not isinstance(manifest.get("tables"), list) or not manifest.get("revision"):
        raise BackupError(f"{corrupt}: the manifest is incomplete.")
    return manifest


def describe(source: Path) -> Summary:
    """What a backup file holds, from its manifest."""
    with _open(source) as archive:
        manifest = read_manifest(archive, source)
    return Summary(
        revision=manifest["revision"],
        created_at=manifest.get("created_at", ""),
        version=manifest.get("version", ""),
        dialect=manifest.get("dialect", ""),
        rows={t["name"]: t["rows"] for t in manifest["tables"]},
        files=manifest.get("uploads", 0),
    )


# --- restoring ---------------------------------------------------------------------------------


def non_empty_tables(connection: Connection) -> list[str]:
    present = set(inspect(connection).get_table_names())
    return [
        table.name
        for table in tables()
        if table.name in present and connection.scalar(select(func.count()).select_from(table)) != 0
    ]


def prepare_database(engine: Engine, revision: str, alembic_cfg: Any, force: bool) -> None:
    """Make the database empty at ``revision``, or refuse. ``force`` drops what is there first
    (every table, by migrating down to nothing) and builds the schema again."""
    with engine.connect() as connection:
        present = current_revision(connection)
        filled = non_empty_tables(connection) if present is not None else []
    if force and present is not None:
        try:
            command.downgrade(alembic_cfg, "base")
        except Exception as error:  # an unknown revision, in Alembic's words
            raise BackupError(
                f"The database has schema revision {present}, which this version of civic does "
                "not know, so it cannot be emptied; restore into a new, empty database."
            ) from error
        present = None
    if present is None:
        with engine.connect() as connection:
            leftovers = [
                name for name in inspect(connection).get_table_names() if name != "alembic_version"
            ]
        if leftovers:
            raise BackupError(
                "The database holds tables but no schema revision; restore into a new, empty "
                "database."
            )
        try:
            command.upgrade(alembic_cfg, revision)
        except Exception as error:  # Alembic says "Can't locate revision" in many forms
            raise BackupError(
                f"The backup has schema revision {revision}, which this version of civic does "
                "not know; install the version of civic that made the backup."
            ) from error
        return
    if present != revision:
        raise BackupError(
            f"The backup has schema revision {revision}, the database {present}. Restore into "
            f"an empty database (it is migrated to {revision} first), or use --force."
        )
    if filled:
        shown = ", ".join(filled[:5]) + (" …" if len(filled) > 5 else "")
        raise BackupError(
            f"The database is not empty (rows in {shown}). Restore into an empty database, or "
            "use --force to replace everything in it."
        )


def _insert_statement(table: Table) -> Any:
    # None in a JSON column is SQL NULL, as it was read, not the JSON value null.
    json_columns = {
        c.name: bindparam(c.name, type_=JSON(none_as_null=True))
        for c in table.columns
        if isinstance(c.type, JSON)
    }
    statement = table.insert()
    return statement.values(json_columns) if json_columns else statement


def _restore_table(
    connection: Connection, table: Table, entry: dict[str, Any], handle: IO[bytes], source: Path
) -> int:
    columns = entry["columns"]
    known = {c.name for c in table.columns}
    if set(columns) != known:
        raise BackupError(f"{source} does not fit this schema: the columns of {table.name} differ.")
    loaders = [_loader(table.c[name]) for name in columns]
    statement = _insert_statement(table)
    digest = hashlib.sha256()
    count = 0
    batch: list[dict[str, Any]] = []
    for line in handle:
        digest.update(line)
        try:
            values = json.loads(line)
            row = {
                name: load(value)
                for name, load, value in zip(columns, loaders, values, strict=True)
            }
        except (ValueError, TypeError) as error:
            message = f"{source} is damaged: a row of {table.name} cannot be read."
            raise BackupError(message) from error
        batch.append(row)
        count += 1
        if len(batch) >= BATCH:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
    if count != entry["rows"] or digest.hexdigest() != entry["sha256"]:
        raise BackupError(f"{source} is damaged: the rows of {table.name} do not match.")
    return count


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: every id sequence continues after the highest id restored."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            sequence = connection.scalar(
                sql_text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence:
                highest = connection.scalar(select(func.max(column)))
                connection.execute(
                    sql_text("SELECT setval(:sequence, :value, :called)"),
                    {"sequence": sequence, "value": highest or 1, "called": highest is not None},
                )


def _safe_upload_path(upload_dir: Path, name: str) -> Path | None:
    relative = PurePosixPath(name).relative_to(UPLOADS_DIR)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    return upload_dir.joinpath(*relative.parts)


def restore_backup(
    engine: Engine,
    upload_dir: Path,
    source: Path,
    alembic_cfg: Any,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Bring a backup back: the rows into an empty database at the backup's schema revision
    (in one transaction, in foreign-key order), the id sequences (PostgreSQL), the uploads, and
    the search index, which is rebuilt."""
    from civic.projects import search

    say = progress or (lambda _message: None)
    source = Path(source)
    with _open(source) as archive:
        manifest = read_manifest(archive, source)
        summary = Summary(
            revision=manifest["revision"],
            created_at=manifest.get("created_at", ""),
            version=manifest.get("version", ""),
            dialect=manifest.get("dialect", ""),
        )
        by_name = {table.name: table for table in tables()}
        unknown = [t["name"] for t in manifest["tables"] if t["name"] not in by_name]
        if unknown:
            raise BackupError(
                f"{source} does not fit this schema: unknown table(s) {', '.join(unknown)}."
            )
        prepare_database(engine, summary.revision, alembic_cfg, force)
        entries = {t["name"]: t for t in manifest["tables"]}
        upload_dir = Path(upload_dir)
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "sqlite":
                    # Rows that refer to a later row of the same table are checked at commit.
                    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for member in archive:
                    if member.name.startswith(f"{TABLES_DIR}/"):
                        name = PurePosixPath(member.name).stem
                        entry = entries.get(name)
                        handle = archive.extractfile(member)
                        if entry is None or handle is None:
                            raise BackupError(f"{source} is damaged: unexpected {member.name}.")
                        count = _restore_table(connection, by_name[name], entry, handle, source)
                        summary.rows[name] = count
                        say(f"{name}: {count} row(s)")
                    elif member.name.startswith(f"{UPLOADS_DIR}/") and member.isfile():
                        target = _safe_upload_path(upload_dir, member.name)
                        handle = archive.extractfile(member)
                        if target is None or handle is None:
                            raise BackupError(f"{source} is damaged: unexpected {member.name}.")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with target.open("wb") as out:
                            shutil.copyfileobj(handle, out)
                        summary.files += 1
                missing = [name for name in entries if name not in summary.rows]
                if missing:
                    raise BackupError(
                        f"{source} is incomplete: no data for {', '.join(missing[:5])}."
                    )
                _reset_sequences(connection)
                summary.projects_indexed = search.rebuild(connection)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
            raise BackupError(f"{source} is damaged and cannot be read to its end.") from error
    say(f"{summary.files} uploaded file(s)")
    say(f"Search index rebuilt for {summary.projects_indexed} project(s)")
    return summary
