"""The workspace of a project: messages, introductions, hurdles, political questions and
mediation requests. Only the team, the project's mentors and the coordination office enter it
(``workspace_project``); a mediation request is narrower still and answers 404 to everyone
else, so that nobody learns that it exists."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.forms import ConfirmForm
from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.core.forms import choices
from civic.core.pagination import page_number
from civic.db import db
from civic.mentoring import operations as ops
from civic.mentoring import permissions as perm
from civic.mentoring import queries
from civic.mentoring.forms import (
    AnswerForm,
    BringForm,
    HurdleForm,
    HurdleUpdateForm,
    IntroductionForm,
    MediationForm,
    OutcomeForm,
    QuestionForm,
    WorkspaceMessageForm,
)
from civic.mentoring.models import Hurdle, MediationRequest, PoliticalQuestion
from civic.mentoring.views import bp, found, workspace_project
from civic.mentoring.workflow import HurdleStatus, IntroductionKind
from civic.projects.models import Project
from civic.projects.views import button_action, guard
from civic.projects.views.browse import _limit_posting


def _render(template: str, project: Project, section: str, **context: Any) -> Any:
    """A workspace page: the project, the section for the sub-navigation and the counts of
    open items shown in it."""
    counts = queries.open_counts([project.id])[project.id]
    if not perm.is_mentor(current_user, project):
        # Mediation requests are the requester's and the mentors' business only: nobody
        # else learns how many there are.
        counts = {**counts, "mediation": 0}
    return render_template(
        f"mentoring/{template}", project=project, section=section, counts=counts, **context
    )


# --- messages ---------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/workspace", methods=["GET", "POST"])
@_limit_posting()
def workspace(project_id: int) -> Any:
    project = workspace_project(project_id)
    form = WorkspaceMessageForm()
    if request.method == "POST":
        guard(perm.can_post_message(current_user, project))
        if form.validate_on_submit():
            try:
                ops.post_message(current_user, project, form.body.data)
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(
                    _l("Your message is posted. The team and the mentors get it by e-mail."),
                    "success",
                )
                return redirect(url_for("mentoring.workspace", project_id=project.id))
    return _render(
        "workspace.html",
        project,
        "messages",
        form=form,
        mentors=queries.mentors_for_page(project),
        page=queries.messages(project, page_number()),
    )


# --- introductions ----------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/workspace/introductions", methods=["GET", "POST"])
def introductions(project_id: int) -> Any:
    project = workspace_project(project_id)
    form = IntroductionForm()
    if request.method == "POST":
        guard(perm.can_record_introduction(current_user, project))
        if form.validate_on_submit():
            try:
                ops.record_introduction(
                    current_user,
                    project,
                    IntroductionKind(form.kind.data),
                    form.contact.data,
                    form.reason.data,
                )
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(_l("The introduction is recorded and the team is told."), "success")
                return redirect(url_for("mentoring.introductions", project_id=project.id))
    return _render(
        "workspace_introductions.html",
        project,
        "introductions",
        form=form,
        page=queries.introductions(project, page_number()),
    )


@bp.route(
    "/projects/<int:project_id>/workspace/introductions/<int:introduction_id>/outcome",
    methods=["GET", "POST"],
)
def introduction_outcome(project_id: int, introduction_id: int) -> Any:
    project = workspace_project(project_id)
    introduction = found(queries.introduction(project, introduction_id))
    guard(perm.can_record_outcome(current_user, introduction, project))
    form = OutcomeForm()
    if request.method == "GET":
        form.outcome.data = introduction.outcome
    if form.validate_on_submit():
        try:
            ops.record_outcome(current_user, introduction, project, form.outcome.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The outcome is saved."), "success")
            url = url_for("mentoring.introductions", project_id=project.id)
            return redirect(f"{url}#introduction-{introduction.id}")
    return _render(
        "workspace_outcome.html", project, "introductions", form=form, introduction=introduction
    )


# --- hurdles ----------------------------------------------------------------------------------


def _hurdle_form(form_class: type[HurdleForm | HurdleUpdateForm], project: Project) -> Any:
    """The form with who can work on a hurdle: nobody yet, a member of the team or a
    mentor."""
    form = form_class()
    people = [(0, _("Nobody yet"))]
    people += [(m.user.id, m.user.display_name) for m in project.memberships]
    people += [
        (m.mentor.id, _("%(name)s (mentor)", name=m.mentor.display_name))
        for m in queries.mentors_for_page(project)
    ]
    unique: dict[int, str] = {}
    for user_id, name in people:
        unique.setdefault(user_id, name)
    form.assignee.choices = choices(unique.items())
    return form


@bp.route("/projects/<int:project_id>/workspace/hurdles", methods=["GET", "POST"])
def hurdles(project_id: int) -> Any:
    project = workspace_project(project_id)
    form = _hurdle_form(HurdleForm, project)
    if request.method == "GET":
        form.assignee.data = 0
    else:
        guard(perm.can_add_hurdle(current_user, project))
        if form.validate_on_submit():
            try:
                ops.add_hurdle(
                    current_user,
                    project,
                    form.title.data,
                    form.description.data or "",
                    form.assignee.data or None,
                )
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(_l("The hurdle is noted."), "success")
                return redirect(url_for("mentoring.hurdles", project_id=project.id))
    return _render(
        "workspace_hurdles.html",
        project,
        "hurdles",
        form=form,
        page=queries.hurdles(project, page_number()),
    )


@bp.route("/projects/<int:project_id>/workspace/hurdles/<int:hurdle_id>", methods=["GET", "POST"])
def hurdle(project_id: int, hurdle_id: int) -> Any:
    project = workspace_project(project_id)
    item: Hurdle = found(queries.hurdle(project, hurdle_id))
    form = _hurdle_form(HurdleUpdateForm, project)
    if request.method == "GET":
        form.status.data = item.status
        form.assignee.data = item.assignee_id or 0
    else:
        guard(perm.can_update_hurdle(current_user, item, project))
        if form.validate_on_submit():
            try:
                ops.update_hurdle(
                    current_user,
                    item,
                    project,
                    HurdleStatus(form.status.data),
                    form.assignee.data or None,
                )
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(_l("The hurdle is saved."), "success")
                return redirect(
                    url_for("mentoring.hurdle", project_id=project.id, hurdle_id=item.id)
                )
    return _render("workspace_hurdle.html", project, "hurdles", form=form, hurdle=item)


# --- political questions ----------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/workspace/questions", methods=["GET", "POST"])
def questions(project_id: int) -> Any:
    project = workspace_project(project_id)
    form = QuestionForm()
    if request.method == "POST":
        guard(perm.can_ask_question(current_user, project))
        if form.validate_on_submit():
            try:
                item = ops.ask_question(current_user, project, form.question.data)
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(
                    _l("The question is noted. The mentors can bring it into the council."),
                    "success",
                )
                return redirect(
                    url_for("mentoring.question", project_id=project.id, question_id=item.id)
                )
    return _render(
        "workspace_questions.html",
        project,
        "questions",
        form=form,
        page=queries.questions(project, page_number()),
    )


def _question_url(question: PoliticalQuestion) -> str:
    return url_for("mentoring.question", project_id=question.project_id, question_id=question.id)


def _render_question(
    project: Project,
    question: PoliticalQuestion,
    bring_form: BringForm | None = None,
    answer_form: AnswerForm | None = None,
) -> Any:
    if bring_form is None:
        bring_form = BringForm(formdata=None)
        if question.council_reference:
            bring_form.reference.data = question.council_reference
            bring_form.brought_on.data = question.brought_on
    return _render(
        "workspace_question.html",
        project,
        "questions",
        question=question,
        bring_form=bring_form,
        answer_form=answer_form or AnswerForm(formdata=None),
    )


@bp.route("/projects/<int:project_id>/workspace/questions/<int:question_id>")
def question(project_id: int, question_id: int) -> Any:
    project = workspace_project(project_id)
    return _render_question(project, found(queries.question(project, question_id)))


@bp.route(
    "/projects/<int:project_id>/workspace/questions/<int:question_id>/bring", methods=["POST"]
)
def bring_question(project_id: int, question_id: int) -> Any:
    project = workspace_project(project_id)
    item = found(queries.question(project, question_id))
    guard(perm.can_bring_question(current_user, item, project))
    form = BringForm()
    if form.validate_on_submit():
        try:
            ops.bring_question(
                current_user, item, project, form.reference.data, form.brought_on.data
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("Saved: the question is brought into the council."), "success")
            return redirect(_question_url(item))
    return _render_question(project, item, bring_form=form)


@bp.route(
    "/projects/<int:project_id>/workspace/questions/<int:question_id>/answer", methods=["POST"]
)
def answer_question(project_id: int, question_id: int) -> Any:
    project = workspace_project(project_id)
    item = found(queries.question(project, question_id))
    guard(perm.can_bring_question(current_user, item, project))
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            ops.answer_question(
                current_user, item, project, form.answer.data, form.answered_on.data
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("The answer is saved. The team can now show it on the project page."),
                "success",
            )
            return redirect(_question_url(item))
    return _render_question(project, item, answer_form=form)


@bp.route(
    "/projects/<int:project_id>/workspace/questions/<int:question_id>/publish", methods=["POST"]
)
def publish_question(project_id: int, question_id: int) -> Any:
    project = workspace_project(project_id)
    item = found(queries.question(project, question_id))
    guard(perm.can_publish_question(current_user, item, project))
    public = request.form.get("public")
    if public not in ("0", "1"):
        abort(400)
    button_action(
        lambda: ops.set_question_public(current_user, item, project, public == "1"),
        _l("The question and its answer are shown on the project page.")
        if public == "1"
        else _l("The question is no longer shown on the project page."),
    )
    return redirect(_question_url(item))


# --- mediation --------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/workspace/mediation", methods=["GET", "POST"])
@_limit_posting()
def mediation_list(project_id: int) -> Any:
    project = workspace_project(project_id)
    form = MediationForm()
    if request.method == "POST":
        guard(perm.can_ask_for_mediation(current_user, project))
        if form.validate_on_submit():
            try:
                item = ops.ask_for_mediation(
                    current_user, project, form.subject.data, form.message.data
                )
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(_l("Your request is sent to the mentors. Only they can read it."), "success")
                return redirect(
                    url_for("mentoring.mediation", project_id=project.id, mediation_id=item.id)
                )
    return _render(
        "workspace_mediation_list.html",
        project,
        "mediation",
        form=form,
        page=queries.mediation_requests(current_user, project, page_number()),
    )


def _mediation_or_404(project: Project, mediation_id: int) -> MediationRequest:
    """The request, for the person who asked and the mentors; 404 for everyone else."""
    item = found(queries.mediation_request(project, mediation_id))
    if not perm.can_view_mediation(current_user, item, project):
        abort(404)
    return item


def _mediation_url(item: MediationRequest) -> str:
    return url_for("mentoring.mediation", project_id=item.project_id, mediation_id=item.id)


@bp.route(
    "/projects/<int:project_id>/workspace/mediation/<int:mediation_id>", methods=["GET", "POST"]
)
@_limit_posting()
def mediation(project_id: int, mediation_id: int) -> Any:
    project = workspace_project(project_id)
    item = _mediation_or_404(project, mediation_id)
    form = WorkspaceMessageForm()
    if request.method == "POST":
        guard(perm.can_reply_mediation(current_user, item, project))
        if form.validate_on_submit():
            try:
                ops.reply_mediation(current_user, item, project, form.body.data)
            except OperationError as error:
                form_error(form, error)
            else:
                db.session.commit()
                flash(_l("Your reply is sent."), "success")
                return redirect(_mediation_url(item))
    return _render(
        "workspace_mediation.html",
        project,
        "mediation",
        form=form,
        mediation=item,
        messages=queries.mediation_messages(item),
    )


@bp.route(
    "/projects/<int:project_id>/workspace/mediation/<int:mediation_id>/close",
    methods=["GET", "POST"],
)
def close_mediation(project_id: int, mediation_id: int) -> Any:
    project = workspace_project(project_id)
    item = _mediation_or_404(project, mediation_id)
    guard(perm.can_close_mediation(current_user, item, project))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            ops.close_mediation(current_user, item, project)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The mediation request is closed."), "success")
            return redirect(_mediation_url(item))
    return render_template(
        "projects/confirm.html",
        project=project,
        form=form,
        title=_("Close the mediation request “%(subject)s”", subject=item.subject),
        question=_(
            "Close the request when the conflict is settled or needs no more help. The thread "
            "stays readable for the person who asked and the mentors, but nobody can reply."
        ),
        button=_("Close the request"),
        danger=False,
        back=_mediation_url(item),
    )
