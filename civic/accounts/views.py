"""Registration, signing in and out, passwords, e-mail and profiles."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from civic.accounts import operations as ops
from civic.accounts import privacy, totp
from civic.accounts.auth import load_user
from civic.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CouncilProfileForm,
    DeleteAccountForm,
    EmailOnlyForm,
    ExportForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    SecondStepForm,
    TotpConfirmForm,
    TotpDisableForm,
)
from civic.accounts.models import User
from civic.core.errors import OperationError, render_error
from civic.core.forms import choices, is_safe_path
from civic.core.models import District, Topic
from civic.db import db, utcnow
from civic.extensions import limiter

bp = Blueprint("accounts", __name__, template_folder="templates")


def _limit(name: str) -> Any:
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


def _failed(response: Response) -> bool:
    """A form shown again (200) is a failed attempt; a redirect is a success."""
    return response.status_code == 200


def _limit_per_account(name: str, key: Any) -> Any:
    """Count failed attempts per account, whatever address they come from."""
    return limiter.limit(
        lambda: current_app.config[name], key_func=key, methods=["POST"], deduct_when=_failed
    )


def _login_account_key() -> str:
    # The address as typed, known or not: the answer is the same for both.
    return "account:" + ops.normalize_email(request.form.get("email", ""))[:254]


# The person who passed the password and still has to give the second factor: their id with
# the session version, when it was, whether to stay signed in and where to go afterwards.
PENDING = "second_step"
PENDING_SECONDS = 600


def _pending_key() -> str:
    pending = session.get(PENDING) or {}
    return "second-step:" + str(pending.get("user", "none")).partition(":")[0]


@bp.errorhandler(RateLimitExceeded)
def _too_many(_error: RateLimitExceeded) -> Any:
    if request.endpoint in ("accounts.login", "accounts.login_second_step"):
        return render_error(
            429,
            _l(
                "Too many sign-in attempts. For your protection, signing in to this account or "
                "from this connection is paused for a while. Please try again later. If you "
                "have forgotten your password, you can choose a new one."
            ),
        )
    return render_error(429)


def _fresh_session() -> None:
    """Start a new session that keeps only the chosen language (no session fixation)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


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
        # The same answer whether the address has an account or not; its owner is told by mail.
        sent = ops.register_or_warn(
            form.display_name.data,
            form.email.data,
            form.password.data,
            locale=str(get_locale()),
        )
        db.session.commit()
        session["registered_email"] = ops.normalize_email(form.email.data)
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
    # Who is signed in here, read before an address change ends the user's sessions.
    signed_in = current_user.id if current_user.is_authenticated else None
    try:
        user = ops.verify_email(token)
    except OperationError as error:
        db.session.commit()
        return render_template("accounts/verify_failed.html", message=error.message), 400
    db.session.commit()
    session.pop("registered_email", None)
    flash(_l("Thank you, your e-mail address %(email)s is confirmed.", email=user.email), "success")
    if signed_in is not None:
        if signed_in == user.id:
            login_user(user)  # an address change ends the other sessions, not this one
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
@_limit_per_account("RATELIMIT_LOGIN_ACCOUNT", _login_account_key)
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
            target = form.next.data if is_safe_path(form.next.data) else ""
            remember = bool(form.remember.data)
            if totp.is_enabled(user):
                _fresh_session()
                session[PENDING] = {
                    "user": user.get_id(),
                    "at": int(totp.now()),
                    "remember": remember,
                    "next": target,
                }
                return redirect(url_for("accounts.login_second_step"))
            return _sign_in(user, remember, target)
    return render_template("accounts/login.html", form=form, unverified=unverified)


