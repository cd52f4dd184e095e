"""Settings of the platform, read from environment variables.

Three profiles exist: ``development`` (the default, used by ``make run``), ``testing`` and
``production``. The profile is chosen by ``CIVIC_ENV``. Secrets are never written here: in
production ``SECRET_KEY`` and ``DATABASE_URL`` must come from the environment.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CIVIC_INSTANCE_DIR", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'civic.sqlite'}")
    INSTANCE_DIR = INSTANCE_DIR
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))
    # Where links in e-mails point to, e.g. https://beteiligung.example.de
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    # Sessions: one signed cookie, nothing else.
    SESSION_COOKIE_NAME = "civic_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = timedelta(days=_int("SESSION_LIFETIME_DAYS", 30))
    # The CSRF token lives as long as the session, so that slow writers do not lose their text.
    WTF_CSRF_TIME_LIMIT = None
    # A receipt of the proof of use may have 10 MB; the form around it needs a little more.
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 11 * 1024 * 1024)

    # Languages: German first.
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("CIVIC_TIMEZONE", "Europe/Berlin")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("de", "en")

    # E-mail: "file" writes each message to the log and to instance/mail/; "smtp" sends it.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_DIR = Path(os.environ.get("MAIL_DIR", INSTANCE_DIR / "mail"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "civic <noreply@localhost>")

    # Accounts
    EMAIL_TOKEN_MAX_AGE = timedelta(hours=_int("EMAIL_TOKEN_HOURS", 48))
    RESET_TOKEN_MAX_AGE = timedelta(hours=_int("RESET_TOKEN_HOURS", 2))
    PASSWORD_MIN_LENGTH = _int("PASSWORD_MIN_LENGTH", 10)
    # Admins must use a second factor (TOTP): without one they can open nothing but its setup.
    REQUIRE_ADMIN_TOTP = _bool("REQUIRE_ADMIN_TOTP", False)

    # Rate limits (Flask-Limiter): in memory by default, Redis when configured.
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Keeps the counters of two sites sharing one Redis apart (e.g. production and staging).
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    # While Redis is unreachable each worker counts on its own, instead of every sign-in, form
    # and API request failing; the counting returns to Redis as soon as it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    # Failed sign-ins per account (the address typed, known or not), from whatever address they
    # come: stops guessing spread over many connections. Successful sign-ins do not count.
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "5 per minute;20 per hour")
    # Wrong second-factor codes per account (at sign-in and when switching the factor off).
    RATELIMIT_TOTP = os.environ.get("RATELIMIT_TOTP", "5 per minute;20 per hour")
    RATELIMIT_REGISTER = os.environ.get("RATELIMIT_REGISTER", "5 per minute;20 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per minute;20 per hour")
    # Proposing, editing, supporting, join requests, offers: generous for people, not for bots.
    RATELIMIT_POSTING = os.environ.get("RATELIMIT_POSTING", "30 per minute;300 per hour")
    # Reports of barriers from the form below the accessibility statement (anyone may send).
    RATELIMIT_FEEDBACK = os.environ.get("RATELIMIT_FEEDBACK", "5 per minute;30 per hour")

    # The read-only API under /api/v1/, per client address.
    RATELIMIT_API = os.environ.get("RATELIMIT_API", "120 per minute;3000 per hour")

    # The statistics page and /api/v1/statistics count every project of the city: their figures
    # are kept this many seconds (the cron job ``flask civic refresh-cache`` counts them ahead).
    STATISTICS_MAX_AGE = _int("STATISTICS_MAX_AGE", 900)

    # Open data: the licence named in every export, the API and the open data page.
    OPEN_DATA_LICENSE_NAME = os.environ.get(
        "OPEN_DATA_LICENSE_NAME", "Datenlizenz Deutschland – Namensnennung – 2.0"
    )
    OPEN_DATA_LICENSE_URL = os.environ.get(
        "OPEN_DATA_LICENSE_URL", "https://www.govdata.de/dl-de/by-2-0"
    )

    # Behind a reverse proxy: how many proxies set X-Forwarded-For / -Proto.
    PROXY_COUNT = _int("PROXY_COUNT", 0)
    HSTS = False

    # Measuring under load (bench/): queries per request in a response header, and a baseline
    # page that renders the layout without any query. Off unless the benchmark asks for them.
    QUERY_COUNT_HEADER = _bool("QUERY_COUNT_HEADER", False)
    BENCH_BASELINE_ROUTE = _bool("BENCH_BASELINE_ROUTE", False)

    # Default content shown until an admin changes the settings in the admin area.
    DEFAULT_CITY_NAME = os.environ.get("CIVIC_CITY_NAME", "Musterstadt")

    @classmethod
    def check(cls) -> None:
        """Refuse to start with settings that are unsafe for the profile."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    # A development key is generated once per instance folder, see civic.create_app.
    SECRET_KEY = os.environ.get("SECRET_KEY", "")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-secret-key"  # noqa: S105 - fixed key for the test suite
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Limits stay switched on, but high: a dedicated test checks them with low ones.
    RATELIMIT_LOGIN = RATELIMIT_REGISTER = RATELIMIT_RESET = RATELIMIT_POSTING = "10000 per minute"
    RATELIMIT_LOGIN_ACCOUNT = RATELIMIT_TOTP = "10000 per minute"
    RATELIMIT_API = RATELIMIT_FEEDBACK = "10000 per minute"
    # Figures are counted on every request, so a test sees what it has just changed; the cache
    # itself has its own tests.
    STATISTICS_MAX_AGE = 0
    MAIL_BACKEND = "smtp"
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105 - fast hashing keeps the suite quick


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    HSTS = _bool("HSTS", True)

    @classmethod
    def check(cls) -> None:
        if len(cls.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY must be set to at least 32 random characters.")
        if "DATABASE_URL" not in os.environ:
            raise RuntimeError("DATABASE_URL must be set in production.")


PROFILES: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load(name: str | None = None) -> type[Config]:
    name = name or os.environ.get("CIVIC_ENV", "development")
    try:
        return PROFILES[name]
    except KeyError:
        raise RuntimeError(f"Unknown CIVIC_ENV {name!r}; use one of {sorted(PROFILES)}.") from None
