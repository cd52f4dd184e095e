"""The team: asking to join, answering requests, invitations by e-mail, leaving, and handing
over the initiator role."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError, render_error
from civic.core.forms import choices
from civic.db import db
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects import queries
from civic.projects.forms import (
    HandOverForm,
    InvitationAnswerForm,
    InviteForm,
    MessageForm,
    TaskForm,
)
from civic.projects.models import Invitation, JoinRequest, Membership, Project
from civic.projects.views import bp, button_action, guard, project_or_404
from civic.projects.views.browse import _limit_posting
from civic.projects.workflow import MemberRole


def _team_url(project: Project, anchor: str = "") -> str:
    return url_for("projects.team", project_id=project.id) + (f"#{anchor}" if anchor else "")


# --- asking to join ----------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/join", methods=["GET", "POST"])
@_limit_posting()
def join(project_id: int) -> Any:
    project = project_or_404(project_id)
    pending = ops.pending_join_request(current_user, project)
    if pending is None:
        guard(perm.can_request_to_join(current_user, project))
    form = MessageForm()
    if pending is None and form.validate_on_submit():
        try:
            ops.request_to_join(current_user, project, form.message.data or "")
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Your request has been sent to the team. They will answer soon."), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/join.html", project=project, form=form, pending=pending)


@bp.route("/projects/<int:project_id>/join/withdraw", methods=["POST"])
def withdraw_join(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(current_user.is_authenticated)
    pending = ops.pending_join_request(current_user, project)
    if ConfirmForm().validate_on_submit():
        if pending is None:
            flash(_l("You have no request waiting for this team."), "info")
        else:
            ops.withdraw_join_request(current_user, pending)
            db.session.commit()
            flash(_l("Your request to join is withdrawn."), "success")
    return redirect(url_for("projects.detail", project_id=project.id))


# --- the team page -----------------------------------------------------------------------------


def _fill_members(form: HandOverForm, project: Project) -> None:
    """Everyone on the team who is not an initiator yet may become one."""
    form.member.choices = choices(
        (m.user_id, m.user.display_name)
        for m in project.memberships
        if m.role is not MemberRole.INITIATOR and m.user_id != current_user.id
    )


def _render_team(
    project: Project,
    invite_form: InviteForm | None = None,
    hand_over_form: HandOverForm | None = None,
) -> Any:
    if hand_over_form is None:
        hand_over_form = HandOverForm(formdata=None)
        _fill_members(hand_over_form, project)
    return render_template(
        "projects/team.html",
        project=project,
        membership=perm.membership(current_user, project),
        join_requests=queries.pending_join_requests(project),
        invitations=queries.pending_invitations(project),
        invite_form=invite_form or InviteForm(formdata=None),
        hand_over_form=hand_over_form,
    )


@bp.route("/projects/<int:project_id>/team")
def team(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.is_team_member(current_user, project))
    return _render_team(project)


@bp.route("/projects/<int:project_id>/team/members/<int:member_id>/task", methods=["GET", "POST"])
def member_task(project_id: int, member_id: int) -> Any:
    project = project_or_404(project_id)
    member = db.session.get(Membership, member_id)
    if member is None or member.project_id != project.id:
        abort(404)
    guard(perm.can_manage_team(current_user, project))
    form = TaskForm(obj=member)
    if form.validate_on_submit():
        ops.set_task(current_user, project, member, form.task.data or "")
        db.session.commit()
        flash(_l("The task of %(name)s is saved.", name=member.user.display_name), "success")
        return redirect(_team_url(project, "members"))
    return render_template("projects/member_task.html", project=project, member=member, form=form)


@bp.route(
    "/projects/<int:project_id>/team/requests/<int:request_id>/<any(accept,decline):answer>",
    methods=["POST"],
)
def answer_join_request(project_id: int, request_id: int, answer: str) -> Any:
    project = project_or_404(project_id)
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None or join_request.project_id != project.id:
        abort(404)
    guard(perm.can_manage_team(current_user, project))
    name = join_request.user.display_name
    if answer == "accept":
        button_action(
            lambda: ops.accept_join_request(current_user, join_request),
            _l("%(name)s is now on the team.", name=name),
        )
    else:
        button_action(
            lambda: ops.decline_join_request(current_user, join_request),
            _l("The request of %(name)s is declined.", name=name),
        )
    return redirect(_team_url(project, "requests"))


# --- invitations -------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/team/invite", methods=["POST"])
@_limit_posting()
def invite(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_manage_team(current_user, project))
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, sent = ops.invite(
                current_user, project, form.email.data, form.message.data or ""
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            if sent:
                flash(_l("The invitation is sent to %(email)s.", email=invitation.email), "success")
            else:
                flash(
                    _l(
                        "The invitation to %(email)s could not be sent by e-mail. Please revoke "
                        "it and try again later.",
                        email=invitation.email,
                    ),
                    "error",
                )
            return redirect(_team_url(project, "invitations"))
    return _render_team(project, invite_form=form)


@bp.route(
    "/projects/<int:project_id>/team/invitations/<int:invitation_id>/revoke", methods=["POST"]
)
def revoke_invitation(project_id: int, invitation_id: int) -> Any:
    project = project_or_404(project_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.project_id != project.id:
        abort(404)
    guard(perm.can_manage_team(current_user, project))
    button_action(
        lambda: ops.revoke_invitation(current_user, invitation),
        _l("The invitation to %(email)s is revoked.", email=invitation.email),
    )
    return redirect(_team_url(project, "invitations"))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Any:
    found = ops.invitation_for_token(token)
    if found is None:
        return render_error(
            404,
            _l(
                "This invitation link is invalid or has expired. Please ask the team for a new "
                "invitation."
            ),
        )
    project = found.project
    form = InvitationAnswerForm()
    if request.method == "POST":
        guard(perm.is_citizen(current_user))
        if form.validate_on_submit() and (form.accept.data or form.decline.data):
            accept = bool(form.accept.data)
            try:
                ops.answer_invitation(current_user, found, accept=accept)
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                if accept:
                    flash(_l("Welcome to the team of “%(title)s”!", title=project.title), "success")
                    return redirect(url_for("projects.detail", project_id=project.id))
                flash(_l("You have declined the invitation."), "success")
                return redirect(url_for("core.home"))
    return render_template(
        "projects/invitation.html",
        invitation=found,
        project=project,
        form=form,
        member=perm.is_team_member(current_user, project),
    )


# --- leaving and handing over ------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/team/leave", methods=["GET", "POST"])
def leave(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.is_team_member(current_user, project))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            ops.leave(current_user, project)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("You have left the team of “%(title)s”.", title=project.title), "success")
            return redirect(url_for("projects.detail", project_id=project.id))
    return render_template(
        "projects/confirm.html",
        project=project,
        form=form,
        title=_l("Leave the team"),
        question=_l(
            "Do you really want to leave the team of “%(title)s”? To come back, you would have "
            "to ask to join again.",
            title=project.title,
        ),
        button=_l("Leave the team"),
        back=_team_url(project),
    )


@bp.route("/projects/<int:project_id>/team/hand-over", methods=["POST"])
def hand_over(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_hand_over(current_user, project))
    form = HandOverForm()
    _fill_members(form, project)
    if form.validate_on_submit():
        name = next(
            (m.user.display_name for m in project.memberships if m.user_id == form.member.data),
            "",
        )
        try:
            ops.hand_over(current_user, project, form.member.data, bool(form.stay_initiator.data))
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("%(name)s is now initiator of the project.", name=name), "success")
            return redirect(_team_url(project))
    return _render_team(project, hand_over_form=form)
