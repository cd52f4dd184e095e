"""Notifications in the app (the list, marking read, opening a link), the choice per kind of how
often mail comes, and the one-click unsubscribe link of every notification mail, which works
without signing in."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import RadioField
from wtforms.validators import InputRequired

from civic.accounts.forms import ConfirmForm
from civic.core.forms import BaseForm, choices
from civic.core.pagination import page_number, paginate
from civic.db import db
from civic.extensions import csrf
from civic.participation import notifications as notes
from civic.participation.models import Frequency, Notification
from civic.participation.views import bp

PER_PAGE = 20


@bp.record_once
def _unread_count_for_templates(state: Any) -> None:
    """``unread_notifications()`` in any template: the count in the main navigation (one query
    per request for people signed in, none for visitors)."""
    state.app.jinja_env.globals["unread_notifications"] = lambda: notes.unread_count(current_user)


def _own_notification_or_404(notification_id: int) -> Notification:
    """A notification exists only for the person it is for."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    return notification


def _back_to_list() -> Any:
    page = page_number()
    return redirect(url_for("participation.notifications", page=page if page > 1 else None))


@bp.route("/notifications")
@login_required
def notifications() -> Any:
    page = paginate(notes.notifications_of(current_user), page_number(), per_page=PER_PAGE)
    return render_template(
        "participation/notifications.html",
        page=page,
        kinds=notes.KINDS,
        local_path=notes.local_path,
    )


@bp.route("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int) -> Any:
    """Marks the notification read and goes where its link leads — only to pages of this
    platform; any other link is not followed."""
    notification = _own_notification_or_404(notification_id)
    notes.mark_read(current_user, notification)
    db.session.commit()
    path = notes.local_path(notification.link)
    if path is None:
        flash(_l("This notification has no link to a page of the platform."), "info")
        return redirect(url_for("participation.notifications"))
    return redirect(path)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int) -> Any:
    notification = _own_notification_or_404(notification_id)
    if ConfirmForm().validate_on_submit():
        notes.mark_read(current_user, notification)
        db.session.commit()
        flash(_l("The notification is marked as read."), "success")
    return _back_to_list()


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read() -> Any:
    if ConfirmForm().validate_on_submit():
        notes.mark_all_read(current_user)
        db.session.commit()
        flash(_l("All notifications are marked as read."), "success")
    return _back_to_list()


# --- how often mail comes ----------------------------------------------------------------------


class NotificationSettingsForm(BaseForm):
    """One choice per kind of notification; the fields are added by ``settings_form``."""


def settings_form(current: dict[str, Frequency]) -> NotificationSettingsForm:
    """The form with a group of radio buttons per kind, the person's choice (or the default)
    selected."""

    class Form(NotificationSettingsForm):
        pass

    options = choices((value.value, label) for value, label in notes.FREQUENCY_LABELS.items())
    for kind, label in notes.KINDS.items():
        setattr(
            Form,
            kind,
            RadioField(
                label, choices=options, default=current[kind].value, validators=[InputRequired()]
            ),
        )
    return Form()


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings() -> Any:
    form = settings_form(notes.frequencies(current_user))
    if form.validate_on_submit():
        notes.set_frequencies(
            current_user, {kind: Frequency(form[kind].data) for kind in notes.KINDS}
        )
        db.session.commit()
        flash(_l("Your choices are saved."), "success")
        return redirect(url_for("participation.settings"))
    return render_template("participation/settings.html", form=form, kinds=list(notes.KINDS))


# --- unsubscribing without signing in ----------------------------------------------------------


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    """GET asks to confirm; POST stops the mails. A mail program may POST the form body
    ``List-Unsubscribe=One-Click`` itself (RFC 8058), and so may the button on the page."""
    found = notes.read_unsubscribe_token(token)
    if found is None:
        return render_template("participation/unsubscribe_invalid.html"), 404
    user, kind = found
    what = _l("all e-mail notifications") if kind == notes.ALL_KINDS else notes.KINDS[kind]
    # Whoever follows the link from a mail reads the page in the mail's language.
    with force_locale(user.locale):
        if request.method == "POST":
            notes.unsubscribe(user, kind)
            db.session.commit()
            return render_template("participation/unsubscribe_done.html", what=what)
        return render_template("participation/unsubscribe.html", what=what, token=token)


# The unsubscribe link must work from a mail program, which posts without a CSRF token
# (RFC 8058) and without a session. Only this endpoint is exempt: the signed token in its URL
# is the authorisation — it names one person and cannot be made without the secret key — and
# the worst a forged request could do with a leaked token is stop that person's mail.
csrf.exempt(unsubscribe)
