"""Pages of the platform as a whole: home, the three fixed pages, language, health."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from civic.accounts.forms import LanguageForm
from civic.accounts.views import form_error
from civic.core import feedback
from civic.core.errors import OperationError
from civic.core.forms import FeedbackForm, is_safe_path
from civic.core.site import PAGE_KINDS, get_settings, page_html
from civic.db import db
from civic.extensions import limiter

bp = Blueprint("core", __name__)


@bp.route("/")
def home() -> Any:
    from civic.projects import queries as projects

    return render_template(
        "core/home.html",
        featured=projects.featured_projects(),
        recent=projects.recently_active(),
        needs=projects.latest_needs(),
    )


@bp.route("/<any(imprint, privacy, accessibility):slug>")
def page(slug: str) -> Any:
    html, stored = page_html(slug)
    form = _feedback_form() if slug == "accessibility" else None
    return render_template(
        "core/page.html", kind=PAGE_KINDS[slug], html=html, stored=stored, feedback_form=form
    )


def _feedback_form() -> FeedbackForm:
    """The form below the accessibility statement, filled in as far as we know: the page the
    barrier is on (from ``?page=`` or the page the visitor came from) and who is writing."""
    form = FeedbackForm(formdata=None)
    form.page.data = feedback.suggested_page(
        request.args.get("page") or request.headers.get("Referer")
    )
    if current_user.is_authenticated:
        form.name.data = current_user.display_name
        form.email.data = current_user.email
    return form


@bp.route("/accessibility", methods=["POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_FEEDBACK"], methods=["POST"])
def send_feedback() -> Any:
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            row = feedback.submit_feedback(
                current_user,
                form.message.data,
                page_url=form.page.data or "",
                name=form.name.data or "",
                email=form.email.data or "",
            )
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            session["feedback_sent"] = {"reply": bool(row.email), "page": row.page_url}
            return redirect(url_for("core.feedback_sent"))
    html, stored = page_html("accessibility")
    return render_template(
        "core/page.html",
        kind=PAGE_KINDS["accessibility"],
        html=html,
        stored=stored,
        feedback_form=form,
    )


@bp.route("/accessibility/sent")
def feedback_sent() -> Any:
    sent = session.pop("feedback_sent", None) or {}
    return render_template(
        "core/feedback_sent.html", reply=sent.get("reply"), back=sent.get("page") or ""
    )


@bp.app_template_global()
def feedback_url() -> str:
    """Where the "report a barrier" link in the footer of every page points to."""
    return url_for(
        "core.page", slug="accessibility", page=feedback.current_page(), _anchor="feedback"
    )


@bp.route("/easy-read")
def easy_read() -> Any:
    return render_template("core/easy_read.html")


@bp.route("/glossary")
def glossary() -> Any:
    from civic.core.glossary import BY_KEY, terms_by_group

    return render_template("core/glossary.html", groups=terms_by_group(), terms_by_key=BY_KEY)


@bp.route("/language", methods=["POST"])
def set_language() -> Any:
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.lang.data
    if current_user.is_authenticated and current_user.locale != form.lang.data:
        current_user.locale = form.lang.data
        db.session.commit()
    target = form.next.data
    return redirect(target if is_safe_path(target) else url_for("core.home"))


@bp.route("/theme.css")
def theme_css() -> Response:
    settings = get_settings()
    css = render_template("core/theme.css", settings=settings)
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/logo")
def logo() -> Any:
    settings = get_settings()
    if not settings.logo_filename:
        abort(404)
    response = send_from_directory(current_app.config["UPLOAD_DIR"], settings.logo_filename)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/healthz")
def healthz() -> Any:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        db.session.rollback()
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok", database="ok")


def language_form() -> LanguageForm:
    form = LanguageForm(formdata=None)
    form.next.data = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return form
