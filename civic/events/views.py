"""The events blueprint: the list (upcoming and past), the event page, announcing, editing,
cancelling, registering, the participants list, the report, and the iCalendar files."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import (
    format_date,
    format_time,
    get_timezone,
    gettext,
    ngettext,
    to_user_timezone,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError, PermissionDenied
from civic.core.forms import choices
from civic.core.pagination import page_number
from civic.db import db
from civic.events import ical, queries
from civic.events import operations as ops
from civic.events import permissions as perm
from civic.events.forms import CancelEventForm, EventForm, ReportForm
from civic.events.models import Event
from civic.events.workflow import PHASE_LABELS, REGISTRATION_LABELS, RegistrationStatus
from civic.extensions import limiter

bp = Blueprint("events", __name__, template_folder="templates")


@bp.record_once
def _vocabulary(state: Any) -> None:
    """Templates and macros (imported without context) see the permission predicates and
    labels of events as globals; they hold no request state."""
    state.app.jinja_env.globals.update(
        eperm=perm,
        event_phase_labels=PHASE_LABELS,
        registration_labels=REGISTRATION_LABELS,
        # For the project page, which lists the project's next events.
        project_events=queries.upcoming_events_for_project,
    )


def guard(allowed: bool) -> None:
    """401 for visitors (who are sent to sign in), 403 for everyone else who may not."""
    if not allowed:
        abort(401 if not current_user.is_authenticated else 403)


def event_or_404(event_id: int) -> Event:
    event = queries.event_for_page(event_id)
    if event is None:
        abort(404)
    return event


def _detail(event: Event, anchor: str = "") -> Any:
    return redirect(url_for("events.detail", event_id=event.id) + anchor)


def _limit_posting() -> Any:
    return limiter.limit(lambda: current_app.config["RATELIMIT_POSTING"], methods=["POST"])


@bp.route("/events")
def index() -> Any:
    filters = queries.filters_from_args(request.args)
    page = queries.event_list(filters, page_number())
    return render_template(
        "events/list.html",
        page=page,
        filters=filters,
        districts=queries.districts(),
        statuses=queries.statuses_for(current_user, page.items),
    )


@bp.route("/events/<int:event_id>")
def detail(event_id: int) -> Any:
    event = event_or_404(event_id)
    registration = ops.registration_of(current_user, event)
    return render_template(
        "events/detail.html",
        event=event,
        registration=registration,
        position=ops.waiting_position(registration) if registration else None,
    )


def _fill_choices(form: EventForm, event: Event | None = None) -> None:
    form.district.choices = choices(
        [(0, _l("No particular district"))] + [(d.id, d.name) for d in queries.districts()]
    )
    keep = event.projects if event is not None else []
    form.projects.choices = choices((p.id, p.title) for p in queries.linkable_projects(keep))


@bp.route("/events/new", methods=["GET", "POST"])
@_limit_posting()
def new() -> Any:
    guard(perm.can_announce(current_user))
    form = EventForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            event = ops.announce_event(current_user, **form.operation_fields())
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The event is announced."), "success")
            return _detail(event)
    return render_template(
        "events/form.html", form=form, event=None, timezone_name=str(get_timezone())
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@_limit_posting()
def edit(event_id: int) -> Any:
    event = event_or_404(event_id)
    guard(perm.can_edit_event(current_user, event))
    form = EventForm()
    _fill_choices(form, event)
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        try:
            ops.update_event(current_user, event, **form.operation_fields())
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The event is saved."), "success")
            return _detail(event)
    return render_template(
        "events/form.html", form=form, event=event, timezone_name=str(get_timezone())
    )


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
def cancel(event_id: int) -> Any:
    event = event_or_404(event_id)
    guard(perm.can_cancel_event(current_user, event))
    form = CancelEventForm()
    if form.validate_on_submit():
        try:
            told = ops.cancel_event(current_user, event, form.reason.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                ngettext(
                    "The event is cancelled. %(num)d person was told by e-mail.",
                    "The event is cancelled. %(num)d people were told by e-mail.",
                    len(told),
                ),
                "success",
            )
            return _detail(event)
    return render_template(
        "events/confirm.html",
        event=event,
        form=form,
        title=_l("Cancel the event"),
        question=_l(
            "Do you really want to cancel “%(title)s”? This cannot be undone. "
            "%(registered)d registered and %(waiting)d waiting people will receive the reason "
            "by e-mail.",
            title=event.title,
            registered=event.registered_count,
            waiting=event.waiting_count,
        ),
        button=_l("Cancel the event"),
        back_label=_l("Keep the event"),
    )


@bp.route("/events/<int:event_id>/participants")
def participants(event_id: int) -> Any:
    event = event_or_404(event_id)
    guard(perm.can_view_participants(current_user, event))
    people = queries.participants(event)
    return render_template(
        "events/participants.html",
        event=event,
        registered=people[RegistrationStatus.REGISTERED],
        waiting=people[RegistrationStatus.WAITING],
    )


@bp.route("/events/<int:event_id>/report", methods=["GET", "POST"])
@_limit_posting()
def report(event_id: int) -> Any:
    event = event_or_404(event_id)
    guard(perm.can_write_report(current_user, event))
    form = ReportForm()
    if request.method == "GET":
        form.report.data = event.report_markdown
    if form.validate_on_submit():
        try:
            ops.write_report(current_user, event, form.report.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The report is saved."), "success")
            return _detail(event, "#report")
    return render_template("events/report.html", event=event, form=form)


@bp.route("/events/<int:event_id>/register", methods=["POST"])
@_limit_posting()
def register(event_id: int) -> Any:
    event = event_or_404(event_id)
    if not current_user.is_authenticated:
        flash(_l("Please sign in to register for the event."), "info")
        return redirect(url_for("accounts.login", next=url_for("events.detail", event_id=event.id)))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        registration, new = ops.register(current_user, event)
    except PermissionDenied:
        if not perm.registration_open(event):
            flash(_l("Registration is closed: the event has begun or was cancelled."), "error")
        else:
            flash(_l("Please confirm your e-mail address before you register."), "error")
        return _detail(event, "#registration")
    db.session.commit()
    if not new:
        flash(_l("You are registered already."), "info")
    elif registration.status is RegistrationStatus.REGISTERED:
        flash(_l("You are registered. We have sent you a confirmation by e-mail."), "success")
    else:
        flash(
            _l(
                "All seats are taken, so you are on the waiting list (number %(position)d). "
                "If a seat becomes free, you move up and we tell you by e-mail.",
                position=ops.waiting_position(registration) or 0,
            ),
            "info",
        )
    return _detail(event, "#registration")


@bp.route("/events/<int:event_id>/unregister", methods=["GET", "POST"])
def unregister(event_id: int) -> Any:
    event = event_or_404(event_id)
    guard(current_user.is_authenticated)
    registration = ops.registration_of(current_user, event)
    if registration is None or registration.status is RegistrationStatus.CANCELLED:
        flash(_l("You are not registered for this event."), "info")
        return _detail(event)
    if not perm.can_cancel_registration(current_user, event):
        flash(_l("This event has begun or was cancelled; registrations no longer change."), "info")
        return _detail(event)
    form = ConfirmForm()
    if form.validate_on_submit():
        waiting = registration.status is RegistrationStatus.WAITING
        try:
            ops.cancel_registration(current_user, event)
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            if waiting:
                flash(_l("You are no longer on the waiting list."), "success")
            else:
                flash(_l("Your registration is cancelled."), "success")
        return _detail(event, "#registration")
    if registration.status is RegistrationStatus.WAITING:
        question = _l("Do you want to leave the waiting list for “%(title)s”?", title=event.title)
    elif event.waiting_count:
        question = _l(
            "Do you want to cancel your registration for “%(title)s”? Your seat goes to the "
            "next person on the waiting list; if you change your mind, you join the end of "
            "the waiting list.",
            title=event.title,
        )
    else:
        question = _l("Do you want to cancel your registration for “%(title)s”?", title=event.title)
    return render_template(
        "events/confirm.html",
        event=event,
        form=form,
        title=_l("Cancel my registration"),
        question=question,
        button=_l("Cancel my registration"),
        back_label=_l("Keep my registration"),
    )


def _calendar_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.route("/events/<int:event_id>.ics")
def ics_event(event_id: int) -> Any:
    event = event_or_404(event_id)
    return _calendar_response(ical.calendar([event], ical.feed_name()), f"event-{event.id}.ics")


@bp.route("/events.ics")
def feed() -> Any:
    return _calendar_response(ical.calendar(queries.feed_events(), ical.feed_name()), "events.ics")


@bp.app_template_filter("event_when")
def event_when(event: Any) -> str:
    """When an event takes place, in the reader's language and the site's time zone:
    "Monday, 1 December 2026, 18:00 – 20:00" (the end's day only when it differs). Takes
    anything with ``starts_at`` and ``ends_at``."""
    start, end = to_user_timezone(event.starts_at), to_user_timezone(event.ends_at)
    if start.date() == end.date():
        return gettext(
            "%(day)s, %(start)s – %(end)s",
            day=format_date(start, "full", rebase=False),
            start=format_time(start, "short", rebase=False),
            end=format_time(end, "short", rebase=False),
        )
    return gettext(
        "%(day)s, %(start)s – %(end_day)s, %(end)s",
        day=format_date(start, "full", rebase=False),
        start=format_time(start, "short", rebase=False),
        end_day=format_date(end, "full", rebase=False),
        end=format_time(end, "short", rebase=False),
    )