def _sign_in(user: User, remember: bool, target: str) -> Any:
    _fresh_session()  # nothing carries over from before signing in
    login_user(user)
    session.permanent = remember
    flash(_l("Welcome, %(name)s!", name=user.display_name), "success")
    if totp.required_for(user) and not totp.is_enabled(user):
        return redirect(url_for("accounts.totp_settings"))
    return redirect(target or url_for("core.home"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int):
        return None
    if totp.now() - pending["at"] > PENDING_SECONDS:
        return None
    return load_user(str(pending.get("user", "")))


@bp.route("/login/second-step", methods=["GET", "POST"])
@_limit("RATELIMIT_LOGIN")
@_limit_per_account("RATELIMIT_TOTP", _pending_key)
def login_second_step() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash(_l("Please sign in again; the time for the second step has run out."), "info")
        return redirect(url_for("accounts.login"))
    form = SecondStepForm()
    if form.validate_on_submit():
        if totp.verify(user, form.code.data):
            db.session.commit()
            pending = session[PENDING]
            return _sign_in(user, bool(pending.get("remember")), str(pending.get("next") or ""))
        db.session.rollback()
        form.code.errors = [*form.code.errors, _l("This code is not correct or was used already.")]
    return render_template("accounts/login_second_step.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    logout_user()
    _fresh_session()
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
    return render_template(
        "accounts/settings.html",
        user=current_user,
        totp_offered=totp.can_use_totp(current_user) or totp.is_enabled(current_user),
        totp_enabled=totp.is_enabled(current_user),
    )


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


# --- second factor (TOTP) for staff accounts ---------------------------------------------------

# What an admin without the second factor may still open while REQUIRE_ADMIN_TOTP holds.
_SETUP_ENDPOINTS = frozenset(
    {
        "accounts.totp_settings",
        "accounts.totp_begin",
        "accounts.totp_setup",
        "accounts.logout",
        "core.set_language",
        "core.theme_css",
        "core.logo",
        "core.healthz",
        "static",
    }
)


@bp.before_app_request
def _require_admin_totp() -> Any:
    if not current_app.config.get("REQUIRE_ADMIN_TOTP") or request.endpoint in _SETUP_ENDPOINTS:
        return None
    if request.endpoint is None or request.path.startswith("/api/"):
        return None
    user = current_user
    if not user.is_authenticated or not totp.required_for(user) or totp.is_enabled(user):
        return None
    flash(_l("Administrators must set up a second factor before they continue."), "info")
    return redirect(url_for("accounts.totp_settings"))


def _totp_user() -> User:
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    if not totp.can_use_totp(user) and not totp.is_enabled(user):
        abort(403)
    return user


@bp.route("/account/two-factor")
@login_required
def totp_settings() -> Any:
    user = _totp_user()
    return render_template(
        "accounts/totp_settings.html",
        enabled=totp.is_enabled(user),
        state=totp.state_of(user),
        codes_left=totp.recovery_codes_left(user),
        required=totp.required_for(user),
    )


@bp.route("/account/two-factor/begin", methods=["POST"])
@login_required
def totp_begin() -> Any:
    user = _totp_user()
    try:
        totp.begin_setup(user)
    except OperationError as error:
        flash(error.message, "error")
        return redirect(url_for("accounts.totp_settings"))
    db.session.commit()
    return redirect(url_for("accounts.totp_setup"))


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_LOGIN")
def totp_setup() -> Any:
    user = _totp_user()
    state = totp.state_of(user)
    if state is None or state.confirmed_at is not None:
        return redirect(url_for("accounts.totp_settings"))
    secret = totp.secret_of(state)
    if secret is None:
        # The stored secret cannot be read (SECRET_KEY changed): start again.
        state = totp.begin_setup(user)
        db.session.commit()
        secret = totp.secret_of(state) or ""
    form = TotpConfirmForm()
    if form.validate_on_submit():
        try:
            codes = totp.confirm_setup(user, form.code.data)
        except OperationError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            login_user(user)  # other sessions end; this one continues with the new version
            flash(_l("The second factor is switched on."), "success")
            # Shown once, in this answer only; the database keeps their hashes.
            return _no_store(
                make_response(render_template("accounts/totp_recovery_codes.html", codes=codes))
            )
    uri = totp.provisioning_uri(user, secret)
    page = render_template(
        "accounts/totp_setup.html",
        form=form,
        qr=totp.qr_svg(uri, str(_l("QR code for your authenticator app"))),
        secret=totp.grouped(secret),
    )
    return _no_store(make_response(page))


@bp.route("/account/two-factor/disable", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_LOGIN")
@_limit_per_account("RATELIMIT_TOTP", lambda: f"second-step:{getattr(current_user, 'id', '')}")
def totp_disable() -> Any:
    user = _totp_user()
    if not totp.is_enabled(user):
        return redirect(url_for("accounts.totp_settings"))
    form = TotpDisableForm()
    if form.validate_on_submit():
        try:
            totp.disable(user, form.password.data, form.code.data)
        except OperationError as error:
            db.session.rollback()
            form_error(form, error)
        else:
            db.session.commit()
            login_user(user)
            flash(_l("The second factor is switched off."), "success")
            return redirect(url_for("accounts.totp_settings"))
    return render_template("accounts/totp_disable.html", form=form)


# --- one's own data: download and deletion (DSGVO Art. 15, 17, 20) ------------------------


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/data", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_LOGIN")
def export_data() -> Any:
    """Download everything the platform holds about oneself, after giving the password."""
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = ExportForm()
    if form.validate_on_submit():
        try:
            privacy.check_password(user, form.password.data)
        except OperationError as error:
            form_error(form, error)
        else:
            what = "uploads" if form.uploads.data else "data"
            privacy.record_export(user, what)
            db.session.commit()
            stamp = utcnow().strftime("%Y-%m-%d")
            if what == "uploads":
                body = privacy.export_zip(privacy.uploads_of(user))
                response = Response(stream_with_context(body), content_type="application/zip")
                filename = f"meine-dateien-{stamp}.zip"
            else:
                chunks = (chunk.encode() for chunk in privacy.export_json(user))
                response = Response(
                    stream_with_context(chunks), content_type="application/json; charset=utf-8"
                )
                filename = f"meine-daten-{stamp}.json"
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
            return _no_store(response)
    return _no_store(make_response(render_template("accounts/export.html", form=form)))


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@_limit("RATELIMIT_LOGIN")
def delete_account() -> Any:
    """Delete one's own account, after a page that says what will happen."""
    user: User = current_user._get_current_object()  # type: ignore[attr-defined]
    form = DeleteAccountForm()
    refusal = privacy.deletion_refusal(user)
    if refusal is None and form.validate_on_submit():
        try:
            privacy.delete_account(user, form.password.data, bool(form.confirm.data))
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            lang = session.get("lang")
            logout_user()
            session.clear()
            if lang:
                session["lang"] = lang
            flash(_l("Your account is deleted. Thank you for taking part."), "success")
            return redirect(url_for("core.home"))
    return _no_store(
        make_response(
            render_template("accounts/delete_account.html", form=form, refusal=refusal, user=user)
        )
    )
