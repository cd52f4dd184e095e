"""civic — a platform on which the people of a city turn ideas into real projects."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

import config as config_module
from civic.db import db as database
from civic.extensions import babel, csrf, limiter, login_manager


class DatabaseIdConverter(IntegerConverter):
    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def _secret_key(app: Flask) -> str:
    """Development and ``make run`` get a random key kept in the instance folder."""
    path = Path(app.config["INSTANCE_DIR"]) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def select_locale() -> str:
    from flask import current_app
    from flask_login import current_user

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(config: type[config_module.Config] | dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        static_folder=str(config_module.BASE_DIR / "static"),
        instance_path=str(config_module.INSTANCE_DIR),
    )
    if isinstance(config, dict):
        app.config.from_object(config_module.load(config.get("ENV_NAME")))
        app.config.update(config)
    else:
        profile = config or config_module.load()
        profile.check()
        app.config.from_object(profile)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _secret_key(app)

    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    # Ids in URLs beyond what the database stores are simply not found (404), never an error.
    app.url_map.converters["int"] = DatabaseIdConverter
    database.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)

    from civic.accounts import auth

    auth.init_login_manager(login_manager)

    from civic.accounts.views import bp as accounts_bp
    from civic.admin.views import bp as admin_bp
    from civic.core.views import bp as core_bp
    from civic.events.views import bp as events_bp
    from civic.fund.views import bp as fund_bp
    from civic.mentoring.views import bp as mentoring_bp
    from civic.moderation.views import bp as moderation_bp
    from civic.opendata.api import bp as api_bp
    from civic.opendata.views import bp as opendata_bp
    from civic.participation.views import bp as participation_bp
    from civic.projects.views import bp as projects_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(fund_bp)
    app.register_blueprint(participation_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(api_bp)

    from civic.core import errors, instrumentation, security, templating
    from civic.core.cli import civic_cli

    errors.register(app)
    security.register(app)
    templating.register(app)
    instrumentation.register(app)
    app.cli.add_command(civic_cli)

    return app
