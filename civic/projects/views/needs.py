"""Needs and offers: what a team is looking for, the help citizens offer, and the city-wide
help-wanted board."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.views import form_error
from civic.core.errors import OperationError
from civic.db import db
from civic.projects import operations as ops
from civic.projects import permissions as perm
from civic.projects import queries
from civic.projects.forms import CloseNeedForm, NeedForm, OfferForm
from civic.projects.models import Need, Offer, Project
from civic.projects.views import bp, button_action, guard, project_or_404
from civic.projects.views.browse import _limit_posting, filter_context
from civic.projects.workflow import NeedKind


@bp.route("/needs")
def board() -> Any:
    filters = queries.filters_from_args(request.args)
    # The board lists open needs of active projects; state and "with open needs" do not apply.
    filters.state = None
    filters.open_needs = False
    page = queries.need_board(filters, request.args.get("after"), request.args.get("before"))
    return render_template("projects/board.html", page=page, filters=filters, **filter_context())


def _need_or_404(project: Project, need_id: int) -> Need:
    need = queries.need_for_page(project, need_id)
    if need is None:
        abort(404)
    return need


def _offer_or_404(need: Need, offer_id: int) -> Offer:
    offer = next((o for o in need.offers if o.id == offer_id), None)
    if offer is None:
        abort(404)
    return offer


def _need_url(need: Need, anchor: str = "") -> str:
    url = url_for("projects.need", project_id=need.project_id, need_id=need.id)
    return url + (f"#{anchor}" if anchor else "")


def _render_need(project: Project, need: Need, offer_form: OfferForm | None = None) -> Any:
    own_offer = None
    if current_user.is_authenticated:
        own_offer = next((o for o in need.offers if o.user_id == current_user.id), None)
    return render_template(
        "projects/need.html",
        project=project,
        need=need,
        own_offer=own_offer,
        team=perm.is_team_member(current_user, project),
        offer_form=offer_form or OfferForm(formdata=None),
    )


@bp.route("/projects/<int:project_id>/needs/new", methods=["GET", "POST"])
@_limit_posting()
def new_need(project_id: int) -> Any:
    project = project_or_404(project_id)
    guard(perm.can_manage_needs(current_user, project))
    form = NeedForm()
    if form.validate_on_submit():
        try:
            need = ops.post_need(
                current_user,
                project,
                NeedKind(form.kind.data),
                form.title.data,
                form.description.data or "",
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("The need is posted. It is listed on the help-wanted board until you close it."),
                "success",
            )
            return redirect(_need_url(need))
    return render_template("projects/need_form.html", form=form, project=project, need=None)


@bp.route("/projects/<int:project_id>/needs/<int:need_id>")
def need(project_id: int, need_id: int) -> Any:
    project = project_or_404(project_id)
    return _render_need(project, _need_or_404(project, need_id))


@bp.route("/projects/<int:project_id>/needs/<int:need_id>/offer", methods=["POST"])
@_limit_posting()
def offer(project_id: int, need_id: int) -> Any:
    project = project_or_404(project_id)
    need = _need_or_404(project, need_id)
    guard(perm.can_offer_help(current_user, need))
    form = OfferForm()
    if form.validate_on_submit():
        try:
            ops.offer_help(current_user, need, form.message.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("Thank you! Your offer is sent to the team. You will hear from them by e-mail."),
                "success",
            )
            return redirect(_need_url(need, "my-offer"))
    return _render_need(project, need, offer_form=form)


@bp.route(
    "/projects/<int:project_id>/needs/<int:need_id>/offers/<int:offer_id>/withdraw",
    methods=["POST"],
)
def withdraw_offer(project_id: int, need_id: int, offer_id: int) -> Any:
    project = project_or_404(project_id)
    need = _need_or_404(project, need_id)
    offer = _offer_or_404(need, offer_id)
    guard(current_user.is_authenticated and offer.user_id == current_user.id)
    button_action(lambda: ops.withdraw_offer(current_user, offer), _l("Your offer is withdrawn."))
    return redirect(_need_url(need))


@bp.route(
    "/projects/<int:project_id>/needs/<int:need_id>/offers/<int:offer_id>/"
    "<any(accept,decline):answer>",
    methods=["POST"],
)
def answer_offer(project_id: int, need_id: int, offer_id: int, answer: str) -> Any:
    project = project_or_404(project_id)
    need = _need_or_404(project, need_id)
    offer = _offer_or_404(need, offer_id)
    guard(perm.can_manage_needs(current_user, project))
    name = offer.user.display_name
    if answer == "accept":
        button_action(
            lambda: ops.accept_offer(current_user, offer),
            _l("You have accepted the offer of %(name)s. Please get in touch.", name=name),
        )
    else:
        button_action(
            lambda: ops.decline_offer(current_user, offer),
            _l("You have declined the offer of %(name)s.", name=name),
        )
    return redirect(_need_url(need, "offers"))


@bp.route("/projects/<int:project_id>/needs/<int:need_id>/edit", methods=["GET", "POST"])
@_limit_posting()
def edit_need(project_id: int, need_id: int) -> Any:
    project = project_or_404(project_id)
    need = _need_or_404(project, need_id)
    guard(perm.can_manage_needs(current_user, project))
    form = NeedForm(obj=need)
    if request.method == "GET":
        form.kind.data = need.kind.value
        form.description.data = need.description_markdown
    if form.validate_on_submit():
        try:
            ops.update_need(
                current_user,
                need,
                NeedKind(form.kind.data),
                form.title.data,
                form.description.data or "",
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The need is saved."), "success")
            return redirect(_need_url(need))
    return render_template("projects/need_form.html", form=form, project=project, need=need)


@bp.route("/projects/<int:project_id>/needs/<int:need_id>/close", methods=["GET", "POST"])
def close_need(project_id: int, need_id: int) -> Any:
    project = project_or_404(project_id)
    need = _need_or_404(project, need_id)
    guard(perm.can_manage_needs(current_user, project))
    form = CloseNeedForm()
    if request.method == "GET" and request.args.get("outcome") in ("met", "closed"):
        form.outcome.data = request.args["outcome"]
    if form.validate_on_submit():
        met = form.outcome.data == "met"
        try:
            ops.close_need(current_user, need, met=met)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            if met:
                flash(_l("Great news! The need is closed as met."), "success")
            else:
                flash(_l("The need is closed."), "success")
            return redirect(_need_url(need))
    return render_template("projects/need_close.html", form=form, project=project, need=need)
