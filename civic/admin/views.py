"""The admin area: users and roles, districts, topics, departments, settings, pages, audit log.

Views only: every change goes through an operation of the domain it belongs to.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, or_, select

from civic.accounts import operations as account_ops
from civic.accounts.forms import ConfirmForm
from civic.accounts.models import ROLE_LABELS, Department, Role, RoleGrant, User
from civic.accounts.views import form_error
from civic.admin.forms import (
    TERM_FORMS,
    GrantRoleForm,
    PageForm,
    SettingsForm,
    UserSearchForm,
)
from civic.core import feedback, permissions, site, taxonomy
from civic.core.errors import OperationError
from civic.core.forms import choices
from civic.core.images import store_image
from civic.core.models import AuditEntry
from civic.core.pagination import page_number, paginate
from civic.db import db
from civic.projects import operations as project_ops
from civic.projects import permissions as pperm
from civic.projects import queries as project_queries
from civic.projects.forms import ContactForm, FeatureForm, PhaseDecisionForm, ProjectSearchForm
from civic.projects.models import PhaseRequest, Project
from civic.projects.workflow import PHASE_LABELS, Phase, gate_checklist

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"role_labels": ROLE_LABELS}


@bp.route("/")
@permissions.require(permissions.can_enter_admin_area)
def index() -> Any:
    counts = {
        "users": db.session.scalar(select(func.count()).select_from(User)),
        "grants": db.session.scalar(select(func.count()).select_from(RoleGrant)),
        "feedback": feedback.new_count() if feedback.can_manage_feedback(current_user) else None,
    }
    return render_template("admin/index.html", counts=counts)


# --- users and roles ---------------------------------------------------------------------------


@bp.route("/users")
@permissions.require(permissions.can_manage_users)
def users() -> Any:
    form = UserSearchForm(request.args)
    form.role.choices = choices(
        [("", _l("All roles"))] + [(k, v) for k, v in ROLE_LABELS.items() if k != "citizen"]
    )
    stmt = select(User).order_by(User.display_name, User.id)
    form.validate()
    query = (form.q.data or "").strip()
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(func.lower(User.display_name).like(like), func.lower(User.email).like(like))
        )
    role = form.role.data if form.role.data in ROLE_LABELS else ""
    if role:
        stmt = stmt.where(User.role_grants.any(RoleGrant.role == Role(role)))
    page = paginate(stmt, page_number(), per_page=25)
    return render_template("admin/users.html", page=page, form=form, query=query, role=role)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    departments = db.session.scalars(select(Department).order_by(Department.name))
    form.department.choices = choices([(0, _l("— none —"))] + [(d.id, d.name) for d in departments])
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_users)
def user_detail(user_id: int) -> Any:
    user = _user_or_404(user_id)
    form = _grant_form()
    if form.validate_on_submit():
        department = db.session.get(Department, form.department.data or 0)
        try:
            account_ops.grant_role(current_user, user, Role(form.role.data), department)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l(
                    "The role “%(role)s” was granted to %(name)s.",
                    role=ROLE_LABELS[form.role.data],
                    name=user.display_name,
                ),
                "success",
            )
            return redirect(url_for("admin.user_detail", user_id=user.id))
    history = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.object_type == "user", AuditEntry.object_id == user.id)
        .order_by(AuditEntry.id.desc())
        .limit(20)
    ).all()
    return render_template("admin/user_detail.html", user=user, form=form, history=history)


@bp.route("/users/<int:user_id>/roles/<role>/revoke", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_users)
def revoke_role(user_id: int, role: str) -> Any:
    user = _user_or_404(user_id)
    if role not in ROLE_LABELS or not user.has_role(Role(role)):
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            account_ops.revoke_role(current_user, user, Role(role))
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _l(
                    "The role “%(role)s” was taken from %(name)s.",
                    role=ROLE_LABELS[role],
                    name=user.display_name,
                ),
                "success",
            )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template(
        "admin/confirm.html",
        form=form,
        title=_l("Take away a role"),
        question=_l(
            "Do you really want to take the role “%(role)s” from %(name)s?",
            role=ROLE_LABELS[role],
            name=user.display_name,
        ),
        button=_l("Take away role"),
        back=url_for("admin.user_detail", user_id=user.id),
    )


@bp.route("/users/<int:user_id>/<any(activate, deactivate):action>", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_users)
def set_active(user_id: int, action: str) -> Any:
    user = _user_or_404(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            account_ops.set_active(current_user, user, action == "activate")
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _l("The account is active again.")
                if action == "activate"
                else _l("The account is deactivated."),
                "success",
            )
        return redirect(url_for("admin.user_detail", user_id=user.id))
    question = (
        _l("Activate the account of %(name)s again?", name=user.display_name)
        if action == "activate"
        else _l(
            "Deactivate the account of %(name)s? The person is signed out and cannot "
            "sign in until the account is activated again.",
            name=user.display_name,
        )
    )
    return render_template(
        "admin/confirm.html",
        form=form,
        question=question,
        title=_l("Activate account") if action == "activate" else _l("Deactivate account"),
        button=_l("Activate") if action == "activate" else _l("Deactivate"),
        back=url_for("admin.user_detail", user_id=user.id),
    )


# --- districts, topics, departments --------------------------------------------------------


def _kind(kind: str) -> taxonomy.Kind:
    found = taxonomy.KINDS.get(kind)
    if found is None:
        abort(404)
    if not found.may_manage(current_user):
        abort(403)
    return found


@bp.route("/<any(districts, topics, departments):kind>", methods=["GET", "POST"])
@permissions.require(permissions.can_enter_admin_area)
def terms(kind: str) -> Any:
    spec = _kind(kind)
    form = TERM_FORMS[kind]()
    if form.validate_on_submit():
        values = {field: getattr(form, field).data for field in spec.name_fields}
        try:
            taxonomy.save_term(current_user, spec, None, **values)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The entry was added."), "success")
            return redirect(url_for("admin.terms", kind=kind))
    return render_template(
        "admin/terms.html", spec=spec, form=form, items=taxonomy.list_terms(spec)
    )


def _term_or_404(spec: taxonomy.Kind, term_id: int) -> Any:
    obj = db.session.get(spec.model, term_id)
    if obj is None:
        abort(404)
    return obj


@bp.route("/<any(districts, topics, departments):kind>/<int:term_id>", methods=["GET", "POST"])
@permissions.require(permissions.can_enter_admin_area)
def edit_term(kind: str, term_id: int) -> Any:
    spec = _kind(kind)
    obj = _term_or_404(spec, term_id)
    form = TERM_FORMS[kind](obj=obj)
    if form.validate_on_submit():
        values = {field: getattr(form, field).data for field in spec.name_fields}
        try:
            taxonomy.save_term(current_user, spec, obj, **values)
        except OperationError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The entry was saved."), "success")
            return redirect(url_for("admin.terms", kind=kind))
    return render_template("admin/term_form.html", spec=spec, form=form, obj=obj)


@bp.route(
    "/<any(districts, topics, departments):kind>/<int:term_id>/delete", methods=["GET", "POST"]
)
@permissions.require(permissions.can_enter_admin_area)
def delete_term(kind: str, term_id: int) -> Any:
    spec = _kind(kind)
    obj = _term_or_404(spec, term_id)
    name = getattr(obj, spec.name_fields[0])
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            taxonomy.delete_term(current_user, spec, obj)
        except OperationError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_l("“%(name)s” was deleted.", name=name), "success")
        return redirect(url_for("admin.terms", kind=kind))
    return render_template(
        "admin/confirm.html",
        form=form,
        title=_l("Delete entry"),
        question=_l("Do you really want to delete “%(name)s”? This cannot be undone.", name=name),
        button=_l("Delete"),
        back=url_for("admin.terms", kind=kind),
    )


# --- settings and pages --------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_settings)
def settings() -> Any:
    current = site.get_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        values = {
            name: field.data
            for name, field in form._fields.items()
            if name not in {"logo", "submit", "csrf_token"}
        }
        try:
            if form.logo.data:
                values["logo_filename"] = store_image(
                    form.logo.data.stream, field="logo", max_side=600
                )
            site.update_settings(current_user, **values)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(_l("The settings are saved."), "success")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)


@bp.route("/pages")
@permissions.require(permissions.can_manage_settings)
def pages() -> Any:
    stored = {(p.slug, p.locale): p for p in db.session.scalars(select(site.SitePage))}
    return render_template("admin/pages.html", kinds=site.PAGE_KINDS, stored=stored)


def _page_kind(slug: str, locale: str) -> site.PageKind:
    if slug not in site.PAGE_KINDS or locale not in ("de", "en"):
        abort(404)
    return site.PAGE_KINDS[slug]


@bp.route("/pages/<slug>/<locale>", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_settings)
def edit_page(slug: str, locale: str) -> Any:
    kind = _page_kind(slug, locale)
    stored = site.stored_page(slug, locale)
    form = PageForm()
    if request.method == "GET":
        form.body.data = (
            stored.body_markdown if stored else site.default_page_markdown(slug, locale)
        )
    if form.validate_on_submit():
        site.save_page(current_user, slug, locale, form.body.data)
        db.session.commit()
        flash(_l("The page is saved."), "success")
        return redirect(
            url_for("core.page", slug=slug)
            if locale == str(get_locale())
            else url_for("admin.pages")
        )
    return render_template(
        "admin/page_form.html", form=form, kind=kind, locale=locale, stored=stored
    )


@bp.route("/pages/<slug>/<locale>/reset", methods=["GET", "POST"])
@permissions.require(permissions.can_manage_settings)
def reset_page(slug: str, locale: str) -> Any:
    kind = _page_kind(slug, locale)
    form = ConfirmForm()
    if form.validate_on_submit():
        site.reset_page(current_user, slug, locale)
        db.session.commit()
        flash(_l("The page shows the default text again."), "success")
        return redirect(url_for("admin.pages"))
    return render_template(
        "admin/confirm.html",
        form=form,
        title=_l("Restore the default text"),
        question=_l(
            "Replace your version of “%(page)s” (%(lang)s) with the default text? "
            "Your text is lost.",
            page=kind.title,
            lang=locale.upper(),
        ),
        button=_l("Restore default text"),
        back=url_for("admin.pages"),
    )


# --- audit log -------------------------------------------------------------------------------


@bp.route("/audit")
@permissions.require(permissions.can_view_audit_log)
def audit_log() -> Any:
    action = request.args.get("action", "")[:60]
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    page = paginate(stmt, page_number(), per_page=50)
    actor_ids = {e.actor_id for e in page.items if e.actor_id}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    actions = db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)
    ).all()
    return render_template(
        "admin/audit.html", page=page, actors=actors, actions=actions, action=action
    )


# --- coordination of projects ------------------------------------------------------------------


@bp.route("/coordination")
@permissions.require(pperm.can_coordinate)
def coordination() -> Any:
    page = project_queries.phase_request_queue(page_number())
    return render_template("admin/coordination.html", page=page)


@bp.route("/coordination/<int:request_id>", methods=["GET", "POST"])
@permissions.require(pperm.can_coordinate)
def decide_phase_request(request_id: int) -> Any:
    phase_request = db.session.get(PhaseRequest, request_id)
    if phase_request is None:
        abort(404)
    project = phase_request.project
    form = PhaseDecisionForm()
    if form.validate_on_submit():
        confirm = form.decision.data == "confirm"
        try:
            project_ops.decide_phase_request(current_user, phase_request, confirm, form.reason.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            flash(
                _l("The request is confirmed. The team has been told by e-mail.")
                if confirm
                else _l("The request is declined. The team has been told by e-mail."),
                "success",
            )
            return redirect(url_for("admin.coordination"))
    return render_template(
        "admin/phase_request.html",
        phase_request=phase_request,
        project=project,
        checklist=gate_checklist(project, project_ops.current_plan(project)),
        form=form,
    )


@bp.route("/projects")
@permissions.require(pperm.can_coordinate)
def projects() -> Any:
    form = ProjectSearchForm(request.args)
    form.phase.choices = choices([("", _l("All phases")), *PHASE_LABELS.items()])
    form.validate()
    title = (form.q.data or "").strip()
    phase = Phase(form.phase.data) if form.phase.data in PHASE_LABELS else None
    page = project_queries.coordination_projects(title, phase, page_number())
    return render_template(
        "admin/projects.html", page=page, form=form, filtered=bool(title or phase)
    )


def _published_project_or_404(project_id: int) -> Project:
    project = project_queries.project_for_page(project_id)
    if project is None or not project.is_published:
        abort(404)
    return project


def _contact_label(user: User) -> str:
    department = user.department
    return f"{user.display_name} ({department.name})" if department else user.display_name


@bp.route("/projects/<int:project_id>", methods=["GET", "POST"])
@permissions.require(pperm.can_coordinate)
def project(project_id: int) -> Any:
    project = _published_project_or_404(project_id)
    contacts = project_queries.department_contacts()
    # Only the form whose button was pressed reads the request; the other shows the state.
    contact_form = ContactForm(
        formdata=None if "assign" not in request.form else request.form,
        data={"contact": project.department_contact_id or 0},
    )
    contact_form.contact.choices = choices(
        [(0, _l("— none —"))] + [(user.id, _contact_label(user)) for user in contacts]
    )
    feature_form = FeatureForm(
        formdata=None if "save_featured" not in request.form else request.form,
        data={"featured": project.featured},
    )
    if "assign" in request.form and contact_form.validate_on_submit():
        contact = next((u for u in contacts if u.id == contact_form.contact.data), None)
        try:
            project_ops.assign_contact(current_user, project, contact)
        except OperationError as error:
            form_error(contact_form, error)
        else:
            db.session.commit()
            flash(
                _l("%(name)s is now the contact for this project.", name=contact.display_name)
                if contact
                else _l("The project has no contact in the administration now."),
                "success",
            )
            return redirect(url_for("admin.project", project_id=project.id))
    if "save_featured" in request.form and feature_form.validate_on_submit():
        featured = bool(feature_form.featured.data)
        try:
            project_ops.set_featured(current_user, project, featured)
        except OperationError as error:
            form_error(feature_form, error)
        else:
            db.session.commit()
            flash(
                _l("The project is shown on the home page.")
                if featured
                else _l("The project is no longer shown on the home page."),
                "success",
            )
            return redirect(url_for("admin.project", project_id=project.id))
    return render_template(
        "admin/project.html",
        project=project,
        contact_form=contact_form,
        feature_form=feature_form,
        pending=project_ops.pending_phase_request(project),
    )


from civic.admin import feedback as feedback_views  # noqa: E402, F401
from civic.admin import funds  # noqa: E402, F401
