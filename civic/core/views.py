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
from civic.core.forms import is_safe_path
from civic.core.site import PAGE_KINDS, get_settings, page_html
from civic.db import db

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
    return render_template("core/page.html", kind=PAGE_KINDS[slug], html=html, stored=stored)


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
