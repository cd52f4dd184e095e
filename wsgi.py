"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

from civic import create_app

app = create_app()
