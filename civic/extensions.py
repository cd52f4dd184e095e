"""Flask extensions, created unbound and initialised in :func:`civic.create_app`."""

from __future__ import annotations

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


def _rate_limit_key() -> str:
    return get_remote_address() or request.remote_addr or "unknown"


limiter = Limiter(key_func=_rate_limit_key, default_limits=[])
