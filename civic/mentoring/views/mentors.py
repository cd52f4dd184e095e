"""Finding each other: the public list of mentors and a mentor's page, offers and requests,
answering and ending mentorships, the mentoring page of a project, the mentor dashboard."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.core.forms import choices
from civic.core.pagination import page_number
from civic.db import db
from civic.mentoring import operations as ops
from civic.mentoring import permissions as perm
from civic.mentoring import queries
from civic.mentoring.forms import AskForm, DeclineForm, EndForm, OfferForm
from civic.mentoring.models import Mentorship
from civic.mentoring.views import bp, found
from civic.projects.views import button_action, guard, project_or_404
from civic.projects.views.browse import _limit_posting, filter_context

# --- the public list of mentors ---------------------------------------------------------------


@bp.route("/mentors")
def mentors() -> Any:
    filters = queries.mentor_filters_from_args(request.args)
    page = queries.mentor_list(filters, page_number())
    return render_template("mentoring/mentors.html", page=page, filters=filters, **filter_context())


@bp.route("/mentors/<int:user_id>", methods=["GET", "POST"])
@_limit_posting()
def mentor(user_id: int) -> Any:
    """A mentor's public page; team members ask for mentorship here."""
    council_member = found(queries.council_member(user_id))
    projects = queries.projects_to_ask_for(current_user, council_member)
    form = AskForm()
    form.project.choices = choices((p.id, p.title) for p in projects)
    if request.method == "POST":
        guard(bool(projects))
        if form.validate_on_submit():
            project = project_or_404(form.project.data)
            try:
                ops.ask_for_mentor(current_user, project, council_member, form.message.data)
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(
                    _l(
                        "Your request has been sent to %(name)s. You will get an e-mail "
                        "with the answer.",
                        name=council_member.display_name,
                    ),
                    "success",
                )
                return redirect(url_for("mentoring.project_mentors", project_id=project.id))
    return render_template(
        "mentoring/mentor.html",
        mentor=council_member,
        profile=council_member.council_profile,
        mentorships=queries.mentored_projects(council_member),
        projects=projects,
        form=form,
    )


# --- the mentoring page of a project ----------------------------------------------------------


@bp.route("/projects/<int:project_id>/mentoring")
def project_mentors(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_see_mentoring_requests(current_user, project))
    return render_template(
        "mentoring/project_mentors.html",
        project=project,
        mentorships=queries.project_mentorships(project),
    )


@bp.route("/projects/<int:project_id>/mentoring/offer", methods=["GET", "POST"])
@_limit_posting()
def offer(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_offer_mentorship(current_user, project))
    form = OfferForm()
    if form.validate_on_submit():
        try:
            ops.offer_mentorship(current_user, project, form.message.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("Your offer has been sent to the team. You will get an e-mail with the answer."),
                "success",
            )
            return redirect(url_for("mentoring.dashboard"))
    return render_template("mentoring/offer.html", project=project, form=form)


# --- answering, withdrawing and ending --------------------------------------------------------


def _mentorship_or_404(mentorship_id: int) -> Mentorship:
    mentorship = found(queries.mentorship(mentorship_id))
    project_or_404(mentorship.project_id)
    return mentorship


def _back(mentorship: Mentorship) -> str:
    """Where the person who acted continues: the mentor to the dashboard, the team to the
    project's mentoring page."""
    if current_user.is_authenticated and current_user.id == mentorship.mentor_id:
        return url_for("mentoring.dashboard")
    return url_for("mentoring.project_mentors", project_id=mentorship.project_id)


@bp.route("/mentorships/<int:mentorship_id>/accept", methods=["POST"])
def accept(mentorship_id: int) -> Any:
    mentorship = _mentorship_or_404(mentorship_id)
    guard(perm.can_answer_mentorship(current_user, mentorship))
    button_action(
        lambda: ops.accept_mentorship(current_user, mentorship),
        _l("The mentorship has begun."),
    )
    return redirect(_back(mentorship))


@bp.route("/mentorships/<int:mentorship_id>/decline", methods=["GET", "POST"])
def decline(mentorship_id: int) -> Any:
    mentorship = _mentorship_or_404(mentorship_id)
    guard(perm.can_answer_mentorship(current_user, mentorship))
    form = DeclineForm()
    if form.validate_on_submit():
        ops.decline_mentorship(current_user, mentorship, form.note.data or "")
        db.session.commit()
        flash(_l("You have declined. The other side is told by e-mail."), "success")
        return redirect(_back(mentorship))
    return render_template(
        "mentoring/answer.html", mentorship=mentorship, form=form, back=_back(mentorship)
    )


@bp.route("/mentorships/<int:mentorship_id>/withdraw", methods=["POST"])
def withdraw(mentorship_id: int) -> Any:
    mentorship = _mentorship_or_404(mentorship_id)
    guard(perm.can_withdraw_mentorship_request(current_user, mentorship))
    button_action(
        lambda: ops.withdraw_mentorship_request(current_user, mentorship),
        _l("The request is withdrawn."),
    )
    return redirect(_back(mentorship))


@bp.route("/mentorships/<int:mentorship_id>/end", methods=["GET", "POST"])
def end(mentorship_id: int) -> Any:
    mentorship = _mentorship_or_404(mentorship_id)
    guard(perm.can_end_mentorship(current_user, mentorship))
    form = EndForm()
    if form.validate_on_submit():
        try:
            ops.end_mentorship(current_user, mentorship, form.reason.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The mentorship has ended."), "success")
            return redirect(_back(mentorship))
    return render_template(
        "mentoring/end.html", mentorship=mentorship, form=form, back=_back(mentorship)
    )


# --- the mentor dashboard ---------------------------------------------------------------------


@bp.route("/mentoring")
def dashboard() -> Any:
    guard(perm.can_use_dashboard(current_user))
    mine = queries.my_mentorships(current_user)
    return render_template(
        "mentoring/dashboard.html",
        profile=current_user.council_profile,
        mine=mine,
        counts=queries.open_counts([m.project_id for m in mine]),
        waiting=queries.waiting_for(current_user),
        offers=queries.my_offers(current_user),
        unmentored=queries.unmentored_in_districts(current_user, page_number()),
    )
