"""Registration, signing in and out, passwords, e-mail and profiles."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from civic.accounts import operations as ops
from civic.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CouncilProfileForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
)
from civic.accounts.models import User
from civic.core.errors import OperationError
from civic.core.forms import choices, is_safe_path
from civic.core.models import District, Topic
from civic.db import db
from civic.extensions import limiter

bp = Blueprint("accounts", __name__, template_folder="templates")


def _limit(name: str) -> Any:
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


def form_error(form: Any, error: OperationError) -> None:
    """Show an operation's refusal next to its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


@bp.route("/register", methods=["GET", "POST"])
@_limit("RATELIMIT_REGISTER")
def register() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = ops.register(
                form.display_name.data,
                form.email.data,
                form.password.data,
                locale=str(get_locale()),
            )
        except OperationError as error:
            form_error(form, error)
        else:
            sent = ops.send_verification(user)
            db.session.commit()
            session["registered_email"] = user.email
            session["mail_failed"] = not sent
            return redirect(url_for("accounts.check_mail"))
    return render_template("accounts/register.html", form=form)


@bp.route("/register/check-mail")
def check_mail() -> Any:
    email = session.get("registered_email")
    if not email:
        return redirect(url_for("accounts.register"))
    return render_template(
        "accounts/check_mail.html", email=email, mail_failed=session.get("mail_failed", False)
    )


@bp.route("/verify/<token>")
def verify_email(token: str) -> Any:
    try:
        user = ops.verify_email(token)
    except OperationError as error:
        db.session.commit()
        return render_template("accounts/verify_failed.html", message=error.message), 400
    db.session.commit()
    session.pop("registered_email", None)
    flash(_l("Thank you, your e-mail address %(email)s is confirmed.", email=user.email), "success")
    if current_user.is_authenticated:
        return redirect(url_for("accounts.settings"))
    return redirect(url_for("accounts.login"))


@bp.route("/verify/resend", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def resend_verification() -> Any:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        ops.resend_verification(form.email.data)
        db.session.commit()
        flash(
            _l(
                "If an unconfirmed account exists for %(email)s, we have sent a new "
                "confirmation link.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/email_request.html",
        form=form,
        title=_l("New confirmation link"),
        intro=_l(
            "Enter the address you registered with. If the account is not confirmed yet, "
            "we send a new link."
        ),
    )


@bp.route("/login", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    unverified = False
    if form.validate_on_submit():
        try:
            user = ops.authenticate(form.email.data, form.password.data)
        except OperationError as error:
            unverified = error.field == "email"
            form_error(form, error)
        else:
            db.session.commit()
            lang = session.get("lang")
            session.clear()  # a fresh session at login: nothing carries over from before
            if lang:
                session["lang"] = lang
            login_user(user)
            session.permanent = bool(form.remember.data)
            flash(_l("Welcome, %(name)s!", name=user.display_name), "success")
            target = form.next.data
            return redirect(target if is_safe_path(target) else url_for("core.home"))
    return render_template("accounts/login.html", form=form, unverified=unverified)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_l("You are signed out. See you soon!"), "success")
    return redirect(url_for("core.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def forgot_password() -> Any:
    form = EmailOnlyForm()
    if form.validate_on_submit():
        ops.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/forgot_sent.html", email=form.email.data)
    return render_template(
        "accounts/email_request.html",
        form=form,
        title=_l("Forgot your password?"),
        intro=_l(
            "Enter your e-mail address. If an account exists for it, we send you a link to "
            "choose a new password."
        ),
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@_limit("RATELIMIT_RESET")
def reset_password(token: str) -> Any:
    if ops.user_for_reset_token(token) is None:
        return render_template(
            "accounts/verify_failed.html",
            message=_l("This reset link is invalid, expired or used already."),
            reset=True,
        ), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            ops.reset_password(token, form.password.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            logout_user()
            flash(_l("Your password is changed. Please sign in with the new password."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/account")
@login_required
def settings() -> Any:
    return render_template("accounts/settings.html", user=current_user)


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def edit_profile() -> Any:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ProfileForm(obj=user) if request.method == "GET" else ProfileForm()
    if request.method == "GET":
        form.about.data = user.about_markdown
    if form.validate_on_submit():
        ops.update_profile(
            user,
            form.display_name.data,
            form.about.data,
            form.profile_public.data,
            form.locale.data,
        )
        db.session.commit()
        flash(_l("Your profile is saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/profile_form.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Any:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            ops.change_password(user, form.current_password.data, form.password.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            login_user(user)  # this browser stays signed in; all others are signed out
            flash(
                _l("Your password is changed. You were signed out on all other devices."), "success"
            )
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/password_form.html", form=form)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def change_email() -> Any:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            sent = ops.request_email_change(user, form.email.data, form.password.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            if sent:
                flash(
                    _l(
                        "We have sent a confirmation link to %(email)s. Your address changes "
                        "when you open it.",
                        email=user.pending_email,
                    ),
                    "info",
                )
            else:
                flash(
                    _l("The confirmation mail could not be sent. Please try again later."), "error"
                )
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/email_form.html", form=form)


@bp.route("/users/<int:user_id>")
def profile(user_id: int) -> Any:
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or not user.is_verified:
        abort(404)
    return render_template(
        "accounts/profile.html",
        user=user,
        can_edit_council=ops.can_edit_council_profile(current_user, user),
    )


def fill_council_choices(form: CouncilProfileForm) -> None:
    form.districts.choices = choices(
        (d.id, d.name) for d in db.session.scalars(select(District).order_by(District.name))
    )
    locale = str(get_locale())
    topics = db.session.scalars(select(Topic).order_by(Topic.name_de))
    form.topics.choices = choices((t.id, t.name_for(locale)) for t in topics)


@bp.route("/users/<int:user_id>/council-profile", methods=["GET", "POST"])
@login_required
def edit_council_profile(user_id: int) -> Any:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if not ops.can_edit_council_profile(current_user, user):
        abort(403)
    profile = user.council_profile
    form = CouncilProfileForm(obj=profile) if request.method == "GET" else CouncilProfileForm()
    fill_council_choices(form)
    if request.method == "GET" and profile is not None:
        form.districts.data = [d.id for d in profile.districts]
        form.topics.data = [t.id for t in profile.topics]
    if form.validate_on_submit():
        districts = db.session.scalars(
            select(District).where(District.id.in_(form.districts.data or []))
        ).all()
        topics = db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))
        ops.update_council_profile(
            current_user,
            user,
            form.faction.data,
            form.committees.data,
            form.expertise.data,
            districts,
            topics.all(),
            conflicts_of_interest=form.conflicts_of_interest.data,
            mentoring_open=form.mentoring_open.data,
            mentor_capacity=form.mentor_capacity.data,
        )
        db.session.commit()
        flash(_l("The public council profile is saved."), "success")
        return redirect(url_for("accounts.profile", user_id=user.id))
    return render_template("accounts/council_profile_form.html", form=form, user=user)
