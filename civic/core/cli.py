"""Commands for operators: ``flask --app wsgi civic …``."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from civic.db import db

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """Alembic's configuration, working on ``engine`` (default: the application's)."""
    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["engine"] = engine if engine is not None else db.engine
    return cfg


@click.group("civic")
def civic_cli() -> None:
    """Operate the platform."""


@civic_cli.command("migrate")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def migrate(revision: str) -> None:
    """Bring the database schema up to date."""
    command.upgrade(alembic_config(), revision)
    click.echo("Database is up to date.")


@civic_cli.command("downgrade")
@click.argument("revision")
@with_appcontext
def downgrade(revision: str) -> None:
    """Take the database schema back to REVISION (e.g. -1 or base)."""
    command.downgrade(alembic_config(), revision)


def _prompt_password() -> str:
    while True:
        first = getpass.getpass("Password: ")
        if len(first) < current_app.config["PASSWORD_MIN_LENGTH"]:
            click.echo(f"At least {current_app.config['PASSWORD_MIN_LENGTH']} characters.")
            continue
        if getpass.getpass("Repeat: ") == first:
            return first
        click.echo("The passwords differ.")


@civic_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option(
    "--password",
    envvar="CIVIC_ADMIN_PASSWORD",
    default=None,
    help="Read from CIVIC_ADMIN_PASSWORD or asked for.",
)
@with_appcontext
def create_admin(email: str, display_name: str, password: str | None) -> None:
    """Create a confirmed account with the admin role."""
    from civic.accounts import operations as ops
    from civic.accounts.models import Role
    from civic.core.errors import OperationError
    from civic.db import utcnow

    password = password or _prompt_password()
    try:
        user = ops.register(display_name, email, password, locale="de")
        user.email_verified_at = utcnow()
        ops.grant_role(None, user, Role.ADMIN)
    except OperationError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Admin {user.email} created.")


@civic_cli.command("grant-role")
@click.argument("email")
@click.argument("role")
@click.option("--department", default=None, help="Department name, for department contacts.")
@with_appcontext
def grant_role(email: str, role: str, department: str | None) -> None:
    """Grant ROLE to the account with EMAIL."""
    from civic.accounts import operations as ops
    from civic.accounts.models import GRANTABLE_ROLES, Department, Role
    from civic.core.errors import OperationError

    user = ops.user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the e-mail address {email}.")
    if role not in {r.value for r in GRANTABLE_ROLES}:
        names = ", ".join(r.value for r in GRANTABLE_ROLES)
        raise click.ClickException(f"Unknown role {role!r}; use one of: {names}.")
    dept = None
    if department:
        dept = db.session.scalar(
            select(Department).where(func.lower(Department.name) == department.lower())
        )
        if dept is None:
            raise click.ClickException(f"No department named {department!r}.")
    try:
        ops.grant_role(None, user, Role(role), dept)
    except OperationError as error:
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"Role {role} granted to {user.email}.")


@civic_cli.command("send-digests")
@click.option(
    "--period", type=click.Choice(["daily", "weekly"]), required=True, help="Which digest to send."
)
@with_appcontext
def send_digests(period: str) -> None:
    """Send the daily or weekly digest mails (for cron; a second run sends nothing twice)."""
    from civic.participation.digests import send_digests as send

    count = send(period)
    click.echo(f"{count} {period} digest mail(s) sent.")


@civic_cli.command("search-index")
@with_appcontext
def search_index() -> None:
    """Write the full-text index of all projects again (after a bulk import or a restore)."""
    from civic.projects import search

    count = search.rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"Search index rebuilt for {count} project(s).")


@civic_cli.command("refresh-cache")
@with_appcontext
def refresh_cache() -> None:
    """Count the figures of the statistics page and the statistics API now and keep them, so
    that no visitor waits for them (run it from cron every few minutes)."""
    from civic.opendata import stats

    figures, kept = stats.refresh()
    if not kept:
        raise click.ClickException("The statistics were counted but could not be stored.")
    click.echo(f"Statistics counted and stored: {figures.total} public project(s).")


@civic_cli.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Only when the database has no accounts yet.")
@with_appcontext
def demo_data(if_empty: bool) -> None:
    """Load the demo city (idempotent) and print the demo accounts."""
    from civic.accounts.models import User
    from civic.core import demo

    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        click.echo("The database has data already; demo data not loaded again.")
        known = set(db.session.scalars(select(User.email)))
        accounts = [
            (role.value if role else "citizen", email)
            for email, _name, role, _dept in demo.ACCOUNTS
            if email in known
        ]
    else:
        accounts = demo.load()
        db.session.commit()
    if accounts:
        click.echo(f"\nDemo accounts (password for all: {demo.DEMO_PASSWORD})")
        for role, email in accounts:
            click.echo(f"  {role:<20} {email}")


@civic_cli.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="Print nothing but errors (for cron).")
@with_appcontext
def backup(file: Path, quiet: bool) -> None:
    """Write the database and the uploads into FILE (a .tar.gz), as one consistent snapshot."""
    from sqlalchemy.exc import SQLAlchemyError

    from civic.core import backup as backups

    say = None if quiet else click.echo
    try:
        summary = backups.create_backup(
            db.engine, Path(current_app.config["UPLOAD_DIR"]), file, progress=say
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    except (OSError, SQLAlchemyError) as error:
        raise click.ClickException(f"The backup failed: {error}") from None
    if not quiet:
        click.echo(
            f"Backup written to {file}: schema revision {summary.revision}, "
            f"{summary.total_rows} row(s), {summary.files} uploaded file(s)."
        )


@civic_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace everything in a database that is not empty.")
@click.option("--yes", is_flag=True, help="Do not ask before --force replaces the data.")
@with_appcontext
def restore(file: Path, force: bool, yes: bool) -> None:
    """Bring back a backup FILE into an empty database (and the uploads, and the search index)."""
    from sqlalchemy.exc import SQLAlchemyError

    from civic.core import backup as backups

    try:
        found = backups.describe(file)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Backup of {found.created_at} (civic {found.version}, schema revision "
        f"{found.revision}): {found.total_rows} row(s), {found.files} uploaded file(s)."
    )
    if force and not yes:
        url = db.engine.url.render_as_string(hide_password=True)
        click.confirm(
            f"Everything in the database {url} will be deleted and replaced. Continue?",
            abort=True,
        )
    try:
        summary = backups.restore_backup(
            db.engine,
            Path(current_app.config["UPLOAD_DIR"]),
            file,
            alembic_config(),
            force=force,
            progress=click.echo,
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    except (OSError, SQLAlchemyError) as error:
        message = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise click.ClickException(f"The restore failed and was undone: {message}") from None
    click.echo(f"Restored {summary.total_rows} row(s) and {summary.files} uploaded file(s).")
