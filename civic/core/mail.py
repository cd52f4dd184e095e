"""Sending e-mail.

Two backends: ``smtp`` sends through the configured server; ``file`` (the development default)
writes every message to the log and as an ``.eml`` file to ``instance/mail/`` so that a person
running the platform locally can open a verification link. Each message is rendered in the
recipient's language.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from civic.db import utcnow

log = logging.getLogger("civic.mail")


def build_message(
    to: str, subject: str, body: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    # A subject holds one line; a title or name with a line break in it must not end the header.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="civic.local")
    message["Auto-Submitted"] = "auto-generated"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if headers:
        # A long address without spaces (such as an unsubscribe link) would otherwise be
        # written as an RFC 2047 encoded word, which mail programs do not read as an address;
        # RFC 5322 allows header lines of up to 998 characters.
        message.policy = message.policy.clone(max_line_length=998)
    return message


def _send_file(message: EmailMessage) -> None:
    folder = Path(current_app.config["MAIL_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"{stamp}.eml"
    path.write_bytes(bytes(message))
    log.info("E-mail to %s written to %s\n%s", message["To"], path, message.get_content())


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=30, context=ssl.create_default_context()
        )
    else:
        server = smtplib.SMTP(host, port, timeout=30)
    with server:
        if config["MAIL_USE_TLS"]:
            server.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            server.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        server.send_message(message)


BACKENDS: dict[str, Callable[[EmailMessage], None]] = {"file": _send_file, "smtp": _send_smtp}


def send_mail(
    to: str,
    subject: str,
    template: str,
    locale: str = "de",
    *,
    headers: dict[str, str] | None = None,
    **context: object,
) -> bool:
    """Render ``templates/mail/<template>.txt`` in ``locale`` and send it (with extra
    ``headers``, such as ``List-Unsubscribe``, when given).

    A failing mail server must not break the action that sent the mail: the failure is logged
    and ``False`` returned, so that the caller can tell the user to ask for the mail again.
    """
    domain = to.rpartition("@")[2].strip().lower()
    if domain == "invalid" or domain.endswith(".invalid"):
        # A deleted account (``accounts.privacy.deleted_email``): nobody is there to read it.
        log.info("No e-mail %r to the address of a deleted account", str(subject))
        return True
    with force_locale(locale):
        body = render_template(f"mail/{template}.txt", **context)
        subject_text = str(subject)
    message = build_message(to, subject_text, body, headers)
    backend = BACKENDS[current_app.config["MAIL_BACKEND"]]
    try:
        backend(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send e-mail %r to %s", subject_text, to)
        return False
    return True


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers of a one-click unsubscribe link (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_notice(
    user: Any, subject: Any, summary: Any, link: str, quote: str = "", unsubscribe: str = ""
) -> bool:
    """One notice mail in the reader's language: the subject, one sentence, the text it is
    about, and where to look. ``subject`` and ``summary`` may be lazy strings. ``unsubscribe``
    is a link that stops such mails without signing in; it goes into the text and the
    headers."""
    from civic.core.site import get_settings

    return send_mail(
        user.email,
        subject,
        "notice",
        locale=user.locale,
        user=user,
        summary=summary,
        quote=quote,
        link=link,
        unsubscribe=unsubscribe,
        settings=get_settings(),
        headers=unsubscribe_headers(unsubscribe) if unsubscribe else None,
    )
