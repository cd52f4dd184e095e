"""Rate limits on login, registration and password reset."""

from __future__ import annotations

from civic import create_app
from tests.conftest import database_url


def test_login_attempts_are_limited_with_a_friendly_page(app):
    limited = create_app(
        {
            **app.config,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_LOGIN": "3 per minute",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": database_url(),
        }
    )
    client = limited.test_client()
    answers = [
        client.post("/login", data={"email": "a@example.org", "password": "x"}).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    page = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert "Zu viele Versuche" in page.get_data(as_text=True)
    # Reading the login page is not limited.
    assert client.get("/login").status_code == 200
