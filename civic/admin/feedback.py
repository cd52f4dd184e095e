"""The admin area: feedback on accessibility sent through the form below the accessibility
statement. Admins read each report and answer it; the answer is mailed to the sender."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from civic.accounts.views import form_error
from civic.admin.views import bp
from civic.core import feedback as fb
from civic.core import permissions
from civic.core.errors import OperationError
from civic.core.forms import FeedbackAnswerForm
from civic.core.models import AccessibilityFeedback, FeedbackStatus
from civic.core.pagination import page_number
from civic.db import db


@bp.route("/feedback")
@permissions.require(fb.can_manage_feedback)
def feedback_list() -> Any:
    status = fb.status_filter(request.args.get("status"))
    page = fb.feedback_page(status, page_number())
    return render_template(
        "admin/feedback.html",
        page=page,
        status=status,
        statuses=fb.STATUS_LABELS,
        new_count=fb.new_count(),
    )


@bp.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@permissions.require(fb.can_manage_feedback)
def feedback_detail(feedback_id: int) -> Any:
    item = db.session.get(AccessibilityFeedback, feedback_id)
    if item is None:
        abort(404)
    form = FeedbackAnswerForm()
    if item.status is FeedbackStatus.NEW and form.validate_on_submit():
        try:
            mailed = fb.answer_feedback(current_user, item, form.answer.data)
        except OperationError as error:
            form_error(form, error)
        else:
            db.session.commit()
            if mailed:
                flash(
                    _l("The answer is saved and was sent to %(email)s.", email=item.email),
                    "success",
                )
            elif mailed is None:
                flash(
                    _l("The answer is saved. It was not sent: the sender gave no e-mail address."),
                    "success",
                )
            else:
                flash(
                    _l(
                        "The answer is saved, but the mail to %(email)s could not be sent. "
                        "Please write to the sender yourself.",
                        email=item.email,
                    ),
                    "error",
                )
            return redirect(url_for("admin.feedback_detail", feedback_id=item.id))
    return render_template(
        "admin/feedback_detail.html",
        item=item,
        form=form,
        people=fb.people(item),
        # Linked only when it is a page of this site, whatever ended up in the row.
        page_link=fb.same_site_path(item.page_url),
        answer_entry=fb.answer_entry(item) if item.status is FeedbackStatus.ANSWERED else None,
        statuses=fb.STATUS_LABELS,
    )
